import ExcelJS from "exceljs";
import JSZip from "jszip";
import * as path from "path";
import { runPipeline, Report } from "../src/domain/pipeline";
import { cellArea, type SheetModel } from "../src/domain/report/sheet-model";
import { readWorkbookFile } from "../src/workbook/exceljs-reader";
import { renderWorkbookBuffer } from "../src/workbook/xlsx-writer";
import { OfficeJsWorkbook } from "../src/workbook/office-js";
import { columnWidthPoints } from "../src/workbook/office-js-render";
import { a1Area, FakeSheet, FakeWorkbook, parseArea } from "./helpers/office-mock";
import { group } from "../src/domain/at";

/**
 * Same model in, same tables out: the example report written by the report writer (a
 * file, read back with exceljs) and by the office-js adapter (into the fake Excel) hold
 * the same cells — value, formula, number format, font, fill, alignment, borders, links —
 * and the same merges, column widths, row heights, frozen rows, print setup and charts.
 */

const EXAMPLE = path.join(__dirname, "..", "examples", "uke-2022", "input.xlsx");

/** Everything a writer decides about one cell, in one vocabulary. */
interface CellView {
  value: string | number | boolean | null;
  formula: string | null;
  numberFormat: string;
  bold: boolean;
  italic: boolean;
  color: string;
  size: number;
  fill: string | null;
  horizontal: string | null;
  vertical: string | null;
  wrap: boolean;
  indent: number;
  top: string | null;
  bottom: string | null;
  left: string | null;
  right: string | null;
  link: string | null;
}

function emptyView(): CellView {
  return {
    value: null,
    formula: null,
    numberFormat: "General",
    bold: false,
    italic: false,
    color: "000000",
    size: 11,
    fill: null,
    horizontal: null,
    vertical: null,
    wrap: false,
    indent: 0,
    top: null,
    bottom: null,
    left: null,
    right: null,
    link: null,
  };
}

interface SheetView {
  cells: Map<string, CellView>;
  merges: string[];
  /** Column widths in points. */
  widths: number[];
  heights: Record<number, number>;
  frozenRows: number;
  print: { orientation: string; paperSize: string; fitToWidth: boolean; titleRows: string | null; printArea: string | null };
}

/** A chart as both writers can be read back: type, title, cells covered, series ranges (no sheet, no "$"). */
interface ChartView {
  type: string;
  title: string;
  from: string;
  to: string;
  series: { name: string; values: string; categories: string }[];
}

/** The charts and manual page breaks (0-based rows a new page starts at) of each sheet. */
interface Graphics {
  charts: ChartView[];
  breaks: number[];
}

