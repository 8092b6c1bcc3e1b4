import ExcelJS from "exceljs";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runPipeline, Report } from "../src/domain/pipeline";
import type { CellModel, SheetModel } from "../src/domain/report/sheet-model";
import { readWorkbookFile } from "../src/workbook/exceljs-reader";
import { writeWorkbookFile } from "../src/workbook/xlsx-writer";
import { convertToCsvSheets, displayedKroner, makeProfile, SheetCsv, sofficePath } from "./helpers/libreoffice";
import { REGISTER_HEADER } from "./support/grids";
import { at } from "../src/domain/at";

/**
 * The written report, recalculated by LibreOffice with recalculation on load forced:
 * every formula must compute the figure the engine computed (whole kroner as
 * displayed, as in the JSON). A copy with a deliberately wrong cached value proves
 * that LibreOffice really recalculated.
 */

const SOFFICE = sofficePath();
const d = SOFFICE ? describe : describe.skip;
if (!SOFFICE) {
  console.warn("libreoffice-recalc.test.ts skipped: LibreOffice (soffice) is not installed (apt-get install -y libreoffice-calc).");
}

const EXAMPLE = path.join(__dirname, "..", "examples", "uke-2022", "input.xlsx");
const FIRST_DATA_ROW = 4;

let tmp: string;
let profile: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "avstem-lo-"));
  profile = makeProfile(path.join(tmp, "profile"));
});
afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

function csvNumber(csv: string[][], row: number, col: number): number {
  const text = csv[row]?.[col] ?? "";
  const n = Number(text);
  if (text.trim() === "" || !Number.isFinite(n)) throw new Error(`Expected a number at row ${row + 1}, column ${col + 1}, LibreOffice gave «${text}»`);
  return n;
}

/** Each (row, col) of a table sheet with the JSON figure it must show. */
function expectedFigures(report: Report, model: SheetModel): Map<string, number> {
  const out = new Map<string, number>();
  const put = (row: number, col: number, v: number) => out.set(`${row},${col}`, v);
  const j = report.json.tables;
  switch (model.tableId) {
    case "3.1":
    case "3.3":
      j[model.tableId].rows.forEach((r, i) => r.values.forEach((v, c) => put(FIRST_DATA_ROW + i, 1 + c, v)));
      break;
    case "3.4.1": {
      const t = j["3.4.1"];
      t.rows.forEach((r, i) => r.values.forEach((v, c) => put(FIRST_DATA_ROW + i, 5 + c, v)));
      t.sum.forEach((v, c) => put(FIRST_DATA_ROW + t.rows.length, 5 + c, v));
      break;
    }
    case "3.4.2": {
      const t = j["3.4.2"];
      t.rows.forEach((r, i) => r.values.forEach((v, c) => put(FIRST_DATA_ROW + i, 1 + c, v)));
      t.sum.forEach((v, c) => put(FIRST_DATA_ROW + t.rows.length, 1 + c, v));
      break;
    }
  }
  return out;
}

function formulaCells(model: SheetModel): { row: number; col: number; cell: CellModel }[] {
  const out: { row: number; col: number; cell: CellModel }[] = [];
  model.rows.forEach((r, row) => r.forEach((cell, col) => cell?.formula && out.push({ row, col, cell })));
  return out;
}

/** Asserts the recalculated sheets against the engine; returns the number of formula cells checked. */
function assertRecalculated(report: Report, sheets: SheetCsv): number {
  let checked = 0;
  for (const model of report.sheets) {
    const csv = sheets.get(model.name)!;
    expect(csv).toBeDefined();
    const formulas = formulaCells(model);
    // Every formula cell recalculates to the value the model carries (all sheets).
    for (const { row, col, cell } of formulas) {
      const got = csvNumber(csv, row, col);
      const want = (cell.value as number | null) ?? 0;
      if (Math.abs(got - want) > 0.005) throw new Error(`${model.name}!${String.fromCharCode(65 + col)}${row + 1} (=${cell.formula}): LibreOffice ${got}, engine ${want}`);
      checked++;
    }
    if (model.role !== "table") continue;
    // Every figure of a table sheet, as displayed, equals the JSON's; every formula cell is among them.
    const expected = expectedFigures(report, model);
    expect(expected.size).toBeGreaterThan(0);
    for (const { row, col } of formulas) expect(expected.has(`${row},${col}`) ? `${row},${col}` : `formula at ${row},${col} not in the JSON`).toBe(`${row},${col}`);
    for (const [key, want] of expected) {
      const [row = -1, col = -1] = key.split(",").map(Number);
      const got = displayedKroner(csvNumber(csv, row, col));
      if (got !== want) throw new Error(`${model.name} row ${row + 1} column ${col + 1}: LibreOffice shows ${got}, report.json has ${want}`);
    }
  }
  return checked;
}

