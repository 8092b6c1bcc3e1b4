import { rename, rm, writeFile } from "fs/promises";
import { columnLetters } from "../domain/cells";
import { areaA1, type CellArea, type CellModel, type SheetModel } from "../domain/report/sheet-model";
import { addCharts, drawingElement, drawingRelId } from "./xlsx-charts";
import { StyleSheet, xmlText } from "./xlsx-styles";
import { THEME1_XML } from "./xlsx-theme";
import { addPart, Deflates, type ZipParts } from "./xlsx-zip";

/**
 * The report writer: sheet models → the parts of an .xlsx (SpreadsheetML), written directly as
 * strings in one pass per sheet, then the native charts (xlsx-charts) and Node's zlib
 * (xlsx-zip). The parts are, byte for byte, those exceljs 4.4 writes for the same models
 * through the writer this one replaced (test/support/exceljs-reference-writer.ts; compared
 * part by part in test/xlsx-writer.test.ts), so the files are what Excel has been opening;
 * only docProps/core.xml's times differ. Loading and running exceljs took most of the time of
 * a report; this loads nothing but our modules, fs and zlib.
 *
 * What exceljs does and this repeats (its lib/xlsx/xform): strings go to the shared strings
 * in the order cells are written; a merged area's other cells are written empty with the
 * style of its top-left cell, and their values are dropped; cross-sheet links are written as
 * <hyperlink location> with an external relationship to "#Sheet!A1"; a column of width 9 is
 * written 9.000001 (exceljs leaves out a column of its default width 9, which would then get
 * the sheet's 8.43).
 */