const rgb = (argb: string | undefined, fallback: string): string => (argb ? argb.replace(/^#/, "").slice(-6).toUpperCase() : fallback);

function borderText(style: string | undefined, color: string | undefined): string | null {
  return style ? `${style}:${rgb(color, "000000")}` : null;
}

// --- exceljs -----------------------------------------------------------------------------

function exceljsView(ws: ExcelJS.Worksheet, model: SheetModel): SheetView {
  const cells = new Map<string, CellView>();
  ws.eachRow({ includeEmpty: false }, (row, r) =>
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      // exceljs shows a merged area's master cell in every cell of it; Excel holds it in the first.
      if (cell.isMerged && cell.master.address !== cell.address) return;
      const v = emptyView();
      const raw = cell.value;
      if (raw !== null && typeof raw === "object" && "formula" in raw) v.formula = (raw as ExcelJS.CellFormulaValue).formula;
      else if (raw !== null && typeof raw === "object" && "hyperlink" in raw) {
        v.value = (raw as ExcelJS.CellHyperlinkValue).text as string;
        v.link = (raw as ExcelJS.CellHyperlinkValue).hyperlink.replace(/^#/, "");
      } else v.value = raw as string | number | boolean | null;
      v.numberFormat = cell.numFmt ?? "General";
      const font = cell.font ?? {};
      v.bold = !!font.bold;
      v.italic = !!font.italic;
      v.color = rgb(font.color?.argb, "000000");
      v.size = font.size ?? 11;
      const fill = cell.fill as ExcelJS.FillPattern | undefined;
      v.fill = fill?.type === "pattern" && fill.pattern === "solid" ? rgb(fill.fgColor?.argb, "000000") : null;
      const al = cell.alignment ?? {};
      v.horizontal = al.horizontal ?? null;
      v.vertical = al.vertical ?? null;
      v.wrap = !!al.wrapText;
      v.indent = al.indent ?? 0;
      const b = cell.border ?? {};
      v.top = borderText(b.top?.style, b.top?.color?.argb);
      v.bottom = borderText(b.bottom?.style, b.bottom?.color?.argb);
      v.left = borderText(b.left?.style, b.left?.color?.argb);
      v.right = borderText(b.right?.style, b.right?.color?.argb);
      cells.set(`${r - 1},${c - 1}`, v);
    }),
  );
  const heights: Record<number, number> = {};
  for (let r = 1; r <= ws.rowCount; r++) {
    const h = ws.getRow(r).height;
    if (h !== undefined && h !== null) heights[r - 1] = h;
  }
  const ps = ws.pageSetup;
  const view = (ws.views ?? [])[0] as Partial<ExcelJS.WorksheetViewFrozen> | undefined;
  return {
    cells,
    merges: [...((ws.model as unknown as { merges: string[] }).merges ?? [])].sort(),
    widths: model.columnWidths.map((_, i) => columnWidthPoints(ws.getColumn(i + 1).width ?? 0)),
    heights,
    frozenRows: view?.state === "frozen" ? (view.ySplit ?? 0) : 0,
    print: {
      orientation: ps.orientation ?? "portrait",
      paperSize: ps.paperSize === 9 ? "A4" : String(ps.paperSize),
      fitToWidth: !!ps.fitToPage && ps.fitToWidth === 1,
      titleRows: ps.printTitlesRow ? ps.printTitlesRow.replace(/\$/g, "") : null,
      printArea: ps.printArea ? ps.printArea.replace(/\$/g, "") : null,
    },
  };
}

// --- the fake Excel ----------------------------------------------------------------------

const H_ALIGN: Record<string, string> = { Left: "left", Center: "center", Right: "right" };
const V_ALIGN: Record<string, string> = { Top: "top", Center: "middle", Bottom: "bottom" };

type Edge = { style?: string; weight?: string; color?: string };

function edgeText(e: Edge | undefined): string | null {
  if (!e?.style || e.style === "None") return null;
  const style = e.style === "Double" ? "double" : (e.weight ?? "Thin").toLowerCase();
  return `${style}:${rgb(e.color, "000000")}`;
}

function fakeView(sheet: FakeSheet, model: SheetModel): SheetView {
  const cells = new Map<string, CellView>();
  const view = (r: number, c: number): CellView => {
    const key = `${r},${c}`;
    if (!cells.has(key)) cells.set(key, emptyView());
    return cells.get(key)!;
  };
  for (const [key, cell] of sheet.cells) {
    const [r = -1, c = -1] = key.split(",").map(Number);
    const v = view(r, c);
    v.value = cell.formula ? null : cell.value;
    v.formula = cell.formula ? cell.formula.replace(/^=/, "") : null;
    v.numberFormat = cell.numberFormat;
  }
  // Borders per cell edge, from edge and inside-line calls on areas.
  const edges = new Map<string, Edge>();
  const edge = (r: number, c: number, side: string): Edge => {
    const key = `${r},${c},${side}`;
    if (!edges.has(key)) edges.set(key, {});
    return edges.get(key)!;
  };
  for (const f of sheet.formats) {
    if (f.property === "columnWidth" || f.property === "rowHeight") continue;
    const a = parseArea(f.address);
    for (let r = a.row; r < a.row + a.rowCount; r++) {
      for (let c = a.column; c < a.column + a.columnCount; c++) {
        const m = /^borders\.(\w+)\.(\w+)$/.exec(f.property);
        if (m) {
          const [, index, prop = ""] = m;
          const sides: string[] = [];
          if (index === "EdgeTop" && r === a.row) sides.push("top");
          if (index === "EdgeBottom" && r === a.row + a.rowCount - 1) sides.push("bottom");
          if (index === "EdgeLeft" && c === a.column) sides.push("left");
          if (index === "EdgeRight" && c === a.column + a.columnCount - 1) sides.push("right");
          if (index === "InsideHorizontal") {
            if (r > a.row) sides.push("top");
            if (r < a.row + a.rowCount - 1) sides.push("bottom");
          }
          if (index === "InsideVertical") {
            if (c > a.column) sides.push("left");
            if (c < a.column + a.columnCount - 1) sides.push("right");
          }
          for (const side of sides) (edge(r, c, side) as Record<string, unknown>)[prop] = f.value;
          view(r, c);
          continue;
        }
        const v = view(r, c);
        const value = f.value;
        switch (f.property) {
          case "font.bold":
            v.bold = value as boolean;
            break;
          case "font.italic":
            v.italic = value as boolean;
            break;
          case "font.color":
            v.color = rgb(value as string, "000000");
            break;
          case "font.size":
            v.size = value as number;
            break;
          case "fill.color":
            v.fill = rgb(value as string, "000000");
            break;
          case "horizontalAlignment":
            v.horizontal = H_ALIGN[value as string] ?? null;
            break;
          case "verticalAlignment":
            v.vertical = V_ALIGN[value as string] ?? null;
            break;
          case "wrapText":
            v.wrap = value as boolean;
            break;
          case "indentLevel":
            v.indent = value as number;
            break;
          default:
            throw new Error(`format property the comparison does not know: ${f.property}`);
        }
      }
    }
  }
  for (const [key, e] of edges) {
    const [r, c, side = ""] = key.split(",");
    (view(Number(r), Number(c)) as unknown as Record<string, string | null>)[side] = edgeText(e);
  }
  for (const [address, link] of sheet.hyperlinks) {
    const a = parseArea(address);
    view(a.row, a.column).link = (link as { documentReference: string }).documentReference;
  }
  const layout = sheet.pageLayout as { orientation?: string; paperSize?: string; zoom?: { horizontalFitToPages?: number }; printTitleRows?: string; printArea?: string };
  return {
    cells,
    merges: [...sheet.merges].sort(),
    widths: model.columnWidths.map((_, i) => sheet.columnWidths.get(i) ?? 0),
    heights: Object.fromEntries(sheet.rowHeights),
    frozenRows: sheet.frozenRows,
    print: {
      orientation: (layout.orientation ?? "Portrait").toLowerCase(),
      paperSize: layout.paperSize ?? "",
      fitToWidth: layout.zoom?.horizontalFitToPages === 1,
      titleRows: layout.printTitleRows ? layout.printTitleRows.replace(/\$/g, "") : null,
      printArea: layout.printArea ?? null,
    },
  };
}

function fakeGraphics(sheet: FakeSheet): Graphics {
  return {
    charts: sheet.charts.map((c) => ({
      type: c.type,
      title: c.title ?? "",
      from: c.position?.start ?? "",
      to: c.position?.end ?? "",
      series: c.series.map((s) => ({ name: s.name ?? "", values: s.values ?? "", categories: s.xAxisValues ?? "" })),
    })),
    breaks: [...sheet.rowBreaks],
  };
}

// --- charts and page breaks in the .xlsx package -------------------------------------------

const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1] ?? "";
const unescape = (t: string) =>
  t
    .replace(/&apos;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

/** Relationship targets by id, resolved against the folder of the part they belong to. */
async function rels(zip: JSZip, part: string): Promise<Map<string, string>> {
  const dir = part.slice(0, part.lastIndexOf("/"));
  const file = zip.file(`${dir}/_rels/${part.slice(dir.length + 1)}.rels`);
  const out = new Map<string, string>();
  if (!file) return out;
  for (const tag of (await file.async("string")).match(/<Relationship\b[^>]*>/g) ?? []) {
    const target = attr(tag, "Target");
    out.set(attr(tag, "Id"), path.posix.normalize(target.startsWith("/") ? target.slice(1) : `${dir}/${target}`));
  }
  return out;
}

async function fileGraphics(xlsx: Buffer): Promise<Map<string, Graphics>> {
  const zip = await JSZip.loadAsync(xlsx);
  const workbookRels = await rels(zip, "xl/workbook.xml");
  const out = new Map<string, Graphics>();
  for (const tag of (await zip.file("xl/workbook.xml")!.async("string")).match(/<sheet\b[^>]*>/g) ?? []) {
    const sheetPart = workbookRels.get(attr(tag, "r:id"))!;
    const sheetXml = await zip.file(sheetPart)!.async("string");
    // <brk id="N"/>: a break after row N (1-based), so a page starts at 0-based row N.
    const breaks = (sheetXml.match(/<brk\b[^>]*>/g) ?? []).map((b) => Number(attr(b, "id")));
    const charts: ChartView[] = [];
    const drawingId = /<drawing r:id="([^"]+)"/.exec(sheetXml)?.[1];
    if (drawingId) {
      const drawingPart = (await rels(zip, sheetPart)).get(drawingId)!;
      const drawingRels = await rels(zip, drawingPart);
      for (const anchor of (await zip.file(drawingPart)!.async("string")).match(/<xdr:twoCellAnchor[\s\S]*?<\/xdr:twoCellAnchor>/g) ?? []) {
        const marker = (tag: string) => {
          const m = new RegExp(`<xdr:${tag}><xdr:col>(\\d+)</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>(\\d+)</xdr:row>`).exec(anchor)!;
          return { col: Number(m[1]), row: Number(m[2]) };
        };
        const from = marker("from");
        const to = marker("to");
        const chartXml = await zip.file(drawingRels.get(group(/<c:chart [^>]*r:id="([^"]+)"/.exec(anchor)!, 1))!)!.async("string");
        const local = (f: string) => unescape(f).replace(/^.*!/, "").replace(/\$/g, "");
        charts.push({
          type: chartXml.includes("<c:pieChart>")
            ? "Pie"
            : chartXml.includes("<c:lineChart>")
              ? "Line"
              : /<c:barDir val="col"\/><c:grouping val="clustered"\/>/.test(chartXml)
                ? "ColumnClustered"
                : "other",
          title: unescape(/<a:t>([^<]*)<\/a:t>/.exec(chartXml)?.[1] ?? ""),
          from: a1Area(from.row, from.col, 1, 1),
          // The "to" marker is the cell after the chart (offset 0).
          to: a1Area(to.row - 1, to.col - 1, 1, 1),
          series: (chartXml.match(/<c:ser>[\s\S]*?<\/c:ser>/g) ?? []).map((ser) => ({
            name: unescape(/<c:tx><c:v>([^<]*)<\/c:v><\/c:tx>/.exec(ser)?.[1] ?? ""),
            values: local(/<c:val><c:numRef><c:f>([^<]*)<\/c:f>/.exec(ser)?.[1] ?? ""),
            categories: local(/<c:cat><c:strRef><c:f>([^<]*)<\/c:f>/.exec(ser)?.[1] ?? ""),
          })),
        });
      }
    }
    out.set(unescape(attr(tag, "name")), { charts, breaks });
  }
  return out;
}