/** A copy of the sheets with one formula cell's cached value made wrong. */
function withWrongCache(sheets: readonly SheetModel[], sheetName: string, row: number, col: number, wrong: number): SheetModel[] {
  return sheets.map((s) =>
    s.name !== sheetName
      ? s
      : {
          ...s,
          rows: s.rows.map((r, ri) => (ri !== row ? r : r.map((c, ci) => (ci === col && c ? { ...c, value: wrong } : c)))),
        },
  );
}

async function recalcRoundTrip(report: Report, name: string) {
  const file = path.join(tmp, `${name}.xlsx`);
  await writeWorkbookFile(file, report.sheets);
  // The wrong copy: 3.1's nettoresultat, column I (a formula over the two sums above).
  const t31 = report.sheets.find((s) => s.tableId === "3.1")!;
  const nettoRow = FIRST_DATA_ROW + report.tables["3.1"].rows.findIndex((r) => r.key === "netto");
  const cell = at(at(t31.rows, nettoRow, "row"), 1, "column");
  expect(cell?.formula).toBeTruthy();
  const wrongFile = path.join(tmp, `${name}-wrong.xlsx`);
  await writeWorkbookFile(wrongFile, withWrongCache(report.sheets, t31.name, nettoRow, 1, 123456789));
  // The wrong value really is in the file's cache.
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(wrongFile);
  expect((wb.getWorksheet(t31.name)!.getCell(nettoRow + 1, 2).value as ExcelJS.CellFormulaValue).result).toBe(123456789);

  const csv = convertToCsvSheets(
    profile,
    path.join(tmp, `${name}-csv`),
    [file, wrongFile],
    report.sheets.map((s) => s.name),
  );
  return { file, csv: csv.get(file)!, wrong: csv.get(wrongFile)!, t31, nettoRow };
}

