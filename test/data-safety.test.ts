import { createHash } from "crypto";
import { execFile } from "child_process";
import ExcelJS from "exceljs";
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from "fs";
import { join } from "path";
import { promisify } from "util";
import { main } from "../src/cli/main";
import { runPipeline } from "../src/domain/pipeline";
import { readWorkbookFile } from "../src/workbook/exceljs-reader";
import { writeWorkbookFile } from "../src/workbook/xlsx-writer";
import { OfficeJsWorkbook } from "../src/workbook/office-js";
import { cleanWorkbook } from "./bad-input/make-corpus";
import { FakeValue, FakeWorkbook } from "./helpers/office-mock";
import { tempDir } from "./helpers/temp-dir";

/**
 * Data safety: input sheets are never changed, a re-run gives the same output, and the
 * task pane talks to nobody.
 */

const ROOT = join(__dirname, "..");
const EXAMPLE = join(ROOT, "examples", "uke-2022", "input.xlsx");
const tmp = tempDir("avstem-safety-");

function quietIo() {
  const buf = { out: "", err: "" };
  const sink = (k: "out" | "err") => ({ write: (s: string) => ((buf[k] += s), true) });
  return { buf, io: { out: sink("out"), err: sink("err") } as unknown as Parameters<typeof main>[1] };
}

async function build(input: string, out: string, json: string): Promise<number> {
  const { buf, io } = quietIo();
  const code = await main(["build", input, "-o", out, "--json", json], io);
  expect(buf.err).toBe("");
  return code;
}

const sha = (x: string | Buffer) => createHash("sha256").update(x).digest("hex");

/** Every cell of every sheet: address, value, and its formats (number format, font, fill, alignment, border). */
async function cellsOf(file: string): Promise<Record<string, unknown>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const out: Record<string, unknown> = {};
  for (const ws of wb.worksheets) {
    const cells: unknown[] = [];
    ws.eachRow({ includeEmpty: true }, (row, r) =>
      row.eachCell({ includeEmpty: true }, (cell, c) => {
        cells.push([r, c, cell.value, cell.numFmt ?? null, cell.font ?? null, cell.fill ?? null, cell.alignment ?? null, cell.border ?? null]);
      }),
    );
    out[ws.name] = {
      cells,
      merges: (ws.model as unknown as { merges?: string[] }).merges ?? [],
      widths: (ws.columns ?? []).map((c) => c.width ?? null),
      state: ws.state,
      views: ws.views,
    };
  }
  return out;
}

/** One hash per input sheet, over its values and formats. */
async function sheetHashes(file: string): Promise<Record<string, string>> {
  const cells = await cellsOf(file);
  return Object.fromEntries(Object.entries(cells).map(([name, c]) => [name, sha(JSON.stringify(c))]));
}

describe("input sheets are never changed (exceljs path: avstem build)", () => {
  test.each([
    ["the example workbook", async (to: string) => copyFileSync(EXAMPLE, to)],
    [
      "a workbook with formats, merges and formulas",
      async (to: string) => {
        const wb = cleanWorkbook();
        const ws = wb.getWorksheet("Regnskap")!;
        ws.getCell("G1").value = "Kontroll";
        ws.getCell("G2").value = { formula: "F2*2", result: 2_000_000 } as ExcelJS.CellFormulaValue;
        ws.getCell("G2").font = { italic: true, color: { argb: "FFC00000" } };
        ws.getCell("G2").numFmt = "0.00%";
        wb.getWorksheet("Prosjekter")!.mergeCells("N1:O1");
        wb.getWorksheet("Prosjekter")!.getCell("N1").value = "Merknad";
        await wb.xlsx.writeFile(to);
      },
    ],
  ])("%s: every sheet's values and formats, and the file's bytes, are the same after the build", async (_name, make) => {
    const input = join(tmp, `input-${sha(_name).slice(0, 6)}.xlsx`);
    await make(input);
    const bytes = sha(readFileSync(input));
    const before = await sheetHashes(input);
    expect(Object.keys(before).length).toBeGreaterThanOrEqual(4);
    await build(input, join(tmp, "safety-out.xlsx"), join(tmp, "safety-out.json"));
    expect(sha(readFileSync(input))).toBe(bytes);
    expect(await sheetHashes(input)).toEqual(before);
  });

  test("the report may not be written over the input", async () => {
    const input = join(tmp, "same.xlsx");
    copyFileSync(EXAMPLE, input);
    const bytes = sha(readFileSync(input));
    const { buf, io } = quietIo();
    expect(await main(["build", input, "-o", input], io)).toBe(2);
    expect(buf.err).toMatch(/samme fil som grunnlaget/);
    expect(sha(readFileSync(input))).toBe(bytes);
  });
});