/** A cell the writer left untouched looks like an empty cell. */
function isBlankView(v: CellView | undefined): boolean {
  return v === undefined || JSON.stringify(v) === JSON.stringify(emptyView());
}

let report: Report;
/** The annual report's sheets, then the tertial sheets of the same example (2nd tertial). */
let sheets: SheetModel[];
let fromFile: Map<string, SheetView>;
let fromExcel: Map<string, SheetView>;
let fileCharts: Map<string, Graphics>;
let excelCharts: Map<string, Graphics>;

beforeAll(async () => {
  const grids = await readWorkbookFile(EXAMPLE);
  report = runPipeline({ grids });
  sheets = [...report.sheets, ...runPipeline({ grids, period: { year: 2022, month: 8 } }).sheets.filter((m) => m.name.startsWith("Tertial "))];
  // The file as the command line writes it: the report writer (xlsx-writer) plus the charts.
  const buffer = await renderWorkbookBuffer(sheets);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  fromFile = new Map(sheets.map((m) => [m.name, exceljsView(wb.getWorksheet(m.name)!, m)]));
  fileCharts = await fileGraphics(buffer);

  const fake = new FakeWorkbook();
  const written = await new OfficeJsWorkbook(fake.run).writeSheets(sheets);
  expect(written.map((w) => w.name)).toEqual(sheets.map((m) => m.name));
  fromExcel = new Map(sheets.map((m) => [m.name, fakeView(fake.sheet(m.name)!, m)]));
  excelCharts = new Map(sheets.map((m) => [m.name, fakeGraphics(fake.sheet(m.name)!)]));
});

