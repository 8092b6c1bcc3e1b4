import { join } from "path";
import type { CellValue, SheetGrid } from "../../src/domain/cells";
import { readWorkbookFile } from "../../src/workbook/exceljs-reader";

/**
 * The bundled example with a period per line, for the tertial reports: each ledger line gets
 * a month 1–13 (13: the closing entries), spread over the year by its row so that every month
 * has lines in both years. Nothing else changes, so the annual tables stay the example's.
 */

/** The month given to the ledger's i-th line (0-based): a fixed spread, 1–12 and now and then 13. */
export function monthOfLine(i: number): number {
  return i % 29 === 0 ? 13 : 1 + ((i * 7) % 12);
}

/** Adds a `Periode` column (a month 1–13, or as `as` gives it) after År. */
export function withPeriods(grids: readonly SheetGrid[], as: (month: number, year: number) => CellValue = (m) => m): SheetGrid[] {
  return grids.map((g) => {
    if (g.name !== "Regnskap") return g;
    const header = g.rows[0]!;
    const yearCol = header.indexOf("År");
    if (yearCol < 0) throw new Error("the example's ledger has no År column");
    const rows = g.rows.map((r, i) => {
      const copy = [...r];
      copy.splice(yearCol + 1, 0, i === 0 ? "Periode" : as(monthOfLine(i - 1), r[yearCol] as number));
      return copy;
    });
    return { ...g, rows };
  });
}

export async function loadExampleGrids(): Promise<SheetGrid[]> {
  return readWorkbookFile(join(__dirname, "..", "..", "examples", "uke-2022", "input.xlsx"));
}
