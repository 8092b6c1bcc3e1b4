/**
 * Rendering a SheetModel into a new worksheet through office-js. Everything is queued on
 * a WriteBatch, which syncs only when the queued payload would pass the budget, so a
 * report of a few small sheets goes to Excel in one request.
 */
import { at } from "../domain/at";
import { cellAddress, columnLetters } from "../domain/cells";
import { verticalAlign } from "../domain/report/layout-metrics";
import { areaA1, type CellArea, CellModel, CellStyle, ChartModel, PrintSetup, SheetModel, TEXT_FORMAT } from "../domain/report/sheet-model";
import { blockRowsFor, DEFAULT_PAYLOAD_LIMITS, PayloadLimits } from "./office-js-read";

/** Rough request size of a queued call that carries no grid (a format property, a merge). */
const CALL_BYTES = 200;
/** Excel's limit on a cell's text. */
const MAX_CELL_TEXT = 32_767;

/**
 * Collects queued writes and syncs when the next one would push the request past the
 * budget. Calculation stays suspended for each request that carries writes.
 */
export class WriteBatch {
  private pendingBytes = 0;
  private calculationSuspended = false;
  private readonly afterSync: (() => void)[] = [];

  constructor(
    private readonly context: Excel.RequestContext,
    private readonly budgetBytes: number,
  ) {}

  /** Call before queuing a write of about `bytes`. */
  async reserve(bytes: number = CALL_BYTES): Promise<void> {
    if (this.pendingBytes > 0 && this.pendingBytes + bytes > this.budgetBytes) await this.sync();
    if (!this.calculationSuspended) {
      this.context.application.suspendApiCalculationUntilNextSync();
      this.calculationSuspended = true;
    }
    this.pendingBytes += bytes;
  }

  /** Runs `callback` once what is queued so far has reached Excel. */
  whenSynced(callback: () => void): void {
    this.afterSync.push(callback);
  }

  async sync(): Promise<void> {
    await this.context.sync();
    this.pendingBytes = 0;
    this.calculationSuspended = false;
    for (const callback of this.afterSync.splice(0)) callback();
  }
}

type CellInput = string | number | null;

/** The three grids of a row block; a grid is null when it would hold nothing but nulls. */
export interface BlockGrids {
  readonly numberFormat: (string | null)[][] | null;
  readonly values: CellInput[][] | null;
  readonly formulas: (string | null)[][] | null;
}

function clipText(text: string): string {
  return text.length > MAX_CELL_TEXT ? text.slice(0, MAX_CELL_TEXT) : text;
}

/**
 * Number format of a cell. Text gets "@" so Excel stores it as typed: "=SUM(A1)", "+47 …",
 * "2022" or "1/2" stay text instead of becoming a formula, a number or a date.
 */
function cellNumberFormat(cell: CellModel | null): string | null {
  if (cell === null) return null;
  if (cell.formula === undefined && typeof cell.value === "string") return TEXT_FORMAT;
  return cell.style?.numberFormat ?? null;
}

/** Sheet renames to apply to references in formulas and links: requested name → name written. */
export type SheetTargets = ReadonlyMap<string, string>;

const NO_TARGETS: SheetTargets = new Map();

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function quotedSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'!`;
}

/**
 * Points references to other sheets ('Tabell 3.1'!C60, Funn!A1) at the names the sheets
 * are written under. A sheet name only counts as a reference when followed by '!'.
 */
export function retargetSheetReferences(text: string, targets: SheetTargets): string {
  let out = text;
  for (const [from, to] of targets) {
    if (from === to) continue;
    out = out.replace(new RegExp(escapeRegExp(quotedSheet(from)), "gi"), () => quotedSheet(to));
    if (/^[A-Za-z_][A-Za-z0-9_.]*$/.test(from)) {
      out = out.replace(new RegExp(`(^|[^A-Za-z0-9_.'!])${escapeRegExp(from)}!`, "gi"), (_, before: string) => before + quotedSheet(to));
    }
  }
  return out;
}

