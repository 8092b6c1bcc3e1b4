"use strict";
/**
 * The task pane's first render in headless Chromium, from navigation start.
 *
 *   node scripts/bench/first-render.js [--runs-pane 5] [--build-taskpane]
 *
 * What is measured: the production bundle and its taskpane.html (Content-Security-Policy and all)
 * served from 127.0.0.1 by a tiny node http server; office.js answered by the end-to-end test's
 * stub (test/e2e/harness/office-stub.js) through playwright's route, every other non-local
 * request refused; the workbook is the test's in-memory WorkbookPort
 * (test/e2e/harness/memory-workbook.js) holding the example's sheets (examples/uke-2022/input.xlsx,
 * read with exceljs as test/e2e/read-grids.ts does), handed to the page as window.__avstemInput
 * before the bundle runs, so the pane finds window.avstemHarness exactly as in the e2e test.
 * Debian's /usr/bin/chromium through playwright-core (no browser download); each run is a new
 * browser context (empty HTTP and code cache, new renderer).
 *
 * How the time is taken, in the page (no round trip to the test process in the figure): an init
 * script installs a MutationObserver before any of the page's own scripts run. When an element
 * first appears (the pane's <h1> — React's first commit, header and progress —, then the step
 * tab list — the workbook read and the Oppsett step rendered —), the observer waits for the next
 * animation frame (where Chromium does style, layout and paint for that DOM), checks the element
 * has a non-empty box there (what playwright calls visible), and then takes performance.now() in a
 * task posted from that frame callback, i.e. after the frame holding the element was produced.
 * performance.now() counts from the document's time origin, which for a navigation is the
 * navigation start (before the request for taskpane.html), so the figure covers the HTML, the
 * office.js stub, the bundle's download, parse and run, React's render and the first paint.
 * Not covered: real network latency and office.js's own load (the stub is a few hundred bytes;
 * the server serves uncompressed over loopback), and Office's own host start-up.
 * The target is judged on the tab list (the pane rendered with its first step), the stricter of the two.
 */
const { spawnSync } = require("child_process");
const fs = require("fs");
const http = require("http");
const path = require("path");

const root = path.resolve(__dirname, "..", "..");
const HARNESS = path.join(root, "test", "e2e", "harness");
const INPUT = path.join(root, "examples", "uke-2022", "input.xlsx");
const OFFICE_JS = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
const CHROMIUM = "/usr/bin/chromium";
const BENCH_BUILD = path.join(root, "out", "bench", "taskpane-dist");
const TARGET_MS = 1500;

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".map": "application/json",
  ".png": "image/png",
  ".xml": "application/xml",
};

// ------------------------------------------------------------------ the build

const taskpaneJs = (dir) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /^taskpane.*\.js$/.test(f)) : []);

/** A production (minified) build: webpack's production mode leaves long lines; development keeps one statement a line. */
function isProductionBuild(dir) {
  const js = taskpaneJs(dir);
  if (js.length === 0 || !fs.existsSync(path.join(dir, "taskpane.html"))) return false;
  return js.every((f) => {
    const text = fs.readFileSync(path.join(dir, f), "utf8");
    return text.split("\n").length < text.length / 2000;
  });
}

/** The newest modification time of what goes into the bundle (src/, webpack.config.js, tsconfig.json, package-lock.json). */
function newestSource() {
  let newest = 0;
  const walk = (p) => {
    const st = fs.statSync(p);
    if (st.isDirectory()) for (const f of fs.readdirSync(p)) walk(path.join(p, f));
    else if (!/\.test\.tsx?$/.test(p)) newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of ["src", "webpack.config.js", "tsconfig.json", "package-lock.json"]) if (fs.existsSync(path.join(root, p))) walk(path.join(root, p));
  return newest;
}

const builtAt = (dir) => fs.statSync(path.join(dir, "taskpane.html")).mtimeMs;

