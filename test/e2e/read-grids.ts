import ExcelJS from "exceljs";
import { cellError, ymdToSerial, type CellValue, type SheetGrid } from "../../src/domain/cells";

/** One exceljs cell value as the port delivers it: numbers, texts, dates as serials, errors as codes. */
function toCellValue(v: ExcelJS.CellValue): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  if (v instanceof Date) return { kind: "date", serial: ymdToSerial(v.getUTCFullYear(), v.getUTCMonth() + 1, v.getUTCDate()) };
  if (typeof v === "object") {
    if ("error" in v) return cellError(String(v.error));
    if ("richText" in v) return v.richText.map((r) => r.text).join("");
    if ("result" in v) return toCellValue((v.result ?? null) as ExcelJS.CellValue);
    if ("text" in v) return String(v.text);
  }
  return String(v);
}

/** The workbook's sheets as grids of their used ranges (from A1, as Excel's used range for these inputs). */
export async function readGrids(file: string): Promise<SheetGrid[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const grids: SheetGrid[] = [];
  wb.eachSheet((ws) => {
    const rows: CellValue[][] = [];
    for (let r = 1; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const cells: CellValue[] = [];
      for (let c = 1; c <= ws.columnCount; c++) cells.push(toCellValue(row.getCell(c).value));
      rows.push(cells);
    }
    grids.push({ name: ws.name, rows, firstRow: 0, firstColumn: 0 });
  });
  return grids;
}