function cellFormula(cell: CellModel | null, targets: SheetTargets): string | null {
  if (cell?.formula === undefined) return null;
  const formula = retargetSheetReferences(cell.formula, targets);
  return formula.startsWith("=") ? formula : `=${formula}`;
}

function cellInput(cell: CellModel | null): CellInput {
  // A formula cell's value is only what the formula computes; the formula itself is written.
  if (cell === null || cell.formula !== undefined) return null;
  return typeof cell.value === "string" ? clipText(cell.value) : cell.value;
}

function gridOrNull<T>(grid: (T | null)[][]): (T | null)[][] | null {
  return grid.some((row) => row.some((v) => v !== null)) ? grid : null;
}

/** Grids for rows [start, start + count) over `width` columns; null in a grid leaves the cell as it is. */
function blockGrids(rows: SheetModel["rows"], start: number, count: number, width: number, targets: SheetTargets = NO_TARGETS): BlockGrids {
  const numberFormat: (string | null)[][] = [];
  const values: CellInput[][] = [];
  const formulas: (string | null)[][] = [];
  for (let r = start; r < start + count; r++) {
    const cells = Array.from({ length: width }, (_, c) => rows[r]?.[c] ?? null);
    numberFormat.push(cells.map(cellNumberFormat));
    values.push(cells.map(cellInput));
    formulas.push(cells.map((cell) => cellFormula(cell, targets)));
  }
  return { numberFormat: gridOrNull(numberFormat), values: gridOrNull(values), formulas: gridOrNull(formulas) };
}

/** Serialized size of a grid, as it travels in the request. */
function gridBytes(grid: unknown[][] | null): number {
  return grid === null ? 0 : JSON.stringify(grid).length;
}

/**
 * Column width in points for a model width. The model's width is the OOXML `<col width>`
 * (what exceljs writes). ECMA-376 Part 1, §18.3.1.13 turns it into pixels with the maximum
 * digit width of the default font (7 px for Calibri 11): px = trunc((256·w + trunc(128/7)) / 256 · 7);
 * a point is 4/3 px at 96 dpi.
 */
export function columnWidthPoints(width: number): number {
  if (width <= 0) return 0;
  const pixels = Math.trunc(((256 * width + Math.trunc(128 / 7)) / 256) * 7);
  return pixels * 0.75;
}

type VisualStyle = Omit<CellStyle, "numberFormat">;

/** The style minus number format (written with the values) and minus unset or false entries. */
function visualStyle(style: CellStyle | undefined): VisualStyle | null {
  if (!style) return null;
  const entries = Object.entries(style).filter(([key, v]) => key !== "numberFormat" && v !== undefined && v !== false && v !== 0);
  return entries.length === 0 ? null : (Object.fromEntries(entries) as VisualStyle);
}

function styleKey(style: VisualStyle): string {
  return JSON.stringify(Object.entries(style).sort(([a], [b]) => a.localeCompare(b)));
}

/** A rectangle of cells with one style. */
export interface StyledArea {
  readonly row: number;
  readonly column: number;
  rowCount: number;
  readonly columnCount: number;
  readonly style: VisualStyle;
}

/** Runs of adjacent cells with the same style in one row. */
function styleRuns(row: readonly (CellModel | null)[]): { column: number; columnCount: number; style: VisualStyle; key: string }[] {
  const runs: { column: number; columnCount: number; style: VisualStyle; key: string }[] = [];
  row.forEach((cell, c) => {
    const style = visualStyle(cell?.style);
    if (style === null) return;
    const key = styleKey(style);
    const last = runs[runs.length - 1];
    if (last && last.key === key && last.column + last.columnCount === c) last.columnCount++;
    else runs.push({ column: c, columnCount: 1, style, key });
  });
  return runs;
}

/**
 * Cells grouped into as few rectangles of one style as a row-by-row sweep finds: runs per
 * row, stacked with the identical run of the row above. Styles with a top or bottom border
 * are not stacked: Excel would draw them only around the whole rectangle.
 */
