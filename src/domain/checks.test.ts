import { cellError } from "./cells";
import type { Finding, FindingCode } from "./findings";
import { runPipeline } from "./pipeline";
import { runChecks } from "./checks";
import { at } from "./at";
import { categoryColumns } from "./report/columns";
import { budgetSheet, ledgerSheet, oppsettSheet, sheet, workbook, type WorkbookSpec } from "../../test/support/grids";

const run = (spec: WorkbookSpec) => runPipeline({ grids: workbook(spec) });
const of = (spec: WorkbookSpec, code: FindingCode): Finding[] => run(spec).findings.filter((f) => f.code === code);
const NB = "\u00a0";

// Ledger columns: A Kapittel, B Del, C Art, D Prosjekt, E År, F Beløp; data from row 2.

describe("AMOUNT_INVALID", () => {
  it("an amount that is no Norwegian number is an error at its cell, with the text", () => {
    const f = of(
      {
        ledger: [
          { art: "010", belop: 5 },
          { art: "010", belop: "12,34,56" },
        ],
      },
      "AMOUNT_INVALID",
    );
    expect(f).toEqual([expect.objectContaining({ severity: "error", sheet: "Regnskap", cell: "F3" })]);
    expect(f[0]?.message).toContain("12,34,56");
  });
  it("not for a Norwegian number text", () => {
    expect(of({ ledger: [{ art: "010", belop: "1 234,50" }] }, "AMOUNT_INVALID")).toEqual([]);
  });
});

describe("CELL_ERROR", () => {
  it("an Excel error value (object or text) in the amount or the art", () => {
    const f = of(
      {
        ledger: [
          { art: "010", belop: cellError("#N/A") },
          { art: "010", belop: "#REF!" },
          { art: cellError("#VALUE!"), belop: 5 },
        ],
      },
      "CELL_ERROR",
    );
    expect(f.map((x) => [x.severity, x.sheet, x.cell])).toEqual([
      ["error", "Regnskap", "F2"],
      ["error", "Regnskap", "F3"],
      ["error", "Regnskap", "C4"],
    ]);
  });
  it("an error text in the art, and an error value in the budget", () => {
    const f = of(
      {
        ledger: [
          { art: "#N/A", belop: 5 },
          { kap: cellError("#REF!"), art: "010", belop: 5 },
        ],
        budget: [{ art: "010", dok3: "#DIV/0!", regulert: cellError("#NAME?") }],
      },
      "CELL_ERROR",
    );
    expect(f.map((x) => [x.severity, x.sheet, x.cell])).toEqual([
      ["error", "Regnskap", "C2"],
      ["error", "Regnskap", "A3"],
      ["error", "Budsjett", "E2"],
      ["error", "Budsjett", "F2"],
    ]);
  });
  it("not for numbers", () => {
    expect(of({ ledger: [{ art: "010", belop: 5 }] }, "CELL_ERROR")).toEqual([]);
  });
});

describe("ART_INVALID", () => {
  it.each([["l20"], ["1000"], ["-10"], ["10.5"]])("%j is an error at the art cell", (art) => {
    expect(of({ ledger: [{ art, belop: 5 }] }, "ART_INVALID")).toEqual([expect.objectContaining({ severity: "error", sheet: "Regnskap", cell: "C2" })]);
  });
  it("not for 120, 10 or 11500", () => {
    expect(
      of(
        {
          ledger: [
            { art: "120", belop: 5 },
            { art: 10, belop: 5 },
            { art: "11500", belop: 5 },
          ],
        },
        "ART_INVALID",
      ),
    ).toEqual([]);
  });
});

describe("ART_UNKNOWN", () => {
  it("an art not in the KOSTRA kontoplan is a warning at its first cell", () => {
    const f = of(
      {
        ledger: [
          { art: "010", belop: 1 },
          { art: "011", belop: 5 },
          { art: "011", belop: 5 },
        ],
      },
      "ART_UNKNOWN",
    );
    expect(f).toEqual([expect.objectContaining({ severity: "warning", sheet: "Regnskap", cell: "C3", count: 2 })]);
  });
  it("not for a KOSTRA art", () => {
    expect(of({ ledger: [{ art: "010", belop: 5 }] }, "ART_UNKNOWN")).toEqual([]);
  });
});

