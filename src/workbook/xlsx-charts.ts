import { addPart, type Deflates, readZip, writeZip, type ZipParts } from "./xlsx-zip";
import { areaA1, type CellArea, areaCells, type CellModel, type ChartModel, type SheetModel } from "../domain/report/sheet-model";

/**
 * Native charts in a written .xlsx. exceljs cannot write charts, so the package it wrote
 * is opened again and given, per sheet with charts, a drawing (xl/drawings/drawingN.xml)
 * anchoring one chart part (xl/charts/chartN.xml) per chart, the relationships between
 * sheet, drawing and charts, the sheet's <drawing r:id> and the content types. The chart
 * series refer to the sheet's cells and carry their values as a cache, so a reader that
 * does not recalculate (or a copy into Word) shows the figures.
 */

const NS = {
  rel: "http://schemas.openxmlformats.org/package/2006/relationships",
  r: "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
  drawingRel: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing",
  chartRel: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart",
  c: "http://schemas.openxmlformats.org/drawingml/2006/chart",
  a: "http://schemas.openxmlformats.org/drawingml/2006/main",
  xdr: "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
  drawingType: "application/vnd.openxmlformats-officedocument.drawing+xml",
  chartType: "application/vnd.openxmlformats-officedocument.drawingml.chart+xml",
};

/** Series colours: dark blue, light blue, grey, orange (a palette that prints in greyscale too). */
const COLORS = ["1F4E79", "9DC3E6", "A5A5A5", "ED7D31"];

/** Sheet elements that must follow <drawing> (CT_Worksheet order). */
const AFTER_DRAWING = ["legacyDrawing", "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems", "tableParts", "extLst"];

function xml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** 'Sheet name'!$A$1:$B$2 */
function absoluteRef(sheet: string, area: CellArea): string {
  return `'${sheet.replace(/'/g, "''")}'!${areaA1(area, true)}`;
}

function cellAt(model: SheetModel, [r, c]: [number, number]): CellModel | null {
  return model.rows[r]?.[c] ?? null;
}

function strCache(model: SheetModel, area: CellArea): string {
  const cells = areaCells(area);
  const points = cells.map((rc, i) => {
    const v = cellAt(model, rc)?.value;
    return v === null || v === undefined ? "" : `<c:pt idx="${i}"><c:v>${xml(String(v))}</c:v></c:pt>`;
  });
  return `<c:strCache><c:ptCount val="${cells.length}"/>${points.join("")}</c:strCache>`;
}

function numCache(model: SheetModel, area: CellArea): string {
  const cells = areaCells(area);
  const points = cells.map((rc, i) => {
    const v = cellAt(model, rc)?.value;
    return typeof v === "number" ? `<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>` : "";
  });
  return `<c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="${cells.length}"/>${points.join("")}</c:numCache>`;
}

function seriesXml(model: SheetModel, chart: ChartModel): string {
  return chart.series
    .map((s, i) => {
      const colour = COLORS[i % COLORS.length];
      const fill =
        chart.kind === "bar"
          ? `<c:spPr><a:solidFill><a:srgbClr val="${colour}"/></a:solidFill></c:spPr>`
          : chart.kind === "line"
            ? `<c:spPr><a:ln w="28575" cap="rnd"><a:solidFill><a:srgbClr val="${colour}"/></a:solidFill><a:round/></a:ln></c:spPr><c:marker><c:symbol val="none"/></c:marker>`
            : "";
      return (
        `<c:ser><c:idx val="${i}"/><c:order val="${i}"/><c:tx><c:v>${xml(s.name)}</c:v></c:tx>${fill}` +
        (chart.kind === "bar" ? `<c:invertIfNegative val="0"/>` : "") +
        `<c:cat><c:strRef><c:f>${xml(absoluteRef(model.name, s.categoriesRange))}</c:f>${strCache(model, s.categoriesRange)}</c:strRef></c:cat>` +
        `<c:val><c:numRef><c:f>${xml(absoluteRef(model.name, s.valuesRange))}</c:f>${numCache(model, s.valuesRange)}</c:numRef></c:val>` +
        (chart.kind === "line" ? `<c:smooth val="0"/>` : "") +
        `</c:ser>`
      );
    })
    .join("");
}

