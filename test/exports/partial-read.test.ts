import type { CellValue, SheetGrid } from "../../src/domain/cells";
import { runPipeline } from "../../src/domain/pipeline";
import { EMPTY_STATE } from "../../src/domain/settings-sheet";
import { buildReport, readWorkbook } from "../../src/taskpane/workflow";
import { SheetNotFoundError, type ReadOptions, type WorkbookPort } from "../../src/workbook/port";
import { EN, type Example, loadExample, ledgerRows, NB, type TextSpec, YEAR_STYLES } from "./exports";

/**
 * The add-in reads only the columns the reading rules need (issue 10, item 9). The same
 * rules must hold on such a grid as on the whole sheet (issue 9): a subtotal row is told
 * by its text or its blank voucher number, a year column by its values, whatever other
 * columns an ERP export carries.
 */

/** A workbook in memory that honours `maxRows` and `columns` as the office-js adapter does. */
class ColumnPort implements WorkbookPort {
  readonly asked: { sheet: string; columns?: readonly number[] }[] = [];
  constructor(private readonly grids: readonly SheetGrid[]) {}
  async listSheets() {
    return this.grids.map((g) => g.name);
  }
  async readSheet(name: string, options: ReadOptions = {}): Promise<SheetGrid> {
    const g = this.grids.find((x) => x.name === name);
    if (!g) throw new SheetNotFoundError(name);
    this.asked.push({ sheet: name, columns: options.columns });
    const rows = options.maxRows !== undefined ? g.rows.slice(0, options.maxRows) : g.rows;
    const keep = options.columns ? new Set(options.columns) : undefined;
    return { name, firstRow: g.firstRow, firstColumn: g.firstColumn, rows: rows.map((r) => (keep ? r.map((v, c) => (keep.has(c) ? v : null)) : r)) };
  }
  async writeSheets() {
    return [];
  }
}

let example: Example;
let truth: string;

beforeAll(async () => {
  ({ example, truth } = await loadExample());
});

/** The ledger as an ERP export: the spec's columns plus twelve code columns no rule uses. */
function erpLedger(spec: Partial<TextSpec>): SheetGrid {
  const rows = ledgerRows(example.lines, { encoding: "utf-8", delimiter: ";", eol: "\n", amount: NB, ...spec });
  const extra = (i: number): CellValue[] => Array.from({ length: 12 }, (_, k) => (i === 0 ? `Kode${k + 1}` : 100000 + ((i * 7 + k) % 900)));
  return { name: "Regnskap", firstRow: 0, firstColumn: 0, rows: rows.map((r, i) => [...r.map((v) => (v === "" ? null : v)), ...extra(i)]) };
}

describe("a partial read gives the same tables as the whole sheet", () => {
  it.each<[string, Partial<TextSpec>]>([
    ["ERP subtotals labelled in Tekst", { subtotals: "erp" }],
    ["unlabelled subtotals, blank voucher", { subtotals: "unlabelled" }],
    ["Excel's Subtotal rows", { subtotals: "excel" }],
    ["a year column found by its values", { year: YEAR_STYLES["unnamed column of years"] }],
    ["Debet/Kredit in en-US form with a period column", { amount: EN, debetKredit: { debet: "Debet", kredit: "Kredit", signed: false }, year: YEAR_STYLES["Periode YYYYMM"] }],
  ])("%s", async (_name, spec) => {
    const ledger = erpLedger(spec);
    const whole = runPipeline({ grids: [ledger, ...example.grids.filter((g) => g.name !== "Regnskap")] });
    expect(JSON.stringify(whole.json.tables)).toBe(truth);
    const port = new ColumnPort([ledger, ...example.grids.filter((g) => g.name !== "Regnskap")]);
    const loaded = await readWorkbook(port);
    const report = buildReport(loaded.grids, EMPTY_STATE, "nb");
    expect(JSON.stringify(report.json.tables)).toBe(truth);
    expect(report.findings.map((f) => [f.code, f.cell]).sort()).toEqual(whole.findings.map((f) => [f.code, f.cell]).sort());
    // The code columns never travelled.
    const body = port.asked.find((a) => a.sheet === "Regnskap" && a.columns);
    expect(body?.columns?.length).toBeLessThan((ledger.rows[0]?.length ?? 0) - 10);
  });
});
