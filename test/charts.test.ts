import ExcelJS from "exceljs";
import { execFileSync } from "child_process";
import * as fs from "fs";
import JSZip from "jszip";
import * as os from "os";
import * as path from "path";
import { runPipeline, Report } from "../src/domain/pipeline";
import { readWorkbookFile } from "../src/workbook/exceljs-reader";
import { renderWorkbookBuffer } from "../src/workbook/xlsx-writer";
import { addCharts, chartXml, withDrawingElement } from "../src/workbook/xlsx-charts";
import { readZip } from "../src/workbook/xlsx-zip";
import { areaA1, cellArea, type SheetModel } from "../src/domain/report/sheet-model";
import { OfficeJsWorkbook } from "../src/workbook/office-js";
import { FakeWorkbook } from "./helpers/office-mock";
import { makeProfile, sofficePath } from "./helpers/libreoffice";
import { at } from "../src/domain/at";

/**
 * Native charts in the report: 3.1 and 3.3 (regnskap, Dok. 3 and regulert budsjett per
 * artsgruppe, utgifter and inntekter) and 3.4.2 (the four categories' sums). In the file
 * as chart parts with cached values, in LibreOffice's PDF as drawn charts, and in Excel
 * through worksheet.charts.add with the model's ranges.
 */

const ROOT = path.join(__dirname, "..");
const EXAMPLE = path.join(ROOT, "examples", "uke-2022", "input.xlsx");
const haveTools = sofficePath() !== null && execFileSync("sh", ["-c", "command -v pdftotext || true"], { encoding: "utf8" }).trim() !== "";

let report: Report;
let xlsx: Buffer;
let tmp: string;

beforeAll(async () => {
  report = runPipeline({ grids: await readWorkbookFile(EXAMPLE) });
  xlsx = await renderWorkbookBuffer(report.sheets);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "avstem-charts-"));
});
afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test("the model: two column charts on 3.1 and 3.3, one on 3.4.2, below the drafts and inside the print area", () => {
  const byName = new Map(report.sheets.map((s) => [s.name, s]));
  const t31 = byName.get("Tabell 3.1")!;
  expect(t31.charts!.map((c) => c.title)).toEqual(["Driftsutgifter 2022 per artsgruppe", "Driftsinntekter 2022 per artsgruppe"]);
  expect(t31.charts![0]?.series.map((s) => [s.name, areaA1(s.categoriesRange), areaA1(s.valuesRange)])).toEqual([
    ["Regnskap 2022", "A5:A9", "B5:B9"],
    ["Dok. 3 2022", "A5:A9", "C5:C9"],
    ["Regulert budsjett 2022", "A5:A9", "D5:D9"],
  ]);
  expect(t31.charts![1]?.series.map((s) => areaA1(s.valuesRange))).toEqual(["B11:B14", "C11:C14", "D11:D14"]);
  expect(byName.get("Tabell 3.3")!.charts!.map((c) => c.title)).toEqual(["Investeringsutgifter 2022 per artsgruppe", "Investeringsinntekter 2022 per artsgruppe"]);
  const t342 = byName.get("Tabell 3.4.2")!;
  expect(t342.charts![0]?.series.map((s) => [s.name, areaA1(s.categoriesRange), areaA1(s.valuesRange)])).toEqual([["Avvik", "B4:E4", "B23:E23"]]);
  for (const s of [t31, t342]) {
    for (const c of s.charts!) expect(c.anchor.row).toBeGreaterThan(s.rows.length);
    const last = Math.max(...s.charts!.map((c) => c.anchor.row + c.size.rows));
    expect(areaA1(s.printArea!)).toBe(`A1:F${last}`);
  }
  expect(byName.get("Tabell 3.4.1")!.charts).toBeUndefined();
});

