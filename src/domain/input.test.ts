import { cellError, ymdToSerial, type CellValue } from "./cells";
import { FindingSink } from "./finding-sink";
import { GridReader, parseChapter, parseMateriality, parseOppsett, parsePart, parseProject, parseProsjekter, parseReguleringer, readAmount } from "./input";
import { detectLayout } from "./layout";
import { InputError, runPipeline } from "./pipeline";
import { at } from "./at";
import { accountColumns } from "./report/columns";
import { changeSheet, ledgerSheet, oppsettSheet, projectSheet, sheet, workbook } from "../../test/support/grids";

const read = (v: CellValue) => {
  const sink = new FindingSink();
  const r = readAmount(v, "Regnskap", "F7", sink);
  return { r, findings: sink.findings(() => "") };
};

describe("readAmount", () => {
  it.each<[CellValue, number]>([
    [1234.5, 123450],
    [-0.01, -1],
    ["1 234 567,89", 123456789],
    ["1\u00a0234\u00a0567,89", 123456789],
    ["1\u202f234\u202f567,89", 123456789],
    ["-5 000", -500000],
    ["\u22125 000", -500000],
    ["(5 000)", -500000],
    ["kr 1 200", 120000],
    ["1.234.567,89", 123456789],
  ])("%j is %d øre with no finding", (v, o) => {
    const { r, findings } = read(v);
    expect(r).toMatchObject({ ok: true, ore: o });
    expect(findings).toEqual([]);
  });

  it.each<[CellValue]>([["12,34,56"], ["1.2.3"], ["31.12.2024"], ["abc"], [true], [{ kind: "date", serial: ymdToSerial(2024, 1, 2) }]])(
    "%j is AMOUNT_INVALID at its cell, never zero",
    (v) => {
      const { r, findings } = read(v);
      expect(r).toEqual({ ok: false, blank: false });
      expect(findings).toEqual([expect.objectContaining({ code: "AMOUNT_INVALID", severity: "error", sheet: "Regnskap", cell: "F7" })]);
      expect(findings[0]?.message).toContain("Regnskap!F7");
    },
  );

  it.each<[CellValue]>([["#N/A"], ["#REF!"], ["#VALUE!"], [" #div/0! "], [cellError("#N/A")], [cellError("#NAME?")]])("%j is CELL_ERROR at its cell", (v) => {
    const { r, findings } = read(v);
    expect(r.ok).toBe(false);
    expect(findings).toEqual([expect.objectContaining({ code: "CELL_ERROR", severity: "error", sheet: "Regnskap", cell: "F7" })]);
  });

  it("a blank is blank, with no finding", () => {
    expect(read(null)).toEqual({ r: { ok: false, blank: true }, findings: [] });
    expect(read("  ")).toEqual({ r: { ok: false, blank: true }, findings: [] });
  });

  it("fractions of an øre are rounded with a warning", () => {
    const { r, findings } = read(0.125);
    expect(r).toMatchObject({ ok: true, ore: 13, rounded: true });
    expect(findings.map((f) => f.code)).toEqual(["ORE_FRACTION"]);
  });
});

describe("parsePart (Del)", () => {
  it.each<[CellValue, string | undefined]>([
    ["Drift", "drift"],
    ["drift", "drift"],
    ["D", "drift"],
    ["Investering", "investering"],
    ["I", "investering"],
    ["Inv", "investering"],
    ["inv.", "investering"],
    [null, undefined],
    ["", undefined],
  ])("%j → %j", (v, part) => {
    expect(parsePart(v)).toBe(part);
  });
  it.each<[CellValue]>([["Annet"], ["X"], [1]])("%j is refused", (v) => {
    expect(parsePart(v)).toBeNull();
  });
});

describe("parseProject", () => {
  it.each<[CellValue, string | null]>([
    [122006, "122006"],
    ["122006", "122006"],
    [11801101, "11801101"],
    [" 11801101 ", "11801101"],
    [null, null],
    ["", null],
  ])("%j → %j", (v, nr) => {
    expect(parseProject(v)).toEqual({ ok: true, nr });
  });
  it.each<[CellValue]>([[12345], ["1234567"], ["123456789"], ["12A456"], [cellError("#REF!")]])("%j is refused", (v) => {
    expect(parseProject(v).ok).toBe(false);
  });
});