function webpackProduction(outDir) {
  const r = spawnSync(process.execPath, [path.join(root, "node_modules", "webpack", "bin", "webpack.js"), "--mode", "production", "--env", `outputPath=${outDir}`], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  return r.status === 0 ? null : (r.stderr || r.stdout || String(r.error)).split("\n").filter(Boolean).slice(-3).join(" / ");
}

/**
 * The production build to measure: dist/ when it holds one (npm run build), else out/bench/taskpane-dist/,
 * built there with webpack --mode production when missing or older than the sources (a stale dist/ gives way to a
 * current out/bench/taskpane-dist/ but never triggers a build); `force` (--build-taskpane) always rebuilds there and uses it. Returns { dir, where, note } or { na }.
 */
function productionBuild({ force = false, log = () => {} } = {}) {
  const dist = path.join(root, "dist");
  const rel = `${path.relative(root, BENCH_BUILD)}/`;
  const benchFresh = isProductionBuild(BENCH_BUILD) && builtAt(BENCH_BUILD) >= newestSource();
  if (!force && isProductionBuild(dist)) {
    if (builtAt(dist) >= newestSource()) return { dir: dist, where: "dist/", note: "" };
    if (benchFresh) return { dir: BENCH_BUILD, where: rel, note: `dist/ is older than src/; using ${rel} (current)` };
    return { dir: dist, where: "dist/", note: "dist/ is older than src/ (run `npm run build`, or pass --build-taskpane, for current figures)" };
  }
  if (!force && benchFresh) return { dir: BENCH_BUILD, where: rel, note: "" };
  if (!fs.existsSync(path.join(root, "webpack.config.js"))) return { na: "no production build in dist/ and no webpack.config.js" };
  if (!fs.existsSync(path.join(root, "node_modules", "webpack", "bin", "webpack.js"))) return { na: "no production build in dist/ and webpack is not installed" };
  log(`    ${force ? "--build-taskpane" : "no production build in dist/"}: building with webpack --mode production into ${rel} …`);
  const t0 = Date.now();
  const err = webpackProduction(BENCH_BUILD);
  if (err) return { na: `webpack failed: ${err}` };
  return { dir: BENCH_BUILD, where: rel, note: `built in ${((Date.now() - t0) / 1000).toFixed(0)} s`, built: true };
}

// ------------------------------------------------------------------ the workbook

const ymdToSerial = (year, month, day) => {
  // As src/domain/cells.ts: Excel's serial, with its 1900 leap-year bug below 61.
  const serial = Math.round((Date.UTC(year, month - 1, day) - Date.UTC(1899, 11, 30)) / 86400000);
  return serial < 61 ? serial - 1 : serial;
};

/** One exceljs cell value as the port delivers it (as test/e2e/read-grids.ts). */
function toCellValue(v) {
  if (v === null || v === undefined) return null;
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  if (v instanceof Date) return { kind: "date", serial: ymdToSerial(v.getUTCFullYear(), v.getUTCMonth() + 1, v.getUTCDate()) };
  if (typeof v === "object") {
    if ("error" in v) return { kind: "error", code: String(v.error) };
    if ("richText" in v) return v.richText.map((r) => r.text).join("");
    if ("result" in v) return toCellValue(v.result ?? null);
    if ("text" in v) return String(v.text);
  }
  return String(v);
}

async function readGrids(file) {
  const ExcelJS = require("exceljs");
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const grids = [];
  wb.eachSheet((ws) => {
    const rows = [];
    for (let r = 1; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const cells = [];
      for (let c = 1; c <= ws.columnCount; c++) cells.push(toCellValue(row.getCell(c).value));
      rows.push(cells);
    }
    grids.push({ name: ws.name, rows, firstRow: 0, firstColumn: 0 });
  });
  return grids;
}

// ------------------------------------------------------------------ server and page

/** The build at /, on 127.0.0.1 only (as test/e2e/taskpane.test.ts). */
function serve(buildDir) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const file = path.normalize(path.join(buildDir, decodeURIComponent(url.pathname)));
    if (!file.startsWith(buildDir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "Content-Type": TYPES[path.extname(file)] ?? "application/octet-stream" });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}

/** Runs in the page before its own scripts: the marks described at the top of this file. */
function installMarks() {
  const marks = {};
  window.__avstemFirstRender = marks;
  const watch = { heading: "h1", tabs: '[role="tablist"]' };
  const pending = new Set(Object.keys(watch));
  const check = () => {
    for (const key of [...pending]) {
      const el = document.querySelector(watch[key]);
      if (!el) continue;
      pending.delete(key);
      marks[`${key}Inserted`] = performance.now();
      const painted = () => {
        const box = el.getBoundingClientRect();
        if (!el.isConnected || box.width === 0 || box.height === 0) return requestAnimationFrame(painted);
        // A task after this frame's callback: the frame with the element has been produced.
        const channel = new MessageChannel();
        channel.port1.onmessage = () => (marks[key] = performance.now());
        channel.port2.postMessage(null);
      };
      requestAnimationFrame(painted);
    }
    if (pending.size === 0) observer.disconnect();
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true });
}

/**
 * Measures `runs` cold first renders of the build in `buildDir`. Returns
 * { runs: [{ heading, tabs, dcl, wall }], median: {…} } (ms from navigation start) or { na }.
 */