test("the example report has the sheets the comparison covers", () => {
  expect(report.sheets.map((s) => s.name)).toEqual(["Tabell 3.1", "Tabell 3.3", "Tabell 3.4.1", "Tabell 3.4.2", "Kontroll", "Reguleringer", "Grunnlag"]);
  // Wrapped drafts and headers make some rows taller; table sheets print the table only.
  expect(report.sheets.reduce((n, s) => n + Object.keys(s.rowHeights ?? {}).length, 0)).toBeGreaterThan(3);
  expect(report.sheets.filter((s) => s.printArea).map((s) => s.name)).toEqual(["Tabell 3.1", "Tabell 3.3", "Tabell 3.4.1", "Tabell 3.4.2"]);
});

function cellDifferences(name: string, a: SheetView, b: SheetView): { differences: string[]; compared: number } {
  const keys = new Set([...a.cells.keys(), ...b.cells.keys()]);
  let compared = 0;
  const differences: string[] = [];
  for (const key of [...keys].sort()) {
    const x = a.cells.get(key);
    const y = b.cells.get(key);
    if (isBlankView(x) && isBlankView(y)) continue;
    compared++;
    for (const f of Object.keys(emptyView()) as (keyof CellView)[]) {
      const xv = x?.[f] ?? emptyView()[f];
      const yv = y?.[f] ?? emptyView()[f];
      if (xv !== yv) differences.push(`${name} ${key} ${f}: file ${JSON.stringify(xv)}, Excel ${JSON.stringify(yv)}`);
    }
  }
  return { differences, compared };
}

