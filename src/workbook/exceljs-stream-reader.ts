import ExcelJS from "exceljs";
import { closeSync, openSync, readSync } from "fs";
import { CellValue, cellError, SheetGrid } from "../domain/cells";
import { toCellValue, UnreadableWorkbookError } from "./exceljs-reader";

/**
 * NOT USED BY THE PRODUCT: only the benchmark's comparison (scripts/bench) calls it.
 * Under load, exceljs's streaming WorkbookReader loses zip entries now and then (seen
 * here: 3 of 30 parallel reads of the example failed with "Cannot read properties of
 * undefined (reading 'sheets')", workbook.xml never parsed). A reader that can lose a
 * worksheet cannot be trusted with a ledger, so the command line uses readWorkbookFile.
 *
 * The same grids as readWorkbookFile (exceljs-reader.ts), read with exceljs's streaming
 * WorkbookReader: the workbook is never built as an object model, so a 100,000-line
 * ledger reads in a fraction of the time and memory. Cell values go through the same
 * toCellValue; the used range, empty rows inside it, merged cells and the workbook's
 * sheet order come out as readWorkbookFile gives them.
 *
 * Differences of exceljs's streaming parser evened out here:
 * - an empty shared string comes as null (an empty cell); taken as "" as readWorkbookFile does.
 * - a formula's cached result is taken from the cell's model (`cell.result`), because
 *   exceljs's `cell.value` drops a falsy result: an error result (parsed as NaN by the
 *   streaming parser) would read as an empty cell. It is an error cell here; its code is lost
 *   in exceljs's parser, so it is `#FEIL!` rather than `#DIV/0!`, `#N/A` …
 * - a formula's number result in a date-formatted cell is a date, as readWorkbookFile gives it.
 * Left as they are:
 * - a TRUE/FALSE formula result comes as 1/0 (never an amount, art or key in a ledger).
 */

interface SheetRows {
  readonly name: string;
  /** Workbook position (from workbook.xml), so grids keep the workbook's order. */
  readonly order: number;
  readonly rows: Map<number, CellValue[]>;
  minRow: number;
  maxRow: number;
  minCol: number;
  maxCol: number;
}

/** A date number format, by exceljs's own rule (utils.isDateFmt). */
function isDateFormat(fmt: string | undefined): boolean {
  if (!fmt) return false;
  return /[ymdhMsb]+/.test(fmt.replace(/\[[^\]]*]/g, "").replace(/"[^"]*"/g, ""));
}

/** Error code for a formula whose cached error exceljs's streaming parser turned into NaN. */
export const LOST_FORMULA_ERROR = "#FEIL!";

function streamCellValue(cell: ExcelJS.Cell): CellValue {
  if (cell.type === ExcelJS.ValueType.Formula) {
    const result = (cell as unknown as { result: unknown }).result;
    if (typeof result === "number") {
      if (Number.isNaN(result)) return cellError(LOST_FORMULA_ERROR);
      if (isDateFormat(cell.numFmt)) return toCellValue(excelSerialToDate(result));
      return result;
    }
    return toCellValue((result ?? null) as ExcelJS.CellValue);
  }
  return toCellValue(cell.value);
}

/** Serial (1900 system) → the Date exceljs would give, so toCellValue converts it back exactly. */
function excelSerialToDate(serial: number): Date {
  return new Date(Math.round((serial - 25569) * 24 * 3600 * 1000));
}

interface StreamReaderModel {
  readonly model?: { readonly sheets?: readonly { readonly name: string; readonly id: number }[] };
}

/** An encrypted (password-protected) .xlsx is an OLE compound file, not a zip: D0 CF 11 E0 A1 B1 1A E1. */
function isCompoundFile(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    const b = Buffer.alloc(8);
    return readSync(fd, b, 0, 8, 0) === 8 && b.equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export async function readWorkbookFileStreaming(path: string): Promise<SheetGrid[]> {
  if (isCompoundFile(path)) throw new UnreadableWorkbookError(`${path} er passordbeskyttet eller kryptert; lagre en kopi uten passord og prøv igjen.`);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: "emit",
    sharedStrings: "cache",
    // Styles are needed for dates: a number formatted as a date is a date, as in readWorkbookFile.
    styles: "cache",
    hyperlinks: "ignore",
    entries: "ignore",
  });
  const sheets: SheetRows[] = [];
  try {
    let stringsFixed = false;
    for await (const ws of reader) {
      // An empty shared string (<si><t/></si>) is cached as null, and would read as an empty
      // cell; readWorkbookFile gives "". The cache is complete before any sheet is parsed.
      const strings = (reader as unknown as { sharedStrings?: unknown[] }).sharedStrings;
      if (!stringsFixed && strings) {
        for (let i = 0; i < strings.length; i++) if (strings[i] === null || strings[i] === undefined) strings[i] = "";
        stringsFixed = true;
      }
      const w = ws as unknown as { name?: string; id?: number } & AsyncIterable<ExcelJS.Row>;
      const s: SheetRows = { name: w.name ?? `Sheet${w.id ?? sheets.length + 1}`, order: sheets.length, rows: new Map(), minRow: Infinity, maxRow: 0, minCol: Infinity, maxCol: 0 };
      for await (const row of w) {
        const r = row.number;
        let out: CellValue[] | undefined;
        row.eachCell({ includeEmpty: false }, (cell, c) => {
          const v = cell.value;
          if (v === null || v === undefined) return;
          if (r < s.minRow) s.minRow = r;
          if (r > s.maxRow) s.maxRow = r;
          if (c < s.minCol) s.minCol = c;
          if (c > s.maxCol) s.maxCol = c;
          if (!out) out = [];
          // Indexed from column A; trimmed to the used range at the end.
          while (out.length < c - 1) out.push(null);
          out[c - 1] = streamCellValue(cell);
        });
        if (out) s.rows.set(r, out);
      }
      sheets.push(s);
    }
  } catch (e) {
    const msg = (e as Error).message ?? "";
    if (/encrypt|password|CFB|compound/i.test(msg)) throw new UnreadableWorkbookError(`${path} er passordbeskyttet eller kryptert; lagre en kopi uten passord og prøv igjen.`);
    throw new UnreadableWorkbookError(`${path} kan ikke leses som en Excel-arbeidsbok (.xlsx): ${msg.split("\n")[0]}`);
  }
  // Worksheets arrive in zip order; the workbook's order is that of workbook.xml.
  const model = (reader as unknown as StreamReaderModel).model;
  const position = new Map((model?.sheets ?? []).map((m, i) => [m.name, i] as const));
  sheets.sort((a, b) => (position.get(a.name) ?? 1e9 + a.order) - (position.get(b.name) ?? 1e9 + b.order));
  return sheets.map(toGrid);
}

function toGrid(s: SheetRows): SheetGrid {
  if (s.maxRow === 0) return { name: s.name, rows: [], firstRow: 0, firstColumn: 0 };
  const width = s.maxCol - s.minCol + 1;
  const rows: CellValue[][] = new Array(s.maxRow - s.minRow + 1);
  for (let r = s.minRow; r <= s.maxRow; r++) {
    const src = s.rows.get(r);
    let out: CellValue[];
    if (!src) out = new Array(width).fill(null);
    else {
      out = s.minCol === 1 ? src : src.slice(s.minCol - 1);
      for (let i = 0; i < width; i++) if (out[i] === undefined) out[i] = null;
    }
    rows[r - s.minRow] = out;
  }
  return { name: s.name, rows, firstRow: s.minRow - 1, firstColumn: s.minCol - 1 };
}