/** A chart part: a clustered column chart or lines with category and value axes, or a pie. */
export function chartXml(model: SheetModel, chart: ChartModel): string {
  const title =
    `<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1200" b="1"/></a:pPr>` +
    `<a:r><a:rPr lang="nb-NO" sz="1200" b="1"/><a:t>${xml(chart.title)}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>`;
  const plot =
    chart.kind === "pie"
      ? `<c:pieChart><c:varyColors val="1"/>${seriesXml(model, chart)}<c:firstSliceAng val="0"/></c:pieChart>`
      : (chart.kind === "line"
          ? `<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>${seriesXml(model, chart)}` +
            `<c:marker val="1"/><c:axId val="500000001"/><c:axId val="500000002"/></c:lineChart>`
          : `<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>${seriesXml(model, chart)}` +
            `<c:gapWidth val="150"/><c:axId val="500000001"/><c:axId val="500000002"/></c:barChart>`) +
        `<c:catAx><c:axId val="500000001"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/>` +
        `<c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="low"/>` +
        `<c:crossAx val="500000002"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>` +
        `<c:valAx><c:axId val="500000002"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="l"/><c:majorGridlines/>` +
        `<c:numFmt formatCode="#,##0" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>` +
        `<c:crossAx val="500000001"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>`;
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<c:chartSpace xmlns:c="${NS.c}" xmlns:a="${NS.a}" xmlns:r="${NS.r}"><c:roundedCorners val="0"/>` +
    `<c:chart>${title}<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>${plot}</c:plotArea>` +
    `<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>` +
    `</c:chartSpace>`
  );
}

/** A drawing part anchoring each chart to its cells: relationship ids rId1, rId2, … in chart order. */
function drawingXml(charts: readonly ChartModel[]): string {
  const anchors = charts.map((chart, i) => {
    const { row, column } = chart.anchor;
    const marker = (tag: string, r: number, c: number) =>
      `<xdr:${tag}><xdr:col>${c}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${r}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:${tag}>`;
    return (
      `<xdr:twoCellAnchor editAs="oneCell">${marker("from", row, column)}${marker("to", row + chart.size.rows, column + chart.size.columns)}` +
      `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${i + 2}" name="${xml(`Diagram ${i + 1}`)}" descr="${xml(chart.title)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
      `<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>` +
      `<a:graphic><a:graphicData uri="${NS.c}"><c:chart xmlns:c="${NS.c}" xmlns:r="${NS.r}" r:id="rId${i + 1}"/></a:graphicData></a:graphic>` +
      `</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>`
    );
  });
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xdr:wsDr xmlns:xdr="${NS.xdr}" xmlns:a="${NS.a}">${anchors.join("")}</xdr:wsDr>`;
}

function relationships(rels: readonly { id: string; type: string; target: string }[]): string {
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${NS.rel}">` +
    rels.map((r) => `<Relationship Id="${r.id}" Type="${r.type}" Target="${xml(r.target)}"/>`).join("") +
    `</Relationships>`
  );
}

function attribute(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
}

/** Worksheet part path by sheet name, from xl/workbook.xml and its relationships. */
function sheetPaths(zip: ZipParts): Map<string, string> {
  const workbook = text(zip, "xl/workbook.xml")!;
  const rels = text(zip, "xl/_rels/workbook.xml.rels")!;
  const targets = new Map<string, string>();
  for (const tag of rels.match(/<Relationship\b[^>]*>/g) ?? []) {
    const target = attribute(tag, "Target")!;
    targets.set(attribute(tag, "Id")!, target.startsWith("/") ? target.slice(1) : `xl/${target}`);
  }
  const out = new Map<string, string>();
  for (const tag of workbook.match(/<sheet\b[^>]*>/g) ?? []) {
    const name = attribute(tag, "name")!
      .replace(/&amp;/g, "&")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'");
    const id = attribute(tag, "r:id");
    if (id && targets.has(id)) out.set(name, targets.get(id)!);
  }
  return out;
}

/**
 * The sheet XML with <drawing r:id> in its place: before the elements that must follow it, else at the end.
 * Those elements are looked for past the sheet's data only, where CT_Worksheet has them (a row or a cell
 * may hold an <extLst> of its own), and without reading the data through once per element name.
 */
export function withDrawingElement(sheetXml: string, relId: string): string {
  let at = sheetXml.lastIndexOf("</worksheet>");
  if (at < 0) at = sheetXml.length;
  const dataEnd = sheetXml.lastIndexOf("</sheetData>");
  const from = dataEnd >= 0 ? dataEnd : Math.max(0, sheetXml.lastIndexOf("<sheetData"));
  const tail = sheetXml.slice(from, at);
  for (const name of AFTER_DRAWING) {
    const i = tail.search(new RegExp(`<${name}[\\s/>]`));
    if (i >= 0 && from + i < at) at = from + i;
  }
  let out = `${sheetXml.slice(0, at)}${drawingElement(relId)}${sheetXml.slice(at)}`;
  if (!/<worksheet\b[^>]*\sxmlns:r=/.test(out)) out = out.replace(/<worksheet\b/, `<worksheet xmlns:r="${NS.r}"`);
  return out;
}

/** A part of the package as text (UTF-8), or undefined when there is none. */
function text(zip: ZipParts, name: string): string | undefined {
  return zip.get(name)?.toString("utf8");
}