function expectSameLayout(a: SheetView, b: SheetView): void {
  expect(b.merges).toEqual(a.merges);
  expect(b.widths.length).toBeGreaterThan(0);
  // Points from the same OOXML width, by the same rule: equal to the pixel.
  b.widths.forEach((w, i) => expect(`${i}: ${w}`).toBe(`${i}: ${a.widths[i]}`));
  expect(b.heights).toEqual(a.heights);
  expect(b.frozenRows).toBe(a.frozenRows);
  expect(b.print).toEqual(a.print);
}

describe.each(["Tabell 3.1", "Tabell 3.3", "Tabell 3.4.1", "Tabell 3.4.2", "Kontroll", "Reguleringer", "Grunnlag", "Tertial Drift", "Tertial Investering", "Tertial Prosjekter"])(
  "%s",
  (name) => {
    test("every cell: value, formula, number format, font, fill, alignment, borders, link", () => {
      const model = sheets.find((s) => s.name === name)!;
      const { differences, compared } = cellDifferences(name, fromFile.get(name)!, fromExcel.get(name)!);
      expect(differences.slice(0, 20)).toEqual([]);
      // Every model cell was compared.
      const modelCells = model.rows.reduce((n, row) => n + row.filter((c) => c !== null).length, 0);
      expect(compared).toBeGreaterThanOrEqual(modelCells);
    });

    test("merges, column widths, row heights, frozen rows, print setup", () => {
      expectSameLayout(fromFile.get(name)!, fromExcel.get(name)!);
    });

    test("charts (type, title, cells covered, series) and page breaks", () => {
      expect(excelCharts.get(name)).toEqual(fileCharts.get(name));
    });
  },
);

