"use strict";
/**
 * The task pane at a large agency's scale, in headless Chromium (issue 14's targets).
 *
 *   node scripts/bench/pane.js [--sizes 2000,100000,500000] [--build-taskpane] [--keys 6] [--decisions 3] [--trace DIR] [--dist DIR]
 *
 * What is measured: the production bundle (dist/ or out/bench/taskpane-dist/, as
 * scripts/bench/first-render.js chooses it) and its taskpane.html with its CSP, served from
 * 127.0.0.1; office.js answered by the e2e stub; the workbook is the e2e in-memory WorkbookPort
 * (test/e2e/harness/memory-workbook.js) holding a generated agency (scripts/bench/gen.js: ~485
 * projects to decide on, the ledger at each size), reading in the office-js adapter's own block
 * sizes (blockRows "adapter": src/workbook/office-js-read.ts blockRowsFor). Pane 360×900.
 *
 * How: each time is taken in the page, from the input event's timeStamp (the key or click as the
 * browser received it) to a task posted from the first animation frame in which the DOM shows the
 * result (the typed digit in the field; the Kategorisering list; the card's new status; no card
 * left at "forslag"): the frame holding the change was produced. Each probe is armed (its listener
 * in place) before the key or click is sent, and gives up after 60 s (the time shows "n/a"), so a
 * missed event is a MISS, never a hung run. Long tasks come from a
 * PerformanceObserver('longtask') over each interaction, up to the engine's answer. The JS heap is
 * sampled every 100 ms over CDP (Runtime.getHeapUsage) on the page and on the engine's worker; the
 * in-memory workbook's own copy of the grids lives in the page's heap (in Excel it lives in Excel's
 * process), so the page's heap is also shown net of the heap measured before the pane started.
 */
const fs = require("fs");
const http = require("http");
const path = require("path");
const gen = require("./gen");
const firstRender = require("./first-render");

const root = path.resolve(__dirname, "..", "..");
const HARNESS = path.join(root, "test", "e2e", "harness");
const OFFICE_JS = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
const CHROMIUM = "/usr/bin/chromium";
const DATA = path.join(root, "out", "bench", "pane");
const MB = 1024 * 1024;

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const flag = (name) => process.argv.includes(`--${name}`);
const SIZES = arg("sizes", "2000,100000,500000").split(",").map(Number);
const KEYS = "250000".slice(0, Number(arg("keys", 6)));

const TARGETS = { keystroke: 100, openCategories: 200, decision: 100, acceptAll: 300, longTask: 200, heapMB: 300, dom: 3000 };

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".png": "image/png",
  ".xml": "application/xml",
};

function serve(buildDir) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const [dir, rel] = url.pathname.startsWith("/bench-data/") ? [DATA, url.pathname.slice("/bench-data/".length)] : [buildDir, url.pathname];
    const file = path.normalize(path.join(dir, decodeURIComponent(rel)));
    if (!file.startsWith(dir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return res.writeHead(404).end();
    res.writeHead(200, { "Content-Type": TYPES[path.extname(file)] ?? "application/octet-stream" });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** The generated workbook as JSON the page loads before the harness (cached per generator and size). */
function dataFile(lines) {
  fs.mkdirSync(DATA, { recursive: true });
  const file = path.join(DATA, `grids-${lines}.json`);
  const genStamp = fs.statSync(path.join(__dirname, "gen.js")).mtimeMs;
  if (!fs.existsSync(file) || fs.statSync(file).mtimeMs < genStamp)
    fs.writeFileSync(file, JSON.stringify({ grids: gen.toGrids(gen.makeDataset(lines)), displayLanguage: "nb-NO" }));
  return path.basename(file);
}

/** In the page, before its scripts: long tasks, and "time from this input event to the frame that shows `done()`". */
function installProbes() {
  const longTasks = [];
  new PerformanceObserver((list) => list.getEntries().forEach((e) => longTasks.push({ start: e.startTime, duration: e.duration }))).observe({ type: "longtask", buffered: true });
  const afterFrame = (resolve) =>
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => resolve(performance.now());
      ch.port2.postMessage(null);
    });
  const armed = new Map();
  let nextArm = 1;
  window.__bench = {
    longTasks,
    /**
     * Listens, from now, for the next `type` event; returns a handle for result(). Arming and
     * waiting are two calls so that the listener is in place before the bench sends the input:
     * a CDP Runtime.evaluate and an Input.dispatch* reach the renderer by different routes, and
     * when the page is busy the key can arrive first (then the listener waited for a key that the
     * bench, waiting on it, never sent: the run hung until killed, "page closed").
     */
    arm(type, done, timeoutMs = 60000) {
      const id = nextArm++;
      armed.set(
        id,
        new Promise((resolve) => {
          const timer = setTimeout(() => {
            window.removeEventListener(type, onEvent, true);
            resolve(null);
          }, timeoutMs);
          function onEvent(e) {
            window.removeEventListener(type, onEvent, true);
            const t0 = e.timeStamp;
            const poll = () => (done() ? afterFrame((t1) => (clearTimeout(timer), resolve(t1 - t0))) : requestAnimationFrame(poll));
            // The event's own handlers run first (React updates a controlled field in the same task).
            setTimeout(poll, 0);
          }
          window.addEventListener(type, onEvent, true);
        }),
      );
      return id;
    },
    /** Ms from the armed event's timeStamp to the frame where done() first holds (null if no such event or frame within the timeout). */
    result(id) {
      const p = armed.get(id);
      armed.delete(id);
      return p;
    },
    maxLongTask(since) {
      return longTasks.filter((t) => t.start >= since).reduce((m, t) => Math.max(m, t.duration), 0);
    },
  };
}

