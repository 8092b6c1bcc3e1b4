import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import Papa from "papaparse";

/**
 * LibreOffice in tests: a fresh profile that forces recalculation of .xlsx files on
 * load (by default LibreOffice shows the cached results, which proves nothing about
 * the formulas), and conversions to one CSV per sheet or to PDF.
 */

/** The soffice binary, or null when LibreOffice is not installed. */
export function sofficePath(): string | null {
  for (const name of ["soffice", "libreoffice"]) {
    const r = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" });
    const p = r.stdout.trim();
    if (r.status === 0 && p) return p;
  }
  return null;
}

const RECALC_XCU = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`;

/**
 * Makes a LibreOffice profile under `root` that always recalculates on load (or, with
 * recalc = false, one left at LibreOffice's defaults). Returns its file URL for -env:UserInstallation.
 */
export function makeProfile(root: string, recalc = true): string {
  const dir = path.resolve(root);
  fs.mkdirSync(path.join(dir, "user"), { recursive: true });
  if (recalc) fs.writeFileSync(path.join(dir, "user", "registrymodifications.xcu"), RECALC_XCU);
  return `file://${dir}`;
}

function runSoffice(profileUrl: string, convertTo: string, outDir: string, files: readonly string[]): void {
  const soffice = sofficePath();
  if (!soffice) throw new Error("LibreOffice (soffice) is not installed");
  fs.mkdirSync(outDir, { recursive: true });
  execFileSync(soffice, ["--headless", "--norestore", "--nolockcheck", `-env:UserInstallation=${profileUrl}`, "--convert-to", convertTo, "--outdir", outDir, ...files], {
    stdio: "pipe",
    timeout: 120_000,
  });
}

/**
 * CSV filter options: comma, double quote, UTF-8, from line 1, no column formats,
 * language en-US (a dot for decimals), quote all text cells, -, raw values (not "as
 * shown"), no formulas, keep spaces, every sheet to a file of its own (LibreOffice ≥ 7.2).
 */
const CSV_ALL_SHEETS = "csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,true,true,false,false,false,-1";

export type SheetCsv = Map<string, string[][]>;

/** Converts workbooks to one CSV per sheet; returns, per workbook path, its sheets by name. */
export function convertToCsvSheets(profileUrl: string, outDir: string, files: readonly string[], sheetNames: readonly string[]): Map<string, SheetCsv> {
  runSoffice(profileUrl, CSV_ALL_SHEETS, outDir, files);
  const out = new Map<string, SheetCsv>();
  for (const f of files) {
    const base = path.basename(f).replace(/\.[^.]+$/, "");
    const sheets: SheetCsv = new Map();
    for (const name of sheetNames) {
      const csvPath = path.join(outDir, `${base}-${name}.csv`);
      if (!fs.existsSync(csvPath)) throw new Error(`LibreOffice wrote no CSV for sheet ${name} of ${f} (expected ${csvPath})`);
      const parsed = Papa.parse<string[]>(fs.readFileSync(csvPath, "utf8"), { skipEmptyLines: false });
      sheets.set(name, parsed.data);
    }
    out.set(f, sheets);
  }
  return out;
}

/** Converts a workbook to PDF; returns the PDF's path. */
export function convertToPdf(profileUrl: string, outDir: string, file: string): string {
  runSoffice(profileUrl, "pdf", outDir, [file]);
  return path.join(outDir, path.basename(file).replace(/\.[^.]+$/, "") + ".pdf");
}

/** Whole kroner as displayed: half away from zero, from the value rounded to øre first. */
export function displayedKroner(n: number): number {
  const ore = Math.round(Math.abs(n) * 100);
  const k = Math.floor((ore + 50) / 100);
  return n < 0 && k !== 0 ? -k : k;
}