d("LibreOffice recalculates the written report to the engine's figures", () => {
  test("the shipped example (UKE 2022)", async () => {
    const report = runPipeline({ grids: await readWorkbookFile(EXAMPLE) });
    const { csv, wrong, t31, nettoRow } = await recalcRoundTrip(report, "example");
    const checked = assertRecalculated(report, csv);
    expect(checked).toBeGreaterThan(40);
    // The wrong cached value is corrected by the recalculation.
    const want = report.json.tables["3.1"].rows.find((r) => r.key === "netto")!.values[0];
    expect(displayedKroner(csvNumber(wrong.get(t31.name)!, nettoRow, 1))).toBe(want);
    expect(want).not.toBe(123456789);
    assertRecalculated(report, wrong);
  });

  test("a generated ledger with sub-projects, category overrides, splits and hostile text", async () => {
    const input = path.join(tmp, "generated-input.xlsx");
    await writeGeneratedInput(input);
    const report = runPipeline({ grids: await readWorkbookFile(input) });
    // The generated input exercises what it should.
    expect(report.tables["3.4.1"].rows.some((r) => r.isParent)).toBe(true);
    expect(report.projects.some((p) => p.source === "split")).toBe(true);
    expect(report.projects.some((p) => p.source === "override")).toBe(true);
    expect(report.findings.filter((f) => f.severity === "error")).toEqual([]);

    const { file, csv, wrong, t31, nettoRow } = await recalcRoundTrip(report, "generated");
    assertRecalculated(report, csv);
    assertRecalculated(report, wrong);
    expect(displayedKroner(csvNumber(wrong.get(t31.name)!, nettoRow, 1))).toBe(report.json.tables["3.1"].rows.find((r) => r.key === "netto")!.values[0]);

    // Text from the input stays text, whatever it starts with: in the file (exceljs) and in LibreOffice.
    const hostile = ["=SUM(A1)", "+47 tull", "-5 minus", "@bruker"];
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const t341 = report.sheets.find((s) => s.tableId === "3.4.1")!;
    const ws = wb.getWorksheet(t341.name)!;
    const lo341 = csv.get(t341.name)!;
    for (const text of hostile) {
      const row = t341.rows.findIndex((r) => r[0]?.value === text);
      expect(row).toBeGreaterThanOrEqual(FIRST_DATA_ROW);
      const cell = ws.getCell(row + 1, 1);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.formula).toBeFalsy();
      expect(cell.value).toBe(text);
      expect(lo341[row]?.[0]).toBe(text);
    }
    // 3.4.2 labels "NNNNNN-name" and the Reguleringer sheet's description, too.
    const t342 = report.sheets.find((s) => s.tableId === "3.4.2")!;
    expect(csv.get(t342.name)!.some((r) => r[0] === "118090-=SUM(A1)")).toBe(true);
    const reg = report.sheets.find((s) => s.role === "regulations")!;
    const regRow = reg.rows.findIndex((r) => r.some((c) => c?.value === "=1+1 ekstra"));
    expect(regRow).toBeGreaterThan(0);
    const regCol = at(reg.rows, regRow, "row").findIndex((c) => c?.value === "=1+1 ekstra");
    expect(wb.getWorksheet(reg.name)!.getCell(regRow + 1, regCol + 1).type).toBe(ExcelJS.ValueType.String);
    expect(csv.get(reg.name)![regRow]?.[regCol]).toBe("=1+1 ekstra");
  });
});

/**
 * A small input workbook: drift on most artsgrupper with øre, investering on projects
 * with sub-projects, a category override (Kategori), a split (Kat. 1–4), budget changes
 * and Oppsett; project names and a description that look like formulas.
 */
