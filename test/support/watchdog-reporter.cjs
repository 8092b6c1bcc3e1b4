/**
 * A jest reporter that turns a hung test run into a failed one that names the file.
 *
 * Jest's testTimeout stops a waiting test, not one that never yields (a synchronous loop,
 * a child process that never exits): such a file would hold its worker, and the run, until
 * CI's own limit kills it without saying where. This reporter runs in jest's main process,
 * whose timers still fire while a worker is stuck:
 * - a file running longer than AVSTEM_TEST_FILE_WARN_MIN minutes (default 5) is named on stderr,
 *   once, with how long it has run (the whole suite takes about 5 minutes here);
 * - when the run passes AVSTEM_TEST_LIMIT_MIN minutes (default 20, within CI's 30), the files
 *   still running are named, the workers are stopped and jest exits with 1.
 * It needs jest's workers (the whole suite always runs with them): a run in band, where the
 * stuck test is in the main process itself, has no timer left to fire.
 */
const { execFileSync } = require("child_process");

const minutes = (name, def) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : def;
};

/** The processes below `pid`, children before their own children (pgrep -P, level by level). */
function descendants(pid) {
  const found = [];
  for (let level = [pid]; level.length > 0;) {
    const next = [];
    for (const parent of level) {
      let out = "";
      try {
        out = execFileSync("pgrep", ["-P", String(parent)], { encoding: "utf8" });
      } catch {
        // pgrep exits 1 when the process has no child.
      }
      for (const line of out.split("\n")) if (line.trim()) next.push(Number(line));
    }
    found.push(...next);
    level = next;
  }
  return found;
}

class WatchdogReporter {
  constructor() {
    this.running = new Map(); // test file → start time (ms)
    this.warned = new Set();
    this.started = Date.now();
    this.warnMs = minutes("AVSTEM_TEST_FILE_WARN_MIN", 5) * 60_000;
    this.limitMs = minutes("AVSTEM_TEST_LIMIT_MIN", 20) * 60_000;
  }

  onRunStart() {
    this.started = Date.now();
    this.timer = setInterval(() => this.look(), 15_000);
    this.timer.unref();
  }

  onTestStart(test) {
    this.running.set(test.path, Date.now());
  }

  onTestResult(test) {
    this.running.delete(test.path);
  }

  onRunComplete() {
    clearInterval(this.timer);
  }

  look() {
    const now = Date.now();
    const list = () => [...this.running].map(([file, t]) => `  ${file} (${Math.round((now - t) / 1000)} s)`).join("\n");
    for (const [file, t] of this.running) {
      if (now - t > this.warnMs && !this.warned.has(file)) {
        this.warned.add(file);
        process.stderr.write(`\nwatchdog: ${file} has run ${Math.round((now - t) / 1000)} s\n`);
      }
    }
    if (now - this.started > this.limitMs) {
      process.stderr.write(
        `\nwatchdog: the test run passed ${this.limitMs / 60_000} minutes; still running:\n${list() || "  (no file: jest is waiting on something after the tests)"}\n`,
      );
      // The workers and every process below them (a LibreOffice a test started would otherwise
      // outlive jest, keep CI's output pipe open and hold the step after all).
      for (const pid of descendants(process.pid)) {
        try {
          process.kill(pid, "SIGTERM");
        } catch {
          // already gone
        }
      }
      process.exit(1);
    }
  }
}

module.exports = WatchdogReporter;
