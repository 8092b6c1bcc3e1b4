#!/usr/bin/env node
/**
 * Times the input reader (src/workbook/xlsx-reader.ts, compiled to dist/ by `npm run build:cli`)
 * on the given .xlsx files, or on a generated worst case: a 100,002-cell ledger under a data
 * validation and a conditional format over A1:XFD1048576 and a stray value at XFD1048576.
 *
 *   npm run --silent build:cli && node scripts/bench/read-xlsx.js [file.xlsx …]
 *
 * Prints time, heap and peak RSS per file (each read in a fresh process so the figures are its own).
 */
const { execFileSync } = require("child_process");
const { mkdtempSync, writeFileSync } = require("fs");
const { tmpdir } = require("os");
const path = require("path");

const root = path.join(__dirname, "..", "..");

if (process.argv[2] === "--child") {
  const { readWorkbookFile } = require(path.join(root, "dist", "workbook", "exceljs-reader.js"));
  const file = process.argv[3];
  const t0 = process.hrtime.bigint();
  readWorkbookFile(file).then(
    (grids) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      let cells = 0;
      for (const g of grids) for (const r of g.rows) for (const v of r) if (v !== null && v !== undefined) cells++;
      const mem = process.memoryUsage();
      process.stdout.write(
        `${path.basename(file)}: ${grids.length} sheet(s), ${cells} cells, ${ms.toFixed(0)} ms, heap ${Math.round(mem.heapUsed / 1e6)} MB, peak rss ${Math.round(require("./peak-rss").peakRss() / 1024 / 1024)} MB\n`,
      );
    },
    (e) => process.stdout.write(`${path.basename(file)}: ${e.constructor.name}: ${e.message}\n`),
  );
  return;
}

async function worstCase() {
  const JSZip = require("jszip");
  const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  const NS = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${REL}"`;
  const rows = [];
  for (let r = 1; r <= 16_667; r++)
    rows.push(
      `<row r="${r}"><c r="A${r}"><v>125</v></c><c r="B${r}" t="inlineStr"><is><t>Drift</t></is></c><c r="C${r}" t="inlineStr"><is><t>010</t></is></c><c r="D${r}"><v>${r}</v></c><c r="E${r}"><v>2024</v></c><c r="F${r}"><v>${r * 1.25}</v></c></row>`,
    );
  rows.push('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>');
  const all = "A1:XFD1048576";
  const zip = new JSZip();
  zip.file(
    "_rels/.rels",
    `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  zip.file(
    "xl/_rels/workbook.xml.rels",
    `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="s1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
  );
  zip.file("xl/workbook.xml", `<workbook ${NS}><sheets><sheet name="Regnskap" sheetId="1" r:id="s1"/></sheets></workbook>`);
  zip.file(
    "xl/worksheets/sheet1.xml",
    `<worksheet ${NS}><dimension ref="${all}"/><sheetData>${rows.join("")}</sheetData>` +
      `<conditionalFormatting sqref="${all}"><cfRule type="cellIs" dxfId="0" priority="1" operator="lessThan"><formula>0</formula></cfRule></conditionalFormatting>` +
      `<dataValidations count="1"><dataValidation type="whole" sqref="${all}"><formula1>0</formula1></dataValidation></dataValidations></worksheet>`,
  );
  const file = path.join(mkdtempSync(path.join(tmpdir(), "avstem-read-xlsx-")), "worst-case.xlsx");
  writeFileSync(file, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
  return file;
}

(async () => {
  const files = process.argv.length > 2 ? process.argv.slice(2) : [await worstCase(), path.join(root, "examples", "uke-2022", "input.xlsx")];
  for (const f of files) process.stdout.write(execFileSync(process.execPath, [__filename, "--child", path.resolve(f)], { encoding: "utf8" }));
})();