describe("parseChapter", () => {
  it("reads 3–4 digit chapters", () => {
    expect(parseChapter(125)).toBe(125);
    expect(parseChapter("Kap. 125")).toBe(125);
    expect(parseChapter("1250")).toBe(1250);
    expect(parseChapter(null)).toBeUndefined();
    expect(parseChapter("12")).toBeNull();
    expect(parseChapter(12.5)).toBeNull();
  });
});

describe("Oppsett", () => {
  const settingsOf = (entries: [string, CellValue][]) => {
    const grid = oppsettSheet(entries);
    const d = detectLayout([grid]).sheets.oppsett!;
    const sink = new FindingSink();
    return { settings: parseOppsett(new GridReader(grid), d, sink), findings: sink.findings(() => "") };
  };

  it("reads every key", () => {
    const { settings, findings } = settingsOf([
      ["Rapportår", 2024],
      ["Kapittel", "125"],
      ["Virksomhet", "Utviklings- og kompetanseetaten"],
      ["Vedtatt sum driftsutgifter", "704 500 000"],
      ["Vedtatt sum driftsinntekter", -1000],
      ["Vedtatt netto drift", 703_499_000],
      ["Vedtatt sum investeringsutgifter", 10],
      ["Vedtatt sum investeringsinntekter", "-10"],
      ["Vedtatt netto finansieringsbehov", 0],
      ["Vesentlighetsgrense", "500 000"],
      ["Interne arter i prosjekt", "790, 795"],
      ["Noe annet", "ignored"],
    ]);
    expect(findings).toEqual([]);
    expect(settings).toEqual({
      year: 2024,
      chapter: 125,
      agency: "Utviklings- og kompetanseetaten",
      materiality: { kind: "amount", ore: 50_000_000 },
      internalArter: ["790", "795"],
      adopted: {
        driftUtgifter: 70_450_000_000,
        driftInntekter: -100_000,
        driftNetto: 70_349_900_000,
        investeringUtgifter: 1000,
        investeringInntekter: -1000,
        investeringNetto: 0,
      },
    });
  });

  it.each<[CellValue, object]>([
    ["5 %", { kind: "percent", percent: 5 }],
    ["2,5%", { kind: "percent", percent: 2.5 }],
    [250000, { kind: "amount", ore: 25_000_000 }],
    // "5 %" typed in Excel is the number 0.05 with a percent format: read as 5 %.
    [0.05, { kind: "percent", percent: 5 }],
    [0.025, { kind: "percent", percent: 2.5 }],
    ["kr 1 000 000", { kind: "amount", ore: 100_000_000 }],
  ])("Vesentlighetsgrense %j", (v, m) => {
    expect(parseMateriality(v)).toEqual(m);
  });

  it("reports values it cannot use", () => {
    const { settings, findings } = settingsOf([
      ["Rapportår", "i fjor"],
      ["Vesentlighetsgrense", "mye"],
      ["Interne arter i prosjekt", "790, l95"],
      ["Interne arter i prosjekt", "790, 890"],
    ]);
    expect(settings.year).toBeUndefined();
    expect(settings.materiality).toBeUndefined();
    expect(settings.internalArter).toBeUndefined();
    expect(findings.map((f) => [f.code, f.cell])).toEqual([
      ["SETTING_INVALID", "B2"],
      ["SETTING_INVALID", "B3"],
      ["SETTING_INVALID", "B4"],
      ["SETTING_INVALID", "B5"],
    ]);
  });
});