async function measureFirstRender(buildDir, { runs = 5 } = {}) {
  if (!fs.existsSync(CHROMIUM)) return { na: `${CHROMIUM} not found (apt-get install chromium)` };
  let chromium;
  try {
    ({ chromium } = require("playwright-core"));
  } catch (e) {
    return { na: `playwright-core not installed (${e.code || e.message})` };
  }
  const input = { grids: fs.existsSync(INPUT) ? await readGrids(INPUT) : [], displayLanguage: "nb-NO" };
  const server = await serve(buildDir);
  const origin = `http://127.0.0.1:${server.address().port}`;
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  } catch (e) {
    await new Promise((r) => server.close(r));
    return { na: `chromium did not start: ${String(e.message).split("\n")[0]}` };
  }
  const out = [];
  const foreign = [];
  const errors = [];
  try {
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ viewport: { width: 360, height: 900 }, locale: "nb-NO", serviceWorkers: "block" });
      try {
        await context.route("**/*", (route) => {
          const url = route.request().url();
          if (url === OFFICE_JS) return route.fulfill({ path: path.join(HARNESS, "office-stub.js"), contentType: "text/javascript" });
          if (url.startsWith(`${origin}/`) || url.startsWith("data:")) return route.continue();
          foreign.push(url);
          return route.abort("blockedbyclient");
        });
        const page = await context.newPage();
        page.on("pageerror", (e) => errors.push(e.message));
        page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
        await page.addInitScript(installMarks);
        await page.addInitScript((inp) => (window.__avstemInput = inp), input);
        await page.addInitScript({ path: path.join(HARNESS, "memory-workbook.js") });
        const t0 = Date.now();
        await page.goto(`${origin}/taskpane.html`, { waitUntil: "commit" });
        // A cross-check from outside, never the figure: wall clock from goto to playwright seeing the tab list.
        await page.locator('[role="tablist"]').waitFor({ state: "visible", timeout: 30_000 });
        const wall = Date.now() - t0;
        await page.waitForFunction(() => window.__avstemFirstRender.tabs !== undefined && window.__avstemFirstRender.heading !== undefined, null, { timeout: 30_000 });
        const m = await page.evaluate(() => ({ ...window.__avstemFirstRender, dcl: performance.getEntriesByType("navigation")[0]?.domContentLoadedEventEnd }));
        out.push({ heading: m.heading, tabs: m.tabs, dcl: m.dcl, wall });
      } finally {
        await context.close();
      }
    }
  } catch (e) {
    return { na: `${String(e.message).split("\n")[0]}${errors.length ? `; page errors: ${errors.slice(0, 2).join(" | ")}` : ""}` };
  } finally {
    await browser.close();
    await new Promise((r) => server.close(r));
  }
  const med = (k) => median(out.map((r) => r[k]));
  return { runs: out, median: { heading: med("heading"), tabs: med("tabs"), dcl: med("dcl"), wall: med("wall") }, errors, foreign, sheets: input.grids.length };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Section lines for run.js; returns the result for the Targets block. */
function report(fr, where, log) {
  const f = (ms) => ms.toFixed(0);
  if (fr.na) {
    log(`    n/a: ${fr.na}`);
    return;
  }
  log(
    `    ${where}taskpane.html from 127.0.0.1, office.js stub, in-memory workbook (${fr.sheets} sheets of examples/uke-2022/input.xlsx); ${fr.runs.length} cold run${fr.runs.length === 1 ? "" : "s"}, each a new browser context`,
  );
  log(`    ${"ms from navigation start".padEnd(40)} ${"median".padStart(7)}  runs`);
  log(`    ${"tab list painted (target, ≤ 1,500 ms)".padEnd(40)} ${f(fr.median.tabs).padStart(7)}  ${fr.runs.map((r) => f(r.tabs)).join(" ")}`);
  log(`    ${"heading painted (React's first commit)".padEnd(40)} ${f(fr.median.heading).padStart(7)}  ${fr.runs.map((r) => f(r.heading)).join(" ")}`);
  log(`    ${"DOMContentLoaded (bundle run)".padEnd(40)} ${f(fr.median.dcl).padStart(7)}  ${fr.runs.map((r) => f(r.dcl)).join(" ")}`);
  log(`    ${"(wall clock, goto → playwright sees tabs)".padEnd(40)} ${f(fr.median.wall).padStart(7)}  ${fr.runs.map((r) => f(r.wall)).join(" ")}`);
  if (fr.errors.length) log(`    page errors: ${fr.errors.length} (${fr.errors[0].slice(0, 160)})`);
  if (fr.foreign.length) log(`    refused non-local requests: ${fr.foreign.length} (${fr.foreign[0]})`);
}

module.exports = { productionBuild, measureFirstRender, report, TARGET_MS };

if (require.main === module) {
  const argv = process.argv.slice(2);
  const i = argv.indexOf("--runs-pane");
  const runs = i >= 0 ? Number(argv[i + 1]) : 5;
  const log = (s = "") => process.stdout.write(`${s}\n`);
  (async () => {
    log("Task pane first render in headless Chromium");
    const b = productionBuild({ force: argv.includes("--build-taskpane"), log });
    if (b.na) return log(`    n/a: ${b.na}`);
    if (b.note) log(`    ${b.note}`);
    const fr = await measureFirstRender(b.dir, { runs });
    report(fr, b.where, log);
    if (!fr.na) log(`    ${fr.median.tabs <= TARGET_MS ? "PASS" : "MISS"}  task pane first render ≤ 1.5 s: ${fr.median.tabs.toFixed(0)} ms median`);
  })().catch((e) => {
    process.stderr.write(`first-render: ${e.stack || e}\n`);
    process.exit(1);
  });
}