describe("re-running gives identical output", () => {
  test("avstem build twice: the two report workbooks are equal cell by cell, and the JSON equal", async () => {
    const a = { out: join(tmp, "a.xlsx"), json: join(tmp, "a.json") };
    const b = { out: join(tmp, "b.xlsx"), json: join(tmp, "b.json") };
    expect(await build(EXAMPLE, a.out, a.json)).toBe(0);
    expect(await build(EXAMPLE, b.out, b.json)).toBe(0);
    const [ca, cb] = [await cellsOf(a.out), await cellsOf(b.out)];
    expect(Object.keys(ca)).toEqual(["Tabell 3.1", "Tabell 3.3", "Tabell 3.4.1", "Tabell 3.4.2", "Kontroll", "Reguleringer", "Grunnlag"]);
    expect(cb).toEqual(ca);
    expect(JSON.parse(readFileSync(b.json, "utf8"))).toEqual(JSON.parse(readFileSync(a.json, "utf8")));
    expect(readFileSync(b.json, "utf8")).toBe(readFileSync(a.json, "utf8"));
  });

  test("building over an earlier report replaces it with the same content", async () => {
    const out = join(tmp, "again.xlsx");
    const json = join(tmp, "again.json");
    await build(EXAMPLE, out, json);
    const first = await cellsOf(out);
    await build(EXAMPLE, out, json);
    expect(await cellsOf(out)).toEqual(first);
  });

  test("runPipeline is pure: the same grids give an equal report", async () => {
    const grids = await readWorkbookFile(EXAMPLE);
    const copy = JSON.parse(JSON.stringify(grids));
    const r1 = runPipeline({ grids });
    const r2 = runPipeline({ grids });
    expect(r2).toEqual(r1);
    expect(grids).toEqual(copy); // the grids themselves are not changed
  });

  test("office-js (fake workbook): writeSheets twice → the same sheets, the same count, the user's sheets untouched", async () => {
    const grids = await readWorkbookFile(EXAMPLE);
    const wb = new FakeWorkbook();
    for (const g of grids) {
      const rows: FakeValue[][] = [];
      g.rows.forEach((row, r) => {
        rows[g.firstRow + r] = row.map((v) => (v === null ? null : typeof v === "object" ? (v.kind === "error" ? v.code : v.serial) : v));
      });
      wb.addSheet(
        g.name,
        Array.from(rows, (x) => x ?? []),
      );
    }
    wb.addSheet("Mine notater", [["Husk å spørre økonomisjefen"], ["=SUM(A1)", 1, true]]);
    const userSheets = wb.names();
    const userHashes = userSheets.map((n) => wb.hash(n));

    const report = runPipeline({ grids });
    const port = new OfficeJsWorkbook(wb.run);
    const first = await port.writeSheets(report.sheets);
    const names1 = wb.names();
    const hashes1 = names1.map((n) => wb.hash(n));
    expect(names1.length).toBe(userSheets.length + report.sheets.length);

    const second = await port.writeSheets(runPipeline({ grids }).sheets);
    expect(second.map((w) => w.name)).toEqual(first.map((w) => w.name));
    expect(second.every((w) => w.replaced)).toBe(true);
    expect(wb.names()).toEqual(names1);
    expect(wb.names().map((n) => wb.hash(n))).toEqual(hashes1);
    expect(userSheets.map((n) => wb.hash(n))).toEqual(userHashes);
    // The input sheet named like an output sheet (Reguleringer) is the user's: kept, output beside it.
    expect(first.find((w) => w.requested === "Reguleringer")!.name).toBe("Reguleringer (Avstem)");
  });
});

