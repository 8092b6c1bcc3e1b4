"use strict";
/**
 * Where the engine spends its time on a large ledger (default 1,000,000 lines):
 *   1. phase timings: the pipeline's steps called one by one on the same grids, and the
 *      per-cell parsers (amount, art, project, chapter, year) on every ledger row;
 *   2. a V8 CPU profile of runPipeline (node --cpu-prof), summarised as self and total
 *      time per function inside runPipeline.
 *
 *   npm run --silent build:cli && node scripts/bench/profile.js [lines]
 */
const { spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..", "..");
const lines = Number(process.argv[2] || 1_000_000);
const dist = (m) => require(path.join(root, "dist", ...m.split("/")));

if (process.argv[3] === "--child-phases") phases();
else main();

function time(label, fn, total) {
  const t0 = process.hrtime.bigint();
  const r = fn();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  process.stdout.write(`    ${label.padEnd(64)} ${ms.toFixed(0).padStart(7)} ms${total ? `  ${((ms / total) * 100).toFixed(0).padStart(3)} %` : ""}\n`);
  return { r, ms };
}

function phases() {
  const { makeDataset, toGrids } = require("./gen");
  const { runPipeline } = dist("domain/pipeline.js");
  const { detectLayout } = dist("domain/layout.js");
  const { GridReader, readAmount, parseChapter, parsePart, parseProject } = dist("domain/input.js");
  const { aggregateLedger, Aggregates } = dist("domain/aggregate.js");
  const { FindingSink } = dist("domain/finding-sink.js");
  const { normaliseArt } = dist("domain/artsgrupper.js");
  const { yearOf } = dist("domain/dates.js");
  const { cellAddress, isBlank } = dist("domain/cells.js");
  const { numberToOre } = dist("domain/money.js");
  const { parseNorwegianAmount } = dist("domain/norwegian-number.js");

  const grids = toGrids(makeDataset(lines));
  global.gc?.();
  const full = time("runPipeline (whole, first run: cold JIT)", () => runPipeline({ grids })).ms;
  time("runPipeline (whole, second run: warm)", () => runPipeline({ grids }));
  process.stdout.write("  steps, warm, each on its own:\n");
  const layout = time("detectLayout", () => detectLayout(grids), full).r;
  const d = layout.sheets.regnskap;
  const reader = new GridReader(grids.find((g) => g.name === d.sheet));
  time(
    "year scan (columnValues + yearOf, pipeline.ts)",
    () => {
      let max = 0;
      for (const r of reader.dataRows(d.headerRow)) {
        const v = reader.cell(r, d.columns.aar);
        if (!isBlank(v)) max = Math.max(max, yearOf(v, true) ?? 0);
      }
      return max;
    },
    full,
  );
  time(
    "chapter scan (columnValues + parseChapter + mostCommon)",
    () => {
      const all = [];
      for (const r of reader.dataRows(d.headerRow)) {
        const v = reader.cell(r, d.columns.kapittel);
        if (!isBlank(v)) all.push(parseChapter(v));
      }
      return all.length;
    },
    full,
  );
  time(
    "aggregateLedger (all ledger rows)",
    () => aggregateLedger(reader, d, { year: 2024, chapter: 125, internalArter: new Set(["790"]), sink: new FindingSink() }, new Aggregates()),
    full,
  );
  process.stdout.write("  per-cell work inside aggregateLedger, each over all rows:\n");
  const rows = grids[0].rows;
  const c = d.columns;
  time(
    "GridReader.dataRows generator + row.every(isBlank)",
    () => {
      let n = 0;
      for (const r of reader.dataRows(d.headerRow)) if (!reader.row(r).every((v) => isBlank(v))) n++;
      return n;
    },
    full,
  );
  time(
    "cellAddress (amount cell, every row; + art cell)",
    () => {
      let n = 0;
      for (let r = 1; r < rows.length; r++) n += cellAddress(r, c.belop).length + cellAddress(r, c.art).length;
      return n;
    },
    full,
  );
  const sink = new FindingSink();
  time(
    "readAmount (all amount cells)",
    () => {
      let s = 0;
      for (let r = 1; r < rows.length; r++) {
        const a = readAmount(rows[r][c.belop], "Regnskap", "H1", sink);
        if (a.ok) s += a.ore;
      }
      return s;
    },
    full,
  );
  const nums = [];
  const texts = [];
  for (let r = 1; r < rows.length; r++) (typeof rows[r][c.belop] === "number" ? nums : texts).push(rows[r][c.belop]);
  time(`  numberToOre (${nums.length} number cells, decimal.js)`, () => nums.reduce((s, v) => s + numberToOre(v).ore, 0), full);
  time(`  parseNorwegianAmount (${texts.length} text cells, regex + decimal.js)`, () => texts.reduce((s, v) => s + (parseNorwegianAmount(v).ore ?? 0), 0), full);
  time("yearOf (År, every row)", () => rows.reduce((s, row, i) => (i ? s + (yearOf(row[c.aar], true) ?? 0) : s), 0), full);
  time("parseChapter (every row)", () => rows.reduce((s, row, i) => (i ? s + (parseChapter(row[c.kapittel]) ?? 0) : s), 0), full);
  time("parsePart (normaliseName per cell, every row)", () => rows.reduce((s, row, i) => (i ? s + (parsePart(row[c.del]) ? 1 : 0) : s), 0), full);
  time("normaliseArt (cached, every row)", () => rows.reduce((s, row, i) => (i ? s + (normaliseArt(row[c.art]).ok ? 1 : 0) : s), 0), full);
  time("parseProject (regex per cell, every row)", () => rows.reduce((s, row, i) => (i ? s + (parseProject(row[c.prosjekt]).ok ? 1 : 0) : s), 0), full);
}

function main() {
  process.stdout.write(`Engine profile on ${lines.toLocaleString("en-US")} ledger lines (compiled dist/)\n\n1. Phase timings\n`);
  const ph = spawnSync(process.execPath, ["--expose-gc", __filename, String(lines), "--child-phases"], { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
  if (ph.status !== 0) process.exit(ph.status ?? 1);

  process.stdout.write("\n2. CPU profile of runPipeline (node --cpu-prof, sampled)\n");
  const profDir = path.join(root, "out", "bench", "prof");
  fs.rmSync(profDir, { recursive: true, force: true });
  fs.mkdirSync(profDir, { recursive: true });
  const r = spawnSync(process.execPath, ["--cpu-prof", "--cpu-prof-dir", profDir, "--cpu-prof-interval", "500", path.join(__dirname, "engine-child.js"), String(lines)], {
    cwd: root,
    encoding: "utf8",
  });
  if (r.status !== 0) {
    process.stderr.write(r.stderr);
    process.exit(1);
  }
  const file = fs.readdirSync(profDir).find((f) => f.endsWith(".cpuprofile"));
  const prof = JSON.parse(fs.readFileSync(path.join(profDir, file), "utf8"));
  summarise(prof, "runPipeline");
  process.stdout.write(`\n  profile: ${path.relative(root, path.join(profDir, file))} (open in Chrome DevTools › Performance)\n`);
}

function summarise(prof, rootName) {
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = new Map();
  // Sample time per node id.
  for (let i = 0; i < prof.samples.length; i++) self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + (prof.timeDeltas[i] ?? 0) / 1000);
  const key = (n) => {
    const f = n.callFrame;
    const file = f.url ? f.url.replace(/^file:\/\//, "").replace(root + "/", "") : "";
    return `${f.functionName || "(anonymous)"}  ${file ? `${file}:${f.lineNumber + 1}` : ""}`;
  };
  const selfBy = new Map();
  const totalBy = new Map();
  let rootTotal = 0;
  const walk = (id, onStack) => {
    const n = byId.get(id);
    const k = key(n);
    let total = self.get(id) ?? 0;
    selfBy.set(k, (selfBy.get(k) ?? 0) + (self.get(id) ?? 0));
    const first = !onStack.has(k);
    if (first) onStack.add(k);
    for (const c of n.children ?? []) total += walk(c, onStack);
    if (first) {
      onStack.delete(k);
      totalBy.set(k, (totalBy.get(k) ?? 0) + total);
    }
    return total;
  };
  const roots = prof.nodes.filter((n) => n.callFrame.functionName === rootName);
  for (const rn of roots) rootTotal += walk(rn.id, new Set());
  const top = (m, n) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);
  process.stdout.write(`  ${rootName}: ${rootTotal.toFixed(0)} ms sampled\n  self time (top 25):\n`);
  for (const [k, ms] of top(selfBy, 25)) process.stdout.write(`    ${ms.toFixed(0).padStart(6)} ms ${((ms / rootTotal) * 100).toFixed(1).padStart(5)} %  ${k}\n`);
  process.stdout.write("  total time, functions of src/ (top 25):\n");
  const own = new Map([...totalBy].filter(([k]) => k.includes("dist/")));
  for (const [k, ms] of top(own, 25)) process.stdout.write(`    ${ms.toFixed(0).padStart(6)} ms ${((ms / rootTotal) * 100).toFixed(1).padStart(5)} %  ${k}\n`);
}
