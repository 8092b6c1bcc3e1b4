import type { CellValue } from "../cells";
import { runPipeline } from "../pipeline";
import { addTo, numberAt, setCell, sheet, workbook } from "../../../test/support/grids";
import { at } from "../at";
import type { SheetModel } from "./sheet-model";
import { checkExistingTable } from "./table-check";

const NB = "\u00a0";
const GROUPS = ["000-099", "100-299", "300-399", "400-499", "500-599", "600-699", "700-799", "800-899", "900-999"];

/** A table laid out as 3.1 from each group's [I, II, III, IV] in kroner; sums, netto and V computed. */
function accountRows(groups: number[][]): CellValue[][] {
  const sum = (rows: number[][]) => [0, 1, 2, 3].map((m) => rows.reduce((s, r) => s + at(r, m), 0));
  const line = (label: string, [i = 0, ii = 0, iii = 0, iv = 0]: number[]): CellValue[] => [label, i, ii, iii, iv, iii - i];
  const u = sum(groups.slice(0, 5));
  const i = sum(groups.slice(5));
  return [
    ["Driftsregnskap for kap. 125 Utviklings- og kompetanseetaten"],
    [null, "I", "II", "III", "IV", "V"],
    ["Artsgrupper", "Regnskap 2024", "Dok. 3 2024*", "Regulert bud. 2024", "Regnskap 2023", "Avvik 2024 (III-I)"],
    ...groups.slice(0, 5).map((g, k) => line(`${GROUPS[k]} Gruppe`, g)),
    line("Sum driftsutgifter", u),
    ...groups.slice(5).map((g, k) => line(`${GROUPS[k + 5]} Gruppe`, g)),
    line("Sum driftsinntekter", i),
    line(
      "Kapitlets nettoresultat",
      u.map((x, m) => x + at(i, m)),
    ),
    ["* Bystyret vedtar kun sum driftsutgifter, sum driftsinntekter og nettoresultat pr. kapittel, jf. Dok 3."],
  ];
}

const GOOD = [
  [523_111, 510_000, 530_000, 498_765],
  [210_333, 200_000, 220_000, 190_123],
  [17_007, 20_000, 15_000, 12_345],
  [4_441, 0, 5_000, 3_210],
  [0, 0, 0, 0],
  [-61_001, -50_000, -60_000, -58_888],
  [-7_777, -8_000, -9_000, -6_543],
  [-1_234, 0, 0, -987],
  [0, 0, 0, 0],
];

// Rows: 4–8 the expense groups, 9 Sum driftsutgifter, 10–13 revenue groups, 14 Sum driftsinntekter, 15 netto.
describe("checkExistingTable: account table (3.1 / 3.3)", () => {
  it("a correct table gives no findings", () => {
    expect(checkExistingTable(sheet("T", accountRows(GOOD)))).toEqual({ kind: "account", findings: [] });
  });

  it("a sign error is found at its cell", () => {
    const rows = accountRows(GOOD);
    setCell(rows, 4, 1, -210_333); // 100-299, column I
    const { findings } = checkExistingTable(sheet("T", rows));
    expect(findings).toEqual([expect.objectContaining({ code: "TABLE_SIGN_ERROR", severity: "error", sheet: "T", cell: "B5" })]);
  });

  it("a sign error in column V, in a sheet that starts at C3", () => {
    const rows = accountRows(GOOD);
    setCell(rows, 11, 5, -numberAt(rows, 11, 5));
    const { findings } = checkExistingTable(sheet("T", rows, 2, 2));
    expect(findings).toEqual([expect.objectContaining({ code: "TABLE_SIGN_ERROR", cell: "H14" })]);
  });

  it("a sign error in a sum row, in a table laid out as 3.3", () => {
    const rows = accountRows(GOOD).map((r) =>
      r.map((c) =>
        c === "Sum driftsutgifter"
          ? "Sum investeringsutgifter"
          : c === "Sum driftsinntekter"
            ? "Sum investeringsinntekter"
            : c === "Kapitlets nettoresultat"
              ? "Netto finansieringsbehov"
              : c,
      ),
    );
    setCell(rows, 13, 1, -numberAt(rows, 13, 1)); // I of Sum investeringsinntekter
    expect(checkExistingTable(sheet("T", rows)).findings).toEqual([expect.objectContaining({ code: "TABLE_SIGN_ERROR", cell: "B14" })]);
  });

  it("a 1-krone difference is rounding (info)", () => {
    const rows = accountRows(GOOD);
    addTo(rows, 8, 3, 1); // III of Sum driftsutgifter
    const { findings } = checkExistingTable(sheet("T", rows));
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.code === "TABLE_ROUNDING" && f.severity === "info")).toBe(true);
    expect(findings.map((f) => f.cell)).toContain("D9");
  });

  it("a larger difference is an arithmetic error with both figures", () => {
    const rows = accountRows(GOOD);
    addTo(rows, 8, 1, 1000); // I of Sum driftsutgifter
    const { findings } = checkExistingTable(sheet("T", rows));
    const at = findings.find((f) => f.cell === "B9")!;
    expect(at).toMatchObject({ code: "TABLE_ARITHMETIC", severity: "error", sheet: "T", amount: 100_000 });
    expect(at.message).toContain(`755${NB}892`);
    expect(at.message).toContain(`754${NB}892`);
    expect(findings.every((f) => f.code === "TABLE_ARITHMETIC")).toBe(true);
  });

  it("amounts as Norwegian texts and '-' for empty cells are read", () => {
    const rows = accountRows(GOOD).map((r) => r.map((c) => (typeof c === "number" ? (c === 0 ? "-" : c.toLocaleString("nb-NO")) : c)));
    expect(checkExistingTable(sheet("T", rows)).findings).toEqual([]);
  });

  it("an unreadable amount or no table at all", () => {
    const rows = accountRows(GOOD);
    setCell(rows, 5, 2, "#REF!");
    expect(checkExistingTable(sheet("T", rows)).findings).toEqual([expect.objectContaining({ code: "TABLE_UNREADABLE", cell: "C6" })]);
    expect(checkExistingTable(sheet("T", [["Hei"]])).findings).toEqual([expect.objectContaining({ code: "TABLE_UNREADABLE", cell: "" })]);
  });
});