test("the chart comparison sees the charts", () => {
  expect([...fileCharts.values()].map((g) => g.charts.length)).toEqual([2, 2, 0, 1, 0, 0, 0, 1, 1, 0]);
  // The tertial sheets' month chart: lines, three series over the month block, on a page of its own.
  expect(fileCharts.get("Tertial Drift")!.charts[0]).toMatchObject({
    type: "Line",
    series: [{ name: "Regnskap 2022" }, { name: "Regnskap 2021" }, { name: "Regulert budsjett 2022" }],
  });
  expect(fileCharts.get("Tertial Drift")!.breaks).toHaveLength(1);
  expect(fileCharts.get("Tabell 3.1")!.charts[0]?.series[2]).toEqual({ name: "Regulert budsjett 2022", values: "D5:D9", categories: "A5:A9" });
  expect(fileCharts.get("Tabell 3.4.2")!.breaks).toHaveLength(1);
});

test("the comparison sees what it compares: header, amounts, drafts of 3.1", () => {
  const a = fromFile.get("Tabell 3.1")!;
  const b = fromExcel.get("Tabell 3.1")!;
  for (const v of [a, b]) {
    expect(v.cells.get("3,1")).toMatchObject({
      value: "Regnskap 2022",
      numberFormat: "@",
      bold: true,
      fill: "DDEBF7",
      horizontal: "center",
      vertical: "middle",
      wrap: true,
      top: "thin:808080",
      left: "thin:808080",
    });
    expect(v.cells.get("9,1")).toMatchObject({ formula: "SUM(B5:B9)", numberFormat: '#,##0;-#,##0;"-"', bold: true, fill: "F2F2F2" });
    expect(v.cells.get("21,0")).toMatchObject({ italic: true, color: "7F7F7F", wrap: true, vertical: "top" });
    expect(v.print.printArea).toMatch(/^A1:F\d+$/);
  }
});

test("a model with every style feature, links and hostile text comes out the same from both writers", async () => {
  const model: SheetModel = {
    name: "Alt",
    role: "table",
    columnWidths: [9, 20, 12.5, 40],
    rows: [
      [{ value: "Tittel", style: { bold: true, fontSize: 14 } }, null, null, null],
      [
        { value: "=SUM(A1)", style: { boxed: true } },
        { value: "+47 tull", style: { boxed: true, borderBottom: "double" } },
        { value: 1234.5, style: { numberFormat: "#,##0", boxed: true, borderTop: "medium", fill: "F2F2F2" } },
        { value: "lenke", link: "'Alt'!A1", style: { color: "1F4E79", italic: true } },
      ],
      [
        { value: 3, formula: "C2*2", style: { numberFormat: "0.00", align: "right", borderBottom: "medium" } },
        { value: "2022", style: { align: "center", indent: 2 } },
        { value: "en lang tekst som må brytes over flere linjer i en smal kolonne", style: { wrap: true } },
        { value: "midt", style: { wrap: true, align: "center", borderTop: "thin" } },
      ],
    ],
    merges: [cellArea(0, 0, 0, 3)],
    print: { orientation: "landscape", paperSize: "A4", fitToWidth: true, repeatRows: [2, 2] },
    freezeRows: 1,
    rowHeights: { 2: 47 },
    printArea: cellArea(0, 0, 2, 3),
  };
  const buffer = await renderWorkbookBuffer([model]);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const fake = new FakeWorkbook();
  await new OfficeJsWorkbook(fake.run).writeSheets([model]);
  const a = exceljsView(wb.getWorksheet("Alt")!, model);
  const b = fakeView(fake.sheet("Alt")!, model);
  expect(cellDifferences("Alt", a, b).differences).toEqual([]);
  expectSameLayout(a, b);
  expect(b.cells.get("1,1")).toMatchObject({ value: "+47 tull", numberFormat: "@", bottom: "double:000000", left: "thin:808080" });
  expect(b.cells.get("1,2")).toMatchObject({ top: "medium:000000", bottom: "thin:808080" });
  expect(b.cells.get("1,3")).toMatchObject({ link: "'Alt'!A1" });
  expect(b.heights).toEqual({ 2: 47 });
  expect(b.widths[0]).toBe(47.25);
});
