import { at } from "../at";
import { cellAddress } from "../cells";
import { type CellArea, cellArea, type CellModel, type CellStyle, type PrintSetup, type SheetModel, type SheetRole } from "./sheet-model";

const MAX_CELL_TEXT = 32_767;

/** Builds a SheetModel cell by cell (0-based row and column). */
export class SheetBuilder {
  private readonly rows: (CellModel | null)[][] = [];
  private readonly merges: CellArea[] = [];

  set(row: number, col: number, cell: CellModel): this {
    // Excel holds at most 32,767 characters in a cell; a longer text (a pasted name) is cut, visibly.
    if (typeof cell.value === "string" && cell.value.length > MAX_CELL_TEXT) cell = { ...cell, value: `${cell.value.slice(0, MAX_CELL_TEXT - 1)}…` };
    while (this.rows.length <= row) this.rows.push([]);
    const r = at(this.rows, row, "row");
    while (r.length <= col) r.push(null);
    r[col] = cell;
    return this;
  }

  text(row: number, col: number, value: string, style?: CellStyle): this {
    return this.set(row, col, { value, style });
  }

  merge(row: number, fromCol: number, toCol: number): this {
    this.merges.push(cellArea(row, fromCol, row, toCol));
    return this;
  }

  get rowCount(): number {
    return this.rows.length;
  }

  build(name: string, role: SheetRole, columnWidths: readonly number[], extra: { tableId?: string; print?: PrintSetup; freezeRows?: number } = {}): SheetModel {
    return { name, role, columnWidths, rows: this.rows, merges: this.merges, ...extra };
  }
}

export const ref = (row: number, col: number) => cellAddress(row, col);

/** A formula summing cells of one column in the given 0-based rows, as few ranges as possible. */
export function sumFormula(column: number, rows: readonly number[]): string {
  if (rows.length === 0) return "0";
  // The rows come in order from the tables (a report has about a thousand of these formulas): sorted only when not.
  let sorted = rows;
  for (let i = 1; i < rows.length; i++)
    if (rows[i]! < rows[i - 1]!) {
      sorted = [...rows].sort((a, b) => a - b);
      break;
    }
  let out = "";
  let start = sorted[0]!;
  let prev = start;
  for (let i = 1; i <= sorted.length; i++) {
    const r = sorted[i];
    if (r === prev + 1) {
      prev = r;
      continue;
    }
    // A range of consecutive rows ends at prev (a single cell when it began there).
    out += `${out ? "," : ""}${start === prev ? ref(start, column) : `${ref(start, column)}:${ref(prev, column)}`}`;
    if (r !== undefined) start = prev = r;
  }
  return `SUM(${out})`;
}

/** Where a table of projects stands in its sheet, from row `first`: the top-level rows (for the sum row) and each parent's sub-project rows. */
export function projectTree(rows: readonly { readonly parent: string | null }[], first: number): { topRows: number[]; children: Map<string, number[]> } {
  const topRows: number[] = [];
  const children = new Map<string, number[]>();
  rows.forEach((r, i) => {
    const row = first + i;
    if (r.parent === null) topRows.push(row);
    else {
      const rows = children.get(r.parent);
      if (rows) rows.push(row);
      else children.set(r.parent, [row]);
    }
  });
  return { topRows, children };
}
