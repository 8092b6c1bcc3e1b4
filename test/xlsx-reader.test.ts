import ExcelJS from "exceljs";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import JSZip from "jszip";
import { tmpdir } from "os";
import { join } from "path";
import { CellValue, SheetGrid, UNCALCULATED_CODE } from "../src/domain/cells";
import { readWorkbookFile, UnreadableWorkbookError as ReExported, worksheetToGrid } from "../src/workbook/exceljs-reader";
import { readXlsxFile, UNREADABLE, UnreadableWorkbookError } from "../src/workbook/xlsx-reader";
import { CASES, writeCorpus, writeUnreadable } from "./bad-input/make-corpus";
import { at, group } from "../src/domain/at";

/**
 * The .xlsx reader (src/workbook/xlsx-reader.ts): the same grids as the exceljs path it
 * replaces for every workbook the tests read, a used range of a whole sheet at almost no
 * cost, formulas without a cached result marked, one Norwegian sentence for each kind of
 * file that is no .xlsx, and real files written by other programs.
 */

const ROOT = join(__dirname, "..");
const EXAMPLE = join(ROOT, "examples", "uke-2022", "input.xlsx");
const REAL = join(__dirname, "fixtures", "xlsx-real");
const dir = mkdtempSync(join(tmpdir(), "avstem-xlsx-reader-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const UNCALC: CellValue = { kind: "error", code: UNCALCULATED_CODE };

/** The old path: exceljs's whole workbook model, then worksheetToGrid. */
async function exceljsGrids(path: string): Promise<SheetGrid[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb.worksheets.map(worksheetToGrid);
}

/** Grids compared modulo what the contract allows: a row may end at its last value (ragged), a gap may be a hole. */
function normalise(grids: readonly SheetGrid[]): SheetGrid[] {
  return grids.map((g) => ({
    name: g.name,
    firstRow: g.firstRow,
    firstColumn: g.firstColumn,
    rows: g.rows.map((r) => {
      const a = Array.from(r, (v) => (v === undefined ? null : v));
      while (a.length && a[a.length - 1] === null) a.pop();
      return a;
    }),
  }));
}

// ------------------------------------------------------------------ writing small .xlsx files by hand

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

interface HandSheet {
  readonly name: string;
  /** The worksheet's XML inside <worksheet>: sheetData and whatever else. */
  readonly body: string;
}

/** A .xlsx as Excel lays it out, from raw XML: every edge case the reader must take, written exactly. */
async function handXlsx(
  file: string,
  sheets: readonly HandSheet[],
  opts: { strings?: string; styles?: string; workbookPr?: string; extra?: Record<string, string>; chartSheet?: boolean } = {},
): Promise<string> {
  const zip = new JSZip();
  zip.file("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>');
  zip.file(
    "_rels/.rels",
    `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  const rels: string[] = [];
  const entries: string[] = [];
  sheets.forEach((s, i) => {
    rels.push(`<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`);
    entries.push(`<sheet name="${s.name}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`);
    zip.file(`xl/worksheets/sheet${i + 1}.xml`, `<?xml version="1.0" encoding="UTF-8"?><worksheet ${NS}>${s.body}</worksheet>`);
  });
  if (opts.chartSheet) {
    rels.push(`<Relationship Id="rIdC" Type="${REL}/chartsheet" Target="chartsheets/sheet1.xml"/>`);
    entries.push('<sheet name="Diagram" sheetId="99" r:id="rIdC"/>');
    zip.file("xl/chartsheets/sheet1.xml", `<chartsheet ${NS}><drawing r:id="rId1"/></chartsheet>`);
  }
  if (opts.strings !== undefined) {
    rels.push(`<Relationship Id="rIdS" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`);
    zip.file("xl/sharedStrings.xml", `<?xml version="1.0"?><sst ${NS}>${opts.strings}</sst>`);
  }
  if (opts.styles !== undefined) {
    rels.push(`<Relationship Id="rIdY" Type="${REL}/styles" Target="styles.xml"/>`);
    zip.file("xl/styles.xml", `<?xml version="1.0"?><styleSheet ${NS}>${opts.styles}</styleSheet>`);
  }
  zip.file(
    "xl/_rels/workbook.xml.rels",
    `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join("")}</Relationships>`,
  );
  zip.file("xl/workbook.xml", `<?xml version="1.0"?><workbook ${NS}>${opts.workbookPr ?? ""}<sheets>${entries.join("")}</sheets></workbook>`);
  for (const [name, text] of Object.entries(opts.extra ?? {})) zip.file(name, text);
  const path = join(dir, file);
  writeFileSync(path, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
  return path;
}

const sheetData = (rows: string) => `<sheetData>${rows}</sheetData>`;

// ------------------------------------------------------------------ (1) the same grids as the exceljs path

describe("the same grids as the exceljs path, for every workbook the tests read", () => {
  test("examples/uke-2022/input.xlsx", async () => {
    const grids = await readWorkbookFile(EXAMPLE);
    expect(grids.map((g) => g.name)).toEqual(["Regnskap", "Budsjett", "Prosjekter", "Reguleringer", "Oppsett"]);
    expect(normalise(grids)).toEqual(normalise(await exceljsGrids(EXAMPLE)));
  });

  test("every workbook of the bad-input corpus (made with exceljs), and the workbook with no ledger", async () => {
    const files = await writeCorpus(join(dir, "corpus"));
    const { noLedger } = await writeUnreadable(join(dir, "unreadable"));
    const noSavedValue = "amount: a formula with no saved value";
    expect(files.size).toBe(CASES.length);
    for (const [name, file] of [...files, ["no ledger", noLedger] as const]) {
      const old = normalise(await exceljsGrids(file));
      const now = normalise(await readWorkbookFile(file));
      if (name === noSavedValue) {
        // The one intended difference: exceljs read a formula without its value as an empty cell.
        const row = old.find((g) => g.name === "Regnskap")!.rows[2] as CellValue[];
        expect(row[5] ?? null).toBeNull();
        row[5] = UNCALC;
      }
      expect({ name, grids: now }).toEqual({ name, grids: old });
    }
  });

  test("a workbook made with exceljs with every kind of value it writes", async () => {
    const file = join(dir, "kinds.xlsx");
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Verdier");
    ws.getCell("B2").value = "tekst";
    ws.getCell("C2").value = 1234.5;
    ws.getCell("D2").value = true;
    ws.getCell("E2").value = false;
    ws.getCell("F2").value = { error: "#N/A" } as ExcelJS.CellErrorValue;
    ws.getCell("G2").value = new Date(Date.UTC(2024, 11, 31));
    ws.getCell("G2").numFmt = "dd.mm.yyyy";
    ws.getCell("H2").value = 45000.75;
    ws.getCell("H2").numFmt = "yyyy-mm-dd hh:mm";
    ws.getCell("I2").value = { richText: [{ text: "fet " }, { text: "og vanlig", font: { bold: true } }] };
    ws.getCell("J2").value = { text: "lenke", hyperlink: "https://example.com" };
    ws.getCell("K2").value = { formula: "C2*2", result: 2469 } as ExcelJS.CellFormulaValue;
    ws.getCell("L2").value = { formula: '"a"&"b"', result: "ab" } as ExcelJS.CellFormulaValue;
    ws.getCell("M2").value = { formula: "1=1", result: true } as ExcelJS.CellFormulaValue;
    ws.getCell("N2").value = "";
    ws.getCell("O2").value = "æøå ÆØÅ – «sitat» & <tag>";
    ws.getCell("B4").value = "Tittel";
    ws.mergeCells("B4:E6");
    ws.getCell("C8").value = 7;
    ws.getCell("C8").numFmt = '#,##0.00 "kr"';
    wb.addWorksheet("Tomt");
    const second = wb.addWorksheet("Forskjøvet");
    second.getCell("D5").value = "langt ute";
    second.getCell("F9").value = -0.5;
    await wb.xlsx.writeFile(file);
    const now = await readWorkbookFile(file);
    expect(normalise(now)).toEqual(normalise(await exceljsGrids(file)));
    // Spot checks on what both give.
    const [v] = now;
    expect(v?.firstRow).toBe(1);
    expect(v?.firstColumn).toBe(1);
    expect(v?.rows[0]?.slice(0, 14)).toEqual([
      "tekst",
      1234.5,
      true,
      false,
      { kind: "error", code: "#N/A" },
      { kind: "date", serial: 45657 },
      { kind: "date", serial: 45000.75 },
      "fet og vanlig",
      "lenke",
      2469,
      "ab",
      true,
      "",
      "æøå ÆØÅ – «sitat» & <tag>",
    ]);
    // The merged range B4:E6 holds its value in B4 only; the used range reaches its end.
    expect(v?.rows[2]).toEqual(["Tittel"]);
    expect(v?.rows[6]).toEqual([null, 7]);
    expect(now[1]).toEqual({ name: "Tomt", rows: [], firstRow: 0, firstColumn: 0 });
    expect(now[2]?.firstRow).toBe(4);
    expect(now[2]?.firstColumn).toBe(3);
  });

  test("a workbook in the 1904 date system, written by exceljs", async () => {
    const file = join(dir, "1904.xlsx");
    const wb = new ExcelJS.Workbook();
    wb.properties.date1904 = true;
    const ws = wb.addWorksheet("Datoer");
    ws.getCell("A1").value = new Date(Date.UTC(2024, 0, 15));
    ws.getCell("A1").numFmt = "dd.mm.yyyy";
    await wb.xlsx.writeFile(file);
    const now = await readWorkbookFile(file);
    expect(normalise(now)).toEqual(normalise(await exceljsGrids(file)));
    expect(now[0]?.rows[0]?.[0]).toEqual({ kind: "date", serial: 45306 });
  });
});

// ------------------------------------------------------------------ (2) a used range of the whole sheet

describe("a sheet whose used range claims the whole sheet", () => {
  const LINES = 16_667; // × 6 cells = 100,002 cells
  let file: string;

  beforeAll(async () => {
    const rows: string[] = [
      '<row r="1"><c r="A1" t="inlineStr"><is><t>Kapittel</t></is></c><c r="B1" t="inlineStr"><is><t>Del</t></is></c><c r="C1" t="inlineStr"><is><t>Art</t></is></c><c r="D1" t="inlineStr"><is><t>Prosjekt</t></is></c><c r="E1" t="inlineStr"><is><t>År</t></is></c><c r="F1" t="inlineStr"><is><t>Beløp</t></is></c></row>',
    ];
    for (let i = 0; i < LINES - 1; i++) {
      const r = i + 2;
      rows.push(
        `<row r="${r}"><c r="A${r}"><v>125</v></c><c r="B${r}" t="s"><v>0</v></c><c r="C${r}" t="s"><v>1</v></c><c r="D${r}" t="s"><v>2</v></c><c r="E${r}"><v>2024</v></c><c r="F${r}" s="1"><v>${(i % 1000) + 0.5}</v></c></row>`,
      );
    }
    rows.push('<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>borte</t></is></c></row>');
    const everything = "A1:XFD1048576";
    const body =
      `<dimension ref="${everything}"/><cols><col min="1" max="16384" width="12" style="1"/></cols>` +
      sheetData(rows.join("")) +
      `<conditionalFormatting sqref="${everything}"><cfRule type="cellIs" dxfId="0" priority="1" operator="lessThan"><formula>0</formula></cfRule></conditionalFormatting>` +
      `<dataValidations count="2"><dataValidation type="whole" allowBlank="1" sqref="${everything}"><formula1>0</formula1><formula2>9</formula2></dataValidation>` +
      `<dataValidation type="list" sqref="A:XFD"><formula1>"a,b"</formula1></dataValidation></dataValidations>`;
    file = await handXlsx("whole-sheet.xlsx", [{ name: "Regnskap", body }], {
      strings: "<si><t>Drift</t></si><si><t>010</t></si><si><t/></si>",
      styles: '<numFmts count="1"><numFmt numFmtId="164" formatCode="#,##0.00"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs>',
    });
  });

  test("100,002 cells under a whole-sheet validation, conditional format and a value at XFD1048576: read fast, values right", async () => {
    const heapBefore = process.memoryUsage().heapUsed;
    const t0 = Date.now();
    const g = at(await readWorkbookFile(file), 0, "sheet");
    const ms = Date.now() - t0;
    const heap = Math.round((process.memoryUsage().heapUsed - heapBefore) / 1e6);
    console.info(`xlsx-reader: ${LINES * 6} cells, used range A1:XFD1048576: ${ms} ms, heap +${heap} MB, rss ${Math.round(process.memoryUsage().rss / 1e6)} MB`);
    expect(ms).toBeLessThan(15_000);
    expect(g.firstRow).toBe(0);
    expect(g.firstColumn).toBe(0);
    expect(g.rows).toHaveLength(1_048_576);
    expect(g.rows[0]).toEqual(["Kapittel", "Del", "Art", "Prosjekt", "År", "Beløp"]);
    expect(g.rows[1]).toEqual([125, "Drift", "010", "", 2024, 0.5]);
    expect(g.rows[LINES - 1]).toEqual([125, "Drift", "010", "", 2024, ((LINES - 2) % 1000) + 0.5]);
    // Empty rows share one frozen array; the far row is as long as its one value.
    expect(g.rows[LINES]).toHaveLength(0);
    expect(new Set(g.rows.slice(LINES, 1_048_575)).size).toBe(1);
    expect(Object.isFrozen(g.rows[LINES])).toBe(true);
    const last = g.rows[1_048_575];
    expect(last).toHaveLength(16_384);
    expect(last?.[16_383]).toBe("borte");
    expect(last?.filter((v) => v !== null && v !== undefined)).toEqual(["borte"]);
    let sum = 0;
    for (const row of g.rows) if (typeof row[5] === "number") sum += row[5];
    expect(sum).toBe(Array.from({ length: LINES - 1 }, (_, i) => (i % 1000) + 0.5).reduce((a, b) => a + b, 0));
  });

  test("rows with values at A and at XFD, many of them, stay small (a sparse row is not 16,384 cells)", async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c><c r="XFD${i + 1}"><v>1</v></c></row>`).join("");
    const path = await handXlsx("wide.xlsx", [{ name: "Bredt", body: sheetData(rows) }]);
    const before = process.memoryUsage().heapUsed;
    const g = at(await readWorkbookFile(path), 0, "sheet");
    const grown = (process.memoryUsage().heapUsed - before) / 1e6;
    console.info(`xlsx-reader: 5,000 rows with A and XFD: heap +${Math.round(grown)} MB (dense rows would be ~650 MB)`);
    expect(g.rows).toHaveLength(5000);
    expect(g.rows[4999]?.[0]).toBe(4999);
    expect(g.rows[4999]?.[16_383]).toBe(1);
    expect(g.rows[4999]?.[100] ?? null).toBeNull();
    expect(grown).toBeLessThan(300);
  });
});

// ------------------------------------------------------------------ (3) cell kinds, formulas without a value

describe("cells as the file holds them", () => {
  let grids: SheetGrid[];

  beforeAll(async () => {
    const f = (r: string, inner: string, attrs = "") => `<c r="${r}"${attrs}>${inner}</c>`;
    const rows = [
      `<row r="1">${f("A1", "<v>1</v>")}${f("B1", "<v>2</v>")}${f("C1", "<v>3</v>")}</row>`,
      // Formulas: no <v>, an empty <v/>, shared with and without values, cached results of every type.
      `<row r="2">${f("A2", "<f>SUM(A1:A3)</f>")}${f("B2", "<f>1+1</f><v></v>")}${f("C2", '<f t="shared" ref="C2:E2" si="0">A1*2</f><v>2</v>')}${f("D2", '<f t="shared" si="0"/>')}${f("E2", '<f t="shared" si="0"/><v>6</v>')}</row>`,
      `<row r="3">${f("A3", '<f>A1&amp;"x"</f><v>1x</v>', ' t="str"')}${f("B3", '<f>IF(1,"","")</f><v></v>', ' t="str"')}${f("C3", "<f>1/0</f><v>#DIV/0!</v>", ' t="e"')}${f("D3", "<f>1=1</f><v>1</v>", ' t="b"')}${f("E3", "<f>A1</f><v>0</v>")}</row>`,
      // Values without formulas: errors, booleans, inline and shared strings, ISO dates, dates by format.
      `<row r="4">${f("A4", "<v>#N/A</v>", ' t="e"')}${f("B4", "<v>0</v>", ' t="b"')}${f("C4", "<is><t>inline</t></is>", ' t="inlineStr"')}${f("D4", "<v>0</v>", ' t="s"')}${f("E4", "<v>1</v>", ' t="s"')}${f("F4", "<v>2</v>", ' t="s"')}</row>`,
      `<row r="5">${f("A5", "<v>2024-12-31</v>", ' t="d"')}${f("B5", "<v>45657</v>", ' s="1"')}${f("C5", "<v>45657.5</v>", ' s="2"')}${f("D5", "<v>45657</v>", ' s="3"')}${f("E5", "<v>45657</v>", ' s="4"')}${f("F5", "<v>1.5</v>", ' s="5"')}</row>`,
      // No r on the cells, then no r on the row: positions follow the previous ones.
      `<row r="7"><c><v>10</v></c><c><v>11</v></c><c r="E7"><v>14</v></c><c><v>15</v></c></row><row><c><v>20</v></c></row>`,
      // Merged B9:C10 with a (stale) value in a covered cell; _x000D_ escapes; whitespace kept.
      `<row r="9">${f("B9", "<v>3</v>", ' t="s"')}${f("C9", "<v>99</v>")}</row><row r="10">${f("B10", "<v>98</v>")}${f("D10", "<is><t>a_x000D_b</t></is>", ' t="inlineStr"')}${f("E10", '<is><t xml:space="preserve">  rom  </t></is>', ' t="inlineStr"')}</row>`,
    ].join("");
    const styles =
      '<numFmts count="3"><numFmt numFmtId="164" formatCode="DD.MM.YYYY"/><numFmt numFmtId="165" formatCode="#,##0\\ &quot;kr&quot;;[Red]\\-#,##0\\ &quot;kr&quot;"/><numFmt numFmtId="166" formatCode="[h]:mm"/></numFmts>' +
      '<cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="4"/><xf numFmtId="166"/></cellXfs>' +
      '<dxfs count="1"><dxf><numFmt numFmtId="165" formatCode="yyyy"/></dxf></dxfs>';
    const strings =
      '<si><t>delt</t></si><si><r><t>rik </t></r><r><rPr><b/></rPr><t>tekst</t></r><rPh sb="0" eb="1"><t>FONETISK</t></rPh></si><si><t></t></si><si><t>Tittel</t></si>';
    const path = await handXlsx("cells.xlsx", [{ name: "Celler", body: sheetData(rows) + '<mergeCells count="1"><mergeCell ref="B9:C10"/></mergeCells>' }], { strings, styles });
    grids = await readWorkbookFile(path);
  });

  const cell = (a1: string): CellValue | undefined => {
    const m = /^([A-Z]+)(\d+)$/.exec(a1)!;
    const col =
      group(m, 1)
        .split("")
        .reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
    const g = at(grids, 0, "sheet");
    return g.rows[Number(m[2]) - 1 - g.firstRow]?.[col - g.firstColumn];
  };

  test("a formula without a cached result is the UBEREGNET marker, never blank or 0", () => {
    expect(cell("A2")).toEqual(UNCALC);
    expect(cell("B2")).toEqual(UNCALC);
    expect(cell("D2")).toEqual(UNCALC); // shared formula, secondary cell, no value
  });

  test("a formula's cached result is read by its type", () => {
    expect(cell("C2")).toBe(2);
    expect(cell("E2")).toBe(6); // shared formula, secondary cell, with its value
    expect(cell("A3")).toBe("1x");
    expect(cell("B3") ?? null).toBeNull(); // an empty text result shows blank
    expect(cell("C3")).toEqual({ kind: "error", code: "#DIV/0!" });
    expect(cell("D3")).toBe(true);
    expect(cell("E3")).toBe(0);
  });

  test("errors, booleans, inline, shared and rich text (phonetic left out), an empty shared string kept as text", () => {
    expect(cell("A4")).toEqual({ kind: "error", code: "#N/A" });
    expect(cell("B4")).toBe(false);
    expect(cell("C4")).toBe("inline");
    expect(cell("D4")).toBe("delt");
    expect(cell("E4")).toBe("rik tekst");
    expect(cell("F4")).toBe("");
  });

  test('dates: t="d", a built-in date format, a custom one in capitals; not a number format with kr, nor a dxf\'s format', () => {
    expect(cell("A5")).toEqual({ kind: "date", serial: 45657 });
    expect(cell("B5")).toEqual({ kind: "date", serial: 45657 });
    expect(cell("C5")).toEqual({ kind: "date", serial: 45657.5 });
    expect(cell("D5")).toBe(45657);
    expect(cell("E5")).toBe(45657);
    expect(cell("F5")).toEqual({ kind: "date", serial: 1.5 - 1 }); // elapsed time: a time, as exceljs had it
  });

  test("cells and rows without r follow the previous ones", () => {
    expect([cell("A7"), cell("B7"), cell("E7"), cell("F7"), cell("A8")]).toEqual([10, 11, 14, 15, 20]);
  });

  test("a merged range keeps its value in the top-left cell only; _x000D_ is a carriage return; spaces are kept", () => {
    expect(cell("B9")).toBe("Tittel");
    expect(cell("C9") ?? null).toBeNull();
    expect(cell("B10") ?? null).toBeNull();
    expect(cell("D10")).toBe("a\rb");
    expect(cell("E10")).toBe("  rom  ");
  });

  test("a workbook of only chart sheets gives no grids; a chart sheet among worksheets is skipped", async () => {
    const onlyCharts = await handXlsx("charts-only.xlsx", [], { chartSheet: true });
    await expect(readWorkbookFile(onlyCharts)).resolves.toEqual([]);
    const mixed = await handXlsx("mixed.xlsx", [{ name: "Data", body: sheetData('<row r="1"><c r="A1"><v>1</v></c></row>') }], { chartSheet: true });
    expect((await readWorkbookFile(mixed)).map((g) => g.name)).toEqual(["Data"]);
  });

  test("prefixed element names (x:), odd casing of part names, absolute and ../ targets", async () => {
    const zip = new JSZip();
    zip.file(
      "_rels/.rels",
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="${REL}/officeDocument" Target="/XL/Workbook.xml"/></Relationships>`,
    );
    zip.file(
      "XL/_rels/Workbook.xml.rels",
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="a" Type="${REL}/worksheet" Target="../xl/sheets/../Worksheets/Ark%201.xml"/><Relationship Id="b" Type="${REL}/worksheet" Target="/xl/worksheets/two.xml"/><Relationship Id="s" Type="${REL}/sharedStrings" Target="SharedStrings.xml"/></Relationships>`,
    );
    zip.file(
      "XL/Workbook.xml",
      `<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:rel="${REL}"><x:sheets><x:sheet name="Første" sheetId="1" rel:id="a"/><x:sheet name="Andre" sheetId="2" rel:id="b"/></x:sheets></x:workbook>`,
    );
    zip.file(
      "xl/worksheets/Ark 1.xml",
      '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c></x:row></x:sheetData></x:worksheet>',
    );
    zip.file(
      "xl/worksheets/two.xml",
      '<worksheet xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main"><sheetData><row r="2"><c r="B2"><v>42</v></c></row></sheetData></worksheet>',
    );
    zip.file("xl/sharedstrings.xml", '<x:sst xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:si><x:t>hei</x:t></x:si></x:sst>');
    const path = join(dir, "odd-paths.xlsx");
    writeFileSync(path, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
    expect(await readWorkbookFile(path)).toEqual([
      { name: "Første", rows: [["hei"]], firstRow: 0, firstColumn: 0 },
      { name: "Andre", rows: [[42]], firstRow: 1, firstColumn: 1 },
    ]);
  });
});

// ------------------------------------------------------------------ (4) files that are no .xlsx

describe("a file that is no .xlsx: one Norwegian sentence naming what it is, never a library's message", () => {
  const at = (name: string) => join(dir, "formats", name);
  beforeAll(() => mkdirSync(join(dir, "formats"), { recursive: true }));

  async function zipOf(files: Record<string, string>, name: string): Promise<string> {
    const zip = new JSZip();
    for (const [k, v] of Object.entries(files)) zip.file(k, v);
    writeFileSync(at(name), await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
    return at(name);
  }

  async function sentence(path: string): Promise<string> {
    try {
      await readWorkbookFile(path);
    } catch (e) {
      expect(e).toBeInstanceOf(UnreadableWorkbookError);
      expect(e).toBeInstanceOf(ReExported);
      const m = (e as Error).message;
      expect(m.split("\n")).toHaveLength(1);
      expect(m).toMatch(/prøv igjen\.$/);
      expect(m).not.toMatch(/Error|undefined|Cannot|Corrupted|Bug|zip :|is this a zip|\bat .*:\d+:\d+|\[object/);
      return m;
    }
    throw new Error(`${path} was read`);
  }

  const cases: [string, () => Promise<string> | string, (p: string) => string][] = [
    ["an empty file", () => (writeFileSync(at("empty.xlsx"), ""), at("empty.xlsx")), UNREADABLE.empty],
    ["a CSV renamed .xlsx", () => (writeFileSync(at("ledger.xlsx"), "Art;Beløp\n010;1 000,00\n"), at("ledger.xlsx")), UNREADABLE.text],
    [
      "a UTF-16 text file",
      () => (writeFileSync(at("utf16.xls"), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("Art\tBeløp\r\n010\t5\r\n", "utf16le")])), at("utf16.xls")),
      UNREADABLE.text,
    ],
    ["an HTML table saved as .xls", () => (writeFileSync(at("report.xls"), "<html><body><table><tr><td>010</td></tr></table></body></html>"), at("report.xls")), UNREADABLE.html],
    [
      "an Excel 2003 XML spreadsheet",
      () => (
        writeFileSync(
          at("xml2003.xls"),
          '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>',
        ),
        at("xml2003.xls")
      ),
      UNREADABLE.spreadsheetMl2003,
    ],
    ["a PDF", () => (writeFileSync(at("rapport.xlsx"), "%PDF-1.7\n%âãÏÓ\n"), at("rapport.xlsx")), UNREADABLE.pdf],
    [
      "some other binary file",
      () => (writeFileSync(at("bin.xlsx"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])), at("bin.xlsx")),
      UNREADABLE.unknown,
    ],
    [
      "a zip's header and then junk",
      () => (writeFileSync(at("junk.xlsx"), Buffer.concat([Buffer.from("PK\u0003\u0004"), Buffer.alloc(200, 0x41)])), at("junk.xlsx")),
      UNREADABLE.corrupt,
    ],
    [
      "a workbook cut off half-way",
      async () => (writeFileSync(at("half.xlsx"), readFileSync(EXAMPLE).subarray(0, Math.floor(readFileSync(EXAMPLE).length / 2))), at("half.xlsx")),
      UNREADABLE.corrupt,
    ],
    [
      "a compound file that cannot be walked (encrypted or .xls)",
      () => (writeFileSync(at("cfb.xlsx"), Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(4096, 0x5a)])), at("cfb.xlsx")),
      UNREADABLE.encryptedOrXls,
    ],
    ["a password-protected .xlsx (Excel, real)", () => join(REAL, "excel-password.xlsx"), UNREADABLE.encrypted],
    ["an old .xls (Excel 97–2003, real)", () => join(REAL, "excel-97-2003.xls"), UNREADABLE.xls],
    ["an .xlsb (real)", () => join(REAL, "excel-binary.xlsb"), UNREADABLE.xlsb],
    ["an .ods (LibreOffice, real)", () => join(REAL, "libreoffice.ods"), UNREADABLE.ods],
    ["an .ods with only a mimetype and content", () => zipOf({ mimetype: "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>" }, "tiny.ods"), UNREADABLE.ods],
    ["a .numbers file (zip of Index/*.iwa)", () => zipOf({ "Index/Document.iwa": "x", "Metadata/Properties.plist": "x" }, "budsjett.numbers"), UNREADABLE.numbers],
    ["a zipped .numbers package", () => zipOf({ "budsjett.numbers/Index.zip": "x", "budsjett.numbers/preview.jpg": "x" }, "package.numbers"), UNREADABLE.numbers],
    [
      "a .numbers package folder",
      () => (mkdirSync(at("folder.numbers"), { recursive: true }), writeFileSync(join(at("folder.numbers"), "Index.zip"), "x"), at("folder.numbers")),
      UNREADABLE.numbers,
    ],
    ["a .docx", () => zipOf({ "word/document.xml": "<w/>", "[Content_Types].xml": "<Types/>" }, "notat.xlsx"), (p) => UNREADABLE.otherOffice(p, "et Word-dokument (.docx)")],
    ["a zip of something else", () => zipOf({ "readme.txt": "hei" }, "arkiv.xlsx"), UNREADABLE.zipWithoutWorkbook],
    [
      "a worksheet that is not XML",
      () => handXlsx("formats/bad-xml.xlsx", [{ name: "Regnskap", body: "<sheetData><row><c><v>1</v></row></sheetData>" }]),
      (p) => UNREADABLE.damagedPart(p, "arket «Regnskap»"),
    ],
    [
      "a worksheet the workbook names but the zip lacks",
      async () => {
        const zip = await JSZip.loadAsync(readFileSync(await handXlsx("formats/lacks.xlsx", [{ name: "Regnskap", body: sheetData("") }])));
        zip.remove("xl/worksheets/sheet1.xml");
        writeFileSync(at("lacks.xlsx"), await zip.generateAsync({ type: "nodebuffer" }));
        return at("lacks.xlsx");
      },
      (p) => UNREADABLE.missingSheet(p, "Regnskap"),
    ],
  ];

  test.each(cases)("%s", async (_name, make, expected) => {
    const path = await make();
    expect(await sentence(path)).toBe(expected(path));
  });

  test("a damaged deflate stream inside the zip: the damaged-file sentence (which one depends on where inflating gives up)", async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i * 7919}</v></c></row>`).join("");
    const path = await handXlsx("formats/garbled.xlsx", [{ name: "Regnskap", body: sheetData(rows) }]);
    const b = Buffer.from(readFileSync(path));
    const header = b.indexOf(Buffer.from("xl/worksheets/sheet1.xml"));
    const size = b.readUInt32LE(header - 30 + 18);
    const start = header + b.readUInt16LE(header - 30 + 26) + b.readUInt16LE(header - 30 + 28);
    for (let i = start + Math.floor(size / 2); i < start + Math.floor(size / 2) + 32; i++) b.writeUInt8(b.readUInt8(i) ^ 0x5a, i);
    writeFileSync(path, b);
    expect([UNREADABLE.corrupt(path), UNREADABLE.damagedPart(path, "arket «Regnskap»")]).toContain(await sentence(path));
  });

  test("the sentences of the bad-input corpus's unreadable files", async () => {
    const u = await writeUnreadable(join(dir, "unreadable2"));
    expect(await sentence(u.empty)).toBe(UNREADABLE.empty(u.empty));
    expect(await sentence(u.corrupt)).toBe(UNREADABLE.corrupt(u.corrupt));
    expect(await sentence(u.truncated)).toBe(UNREADABLE.corrupt(u.truncated));
    expect(await sentence(u.encrypted)).toMatch(/er passordbeskyttet eller kryptert/);
  });

  test("entry sizes that do not match the zip's directory (jszip crashed the process on these): read anyway", async () => {
    const path = await handXlsx("formats/sizes.xlsx", [{ name: "Ark", body: sheetData('<row r="1"><c r="A1"><v>5</v></c></row>') }]);
    const b = Buffer.from(readFileSync(path));
    // Every central directory record's uncompressed size, off by one.
    for (let i = b.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); i >= 0; i = b.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), i + 4))
      b.writeUInt32LE(b.readUInt32LE(i + 24) + 1, i + 24);
    writeFileSync(path, b);
    expect(await readWorkbookFile(path)).toEqual([{ name: "Ark", rows: [[5]], firstRow: 0, firstColumn: 0 }]);
  });
});

