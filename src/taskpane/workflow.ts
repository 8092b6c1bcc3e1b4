import { at } from "../domain/at";
import { cellAddress, type CellValue, type SheetGrid } from "../domain/cells";
import { GridReader } from "../domain/input";
import { detectLayout, type LayoutMapping, normaliseName } from "../domain/layout";
import { columnsToRead } from "../domain/ledger-columns";
import { runPipeline, type Report } from "../domain/pipeline";
import type { Language } from "../domain/settings";
import { periodKey } from "../domain/tertial/period";
import type { OfficerForecasts } from "../domain/tertial/tables";
import { EMPTY_STATE, parseSettingsSheet, SETTINGS_SHEET_NAME, settingsSheetModel, type SavedState } from "../domain/settings-sheet";
import type { SheetModel } from "../domain/report/sheet-model";
import { isSheetNotFound, type Progress, type ReadOptions, type WorkbookPort, type WrittenSheet } from "../workbook/port";

/**
 * The add-in's use of the workbook, shared by the task pane and the ribbon command:
 * read the inputs and the saved choices, run the engine, write the tables. Only the port
 * is touched here, never office-js.
 */

/** Progress over the whole read: sheet `index` of `count`, and the port's progress within it. */
export interface ReadProgress {
  readonly sheet: string;
  readonly index: number;
  readonly count: number;
  /** 0..1 over all sheets: rows read of all rows to read when the sheets' sizes are known, else by sheet. */
  readonly fraction: number;
  /** Rows read so far and rows to read in all, over every sheet (head and body reads); when the sizes are known. */
  readonly rows?: { readonly done: number; readonly total: number };
}

export interface LoadedWorkbook {
  readonly grids: readonly SheetGrid[];
  readonly saved: SavedState;
  /** True when the workbook already held a settings sheet. */
  readonly hasSavedState: boolean;
}

export function isAbortError(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { name?: string }).name === "AbortError";
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw Object.assign(new Error("Avbrutt"), { name: "AbortError" });
}

/** The settings sheet exists but could not be read: the run stops, so the officer's choices are never written over. */
export class SavedStateUnreadableError extends Error {
  constructor(reason: unknown) {
    super(
      `Kunne ikke lese de lagrede valgene i arket «${SETTINGS_SHEET_NAME}» (${reason instanceof Error ? reason.message : String(reason)}). ` +
        "Ingenting er skrevet. Prøv igjen; hjelper ikke det, lagre arbeidsboken, lukk og åpne den, og prøv på nytt.",
      { cause: reason },
    );
    this.name = "SavedStateUnreadableError";
  }
}

/**
 * Reads the saved settings sheet, or the empty state when the workbook has none. Only
 * "no such sheet" means none: any other error stops the run (the next save would
 * otherwise write empty choices over the officer's).
 */
export async function readSavedState(port: WorkbookPort, signal?: AbortSignal): Promise<{ saved: SavedState; found: boolean }> {
  let grid: SheetGrid;
  try {
    grid = port.readOwnSheet ? await port.readOwnSheet(SETTINGS_SHEET_NAME, { signal }) : await port.readSheet(SETTINGS_SHEET_NAME, { signal });
  } catch (e) {
    if (isAbortError(e)) throw e;
    if (isSheetNotFound(e)) return { saved: EMPTY_STATE, found: false };
    throw new SavedStateUnreadableError(e);
  }
  return { saved: parseSettingsSheet(grid), found: true };
}

/**
 * Rows read with every column: the header search (20 rows) plus the 50 rows the layout
 * looks at below a header to tell an amount column, plus a margin.
 */
export const HEAD_ROWS = 80;

/** Columns read of a grid that was not read whole (sheet name → 0-based sheet columns). */
const partialReads = new WeakMap<SheetGrid, ReadonlySet<number>>();

/** The columns of `grid` that were read, or undefined when the whole sheet was. */
export function columnsRead(grid: SheetGrid): ReadonlySet<number> | undefined {
  return partialReads.get(grid);
}

/** The partial reads of `grids` by sheet name, as plain data (for the engine's worker, which gets copies of the grids). */
export function columnsReadBySheet(grids: readonly SheetGrid[]): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const g of grids) {
    const read = partialReads.get(g);
    if (read) out[g.name] = [...read];
  }
  return out;
}

/** Marks copies of grids with the columns read of the originals (the inverse of columnsReadBySheet). */
export function markColumnsRead(grids: readonly SheetGrid[], bySheet: Readonly<Record<string, readonly number[]>>): void {
  for (const g of grids) {
    const read = bySheet[g.name];
    if (read) partialReads.set(g, new Set(read));
  }
}

