import { execFileSync, spawnSync } from "child_process";
import ExcelJS from "exceljs";
import { closeSync, copyFileSync, existsSync, openSync, readFileSync, statSync, writeFileSync } from "fs";
import { join } from "path";
import { cellText } from "../src/domain/cells";
import { formatNorwegian } from "../src/domain/norwegian-number";
import { numberToOre } from "../src/domain/money";
import { readWorkbookFile } from "../src/workbook/exceljs-reader";
import { standard } from "../src/cli/main";
import { tempDir } from "./helpers/temp-dir";

/** The command line as users and other tools call it: `node bin/avstem.js …` after a build. */
const root = join(__dirname, "..");
const example = join(root, "examples", "uke-2022", "input.xlsx");
const tmp = tempDir("avstem-cli-");

function avstem(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, "bin", "avstem.js"), ...args], { encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const noLedger = join(tmp, "noledger.xlsx");

beforeAll(async () => {
  // The bin runs the compiled engine; build it as `npm ci` (prepare) does: tsc, then the bundle, which the bin
  // runs when it is at least as new as the modules (so these tests run the command line as users do).
  execFileSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", join(root, "tsconfig.cli.json")], { stdio: "inherit" });
  const bundling = spawnSync(process.execPath, [join(root, "scripts", "bundle-cli.js")], { encoding: "utf8" });
  expect(bundling.status).toBe(0);
  // esbuild is optional: without it the bin runs the modules (any older bundle is left alone as stale).
  const bundled = !/esbuild is not available/.test(bundling.stderr);
  const fresh =
    existsSync(join(root, "dist", "cli", "avstem.js")) && statSync(join(root, "dist", "cli", "avstem.js")).mtimeMs >= statSync(join(root, "dist", "cli", "main.js")).mtimeMs;
  expect(fresh).toBe(bundled);
  // All ASCII (bundle-cli escapes what esbuild leaves in comments and regular expressions): Node then reads it as one-byte text.
  if (bundled) expect(readFileSync(join(root, "dist", "cli", "avstem.js"), "utf8")).not.toMatch(/[\u0080-\uffff]/);
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet("Notater").addRow(["Bare notater her"]);
  await wb.xlsx.writeFile(noLedger);
}, 120000);

describe("avstem build", () => {
  test("writes the report workbook and JSON for the example, exit 0", async () => {
    const out = join(tmp, "r.xlsx");
    const json = join(tmp, "r.json");
    const r = avstem("build", example, "-o", out, "--json", json, "--summary");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("712\u00a0145\u00a0115");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Tabell 3.1", "Tabell 3.3", "Tabell 3.4.1", "Tabell 3.4.2", "Kontroll", "Reguleringer", "Grunnlag"]);
    const report = JSON.parse(readFileSync(json, "utf8"));
    expect(report.tables["3.1"].rows.find((x: { key: string }) => x.key === "netto").values).toEqual([712145115, 704551000, 754473000, 457628658, 42327885]);
    for (const f of report.findings) expect(Object.keys(f)).toEqual(expect.arrayContaining(["code", "severity", "sheet", "cell", "message"]));
  });

  test("exit 1 with error findings; the report is still written and marked", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(example);
    wb.getWorksheet("Regnskap")!.getCell("H5").value = { error: "#N/A" } as ExcelJS.CellErrorValue;
    wb.getWorksheet("Regnskap")!.getCell("H6").value = "12,34,56";
    const input = join(tmp, "bad.xlsx");
    await wb.xlsx.writeFile(input);
    const out = join(tmp, "bad-report.xlsx");
    const json = join(tmp, "bad.json");
    const r = avstem("build", input, "-o", out, "--json", json);
    expect(r.code).toBe(1);
    const findings = JSON.parse(readFileSync(json, "utf8")).findings;
    expect(findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: "CELL_ERROR", severity: "error", sheet: "Regnskap", cell: "H5" }),
        expect.objectContaining({ code: "AMOUNT_INVALID", severity: "error", sheet: "Regnskap", cell: "H6" }),
      ]),
    );
    const report = new ExcelJS.Workbook();
    await report.xlsx.readFile(out);
    expect(String(report.getWorksheet("Tabell 3.1")!.getCell("A2").value)).toMatch(/UTKAST: 2 feil/);
  });

  test.each([
    ["a missing file", () => [join(tmp, "nope.xlsx")], /finner ikke filen/],
    ["a file that is not a workbook", () => (writeFileSync(join(tmp, "not.xlsx"), "hello"), [join(tmp, "not.xlsx")]), /kan ikke leses som en Excel-arbeidsbok/],
    ["a workbook with no ledger", () => [noLedger], /Fant ikke regnskapet/],
  ])("exit 2 with one clear sentence for %s", (_name, files, message) => {
    const r = avstem("build", ...(files as () => string[])(), "-o", join(tmp, "x.xlsx"));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message as RegExp);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
  });

  test("refuses to write the report over its input (exit 2)", () => {
    const input = join(tmp, "same.xlsx");
    copyFileSync(example, input);
    const before = readFileSync(input);
    const r = avstem("build", input, "-o", input);
    expect(r.code).toBe(2);
    expect(readFileSync(input).equals(before)).toBe(true);
  });

  test("CSV input (semicolon, Norwegian decimals, one file per sheet) gives the same tables as the workbook", async () => {
    const grids = await readWorkbookFile(example);
    const files: string[] = [];
    for (const g of grids) {
      const text = g.rows
        .map((row) =>
          row
            .map((c) => {
              if (typeof c === "number" && !Number.isInteger(c)) return formatNorwegian(numberToOre(c).ore, 2).replace(/\u00a0/g, " ");
              const t = cellText(c);
              return /[;"\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
            })
            .join(";"),
        )
        .join("\r\n");
      const file = join(tmp, `${g.name}.csv`);
      writeFileSync(file, `\ufeff${text}\r\n`);
      files.push(file);
    }
    const json = join(tmp, "csv.json");
    const r = avstem("build", ...files, "-o", join(tmp, "csv.xlsx"), "--json", json);
    expect(r.code).toBe(0);
    const fromCsv = JSON.parse(readFileSync(json, "utf8"));
    const fromXlsx = JSON.parse(readFileSync(join(tmp, "r.json"), "utf8"));
    expect(fromCsv.tables).toEqual(fromXlsx.tables);
  });
});

