import ExcelJS from "exceljs";
import { CellValue, SheetGrid } from "../domain/cells";
import { dateToSerial, readXlsxFile } from "./xlsx-reader";

/** exceljs cell values → the domain's cell values (what office-js would give, plus real dates). */
export function toCellValue(v: ExcelJS.CellValue): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  if (v instanceof Date) return { kind: "date", serial: dateToSerial(v) };
  if (typeof v === "object") {
    if ("error" in v) return { kind: "error", code: String((v as ExcelJS.CellErrorValue).error) };
    if ("richText" in v) return (v as ExcelJS.CellRichTextValue).richText.map((t) => t.text).join("");
    if ("formula" in v || "sharedFormula" in v) {
      const result = (v as ExcelJS.CellFormulaValue).result;
      return result === undefined ? null : toCellValue(result as ExcelJS.CellValue);
    }
    if ("hyperlink" in v) {
      const text = (v as ExcelJS.CellHyperlinkValue).text as unknown;
      return typeof text === "string" ? text : toCellValue(text as ExcelJS.CellValue);
    }
  }
  return String(v);
}

/** A worksheet's used range as a grid (empty rows and columns inside it kept, so addresses stay true). */
export function worksheetToGrid(ws: ExcelJS.Worksheet): SheetGrid {
  let minRow = Infinity;
  let maxRow = 0;
  let minCol = Infinity;
  let maxCol = 0;
  ws.eachRow({ includeEmpty: false }, (row, r) => {
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      if (cell.value === null || cell.value === undefined) return;
      minRow = Math.min(minRow, r);
      maxRow = Math.max(maxRow, r);
      minCol = Math.min(minCol, c);
      maxCol = Math.max(maxCol, c);
    });
  });
  if (maxRow === 0) return { name: ws.name, rows: [], firstRow: 0, firstColumn: 0 };
  const rows: CellValue[][] = [];
  for (let r = minRow; r <= maxRow; r++) {
    const row = ws.getRow(r);
    const out: CellValue[] = new Array(maxCol - minCol + 1).fill(null);
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      if (c >= minCol && c <= maxCol) {
        // A merged cell's slaves repeat the master's value in exceljs; the workbook holds it once.
        if (cell.isMerged && cell.master !== cell) return;
        // A formula's cached result from the cell itself: exceljs's `cell.value` drops a result of 0.
        out[c - minCol] =
          cell.type === ExcelJS.ValueType.Formula
            ? toCellValue(((cell as unknown as { result?: ExcelJS.CellValue }).result ?? null) as ExcelJS.CellValue)
            : toCellValue(cell.value);
      }
    });
    rows.push(out);
  }
  return { name: ws.name, rows, firstRow: minRow - 1, firstColumn: minCol - 1 };
}

export { dateToSerial, UnreadableWorkbookError } from "./xlsx-reader";

/**
 * Reads an input workbook (.xlsx/.xlsm) into grids, one per worksheet in the workbook's
 * order. Not with exceljs: its object model grows with the used range a file claims (a
 * validation over whole columns, a stray cell at XFD1048576) and its errors are its own.
 * See xlsx-reader.ts; the other formats get an UnreadableWorkbookError naming them.
 */
export async function readWorkbookFile(path: string): Promise<SheetGrid[]> {
  return readXlsxFile(path);
}
