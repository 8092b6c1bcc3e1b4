import ExcelJS from "exceljs";
import { columnLetters } from "../domain/cells";
import type { CellModel, CellStyle, SheetModel } from "../domain/report/sheet-model";

/**
 * Renders sheet models with exceljs, for report files. The office-js adapter renders
 * the same models into Excel; a test compares the two cell by cell.
 */

const thin: Partial<ExcelJS.Border> = { style: "thin", color: { argb: "FF808080" } };

function font(style: CellStyle): Partial<ExcelJS.Font> | undefined {
  if (!style.bold && !style.italic && !style.color && !style.fontSize) return undefined;
  return {
    name: "Calibri",
    size: style.fontSize ?? 11,
    ...(style.bold ? { bold: true } : {}),
    ...(style.italic ? { italic: true } : {}),
    ...(style.color ? { color: { argb: `FF${style.color}` } } : {}),
  };
}

export function applyStyle(cell: ExcelJS.Cell, style: CellStyle | undefined): void {
  if (!style) return;
  const f = font(style);
  if (f) cell.font = f;
  if (style.numberFormat) cell.numFmt = style.numberFormat;
  if (style.align || style.wrap || style.indent) {
    cell.alignment = {
      ...(style.align ? { horizontal: style.align } : {}),
      ...(style.wrap ? { wrapText: true, vertical: style.align === "center" || style.fill ? "middle" : "top" } : {}),
      ...(style.indent ? { indent: style.indent } : {}),
    };
  }
  if (style.fill) cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: `FF${style.fill}` } };
  const border: Partial<ExcelJS.Borders> = {};
  if (style.boxed) Object.assign(border, { top: thin, bottom: thin, left: thin, right: thin });
  if (style.borderTop) border.top = { style: style.borderTop };
  if (style.borderBottom) border.bottom = { style: style.borderBottom };
  if (Object.keys(border).length) cell.border = border;
}

function cellValue(c: CellModel): ExcelJS.CellValue {
  if (c.formula) return { formula: c.formula, result: c.value ?? undefined } as ExcelJS.CellFormulaValue;
  if (c.link && typeof c.value === "string") return { text: c.value, hyperlink: `#${c.link}` };
  // Strings are set as strings: exceljs never turns a string into a formula, whatever it starts with.
  return c.value;
}

/** The number of columns each merge spans, by its top-left cell "row,col" (0-based). */
function mergeSpans(model: SheetModel): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of model.merges) {
    const [a, b] = m.split(":");
    const pa = /^([A-Z]+)(\d+)$/.exec(a);
    const pb = /^([A-Z]+)(\d+)$/.exec(b ?? a);
    if (!pa || !pb) continue;
    const col = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
    out.set(`${Number(pa[2]) - 1},${col(pa[1])}`, col(pb[1]) - col(pa[1]) + 1);
  }
  return out;
}

/**
 * Lines a wrapped text takes in a column `width` characters wide (word by word, as
 * Excel and LibreOffice wrap; bold text is wider). Neither the file format nor
 * LibreOffice sizes rows of wrapped text on load, so the writer sets the height.
 */
export function wrappedLines(text: string, width: number, style: CellStyle): number {
  // A column's width is counted in digit widths; text averages a little narrower.
  const scale = ((style.fontSize ?? 11) / 11) * (style.bold ? 0.92 : 0.85);
  const capacity = Math.max(1, Math.floor((width - 1 - (style.indent ?? 0) * 2) / scale));
  let lines = 0;
  for (const paragraph of text.split("\n")) {
    let used = 0;
    lines++;
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      // A word longer than a line breaks inside the word.
      let w = word.length;
      const need = used === 0 ? w : used + 1 + w;
      if (need <= capacity) {
        used = need;
        continue;
      }
      if (used > 0) lines++;
      while (w > capacity) {
        w -= capacity;
        lines++;
      }
      used = w;
    }
  }
  return lines;
}

/** Row heights (points) for rows holding wrapped text that needs more than one line. */
function rowHeights(model: SheetModel): Map<number, number> {
  const spans = mergeSpans(model);
  const out = new Map<number, number>();
  model.rows.forEach((row, r) => {
    let height = 0;
    row.forEach((c, col) => {
      if (!c?.style?.wrap || typeof c.value !== "string" || c.value === "") return;
      const span = spans.get(`${r},${col}`) ?? 1;
      let width = 0;
      for (let i = 0; i < span; i++) width += model.columnWidths[col + i] ?? 9;
      const lines = wrappedLines(c.value, width, c.style);
      const lineHeight = Math.ceil((c.style.fontSize ?? 11) * 1.36);
      if (lines > 1) height = Math.max(height, lines * lineHeight + 2);
    });
    if (height > 0) out.set(r, height);
  });
  return out;
}

/**
 * A table sheet prints the table itself: columns A to the last framed (boxed) column.
 * Working columns beside the table (the officer's notes in 3.4.2) stay on screen only.
 */
function tablePrintColumns(model: SheetModel): number | undefined {
  if (model.role !== "table") return undefined;
  let last = -1;
  for (const row of model.rows) row.forEach((c, col) => c?.style?.boxed && col > last && (last = col));
  return last >= 0 ? last + 1 : undefined;
}

export function renderSheet(wb: ExcelJS.Workbook, model: SheetModel): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(model.name, {
    views: model.freezeRows ? [{ state: "frozen", ySplit: model.freezeRows }] : undefined,
    pageSetup: model.print
      ? {
          paperSize: 9, // A4
          orientation: model.print.orientation,
          fitToPage: model.print.fitToWidth,
          fitToWidth: 1,
          fitToHeight: 0,
          margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
        }
      : undefined,
  });
  if (model.print?.repeatRows) ws.pageSetup.printTitlesRow = `${model.print.repeatRows[0]}:${model.print.repeatRows[1]}`;
  ws.columns = model.columnWidths.map((w) => ({ width: w }));
  model.rows.forEach((row, r) => {
    row.forEach((c, col) => {
      if (!c) return;
      const cell = ws.getCell(r + 1, col + 1);
      cell.value = cellValue(c);
      applyStyle(cell, c.style);
    });
  });
  for (const m of model.merges) ws.mergeCells(m);
  for (const [r, h] of rowHeights(model)) ws.getRow(r + 1).height = h;
  const printColumns = tablePrintColumns(model);
  if (model.print && printColumns) ws.pageSetup.printArea = `A$1:${columnLetters(printColumns - 1)}$${Math.max(1, model.rows.length)}`; // exceljs prefixes the "$" of the columns
  return ws;
}

export function renderWorkbook(models: readonly SheetModel[]): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = "Avstem";
  wb.calcProperties.fullCalcOnLoad = true;
  for (const m of models) renderSheet(wb, m);
  return wb;
}

export async function writeWorkbookFile(path: string, models: readonly SheetModel[]): Promise<void> {
  await renderWorkbook(models).xlsx.writeFile(path);
}