test("the written xlsx holds the chart parts, their relationships, the sheet's <drawing> in schema order and content types", async () => {
  const zip = await JSZip.loadAsync(xlsx);
  const files = Object.keys(zip.files);
  expect(files.filter((f) => /^xl\/charts\/chart\d+\.xml$/.test(f)).sort()).toEqual([1, 2, 3, 4, 5].map((n) => `xl/charts/chart${n}.xml`));
  expect(files.filter((f) => /^xl\/drawings\/drawing\d+\.xml$/.test(f)).sort()).toEqual([1, 2, 3].map((n) => `xl/drawings/drawing${n}.xml`));
  const read = (f: string) => zip.file(f)!.async("string");

  const chart1 = await read("xl/charts/chart1.xml");
  expect(chart1).toContain('<c:barDir val="col"/><c:grouping val="clustered"/>');
  expect(chart1.match(/<c:ser>/g)).toHaveLength(3);
  expect(chart1).toContain("<c:tx><c:v>Regnskap 2022</c:v></c:tx>");
  expect(chart1).toContain("<c:f>'Tabell 3.1'!$B$5:$B$9</c:f>");
  expect(chart1).toContain("<c:f>'Tabell 3.1'!$A$5:$A$9</c:f>");
  // The cache carries the model's figures and labels.
  const t31 = at(report.sheets, 0, "sheet");
  expect(chart1).toContain(`<c:pt idx="0"><c:v>${t31.rows[4]?.[1]!.value}</c:v></c:pt>`);
  expect(chart1).toContain(`<c:pt idx="1"><c:v>${t31.rows[5]?.[0]!.value}</c:v></c:pt>`);
  const chart5 = await read("xl/charts/chart5.xml");
  expect(chart5).toContain("<c:f>'Tabell 3.4.2'!$B$23:$E$23</c:f>");
  expect(chart5).toContain(`<c:v>${report.sheets[3]?.rows[22]?.[1]!.value}</c:v>`);

  const sheet1 = await read("xl/worksheets/sheet1.xml");
  const drawingAt = sheet1.indexOf('<drawing r:id="rId1"/>');
  expect(drawingAt).toBeGreaterThan(sheet1.indexOf("<pageSetup"));
  expect(drawingAt).toBeLessThan(sheet1.indexOf("</worksheet>"));
  const sheet4 = await read("xl/worksheets/sheet4.xml");
  expect(sheet4.indexOf("<rowBreaks")).toBeLessThan(sheet4.indexOf("<drawing "));
  expect(await read("xl/worksheets/_rels/sheet1.xml.rels")).toContain('Target="../drawings/drawing1.xml"');
  const drawing1 = await read("xl/drawings/drawing1.xml");
  expect(drawing1.match(/<xdr:twoCellAnchor/g)).toHaveLength(2);
  expect(drawing1).toContain(`<xdr:from><xdr:col>0</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${t31.charts![0]?.anchor.row}</xdr:row>`);
  expect(await read("xl/drawings/_rels/drawing1.xml.rels")).toContain('Target="../charts/chart2.xml"');
  const types = await read("[Content_Types].xml");
  expect(types).toContain('<Override PartName="/xl/charts/chart1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>');
  expect(types).toContain('<Override PartName="/xl/drawings/drawing3.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>');

  // exceljs still reads the file, cells intact.
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
  expect(wb.getWorksheet("Tabell 3.1")!.getCell("A4").value).toBe("Artsgrupper");
});

(haveTools ? test : test.skip)(
  "LibreOffice draws the charts in the PDF and keeps them through an xlsx round trip",
  () => {
    const file = path.join(tmp, "rapport.xlsx");
    fs.writeFileSync(file, xlsx);
    const out = path.join(tmp, "render");
    execFileSync("bash", [path.join(ROOT, "scripts", "render-report.sh"), file, out], { stdio: "pipe", timeout: 120_000 });
    const text = execFileSync("pdftotext", ["-layout", path.join(out, "rapport.pdf"), "-"], { encoding: "utf8" });
    // Chart titles and legends are drawn text only a rendered chart puts in the PDF.
    for (const title of ["Driftsutgifter 2022 per artsgruppe", "Driftsinntekter 2022 per artsgruppe", "Investeringsutgifter 2022 per artsgruppe", "Avvik 2022 per kategori"]) {
      expect(text).toContain(title);
    }
    expect(text).toContain("Regulert budsjett 2022");

    // xlsx → xlsx in LibreOffice: the chart survives with its references.
    const profile = makeProfile(path.join(tmp, "profile"));
    const again = path.join(tmp, "again");
    execFileSync(sofficePath()!, ["--headless", "--norestore", "--nolockcheck", `-env:UserInstallation=${profile}`, "--convert-to", "xlsx", "--outdir", again, file], {
      stdio: "pipe",
      timeout: 120_000,
    });
    return JSZip.loadAsync(fs.readFileSync(path.join(again, "rapport.xlsx"))).then(async (zip) => {
      const charts = Object.keys(zip.files).filter((f) => /^xl\/charts\/chart\d+\.xml$/.test(f));
      expect(charts.length).toBe(5);
      const all = (await Promise.all(charts.map((f) => zip.file(f)!.async("string")))).join("");
      const refs = all.replace(/&apos;/g, "'");
      expect(refs).toContain("<c:f>'Tabell 3.1'!$B$5:$B$9</c:f>");
      expect(refs).toContain("<c:f>'Tabell 3.4.2'!$B$23:$E$23</c:f>");
    });
  },
  180_000,
);

