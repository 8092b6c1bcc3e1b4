import JSZip from "jszip";
import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { InputError, runPipeline, type Report } from "../src/domain/pipeline";
import { AMOUNT_FORMAT, cellArea, type CellModel, type CellStyle, type SheetModel } from "../src/domain/report/sheet-model";
import { readWorkbookFile } from "../src/workbook/exceljs-reader";
import { renderWorkbookBuffer } from "../src/workbook/xlsx-writer";
import { renderWorkbookBuffer as referenceBuffer } from "./support/exceljs-reference-writer";
import { loadExampleGrids, withPeriods } from "./support/tertial-example";
import { CASES, writeCorpus } from "./bad-input/make-corpus";

/**
 * The report writer (src/workbook/xlsx-writer.ts) writes what exceljs wrote for the same
 * models — the files Excel has been opening — part by part, byte for byte. The reference is
 * the exceljs writer it replaced (support/exceljs-reference-writer.ts). Both packages are
 * unzipped; the same parts must be there, and each must be the same text. The one exception:
 * docProps/core.xml holds the moment the file was made (dcterms:created and modified), which
 * differs between two writes by nature; only those two times are blanked before comparing.
 */

const TIME = /(<dcterms:(?:created|modified) xsi:type="dcterms:W3CDTF">)[^<]*(<\/dcterms:(?:created|modified)>)/g;

async function parts(buffer: Buffer): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(buffer);
  const out = new Map<string, string>();
  for (const [name, file] of Object.entries(zip.files)) {
    const text = file.dir ? "(folder)" : await file.async("string");
    out.set(name, name === "docProps/core.xml" ? text.replace(TIME, "$1(time)$2") : text);
  }
  return out;
}

async function expectSameParts(models: readonly SheetModel[]): Promise<Map<string, string>> {
  const [ours, theirs] = await Promise.all([renderWorkbookBuffer(models).then(parts), referenceBuffer(models).then(parts)]);
  // Missing or extra parts fail here, before any part is compared.
  expect([...ours.keys()].sort()).toEqual([...theirs.keys()].sort());
  for (const [name, text] of theirs) {
    const mine = ours.get(name)!;
    if (mine !== text) {
      // The first difference, with context, rather than two parts of many kilobytes.
      let i = 0;
      while (i < mine.length && mine[i] === text[i]) i++;
      expect({ part: name, at: i, ours: mine.slice(Math.max(0, i - 200), i + 200) }).toEqual({ part: name, at: i, ours: text.slice(Math.max(0, i - 200), i + 200) });
    }
  }
  return ours;
}

let grids: Awaited<ReturnType<typeof loadExampleGrids>>;
beforeAll(async () => {
  grids = await loadExampleGrids();
});

describe("the reports of the bundled example", () => {
  test("the annual report", async () => {
    const p = await expectSameParts(runPipeline({ grids }).sheets);
    expect(p.has("xl/charts/chart1.xml")).toBe(true);
  });

  test("the annual report in English", async () => {
    await expectSameParts(runPipeline({ grids, language: "en" }).sheets);
  });

  test("the tertial report (2. tertial 2022)", async () => {
    const report = runPipeline({ grids: withPeriods(grids), period: { year: 2022, month: 8 } });
    expect(report.sheets.some((m) => m.name.startsWith("Tertial "))).toBe(true);
    await expectSameParts(report.sheets);
  });

  test("the tertial report in English, period 1", async () => {
    await expectSameParts(runPipeline({ grids: withPeriods(grids), period: { year: 2022, month: 4 }, language: "en" }).sheets);
  });
});

