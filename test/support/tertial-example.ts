import { join } from "path";
import type { CellValue, SheetGrid } from "../../src/domain/cells";
import { readWorkbookFile } from "../../src/workbook/exceljs-reader";

/**
 * The bundled example's months, for the tertial reports: its ledger has a `Periode` column
 * (the last) that spreads the made-up lines over the year, 1–12 and now and then 13 (the
 * closing entries), so that every month has lines in both years. The annual tables do not
 * read it, so they stay the example's.
 */

/** The month of the ledger's i-th line (0-based), as examples/uke-2022/input.xlsx has it. */
export function monthOfLine(i: number): number {
  return i % 29 === 0 ? 13 : 1 + ((i * 7) % 12);
}

/**
 * The example's grids with the Periode column written as `as` gives it (default: the month
 * as a number, as in the file); with `as` null the column is taken away.
 */
export function withPeriods(grids: readonly SheetGrid[], as: ((month: number, year: number) => CellValue) | null = (m) => m): SheetGrid[] {
  return grids.map((g) => {
    if (g.name !== "Regnskap") return g;
    const header = g.rows[0]!;
    const yearCol = header.indexOf("År");
    const periodCol = header.indexOf("Periode");
    if (yearCol < 0) throw new Error("the example's ledger has no År column");
    const rows = g.rows.map((r, i) => {
      const copy = periodCol >= 0 ? [...r.slice(0, periodCol), ...r.slice(periodCol + 1)] : [...r];
      if (as === null) return copy;
      copy.push(i === 0 ? "Periode" : as(monthOfLine(i - 1), r[yearCol] as number));
      return copy;
    });
    return { ...g, rows };
  });
}

export async function loadExampleGrids(): Promise<SheetGrid[]> {
  return readWorkbookFile(join(__dirname, "..", "..", "examples", "uke-2022", "input.xlsx"));
}