describe("ART_WRONG_PART", () => {
  it("an investment-only art in drift, and a drift-only art in investering", () => {
    const f = of(
      {
        ledger: [
          { art: "512", belop: 5 },
          { del: "Investering", art: "110", belop: 5, prosjekt: 122006 },
        ],
      },
      "ART_WRONG_PART",
    );
    expect(f.map((x) => [x.severity, x.sheet, x.cell])).toEqual([
      ["warning", "Regnskap", "C2"],
      ["warning", "Regnskap", "C3"],
    ]);
  });
  it("not when the art is in its own part", () => {
    expect(
      of(
        {
          ledger: [
            { del: "I", art: "512", belop: 5, prosjekt: 122006 },
            { art: "110", belop: 5 },
          ],
        },
        "ART_WRONG_PART",
      ),
    ).toEqual([]);
  });
});

describe("AMOUNT_WITHOUT_ART", () => {
  it("an amount with no art is an error at the art cell", () => {
    expect(of({ ledger: [{ art: null, belop: 5 }] }, "AMOUNT_WITHOUT_ART")).toEqual([expect.objectContaining({ severity: "error", sheet: "Regnskap", cell: "C2" })]);
  });
  it("not when the art is there", () => {
    expect(of({ ledger: [{ art: "010", belop: 5 }] }, "AMOUNT_WITHOUT_ART")).toEqual([]);
  });
});

describe("ART_WITHOUT_AMOUNT", () => {
  it("an art with no amount is an error", () => {
    expect(
      of(
        {
          ledger: [
            { art: "010", belop: 5 },
            { art: "020", belop: null },
          ],
        },
        "ART_WITHOUT_AMOUNT",
      ),
    ).toEqual([expect.objectContaining({ severity: "error", sheet: "Regnskap", cell: "C3" })]);
  });
  it("not for a fully blank row", () => {
    expect(
      of(
        {
          ledger: [
            { art: null, belop: null, aar: null },
            { art: "010", belop: 0 },
          ],
        },
        "ART_WITHOUT_AMOUNT",
      ),
    ).toEqual([]);
  });
});

describe("YEAR_OUTSIDE", () => {
  it("lines of other years are counted and summed (info)", () => {
    const f = of(
      {
        ledger: [
          { art: "010", belop: 1, aar: 2024 },
          { art: "010", belop: 100, aar: 2021 },
          { art: "010", belop: "50,25", aar: 2025 },
        ],
      },
      "YEAR_OUTSIDE",
    );
    expect(f).toEqual([expect.objectContaining({ severity: "info", sheet: "Regnskap", cell: "E3", count: 2, amount: 15025 })]);
    expect(f[0]?.message).toContain("til sammen 150 kr");
  });
  it("not for the report year and the year before", () => {
    expect(
      of(
        {
          ledger: [
            { art: "010", belop: 1, aar: 2024 },
            { art: "010", belop: 1, aar: 2023 },
          ],
        },
        "YEAR_OUTSIDE",
      ),
    ).toEqual([]);
  });
});

describe("PROJECT_DUPLICATE_NAME", () => {
  it("the same number with two names is an error at the second row", () => {
    const f = of(
      {
        ledger: [{ art: "010", belop: 1 }],
        projects: [
          { nr: 122006, navn: "A" },
          { nr: 122006, navn: "B" },
        ],
      },
      "PROJECT_DUPLICATE_NAME",
    );
    expect(f).toEqual([expect.objectContaining({ severity: "error", sheet: "Prosjekter", cell: "A3" })]);
  });
  it("not for distinct numbers", () => {
    expect(
      of(
        {
          ledger: [{ art: "010", belop: 1 }],
          projects: [
            { nr: 122006, navn: "A" },
            { nr: 122007, navn: "A" },
          ],
        },
        "PROJECT_DUPLICATE_NAME",
      ),
    ).toEqual([]);
  });
});

