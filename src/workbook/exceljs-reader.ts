import ExcelJS from "exceljs";
import { open } from "fs/promises";
import { CellValue, SheetGrid } from "../domain/cells";

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

export function dateToSerial(d: Date): number {
  const days = (d.getTime() - Date.UTC(1899, 11, 30)) / 86400000;
  return days < 61 ? days - 1 : days;
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
        out[c - minCol] = cell.type === ExcelJS.ValueType.Formula ? toCellValue(((cell as unknown as { result?: ExcelJS.CellValue }).result ?? null) as ExcelJS.CellValue) : toCellValue(cell.value);
      }
    });
    rows.push(out);
  }
  return { name: ws.name, rows, firstRow: minRow - 1, firstColumn: minCol - 1 };
}

/** Thrown when a file cannot be read as a workbook at all (the command line exits with 2). */
export class UnreadableWorkbookError extends Error {}

/** An OLE compound file (CFB): what an encrypted .xlsx (and an old .xls) is on disk. */
const CFB_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ZIP_SIGNATURE = Buffer.from("PK");

async function fileStart(path: string): Promise<Buffer> {
  const f = await open(path, "r");
  try {
    const b = Buffer.alloc(8);
    const { bytesRead } = await f.read(b, 0, 8, 0);
    return b.subarray(0, bytesRead);
  } finally {
    await f.close();
  }
}

export async function readWorkbookFile(path: string): Promise<SheetGrid[]> {
  const wb = new ExcelJS.Workbook();
  const start = await fileStart(path);
  if (start.equals(CFB_SIGNATURE))
    throw new UnreadableWorkbookError(`${path} er passordbeskyttet eller kryptert (eller en gammel .xls-fil); lagre en kopi som .xlsx uten passord og prøv igjen.`);
  if (!start.subarray(0, 2).equals(ZIP_SIGNATURE)) throw new UnreadableWorkbookError(`${path} kan ikke leses som en Excel-arbeidsbok (.xlsx): filen er tom eller i et annet format.`);
  try {
    await wb.xlsx.readFile(path);
  } catch (e) {
    const msg = (e as Error).message ?? "";
    if (/encrypt|password|CFB|compound/i.test(msg)) throw new UnreadableWorkbookError(`${path} er passordbeskyttet eller kryptert; lagre en kopi uten passord og prøv igjen.`);
    throw new UnreadableWorkbookError(`${path} kan ikke leses som en Excel-arbeidsbok (.xlsx): ${msg.split("\n")[0].replace(/\s*:?\s*is this a zip file.*$/i, "")}.`);
  }
  return wb.worksheets.map(worksheetToGrid);
}
