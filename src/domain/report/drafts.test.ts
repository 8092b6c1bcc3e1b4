import type { BudgetChange } from "../input";
import { Ore } from "../money";
import { accountDrafts, agencyInitials, budgetChangeSentence, categoryDrafts, changeSentence, deviationSentence, DraftContext, isMaterial, projectDrafts, subject } from "./drafts";
import type { AccountRow, AccountTable, CategoryRow, CategoryTable, ProjectRow, ProjectTable } from "./tables";

const kr = (k: number) => Math.round(k * 100) as Ore;
const ctx: DraftContext = { year: 2022, chapter: 125, agency: "Utviklings- og kompetanseetaten" };

function change(p: Partial<BudgetChange>): BudgetChange {
  return { part: "drift", sak: "", date: "", amount: kr(0), ydisp: false, project: null, description: "", row: 1, sheet: "Reguleringer", ...p };
}

function accRow(key: string, label: string, kind: AccountRow["kind"], i: number, ii: number, iii: number): AccountRow {
  return { key, label, kind, amounts: { regnskap: kr(i), dok3: kr(ii), regulert: kr(iii), regnskapFjor: kr(0) } };
}

describe("agency short name", () => {
  test.each([
    ["Utviklings- og kompetanseetaten", "UKE"],
    ["Plan- og bygningsetaten", "PBE"],
    ["Oslo kommune Bydel Frogner", "OKBF"],
    ["", ""],
  ])("%s → %s", (agency, short) => expect(agencyInitials(agency)).toBe(short));

  test("settings.agencyShort wins; the chapter goes first", () => {
    expect(subject(ctx)).toBe("Kap. 125 UKE");
    expect(subject({ ...ctx, agencyShort: "Uke-etaten" })).toBe("Kap. 125 Uke-etaten");
    expect(subject({ ...ctx, chapter: undefined })).toBe("UKE");
  });
});

describe("sentences", () => {
  test("deviation: positive when avvik > 0, millions with one decimal and a comma", () => {
    expect(deviationSentence(kr(42_327_884.6), ctx)).toBe("Kap. 125 UKE viser et positivt avvik på 42,3 mill. i forhold til regulert budsjett.");
    expect(deviationSentence(kr(-1_250_000), ctx)).toBe("Kap. 125 UKE viser et negativt avvik på 1,3 mill. i forhold til regulert budsjett.");
    expect(deviationSentence(kr(40_000), ctx)).toMatch(/ikke noe avvik av betydning/);
  });

  test("budget increased or reduced", () => {
    expect(budgetChangeSentence(kr(704_551_000), kr(754_473_000))).toBe("Budsjettet er økt fra 704,6 mill. til 754,5 mill., en økning på 49,9 mill.");
    expect(budgetChangeSentence(kr(100_000_000), kr(90_000_000))).toBe("Budsjettet er redusert fra 100,0 mill. til 90,0 mill., en reduksjon på 10,0 mill.");
    expect(budgetChangeSentence(kr(5_000_000), kr(5_000_000))).toMatch(/ikke endret/);
  });

  test("one sentence per budget change, YDISP in its own form", () => {
    expect(changeSentence(change({ sak: "Byrådssak 119/22", amount: kr(34_522_000), description: "Mindreforbruk 2021, lønns- og priskompensasjon" }), ctx)).toBe(
      "I byrådssak 119/22 fikk UKE tilført 34,5 mill. (Mindreforbruk 2021, lønns- og priskompensasjon).",
    );
    expect(changeSentence(change({ part: "investering", sak: "YDISP 2021", amount: kr(65_492_000), ydisp: true }), ctx)).toBe(
      "Ubrukte investeringsmidler fra 2021 (YDISP) på 65,5 mill. ble overført.",
    );
    expect(changeSentence(change({ sak: "Byrådssak 3.11.22", amount: kr(4_000_000), project: "118025", description: "Sikker tilgangsstyring" }), ctx)).toBe(
      "I byrådssak 3.11.22 fikk UKE tilført 4,0 mill. til prosjekt 118025 (Sikker tilgangsstyring).",
    );
    expect(changeSentence(change({ sak: "Byrådssak 9/22", amount: kr(-2_000_000) }), ctx)).toBe("I byrådssak 9/22 ble UKEs budsjett redusert med 2,0 mill.");
  });

  test("materiality: an amount, or a percent of regulert budsjett; at the threshold counts", () => {
    expect(isMaterial(kr(500_000), kr(1), { kind: "amount", ore: kr(500_000) })).toBe(true);
    expect(isMaterial(kr(-499_999), kr(1), { kind: "amount", ore: kr(500_000) })).toBe(false);
    expect(isMaterial(kr(-50), kr(1000), { kind: "percent", percent: 5 })).toBe(true);
    expect(isMaterial(kr(49), kr(1000), { kind: "percent", percent: 5 })).toBe(false);
    expect(isMaterial(kr(0), kr(0), { kind: "percent", percent: 5 })).toBe(false);
  });
});