/** 3.4.1 from [name, nr, VI, VII, VIII]; IX computed. Sub-projects are 8-digit numbers after their parent. */
function projectRows(projects: [string, string, number, number, number][], sum: readonly [number, number, number]): CellValue[][] {
  return [
    [
      "Prosjektnavn",
      "Prosjektnummer",
      "Artsgruppe",
      "Bystyrevedtatt ferdig",
      "Faktisk/forventet ferdig",
      "Dok 3 2024",
      "Reg.budsj. 2024 (inkl. y.disp. fra 2023)",
      "Regnskap 2024",
      "Avvik (VII-VIII)",
    ],
    ...projects.map(([name, nr, vi, vii, viii]): CellValue[] => [name, nr, "000-599", "2025", "2025", vi, vii, viii, vii - viii]),
    ["Sum kap.125", null, null, null, null, sum[0], sum[1], sum[2], sum[1] - sum[2]],
  ];
}

const PROJECTS: [string, string, number, number, number][] = [
  ["Hoved", "118011", 3_000, 3_500, 2_100],
  ["Del 1", "11801101", 1_000, 1_500, 1_300],
  ["Del 2", "11801102", 2_000, 2_000, 800],
  ["Annet", "122006", 700, 900, 333],
];
const PROJECT_SUM = [3_700, 4_400, 2_433] as const;

describe("checkExistingTable: project table (3.4.1)", () => {
  it("a correct table with sub-projects gives no findings", () => {
    expect(checkExistingTable(sheet("P", projectRows(PROJECTS, PROJECT_SUM)))).toEqual({ kind: "project", findings: [] });
  });
  it("a sign error in a sub-project is found at its cell", () => {
    const p = PROJECTS.map((x) => [...x]) as typeof PROJECTS;
    const rows = projectRows(p, PROJECT_SUM);
    setCell(rows, 2, 7, -1_300);
    setCell(rows, 2, 8, 1_500 - 1_300);
    expect(checkExistingTable(sheet("P", rows)).findings).toEqual([expect.objectContaining({ code: "TABLE_SIGN_ERROR", severity: "error", cell: "H3" })]);
  });
  it("1 krone off the Sum row is rounding; more is an error with both figures", () => {
    expect(checkExistingTable(sheet("P", projectRows(PROJECTS, [3_701, 4_400, 2_433]))).findings).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: "TABLE_ROUNDING", severity: "info", cell: "F6" })]),
    );
    const f = checkExistingTable(sheet("P", projectRows(PROJECTS, [3_700, 4_400, 2_533]))).findings.find((x) => x.cell === "H6")!;
    expect(f).toMatchObject({ code: "TABLE_ARITHMETIC", severity: "error", amount: 10_000 });
    expect(f.message).toContain(`2${NB}533`);
    expect(f.message).toContain(`2${NB}433`);
  });
});

