import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { runPipeline } from "../src/domain/pipeline";
import { readWorkbookFile } from "../src/workbook/exceljs-reader";
import { writeWorkbookFile } from "../src/workbook/xlsx-writer";
import { sofficePath } from "./helpers/libreoffice";

/**
 * The report as it prints: scripts/render-report.sh turns the example's report into a
 * PDF and PNG pages in test-artifacts/report/ (gitignored), for a person to look at.
 */

const ROOT = path.join(__dirname, "..");
const OUT = path.join(ROOT, "test-artifacts", "report");
const haveTools = sofficePath() !== null && execFileSync("sh", ["-c", "command -v pdftoppm || true"], { encoding: "utf8" }).trim() !== "";
if (!haveTools) {
  console.warn("report-render.test.ts skipped: LibreOffice (soffice) or pdftoppm (poppler-utils) is not installed.");
}

(haveTools ? test : test.skip)("render-report.sh makes a PDF and PNG pages of the example's report", async () => {
  fs.mkdirSync(OUT, { recursive: true });
  const report = runPipeline({ grids: await readWorkbookFile(path.join(ROOT, "examples", "uke-2022", "input.xlsx")) });
  const xlsx = path.join(OUT, "rapport-2022.xlsx");
  await writeWorkbookFile(xlsx, report.sheets);
  for (const f of fs.readdirSync(OUT)) if (/^rapport-2022.*\.(pdf|png)$/.test(f)) fs.rmSync(path.join(OUT, f));

  execFileSync("bash", [path.join(ROOT, "scripts", "render-report.sh"), xlsx, OUT], { stdio: "pipe", timeout: 120_000 });

  const files = fs.readdirSync(OUT);
  const pdfs = files.filter((f) => f === "rapport-2022.pdf");
  const pngs = files.filter((f) => /^rapport-2022-\d+\.png$/.test(f));
  expect(pdfs).toHaveLength(1);
  const pdf = path.join(OUT, "rapport-2022.pdf");
  expect(fs.statSync(pdf).size).toBeGreaterThan(5000);
  expect(fs.readFileSync(pdf).subarray(0, 5).toString()).toBe("%PDF-");
  // One page or more per table sheet (3.1, 3.3, 3.4.1, 3.4.2), plus Kontroll and Reguleringer.
  expect(pngs.length).toBeGreaterThanOrEqual(4);
  for (const p of pngs) {
    const head = fs.readFileSync(path.join(OUT, p)).subarray(0, 8);
    expect(head.equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  }
});
