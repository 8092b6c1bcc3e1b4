"use strict";
/**
 * This process's peak resident memory in bytes: VmHWM from /proc/self/status on Linux.
 *
 * Not process.resourceUsage().maxRSS: on Linux, getrusage's ru_maxrss survives fork and exec,
 * so a child started by a large parent reports at least the parent's size at the fork (the bench
 * once read 382 MB for a 10,000-line run that peaked at 110 MB, because the bench process had just
 * generated the 1,048,576-row .xlsx). VmHWM is the peak of this program's own memory since its exec.
 * Elsewhere (no /proc), maxRSS is all there is.
 */
const fs = require("fs");

function peakRss() {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(fs.readFileSync("/proc/self/status", "utf8"));
    if (m) return Number(m[1]) * 1024;
  } catch {
    // no /proc: below
  }
  return process.resourceUsage().maxRSS * 1024;
}

module.exports = { peakRss };