const XML_HEAD = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n`;
const NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const NS_PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships";
const HYPERLINK_REL = `${NS_REL}/hyperlink`;

/** exceljs's default column width: such a column is not written. */
const EXCELJS_DEFAULT_WIDTH = 9;

/** Row breaks reach to this column (exceljs's Row.addPageBreak). */
const BREAK_MAX_COLUMN = 16838;

/** A link in exceljs's sense of internal ("Sheet!A1"): written with a location attribute. */
const INTERNAL_LINK = /^[^!]+![a-zA-Z]+[\d]+$/;

const letters: string[] = [];
function column(c: number): string {
  return (letters[c] ??= columnLetters(c));
}

/** A number as exceljs writes it: JavaScript's own text for it. */
function numberText(n: number): string {
  return String(n);
}

/** The shared strings of a workbook, numbered in the order they are first used. */
class SharedStrings {
  readonly values: string[] = [];
  count = 0;
  private readonly index = new Map<string, number>();

  add(text: string): number {
    this.count++;
    let i = this.index.get(text);
    if (i === undefined) {
      i = this.values.length;
      this.index.set(text, i);
      this.values.push(text);
    }
    return i;
  }

  xml(): string {
    const out: string[] = [`${XML_HEAD}<sst xmlns="${NS_MAIN}" count="${this.count}" uniqueCount="${this.values.length}">`];
    for (const s of this.values) out.push(/^\s|\n|\s$/.test(s) ? `<si><t xml:space="preserve">${xmlText(s)}</t></si>` : `<si><t>${xmlText(s)}</t></si>`);
    out.push("</sst>");
    return out.join("");
  }
}

/** Sheet bounds as exceljs's Range grows them (doc/range.js expand): an unset or 0 side reads as 1. */
class Dimensions {
  private top = 0;
  private left = 0;
  private bottom = 0;
  private right = 0;

  expand(row: number, min: number, max: number): void {
    if (!this.top || row < (this.top || 1)) this.top = row;
    if (!this.left || min < (this.left || 1)) this.left = min;
    if (!this.bottom || row > (this.bottom || 1)) this.bottom = row;
    if (!this.right || max > (this.right || 1)) this.right = max;
  }

  get ref(): string {
    return `${column((this.left || 1) - 1)}${this.top || 1}:${column((this.right || 1) - 1)}${this.bottom || 1}`;
  }
}

interface Link {
  readonly ref: string;
  readonly target: string;
}

/** Position key of a cell (0-based row and column). */
const at = (r: number, c: number) => r * 16384 + c;

/** The merged areas by cell: top-left cells, the other cells, and the columns they add to each row. */
function mergedCells(model: SheetModel): { masters: Map<number, CellArea>; slaves: Map<number, CellArea>; rows: Map<number, number[]> } {
  const masters = new Map<number, CellArea>();
  const slaves = new Map<number, CellArea>();
  const rows = new Map<number, number[]>();
  for (const m of model.merges) {
    masters.set(at(m.top, m.left), m);
    for (let r = m.top; r <= m.bottom; r++) {
      let cols = rows.get(r);
      if (!cols) rows.set(r, (cols = []));
      for (let c = m.left; c <= m.right; c++) {
        cols.push(c);
        if (r !== m.top || c !== m.left) slaves.set(at(r, c), m);
      }
    }
  }
  return { masters, slaves, rows };
}

interface SheetParts {
  readonly xml: string;
  readonly rels?: string;
}

/** xl/worksheets/sheetN.xml (and its relationships when it has links), as exceljs writes it. */
function sheetXml(model: SheetModel, styles: StyleSheet, strings: SharedStrings): SheetParts {
  const { masters, slaves, rows: mergeRows } = mergedCells(model);
  /** Style id of each merge's top-left cell, which its other cells take. */
  const masterStyle = new Map<CellArea, number>();
  const mergeOrder: CellArea[] = [];
  const seenMerges = new Set<CellArea>();
  const links: Link[] = [];
  const heights = model.rowHeights ?? {};
  let lastRow = model.rows.length - 1;
  for (const r of mergeRows.keys()) if (r > lastRow) lastRow = r;
  for (const key of Object.keys(heights)) if (Number(key) > lastRow) lastRow = Number(key);

  const dims = new Dimensions();
  /**
   * The sheet's XML, flat, joined once: the part before the rows (which needs their dimension) is
   * filled in at [0] when they are done, as each row's start tag is when its cells are; the rest
   * follows them. One join copies the rows' text once (they were joined, then joined again).
   */
  const data: string[] = [""];
  let r = 0;
  let min = 0;
  let max = 0;
  // Every cell the model has (even empty and unstyled) and every cell of a merged area
  // exists for exceljs: it counts for the row's spans and the sheet's dimension.
  const visit = (c: CellModel | null | undefined, col: number) => {
    const key = at(r, col);
    const merge = slaves.get(key);
    if (merge) {
      if (!seenMerges.has(merge)) {
        seenMerges.add(merge);
        mergeOrder.push(merge);
      }
      const s = masterStyle.get(merge) ?? 0;
      data.push(s ? `<c r="${column(col)}${r + 1}" s="${s}"/>` : `<c r="${column(col)}${r + 1}"/>`);
    } else {
      const master = masters.get(key);
      if (!c && !master) return;
      const s = c ? cellXml(c, `${column(col)}${r + 1}`, styles, strings, links, data) : 0;
      if (master) masterStyle.set(master, s);
    }
    if (!min || min > col + 1) min = col + 1;
    if (max < col + 1) max = col + 1;
  };
  for (; r <= lastRow; r++) {
    const cells = model.rows[r];
    const extra = mergeRows.get(r);
    const start = data.length;
    data.push("");
    min = 0;
    max = 0;
    if (extra) {
      // The row's cells and its merged areas' cells, left to right.
      let width = cells?.length ?? 0;
      for (const col of extra) if (col >= width) width = col + 1;
      const merged = new Uint8Array(width);
      for (const col of extra) merged[col] = 1;
      for (let col = 0; col < width; col++) if (merged[col] || cells?.[col]) visit(cells?.[col], col);
    } else if (cells) for (let col = 0; col < cells.length; col++) visit(cells[col], col);
    const height = heights[r];
    if (!height && min === 0) {
      data.length = start;
      continue;
    }
    dims.expand(r + 1, min, max);
    let row = `<row r="${r + 1}"`;
    if (height) row += ` ht="${height}" customHeight="1"`;
    if (min > 0 && max > 0 && min <= max) row += ` spans="${min}:${max}"`;
    row += ` x14ac:dyDescent="0.25"`;
    if (data.length > start + 1) {
      data[start] = `${row}>`;
      data.push("</row>");
    } else data[start] = `${row}/>`;
  }

  const x: string[] = [
    `${XML_HEAD}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac">`,
  ];
  const print = model.print;
  if (print?.fitToWidth) x.push(`<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>`);
  x.push(`<dimension ref="${dims.ref}"/>`);
  if (model.freezeRows) {
    const n = model.freezeRows;
    x.push(
      `<sheetViews><sheetView workbookViewId="0"><pane ySplit="${n}" topLeftCell="A${n + 1}" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"/></sheetView></sheetViews>`,
    );
  }
  x.push(`<sheetFormatPr defaultRowHeight="15" outlineLevelRow="0" outlineLevelCol="0" x14ac:dyDescent="55"/>`);
  x.push(colsXml(model.columnWidths));
  const rows = data.length > 1;
  x.push(rows ? "<sheetData>" : "<sheetData/>");
  data[0] = x.join("");
  if (rows) data.push("</sheetData>");
  if (mergeOrder.length) data.push(`<mergeCells count="${mergeOrder.length}">${mergeOrder.map((m) => `<mergeCell ref="${areaA1(m)}"/>`).join("")}</mergeCells>`);
  let rels: string | undefined;
  if (links.length) {
    data.push("<hyperlinks>");
    links.forEach((l, i) => {
      const location = INTERNAL_LINK.test(l.target) ? ` location="${xmlText(l.target)}"` : "";
      data.push(`<hyperlink ref="${l.ref}" r:id="rId${i + 1}"${location}/>`);
    });
    data.push("</hyperlinks>");
    rels = relationships(links.map((l, i) => `<Relationship Id="rId${i + 1}" Type="${HYPERLINK_REL}" Target="${xmlText(l.target)}" TargetMode="External"/>`));
  }
  data.push(
    print
      ? `<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>` +
          `<pageSetup paperSize="9" orientation="${xmlText(print.orientation)}" horizontalDpi="4294967295" verticalDpi="4294967295" scale="100" fitToWidth="1" fitToHeight="0"/>`
      : `<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>` +
          `<pageSetup orientation="portrait" horizontalDpi="4294967295" verticalDpi="4294967295" scale="100" fitToWidth="1" fitToHeight="1"/>`,
  );
  // A break after the row above each chart that asks for one (rows numbered from 1).
  const breaks = (model.charts ?? []).filter((c) => c.pageBreakBefore && c.anchor.row > 0);
  if (breaks.length)
    data.push(
      `<rowBreaks count="${breaks.length}" manualBreakCount="${breaks.length}">${breaks.map((c) => `<brk id="${c.anchor.row}" max="${BREAK_MAX_COLUMN}" man="1"/>`).join("")}</rowBreaks>`,
    );
  // The drawing of the sheet's charts (xlsx-charts adds the drawing and its relationship): the last
  // element the writer writes comes before it in CT_Worksheet, so it goes at the end, as addCharts would put it.
  if (model.charts?.length) data.push(drawingElement(drawingRelId(new Set(links.map((_l, i) => `rId${i + 1}`)))));
  data.push("</worksheet>");
  return { xml: data.join(""), ...(rels ? { rels } : {}) };
}

