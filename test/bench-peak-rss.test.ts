import { execFileSync } from "child_process";
import { existsSync } from "fs";
import { join } from "path";

/**
 * The bench's peak memory figures (scripts/bench/peak-rss.js): a child's own peak, not the size
 * of the process that started it. getrusage's maxRSS keeps the parent's size across fork and exec
 * on Linux, which once made a 110 MB run print 382 MB.
 */
const peakRssModule = join(__dirname, "..", "scripts", "bench", "peak-rss.js");
const onLinux = existsSync("/proc/self/status");

(onLinux ? test : test.skip)("a child started by a large process reports its own peak, not the parent's", () => {
  const MB = 1024 * 1024;
  // The parent (this process) holds 400 MB more than a bare Node child ever uses, touched so it is resident.
  const big = Buffer.alloc(400 * MB, 1);
  const child = (expr: string) => Number(execFileSync(process.execPath, ["-e", `process.stdout.write(String(${expr}))`], { encoding: "utf8" }));
  const parentSize = process.memoryUsage().rss;
  const inherited = child("process.resourceUsage().maxRSS * 1024");
  const own = child(`require(${JSON.stringify(peakRssModule)}).peakRss()`);
  expect(big[big.length - 1]).toBe(1);
  // What the bench used to print: at least the parent's size (the reason for peak-rss.js).
  expect(inherited).toBeGreaterThan(Math.min(parentSize, 400 * MB));
  // What it prints now: a bare Node process, far below the parent's 400 MB.
  expect(own).toBeGreaterThan(10 * MB);
  expect(own).toBeLessThan(150 * MB);
});
