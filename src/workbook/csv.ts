import Papa from "papaparse";
import { CellValue, SheetGrid } from "../domain/cells";

/**
 * A CSV export as a grid: semicolon or comma separated (detected), every cell as
 * text so that leading zeros (`010`) survive and amounts are parsed by the domain's
 * Norwegian number rules. Empty cells are null.
 */
export function csvToGrid(name: string, text: string): SheetGrid {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const firstLine = body.slice(0, body.indexOf("\n") >>> 0 || body.length);
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) >= (firstLine.match(/,/g)?.length ?? 0) && firstLine.includes(";") ? ";" : firstLine.includes("\t") && !firstLine.includes(",") ? "\t" : ",";
  const parsed = Papa.parse<string[]>(body, { delimiter, skipEmptyLines: false });
  // Empty cells become null in place: a million-line export is not copied a second time.
  const rows = parsed.data as CellValue[][];
  for (const row of rows) for (let i = 0; i < row.length; i++) if (row[i] === "") row[i] = null;
  while (rows.length > 0 && rows[rows.length - 1].every((c) => c === null)) rows.pop();
  return { name, rows, firstRow: 0, firstColumn: 0 };
}
