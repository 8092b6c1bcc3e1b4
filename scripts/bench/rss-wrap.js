"use strict";
/**
 * Runs the Avstem command line (bin/avstem.js) in this process and, when it exits,
 * writes {maxRSS, cpuMs, code} as JSON to the file named by AVSTEM_BENCH_RSS_OUT. Used by the
 * benchmark to get the CLI's peak memory without changing the CLI.
 * Usage: AVSTEM_BENCH_RSS_OUT=f node scripts/bench/rss-wrap.js [--stream-reader] build … -o out.xlsx
 */
const fs = require("fs");
const { peakRss } = require("./peak-rss");
const path = require("path");
const root = path.resolve(__dirname, "..", "..");
const out = process.env.AVSTEM_BENCH_RSS_OUT;
let args = process.argv.slice(2);
if (args[0] === "--stream-reader") {
  // Preview of the wiring: the CLI's .xlsx reader replaced by the streaming reader.
  args = args.slice(1);
  const reader = require(path.join(root, "dist", "workbook", "xlsx-reader.js"));
  const stream = require(path.join(root, "dist", "workbook", "exceljs-stream-reader.js"));
  reader.readXlsxFile = stream.readWorkbookFileStreaming;
}
process.on("exit", (code) => {
  if (out) fs.writeFileSync(out, JSON.stringify({ maxRSS: peakRss(), cpuMs: (process.resourceUsage().userCPUTime + process.resourceUsage().systemCPUTime) / 1000, code }));
});
process.argv = [process.argv[0], path.join(root, "bin", "avstem.js"), ...args];
require(path.join(root, "bin", "avstem.js"));
