import type { CellValue, SheetGrid } from "../../src/domain/cells";

/**
 * Small builders of input grids for the domain's tests: a sheet from an array of
 * rows, and a whole input workbook from ledger, budget and register lines. Pure data.
 */

/** A sheet whose rows start at `firstRow`/`firstColumn` (0-based; default A1). */
export function sheet(name: string, rows: readonly (readonly CellValue[])[], firstRow = 0, firstColumn = 0): SheetGrid {
  return { name, rows, firstRow, firstColumn };
}

export interface LedgerLine {
  readonly kap?: CellValue;
  readonly del?: CellValue;
  readonly art: CellValue;
  readonly prosjekt?: CellValue;
  readonly aar?: CellValue;
  readonly belop: CellValue;
}

export interface BudgetLine {
  readonly kap?: CellValue;
  readonly del?: CellValue;
  readonly art: CellValue;
  readonly prosjekt?: CellValue;
  readonly dok3?: CellValue;
  readonly regulert?: CellValue;
}

export interface ProjectLine {
  readonly nr: CellValue;
  readonly navn: CellValue;
  readonly overordnet?: CellValue;
  readonly vedtattFerdig?: CellValue;
  readonly forventetFerdig?: CellValue;
  readonly status?: CellValue;
  readonly type?: CellValue;
  readonly kategori?: CellValue;
  readonly kat?: readonly [CellValue, CellValue, CellValue, CellValue];
}

export interface ChangeLine {
  readonly del?: CellValue;
  readonly sak?: CellValue;
  readonly belop: CellValue;
  readonly type?: CellValue;
  readonly prosjekt?: CellValue;
}

const LEDGER_HEADER = ["Kapittel", "Del", "Art", "Prosjekt", "År", "Beløp"] as const;
const BUDGET_HEADER = ["Kapittel", "Del", "Art", "Prosjekt", "Dok. 3", "Regulert budsjett"] as const;
/** The project register's columns, as docs/input-workbook.md lists them. */
export const REGISTER_HEADER = [
  "Prosjekt",
  "Prosjektnavn",
  "Overordnet prosjekt",
  "Bystyrevedtatt ferdig",
  "Forventet ferdig",
  "Status",
  "Type",
  "Kategori",
  "Kat. 1",
  "Kat. 2",
  "Kat. 3",
  "Kat. 4",
  "Kommentar",
] as const;
const PROJECT_HEADER = REGISTER_HEADER.slice(0, 12);
const CHANGE_HEADER = ["Del", "Sak", "Beløp", "Type", "Prosjekt"] as const;

const v = (x: CellValue | undefined): CellValue => (x === undefined ? null : x);

export function ledgerSheet(lines: readonly LedgerLine[], year = 2024, name = "Regnskap"): SheetGrid {
  return sheet(name, [[...LEDGER_HEADER], ...lines.map((l) => [v(l.kap), v(l.del), l.art, v(l.prosjekt), l.aar === undefined ? year : l.aar, l.belop])]);
}

export function budgetSheet(lines: readonly BudgetLine[], name = "Budsjett"): SheetGrid {
  return sheet(name, [[...BUDGET_HEADER], ...lines.map((l) => [v(l.kap), v(l.del), l.art, v(l.prosjekt), v(l.dok3), v(l.regulert)])]);
}

export function projectSheet(lines: readonly ProjectLine[], name = "Prosjekter"): SheetGrid {
  return sheet(name, [
    [...PROJECT_HEADER],
    ...lines.map((p) => [p.nr, p.navn, v(p.overordnet), v(p.vedtattFerdig), v(p.forventetFerdig), v(p.status), v(p.type), v(p.kategori), ...(p.kat ?? [null, null, null, null])]),
  ]);
}

export function changeSheet(lines: readonly ChangeLine[], name = "Reguleringer"): SheetGrid {
  return sheet(name, [[...CHANGE_HEADER], ...lines.map((c) => [v(c.del), v(c.sak), c.belop, v(c.type), v(c.prosjekt)])]);
}

export function oppsettSheet(entries: readonly (readonly [string, CellValue])[], name = "Oppsett"): SheetGrid {
  return sheet(name, [["Nøkkel", "Verdi"], ...entries.map(([k, x]) => [k, x])]);
}

export interface WorkbookSpec {
  readonly year?: number;
  readonly chapter?: number;
  readonly oppsett?: readonly (readonly [string, CellValue])[];
  readonly ledger: readonly LedgerLine[];
  readonly budget?: readonly BudgetLine[];
  readonly projects?: readonly ProjectLine[];
  readonly changes?: readonly ChangeLine[];
}

/** A whole input workbook; the Oppsett sheet always holds Rapportår and Kapittel. */
export function workbook(spec: WorkbookSpec): SheetGrid[] {
  const year = spec.year ?? 2024;
  const grids = [oppsettSheet([["Rapportår", year], ["Kapittel", spec.chapter ?? 125], ...(spec.oppsett ?? [])]), ledgerSheet(spec.ledger, year)];
  if (spec.budget) grids.push(budgetSheet(spec.budget));
  if (spec.projects) grids.push(projectSheet(spec.projects));
  if (spec.changes) grids.push(changeSheet(spec.changes));
  return grids;
}

// ------------------------------------------------------------------ spoiling one cell of a grid

/** A row of a grid a test builds: a clear error when the test names a row that is not there. */
function rowOf<T>(rows: T[][], r: number): T[] {
  const row = rows[r];
  if (!row) throw new RangeError(`The test's grid has no row ${r}`);
  return row;
}

/** rows[r][c] = value. */
export function setCell<T>(rows: T[][], r: number, c: number, value: T): void {
  rowOf(rows, r)[c] = value;
}

/** The number at rows[r][c]: a clear error when it is something else. */
export function numberAt(rows: readonly (readonly unknown[])[], r: number, c: number): number {
  const v = rows[r]?.[c];
  if (typeof v !== "number") throw new TypeError(`The test's grid has ${String(v)} at row ${r}, column ${c}, not a number`);
  return v;
}

/** rows[r][c] += d, for a cell that holds a number. */
export function addTo(rows: unknown[][], r: number, c: number, d: number): void {
  setCell(rows, r, c, numberAt(rows, r, c) + d);
}