/** One cell's <c> (nothing for an empty cell without style); returns its style id. */
function cellXml(c: CellModel, ref: string, styles: StyleSheet, strings: SharedStrings, links: Link[], out: string[]): number {
  const value = c.value as unknown;
  const text = c.formula === undefined && typeof value === "string";
  const s = styles.id(c.style, text);
  const head = s ? `<c r="${ref}" s="${s}"` : `<c r="${ref}"`;
  if (c.formula) {
    // A formula with its computed value, so a reader that does not recalculate shows it.
    const f = `<f>${xmlText(c.formula)}</f>`;
    if (value === null || value === undefined) out.push(`${head}>${f}</c>`);
    else if (typeof value === "string") out.push(`${head} t="str">${f}<v>${xmlText(value)}</v></c>`);
    else if (typeof value === "boolean") out.push(`${head} t="b">${f}<v>${value ? 1 : 0}</v></c>`);
    else out.push(`${head}>${f}<v>${numberText(value as number)}</v></c>`);
    return s;
  }
  if (value === null || value === undefined) {
    if (s) out.push(`${head}/>`);
  } else if (typeof value === "string") {
    // A link needs text (exceljs would refuse the cell); without it the text is written plain.
    if (c.link && value) links.push({ ref, target: `#${c.link}` });
    out.push(`${head} t="s"><v>${strings.add(value)}</v></c>`);
  } else if (typeof value === "boolean") out.push(`${head} t="b"><v>${value ? "1" : "0"}</v></c>`);
  else out.push(`${head}><v>${numberText(value as number)}</v></c>`);
  return s;
}

/** <cols>: runs of equal widths (exceljs's Column.toModel). */
function colsXml(widths: readonly number[]): string {
  const out: string[] = [];
  let run: { min: number; max: number; width: number } | undefined;
  const flush = () => {
    if (run) out.push(`<col min="${run.min}" max="${run.max}"${run.width ? ` width="${run.width}"` : ""} customWidth="1"/>`);
    run = undefined;
  };
  widths.forEach((w, i) => {
    // exceljs leaves out a column of width 9 (its default) and the column then gets the
    // sheet's default, 8.43; a hair more keeps the width the model asks for.
    const width = w === EXCELJS_DEFAULT_WIDTH ? w + 1e-6 : w;
    if (width === undefined) flush();
    else if (run && run.width === width) run.max = i + 1;
    else {
      flush();
      run = { min: i + 1, max: i + 1, width };
    }
  });
  flush();
  return out.length ? `<cols>${out.join("")}</cols>` : "";
}