describe("no network", () => {
  const html = readFileSync(join(ROOT, "src", "taskpane", "taskpane.html"), "utf8");

  test("the task pane's Content-Security-Policy allows connections to its own site only, and no eval", () => {
    const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(csp).toBeDefined();
    const directives = new Map(
      csp!
        .split(";")
        .map((d) => d.trim().split(/\s+/))
        .map(([k, ...v]) => [k, v]),
    );
    expect(directives.get("default-src")).toEqual(["'self'"]);
    expect(directives.get("connect-src")).toEqual(["'self'"]);
    expect(directives.get("object-src")).toEqual(["'none'"]);
    expect(directives.get("script-src")).toEqual(["'self'", "https://appsforoffice.microsoft.com"]);
    expect(csp).not.toMatch(/unsafe-eval|\*/);
  });

  /** Webpack's runtime finds the global object with `new Function("return this")`; nothing else may build code from text. */
  const WEBPACK_GLOBAL = /new Function\("return this"\)/g;

  // A production build of its own, into a temp folder, so the check runs on every machine (about a minute).
  let built: string[] = [];
  beforeAll(async () => {
    const out = tempDir("avstem-prod-");
    await promisify(execFile)(process.execPath, [join(ROOT, "node_modules", "webpack", "bin", "webpack.js"), "--mode", "production", "--env", `outputPath=${out}`], {
      cwd: ROOT,
      maxBuffer: 64 * 1024 * 1024,
    });
    built = readdirSync(out)
      .filter((f) => /^(taskpane|commands|status)\.[0-9a-f]+\.js$/.test(f))
      .map((f) => join(out, f));
  }, 240_000);

  test("the production bundle holds no eval( and no new Function( outside webpack's runtime", () => {
    expect(built.some((f) => /taskpane\./.test(f))).toBe(true);
    for (const f of built) {
      const js = readFileSync(f, "utf8").replace(WEBPACK_GLOBAL, "");
      expect({ file: f, evals: js.match(/\beval\s*\(/g) ?? [] }).toEqual({ file: f, evals: [] });
      expect({ file: f, functions: js.match(/new\s+Function\s*\(/g) ?? [] }).toEqual({ file: f, functions: [] });
    }
  });
});

describe("the report file is written whole or not at all", () => {
  const model = (name: string) => ({ name, role: "table" as const, columnWidths: [10], rows: [[{ value: "x" }]], merges: [] });

  test("a failure while rendering leaves the previous report byte-identical, and no temporary file", async () => {
    const dir = tempDir("avstem-atomic-");
    const file = join(dir, "rapport.xlsx");
    await writeWorkbookFile(file, [model("Tabell 3.1")]);
    const before = readFileSync(file);
    // The second sheet's name is one Excel refuses: rendering fails after the first sheet is done.
    await expect(writeWorkbookFile(file, [model("Tabell 3.1"), model("Tabell*3.3")])).rejects.toThrow();
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readdirSync(dir)).toEqual(["rapport.xlsx"]);
  });

  test("a failure while writing (the target cannot be replaced) removes the temporary file", async () => {
    const dir = tempDir("avstem-atomic-");
    const target = join(dir, "rapport.xlsx");
    mkdirSync(target); // a folder where the file should go: the rename fails
    await expect(writeWorkbookFile(target, [model("Tabell 3.1")])).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(["rapport.xlsx"]);
  });
});