describe("DOK3_MISMATCH", () => {
  const spec = (adopted: number): WorkbookSpec => ({
    oppsett: [["Vedtatt sum driftsutgifter", adopted]],
    ledger: [{ art: "010", belop: 1 }],
    budget: [{ art: "010", dok3: 900_000, regulert: 900_000 }],
  });
  it("Dok. 3's sum differs from the adopted figure: error with both figures", () => {
    const f = of(spec(1_000_000), "DOK3_MISMATCH");
    // It points at the adopted figure's cell in Oppsett: the workbook helper writes Rapportår and Kapittel first, so B4.
    expect(f).toEqual([expect.objectContaining({ severity: "error", sheet: "Oppsett", cell: "B4", amount: -10_000_000 })]);
    expect(f[0]?.message).toContain(`900${NB}000`);
    expect(f[0]?.message).toContain(`1${NB}000${NB}000`);
  });
  it("not when they agree", () => {
    expect(of(spec(900_000), "DOK3_MISMATCH")).toEqual([]);
  });
  it("points at the cell whose figure was used when the key stands twice (the last one)", () => {
    const f = of(
      {
        ...spec(900_000),
        oppsett: [
          ["Vedtatt sum driftsutgifter", 900_000],
          ["Vedtatt sum driftsutgifter", 1_000_000],
        ],
      },
      "DOK3_MISMATCH",
    );
    expect(f).toEqual([expect.objectContaining({ sheet: "Oppsett", cell: "B5", amount: -10_000_000 })]);
  });
  it("checks inntekter, netto and the investment figures too", () => {
    const f = of(
      {
        oppsett: [
          ["Vedtatt sum driftsinntekter", -50],
          ["Vedtatt netto drift", 0],
          ["Vedtatt netto finansieringsbehov", 7],
        ],
        ledger: [{ art: "010", belop: 1 }],
        budget: [
          { art: "010", dok3: 100 },
          { art: "620", dok3: -40 },
        ],
      },
      "DOK3_MISMATCH",
    );
    expect(f.map((x) => x.amount)).toEqual([1000, 6000, -700]);
  });
});

describe("REGULATION_UNEXPLAINED", () => {
  const spec = (driftChange: number, ydisp: number): WorkbookSpec => ({
    ledger: [{ art: "010", belop: 1 }],
    budget: [
      { art: "010", dok3: 1000, regulert: 1500 },
      { del: "Investering", art: "020", prosjekt: 122006, dok3: 0, regulert: 100 },
    ],
    projects: [{ nr: 122006, navn: "P" }],
    changes: [
      { del: "Drift", sak: "Byrådssak 1/24", belop: driftChange },
      { sak: "YDISP", type: "YDISP", belop: ydisp },
    ],
  });
  it("regulert − Dok. 3 not explained by the changes: error with the unexplained amount, per part", () => {
    const f = of(spec(300, 40), "REGULATION_UNEXPLAINED");
    expect(f.map((x) => [x.severity, x.sheet, x.amount])).toEqual([
      ["error", "Reguleringer", 20000],
      ["error", "Reguleringer", 6000],
    ]);
    expect(f[0]?.message).toContain("200 kr er ikke forklart");
    expect(f[1]?.message).toContain("60 kr er ikke forklart");
  });
  it("not when the changes, YDISP included, explain it", () => {
    expect(of(spec(500, 100), "REGULATION_UNEXPLAINED")).toEqual([]);
  });
});

describe("NO_BUDGET", () => {
  it("spending on an art with no budget is a warning at the ledger line", () => {
    const f = of(
      {
        ledger: [
          { art: "010", belop: 5 },
          { art: "120", belop: 7 },
        ],
        budget: [{ art: "010", dok3: 5, regulert: 5 }],
      },
      "NO_BUDGET",
    );
    expect(f).toEqual([expect.objectContaining({ severity: "warning", sheet: "Regnskap", cell: "F3", amount: 700 })]);
  });
  it("spending on a project with no budget", () => {
    const f = of(
      {
        ledger: [{ del: "I", art: "010", prosjekt: 122007, belop: 5 }],
        budget: [{ del: "I", art: "010", prosjekt: 122006, dok3: 5 }],
        projects: [
          { nr: 122006, navn: "A" },
          { nr: 122007, navn: "B" },
        ],
      },
      "NO_BUDGET",
    );
    expect(f).toEqual([expect.objectContaining({ severity: "warning", sheet: "Regnskap", cell: "F2" })]);
    expect(f[0]?.message).toContain("122007");
  });
  it("not when the art has a budget in either column, or the budget is on its artsgruppe", () => {
    expect(
      of(
        {
          ledger: [
            { art: "010", belop: 5 },
            { art: "120", belop: 5 },
          ],
          budget: [
            { art: "010", regulert: 5 },
            { art: "100-299 Kjøp", dok3: 5 },
          ],
        },
        "NO_BUDGET",
      ),
    ).toEqual([]);
  });
  it("a budget line of zero in both columns is no budget", () => {
    expect(
      of(
        {
          ledger: [{ art: "010", belop: 5 }],
          budget: [
            { art: "010", dok3: 0, regulert: 0 },
            { art: "020", dok3: 1 },
          ],
        },
        "NO_BUDGET",
      ),
    ).toHaveLength(1);
  });
});

