import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { Writable } from "stream";
import { main } from "../../src/cli/main";
import { readWorkbookFile } from "../../src/workbook/exceljs-reader";
import { CASES, type Example, ledgerLines } from "./exports";
import { at } from "../../src/domain/at";

/**
 * The real-export corpus (exports.ts) through the command line, as a user runs it: every
 * case gives the example's tables exactly with exit 0, or the exit status and findings it
 * must give. No case may end with exit 0 and figures different from the truth.
 */

const EXAMPLE = join(__dirname, "..", "..", "examples", "uke-2022", "input.xlsx");
const dir = mkdtempSync(join(tmpdir(), "avstem-exports-"));
let example: Example;
let truth: { tables: unknown };

function sink(): Writable & { text: () => string } {
  const chunks: string[] = [];
  const w = new Writable({
    write(c, _e, cb) {
      chunks.push(String(c));
      cb();
    },
  });
  return Object.assign(w, { text: () => chunks.join("") });
}

async function run(files: readonly string[], name: string) {
  const out = join(dir, `${name}.xlsx`);
  const json = join(dir, `${name}.json`);
  const io = { out: sink(), err: sink() };
  const started = Date.now();
  const code = await main(["build", ...files, "-o", out, "--json", json], io as never);
  const ms = Date.now() - started;
  const report = code === 2 ? undefined : (JSON.parse(readFileSync(json, "utf8")) as { tables: unknown; findings: { code: string; severity: string; cell: string }[] });
  return { code, ms, report, stderr: io.err.text() };
}

beforeAll(async () => {
  const grids = await readWorkbookFile(EXAMPLE);
  example = { grids, lines: ledgerLines(grids.find((g) => g.name === "Regnskap")!) };
  const r = await run([EXAMPLE], "truth");
  expect(r.code).toBe(0);
  truth = r.report!;
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("real exports of the UKE 2022 example", () => {
  it("has at least 60 cases", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
  });

  it.each(CASES.map((c, i) => [c.name, i] as const))("%s", async (name, i) => {
    const c = at(CASES, i, "case");
    const caseDir = mkdtempSync(join(dir, "case-"));
    const files = await c.files(example);
    const paths = Object.entries(files).map(([file, bytes]) => {
      const p = join(caseDir, file);
      writeFileSync(p, bytes);
      return p;
    });
    const r = await run(paths, `case-${i}`);
    expect(r.ms).toBeLessThan(5000);
    const codes = new Set(r.report?.findings.map((f) => f.code));
    switch (c.expect.kind) {
      case "same":
        expect({ name, code: r.code, stderr: r.stderr, errors: r.report?.findings.filter((f) => f.severity === "error") }).toEqual({ name, code: 0, stderr: "", errors: [] });
        expect(r.report!.tables).toEqual(truth.tables);
        for (const code of c.expect.codes ?? []) expect(codes).toContain(code);
        break;
      case "findings":
        expect({ name, code: r.code }).toEqual({ name, code: c.expect.exit });
        for (const code of c.expect.codes) expect(codes).toContain(code);
        // Each finding of the case names its cell (or its sheet, for whole-ledger findings).
        for (const f of r.report!.findings.filter((f) => c.expect.kind === "findings" && c.expect.codes.includes(f.code as never)))
          expect(f.cell).toMatch(/^([A-Z]{1,3}[1-9]\d*)?$/);
        break;
      case "refused":
        expect({ name, code: r.code }).toEqual({ name, code: 2 });
        expect(r.stderr).toMatch(c.expect.message);
        // One sentence of ours, never a reader's JavaScript error.
        expect(r.stderr).not.toMatch(/Cannot read|undefined|TypeError|Error:|at .*\.js/);
        break;
    }
  });
});