/** Sets a part (UTF-8), and the folder entries above it that are missing (as jszip adds them). */
function put(zip: ZipParts, name: string, content: string): void {
  addPart(zip, name, Buffer.from(content, "utf8"));
}

/** `<drawing r:id>` of a sheet whose drawing has that relationship (CT_Drawing). */
export function drawingElement(relId: string): string {
  return `<drawing r:id="${relId}"/>`;
}

/**
 * The relationship id the drawing of a sheet gets: the first `rIdN` from N = the number of the
 * sheet's relationships + 1 that none of them has (a sheet written with `links` links has
 * rId1 … rIdlinks, so its drawing gets the next).
 */
export function drawingRelId(existingIds: ReadonlySet<string>): string {
  let n = existingIds.size + 1;
  while (existingIds.has(`rId${n}`)) n++;
  return `rId${n}`;
}

/**
 * Adds the models' charts to an .xlsx package written from them (a zip, its parts stored or
 * deflated, or the parts themselves), and returns the package with every part deflated (those
 * `deflates` started, as they were started). With `drawingsInPlace`, each sheet with charts
 * already holds its `<drawing r:id>` (the report writer's, under the id drawingRelId gives) and
 * is left as it is, so it could be deflated ahead; that it holds it is checked.
 */
export async function addCharts(
  xlsx: Buffer | ArrayBuffer | Uint8Array | ZipParts,
  models: readonly SheetModel[],
  deflates?: Deflates,
  { drawingsInPlace = false }: { drawingsInPlace?: boolean } = {},
): Promise<Buffer> {
  const zip = xlsx instanceof Map ? xlsx : readZip(xlsx instanceof ArrayBuffer ? new Uint8Array(xlsx) : xlsx);
  const withCharts = models.filter((m) => m.charts && m.charts.length > 0);
  if (withCharts.length === 0) return writeZip(zip, undefined, await deflates?.done());
  const paths = sheetPaths(zip);
  let contentTypes = text(zip, "[Content_Types].xml")!;
  const overrides: string[] = [];
  let drawingNo = [...zip.keys()].filter((f) => /^xl\/drawings\/drawing\d+\.xml$/.test(f)).length;
  let chartNo = [...zip.keys()].filter((f) => /^xl\/charts\/chart\d+\.xml$/.test(f)).length;

  for (const model of withCharts) {
    const sheetPath = paths.get(model.name);
    if (!sheetPath) throw new Error(`The written workbook has no sheet ${model.name}`);
    const charts = model.charts!;
    drawingNo++;
    const drawingPath = `xl/drawings/drawing${drawingNo}.xml`;
    const chartRels = charts.map((chart) => {
      chartNo++;
      put(zip, `xl/charts/chart${chartNo}.xml`, chartXml(model, chart));
      overrides.push(`<Override PartName="/xl/charts/chart${chartNo}.xml" ContentType="${NS.chartType}"/>`);
      return `../charts/chart${chartNo}.xml`;
    });
    put(zip, drawingPath, drawingXml(charts));
    put(zip, `xl/drawings/_rels/drawing${drawingNo}.xml.rels`, relationships(chartRels.map((target, i) => ({ id: `rId${i + 1}`, type: NS.chartRel, target }))));
    overrides.push(`<Override PartName="/${drawingPath}" ContentType="${NS.drawingType}"/>`);

    // The sheet's relationships: keep what exceljs wrote, add the drawing under a free id.
    const sheetFile = sheetPath.split("/").pop()!;
    const relsPath = `${sheetPath.slice(0, -sheetFile.length)}_rels/${sheetFile}.rels`;
    const existing = text(zip, relsPath) ?? null;
    const ids = new Set((existing?.match(/\sId="([^"]*)"/g) ?? []).map((m) => m.slice(5, -1)));
    const relId = drawingRelId(ids);
    const rel = `<Relationship Id="${relId}" Type="${NS.drawingRel}" Target="../drawings/drawing${drawingNo}.xml"/>`;
    put(
      zip,
      relsPath,
      existing
        ? existing.replace("</Relationships>", `${rel}</Relationships>`)
        : relationships([{ id: relId, type: NS.drawingRel, target: `../drawings/drawing${drawingNo}.xml` }]),
    );
    if (!drawingsInPlace) put(zip, sheetPath, withDrawingElement(text(zip, sheetPath)!, relId));
    else if (zip.get(sheetPath)!.lastIndexOf(`${drawingElement(relId)}</worksheet>`) < 0)
      throw new Error(`The written sheet ${model.name} has no ${drawingElement(relId)} before its end`);
  }
  contentTypes = contentTypes.replace("</Types>", `${overrides.join("")}</Types>`);
  put(zip, "[Content_Types].xml", contentTypes);
  return writeZip(zip, undefined, await deflates?.done());
}