describe("MATERIAL_DEVIATION", () => {
  const spec = (limit: string | number, spent: number): WorkbookSpec => ({
    oppsett: [["Vesentlighetsgrense", limit]],
    ledger: [{ art: "010", belop: spent }],
    budget: [{ art: "010", dok3: 1000, regulert: 1000 }],
  });
  it("|avvik| at the threshold in kroner is listed (info) at the table row", () => {
    expect(of(spec(100, 900), "MATERIAL_DEVIATION")).toEqual([expect.objectContaining({ severity: "info", sheet: "Tabell 3.1", cell: "000-099", amount: 10000 })]);
    expect(of(spec(100, 1100), "MATERIAL_DEVIATION")).toEqual([expect.objectContaining({ amount: -10000 })]);
  });
  it("not below it", () => {
    expect(of(spec(100, 901), "MATERIAL_DEVIATION")).toEqual([]);
  });
  it("a percent of regulert budsjett", () => {
    expect(of(spec("5 %", 950), "MATERIAL_DEVIATION")).toHaveLength(1);
    expect(of(spec("5 %", 951), "MATERIAL_DEVIATION")).toEqual([]);
  });
  it("project rows of 3.4.1 too", () => {
    const f = of(
      {
        oppsett: [["Vesentlighetsgrense", 100]],
        ledger: [{ del: "I", art: "020", prosjekt: 122006, belop: 500 }],
        budget: [{ del: "I", art: "020", prosjekt: 122006, regulert: 1000 }],
        projects: [{ nr: 122006, navn: "P" }],
      },
      "MATERIAL_DEVIATION",
    );
    expect(f.map((x) => [x.sheet, x.cell])).toContainEqual(["Tabell 3.4.1", "122006"]);
  });
});

describe("INVESTMENT_NOT_PROJECT_COST", () => {
  it("investment lines outside 000-599 are not project cost: info with the amount", () => {
    const r = run({
      ledger: [
        { del: "I", art: "020", prosjekt: 122006, belop: 100 },
        { del: "I", art: "790", prosjekt: 122006, belop: 30 },
      ],
      projects: [{ nr: 122006, navn: "P" }],
    });
    expect(r.findings.filter((f) => f.code === "INVESTMENT_NOT_PROJECT_COST")).toEqual([
      expect.objectContaining({ severity: "info", sheet: "Regnskap", cell: "F3", amount: 3000, count: 1 }),
    ]);
    expect(r.tables["3.4.1"].rows[0]?.amounts.regnskap).toBe(10000);
  });
  it("internal arter of artsgruppe 7 count as project cost in 3.4.1, with the ** footnote", () => {
    const r = run({
      oppsett: [["Interne arter i prosjekt", "790, 795"]],
      ledger: [
        { del: "I", art: "020", prosjekt: 122006, belop: 100 },
        { del: "I", art: "790", prosjekt: 122006, belop: 30 },
      ],
      projects: [{ nr: 122006, navn: "P" }],
    });
    expect(r.findings.filter((f) => f.code === "INVESTMENT_NOT_PROJECT_COST")).toEqual([]);
    expect(r.tables["3.4.1"].rows[0]?.amounts.regnskap).toBe(13000);
    const texts = r.sheets.flatMap((s) => s.rows.flatMap((row) => row.map((c) => (c && typeof c.value === "string" ? c.value : ""))));
    expect(texts.some((t) => t.startsWith("**Tallene i tabellen inkluderer") && t.includes("2 arter i artsgruppe 7"))).toBe(true);
  });
  it("no ** footnote without internal arter", () => {
    const r = run({ ledger: [{ del: "I", art: "020", prosjekt: 122006, belop: 100 }], projects: [{ nr: 122006, navn: "P" }] });
    const texts = r.sheets.flatMap((s) => s.rows.flatMap((row) => row.map((c) => (c && typeof c.value === "string" ? c.value : ""))));
    expect(texts.some((t) => t.startsWith("**"))).toBe(false);
  });
});

