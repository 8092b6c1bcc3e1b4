"use strict";
/**
 * The floor for reading a ledger export in Node: reads Regnskap.csv's bytes and sums the
 * amount column (integer øre, "1234,56" / "1 234,56") by part, art and year, with no
 * checks, no findings, no quoting rules and no report. Prints one JSON line.
 * Usage: node scripts/bench/bytescan.js <dir with Regnskap.csv>
 */
const fs = require("fs");
const path = require("path");

const t0 = process.hrtime.bigint();
const b = fs.readFileSync(path.join(process.argv[2], "Regnskap.csv"));
const sums = new Map();
let lines = 0;
let i = b.indexOf(10) + 1; // after the header
const n = b.length;
while (i < n) {
  // Fields: Kapittel;Del;Art;Prosjekt;Bilag;Tekst;År;Beløp
  let field = 0;
  let partByte = 0;
  let art = 0;
  let year = 0;
  let ore = 0;
  let neg = false;
  let inQuote = false;
  for (; i < n; i++) {
    const c = b[i];
    if (c === 34) inQuote = !inQuote;
    else if (inQuote) continue;
    else if (c === 59) field++;
    else if (c === 10) break;
    else if (field === 1) partByte ||= c;
    else if (field === 2 && c >= 48 && c <= 57 && art < 100) art = art * 10 + (c - 48);
    else if (field === 6 && c >= 48 && c <= 57) year = year * 10 + (c - 48);
    else if (field === 7) {
      if (c === 45) neg = true;
      else if (c >= 48 && c <= 57) ore = ore * 10 + (c - 48);
    }
  }
  i++;
  lines++;
  const key = partByte * 1e7 + art * 1e4 + year;
  sums.set(key, (sums.get(key) ?? 0) + (neg ? -ore : ore));
}
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
const ru = process.resourceUsage();
process.stdout.write(JSON.stringify({ lines, groups: sums.size, ms, maxRSS: require("./peak-rss").peakRss(), cpuMs: (ru.userCPUTime + ru.systemCPUTime) / 1000 }) + "\n");