async function writeGeneratedInput(file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const add = (name: string, header: string[], rows: (string | number | null)[][]) => {
    const ws = wb.addWorksheet(name);
    ws.addRow(header);
    rows.forEach((r) => ws.addRow(r));
  };
  const ledger: (string | number)[][] = [];
  const budget: (string | number)[][] = [];
  const driftArter = ["010", "020", "120", "195", "370", "470", "520", "620", "660", "710", "750", "810", "905"];
  driftArter.forEach((art, i) => {
    const sign = Number(art) >= 600 ? -1 : 1;
    const base = sign * (1_000_000 + i * 123_457.37);
    ledger.push([125, "Drift", art, "", 2024, Math.round(base * 100) / 100]);
    ledger.push([125, "Drift", art, "", 2024, Math.round(sign * (i + 1) * 1111.115 * 100) / 100]);
    ledger.push([125, "Drift", art, "", 2023, Math.round(base * 0.93 * 100) / 100]);
    budget.push([125, "Drift", art, "", Math.round(base * 1.05), Math.round(base * 1.1 * 100) / 100]);
  });
  // Investering: [project, art, regnskap, dok3, regulert]
  const inv: [string, string, number, number, number][] = [
    ["118010", "020", 250_000.5, 300_000, 320_000],
    ["11801001", "270", 1_250_000.25, 2_000_000, 2_100_000.4],
    ["11801002", "270", 410_000.75, 500_000, 450_000],
    ["11801002", "195", 9_999.99, 0, 0],
    ["118020", "270", 3_000_000.1, 5_000_000, 4_500_000],
    ["118030", "270", 100_000, 800_000, 800_000],
    ["118090", "270", 10_000.49, 50_000, 50_000],
    ["118091", "230", 20_000, 20_000, 90_000],
    ["118092", "230", 33_333.33, 0, 40_000],
    ["118093", "230", 5_000, 0, 25_000],
    ["118040", "790", 42_000, 0, 0],
  ];
  for (const [p, art, regnskap, dok3, regulert] of inv) {
    ledger.push([125, "Investering", art, p, 2024, regnskap]);
    budget.push([125, "Investering", art, p, dok3, regulert]);
  }
  ledger.push([125, "Investering", "730", "", 2024, -1_500_000.5]);
  ledger.push([125, "Investering", "270", "118010", 2023, 77_000]);
  budget.push([125, "Investering", "730", "", -1_000_000, -2_000_000]);
  // Budget changes that explain regulert − Dok. 3 exactly (øre), so the report has no errors.
  const diff = (part: string) => Math.round(budget.filter((b) => b[1] === part).reduce((s, b) => s + Math.round(((b[5] as number) - (b[4] as number)) * 100), 0)) / 100;
  const driftRest = Math.round((diff("Drift") - 750_000) * 100) / 100;
  const invRest = Math.round((diff("Investering") - 1_200_000) * 100) / 100;
  add("Regnskap", ["Kapittel", "Del", "Art", "Prosjekt", "År", "Beløp"], ledger);
  add("Budsjett", ["Kapittel", "Del", "Art", "Prosjekt", "Dok. 3", "Regulert budsjett"], budget);
  // 118020: avvik 1 499 999,90 → split 1 000 000 in kat. 1, 499 999,90 in kat. 3.
  add(
    "Prosjekter",
    [...REGISTER_HEADER],
    [
      ["118010", "Oppgradering av nettverk", "", "2025", "2025", "Pågående", "Ordinær", "", "", "", "", "", ""],
      ["11801001", "Delprosjekt kjerne", "118010", "2025", "2026", "Pågående", "Ordinær", "", "", "", "", "", ""],
      ["11801002", "Delprosjekt kant", "118010", "2024", "Avsluttet", "Avsluttet", "Ordinær", "2", "", "", "", "", ""],
      ["118020", "Ny skyplattform", "", "2024", "2026", "Pågående", "Ordinær", "", 1_000_000, "", 499_999.9, "", "Delt"],
      ["118030", "Avsetning IKT", "", "", "", "Pågående", "Avsetning", "4", "", "", "", "", ""],
      ["118090", "=SUM(A1)", "", "2025", "2025", "Pågående", "Ordinær", "", "", "", "", "", '=HYPERLINK("x")'],
      ["118091", "+47 tull", "", "2025", "2025", "Pågående", "Ordinær", "", "", "", "", "", ""],
      ["118092", "-5 minus", "", "2025", "2025", "Pågående", "Ordinær", "", "", "", "", "", ""],
      ["118093", "@bruker", "", "2025", "2025", "Pågående", "Ordinær", "", "", "", "", "", ""],
      ["118040", "Intern prosjektledelse", "", "2024", "2024", "Avsluttet", "Ordinær", "", "", "", "", "", ""],
    ],
  );
  add(
    "Reguleringer",
    ["Del", "Sak", "Dato", "Beløp", "Type", "Prosjekt", "Beskrivelse"],
    [
      ["Drift", "Byrådssak 12/24", "2024-03-01", 750_000, "Regulering", "", "Lønnsoppgjør"],
      ["Drift", "Byrådssak 88/24", "2024-09-01", driftRest, "Regulering", "", "=1+1 ekstra"],
      ["Investering", "YDISP 2023", "2024-01-01", 1_200_000, "YDISP", "", "Ubrukte investeringsmidler"],
      ["Investering", "Byrådssak 140/24", "2024-10-01", invRest, "Regulering", "118020", "Omdisponering"],
    ],
  );
  add(
    "Oppsett",
    ["Nøkkel", "Verdi"],
    [
      ["Rapportår", 2024],
      ["Kapittel", 125],
      ["Virksomhet", "Utviklings- og kompetanseetaten"],
      ["Vesentlighetsgrense", 100_000],
      ["Interne arter i prosjekt", "790"],
    ],
  );
  await wb.xlsx.writeFile(file);
}
