/**
 * Cell values as a workbook delivers them, independent of office-js or exceljs.
 * A grid is a sheet's used range; `firstRow`/`firstColumn` say where it starts,
 * so every parsed value can point back at its cell.
 */

/** An Excel error value such as `#N/A` or `#REF!`. */
export interface CellError {
  readonly kind: "error";
  readonly code: string;
}

/** A cell the source knows to be a date (exceljs does; office-js gives serial numbers). */
export interface CellDate {
  readonly kind: "date";
  /** Excel serial date number (1900 system). */
  readonly serial: number;
}

export type CellValue = string | number | boolean | null | CellError | CellDate;

export interface SheetGrid {
  readonly name: string;
  /** Rows of the used range, each an array of cells (ragged rows allowed). */
  readonly rows: readonly (readonly CellValue[])[];
  /** 0-based row index of rows[0] in the sheet (0 = row 1). */
  readonly firstRow: number;
  /** 0-based column index of rows[r][0] in the sheet (0 = column A). */
  readonly firstColumn: number;
  /**
   * Where the grid came from, when it was a delimited text file: each row then holds
   * exactly the fields of its line (a row of another width than the header is refused),
   * and messages name the encoding the file was read as.
   */
  readonly source?: { readonly kind: "text"; readonly delimiter: string; readonly encoding: string };
  /**
   * A sheet too large to hold as a grid: `rows` are then only its head (the rows the layout
   * and the reading rules decide from), and the stream gives every row, once per call.
   */
  readonly stream?: RowStream;
}

/** The rows of a sheet, one at a time: read from the file each time, never held all at once. */
export interface RowStream {
  /**
   * Calls `visit` for each row of the sheet in order (the head's rows again, then the rest),
   * with its 0-based sheet row; the cells start at the grid's first column. A row may be
   * given in an array that is reused for the next one: keep nothing of it. Rows without a
   * value may be left out. Rejects with StreamFallback when the streamed reading cannot give
   * what the grid would (the caller then reads the grid).
   */
  each(visit: (row: readonly CellValue[], r: number) => void): Promise<void>;
  /**
   * `each` for a reader that can take a line as its bytes (a text export in UTF-8 or
   * Windows-1252): a line whose fields are plain byte ranges is offered to `visitLine`
   * first; when it answers false, and for every other line, `visit` gets the row as
   * `each` gives it. Every line goes to exactly one of the two, in order.
   */
  eachLine?(visitLine: ByteLineVisitor, visit: (row: readonly CellValue[], r: number) => void): Promise<void>;
  /** The whole sheet as a grid, as a reader without streaming gives it. */
  grid(): Promise<SheetGrid>;
}

/**
 * One line of a text export as bytes: field i is `bytes[starts[i]]` up to `ends[i]`, its
 * quotes (if any) taken off and nothing in it to unescape, so that `text(i)` (the field as
 * the row would hold it, null when empty) is exactly those bytes decoded. The object and
 * its arrays are reused from line to line: keep nothing of it.
 */
export interface ByteLine {
  readonly bytes: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly count: number;
  /** The fields that are not empty among the first 31, as bits (field i is bit i). */
  readonly filled: number;
  /** Whether a field that is not empty starts or ends with a byte that is no printable ASCII character (a space, a control byte, a byte beyond ASCII). */
  readonly oddEdge: boolean;
  text(i: number): string | null;
}

/** Takes a line as bytes (true), or leaves it to be given as a row (false, before it has changed anything). */
export type ByteLineVisitor = (line: ByteLine, r: number) => boolean;

/** A stream found that it cannot give exactly what the whole grid would (a merged range, a cell left of the head's first column …). */
export class StreamFallback extends Error {}

export const EXCEL_ERROR_CODES = [
  "#NULL!",
  "#DIV/0!",
  "#VALUE!",
  "#REF!",
  "#NAME?",
  "#NUM!",
  "#N/A",
  "#GETTING_DATA",
  "#SPILL!",
  "#CALC!",
  "#FIELD!",
  "#BLOCKED!",
  "#CONNECT!",
  "#BUSY!",
  "#UNKNOWN!",
  "#EXTERNAL!",
  "#PYTHON!",
] as const;

const ERROR_CODE_SET: ReadonlySet<string> = new Set(EXCEL_ERROR_CODES);

export function isCellError(v: CellValue): v is CellError {
  return typeof v === "object" && v !== null && v.kind === "error";
}

export function isCellDate(v: CellValue): v is CellDate {
  return typeof v === "object" && v !== null && v.kind === "date";
}

/** True for a text that is exactly an Excel error literal (as office-js returns them). */
export function isErrorText(text: string): boolean {
  // Every error literal starts with '#': skip the normalising for the texts that cannot be one.
  const i = text.indexOf("#");
  if (i < 0 || text.slice(0, i).trim() !== "") return false;
  return ERROR_CODE_SET.has(text.trim().toUpperCase());
}

/**
 * A formula whose file holds no computed result (written by a program that does not
 * calculate, or saved with calculation off). Never an amount, never blank: the officer
 * is told to open and save the file in Excel first.
 */
export const UNCALCULATED_CODE = "#UBEREGNET";

export function isUncalculated(v: CellValue | undefined): boolean {
  return typeof v === "object" && v !== null && v.kind === "error" && v.code === UNCALCULATED_CODE;
}

export function cellError(code: string): CellError {
  return { kind: "error", code };
}

export function isBlank(v: CellValue | undefined): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v !== "string") return false;
  // A text that starts with a printable ASCII character other than a space is never blank: no trimmed copy for it (most cells).
  const c = v.charCodeAt(0);
  if (c > 32 && c < 127) return false;
  return v.trim() === "";
}

/** Column letters for a 0-based column index: 0 → A, 25 → Z, 26 → AA. */
export function columnLetters(index: number): string {
  let n = index + 1;
  let s = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** A1 address for 0-based row and column indexes. */
export function cellAddress(row: number, column: number): string {
  return `${columnLetters(column)}${row + 1}`;
}

/** 0-based column index for column letters: A → 0. */
export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** Text of a cell for messages and labels (never for amounts). */
export function cellText(v: CellValue | undefined): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (v.kind === "error") return v.code;
  return serialToIsoDate(v.serial);
}

/** Excel 1900-system serial → ISO date (serial 1 = 1900-01-01, with Excel's 1900 leap-year quirk). */
export function serialToIsoDate(serial: number): string {
  const { year, month, day } = serialToYmd(serial);
  // A serial outside JavaScript's dates gives NaN: show the number rather than "NaN-NaN-NaN".
  if (!Number.isFinite(year)) return `dato ${serial}`;
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

export function serialToYmd(serial: number): { year: number; month: number; day: number } {
  // Excel counts a fictitious 1900-02-29 (serial 60); serials after it are days since 1899-12-30.
  const base = serial < 61 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  const d = new Date(base + Math.floor(serial) * 86400000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function ymdToSerial(year: number, month: number, day: number): number {
  const ms = Date.UTC(year, month - 1, day);
  const serial = Math.round((ms - Date.UTC(1899, 11, 30)) / 86400000);
  return serial < 61 ? serial - 1 : serial;
}
