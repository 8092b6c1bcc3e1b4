import ExcelJS from "exceljs";
import { join } from "path";
import { runPipeline } from "../src/domain/pipeline";
import { checkExistingTable } from "../src/domain/report/table-check";
import { readWorkbookFile, worksheetToGrid } from "../src/workbook/exceljs-reader";
import { at } from "../src/domain/at";

/** The golden test: the shipped UKE 2022 example against the figures of the printed report. */
const dir = join(__dirname, "..", "examples", "uke-2022");

const expected = require(join(dir, "expected.json"));

const published = require(join(dir, "published.json"));

describe("UKE 2022 example", () => {
  let json: ReturnType<typeof runPipeline>["json"];
  beforeAll(async () => {
    const grids = await readWorkbookFile(join(dir, "input.xlsx"));
    json = runPipeline({ grids }).json;
  });

  test.each([
    ["drift", "3.1"],
    ["investering", "3.3"],
  ])("%s (table %s) equals expected.json to the krone on every row", (part, id) => {
    const rows = (json.tables as any)[id].rows as { key: string; values: number[] }[];
    const want = expected[part] as Record<string, number[]>;
    expect(Object.fromEntries(rows.map((r) => [r.key, r.values]))).toEqual(want);
  });

  test("3.4.1 has every project of expected.json with its figures and parent", () => {
    const rows = json.tables["3.4.1"].rows;
    for (const [nr, p] of Object.entries<any>(expected.projects)) {
      const row = rows.find((r) => r.key === nr);
      expect({ nr, values: row?.values, parent: row?.parent }).toEqual({ nr, values: [p.dok3, p.regulert, p.regnskap, p.avvik], parent: p.parent });
    }
    const s = expected.projectsSum;
    expect(json.tables["3.4.1"].sum).toEqual([s.dok3, s.regulert, s.regnskap, s.avvik]);
  });

  test("3.4.2 rows add up to their 3.4.1 deviation and the table to the 3.4.1 total", () => {
    const deviations = new Map(json.tables["3.4.1"].rows.map((r) => [r.key, r.values[3]]));
    for (const r of json.tables["3.4.2"].rows) {
      expect(r.values.slice(0, 4).reduce((a, b) => a + b, 0)).toBe(r.values[4]);
      expect(Math.abs(at(r.values, 4) - deviations.get(r.key)!)).toBeLessThanOrEqual(1); // rounding of independently rounded sums
    }
    expect(json.tables["3.4.2"].sum[4]).toBe(expected.projectsSum.avvik);
  });

  test("the example has no error findings; the regulations are explained", () => {
    expect(json.findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(json.findings.map((f) => f.code)).not.toContain("REGULATION_UNEXPLAINED");
    expect(json.findings.map((f) => f.code)).not.toContain("DOK3_MISMATCH");
  });
});

/** The printed 2022 drift table, laid out as table 3.1, from published.json. */
async function publishedDriftSheet() {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Tabell 3.1");
  ws.addRow([`Driftsregnskap for kap. ${published.kapittel} ${published.virksomhet}`]);
  ws.addRow(["", "I", "II", "III", "IV", "V"]);
  ws.addRow(["Artsgrupper", "Regnskap 2022", "Dok. 3 2022*", "Regulert bud. 2022", "Regnskap 2021", "Avvik 2022 (III-I)"]);
  const labels: Record<string, string> = { sumUtgifter: "Sum driftsutgifter", sumInntekter: "Sum driftsinntekter", netto: "Kapitlets nettoresultat" };
  for (const [key, values] of Object.entries<number[]>(published.drift.rows)) ws.addRow([labels[key] ?? key, ...values]);
  ws.addRow([]);
  ws.addRow(["* Bystyret vedtar kun sum driftsutgifter, sum driftsinntekter og nettoresultat pr. kapittel, jf. Dok 3."]);
  return worksheetToGrid(ws);
}

describe("check-table on the printed 2022 drift table", () => {
  test("finds the two sign errors as errors and the 1-krone differences as rounding", async () => {
    const grid = await publishedDriftSheet();
    const { kind, findings } = checkExistingTable(grid);
    expect(kind).toBe("account");
    const rowOf = (key: string) => 4 + Object.keys(published.drift.rows).indexOf(key);
    const at = (key: string, col: string) => `${col}${rowOf(key)}`;
    const signs = findings
      .filter((f) => f.code === "TABLE_SIGN_ERROR")
      .map((f) => f.cell)
      .sort();
    // 100-299 avvik (column F = V) and 500-599 regnskap (column B = I)
    expect(signs).toEqual([at("100-299", "F"), at("500-599", "B")].sort());
    expect(findings.filter((f) => f.code === "TABLE_SIGN_ERROR").every((f) => f.severity === "error")).toBe(true);
    const rounding = findings.filter((f) => f.code === "TABLE_ROUNDING");
    expect(rounding.every((f) => f.severity === "info")).toBe(true);
    // sumUtgifter IV, sumInntekter IV and V, netto I
    expect(rounding.map((f) => f.cell).sort()).toEqual([at("sumUtgifter", "E"), at("sumInntekter", "E"), at("sumInntekter", "F"), at("netto", "B")].sort());
    expect(findings.filter((f) => f.code === "TABLE_ARITHMETIC")).toEqual([]);
  });

  test("a table with no error has no finding", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("T");
    ws.addRow(["Artsgrupper", "Regnskap", "Dok. 3", "Regulert", "Fjor", "Avvik"]);
    for (const [key, v] of Object.entries<number[]>(expected.drift)) {
      const labels: Record<string, string> = { sumUtgifter: "Sum driftsutgifter", sumInntekter: "Sum driftsinntekter", netto: "Kapitlets nettoresultat" };
      ws.addRow([labels[key] ?? key, ...v]);
    }
    expect(checkExistingTable(worksheetToGrid(ws)).findings).toEqual([]);
  });
});

describe("the basis sheet (Grunnlag) of the example", () => {
  test("each artsgruppe's sum row equals the table row, and the lines add up to the ledger", async () => {
    const report = runPipeline({ grids: await readWorkbookFile(join(dir, "input.xlsx")) });
    const basis = report.sheets.find((s) => s.name === "Grunnlag")!;
    const sums = basis.rows.filter((r) => typeof r[3]?.value === "string" && (r[3].value as string).startsWith("Sum "));
    let lines = 0;
    let checked = 0;
    for (const r of sums) {
      const part = r[0]!.value === "Drift" ? "drift" : "investering";
      const key = r[1]!.value as string;
      const tableRow = json(report, part).find((x) => x.key === key)!;
      // Regnskap, Dok. 3, Regulert, Regnskap året før: whole kroner as displayed in the table.
      const halfAwayFromZero = (x: number) => Math.sign(x) * Math.round(Math.abs(x)) + 0;
      expect([4, 5, 6, 7].map((c) => halfAwayFromZero(r[c]!.value as number))).toEqual(tableRow.values.slice(0, 4));
      expect(r[4]!.formula).toMatch(/^SUM\(/);
      lines += r[8]!.value as number;
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(9);
    expect(lines).toBe(report.ledgerLines);
  });
});

function json(report: ReturnType<typeof runPipeline>, part: "drift" | "investering") {
  return report.json.tables[part === "drift" ? "3.1" : "3.3"].rows;
}