describe("avstem check-table", () => {
  test("reports the printed 2022 drift table's sign errors (exit 1) and writes JSON", async () => {
    const published = JSON.parse(readFileSync(join(root, "examples", "uke-2022", "published.json"), "utf8"));
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Drift 2022");
    ws.addRow(["Artsgrupper", "Regnskap 2022", "Dok. 3 2022*", "Regulert bud. 2022", "Regnskap 2021", "Avvik 2022 (III-I)"]);
    const labels: Record<string, string> = { sumUtgifter: "Sum driftsutgifter", sumInntekter: "Sum driftsinntekter", netto: "Kapitlets nettoresultat" };
    for (const [key, values] of Object.entries<number[]>(published.drift.rows)) ws.addRow([labels[key] ?? key, ...values]);
    const file = join(tmp, "published.xlsx");
    await wb.xlsx.writeFile(file);
    const json = join(tmp, "check.json");
    const r = avstem("check-table", file, "--sheet", "Drift 2022", "--json", json);
    expect(r.code).toBe(1);
    const result = JSON.parse(readFileSync(json, "utf8"));
    expect(result.kind).toBe("account");
    expect(
      result.findings
        .filter((f: { code: string }) => f.code === "TABLE_SIGN_ERROR")
        .map((f: { cell: string }) => f.cell)
        .sort(),
    ).toEqual(["B6", "F3"]);
  });

  test("exit 2 for a sheet that does not exist", () => {
    const r = avstem("check-table", example, "--sheet", "Finnes ikke");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/fant ikke arket/);
  });
});

describe("standard output and error", () => {
  test("written straight to the file descriptor; what a write cannot put there goes to Node's stream", () => {
    const file = join(tmp, "out.txt");
    const fd = openSync(file, "w");
    let made = 0;
    const out = standard(fd, () => {
      made++;
      return process.stdout;
    });
    out.write("Rapporten er skrevet: 1 feil, ");
    out.write("2 advarsler.\n");
    closeSync(fd);
    expect(readFileSync(file, "utf8")).toBe("Rapporten er skrevet: 1 feil, 2 advarsler.\n");
    expect(made).toBe(0);
    // A descriptor that cannot be written (closed): the text goes to the stream, made once.
    const taken: string[] = [];
    const stream = { write: (b: Uint8Array | string) => taken.push(Buffer.from(b).toString("utf8")) > 0 } as unknown as NodeJS.WriteStream;
    const broken = standard(fd, () => {
      made++;
      return stream;
    });
    broken.write("første\n");
    broken.write("andre\n");
    expect(taken).toEqual(["første\n", "andre\n"]);
    expect(made).toBe(1);
  });
});
