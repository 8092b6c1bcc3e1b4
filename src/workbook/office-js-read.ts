/**
 * Reading a worksheet through office-js in row blocks. Excel on the web refuses a
 * request or response over 5 MB, and a range read is capped at 5,000,000 cells, so a
 * sheet is read as blocks whose estimated payload stays under a budget: the number of
 * `context.sync` calls grows with the number of blocks, never with anything else.
 */
import { CellValue, cellError, columnIndex, SheetGrid } from "../domain/cells";
import { at, group } from "../domain/at";
import { ReadOptions, SheetNotFoundError } from "./port";

export interface PayloadLimits {
  /** Bytes a request or response may carry; below the web's 5 MB so estimates may be off a little. */
  readonly budgetBytes: number;
  /** Estimated JSON bytes per cell of `values` plus `valueTypes` (or of the grids written per cell). */
  readonly bytesPerCell: number;
  /** Microsoft's guidance is blocks of 5k–20k rows; more rows per block buys nothing. */
  readonly maxBlockRows: number;
}

export const DEFAULT_PAYLOAD_LIMITS: PayloadLimits = {
  budgetBytes: 4_000_000,
  bytesPerCell: 60,
  maxBlockRows: 20_000,
};

/** Rows per block for a range this wide: the payload budget divided by a row's estimated size. */
export function blockRowsFor(columns: number, limits: PayloadLimits = DEFAULT_PAYLOAD_LIMITS): number {
  const rowBytes = Math.max(1, columns) * limits.bytesPerCell;
  return Math.max(1, Math.min(limits.maxBlockRows, Math.floor(limits.budgetBytes / rowBytes)));
}

/** Blocks that fit in one sync together; more than one only for narrow sheets, where the row cap bites first. */
function blocksPerSyncFor(blockRows: number, columns: number, limits: PayloadLimits = DEFAULT_PAYLOAD_LIMITS): number {
  const blockBytes = blockRows * Math.max(1, columns) * limits.bytesPerCell;
  return Math.max(1, Math.floor(limits.budgetBytes / blockBytes));
}

/** A rectangle of a sheet in 0-based indexes. */
export interface SheetArea {
  readonly firstRow: number;
  readonly firstColumn: number;
  readonly rowCount: number;
  readonly columnCount: number;
}

const A1_RANGE = /^\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$/i;

/** Parses an address as office-js gives it ("Regnskap!B3:H1136", "'Mitt ark'!C2"). */
export function parseRangeAddress(address: string): SheetArea {
  // The sheet name may itself contain '!', so the cell part is what follows the last one.
  const local = address.slice(address.lastIndexOf("!") + 1);
  const m = A1_RANGE.exec(local);
  if (!m) throw new Error(`Uventet celleadresse fra Excel: ${address}`);
  const firstColumn = columnIndex(group(m, 1));
  const firstRow = Number(group(m, 2)) - 1;
  const lastColumn = m[3] ? columnIndex(m[3]) : firstColumn;
  const lastRow = m[4] ? Number(m[4]) - 1 : firstRow;
  return { firstRow, firstColumn, rowCount: lastRow - firstRow + 1, columnCount: lastColumn - firstColumn + 1 };
}

/** One office-js cell (value and its `valueTypes` entry) as the domain's cell value; `isDate` when its number format shows a date. */
function toCellValue(value: unknown, valueType: string, isDate = false): CellValue {
  if (valueType === "Empty") return null;
  // office-js gives an error cell as its text ("#N/A"); only valueTypes tells it from a typed "#N/A".
  if (valueType === "Error") return cellError(String(value));
  // office-js gives a date cell as its serial number: only the number format says it is a date.
  if (typeof value === "number") return isDate ? { kind: "date", serial: value } : value;
  if (typeof value === "boolean" || typeof value === "string") return value;
  return value === null || value === undefined ? null : String(value);
}

/**
 * True for a number format that shows a date ("dd.mm.yyyy", "d. mmmm yyyy", "yyyy", "[$-414]mmm.yy"):
 * day, month or year codes outside quoted text, brackets and escapes. Time-only formats
 * ("hh:mm") and "m" next to h or s (minutes) do not count.
 */