async function heapSampler(context, page) {
  const main = await context.newCDPSession(page);
  let worker = null;
  const peaks = { page: 0, worker: 0 };
  // The worker's heap: a session attached to the worker target (flat protocol through the page's session).
  const browserCdp = await page.context().browser().newBrowserCDPSession();
  const pending = new Map();
  let nextId = 1;
  browserCdp.on("Target.receivedMessageFromTarget", (e) => {
    const m = JSON.parse(e.message);
    pending.get(m.id)?.(m.result);
    pending.delete(m.id);
  });
  const attachWorker = async () => {
    if (worker) return;
    const { targetInfos } = await browserCdp.send("Target.getTargets");
    const w = targetInfos.find((t) => t.type === "worker");
    if (!w) return;
    const { sessionId } = await browserCdp.send("Target.attachToTarget", { targetId: w.targetId, flatten: false });
    worker = (method) =>
      new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        browserCdp.send("Target.sendMessageToTarget", { sessionId, message: JSON.stringify({ id, method }) }).catch(() => resolve(undefined));
      });
  };
  let stop = false;
  const loop = (async () => {
    while (!stop) {
      try {
        const h = await main.send("Runtime.getHeapUsage");
        peaks.page = Math.max(peaks.page, h.usedSize);
        await attachWorker();
        if (worker) {
          const r = await worker("Runtime.getHeapUsage");
          if (r) peaks.worker = Math.max(peaks.worker, r.usedSize);
        }
      } catch {
        /* a sample lost while the page is busy */
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return {
    peaks,
    now: async () => (await main.send("Runtime.getHeapUsage")).usedSize,
    stop: async () => {
      stop = true;
      await loop;
    },
    workerSeen: () => worker !== null,
  };
}

async function measure(browser, origin, lines, log) {
  const context = await browser.newContext({ viewport: { width: 360, height: 900 }, locale: "nb-NO", serviceWorkers: "block" });
  const errors = [];
  try {
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (url === OFFICE_JS) return route.fulfill({ path: path.join(HARNESS, "office-stub.js"), contentType: "text/javascript" });
      if (url.startsWith(`${origin}/`)) return route.continue();
      return route.abort("blockedbyclient");
    });
    const page = await context.newPage();
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("crash", () => errors.push("renderer crashed"));
    await page.addInitScript(installProbes);
    const file = dataFile(lines);
    // Synchronously, before the harness: the harness reads window.__avstemInput when it runs.
    await page.addInitScript((url) => {
      const xhr = new XMLHttpRequest();
      xhr.open("GET", url, false);
      xhr.send();
      window.__avstemInput = JSON.parse(xhr.responseText);
    }, `${origin}/bench-data/${file}`);
    await page.addInitScript({ path: path.join(HARNESS, "memory-workbook.js") });
    await page.addInitScript(() => (window.__avstemWorkbook.blockRows = "adapter"));
    const heap = flag("no-heap") ? { peaks: { page: NaN, worker: NaN }, now: async () => NaN, stop: async () => {}, workerSeen: () => false } : await heapSampler(context, page);
    const t0 = Date.now();
    await page.goto(`${origin}/taskpane.html`, { waitUntil: "commit" });
    await page.waitForFunction(() => window.__avstemWorkbook !== undefined);
    const baseline = await heap.now();
    const rootSel = "[data-engine-aggregations]";
    await page.waitForSelector(rootSel, { state: "attached", timeout: 600_000 });
    const ready = Date.now() - t0;
    const attr = (name) => page.getAttribute(rootSel, name);
    const dom = {};
    const count = () => page.evaluate(() => document.getElementsByTagName("*").length);
    dom.setup = await count();
    const inWorker = (await attr("data-engine-worker")) === "true";
    /** An armed probe's time, or NaN (shown "n/a", a MISS) if its event or frame never came. */
    const settled = async (id) => {
      const ms = await page.evaluate((i) => window.__bench.result(i), id);
      if (ms === null) errors.push(`probe ${id}: no event, or done() never held, within 60 s`);
      return ms ?? NaN;
    };

    if (flag("verbose")) log(`      … ready at ${Date.now() - t0} ms`);
    // (1) Typing a materiality in Oppsett, a key every 150 ms; then the engine's answer.
    const field = page.getByLabel("Vesentlighetsgrense");
    await field.fill("");
    await page.waitForTimeout(500);
    const keys = [];
    const typingFrom = await page.evaluate(() => performance.now());
    for (const key of KEYS) {
      const before = await field.inputValue();
      const armed = await page.evaluate((want) => window.__bench.arm("keydown", () => document.activeElement?.value === want), before + key);
      await page.keyboard.press(key);
      keys.push(await settled(armed));
      await page.waitForTimeout(150);
    }
    const rebuildsAfterTyping = Number(await attr("data-engine-rebuilds"));
    await page.waitForFunction(() => !document.body.textContent.includes("Regner ut …"), null, { timeout: 120_000 });
    const typingLong = await page.evaluate((s) => window.__bench.maxLongTask(s), typingFrom);
    const engineMs = Number(await attr("data-engine-ms"));

    if (flag("verbose")) log(`      … typed at ${Date.now() - t0} ms`);
    // (2) Opening Kategorisering.
    const clickFrom = await page.evaluate(() => performance.now());
    const openArmed = await page.evaluate(() => window.__bench.arm("click", () => document.querySelector('ul[aria-label="Kategorisering"] li') !== null));
    await page.getByRole("tab", { name: /^Kategorisering/ }).click();
    const openMs = await settled(openArmed);
    dom.categories = await count();

    if (flag("verbose")) log(`      … opened at ${Date.now() - t0} ms`);
    // (3) One decision: the first card's category set to one it does not suggest; then the same on the
    // next cards (--decisions, 3 by default), each once the engine has answered the one before: one
    // sample is at the mercy of where the frame falls; the target is judged on the slowest.
    const decisionsMs = [];
    const tracing = arg("trace") ? path.resolve(arg("trace"), `decision-${lines}.json`) : undefined;
    for (let i = 0; i < Number(arg("decisions", 3)); i++) {
      const card = page.getByRole("list", { name: "Kategorisering" }).getByRole("listitem").nth(i);
      const text = await card.textContent();
      if (/valgt/.test(text)) continue;
      const suggested = Number(text.match(/Forslag: (\d)\./)[1]);
      const other = suggested === 1 ? 2 : 1;
      await card.getByRole("combobox").click();
      const decisionArmed = await page.evaluate(
        (n) => window.__bench.arm("click", () => /valgt/.test(document.querySelectorAll('ul[aria-label="Kategorisering"] li')[n]?.textContent ?? "")),
        i,
      );
      if (tracing && i === 0) {
        fs.mkdirSync(path.dirname(tracing), { recursive: true });
        await browser.startTracing(page, {
          path: tracing,
          categories: [
            "devtools.timeline",
            "disabled-by-default-devtools.timeline",
            "disabled-by-default-devtools.timeline.frame",
            "v8.execute",
            "disabled-by-default-v8.cpu_profiler",
            "blink.user_timing",
            "toplevel",
            "latencyInfo",
          ],
        });
      }
      await page.getByRole("option", { name: new RegExp(`^${other}\\. `) }).click();
      decisionsMs.push(await settled(decisionArmed));
      await page.waitForFunction(() => !document.body.textContent.includes("Regner ut …"), null, { timeout: 120_000 });
      if (tracing && i === 0) {
        await page.waitForTimeout(300);
        await browser.stopTracing();
        log(`    (a trace of the first decision: ${path.relative(root, tracing)})`);
      }
      await page.waitForTimeout(200);
    }
    const decisionMs = decisionsMs.length ? Math.max(...decisionsMs) : NaN;

    if (flag("verbose")) log(`      … decided at ${Date.now() - t0} ms`);
    // (4) Godta alle forslag.
    const acceptArmed = await page.evaluate(() =>
      window.__bench.arm("click", () =>
        [...document.querySelectorAll('ul[aria-label="Kategorisering"] li')].every((li) => !/forslag(?!et)/.test(li.querySelector(".fui-Badge:last-child")?.textContent ?? "")),
      ),
    );
    await page.getByRole("button", { name: "Godta alle forslag" }).click();
    const acceptMs = await settled(acceptArmed);
    await page.getByText("Alle forslag er godtatt.").waitFor({ timeout: 120_000 });
    await page.waitForFunction(() => !document.body.textContent.includes("Regner ut …"), null, { timeout: 120_000 });
    const clicksLong = await page.evaluate((s) => window.__bench.maxLongTask(s), clickFrom);
    dom.categoriesAccepted = await count();
    await page.getByRole("tab", { name: /^Kontroll/ }).click();
    dom.checks = await count();

    if (flag("verbose")) log(`      … accepted at ${Date.now() - t0} ms`);
    // (5) Lag tabeller from the pane's read: engine runs and progress.
    await page.getByRole("tab", { name: /^Tabeller/ }).click();
    dom.tables = await count();
    const aggregationsBefore = Number(await attr("data-engine-aggregations"));
    const rebuildsBefore = Number(await attr("data-engine-rebuilds"));
    const buildFrom = Date.now();
    await page.getByRole("button", { name: /^Lag tabell/ }).click();
    await page.getByText(/\d+ ark er skrevet:/).waitFor({ timeout: 600_000 });
    const buildMs = Date.now() - buildFrom;
    const buildRuns = { aggregations: Number(await attr("data-engine-aggregations")) - aggregationsBefore, rebuilds: Number(await attr("data-engine-rebuilds")) - rebuildsBefore };
    const reads = await page.evaluate(() => window.__avstemWorkbook.reads.length);

    await heap.stop();
    return {
      lines,
      inWorker,
      ready,
      keys,
      rebuildsAfterTyping,
      typingLong,
      engineMs,
      openMs,
      decisionMs,
      decisionsMs,
      acceptMs,
      clicksLong,
      dom,
      heap: { page: heap.peaks.page, worker: heap.peaks.worker, baseline, workerSeen: heap.workerSeen() },
      buildMs,
      buildRuns,
      reads,
      errors,
    };
  } finally {
    await context.close();
  }
}

const f0 = (x) => (Number.isFinite(x) ? x.toFixed(0) : "n/a");
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main() {
  const log = (s = "") => process.stdout.write(`${s}\n`);
  // --dist DIR: measure that production build as it is (say, one of an earlier commit, to compare on the same machine at the same time).
  const build = arg("dist") ? { dir: path.resolve(arg("dist")), where: `${arg("dist")}/`, note: "" } : firstRender.productionBuild({ force: flag("build-taskpane"), log });
  if (build.na) {
    log(`n/a: ${build.na}`);
    process.exit(2);
  }
  if (!fs.existsSync(CHROMIUM)) {
    log(`n/a: ${CHROMIUM} not found`);
    process.exit(2);
  }
  const { chromium } = require("playwright-core");
  const server = await serve(build.dir);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  log(`Task pane at scale — ${new Date().toISOString()}; ${build.where}taskpane.html, 360×900, in-memory workbook reading in the adapter's block sizes`);
  if (build.note) log(`  (${build.note})`);
  const results = [];
  try {
    for (const lines of SIZES) {
      log(`  ${lines.toLocaleString("en-US")} lines …`);
      const r = await measure(browser, origin, lines, log);
      results.push(r);
      const ds = r;
      log(
        `    ready (read, worker, first view) ${f0(ds.ready)} ms; engine ${ds.inWorker ? "in a Web Worker" : "ON THE PAGE (no worker)"}; last recompute in the worker ${f0(ds.engineMs)} ms`,
      );
      log(`    keystroke → paint ms: ${ds.keys.map(f0).join(" ")} (max ${f0(Math.max(...ds.keys))}); longest task while typing ${f0(ds.typingLong)} ms`);
      log(
        `    open Kategorisering ${f0(ds.openMs)} ms; one decision ${ds.decisionsMs.map(f0).join(" ")} ms (max ${f0(ds.decisionMs)}); Godta alle ${f0(ds.acceptMs)} ms; longest task over these clicks ${f0(ds.clicksLong)} ms`,
      );
      log(
        `    DOM elements: Oppsett ${ds.dom.setup}, Kontroll ${ds.dom.checks}, Kategorisering ${ds.dom.categories} (${ds.dom.categoriesAccepted} after Godta alle), Tabeller ${ds.dom.tables}`,
      );
      log(
        `    JS heap peak: page ${(ds.heap.page / MB).toFixed(0)} MB (net of the in-memory workbook's ${(ds.heap.baseline / MB).toFixed(0)} MB: ${((ds.heap.page - ds.heap.baseline) / MB).toFixed(0)} MB), engine worker ${ds.heap.workerSeen ? `${(ds.heap.worker / MB).toFixed(0)} MB` : "n/a"}`,
      );
      log(
        `    Lag tabeller from the pane's read: ${f0(ds.buildMs)} ms, engine aggregations ${ds.buildRuns.aggregations}, rebuilds ${ds.buildRuns.rebuilds}; sheet reads in all ${ds.reads}`,
      );
      if (ds.errors.length) log(`    page errors: ${ds.errors.length} (${ds.errors[0].slice(0, 160)})`);
    }
  } finally {
    await browser.close();
    await new Promise((r) => server.close(r));
  }
  const big = results.find((r) => r.lines === Math.max(...SIZES));
  if (!big) return;
  const heapTotal = (big.heap.page - big.heap.baseline + big.heap.worker) / MB;
  const domMax = Math.max(...Object.values(big.dom));
  const T = [
    ["keystroke to paint ≤ 100 ms (max of the keys)", Math.max(...big.keys) <= TARGETS.keystroke, `${f0(Math.max(...big.keys))} ms (median ${f0(median(big.keys))})`],
    ["opening Kategorisering ≤ 200 ms", big.openMs <= TARGETS.openCategories, `${f0(big.openMs)} ms`],
    ["one decision ≤ 100 ms to paint (max of the decisions)", big.decisionMs <= TARGETS.decision, `${f0(big.decisionMs)} ms (median ${f0(median(big.decisionsMs))})`],
    ["Godta alle ≤ 300 ms", big.acceptMs <= TARGETS.acceptAll, `${f0(big.acceptMs)} ms`],
    ["no long task > 200 ms while typing or clicking", Math.max(big.typingLong, big.clicksLong) <= TARGETS.longTask, `${f0(Math.max(big.typingLong, big.clicksLong))} ms`],
    ["peak JS heap ≤ 300 MB (page net + worker)", big.heap.workerSeen ? heapTotal <= TARGETS.heapMB : null, big.heap.workerSeen ? `${heapTotal.toFixed(0)} MB` : "worker heap n/a"],
    ["DOM of any step ≤ 3,000 elements", domMax <= TARGETS.dom, `${domMax}`],
    [
      "one engine run per build (no aggregation)",
      big.buildRuns.aggregations === 0 && big.buildRuns.rebuilds <= 1,
      `${big.buildRuns.aggregations} aggregations, ${big.buildRuns.rebuilds} rebuilds`,
    ],
  ];
  log();
  log(`Targets (at ${big.lines.toLocaleString("en-US")} lines):`);
  for (const [name, ok, got] of T) log(`    ${ok === null ? "n/a " : ok ? "PASS" : "MISS"}  ${name.padEnd(50)} ${got}`);
}

main().catch((e) => {
  process.stderr.write(`bench:pane: ${e.stack || e}\n`);
  process.exit(1);
});
