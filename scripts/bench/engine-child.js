"use strict";
/**
 * One measured run of the engine in a fresh process: builds the in-memory grids of
 * <lines> ledger lines (not timed), then times runPipeline (grids → layout → aggregates →
 * all table models, checks and findings, sheet models and JSON). Prints one JSON line.
 * Usage: node --expose-gc scripts/bench/engine-child.js <lines>
 */
const path = require("path");
const { makeDataset, toGrids } = require("./gen");
const root = path.resolve(__dirname, "..", "..");
const { runPipeline } = require(path.join(root, "dist", "domain", "pipeline.js"));

const lines = Number(process.argv[2]);
const grids = toGrids(makeDataset(lines));
if (global.gc) global.gc();
const rssGrids = process.memoryUsage().rss;
const cpu0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
const report = runPipeline({ grids });
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
const cpu = process.cpuUsage(cpu0);
const cpuMs = (cpu.user + cpu.system) / 1000;
const sheets = report.sheets.length;
process.stdout.write(
  JSON.stringify({ ms, cpuMs, maxRSS: require("./peak-rss").peakRss(), rssGrids, ledgerLines: report.ledgerLines, findings: report.findings.length, sheets }) + "\n",
);