export function styleAreas(rows: SheetModel["rows"]): StyledArea[] {
  const areas: StyledArea[] = [];
  let above = new Map<string, StyledArea>();
  rows.forEach((row, r) => {
    const here = new Map<string, StyledArea>();
    for (const run of styleRuns(row)) {
      const id = `${run.column}:${run.columnCount}:${run.key}`;
      const stackable = !run.style.borderTop && !run.style.borderBottom;
      const prev = above.get(id);
      if (prev && stackable) {
        prev.rowCount++;
        here.set(id, prev);
      } else {
        const area: StyledArea = { row: r, column: run.column, rowCount: 1, columnCount: run.columnCount, style: run.style };
        areas.push(area);
        here.set(id, area);
      }
    }
    above = here;
  });
  return areas;
}

const ALIGNMENT = { left: "Left", center: "Center", right: "Right" } as const;

/** Colour of the thin frame of boxed cells (as the exceljs writer draws it). */
const FRAME_COLOR = "#808080";
const RULE_COLOR = "#000000";

function setBorder(format: Excel.RangeFormat, edge: Excel.BorderIndex | `${Excel.BorderIndex}`, style: "Continuous" | "Double", weight?: "Thin" | "Medium", color?: string): void {
  const border = format.borders.getItem(edge);
  border.style = style;
  if (weight) border.weight = weight;
  if (color) border.color = color;
}

const VERTICAL = { top: "Top", middle: "Center" } as const;

/** Queues the format calls of one area. */
function applyStyle(range: Excel.Range, area: StyledArea): void {
  const { style } = area;
  const format = range.format;
  if (style.bold) format.font.bold = true;
  if (style.italic) format.font.italic = true;
  if (style.color) format.font.color = `#${style.color}`;
  if (style.fontSize) format.font.size = style.fontSize;
  if (style.fill) format.fill.color = `#${style.fill}`;
  if (style.align) format.horizontalAlignment = ALIGNMENT[style.align];
  if (style.wrap) format.wrapText = true;
  const vertical = verticalAlign(style);
  if (vertical) format.verticalAlignment = VERTICAL[vertical];
  if (style.indent) format.indentLevel = style.indent;
  if (style.boxed) {
    for (const edge of ["EdgeTop", "EdgeBottom", "EdgeLeft", "EdgeRight"] as const) setBorder(format, edge, "Continuous", "Thin", FRAME_COLOR);
    if (area.columnCount > 1) setBorder(format, "InsideVertical", "Continuous", "Thin", FRAME_COLOR);
    if (area.rowCount > 1) setBorder(format, "InsideHorizontal", "Continuous", "Thin", FRAME_COLOR);
  }
  // A rule above or below is black (automatic, as the exceljs writer leaves it), also over a frame.
  if (style.borderTop) setBorder(format, "EdgeTop", "Continuous", style.borderTop === "medium" ? "Medium" : "Thin", RULE_COLOR);
  if (style.borderBottom === "double") setBorder(format, "EdgeBottom", "Double", undefined, RULE_COLOR);
  else if (style.borderBottom) setBorder(format, "EdgeBottom", "Continuous", style.borderBottom === "medium" ? "Medium" : "Thin", RULE_COLOR);
}

async function writeColumnWidths(batch: WriteBatch, sheet: Excel.Worksheet, widths: readonly number[]): Promise<void> {
  for (let c = 0; c < widths.length;) {
    const width = at(widths, c, "column");
    let end = c;
    while (end + 1 < widths.length && widths[end + 1] === width) end++;
    await batch.reserve();
    sheet.getRange(`${columnLetters(c)}:${columnLetters(end)}`).format.columnWidth = columnWidthPoints(width);
    c = end + 1;
  }
}

/** Row heights, one call per run of adjacent rows of the same height. */
async function writeRowHeights(batch: WriteBatch, sheet: Excel.Worksheet, heights: Readonly<Record<number, number>>): Promise<void> {
  const rows = Object.entries(heights)
    .map(([row, height]) => ({ row: Number(row), height }))
    .sort((a, b) => a.row - b.row);
  for (let i = 0; i < rows.length;) {
    const first = at(rows, i, "row");
    let last = first;
    for (let next = rows[i + 1]; next && next.row === last.row + 1 && next.height === first.height; next = rows[i + 1]) {
      last = next;
      i++;
    }
    await batch.reserve();
    sheet.getRange(`${first.row + 1}:${last.row + 1}`).format.rowHeight = first.height;
    i++;
  }
}