function isDateFormat(format: unknown): boolean {
  if (typeof format !== "string" || format === "" || format === "General" || format === "@") return false;
  // Only the first section (positive numbers) matters.
  const section =
    format
      .replace(/"[^"]*"/g, "")
      .replace(/\\./g, "")
      .replace(/\[[^\]]*\]/g, "")
      .split(";")[0] ?? "";
  if (/[dy]/i.test(section)) return true;
  if (!/m/i.test(section)) return false;
  return !/[hs]/i.test(section);
}

const PAYLOAD_LIMIT_CODES: ReadonlySet<string> = new Set(["RequestPayloadSizeLimitExceeded", "ResponsePayloadSizeLimitExceeded"]);

/** True for the RichApi error Excel on the web gives when a batch's request or response is too large. */
function isPayloadLimitError(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, debugInfo } = error as { code?: unknown; debugInfo?: { code?: unknown } };
  return PAYLOAD_LIMIT_CODES.has(String(code)) || PAYLOAD_LIMIT_CODES.has(String(debugInfo?.code));
}

function abortError(): Error {
  if (typeof DOMException === "function") return new DOMException("Avbrutt.", "AbortError");
  const error = new Error("Avbrutt.");
  error.name = "AbortError";
  return error;
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError();
}

function isItemNotFound(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "ItemNotFound";
}

interface Block {
  readonly start: number;
  readonly rows: number;
}

/** The next blocks to queue together, from row `done` of the area. */
function nextBlocks(done: number, total: number, blockRows: number, perSync: number): Block[] {
  const blocks: Block[] = [];
  for (let start = done; start < total && blocks.length < perSync; start += blockRows) {
    blocks.push({ start, rows: Math.min(blockRows, total - start) });
  }
  return blocks;
}

/** The used range of a sheet, or null when the sheet has no values. One sync. */
async function usedArea(context: Excel.RequestContext, sheet: Excel.Worksheet, name: string): Promise<SheetArea | null> {
  // valuesOnly: formatting alone (a coloured empty row) does not widen what we read.
  const used = sheet.getUsedRangeOrNullObject(true);
  used.load("address");
  try {
    await context.sync();
  } catch (error) {
    if (isItemNotFound(error)) throw new SheetNotFoundError(name);
    throw error;
  }
  return used.isNullObject ? null : parseRangeAddress(used.address);
}

/** A run of adjacent sheet columns read as one range: [first, first + count). */
export interface ColumnRun {
  readonly first: number;
  readonly count: number;
}

/** The requested columns inside the area, as runs of adjacent columns; all the area's columns when none are requested. */
function columnRuns(area: SheetArea, columns: readonly number[] | undefined): ColumnRun[] {
  const last = area.firstColumn + area.columnCount - 1;
  if (columns === undefined) return [{ first: area.firstColumn, count: area.columnCount }];
  const wanted = [...new Set(columns)].filter((c) => Number.isInteger(c) && c >= area.firstColumn && c <= last).sort((a, b) => a - b);
  const runs: { first: number; count: number }[] = [];
  for (const c of wanted) {
    const run = runs[runs.length - 1];
    if (run && run.first + run.count === c) run.count++;
    else runs.push({ first: c, count: 1 });
  }
  return runs;
}

/** Rows of the head whose number formats are loaded to tell date columns: the header search (20) plus a sample. */
const FORMAT_SAMPLE_ROWS = 80;

/**
 * Columns whose sampled numbers are mostly date-formatted. A column is a date column when
 * more than half of its numeric sample cells show a date; other cells are dates only where
 * their own sampled format says so.
 */
function dateColumns(values: readonly (readonly unknown[])[], formats: readonly (readonly unknown[])[]): boolean[] {
  const width = formats[0]?.length ?? 0;
  const result: boolean[] = [];
  for (let c = 0; c < width; c++) {
    let numbers = 0;
    let dates = 0;
    for (let r = 0; r < formats.length; r++) {
      if (typeof values[r]?.[c] !== "number") continue;
      numbers++;
      if (isDateFormat(formats[r]?.[c])) dates++;
    }
    result.push(numbers > 0 && dates * 2 > numbers);
  }
  return result;
}

/**
 * Reads a sheet's used range (or its first `maxRows` rows, or only some `columns`): one sync
 * for its address, then one per group of blocks. The first group also loads the number
 * formats of the head, to tell date columns. A block refused for its size is read again in
 * halves, and later blocks stay at that size. Unread columns are null in the grid, whose
 * coordinates are the sheet's.
 */