describe("INVESTMENT_NO_PROJECT", () => {
  it("investment expenses with no project: warning with the sum; 3.3 and 3.4.1 differ by it", () => {
    const r = run({
      ledger: [
        { del: "I", art: "020", belop: 100 },
        { del: "I", art: "020", prosjekt: 122006, belop: 50 },
      ],
      projects: [{ nr: 122006, navn: "P" }],
    });
    expect(r.findings.filter((f) => f.code === "INVESTMENT_NO_PROJECT")).toEqual([expect.objectContaining({ severity: "warning", sheet: "Regnskap", cell: "F2", amount: 10000 })]);
    const sum33 = r.tables["3.3"].rows.find((x) => x.key === "sumUtgifter")!.amounts.regnskap;
    expect(sum33 - r.tables["3.4.1"].sum.regnskap).toBe(10000);
  });
  it("not when every investment expense has a project", () => {
    expect(of({ ledger: [{ del: "I", art: "020", prosjekt: 122006, belop: 50 }], projects: [{ nr: 122006, navn: "P" }] }, "INVESTMENT_NO_PROJECT")).toEqual([]);
  });
});

describe("PROJECT_NOT_IN_REGISTER", () => {
  it("a project missing from the register: warning at the ledger line", () => {
    const f = of({ ledger: [{ del: "I", art: "020", prosjekt: 999999, belop: 50 }], projects: [{ nr: 122006, navn: "P" }] }, "PROJECT_NOT_IN_REGISTER");
    expect(f).toEqual([expect.objectContaining({ severity: "warning", sheet: "Regnskap", cell: "D2", amount: 5000 })]);
  });
  it("not for a registered project", () => {
    expect(of({ ledger: [{ del: "I", art: "020", prosjekt: 122006, belop: 50 }], projects: [{ nr: 122006, navn: "P" }] }, "PROJECT_NOT_IN_REGISTER")).toEqual([]);
  });
});

describe("PROJECTS_VS_TABLE_3_3", () => {
  it("Σ projects ≠ 3.3 sum investeringsutgifter (Dok. 3, regulert): warning", () => {
    const f = of(
      {
        ledger: [{ del: "I", art: "020", prosjekt: 122006, belop: 50 }],
        budget: [
          { del: "I", art: "020", prosjekt: 122006, dok3: 100, regulert: 100 },
          { del: "I", art: "020", dok3: 30, regulert: 0 },
        ],
        projects: [{ nr: 122006, navn: "P" }],
      },
      "PROJECTS_VS_TABLE_3_3",
    );
    expect(f).toEqual([expect.objectContaining({ severity: "warning", sheet: "Tabell 3.4.1", cell: "sum", amount: 3000 })]);
  });
  it("not when every investment budget is on a project", () => {
    expect(
      of(
        {
          ledger: [{ del: "I", art: "020", prosjekt: 122006, belop: 50 }],
          budget: [{ del: "I", art: "020", prosjekt: 122006, dok3: 100, regulert: 90 }],
          projects: [{ nr: 122006, navn: "P" }],
        },
        "PROJECTS_VS_TABLE_3_3",
      ),
    ).toEqual([]);
  });
});

describe("SPLIT_MISMATCH", () => {
  const spec = (kat: [number, number, number, number]): WorkbookSpec => ({
    ledger: [{ del: "I", art: "020", prosjekt: 122006, belop: 0 }],
    budget: [{ del: "I", art: "020", prosjekt: 122006, regulert: 1000 }],
    projects: [
      { nr: 122007, navn: "Annet" },
      { nr: 122006, navn: "P", kat },
    ],
  });
  it("a split that does not add up to the deviation: error at the split's first cell (Kat. 1)", () => {
    const f = of(spec([600, 300, 0, 0]), "SPLIT_MISMATCH");
    expect(f).toEqual([expect.objectContaining({ severity: "error", sheet: "Prosjekter", cell: "I3", amount: 10000 })]);
  });
  it("not when it adds up, and not for less than a krone", () => {
    expect(of(spec([600, 400, 0, 0]), "SPLIT_MISMATCH")).toEqual([]);
    expect(of(spec([600, 399.5, 0, 0]), "SPLIT_MISMATCH")).toEqual([]);
  });
});

