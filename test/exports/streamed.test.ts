import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { extname, join } from "path";
import type { SheetGrid } from "../../src/domain/cells";
import { runPipeline, runPipelineStreamed } from "../../src/domain/pipeline";
import { textFileToGrid, textFileToStreamGrid } from "../../src/workbook/csv";
import { readWorkbookFile } from "../../src/workbook/exceljs-reader";
import { CASES, type Example, loadExample } from "./exports";

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
    if (TEXT.has(ext)) out.push(streamed ? textFileToStreamGrid(name, bytes, { minBytes: 0, headRows: 7, chunkBytes: 1009 }) : textFileToGrid(name, bytes));
    else {
      const p = join(dir, `${Math.random().toString(36).slice(2)}${ext}`);
      writeFileSync(p, bytes);
      out.push(...(await readWorkbookFile(p)));
    }
  }
  return out;
}

async function outcome(run: () => unknown): Promise<string> {
  try {
    const r = (await run()) as ReturnType<typeof runPipeline>;
    return JSON.stringify({ json: r.json, findings: r.findings });
  } catch (e) {
    return `refused: ${(e as Error).message}`;
  }
}

const textCases = CASES.map((c, i) => [c.name, i] as const);
let streamedCases = 0;
afterAll(() => {
  // The comparison means something only if the files were streamed: most of the corpus is text.
  expect(streamedCases).toBeGreaterThan(50);
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