describe("Prosjekter", () => {
  const registerOf = (grid = projectSheet([])) => {
    const d = detectLayout([grid]).sheets.prosjekter!;
    const sink = new FindingSink();
    return { register: parseProsjekter(new GridReader(grid), d, sink), findings: sink.findings(() => "") };
  };

  it("reads dates, status, type, override and split; a sub-project's parent is its first six digits", () => {
    const { register, findings } = registerOf(
      projectSheet([
        { nr: 118011, navn: "Hoved", vedtattFerdig: "2/2025", forventetFerdig: "Løpende", status: "Pågående", type: "Ordinær", kategori: 3 },
        { nr: "11801101", navn: "Del 1", kat: [100, "200,50", null, "(50)"] },
      ]),
    );
    expect(findings).toEqual([]);
    expect(register.get("118011")).toMatchObject({
      name: "Hoved",
      parent: null,
      status: "pagaende",
      type: "ordinaer",
      category: 3,
      vedtattFerdig: { kind: "date", lastDay: 20250630 },
      forventetFerdig: { kind: "ongoing" },
    });
    expect(register.get("11801101")).toMatchObject({ parent: "118011", split: [10000, 20050, 0, -5000] });
  });

  it("CATEGORY_INVALID for an override 5, at the Kategori cell", () => {
    const { register, findings } = registerOf(projectSheet([{ nr: 122006, navn: "X", kategori: 5 }]));
    expect(register.get("122006")?.category).toBeUndefined();
    expect(findings).toEqual([expect.objectContaining({ code: "CATEGORY_INVALID", severity: "error", sheet: "Prosjekter", cell: "H2" })]);
  });

  it("PROJECT_DUPLICATE_NAME when a number appears twice with different names; the same name twice is fine", () => {
    const { findings } = registerOf(
      projectSheet([
        { nr: 122006, navn: "A" },
        { nr: 122006, navn: "A" },
        { nr: 122007, navn: "B" },
        { nr: "122007", navn: "C" },
      ]),
    );
    expect(findings).toEqual([expect.objectContaining({ code: "PROJECT_DUPLICATE_NAME", severity: "error", sheet: "Prosjekter", cell: "A5" })]);
  });

  it("PROJECT_INVALID for a number of the wrong length, and DATE_INVALID for a date it cannot read", () => {
    const { register, findings } = registerOf(
      projectSheet([
        { nr: 1220061, navn: "X" },
        { nr: 122006, navn: "Y", forventetFerdig: "snart" },
      ]),
    );
    expect([...register.keys()]).toEqual(["122006"]);
    expect(findings.map((f) => [f.code, f.cell])).toEqual([
      ["PROJECT_INVALID", "A2"],
      ["DATE_INVALID", "E3"],
    ]);
  });
});

describe("Reguleringer", () => {
  it("reads changes; YDISP is investment by default; a bad Del is reported", () => {
    const grid = changeSheet([
      { del: "Drift", sak: "Byrådssak 119/22", belop: "34 500 000" },
      { sak: "YDISP fra 2023", belop: 1000, type: "YDISP" },
      { del: "Annet", sak: "x", belop: 5 },
    ]);
    const d = detectLayout([grid]).sheets.reguleringer!;
    const sink = new FindingSink();
    const changes = parseReguleringer(new GridReader(grid), d, sink);
    expect(changes.map((c) => [c.part, c.amount, c.ydisp])).toEqual([
      ["drift", 3_450_000_000, false],
      ["investering", 100_000, true],
    ]);
    expect(sink.findings(() => "").map((f) => [f.code, f.cell])).toEqual([["PART_INVALID", "A4"]]);
  });
});

/** Regnskap I (report year) and IV (year before) of one group row of 3.1 or 3.3. */
const cellsOf = (grids: Parameters<typeof runPipeline>[0]["grids"], table: "3.1" | "3.3", key: string) => {
  const r = runPipeline({ grids });
  return accountColumns(r.tables[table].rows.find((x) => x.key === key)!.amounts);
};

