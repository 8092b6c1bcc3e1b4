import { type CellArea, cellArea, type CellStyle, type SheetModel } from "./sheet-model";

/**
 * Layout decisions both writers apply as they are: heights of rows with wrapped text and
 * the print area. Computed once from the model, so a file written with exceljs and the
 * sheets written into Excel come out the same.
 */

/** Width of a column the model leaves out (exceljs' and Excel's default, about 8.43 characters). */
const DEFAULT_COLUMN_WIDTH = 9;

/** A cell's key in `mergeSpans`: rows and columns of a report sheet are far below 2^20. */
const cellKey = (row: number, col: number) => row * 1_048_576 + col;

/** The number of columns each merge spans, by its top-left cell (0-based; `cellKey`). */
function mergeSpans(model: Pick<SheetModel, "merges">): Map<number, number> {
  const out = new Map<number, number>();
  for (const m of model.merges) out.set(cellKey(m.top, m.left), m.right - m.left + 1);
  return out;
}

/**
 * Whether a UTF-16 code unit is white space as a regular expression's \s has it (ECMAScript's
 * WhiteSpace and LineTerminator): where a text is split into words.
 */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 160) return false;
  return c === 160 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * Lines a wrapped text takes in a column `width` characters wide (word by word, as
 * Excel and LibreOffice wrap; bold text is wider). Each "\n" starts a line; a word is a run of
 * characters between white space (\s), counted in UTF-16 code units. One pass over the text,
 * with no split: the report has a few thousand such cells, each measured once.
 */
export function wrappedLines(text: string, width: number, style: CellStyle): number {
  // A column's width is counted in digit widths; text averages a little narrower.
  const scale = ((style.fontSize ?? 11) / 11) * (style.bold ? 0.92 : 0.85);
  const capacity = Math.max(1, Math.floor((width - 1 - (style.indent ?? 0) * 2) / scale));
  // A text no longer than a line, with no "\n", takes one: its words and the single spaces between
  // them never need more than its length. Most cells of a report are such texts.
  if (text.length <= capacity && text.indexOf("\n") < 0) return 1;
  let lines = 1;
  let used = 0;
  let word = 0;
  for (let i = 0; i <= text.length; i++) {
    // The end of the text ends its last word.
    const c = i < text.length ? text.charCodeAt(i) : 32;
    if (!isSpace(c)) {
      word++;
      continue;
    }
    if (word > 0) {
      const need = used === 0 ? word : used + 1 + word;
      if (need <= capacity) used = need;
      else {
        // A word longer than a line breaks inside the word.
        if (used > 0) lines++;
        let w = word;
        while (w > capacity) {
          w -= capacity;
          lines++;
        }
        used = w;
      }
      word = 0;
    }
    // A new paragraph: a line of its own.
    if (c === 10) {
      lines++;
      used = 0;
    }
  }
  return lines;
}

/** Row heights (points, by 0-based row) for rows holding wrapped text that needs more than one line. */
function wrappedRowHeights(model: Pick<SheetModel, "rows" | "merges" | "columnWidths">): Record<number, number> {
  const spans = mergeSpans(model);
  const out: Record<number, number> = {};
  for (let r = 0; r < model.rows.length; r++) {
    const row = model.rows[r]!;
    let height = 0;
    for (let col = 0; col < row.length; col++) {
      const c = row[col];
      if (!c?.style?.wrap || typeof c.value !== "string" || c.value === "") continue;
      const span = spans.get(cellKey(r, col)) ?? 1;
      let width = 0;
      for (let i = 0; i < span; i++) width += model.columnWidths[col + i] ?? DEFAULT_COLUMN_WIDTH;
      const lines = wrappedLines(c.value, width, c.style);
      const lineHeight = Math.ceil((c.style.fontSize ?? 11) * 1.36);
      if (lines > 1) height = Math.max(height, lines * lineHeight + 2);
    }
    if (height > 0) out[r] = height;
  }
  return out;
}

/**
 * A table sheet prints the table itself: columns A to the last framed (boxed) column, and
 * every row down to the last cell or chart. Working columns beside the table (the
 * officer's notes in 3.4.2) stay on screen only. Other sheets print whole (undefined).
 */
function tablePrintArea(model: Pick<SheetModel, "role" | "rows" | "charts" | "print">): CellArea | undefined {
  if (model.role !== "table" || !model.print) return undefined;
  let last = -1;
  for (const row of model.rows) for (let col = row.length - 1; col > last; col--) if (row[col]?.style?.boxed) last = col;
  if (last < 0) return undefined;
  let rows = model.rows.length;
  for (const chart of model.charts ?? []) {
    rows = Math.max(rows, chart.anchor.row + chart.size.rows);
    last = Math.max(last, chart.anchor.column + chart.size.columns - 1);
  }
  return cellArea(0, 0, Math.max(1, rows) - 1, last);
}

/**
 * Vertical alignment of a cell: wrapped text sits at the top of its (taller) row, or in the
 * middle when centred or on a fill (headers); other cells keep the default (bottom).
 */
export function verticalAlign(style: CellStyle | undefined): "top" | "middle" | undefined {
  if (!style?.wrap) return undefined;
  return style.align === "center" || style.fill ? "middle" : "top";
}

/** The model with its row heights and print area decided. */
export function withLayoutMetrics(model: SheetModel): SheetModel {
  const rowHeights = wrappedRowHeights(model);
  const printArea = tablePrintArea(model);
  return {
    ...model,
    ...(Object.keys(rowHeights).length ? { rowHeights } : {}),
    ...(printArea ? { printArea } : {}),
  };
}
