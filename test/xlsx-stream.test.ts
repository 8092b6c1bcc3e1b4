import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import JSZip from "jszip";
import { extname, join } from "path";
import { type CellValue, type SheetGrid, StreamFallback } from "../src/domain/cells";
import { runPipeline, runPipelineStreamed } from "../src/domain/pipeline";
import { readXlsxFile } from "../src/workbook/xlsx-reader";
import { textFileToGrid } from "../src/workbook/csv";
import { CASES, type Example, loadExample, xlsxBytes } from "./exports/exports";
import { at } from "../src/domain/at";

/**
 * The command line reads a large worksheet row by row (readXlsxFile with `stream`, runPipelineStreamed):
 * a head grid for the layout, then each row parsed from the sheet's XML as it closes. It must give the
 * rows of the whole grid and the same report, byte for byte; where it cannot (a merged range below the
 * head, a cell left of the head), it falls back to the whole grid with StreamFallback.
 */

const EXAMPLE = join(__dirname, "..", "examples", "uke-2022", "input.xlsx");
const SMALL = { minBytes: 0, headRows: 5 };
const dir = mkdtempSync(join(tmpdir(), "avstem-xlsx-stream-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let example: Example;
beforeAll(async () => {
  ({ example } = await loadExample());
});

function write(bytes: Buffer, ext = ".xlsx"): string {
  const p = join(dir, `${Math.random().toString(36).slice(2)}${ext}`);
  writeFileSync(p, bytes);
  return p;
}

/** The rows the stream gives, by sheet row. */
async function streamedRows(g: SheetGrid): Promise<Map<number, CellValue[]>> {
  const rows = new Map<number, CellValue[]>();
  await g.stream!.each((row, r) => {
    expect(rows.has(r)).toBe(false);
    rows.set(r, [...row]);
  });
  return rows;
}

/** The grid's rows with a value, by sheet row (the stream leaves the empty ones out). */
function gridRows(g: SheetGrid): Map<number, CellValue[]> {
  const rows = new Map<number, CellValue[]>();
  g.rows.forEach((row, i) => {
    if (row.some((v) => v !== null && v !== undefined)) rows.set(g.firstRow + i, [...row]);
  });
  return rows;
}

const report = (r: ReturnType<typeof runPipeline>) => JSON.stringify({ json: r.json, findings: r.findings });

async function bothWays(file: string): Promise<{ grid: string; streamed: string; sheets: SheetGrid[] }> {
  const whole = await readXlsxFile(file);
  const sheets = await readXlsxFile(file, { stream: SMALL });
  return { grid: report(runPipeline({ grids: whole })), streamed: report(await runPipelineStreamed({ grids: sheets })), sheets };
}

describe("a streamed worksheet gives the whole grid's rows", () => {
  it("the example: head, rows and first row/column as the grid's", async () => {
    const whole = await readXlsxFile(EXAMPLE);
    const streamed = await readXlsxFile(EXAMPLE, { stream: SMALL });
    const ledger = streamed.find((g) => g.name === "Regnskap")!;
    expect(ledger.stream).toBeDefined();
    for (const [i, g] of streamed.entries()) {
      const w = at(whole, i, "sheet");
      expect(g.name).toBe(w.name);
      if (!g.stream) {
        expect(g).toEqual(w);
        continue;
      }
      expect([g.firstRow, g.firstColumn]).toEqual([w.firstRow, w.firstColumn]);
      expect(g.rows.map((r) => [...r])).toEqual(w.rows.slice(0, g.rows.length).map((r) => [...r]));
      expect(await streamedRows(g)).toEqual(gridRows(w));
      expect(await g.stream.grid()).toEqual(w);
    }
  });

  it("what the visitor throws is passed on as it is (no fallback)", async () => {
    const ledger = (await readXlsxFile(EXAMPLE, { stream: SMALL })).find((g) => g.stream)!;
    class Boom extends Error {}
    let seen = 0;
    await expect(
      ledger.stream!.each(() => {
        if (++seen === 3) throw new Boom("boom");
      }),
    ).rejects.toBeInstanceOf(Boom);
    expect(seen).toBe(3);
  });

  it("without `stream`, or below minBytes, no sheet streams", async () => {
    expect((await readXlsxFile(EXAMPLE)).some((g) => g.stream)).toBe(false);
    expect((await readXlsxFile(EXAMPLE, { stream: true })).some((g) => g.stream)).toBe(false);
  });
});

describe("runPipelineStreamed over a streamed .xlsx gives runPipeline's report", () => {
  it("the example workbook (with and without Oppsett)", async () => {
    const { grid, streamed, sheets } = await bothWays(EXAMPLE);
    expect(streamed).toBe(grid);
    const whole = await readXlsxFile(EXAMPLE);
    const noSettings = (gs: SheetGrid[]) => gs.filter((g) => g.name !== "Oppsett");
    expect(report(await runPipelineStreamed({ grids: noSettings(sheets) }))).toBe(report(runPipeline({ grids: noSettings(whole) })));
  });

  const xlsxCases = CASES.map((c, i) => [c.name, i] as const);
  it.each(xlsxCases)("export corpus: %s", async (_name, i) => {
    const files = await at(CASES, i, "case").files(example);
    const names = Object.keys(files);
    if (!names.some((n) => /\.xls[xm]$/i.test(n))) return;
    const read = async (streamed: boolean) => {
      const out: SheetGrid[] = [];
      for (const [file, bytes] of Object.entries(files)) {
        const ext = extname(file).toLowerCase();
        if (ext === ".csv" || ext === ".txt" || ext === ".tsv") out.push(textFileToGrid(file.slice(0, -ext.length), bytes));
        else out.push(...(await readXlsxFile(write(bytes, ext), streamed ? { stream: SMALL } : {})));
      }
      return out;
    };
    const outcome = async (f: () => Promise<string>) => {
      try {
        return await f();
      } catch (e) {
        return `refused: ${(e as Error).constructor.name} ${(e as Error).message.replace(/\S+\.xls[xm]/g, "FILE")}`;
      }
    };
    const a = await outcome(async () => report(runPipeline({ grids: await read(false) })));
    const b = await outcome(async () => report(await runPipelineStreamed({ grids: await read(true) })));
    expect(b).toBe(a);
  });
});

describe("what the stream cannot give exactly falls back to the grid", () => {
  const ledger = () => example.grids.find((g) => g.name === "Regnskap")!.rows.map((r) => [...r]);
  const others = () => example.grids.filter((g) => g.name !== "Regnskap").map((g) => ({ name: g.name, rows: g.rows }));

  async function check(rows: unknown[][], build: (ws: import("exceljs").Worksheet) => void, fallsBack: boolean, mergeXml?: string) {
    let bytes = await xlsxBytes([{ name: "Regnskap", rows, build }, ...others()]);
    if (mergeXml) {
      // A merged range written over cells that hold values (exceljs would empty them): as some writers leave them.
      const zip = await JSZip.loadAsync(bytes);
      const part = "xl/worksheets/sheet1.xml";
      const xml = await zip.file(part)!.async("string");
      zip.file(part, xml.replace("</sheetData>", `</sheetData><mergeCells count="1"><mergeCell ref="${mergeXml}"/></mergeCells>`));
      bytes = await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
    }
    const file = write(bytes);
    const { grid, streamed, sheets } = await bothWays(file);
    expect(streamed).toBe(grid);
    const g = sheets.find((s) => s.name === "Regnskap")!;
    expect(g.stream).toBeDefined();
    if (fallsBack) await expect(g.stream!.each(() => undefined)).rejects.toBeInstanceOf(StreamFallback);
    else expect(await streamedRows(g)).toEqual(gridRows((await readXlsxFile(file)).find((s) => s.name === "Regnskap")!));
  }

  it("a merged range below the head (over values)", async () => {
    await check(ledger(), (ws) => ws.mergeCells("F20:G21"), true);
  });

  it("a merged title above the header, in the head, over no other value: streamed", async () => {
    await check([["Hovedbok UKE 2022"], [], ...ledger()], (ws) => ws.mergeCells("A1:E1"), false);
  });

  it("a merged range in the head that clears a value", async () => {
    await check([["Hovedbok", "UKE"], [], ...ledger()], () => undefined, true, "A1:B1");
  });

  it("a stray far cell below the data (XFD1048576): streamed, the same rows", async () => {
    await check(
      ledger(),
      (ws) => {
        ws.getCell("XFD1048576").value = "x";
        ws.getCell("ZZ40").value = 7;
      },
      false,
    );
  });

  it("a cell left of the head's first column below the head", async () => {
    const rows = ledger().map((r) => [null, ...r]);
    await check(rows, (ws) => (ws.getCell("A30").value = "merknad"), true);
  });
});

describe("the reader under 30 parallel reads of the example", () => {
  it("every read, streamed or whole, gives the same grids and the same report", async () => {
    const whole = await readXlsxFile(EXAMPLE);
    const truth = report(runPipeline({ grids: whole }));
    const results = await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        const grids = await readXlsxFile(EXAMPLE, i % 2 === 0 ? { stream: SMALL } : {});
        return report(await runPipelineStreamed({ grids }));
      }),
    );
    expect(results.filter((r) => r === truth)).toHaveLength(30);
    // And 30 streams of one read, their passes interleaved.
    const streamed = at(
      (await readXlsxFile(EXAMPLE, { stream: SMALL })).filter((g) => g.stream),
      0,
      "streamed sheet",
    );
    const rows = await Promise.all(Array.from({ length: 30 }, () => streamedRows(streamed)));
    const expected = gridRows(whole.find((g) => g.name === streamed.name)!);
    for (const r of rows) expect(r).toEqual(expected);
  }, 60_000);
});