/**
 * The head rows (every column) over the body (only the columns read), in sheet coordinates.
 * A port that ignored `columns`/`maxRows` gave whole rows: then the result is the sheet.
 */
function overlay(head: SheetGrid, body: SheetGrid): SheetGrid {
  const firstRow = Math.min(head.firstRow, body.firstRow);
  const firstColumn = Math.min(head.firstColumn, body.firstColumn);
  const shifted = (row: readonly CellValue[], shift: number): readonly CellValue[] => (shift === 0 ? row : [...new Array<CellValue>(shift).fill(null), ...row]);
  const end = Math.max(head.firstRow + head.rows.length, body.firstRow + body.rows.length);
  const rows: (readonly CellValue[])[] = [];
  for (let sheetRow = firstRow; sheetRow < end; sheetRow++) {
    const h = head.rows[sheetRow - head.firstRow];
    if (h !== undefined) rows.push(shifted(h, head.firstColumn - firstColumn));
    else rows.push(shifted(body.rows[sheetRow - body.firstRow] ?? [], body.firstColumn - firstColumn));
  }
  return { name: body.name, rows, firstRow, firstColumn };
}

/** The columns a detected sheet's fields and years sit in. */
function neededColumns(sheet: { columns: Readonly<Record<string, number>>; wideYears: Readonly<Record<number, number>> }): number[] {
  return [...new Set([...Object.values(sheet.columns), ...Object.values(sheet.wideYears)])].sort((a, b) => a - b);
}

/**
 * Reads every input sheet (Avstem's own sheets excluded) and the saved choices. The first
 * HEAD_ROWS rows of each sheet are read whole, the layout is found in them (with `mapping`,
 * or the saved one), and then only the columns it uses are read of the sheets it recognised:
 * an export's other columns never travel. Sheets it did not recognise are read whole.
 */
export async function readWorkbook(
  port: WorkbookPort,
  options: {
    signal?: AbortSignal;
    onProgress?: (p: ReadProgress) => void;
    mapping?: LayoutMapping;
    /** Rows of each sheet's used range (one cheap request): progress then counts rows over all sheets. */
    rowCounts?: (names: readonly string[]) => Promise<Readonly<Record<string, number>>>;
  } = {},
): Promise<LoadedWorkbook> {
  const { signal, onProgress } = options;
  const names = (await port.listSheets()).filter((n) => n !== SETTINGS_SHEET_NAME);
  throwIfAborted(signal);
  const { saved, found } = await readSavedState(port, signal);
  const sizes = options.rowCounts ? await options.rowCounts(names).catch(() => undefined) : undefined;
  // Every sheet's head, then the body of each sheet longer than its head (the head's rows again, with the body).
  const total = sizes ? names.reduce((n, name) => n + Math.min(HEAD_ROWS, sizes[name] ?? 0) + ((sizes[name] ?? 0) >= HEAD_ROWS ? (sizes[name] ?? 0) : 0), 0) : 0;
  let done = 0;
  const rows = (extra: number) => (sizes && total > 0 ? { done: Math.min(total, done + extra), total } : undefined);
  const fraction = (byRows: { done: number; total: number } | undefined, bySheet: number) => (byRows ? byRows.done / byRows.total : bySheet);
  const heads: SheetGrid[] = [];
  for (const [i, name] of names.entries()) {
    onProgress?.({ sheet: name, index: i, count: names.length, fraction: fraction(rows(0), 0), rows: rows(0) });
    const head = await port.readSheet(name, { signal, maxRows: HEAD_ROWS });
    heads.push(head);
    done += Math.min(HEAD_ROWS, head.rows.length);
    throwIfAborted(signal);
  }
  const layout = detectLayout(heads, options.mapping ?? saved.mapping);
  const detected = new Map(Object.values(layout.sheets).flatMap((d) => (d ? [[d.sheet, d] as const] : [])));

  const grids: SheetGrid[] = [];
  for (const [i, sheet] of names.entries()) {
    const head = at(heads, i, "sheet head");
    // A head shorter than asked is the whole sheet (a port may also give more than asked: then too).
    if (head.rows.length !== HEAD_ROWS) {
      grids.push(head);
      continue;
    }
    onProgress?.({ sheet, index: i, count: names.length, fraction: fraction(rows(0), i / names.length), rows: rows(0) });
    const d = detected.get(sheet);
    // The fields' columns, and those the reading rules need to tell a total row or a line's year.
    const columns = d ? columnsToRead(new GridReader(head), d, normaliseName) : undefined;
    const read: ReadOptions = {
      signal,
      columns,
      onProgress: (p: Progress) => {
        const within = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
        const r = rows(p.done);
        onProgress?.({ sheet, index: i, count: names.length, fraction: fraction(r, (i + within) / names.length), rows: r });
      },
    };
    const body = await port.readSheet(sheet, read);
    done += body.rows.length;
    throwIfAborted(signal);
    if (columns === undefined) {
      grids.push(body);
      continue;
    }
    const grid = overlay(head, body);
    partialReads.set(grid, new Set(columns));
    grids.push(grid);
  }
  onProgress?.({ sheet: "", index: names.length, count: names.length, fraction: 1, rows: sizes ? { done: total, total } : undefined });
  return { grids, saved, hasSavedState: found };
}