describe("ledger forms through the pipeline", () => {
  const opp = oppsettSheet([
    ["Rapportår", 2024],
    ["Kapittel", 125],
  ]);

  it("Periode counts by its first four digits; Regnskapsår as År", () => {
    const grid = sheet("Regnskap", [
      ["Konto", "Periode", "Beløp i kr"],
      ["010", 202403, 100],
      ["010", "202312", 7],
      ["010", 202201, 1000],
    ]);
    expect(cellsOf([opp, grid], "3.1", "000-099")).toEqual([10000, 0, 0, 700, -10000]);
    const grid2 = sheet("Regnskap", [
      ["Artskonto", "Regnskapsår", "Sum"],
      ["010", 2024, 1],
      ["010", "2023", 2],
    ]);
    expect(cellsOf([opp, grid2], "3.1", "000-099")).toEqual([100, 0, 0, 200, -100]);
  });

  it("the ambiguous Regnskap column: part beside Beløp, amount alone", () => {
    const asPart = sheet("Regnskap", [
      ["Art", "Regnskap", "År", "Beløp"],
      ["010", "Investering", 2024, 5],
      ["010", "D", 2024, 3],
    ]);
    expect(cellsOf([opp, asPart], "3.3", "000-099")[0]).toBe(500);
    expect(cellsOf([opp, asPart], "3.1", "000-099")[0]).toBe(300);
    const asAmount = sheet("Regnskap", [
      ["Art", "Del", "År", "Regnskap"],
      ["010", "I", 2024, "1 000"],
    ]);
    expect(cellsOf([opp, asAmount], "3.3", "000-099")[0]).toBe(100000);
  });

  it("wide Regnskap 2024 / Regnskap 2023 columns fill I and IV", () => {
    const grid = sheet("Regnskap", [
      ["Art", "Regnskap 2024", "Regnskap 2023"],
      ["10", 10, "20,5"],
      ["100-299 Kjøp av varer", 1, null],
    ]);
    const r = runPipeline({ grids: [opp, grid] });
    expect(r.tables["3.1"].rows.find((x) => x.key === "000-099")!.amounts).toEqual({ regnskap: 1000, dok3: 0, regulert: 0, regnskapFjor: 2050 });
    expect(r.tables["3.1"].rows.find((x) => x.key === "100-299")!.amounts.regnskap).toBe(100);
  });

  it("budget long form Budsjettype (Dok. 3 / Regulert) + Beløp", () => {
    const ledger = ledgerSheet([{ art: "010", belop: 1 }]);
    const budget = sheet("Budsjett", [
      ["Art", "Budsjettype", "Beløp"],
      ["010", "Dok. 3", 100],
      ["010", "Regulert", 150],
      ["010", "Ukjent", 9],
    ]);
    const r = runPipeline({ grids: [opp, ledger, budget] });
    expect(accountColumns(at(r.tables["3.1"].rows, 0).amounts)).toEqual([100, 10000, 15000, 0, 14900]);
    expect(r.findings).toContainEqual(expect.objectContaining({ code: "BUDGET_TYPE_INVALID", sheet: "Budsjett", cell: "B4" }));
  });

  it("an empty Del is Drift; Kapittel empty takes Oppsett's", () => {
    const r = runPipeline({
      grids: workbook({
        ledger: [
          { art: "010", belop: 4 },
          { kap: 125, del: "Drift", art: "010", belop: 6 },
        ],
      }),
    });
    expect(r.tables["3.1"].rows[0]?.amounts.regnskap).toBe(1000);
  });
});

describe("sums beyond exact øre", () => {
  it("each amount may be exact and the sum not: the run stops with one clear sentence", () => {
    // 50,000 billion kroner twice: each fits in a safe integer of øre, their sum does not.
    const grids = [
      oppsettSheet([["Rapportår", 2024]]),
      ledgerSheet([
        { art: "010", belop: 5e13 },
        { art: "010", belop: 5e13 },
      ]),
    ];
    expect(() => runPipeline({ grids })).toThrow(InputError);
    expect(() => runPipeline({ grids })).toThrow(/for store til å regnes eksakt/);
    // One of them alone is fine.
    expect(runPipeline({ grids: [at(grids, 0), ledgerSheet([{ art: "010", belop: 5e13 }])] }).tables["3.1"].rows[0]?.amounts.regnskap).toBe(5e15);
  });
});
