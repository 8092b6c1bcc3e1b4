/**
 * A report sheet as data: cells with values, formulas and styles, merges, column
 * widths, row heights, print setup and area, and charts. Both writers (exceljs and
 * office-js) render exactly this and decide nothing of their own, so the same model
 * gives the same tables in a file and in Excel (test/writers-agree.test.ts). Layout
 * that follows from the cells (row heights of wrapped text, the print area) is computed
 * in the domain: layout-metrics.ts.
 */

import { cellAddress } from "../cells";

/** A rectangle of cells: 0-based rows and columns, both ends included. Writers format it once (areaA1). */
export interface CellArea {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

export const cellArea = (top: number, left: number, bottom: number = top, right: number = left): CellArea => ({ top, left, bottom, right });

/** An area as A1 (`B5:B9`; one cell `A1`); `absolute` gives `$B$5:$B$9`. */
export function areaA1(a: CellArea, absolute = false): string {
  const at = (r: number, c: number) => (absolute ? cellAddress(r, c).replace(/^([A-Z]+)(\d+)$/, "$$$1$$$2") : cellAddress(r, c));
  return a.top === a.bottom && a.left === a.right ? at(a.top, a.left) : `${at(a.top, a.left)}:${at(a.bottom, a.right)}`;
}

/** The cells of an area in reading order, as 0-based [row, column]. */
export function areaCells(a: CellArea): [number, number][] {
  const out: [number, number][] = [];
  for (let r = a.top; r <= a.bottom; r++) for (let c = a.left; c <= a.right; c++) out.push([r, c]);
  return out;
}

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

/** One series of a chart: areas of the chart's own sheet. */
export interface ChartSeriesModel {
  readonly name: string;
  /** The category labels (the x axis), one cell per point. */
  readonly categoriesRange: CellArea;
  /** The values, one cell per point, as many as categories. */
  readonly valuesRange: CellArea;
}

/**
 * A native chart over cells of its sheet. "bar" is a clustered column chart (vertical
 * bars, one colour per series); "pie" a pie of the first series; "line" a line per series
 * (a blank cell ends a line, as for the months after a tertial's period).
 */
export interface ChartModel {
  readonly kind: "bar" | "pie" | "line";
  readonly title: string;
  readonly series: readonly ChartSeriesModel[];
  /** Top-left cell of the chart, 0-based. */
  readonly anchor: { readonly row: number; readonly column: number };
  /** Size in cells: the chart covers rows [row, row + rows) and columns [column, column + columns). */
  readonly size: { readonly rows: number; readonly columns: number };
  /** Printing starts a new page at the chart's first row, so the chart is not split. */
  readonly pageBreakBefore?: boolean;
}

export type SheetRole = "table" | "findings" | "regulations" | "basis" | "settings";

export interface SheetModel {
  readonly name: string;
  readonly role: SheetRole;
  /** The table id for table sheets ("3.1", "3.3", "3.4.1", "3.4.2"). */
  readonly tableId?: string;
  /**
   * Column widths in characters, as OOXML `<col width>` and exceljs count them: the number
   * of digit widths of the default font (Calibri 11, 7 px) plus padding. The office-js
   * writer turns them into points (columnWidthPoints).
   */
  readonly columnWidths: readonly number[];
  /** rows[r][c] is the cell at 0-based row r, column c (A1 is rows[0][0]). null = empty. */
  readonly rows: readonly (readonly (CellModel | null)[])[];
  /** Merged areas. */
  readonly merges: readonly CellArea[];
  readonly print?: PrintSetup;
  /** Rows frozen at the top when viewing (1-based count). */
  readonly freezeRows?: number;
  /**
   * Row heights in points by 0-based row, for rows that need more than the default
   * (wrapped text over several lines). Neither the file format nor LibreOffice sizes such
   * rows on load, and Excel does not on an API write, so the model says how tall they are.
   * Rows not listed keep the default height.
   */
  readonly rowHeights?: Readonly<Record<number, number>>;
  /** What prints. Unset: the whole used range. */
  readonly printArea?: CellArea;
  /** Native charts over the sheet's cells. */
  readonly charts?: readonly ChartModel[];
}