/**
 * The grids lack a column the mapping now uses (the officer chose another column after the
 * read): the tables would be built from blanks, so the run stops and says what to do.
 */
export class ColumnsNotReadError extends Error {
  constructor(readonly missing: readonly { sheet: string; column: number }[]) {
    super(
      `${missing.map((m) => `Kolonne ${cellAddress(0, m.column).replace(/\d+$/, "")} i arket «${m.sheet}»`).join(", ")} er ikke lest inn. ` +
        "Les arbeidsboken på nytt (lagre oppsettet, og trykk «Lag tabeller» eller åpne oppgaveruten igjen).",
    );
    this.name = "ColumnsNotReadError";
  }
}

/** The columns `mapping` uses that were not read; empty when the grids hold all the report needs. */
export function missingColumns(grids: readonly SheetGrid[], mapping: LayoutMapping): { sheet: string; column: number }[] {
  if (!grids.some((g) => partialReads.has(g))) return [];
  const layout = detectLayout(grids, mapping);
  const missing: { sheet: string; column: number }[] = [];
  for (const d of Object.values(layout.sheets)) {
    if (!d) continue;
    const read = partialReads.get(grids.find((g) => g.name === d.sheet)!);
    if (!read) continue;
    for (const column of neededColumns(d)) if (!read.has(column)) missing.push({ sheet: d.sheet, column });
  }
  return missing;
}

/** The officer's forecasts for the saved period (none for the annual report). */
export function forecastsFor(state: SavedState): OfficerForecasts {
  return state.period ? (state.forecasts?.[periodKey(state.period)] ?? {}) : {};
}

/** Runs the engine with the officer's choices. */
export function buildReport(grids: readonly SheetGrid[], state: SavedState, language: Language): Report {
  const missing = missingColumns(grids, state.mapping);
  if (missing.length > 0) throw new ColumnsNotReadError(missing);
  return runPipeline({
    grids,
    settings: state.settings,
    mapping: state.mapping,
    decisions: state.decisions,
    language,
    ...(state.period ? { period: state.period, forecasts: forecastsFor(state) } : {}),
  });
}

/** Writes the report's sheets and the settings sheet in one go. */
export function writeReport(
  port: WorkbookPort,
  report: Report,
  state: SavedState,
  options: { signal?: AbortSignal; onProgress?: (p: Progress) => void } = {},
): Promise<WrittenSheet[]> {
  return port.writeSheets([...report.sheets, settingsSheetModel(state)], options);
}

/** Writes sheets the engine made (in the pane's worker) and the settings sheet in one go. */
export function writeSheetsWithState(
  port: WorkbookPort,
  sheets: readonly SheetModel[],
  state: SavedState,
  options: { signal?: AbortSignal; onProgress?: (p: Progress) => void } = {},
): Promise<WrittenSheet[]> {
  return port.writeSheets([...sheets, settingsSheetModel(state)], options);
}

/** Saves only the settings sheet (settings, mapping and decisions). */
export function saveState(port: WorkbookPort, state: SavedState): Promise<WrittenSheet[]> {
  return port.writeSheets([settingsSheetModel(state)]);
}

/** Every warning of a write (what could not be set on which sheet), in order. */
export function writeWarnings(written: readonly WrittenSheet[]): string[] {
  return written.flatMap((w) => w.warnings ?? []);
}

/** The ribbon's one-click path: saved choices, fresh inputs, tables written. `warnings`: what could not be set (the tables are written). */
export async function buildTablesWithSavedState(port: WorkbookPort, language: Language): Promise<{ report: Report; written: WrittenSheet[]; warnings: string[] }> {
  const loaded = await readWorkbook(port);
  const report = buildReport(loaded.grids, loaded.saved, language);
  const written = await writeReport(port, report, loaded.saved);
  return { report, written, warnings: writeWarnings(written) };
}
