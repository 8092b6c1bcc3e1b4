import type ExcelJS from "exceljs";
import { EventEmitter } from "events";
import { addCharts } from "../../src/workbook/xlsx-charts";
import { addPart, type ZipParts } from "../../src/workbook/xlsx-zip";
import { verticalAlign } from "../../src/domain/report/layout-metrics";
import { areaA1, type CellArea, CellModel, CellStyle, SheetModel, TEXT_FORMAT } from "../../src/domain/report/sheet-model";

/**
 * exceljs's Workbook alone: the package's entry also loads its streaming reader and writer
 * (unzipper, archiver's kin, fast-csv), about a third of what it costs to load, none of it used here.
 */
const Workbook = require("exceljs/lib/doc/workbook") as typeof ExcelJS.Workbook;

/** The column width exceljs treats as default and does not write. */
const EXCELJS_DEFAULT_WIDTH = 9;

/**
 * The exceljs report writer that src/workbook/xlsx-writer.ts replaced, kept for the tests as
 * the reference: exceljs's files are the ones Excel has been opening, and
 * test/xlsx-writer.test.ts checks that the new writer writes the same parts, byte for byte.
 * Not used by the command line or the add-in.
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

/**
 * A cell's exceljs style: the model's style, and text formatted as text (as the office-js writer
 * must do so Excel keeps it as typed). One object per distinct style, shared by its cells:
 * exceljs recognises a style object it has seen (a WeakMap) and otherwise renders each cell's
 * style as XML to find its twin, most of the time it takes to write the report. Never changed
 * once made (a cell's style setters would change every cell that shares it). A cell without a
 * style shares an empty one: exceljs would give each its own, and render each to XML.
 */
function styleOf(style: CellStyle | undefined, text: boolean, cache: Map<string, Partial<ExcelJS.Style>>): Partial<ExcelJS.Style> {
  const key = `${text ? "t" : "-"}${style ? JSON.stringify(style) : ""}`;
  let out = cache.get(key);
  if (out) return out;
  out = {};
  if (style) {
    const f = font(style);
    if (f) out.font = f;
    if (style.numberFormat) out.numFmt = style.numberFormat;
    if (style.align || style.wrap || style.indent) {
      out.alignment = {
        ...(style.align ? { horizontal: style.align } : {}),
        ...(style.wrap ? { wrapText: true, vertical: verticalAlign(style) } : {}),
        ...(style.indent ? { indent: style.indent } : {}),
      };
    }
    if (style.fill) out.fill = { type: "pattern", pattern: "solid", fgColor: { argb: `FF${style.fill}` } };
    const border: Partial<ExcelJS.Borders> = {};
    if (style.boxed) Object.assign(border, { top: thin, bottom: thin, left: thin, right: thin });
    if (style.borderTop) border.top = { style: style.borderTop };
    if (style.borderBottom) border.bottom = { style: style.borderBottom };
    if (Object.keys(border).length) out.border = border;
  }
  if (text) out.numFmt = TEXT_FORMAT;
  cache.set(key, out);
  return out;
}

function cellValue(c: CellModel): ExcelJS.CellValue {
  if (c.formula) return { formula: c.formula, result: c.value ?? undefined } as ExcelJS.CellFormulaValue;
  if (c.link && typeof c.value === "string") return { text: c.value, hyperlink: `#${c.link}` };
  // Strings are set as strings: exceljs never turns a string into a formula, whatever it starts with.
  return c.value;
}

/** "A$1:F$40": exceljs puts the "$" before the columns itself. */
function exceljsPrintArea(area: CellArea): string {
  return areaA1(area).replace(/([A-Z]+)(\d+)/g, "$1$$$2");
}

function renderSheet(wb: ExcelJS.Workbook, model: SheetModel, styles: Map<string, Partial<ExcelJS.Style>>): ExcelJS.Worksheet {
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
  // exceljs leaves out a column of width 9 (its default) and the column then gets the
  // sheet's default, 8.43; a hair more keeps the width the model asks for.
  ws.columns = model.columnWidths.map((w) => ({ width: w === EXCELJS_DEFAULT_WIDTH ? w + 1e-6 : w }));
  model.rows.forEach((row, r) => {
    row.forEach((c, col) => {
      if (!c) return;
      const cell = ws.getCell(r + 1, col + 1);
      cell.value = cellValue(c);
      cell.style = styleOf(c.style, c.formula === undefined && typeof c.value === "string", styles) as ExcelJS.Style;
    });
  });
  for (const m of model.merges) ws.mergeCells(areaA1(m));
  for (const [r, h] of Object.entries(model.rowHeights ?? {})) ws.getRow(Number(r) + 1).height = h;
  if (model.printArea) ws.pageSetup.printArea = exceljsPrintArea(model.printArea);
  // A break after the row above the chart (exceljs numbers rows from 1).
  for (const chart of model.charts ?? []) if (chart.pageBreakBefore && chart.anchor.row > 0) ws.getRow(chart.anchor.row).addPageBreak();
  return ws;
}

function renderWorkbook(models: readonly SheetModel[]): ExcelJS.Workbook {
  const wb = new Workbook();
  wb.creator = "Avstem";
  wb.calcProperties.fullCalcOnLoad = true;
  const styles = new Map<string, Partial<ExcelJS.Style>>();
  for (const m of models) renderSheet(wb, m, styles);
  return wb;
}

/** exceljs's zip writer (jszip), looked up by exceljs's xlsx writer each time it writes. */
const zipStream = require("exceljs/lib/utils/zip-stream") as { ZipWriter: new (options?: unknown) => unknown };

/** Takes the parts exceljs writes, in order, in place of its jszip writer. */
class PartCollector extends EventEmitter {
  readonly parts: ZipParts = new Map();

  pipe(): void {}

  append(data: string | Uint8Array, options: { name: string; base64?: boolean }): void {
    addPart(this.parts, options.name, typeof data === "string" ? Buffer.from(data, options.base64 ? "base64" : "utf8") : Buffer.from(data));
  }

  finalize(): void {
    this.emit("finish");
  }
}

/**
 * The parts exceljs writes for a workbook, not zipped: jszip would encode, checksum (in
 * JavaScript) and pack them only for xlsx-zip to take the package apart again. exceljs
 * makes its zip writer first thing, synchronously, when it starts writing; the collector
 * stands in for exactly that call, so no other write sees it.
 */
async function writeParts(wb: ExcelJS.Workbook): Promise<ZipParts> {
  const original = zipStream.ZipWriter;
  const collector = new PartCollector();
  let made = false;
  // `new` of a function that returns an object gives that object.
  zipStream.ZipWriter = function ZipWriter() {
    made = true;
    return collector;
  } as unknown as typeof zipStream.ZipWriter;
  let written: Promise<unknown>;
  try {
    written = (wb.xlsx as unknown as { write(stream: unknown, options: object): Promise<unknown> }).write(null, {});
  } finally {
    zipStream.ZipWriter = original;
  }
  await written;
  if (!made) throw new Error("exceljs wrote the workbook without its zip writer");
  return collector.parts;
}

/**
 * The report as .xlsx bytes: the parts exceljs writes, plus the models' native charts
 * (xlsx-charts), each part deflated once with Node's zlib (xlsx-zip): exceljs's own
 * deflate is JavaScript, and the charts step would inflate and deflate its package again.
 */
export async function renderWorkbookBuffer(models: readonly SheetModel[]): Promise<Buffer> {
  return addCharts(await writeParts(renderWorkbook(models)), models);
}
