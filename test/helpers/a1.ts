import { columnLetters } from "../../src/domain/cells";

/** A1 address of a rectangle given in 0-based indexes ("B3", "A1:F60"). */
export function a1Area(row: number, column: number, rowCount: number, columnCount: number): string {
  const first = `${columnLetters(column)}${row + 1}`;
  if (rowCount === 1 && columnCount === 1) return first;
  return `${first}:${columnLetters(column + columnCount - 1)}${row + rowCount}`;
}