describe("CATEGORY_INVALID", () => {
  it("an override 5 is an error at the Kategori cell, and the suggestion is used", () => {
    const r = run({
      ledger: [{ del: "I", art: "020", prosjekt: 122006, belop: 0 }],
      budget: [{ del: "I", art: "020", prosjekt: 122006, regulert: 1000 }],
      projects: [{ nr: 122006, navn: "P", kategori: 5, type: "Uforutsett" }],
    });
    expect(r.findings.filter((f) => f.code === "CATEGORY_INVALID")).toEqual([expect.objectContaining({ severity: "error", sheet: "Prosjekter", cell: "H2" })]);
    expect(categoryColumns(at(r.tables["3.4.2"].rows, 0).amounts)).toEqual([0, 0, 0, 100000, 100000]);
  });
  it("not for 1–4", () => {
    expect(of({ ledger: [{ art: "010", belop: 1 }], projects: [{ nr: 122006, navn: "P", kategori: "4" }] }, "CATEGORY_INVALID")).toEqual([]);
  });
});

describe("SIGN_SUSPECT", () => {
  it("a revenue group with a positive total, an expense group with a negative one", () => {
    const f = of(
      {
        ledger: [
          { art: "620", belop: 100 },
          { art: "010", belop: -5 },
        ],
        budget: [{ art: "620", dok3: -100, regulert: 100 }],
      },
      "SIGN_SUSPECT",
    );
    expect(f.map((x) => [x.severity, x.sheet, x.cell, x.amount])).toEqual([
      ["warning", "Tabell 3.1", "000-099", -500],
      ["warning", "Tabell 3.1", "600-699", 10000],
      ["warning", "Tabell 3.1", "600-699", 10000],
    ]);
  });
  it("not when expenses are positive and revenues negative", () => {
    expect(
      of(
        {
          ledger: [
            { art: "620", belop: -100 },
            { art: "010", belop: 5 },
            { del: "I", art: "910", belop: -3 },
          ],
        },
        "SIGN_SUSPECT",
      ),
    ).toEqual([]);
  });
});

describe("PART_INVALID and PROJECT_INVALID (Del and Prosjekt values)", () => {
  it("a Del that is neither Drift nor Investering is an error and the line is left out", () => {
    const r = run({
      ledger: [
        { del: "Annet", art: "010", belop: 5 },
        { del: "Inv", art: "010", belop: 7, prosjekt: 122006 },
      ],
    });
    expect(r.findings.filter((f) => f.code === "PART_INVALID")).toEqual([expect.objectContaining({ severity: "error", sheet: "Regnskap", cell: "B2" })]);
    expect(r.tables["3.1"].rows[0]?.amounts.regnskap).toBe(0);
    expect(r.tables["3.3"].rows[0]?.amounts.regnskap).toBe(700);
  });
  it("a project number of the wrong length is an error; the line counts without a project", () => {
    const r = run({ ledger: [{ del: "I", art: "010", belop: 5, prosjekt: 1220061 }], projects: [{ nr: 122006, navn: "P" }] });
    expect(r.findings.filter((f) => f.code === "PROJECT_INVALID")).toEqual([expect.objectContaining({ severity: "error", sheet: "Regnskap", cell: "D2" })]);
    expect(r.tables["3.3"].rows[0]?.amounts.regnskap).toBe(500);
    expect(r.findings.filter((f) => f.code === "INVESTMENT_NO_PROJECT")).toHaveLength(1);
  });
  it("8 digits is a sub-project under its first six", () => {
    const r = run({
      ledger: [{ del: "I", art: "010", belop: 5, prosjekt: "11801101" }],
      projects: [
        { nr: 118011, navn: "Hoved" },
        { nr: 11801101, navn: "Del" },
      ],
    });
    expect(r.tables["3.4.1"].rows.map((x) => [x.key, x.parent, x.isParent])).toEqual([
      ["118011", null, true],
      ["11801101", "118011", false],
    ]);
    expect(r.findings.filter((f) => f.code === "PROJECT_INVALID")).toEqual([]);
  });
});