const driftGroups = [
  accRow("000-099", "000-099 Lønn og sosiale utgifter", "group", 397_241_237, 338_815_000, 417_403_018),
  accRow("100-299", "100-299 Kjøp av varer og tjenester", "group", 825_667_074, 918_547_000, 788_719_497),
  accRow("600-699", "600-699 Salgsinntekter", "group", -510_763_196, -552_811_000, -451_649_515),
];
const driftSums = {
  sumUtgifter: accRow("sumUtgifter", "Sum driftsutgifter", "sum", 397_241_237 + 825_667_074, 338_815_000 + 918_547_000, 417_403_018 + 788_719_497),
  sumInntekter: accRow("sumInntekter", "Sum driftsinntekter", "sum", -510_763_196, -552_811_000, -451_649_515),
  netto: accRow("netto", "Kapitlets nettoresultat", "netto", 712_145_115, 704_551_000, 754_473_000),
};
const drift: AccountTable = {
  id: "3.1",
  part: "drift",
  groups: driftGroups,
  ...driftSums,
  rows: [...driftGroups.slice(0, 2), driftSums.sumUtgifter, ...driftGroups.slice(2), driftSums.sumInntekter, driftSums.netto],
};

describe("table drafts", () => {
  test("3.1: deviation, budget change, one sentence per change of the part, the rows to explain", () => {
    const changes = [
      change({ sak: "Byrådssak 119/22", amount: kr(34_522_000), description: "Mindreforbruk 2021" }),
      change({ part: "investering", sak: "YDISP 2021", amount: kr(65_492_000), ydisp: true }),
    ];
    const lines = accountDrafts(drift, { ...ctx, changes, materiality: { kind: "amount", ore: kr(30_000_000) } });
    expect(lines).toEqual([
      "Kap. 125 UKE viser et positivt avvik på 42,3 mill. i forhold til regulert budsjett.",
      "Budsjettet er økt fra 704,6 mill. til 754,5 mill., en økning på 49,9 mill.",
      "I byrådssak 119/22 fikk UKE tilført 34,5 mill. (Mindreforbruk 2021).",
      "Avvik på eller over vesentlighetsgrensen (30,0 mill.) som må forklares:",
      "– 100-299 Kjøp av varer og tjenester: negativt avvik på 36,9 mill.",
      "– 600-699 Salgsinntekter: positivt avvik på 59,1 mill.",
    ]);
    // No materiality set: no list.
    expect(accountDrafts(drift, ctx)).toHaveLength(2);
    expect(accountDrafts(drift, { ...ctx, materiality: { kind: "percent", percent: 50 } })).toContain(
      "Ingen avvik er på eller over vesentlighetsgrensen (50 % av regulert budsjett).",
    );
  });

  test("3.4.1: the total and the top-level projects to explain", () => {
    const p = (key: string, label: string, parent: string | null, regulert: number, regnskap: number): ProjectRow => ({
      key,
      label,
      parent,
      isParent: false,
      inRegister: true,
      groups: "100-299",
      vedtattFerdig: "",
      forventetFerdig: "",
      amounts: { dok3: kr(0), regulert: kr(regulert), regnskap: kr(regnskap) },
      comment: "",
    });
    const t: ProjectTable = {
      rows: [
        { ...p("118011", "Nettverk", null, 17_890_000, 10_577_147), isParent: true },
        p("11801101", "Migrering", "118011", 8_035_000, 3_560_606),
        p("122004", "Lønn", null, 4_400_000, 4_300_000),
      ],
      sum: { dok3: kr(0), regulert: kr(22_290_000), regnskap: kr(14_877_147) },
    };
    expect(projectDrafts(t, { ...ctx, materiality: { kind: "amount", ore: kr(1_000_000) } })).toEqual([
      "Kap. 125 UKE viser et positivt avvik på 7,4 mill. på investeringsprosjektene i forhold til regulert budsjett.",
      "Avvik på eller over vesentlighetsgrensen (1,0 mill.) som må forklares:",
      "– 118011 Nettverk: positivt avvik på 7,3 mill.",
    ]);
  });

  test("3.4.2: one line per category with its sum and projects", () => {
    const r = (key: string, label: string, [k1, k2, k3, k4]: readonly [number, number, number, number], isParent = false): CategoryRow => ({
      key,
      label: `${key}-${label}`,
      parent: null,
      isParent,
      amounts: { split: { 1: kr(k1), 2: kr(k2), 3: kr(k3), 4: kr(k4) }, total: kr(k1 + k2 + k3 + k4) },
      suggested: 1,
      reason: "",
      applied: null,
      avvik: kr(k1 + k2 + k3 + k4),
    });
    const t: CategoryTable = {
      rows: [
        r("118011", "Parent", [2_838_459, 4_474_394, 0, 0], true),
        r("11801101", "Migrering", [0, 4_474_394, 0, 0]),
        r("11801102", "Nettverk", [2_838_459, 0, 0, 0]),
        r("122004", "=SUM(A1)", [1_000_000, 0, 0, 0]),
      ],
      sum: { split: { 1: kr(3_838_459), 2: kr(4_474_394), 3: kr(0), 4: kr(0) }, total: kr(8_312_853) },
    };
    expect(categoryDrafts(t)).toEqual([
      "1. Periodiseringsavvik, men innenfor vedtatt tidsramme: 3,8 mill. – 11801102 Nettverk (2,8 mill.), 122004 =SUM(A1) (1,0 mill.).",
      "2. Reelle netto besparelser på ferdige prosjekter: 4,5 mill. – 11801101 Migrering (4,5 mill.).",
      "3. Reelle forsinkelser iht. vedtatt tidsplan: ingen prosjekter.",
      "4. Uforutsigbare avsetninger: ingen prosjekter.",
    ]);
  });
});
