import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { extname, join } from "path";
import type { SheetGrid } from "../../src/domain/cells";
import { runPipeline, runPipelineStreamed } from "../../src/domain/pipeline";
import { textFileToGrid, textFileToStreamGrid } from "../../src/workbook/csv";
import { readWorkbookFile } from "../../src/workbook/exceljs-reader";
import { CASES, type Example, loadExample } from "./exports";
import { countingLines, type LineCounts, outcome } from "../support/streamed";

/**
 * The command line streams a text export over a megabyte line by line; the export corpus's
 * files are smaller. Here every case is read both ways, the text files streamed with tiny
 * chunks and a short head: the same report (tables, findings, JSON) or the same refusal.
 */
let example: Example;
const dir = mkdtempSync(join(tmpdir(), "avstem-streamed-"));
beforeAll(async () => {
  ({ example } = await loadExample());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TEXT = new Set([".csv", ".txt", ".tsv"]);

async function grids(files: Record<string, Buffer>, streamed: boolean): Promise<SheetGrid[]> {
  const out: SheetGrid[] = [];
  for (const [file, bytes] of Object.entries(files)) {
    const ext = extname(file).toLowerCase();
    const name = file.slice(0, -ext.length);
    if (TEXT.has(ext)) out.push(streamed ? counted(textFileToStreamGrid(name, bytes, { minBytes: 0, headRows: 7, chunkBytes: 1009 })) : textFileToGrid(name, bytes));
    else {
      const p = join(dir, `${Math.random().toString(36).slice(2)}${ext}`);
      writeFileSync(p, bytes);
      out.push(...(await readWorkbookFile(p)));
    }
  }
  return out;
}

/** Lines the engine took as bytes (RowStream.eachLine), and lines it was given as rows. */
const lines: LineCounts = { bytes: 0, rows: 0 };
const counted = (g: SheetGrid) => countingLines(g, lines);

const textCases = CASES.map((c, i) => [c.name, i] as const);
let streamedCases = 0;
afterAll(() => {
  // The comparison means something only if the files were streamed: most of the corpus is text.
  expect(streamedCases).toBeGreaterThan(50);
  // And the ledgers' common lines were read from their bytes (the engine's fast path), the rest as rows.
  expect(lines.bytes).toBeGreaterThan(lines.rows);
});

describe("every export, streamed as the command line streams a large file, gives the whole file's report", () => {
  it.each(textCases)("%s", async (_name, i) => {
    let files: Record<string, Buffer>;
    try {
      files = await CASES[i]!.files(example);
    } catch {
      return;
    }
    if (!Object.keys(files).some((f) => TEXT.has(extname(f).toLowerCase()))) return;
    let whole: SheetGrid[];
    try {
      whole = await grids(files, false);
    } catch {
      return; // unreadable workbooks are the reader's cases, not the stream's
    }
    const streamed = await grids(files, true);
    if (streamed.some((g) => g.stream)) streamedCases++;
    expect(await outcome(() => runPipelineStreamed({ grids: streamed }))).toBe(await outcome(() => runPipeline({ grids: whole })));
  });
});