function relationships(items: readonly string[]): string {
  return `${XML_HEAD}<Relationships xmlns="${NS_PACKAGE_REL}">${items.join("")}</Relationships>`;
}

/**
 * The sheets' names, checked as exceljs checked them: a name Excel refuses fails the write
 * (before anything is written), and a name longer than Excel's 31 characters is cut.
 */
function sheetNames(models: readonly SheetModel[]): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const m of models) {
    let name = m.name;
    if (typeof name !== "string" || name === "") throw new Error("A sheet needs a name.");
    if (name === "History") throw new Error('The sheet name "History" is reserved by Excel.');
    if (/[*?:/\\[\]]/.test(name)) throw new Error(`The sheet name ${name} cannot include any of these characters: * ? : \\ / [ ]`);
    if (/(^')|('$)/.test(name)) throw new Error(`A sheet name cannot begin or end with an apostrophe: ${name}`);
    if (name.length > 31) name = name.substring(0, 31);
    if (seen.has(name.toLowerCase())) throw new Error(`Two sheets are named ${name}.`);
    seen.add(name.toLowerCase());
    names.push(name);
  }
  return names;
}

/** The workbook's defined names: each sheet's print area, then its rows repeated on every page. */
function definedNames(models: readonly SheetModel[], sheetNames: readonly string[]): string {
  const names: string[] = [];
  models.forEach((m, i) => {
    const sheet = `'${sheetNames[i]}'!`;
    if (m.printArea) {
      // exceljs is given "A$1:F$40" and puts a "$" before each part.
      const parts = areaA1(m.printArea)
        .replace(/([A-Z]+)(\d+)/g, "$1$$$2")
        .split(":");
      names.push(`<definedName name="_xlnm.Print_Area" localSheetId="${i}">${xmlText(`${sheet}$${parts[0]}:$${parts[1]}`)}</definedName>`);
    }
    const repeat = m.print?.repeatRows;
    if (repeat) names.push(`<definedName name="_xlnm.Print_Titles" localSheetId="${i}">${xmlText(`${sheet}$${repeat[0]}:$${repeat[1]}`)}</definedName>`);
  });
  return names.length ? `<definedNames>${names.join("")}</definedNames>` : "";
}

function workbookXml(models: readonly SheetModel[], names: readonly string[], firstSheetRel: number): string {
  const sheets = names.map((name, i) => `<sheet sheetId="${i + 1}" name="${xmlText(name)}" state="visible" r:id="rId${firstSheetRel + i}"/>`).join("");
  return (
    `${XML_HEAD}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x15" xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main">` +
    `<fileVersion appName="xl" lastEdited="5" lowestEdited="5" rupBuild="9303"/><workbookPr defaultThemeVersion="164011" filterPrivacy="1"/>` +
    `<sheets>${sheets}</sheets>${definedNames(models, names)}<calcPr calcId="171027" fullCalcOnLoad="1"/></workbook>`
  );
}

