/**
 * A report sheet as data: cells with values, formulas and styles, merges, column
 * widths and print setup. Both writers (exceljs and office-js) render exactly this,
 * so the same model gives the same tables in a file and in Excel.
 */

/** Number format of amounts: thousands separator of the user's locale, whole kroner, `-` for zero. */
export const AMOUNT_FORMAT = '#,##0;-#,##0;"-"';
export const TEXT_FORMAT = "@";

export type HorizontalAlign = "left" | "center" | "right";

export interface CellStyle {
  readonly bold?: boolean;
  readonly italic?: boolean;
  readonly numberFormat?: string;
  readonly align?: HorizontalAlign;
  readonly wrap?: boolean;
  /** Hex RGB without '#', e.g. "D9E1F2". */
  readonly fill?: string;
  /** Hex RGB font colour without '#'. */
  readonly color?: string;
  readonly fontSize?: number;
  readonly borderTop?: "thin" | "medium";
  readonly borderBottom?: "thin" | "medium" | "double";
  /** Thin border on all four sides. */
  readonly boxed?: boolean;
  readonly indent?: number;
}

export interface CellModel {
  /**
   * The value: for a formula cell its computed value (kroner), so a reader that does
   * not recalculate still shows the right figure. Strings are always written as text.
   */
  readonly value: string | number | null;
  /** Formula without the leading '=' (A1 references, English function names). */
  readonly formula?: string;
  readonly style?: CellStyle;
  /** Cross-sheet link target, e.g. "'Tabell 3.1'!A1". */
  readonly link?: string;
}

export interface PrintSetup {
  readonly orientation: "portrait" | "landscape";
  readonly paperSize: "A4";
  readonly fitToWidth: boolean;
  /** 1-based rows repeated at the top of every printed page, e.g. [3, 4]. */
  readonly repeatRows?: readonly [number, number];
}

export type SheetRole = "table" | "findings" | "regulations" | "settings";

export interface SheetModel {
  readonly name: string;
  readonly role: SheetRole;
  /** The table id for table sheets ("3.1", "3.3", "3.4.1", "3.4.2"). */
  readonly tableId?: string;
  /** Column widths in characters. */
  readonly columnWidths: readonly number[];
  /** rows[r][c] is the cell at 0-based row r, column c (A1 is rows[0][0]). null = empty. */
  readonly rows: readonly (readonly (CellModel | null)[])[];
  /** Merged ranges as A1 ranges, e.g. "A1:F1". */
  readonly merges: readonly string[];
  readonly print?: PrintSetup;
  /** Rows frozen at the top when viewing (1-based count). */
  readonly freezeRows?: number;
}
