/**
 * Reading a worksheet through office-js in row blocks. Excel on the web refuses a
 * request or response over 5 MB, and a range read is capped at 5,000,000 cells, so a
 * sheet is read as blocks whose estimated payload stays under a budget: the number of
 * `context.sync` calls grows with the number of blocks, never with anything else.
 */
import { CellValue, cellError, columnIndex, SheetGrid } from "../domain/cells";
import type { ReadOptions } from "./port";

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
export function blocksPerSyncFor(blockRows: number, columns: number, limits: PayloadLimits = DEFAULT_PAYLOAD_LIMITS): number {
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
  const firstColumn = columnIndex(m[1]);
  const firstRow = Number(m[2]) - 1;
  const lastColumn = m[3] ? columnIndex(m[3]) : firstColumn;
  const lastRow = m[4] ? Number(m[4]) - 1 : firstRow;
  return { firstRow, firstColumn, rowCount: lastRow - firstRow + 1, columnCount: lastColumn - firstColumn + 1 };
}

/** One office-js cell (value and its `valueTypes` entry) as the domain's cell value. */
export function toCellValue(value: unknown, valueType: string): CellValue {
  if (valueType === "Empty") return null;
  // office-js gives an error cell as its text ("#N/A"); only valueTypes tells it from a typed "#N/A".
  if (valueType === "Error") return cellError(String(value));
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "string") return value;
  return value === null || value === undefined ? null : String(value);
}

export function toCellRows(values: readonly (readonly unknown[])[], valueTypes: readonly (readonly string[])[]): CellValue[][] {
  return values.map((row, r) => row.map((v, c) => toCellValue(v, valueTypes[r][c])));
}

const PAYLOAD_LIMIT_CODES: ReadonlySet<string> = new Set([
  "RequestPayloadSizeLimitExceeded",
  "ResponsePayloadSizeLimitExceeded",
]);

/** True for the RichApi error Excel on the web gives when a batch's request or response is too large. */
export function isPayloadLimitError(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, debugInfo } = error as { code?: unknown; debugInfo?: { code?: unknown } };
  return PAYLOAD_LIMIT_CODES.has(String(code)) || PAYLOAD_LIMIT_CODES.has(String(debugInfo?.code));
}

export function abortError(): Error {
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
    if (isItemNotFound(error)) throw new Error(`Fant ikke arket «${name}».`);
    throw error;
  }
  return used.isNullObject ? null : parseRangeAddress(used.address);
}

/**
 * Reads a sheet's used range: one sync for its address, then one per group of blocks.
 * A block refused for its size is read again in halves, and later blocks stay at that size.
 */
export async function readSheetInBlocks(
  context: Excel.RequestContext,
  name: string,
  options: ReadOptions = {},
  limits: PayloadLimits = DEFAULT_PAYLOAD_LIMITS,
): Promise<SheetGrid> {
  const { signal, onProgress } = options;
  throwIfAborted(signal);
  const sheet = context.workbook.worksheets.getItem(name);
  const area = await usedArea(context, sheet, name);
  if (area === null) return { name, rows: [], firstRow: 0, firstColumn: 0 };

  const rows: CellValue[][] = [];
  let blockRows = blockRowsFor(area.columnCount, limits);
  let perSync = blocksPerSyncFor(blockRows, area.columnCount, limits);
  while (rows.length < area.rowCount) {
    throwIfAborted(signal);
    const blocks = nextBlocks(rows.length, area.rowCount, blockRows, perSync);
    const ranges = blocks.map((b) => {
      const range = sheet.getRangeByIndexes(area.firstRow + b.start, area.firstColumn, b.rows, area.columnCount);
      range.load("values, valueTypes");
      return range;
    });
    try {
      await context.sync();
    } catch (error) {
      if (!isPayloadLimitError(error) || blockRows === 1) throw error;
      blockRows = Math.ceil(blockRows / 2);
      perSync = 1;
      continue;
    }
    for (const [i, range] of ranges.entries()) {
      if (range.values.length !== blocks[i].rows) throw new Error(`Excel ga ${range.values.length} rader, ventet ${blocks[i].rows}.`);
      rows.push(...toCellRows(range.values, range.valueTypes));
      onProgress?.({ phase: "read", sheet: name, done: rows.length, total: area.rowCount });
    }
  }
  return { name, rows, firstRow: area.firstRow, firstColumn: area.firstColumn };
}
