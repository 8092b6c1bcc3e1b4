import { readFileSync } from "fs";
import { join } from "path";
import { FINDING_CODES } from "../src/domain/findings";
import { group } from "../src/domain/at";

/**
 * docs/checks.md lists every finding code with its severity, one table row each:
 * `| \`CODE\` | severity | raised when | points at |`. The codes are read from the code at
 * test time, so a code added to FINDING_CODES without a row in the doc fails here.
 */
const doc = readFileSync(join(__dirname, "..", "docs", "checks.md"), "utf8");

/** code → severity, from the doc's table rows. */
const documented = new Map<string, string>();
for (const line of doc.split(/\r?\n/)) {
  const m = /^\|\s*`([A-Z0-9_]+)`\s*\|\s*([a-z]+)\s*\|/.exec(line);
  if (m) documented.set(group(m, 1), group(m, 2));
}

describe("docs/checks.md", () => {
  const codes = Object.keys(FINDING_CODES) as (keyof typeof FINDING_CODES)[];

  it("has a row for every FINDING_CODES key", () => {
    const missing = codes.filter((c) => !documented.has(c));
    expect(missing).toEqual([]);
  });

  it("gives each code the severity FINDING_CODES gives it", () => {
    const wrong = codes.filter((c) => documented.has(c) && documented.get(c) !== FINDING_CODES[c]).map((c) => `${c}: doc ${documented.get(c)}, code ${FINDING_CODES[c]}`);
    expect(wrong).toEqual([]);
  });

  it("lists no code that FINDING_CODES does not have", () => {
    const stale = [...documented.keys()].filter((c) => !(c in FINDING_CODES));
    expect(stale).toEqual([]);
  });
});