describe("other input findings", () => {
  it("CHAPTER_OTHER: lines of another chapter are left out, counted and summed", () => {
    const r = run({
      ledger: [
        { kap: 125, art: "010", belop: 5 },
        { kap: 130, art: "010", belop: 7 },
        { kap: "130", art: "020", belop: 1 },
      ],
    });
    expect(r.findings.filter((f) => f.code === "CHAPTER_OTHER")).toEqual([expect.objectContaining({ severity: "info", sheet: "Regnskap", cell: "A3", count: 2, amount: 800 })]);
    expect(r.tables["3.1"].rows[0]?.amounts.regnskap).toBe(500);
  });
  it("ORE_FRACTION: fractions of an øre are rounded with a warning", () => {
    const r = run({
      ledger: [
        { art: "010", belop: 0.125 },
        { art: "010", belop: "1,0050" },
      ],
    });
    expect(r.findings.filter((f) => f.code === "ORE_FRACTION").map((f) => f.cell)).toEqual(["F2", "F3"]);
    expect(r.tables["3.1"].rows[0]?.amounts.regnskap).toBe(13 + 101);
  });
  it("YEAR_INVALID: a year that cannot be read is an error and the line is left out", () => {
    const r = run({ ledger: [{ art: "010", belop: 5, aar: "i fjor" }] });
    expect(r.findings.filter((f) => f.code === "YEAR_INVALID")).toEqual([expect.objectContaining({ severity: "error", sheet: "Regnskap", cell: "E2", amount: 500 })]);
  });
  it("SHEET_MISSING: no budget sheet", () => {
    expect(of({ ledger: [{ art: "010", belop: 5 }] }, "SHEET_MISSING")).toHaveLength(1);
    expect(of({ ledger: [{ art: "010", belop: 5 }], budget: [] }, "SHEET_MISSING")).toEqual([]);
  });
  it("no ledger at all is an InputError", () => {
    expect(() => runPipeline({ grids: [] })).toThrow(/Fant ikke regnskapet/);
  });
});

describe("nothing is dropped silently", () => {
  it("LEDGER_BALANCE lists the left-out lines", () => {
    const f = of(
      {
        ledger: [
          { art: "010", belop: 5 },
          { art: "l20", belop: 7 },
          { art: "010", belop: 3, aar: 2019 },
        ],
      },
      "LEDGER_BALANCE",
    );
    expect(f).toEqual([expect.objectContaining({ severity: "info", sheet: "Regnskap", amount: 1000, count: 2 })]);
  });
});

describe("register findings point at the cell that is wrong, wherever the register's columns stand", () => {
  // A register whose first column is a running number: column A holds nothing a finding is about.
  const register = sheet("Prosjekter", [
    ["Nr", "Prosjekt", "Prosjektnavn", "Overordnet prosjekt", "Kat. 1", "Kat. 2", "Kat. 3", "Kat. 4"],
    [1, "122006", "Skole", null, 600, 300, 0, 0],
    [2, "12300101", "Delprosjekt", "123001", null, null, null, null],
  ]);
  const grids = [
    oppsettSheet([
      ["Rapportår", 2024],
      ["Kapittel", 125],
    ]),
    ledgerSheet([
      { del: "I", art: "020", prosjekt: 122006, belop: 0 },
      { del: "I", art: "020", prosjekt: 12300101, belop: 5 },
    ]),
    budgetSheet([{ del: "I", art: "020", prosjekt: 122006, regulert: 1000 }]),
    register,
  ];
  const findings = runPipeline({ grids }).findings;
  it("PROJECT_PARENT_MISSING at the Overordnet prosjekt cell", () => {
    expect(findings.filter((f) => f.code === "PROJECT_PARENT_MISSING").map((f) => [f.sheet, f.cell])).toEqual([["Prosjekter", "D3"]]);
  });
  it("SPLIT_MISMATCH at the split's first cell", () => {
    expect(findings.filter((f) => f.code === "SPLIT_MISMATCH").map((f) => [f.sheet, f.cell])).toEqual([["Prosjekter", "E2"]]);
  });
});

describe("a check that throws", () => {
  it("becomes a finding naming the check, and the other checks still run", () => {
    const report = run({ ledger: [{ art: "010", belop: 5 }] });
    const ran: string[] = [];
    const checks = [
      { name: "first", run: () => (ran.push("first"), []) },
      {
        name: "broken",
        run: (): never => {
          throw new Error("boom");
        },
      },
      { name: "last", run: () => (ran.push("last"), []) },
    ];
    const ctx = {
      year: 2024,
      chapter: 125,
      settings: {},
      agg: undefined as never,
      register: new Map(),
      registerSheet: undefined,
      changes: [],
      changesSheet: undefined,
      tables: report.tables,
      ledgerSheet: "Regnskap",
      budgetSheet: undefined,
      oppsettSheet: undefined,
    };
    const out = runChecks(ctx, checks);
    expect(ran).toEqual(["first", "last"]);
    expect(out).toEqual([expect.objectContaining({ code: "CHECK_FAILED", severity: "error" })]);
    expect(out[0]!.message).toContain("«broken»");
    expect(out[0]!.message).toContain("boom");
  });
});