function contentTypesXml(sheetCount: number, sharedStrings: boolean): string {
  const override = (part: string, type: string) => `<Override PartName="${part}" ContentType="application/vnd.openxmlformats-${type}"/>`;
  const sheets: string[] = [];
  for (let i = 1; i <= sheetCount; i++) sheets.push(override(`/xl/worksheets/sheet${i}.xml`, "officedocument.spreadsheetml.worksheet+xml"));
  return (
    `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
    override("/xl/workbook.xml", "officedocument.spreadsheetml.sheet.main+xml") +
    sheets.join("") +
    override("/xl/theme/theme1.xml", "officedocument.theme+xml") +
    override("/xl/styles.xml", "officedocument.spreadsheetml.styles+xml") +
    (sharedStrings ? override("/xl/sharedStrings.xml", "officedocument.spreadsheetml.sharedStrings+xml") : "") +
    `<Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>` +
    override("/docProps/core.xml", "package.core-properties+xml") +
    override("/docProps/app.xml", "officedocument.extended-properties+xml") +
    `</Types>`
  );
}

function appXml(names: readonly string[]): string {
  return (
    `${XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">` +
    `<Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>` +
    `<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>${names.length}</vt:i4></vt:variant></vt:vector></HeadingPairs>` +
    `<TitlesOfParts><vt:vector size="${names.length}" baseType="lpstr">${names.map((name) => `<vt:lpstr>${xmlText(name)}</vt:lpstr>`).join("")}</vt:vector></TitlesOfParts>` +
    `<Company></Company><Manager></Manager><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0300</AppVersion></Properties>`
  );
}

function coreXml(now: Date): string {
  const time = now.toISOString().replace(/[.]\d{3}/, "");
  return (
    `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
    `<dc:creator>Avstem</dc:creator><dc:title></dc:title><dc:subject></dc:subject><dc:description></dc:description><cp:keywords></cp:keywords><cp:category></cp:category><cp:lastModifiedBy>Unknown</cp:lastModifiedBy>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${time}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${time}</dcterms:modified></cp:coreProperties>`
  );
}

/** A part this large is deflated ahead (Deflates), on another thread, once it is final. */
const DEFLATE_AHEAD_BYTES = 32 * 1024;

/**
 * The parts of the report package before charts, in exceljs's order, not compressed (a sheet
 * with charts already holds its <drawing>); with `deflates`, each large part, which addCharts
 * will not change, is deflated ahead as soon as it is made (the sheets, the shared strings).
 */
function workbookParts(models: readonly SheetModel[], now = new Date(), deflates?: Deflates): ZipParts {
  const names = sheetNames(models);
  const styles = new StyleSheet();
  const strings = new SharedStrings();
  const sheets = models.map((m) => {
    const sheet = sheetXml(m, styles, strings);
    const bytes = Buffer.from(sheet.xml, "utf8");
    if (deflates && bytes.length >= DEFLATE_AHEAD_BYTES) deflates.start(bytes);
    return { bytes, rels: sheet.rels };
  });
  const hasStrings = strings.count > 0;
  const parts: ZipParts = new Map();
  const put = (name: string, text: string) => addPart(parts, name, Buffer.from(text, "utf8"));
  put("[Content_Types].xml", contentTypesXml(models.length, hasStrings));
  put(
    "_rels/.rels",
    relationships([
      `<Relationship Id="rId1" Type="${NS_REL}/officeDocument" Target="xl/workbook.xml"/>`,
      `<Relationship Id="rId2" Type="${NS_PACKAGE_REL}/metadata/core-properties" Target="docProps/core.xml"/>`,
      `<Relationship Id="rId3" Type="${NS_REL}/extended-properties" Target="docProps/app.xml"/>`,
    ]),
  );
  const firstSheetRel = hasStrings ? 4 : 3;
  put(
    "xl/_rels/workbook.xml.rels",
    relationships([
      `<Relationship Id="rId1" Type="${NS_REL}/styles" Target="styles.xml"/>`,
      `<Relationship Id="rId2" Type="${NS_REL}/theme" Target="theme/theme1.xml"/>`,
      ...(hasStrings ? [`<Relationship Id="rId3" Type="${NS_REL}/sharedStrings" Target="sharedStrings.xml"/>`] : []),
      ...models.map((_m, i) => `<Relationship Id="rId${firstSheetRel + i}" Type="${NS_REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`),
    ]),
  );
  sheets.forEach((s, i) => {
    addPart(parts, `xl/worksheets/sheet${i + 1}.xml`, s.bytes);
    if (s.rels) put(`xl/worksheets/_rels/sheet${i + 1}.xml.rels`, s.rels);
  });
  if (hasStrings) {
    const bytes = Buffer.from(strings.xml(), "utf8");
    if (deflates && bytes.length >= DEFLATE_AHEAD_BYTES) deflates.start(bytes);
    addPart(parts, "xl/sharedStrings.xml", bytes);
  }
  put("xl/theme/theme1.xml", THEME1_XML);
  put("xl/styles.xml", styles.xml());
  put("docProps/app.xml", appXml(names));
  put("docProps/core.xml", coreXml(now));
  put("xl/workbook.xml", workbookXml(models, names, firstSheetRel));
  return parts;
}

/** The report as .xlsx bytes: the parts, the models' native charts (xlsx-charts), each part deflated once (xlsx-zip). */
export async function renderWorkbookBuffer(models: readonly SheetModel[]): Promise<Buffer> {
  const deflates = new Deflates();
  return addCharts(workbookParts(models, new Date(), deflates), models, deflates, { drawingsInPlace: true });
}

/**
 * Writes the report file whole or not at all: the workbook is rendered in memory, written
 * beside the target and renamed over it, so a failure (a full disk) leaves the previous
 * report as it was.
 */
export async function writeWorkbookFile(path: string, models: readonly SheetModel[]): Promise<void> {
  const buffer = await renderWorkbookBuffer(models);
  const temporary = `${path}.avstem-${process.pid}.tmp`;
  try {
    await writeFile(temporary, buffer);
    await rename(temporary, path);
  } catch (e) {
    await rm(temporary, { force: true });
    throw e;
  }
}