describe("the reports of the bad-input corpus (findings)", () => {
  const dir = mkdtempSync(join(tmpdir(), "avstem-xlsx-writer-"));
  let files: Map<string, string>;
  beforeAll(async () => {
    files = await writeCorpus(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("every case that gives a report", async () => {
    let written = 0;
    let mostFindings = 0;
    let linkedModels = 0;
    let linkedParts = 0;
    for (const c of CASES) {
      let report: Report;
      try {
        report = runPipeline({ grids: await readWorkbookFile(files.get(c.name)!) });
      } catch (e) {
        if (e instanceof InputError) continue;
        throw e;
      }
      const p = await expectSameParts(report.sheets);
      written++;
      mostFindings = Math.max(mostFindings, report.findings.length);
      if (report.sheets.some((m) => m.rows.some((r) => r.some((cell) => cell?.link)))) linkedModels++;
      if ([...p.values()].some((text) => text.includes("<hyperlink "))) linkedParts++;
    }
    expect(written).toBeGreaterThan(10);
    expect(mostFindings).toBeGreaterThan(3);
    // Links are written for exactly the models that have them (today no report does; the hand-made sheets below have them).
    expect(linkedParts).toBe(linkedModels);
  });
});

/** A small deterministic generator, so the hand-made sheets are the same on every run. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

const TEXTS = [
  "plain",
  "A & B < C > D \"q\" 'a'",
  " leading space",
  "trailing space ",
  "  ",
  "",
  "line\nbreak",
  "tab\there",
  "carriage\r\nreturn",
  "emoji 📊 ✓ ÆØÅ æøå",
  "control \u0001\u0002\u000b\u000c\u001f\u007f chars",
  "__proto__",
  "constructor",
  "=SUM(A1:A2)",
  "+47 tull",
  "'quoted",
  "a".repeat(300),
];

const NUMBERS = [0, -0, 1, -1, 1e-7, 1e21, 0.1 + 0.2, -1234567.891, 123456789012345680000, 2 ** 53 + 2, 5e-324, 1 / 3, -0.000001, 42.5, Number.NaN, Number.POSITIVE_INFINITY];

function styleFrom(next: () => number): CellStyle {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const s: { -readonly [K in keyof CellStyle]: CellStyle[K] } = {};
  if (next() < 0.3) s.bold = true;
  if (next() < 0.2) s.italic = true;
  if (next() < 0.3) s.numberFormat = pick([AMOUNT_FORMAT, "0", "0.00", "#,##0", "0%", '0.0" kr"', "@", "General", 'dd.mm.yyyy;@"<&>"']);
  if (next() < 0.3) s.align = pick(["left", "center", "right"] as const);
  if (next() < 0.25) s.wrap = true;
  if (next() < 0.25) s.fill = pick(["D9E1F2", "F2F2F2", "DDEBF7", "FFC7CE"]);
  if (next() < 0.25) s.color = pick(["1F4E79", "7F7F7F", "9C5700", "C00000"]);
  if (next() < 0.2) s.fontSize = pick([9, 11, 13, 14.5]);
  if (next() < 0.2) s.borderTop = pick(["thin", "medium"] as const);
  if (next() < 0.2) s.borderBottom = pick(["thin", "medium", "double"] as const);
  if (next() < 0.3) s.boxed = true;
  if (next() < 0.15) s.indent = pick([0, 1, 2, 1.5, -1]);
  return s;
}

/** Every single style property alone, then many combinations; each on text, numbers, empty cells and formulas. */
function styleSheet(name: string): SheetModel {
  const next = random(7);
  const singles: CellStyle[] = [
    { bold: true },
    { italic: true },
    { numberFormat: AMOUNT_FORMAT },
    { align: "left" },
    { align: "center" },
    { align: "right" },
    { wrap: true },
    { wrap: true, align: "center" },
    { wrap: true, fill: "D9E1F2" },
    { fill: "D9E1F2" },
    { color: "1F4E79" },
    { fontSize: 13 },
    { fontSize: 0, bold: true },
    { borderTop: "thin" },
    { borderTop: "medium" },
    { borderBottom: "thin" },
    { borderBottom: "medium" },
    { borderBottom: "double" },
    { boxed: true },
    { boxed: true, borderTop: "medium", borderBottom: "double" },
    { indent: 1 },
    { indent: 2, align: "left" },
    { indent: -1 },
    {},
  ];
  const styles = [...singles, ...Array.from({ length: 300 }, () => styleFrom(next))];
  const rows: (CellModel | null)[][] = styles.map((style, i) => [
    { value: TEXTS[i % TEXTS.length]!, style },
    { value: NUMBERS[i % NUMBERS.length]!, style },
    { value: null, style },
    { value: i % 3 === 0 ? null : i, formula: `B${i + 1}*2`, style },
    i % 4 === 0 ? null : { value: "x", style: { ...style } },
  ]);
  return { name, role: "table", columnWidths: [30, 14, 9, 9, 12, 12, 0, 8.43], rows, merges: [] };
}

function featureSheet(name: string, other: string): SheetModel {
  const rows: (CellModel | null)[][] = [
    [{ value: "Title over four columns", style: { bold: true, fontSize: 13 } }, null, { value: "hidden by the merge" }, { value: 5 }],
    [null, { value: "vertical merge", style: { wrap: true, fill: "F2F2F2" } }, null, { value: null }],
    [{ value: "link", link: `'${other}'!A1`, style: { color: "1F4E79" } }, null, { value: 7, link: `'${other}'!B2` }, { value: "range link", link: `'${other}'!A1:B2` }],
    [
      { value: "formula text", formula: 'IF(A1="","",A1)' },
      { value: "", formula: 'IF(1,"","x")' },
      { value: null, formula: "SUM(A1:A2)" },
      { value: "#DIV/0!", formula: "1/0" },
    ],
    [
      { value: true as unknown as number, formula: "1=1" },
      { value: false as unknown as number },
      { value: true as unknown as number, style: { bold: true } },
      { value: 3, formula: "" },
    ],
    [null, null, null, null],
    [{ value: "slave link", link: `'${other}'!A1` }, { value: "block merge", style: { boxed: true } }, { value: 1 }, null],
    [null, { value: "inside the block" }, { value: 2 }, { value: "", style: { bold: true } }],
    [],
    [{ value: null }],
    [null, null, null, null, null, null, { value: "far", style: { italic: true } }],
  ];
  return {
    name,
    role: "findings",
    columnWidths: [9, 9, 20, 20, 20],
    rows,
    merges: [cellArea(0, 0, 0, 3), cellArea(1, 1, 3, 1), cellArea(6, 0, 6, 0), cellArea(6, 1, 7, 2), cellArea(12, 3, 13, 4)],
    freezeRows: 2,
    print: { orientation: "landscape", paperSize: "A4", fitToWidth: true, repeatRows: [2, 3] },
    printArea: cellArea(0, 0, 0, 0),
    rowHeights: { 1: 47, 5: 30, 8: 0, 20: 18.75 },
    charts: [
      {
        kind: "bar",
        title: "Søyler & <tall>",
        series: [{ name: "Serie 'a'", categoriesRange: cellArea(6, 1, 7, 1), valuesRange: cellArea(6, 2, 7, 2) }],
        anchor: { row: 22, column: 0 },
        size: { rows: 10, columns: 4 },
        pageBreakBefore: true,
      },
      {
        kind: "line",
        title: "Linje",
        series: [{ name: "b", categoriesRange: cellArea(6, 1, 7, 1), valuesRange: cellArea(6, 2, 7, 2) }],
        anchor: { row: 0, column: 6 },
        size: { rows: 10, columns: 4 },
        pageBreakBefore: true,
      },
    ],
  };
}

describe("hand-made sheets with every feature the models use", () => {
  test("styles: each property alone and 300 combinations, on text, numbers, empty cells and formulas", async () => {
    await expectSameParts([styleSheet("Stiler")]);
  });

  test("merges, links, formulas with every kind of result, booleans, empty rows, heights, print setup and charts", async () => {
    const other = "Bob's & <1>";
    const p = await expectSameParts([
      featureSheet("Alt", other),
      {
        name: other,
        role: "basis",
        columnWidths: [12, 12, 12, 40],
        rows: [[{ value: 1 }, { value: "to" }]],
        merges: [],
        print: { orientation: "portrait", paperSize: "A4", fitToWidth: false },
        printArea: cellArea(0, 0, 4, 3),
      },
      styleSheet("Stiler"),
    ]);
    expect(p.get("xl/worksheets/sheet1.xml")).toContain("<hyperlink ");
  });

  test("an empty sheet, and a workbook without any text (no shared strings)", async () => {
    const p = await expectSameParts([
      { name: "Tom", role: "settings", columnWidths: [], rows: [], merges: [] },
      { name: "Tall", role: "basis", columnWidths: [9, 9, 10], rows: [[{ value: 1 }, { value: -0 }, { value: 1e21 }], [{ value: 1e-7 }]], merges: [], freezeRows: 1 },
    ]);
    expect(p.has("xl/sharedStrings.xml")).toBe(false);
  });

  test("a link on empty text: the text alone (exceljs wrote the cell's value object as JSON text, so not compared)", async () => {
    // exceljs takes { text: "", hyperlink } for a JSON value and writes '{"text":"",…}' into the
    // cell; no model has such a cell, and the new writer writes the empty text without a link.
    const model: SheetModel = { name: "Lenke", role: "findings", columnWidths: [10], rows: [[{ value: "", link: "'Lenke'!A1" }]], merges: [] };
    const p = await parts(await renderWorkbookBuffer([model]));
    expect(p.get("xl/worksheets/sheet1.xml")).toContain('<c r="A1" s="1" t="s"><v>0</v></c>');
    expect(p.get("xl/worksheets/sheet1.xml")).not.toContain("<hyperlink");
    expect(p.get("xl/sharedStrings.xml")).toContain('uniqueCount="1"><si><t></t></si>');
  });

  test("sheet names: a long one is cut to 31 characters; one Excel refuses fails both writers", async () => {
    const sheet = (name: string): SheetModel => ({ name, role: "basis", columnWidths: [10], rows: [[{ value: name }]], merges: [], printArea: cellArea(0, 0, 1, 1) });
    // exceljs says on the console that it cuts the name.
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    await expectSameParts([sheet("A sheet name longer than thirty-one characters"), sheet("Kort")]);
    warn.mockRestore();
    for (const bad of ["Tabell*3.3", "a/b", "[x]", "'quoted'", "", "History"]) {
      await expect(renderWorkbookBuffer([sheet(bad)])).rejects.toThrow();
      await expect(referenceBuffer([sheet(bad)])).rejects.toThrow();
    }
    await expect(renderWorkbookBuffer([sheet("Same"), sheet("same")])).rejects.toThrow();
    await expect(referenceBuffer([sheet("Same"), sheet("same")])).rejects.toThrow();
  });

  test("the same style objects and equal copies of them give the same cell formats", async () => {
    const shared: CellStyle = { bold: true, fill: "D9E1F2", boxed: true };
    const rows = Array.from({ length: 50 }, (_, i) => [
      { value: i % 2 ? "t" : i, style: i % 3 ? shared : { ...shared } },
      { value: "t", style: { boxed: true, bold: true, fill: "D9E1F2" } },
    ]);
    await expectSameParts([{ name: "Delt", role: "table", columnWidths: [10, 10], rows, merges: [] }]);
  });
});