// ------------------------------------------------------------------ (5) real files written by other programs

describe("real .xlsx files written by other programs (test/fixtures/xlsx-real, see its README)", () => {
  const read = (name: string) => readXlsxFile(join(REAL, name));
  const only = async (name: string) => {
    const grids = await read(name);
    expect(grids).toHaveLength(1);
    return at(grids, 0, "sheet");
  };

  test("LibreOffice Calc: dates by format, a time of day, plain numbers", async () => {
    const g = await only("libreoffice-date.xlsx");
    // sheet1.xml: A1 44197 (s=1, DD/MM/YY), A2 44198, A3 10.6320601851852 (s=3), B1..B3 15, 16, 17.
    expect(g.rows.map((r) => r[1])).toEqual([15, 16, 17]);
    expect(g.rows[0]?.[0]).toEqual({ kind: "date", serial: 44197 });
    expect(g.rows[1]?.[0]).toEqual({ kind: "date", serial: 44198 });
    expect((g.rows[2]?.[0] as { serial: number }).serial).toBeCloseTo(10.6320601851852 - 1, 9); // as the exceljs path gave dates before 1900-03-01
  });

  test('LibreOffice Calc in the 1904 date system (date1904="true")', async () => {
    const g = await only("libreoffice-date-1904.xlsx");
    // The same cells hold 42735 and 42736: 2021-01-01 and -02 counted from 1904.
    expect(g.rows[0]?.[0]).toEqual({ kind: "date", serial: 44197 });
    expect(g.rows[1]?.[0]).toEqual({ kind: "date", serial: 44198 });
  });

  test("Mac Excel in the 1904 date system, with an x15:workbookPr in extLst", async () => {
    const g = await only("mac-excel-1904.xlsx");
    expect(g.rows.map((r) => r[0])).toEqual([1, 11, 111, 1111, 11111]);
    // B1 = 1 in 1904 = 1904-01-02 (serial 1463 from 1900); C1 is =TEXT(B1,"YYYY-MM-DD") cached.
    expect(g.rows[0]?.slice(1)).toEqual([{ kind: "date", serial: 1463 }, "1904-01-02", "1904-01-02"]);
    expect(g.rows[4]?.[1]).toEqual({ kind: "date", serial: 12573 });
  });

  test("LibreOffice with phonetic readings (<rPh>) left out", async () => {
    expect((await only("libreoffice-phonetic.xlsx"))?.rows).toEqual([["課きく　毛こ"]]);
  });

  test('openpyxl: ISO 8601 dates (t="d") and inline strings', async () => {
    const g = await only("openpyxl-iso-dates.xlsx");
    expect(g.rows[0]?.[0]).toEqual({ kind: "date", serial: 44197 }); // 2021-01-01
    expect((g.rows[1]?.[0] as { serial: number }).serial).toBeCloseTo(44197 + (10 * 3600 + 10 * 60 + 10) / 86400, 9); // 2021-01-01T10:10:10
    expect((g.rows[2]?.[0] as { serial: number }).serial).toBeCloseTo((10 * 3600 + 10 * 60 + 10) / 86400, 9); // 10:10:10
    expect(g.rows[5]?.[0]).toMatch(/^Created with openpyxl/);
  });

  test("openpyxl with absolute relationship targets (exceljs failed: reading 'name')", async () => {
    expect((await only("openpyxl-absolute-paths.xlsx"))?.rows).toEqual([
      ["Item", "Name"],
      [100, "North"],
      [200, "South"],
      [101, "West"],
      [290, "East"],
    ]);
  });

  test("Excel in Strict Open XML (purl.oclc.org namespaces)", async () => {
    const g = await only("excel-strict-ooxml.xlsx");
    expect(g.name).toBe("ml_out");
    expect(g.rows).toHaveLength(76);
    expect(g.rows[0]?.slice(0, 3)).toEqual(["Item", "Thickness", "Number Off Bends"]);
    expect(g.rows[1]?.slice(0, 4)).toEqual(["150-031260-001_B", 1.5, 7, 4]);
  });

  test("element names with an x: prefix (exceljs found no sheets)", async () => {
    expect(await read("x-prefixed-namespace.xlsx")).toEqual([
      {
        name: "Sheet1",
        rows: [
          ["a", "b"],
          [1, 3],
          [2, 4],
        ],
        firstRow: 0,
        firstColumn: 0,
      },
    ]);
  });

  test("Google Sheets", async () => {
    expect((await only("google-sheets.xlsx"))?.rows).toEqual([
      ["label", "value"],
      ["celsius", 22.2222],
      ["fahrenheit", 72],
    ]);
  });

  test("Apple Numbers' export (columns styled out to XFD)", async () => {
    const g = await only("numbers-export.xlsx");
    expect(g.name).toBe("Sheet 1");
    expect(g.rows).toEqual([
      ["Sheet", "JS"],
      [123, 1.23],
      [true, 0.123],
    ]);
  });

  test("excelize: formulas saved without values are UBEREGNET, cached ones read", async () => {
    const [s1, s2] = await read("excelize-uncalculated.xlsx");
    // sheet1.xml: A19 "Total:", B19 =SUM(Sheet2!D2,Sheet2!D11) cached 237.
    expect(s1?.firstRow).toBe(18);
    expect(s1?.rows[0]).toEqual(["Total:", 237]);
    // sheet2.xml row 11: C11 "Other", D11 37, E11..I11 formulas with no <v> (I11 a shared formula's secondary cell).
    expect(s2?.rows[10]).toEqual([null, null, "Other", 37, UNCALC, UNCALC, UNCALC, UNCALC, UNCALC]);
  });

  test("no real fixture reads with a JavaScript error", async () => {
    const { readdirSync } = await import("fs");
    for (const name of readdirSync(REAL).filter((n) => /\.(xlsx|xlsm|xls|xlsb|ods|numbers)$/.test(n))) {
      try {
        await read(name);
      } catch (e) {
        expect({ name, error: e instanceof UnreadableWorkbookError }).toEqual({ name, error: true });
      }
    }
  });
});