export async function readSheetInBlocks(
  context: Excel.RequestContext,
  name: string,
  options: ReadOptions = {},
  limits: PayloadLimits = DEFAULT_PAYLOAD_LIMITS,
  /** The worksheet's id when known (it survives a rename), else its name. */
  key: string = name,
): Promise<SheetGrid> {
  const { signal, onProgress } = options;
  throwIfAborted(signal);
  const sheet = context.workbook.worksheets.getItem(key);
  const used = await usedArea(context, sheet, name);
  if (used === null) return { name, rows: [], firstRow: 0, firstColumn: 0 };
  const area: SheetArea = options.maxRows === undefined ? used : { ...used, rowCount: Math.min(used.rowCount, Math.max(0, options.maxRows)) };
  const runs = columnRuns(area, options.columns);
  const readColumns = runs.reduce((n, r) => n + r.count, 0);
  if (readColumns === 0 || area.rowCount === 0) return { name, rows: Array.from({ length: area.rowCount }, () => []), firstRow: area.firstRow, firstColumn: area.firstColumn };
  // Rows reach as far as the last column read: what lies beyond is absent, what lies between is null.
  const lastRun = at(runs, runs.length - 1, "column run");
  const width = lastRun.first + lastRun.count - area.firstColumn;

  const rows: CellValue[][] = [];
  let dates: boolean[][] | null = null;
  let blockRows = blockRowsFor(readColumns, limits);
  let perSync = blocksPerSyncFor(blockRows, readColumns, limits);
  while (rows.length < area.rowCount) {
    throwIfAborted(signal);
    const blocks = nextBlocks(rows.length, area.rowCount, blockRows, perSync);
    const ranges = blocks.map((b) =>
      runs.map((run) => {
        const range = sheet.getRangeByIndexes(area.firstRow + b.start, run.first, b.rows, run.count);
        range.load("values, valueTypes");
        return range;
      }),
    );
    const sampleRows = Math.min(area.rowCount, FORMAT_SAMPLE_ROWS);
    const samples: Excel.Range[] | null =
      dates === null
        ? runs.map((run) => {
            const range = sheet.getRangeByIndexes(area.firstRow, run.first, sampleRows, run.count);
            range.load("numberFormat");
            return range;
          })
        : null;
    try {
      await context.sync();
    } catch (error) {
      if (!isPayloadLimitError(error) || blockRows === 1) throw error;
      blockRows = Math.ceil(blockRows / 2);
      perSync = 1;
      continue;
    }
    if (samples !== null) {
      // Decided from the first block's values and the sampled formats, before any row is converted.
      dates = runs.map((_, i): boolean[] => dateColumns(at(at(ranges, 0, "block"), i, "column run").values, at(samples, i, "column run").numberFormat));
    }
    for (const [i, block] of blocks.entries()) {
      const pieces = at(ranges, i, "block");
      for (const piece of pieces) {
        if (piece.values.length !== block.rows) throw new Error(`Excel ga ${piece.values.length} rader, ventet ${block.rows}.`);
      }
      for (let r = 0; r < block.rows; r++) {
        const sheetRow = block.start + r;
        const row: CellValue[] = runs.length === 1 && runs[0]?.first === area.firstColumn ? [] : new Array<CellValue>(width).fill(null);
        runs.forEach((run, k) => {
          const piece = at(pieces, k, "column run");
          const values = at(piece.values, r, "row");
          const types = at(piece.valueTypes, r, "row");
          const runDates = dates?.[k];
          const sampled = sheetRow < sampleRows ? samples?.[k]?.numberFormat[sheetRow] : undefined;
          const offset = run.first - area.firstColumn;
          for (let c = 0; c < run.count; c++) {
            const isDate = sampled !== undefined ? isDateFormat(sampled[c]) : runDates?.[c] === true;
            row[offset + c] = toCellValue(values[c], types[c] ?? "Empty", isDate);
          }
        });
        rows.push(row);
      }
      onProgress?.({ phase: "read", sheet: name, done: rows.length, total: area.rowCount });
    }
  }
  return { name, rows, firstRow: area.firstRow, firstColumn: area.firstColumn };
}