/** Values in row blocks: per block one number-format grid (before the values, so text stays text), one values grid, one formulas grid. */
async function writeCells(batch: WriteBatch, sheet: Excel.Worksheet, rows: SheetModel["rows"], limits: PayloadLimits, targets: SheetTargets): Promise<void> {
  const width = rows.reduce((max, row) => Math.max(max, row.length), 0);
  if (width === 0) return;
  const blockRows = blockRowsFor(width, limits);
  for (let start = 0; start < rows.length; start += blockRows) {
    const count = Math.min(blockRows, rows.length - start);
    const grids = blockGrids(rows, start, count, width, targets);
    await batch.reserve(gridBytes(grids.numberFormat) + gridBytes(grids.values) + gridBytes(grids.formulas) + CALL_BYTES);
    const range = sheet.getRangeByIndexes(start, 0, count, width);
    if (grids.numberFormat) range.numberFormat = grids.numberFormat;
    if (grids.values) range.values = grids.values;
    if (grids.formulas) range.formulas = grids.formulas;
  }
}

async function writeStyles(batch: WriteBatch, sheet: Excel.Worksheet, rows: SheetModel["rows"]): Promise<void> {
  for (const area of styleAreas(rows)) {
    // About one call per style entry, plus up to six for borders.
    await batch.reserve(CALL_BYTES * (Object.keys(area.style).length + 6));
    applyStyle(sheet.getRangeByIndexes(area.row, area.column, area.rowCount, area.columnCount), area);
  }
}

async function writeMerges(batch: WriteBatch, sheet: Excel.Worksheet, merges: readonly CellArea[]): Promise<void> {
  for (const area of merges) {
    await batch.reserve();
    sheet.getRange(areaA1(area)).merge(false);
  }
}

/**
 * Hyperlinks to cells of other sheets. Excel does not follow a rename into a link, so
 * links are written once the sheets have their final names, with `targets` mapping
 * requested names to those.
 */
