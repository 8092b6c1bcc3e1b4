import ExcelJS from "exceljs";
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
      ...(style.wrap ? { wrapText: true, vertical: "top" } : {}),
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