/** 3.4.2 from [label, kat1..kat4]; Sum prosjekt computed. */
function categoryRows(rows: [string, number, number, number, number][], sum: number[]): CellValue[][] {
  return [
    [
      null,
      "1. Periodiseringsavvik, men innenfor vedtatt tidsramme",
      "2. Reelle netto besparelser på ferdige prosjekter",
      "3. Reelle forsinkelser iht. vedtatt tidsplan",
      "4. Uforutsigbare avsetninger",
      "Sum prosjekt",
    ],
    ...rows.map(([label, ...k]): CellValue[] => [label, ...k, k.reduce((s, x) => s + x, 0)]),
    ["Sum", ...sum, sum.reduce((s, x) => s + x, 0)],
  ];
}

const CATEGORIES: [string, number, number, number, number][] = [
  ["118011-Hoved", 200, 1_200, 0, 0],
  ["11801101-Del 1", 200, 0, 0, 0],
  ["11801102-Del 2", 0, 1_200, 0, 0],
  ["122006-Annet", 0, 0, 567, 0],
];

describe("checkExistingTable: category table (3.4.2)", () => {
  it("a correct table with sub-projects gives no findings", () => {
    expect(checkExistingTable(sheet("K", categoryRows(CATEGORIES, [200, 1_200, 567, 0])))).toEqual({ kind: "category", findings: [] });
  });
  it("a sign error is found at its cell", () => {
    const c = CATEGORIES.map((x) => [...x]) as typeof CATEGORIES;
    setCell(c, 3, 3, -567);
    const rows = categoryRows(c, [200, 1_200, 567, 0]);
    setCell(rows, 4, 5, 567);
    expect(checkExistingTable(sheet("K", rows)).findings).toEqual([expect.objectContaining({ code: "TABLE_SIGN_ERROR", cell: "D5" })]);
  });
  it("1 krone is rounding, more an error", () => {
    const rows = categoryRows(CATEGORIES, [200, 1_200, 567, 0]);
    addTo(rows, 5, 5, 1);
    expect(checkExistingTable(sheet("K", rows)).findings).toEqual([expect.objectContaining({ code: "TABLE_ROUNDING", cell: "F6" })]);
    addTo(rows, 5, 5, 9);
    const f = checkExistingTable(sheet("K", rows)).findings;
    expect(f).toEqual(expect.arrayContaining([expect.objectContaining({ code: "TABLE_ARITHMETIC", severity: "error", cell: "F6", amount: 1_000 })]));
    expect(f[0]?.message).toContain(`1${NB}977`);
    expect(f[0]?.message).toContain(`1${NB}967`);
  });
});

describe("checkExistingTable on the engine's own report sheets", () => {
  // Whole kroner everywhere, so no rounding can show.
  const inv = (prosjekt: number, regulert: number, regnskap: number) =>
    [
      { del: "I", art: "020", prosjekt, belop: regnskap },
      { del: "I", art: "020", prosjekt, regulert, dok3: regulert },
    ] as const;
  const lines = [inv(118011, 300, 100), inv(11801101, 1000, 400), inv(11801102, 500, 0), inv(122006, 700, 900)];
  const report = runPipeline({
    grids: workbook({
      ledger: [...lines.map((l) => l[0]), { art: "010", belop: 1234 }, { art: "620", belop: -200 }],
      budget: [...lines.map((l) => l[1]), { art: "010", dok3: 1000, regulert: 1300 }, { art: "620", dok3: -150, regulert: -150 }],
      projects: [
        { nr: 118011, navn: "Hoved" },
        { nr: 11801101, navn: "Del 1" },
        { nr: 11801102, navn: "Del 2", status: "Ferdig" },
        { nr: 122006, navn: "Annet" },
      ],
    }),
  });
  const asGrid = (m: SheetModel) =>
    sheet(
      m.name,
      m.rows.map((r) => r.map((c) => (c ? c.value : null))),
    );

  it.each([["3.1"], ["3.3"], ["3.4.1"], ["3.4.2"]])("table %s checks clean", (id) => {
    const model = report.sheets.find((s) => s.tableId === id)!;
    expect(model).toBeDefined();
    const { kind, findings } = checkExistingTable(asGrid(model));
    expect(kind).toBe(id === "3.4.1" ? "project" : id === "3.4.2" ? "category" : "account");
    expect(findings).toEqual([]);
  });
});