export async function writeLinks(batch: WriteBatch, sheet: Excel.Worksheet, rows: SheetModel["rows"], targets: SheetTargets): Promise<void> {
  for (const [r, row] of rows.entries()) {
    for (const [c, cell] of row.entries()) {
      if (!cell?.link) continue;
      await batch.reserve();
      const textToDisplay = cell.value === null ? cell.link : String(cell.value);
      const documentReference = retargetSheetReferences(cell.link.replace(/^#/, ""), targets);
      sheet.getRange(cellAddress(r, c)).hyperlink = { documentReference, textToDisplay };
    }
  }
}

function writePrintSetup(sheet: Excel.Worksheet, print: PrintSetup): void {
  const layout = sheet.pageLayout;
  layout.orientation = print.orientation === "landscape" ? "Landscape" : "Portrait";
  layout.paperSize = "A4";
  // One page wide, as many pages tall as needed.
  if (print.fitToWidth) layout.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
  if (print.repeatRows) layout.setPrintTitleRows(`$${print.repeatRows[0]}:$${print.repeatRows[1]}`);
}

/**
 * Queues the cells of `model`: number formats, values and formulas, then the styles of the
 * cells (font, fill, borders, alignment). All of it travels with a range copy, so it may be
 * written to a staging sheet. `targets` maps the requested names of the sheets being written
 * to the names they have now, so formulas refer to the sheets written.
 */
export async function renderCells(
  batch: WriteBatch,
  sheet: Excel.Worksheet,
  model: SheetModel,
  targets: SheetTargets = NO_TARGETS,
  limits: PayloadLimits = DEFAULT_PAYLOAD_LIMITS,
): Promise<void> {
  await writeCells(batch, sheet, model.rows, limits, targets);
  await writeStyles(batch, sheet, model.rows);
}

/** Queues what a range copy does not carry: column widths, merges, row heights. Set on the sheet itself. */
export async function renderFormats(batch: WriteBatch, sheet: Excel.Worksheet, model: SheetModel): Promise<void> {
  await writeColumnWidths(batch, sheet, model.columnWidths);
  await writeMerges(batch, sheet, model.merges);
  if (model.rowHeights) await writeRowHeights(batch, sheet, model.rowHeights);
}

/** One best-effort setting of a sheet: what it is (for the officer, if it fails) and the calls that make it. */
export interface CosmeticTask {
  readonly label: string;
  readonly bytes: number;
  readonly queue: () => void;
}

/**
 * Page layout, print area, freeze panes, charts and page breaks: what Excel may refuse for
 * reasons of its own (a printer driver, a chart source). They go in a request after the data,
 * so a refusal costs the look, never the tables.
 */
export function cosmeticTasks(sheet: Excel.Worksheet, model: SheetModel): CosmeticTask[] {
  const tasks: CosmeticTask[] = [];
  if (model.freezeRows) {
    const rows = model.freezeRows;
    tasks.push({ label: `frysing av de ${rows} øverste radene`, bytes: CALL_BYTES, queue: () => sheet.freezePanes.freezeRows(rows) });
  }
  if (model.print) {
    const print = model.print;
    tasks.push({ label: "utskriftsoppsett (papir, retning, tilpassing, utskriftstitler)", bytes: CALL_BYTES * 4, queue: () => writePrintSetup(sheet, print) });
  }
  if (model.printArea) {
    const area = areaA1(model.printArea);
    tasks.push({ label: `utskriftsområde ${area}`, bytes: CALL_BYTES, queue: () => sheet.pageLayout.setPrintArea(area) });
  }
  for (const chart of model.charts ?? []) {
    if (!chart.series[0]) continue;
    tasks.push({ label: `diagrammet «${chart.title}»`, bytes: CALL_BYTES * (4 + 4 * chart.series.length), queue: () => queueChart(sheet, chart) });
  }
  return tasks;
}

/**
 * Native charts (ExcelApi 1.7): added over the first series' values, then every series
 * gets its name, values and categories from the model's ranges, so Excel's guesses about
 * the source range play no part.
 */
const CHART_TYPES: Record<ChartModel["kind"], "Pie" | "ColumnClustered" | "Line"> = { pie: "Pie", bar: "ColumnClustered", line: "Line" };

function queueChart(sheet: Excel.Worksheet, model: ChartModel): void {
  const first = at(model.series, 0, "chart series");
  const v = first.valuesRange;
  const chart = sheet.charts.add(CHART_TYPES[model.kind], sheet.getRange(areaA1(v)), v.bottom - v.top >= v.right - v.left ? "Columns" : "Rows");
  chart.title.text = model.title;
  const { row, column } = model.anchor;
  chart.setPosition(cellAddress(row, column), cellAddress(row + model.size.rows - 1, column + model.size.columns - 1));
  model.series.forEach((s, i) => {
    const series = i === 0 ? chart.series.getItemAt(0) : chart.series.add(s.name);
    series.name = s.name;
    series.setValues(sheet.getRange(areaA1(s.valuesRange)));
    series.setXAxisValues(sheet.getRange(areaA1(s.categoriesRange)));
  });
  chart.legend.position = "Bottom";
  // A page break above the chart's first row (ExcelApi 1.9).
  if (model.pageBreakBefore && row > 0) sheet.horizontalPageBreaks.add(cellAddress(row, 0));
}

/**
 * Queues the removal of an earlier output's content from a sheet that is kept (so formulas
 * and names that point at it keep working): cells, formats, merges, links, charts, page
 * breaks, frozen panes, widths and heights. `charts` are the sheet's loaded charts.
 */
export async function clearSheet(batch: WriteBatch, sheet: Excel.Worksheet, charts: readonly Excel.Chart[]): Promise<void> {
  await batch.reserve(CALL_BYTES * (6 + charts.length));
  for (const chart of charts) chart.delete();
  const all = sheet.getRange();
  all.unmerge();
  all.clear("All");
  all.format.useStandardWidth = true;
  all.format.useStandardHeight = true;
  sheet.freezePanes.unfreeze();
  sheet.horizontalPageBreaks.removePageBreaks();
}