test("office-js: charts.add over the first series, every series' ranges, title, position and page break as the model says", async () => {
  const fake = new FakeWorkbook();
  await new OfficeJsWorkbook(fake.run).writeSheets(report.sheets);
  const t31 = at(report.sheets, 0, "sheet");
  const charts = fake.sheet("Tabell 3.1")!.charts;
  expect(charts).toHaveLength(2);
  const r = at(t31.charts ?? [], 0, "chart").anchor.row;
  expect(charts[0]).toEqual({
    type: "ColumnClustered",
    source: "B5:B9",
    seriesBy: "Columns",
    title: "Driftsutgifter 2022 per artsgruppe",
    position: { start: `A${r + 1}`, end: `F${r + 18}` },
    series: [
      { name: "Regnskap 2022", values: "B5:B9", xAxisValues: "A5:A9" },
      { name: "Dok. 3 2022", values: "C5:C9", xAxisValues: "A5:A9" },
      { name: "Regulert budsjett 2022", values: "D5:D9", xAxisValues: "A5:A9" },
    ],
    legendPosition: "Bottom",
  });
  expect(charts[1]?.series.map((s) => s.values)).toEqual(["B11:B14", "C11:C14", "D11:D14"]);
  expect(fake.sheet("Tabell 3.3")!.charts).toHaveLength(2);
  const cat = fake.sheet("Tabell 3.4.2")!;
  expect(cat.charts).toHaveLength(1);
  expect(cat.charts[0]).toMatchObject({ source: "B23:E23", seriesBy: "Rows", series: [{ name: "Avvik", values: "B23:E23", xAxisValues: "B4:E4" }] });
  expect(cat.rowBreaks).toEqual([report.sheets[3]?.charts![0]?.anchor.row]);
  expect(fake.sheet("Tabell 3.4.1")!.charts).toEqual([]);
  // The print area reaches down over the charts, in Excel as in the file.
  expect(fake.sheet("Tabell 3.1")!.pageLayout.printArea).toBe(areaA1(t31.printArea!));
});

test("chart and sheet XML details: a pie has no axes, text is escaped, <drawing> goes before later elements", () => {
  const model: SheetModel = {
    name: "A & B's",
    role: "table",
    columnWidths: [10, 10],
    rows: [
      [{ value: "<x>" }, { value: 1 }],
      [{ value: "y" }, { value: 2, formula: "B1+1" }],
    ],
    merges: [],
  };
  const pie = chartXml(model, {
    kind: "pie",
    title: "Del & helhet",
    series: [{ name: "S", categoriesRange: cellArea(0, 0, 1, 0), valuesRange: cellArea(0, 1, 1, 1) }],
    anchor: { row: 3, column: 0 },
    size: { rows: 10, columns: 2 },
  });
  expect(pie).toContain('<c:pieChart><c:varyColors val="1"/>');
  expect(pie).not.toContain("<c:catAx>");
  expect(pie).toContain("<a:t>Del &amp; helhet</a:t>");
  expect(pie).toContain("<c:f>'A &amp; B''s'!$B$1:$B$2</c:f>");
  expect(pie).toContain("<c:v>&lt;x&gt;</c:v>");
  // A formula cell's cached value is its computed value.
  expect(pie).toContain('<c:pt idx="1"><c:v>2</c:v></c:pt>');

  const sheet = '<worksheet xmlns="x"><sheetData/><pageSetup paperSize="9"/><headerFooter/><tableParts count="0"/></worksheet>';
  const out = withDrawingElement(sheet, "rId3");
  expect(out).toContain('<headerFooter/><drawing r:id="rId3"/><tableParts');
  expect(out).toMatch(/^<worksheet xmlns:r="http:\/\/schemas.openxmlformats.org\/officeDocument\/2006\/relationships" xmlns="x">/);
  expect(withDrawingElement('<worksheet xmlns:r="r"><sheetData/></worksheet>', "rId1")).toBe('<worksheet xmlns:r="r"><sheetData/><drawing r:id="rId1"/></worksheet>');
  // A row's or a cell's own <extLst> (CT_Row, CT_Cell) is not the sheet's: the drawing goes after the data.
  const rowExt = '<worksheet xmlns:r="r"><sheetData><row r="1"><c r="A1"><v>1</v><extLst/></c><extLst><ext/></extLst></row></sheetData><extLst><ext uri="u"/></extLst></worksheet>';
  expect(withDrawingElement(rowExt, "rId2")).toBe(
    '<worksheet xmlns:r="r"><sheetData><row r="1"><c r="A1"><v>1</v><extLst/></c><extLst><ext/></extLst></row></sheetData><drawing r:id="rId2"/><extLst><ext uri="u"/></extLst></worksheet>',
  );
});

test("a sheet said to hold its drawing already is checked for it", async () => {
  // The report writer puts <drawing r:id> in the sheets with charts itself; addCharts only checks it is there.
  const parts = readZip(xlsx);
  const sheet = [...parts.keys()].find((name) => parts.get(name)!.includes('<drawing r:id="rId1"/></worksheet>'));
  expect(sheet).toBeDefined();
  const without = new Map(parts);
  for (const name of [...without.keys()]) if (/^xl\/(drawings|charts)\//.test(name) || /^xl\/worksheets\/_rels\//.test(name)) without.delete(name);
  without.set(sheet!, Buffer.from(parts.get(sheet!)!.toString("utf8").replace('<drawing r:id="rId1"/>', ""), "utf8"));
  await expect(addCharts(new Map(without), report.sheets, undefined, { drawingsInPlace: true })).rejects.toThrow(/has no <drawing r:id="rId1"\/> before its end/);
  // Without the option the drawing is put in, where the writer puts it.
  const again = readZip(await addCharts(new Map(without), report.sheets));
  expect(again.get(sheet!)!.equals(parts.get(sheet!)!)).toBe(true);
});
