import Decimal from "decimal.js";
import { decimalToOre, Ore } from "./money";

/**
 * Norwegian number texts, as finance staff type and export them. The accepted forms
 * are a small explicit table, not guesses: thousands separated by space, no-break
 * space, narrow no-break space or dots; decimal comma; minus as `-` or U+2212, or the
 * accountants' parentheses; an optional `kr` before or after.
 */

const SPACES = /[\u0020\u00a0\u202f\u2007\u2009]/;
const MINUS = /^[-\u2212\u2013]/;

/** Group forms, after sign and currency are taken off. */
const FORMS: readonly { readonly name: string; readonly pattern: RegExp; readonly group: string }[] = [
  // 1 234 567,89 (any of the space characters as separator)
  { name: "space", pattern: /^\d{1,3}(?:[\u0020\u00a0\u202f\u2007\u2009]\d{3})+(?:,\d+)?$/, group: "space" },
  // 1.234.567,89
  { name: "dot", pattern: /^\d{1,3}(?:\.\d{3})+(?:,\d+)?$/, group: "dot" },
  // 1234567,89 or 1234567
  { name: "plain", pattern: /^\d+(?:,\d+)?$/, group: "" },
];

export type ParsedAmount =
  | { readonly ok: true; readonly ore: Ore; readonly rounded: boolean }
  | { readonly ok: false; readonly reason: AmountRefusal };

/** Why a text is not an amount (Norwegian; messages.ts has the English). */
export type AmountRefusal = "tom" | "dobbelt fortegn" | "ikke et tall på norsk form" | "for stort til å regnes eksakt";

/**
 * Parse a Norwegian amount text exactly. Returns an error reason for anything
 * else (`12,34,56`, `1.2.3`, dates, words): such a cell is never taken as zero.
 */
/** The common forms in one expression, parsed with integer arithmetic: most ledger texts take this path. */
const FAST = /^(\()?(?:kr\.? ?)?([-\u2212\u2013])?(\d{1,3}(?:[\u0020\u00a0\u202f]\d{3})+|\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?(\))?$/;

function parseFast(s: string): ParsedAmount | undefined {
  const m = FAST.exec(s);
  // Parentheses must pair, and do not combine with a minus; the full path handles the rest.
  if (!m || !m[1] !== !m[5] || (m[1] && m[2])) return undefined;
  const digits = m[3].replace(/[^\d]/g, "");
  if (digits.length > 13) return undefined; // beyond this, let Decimal decide
  const ore = Number(digits) * 100 + (m[4] ? Number(m[4].padEnd(2, "0")) : 0);
  return { ok: true, ore: ((m[1] || m[2]) && ore !== 0 ? -ore : ore) as Ore, rounded: false };
}

export function parseNorwegianAmount(input: string): ParsedAmount {
  const fast = parseFast(input);
  if (fast) return fast;
  let s = input.trim();
  if (s === "") return { ok: false, reason: "tom" };
  let negative = false;
  if (s.startsWith("(") && s.endsWith(")")) {
    negative = true;
    s = s.slice(1, -1).trim();
  }
  s = s.replace(/^kr\.?\s*/i, "").replace(/\s*kr\.?$/i, "").replace(/\s*(?:,-|NOK)$/i, "").trim();
  if (MINUS.test(s)) {
    if (negative) return { ok: false, reason: "dobbelt fortegn" };
    negative = true;
    s = s.slice(1).trim();
  } else if (s.startsWith("+")) {
    s = s.slice(1).trim();
  }
  s = s.replace(/^kr\.?\s*/i, "").trim();
  const form = FORMS.find((f) => f.pattern.test(s));
  if (!form) return { ok: false, reason: "ikke et tall på norsk form" };
  const noGroups = form.group === "space" ? s.split(SPACES).join("") : form.group === "dot" ? s.split(".").join("") : s;
  const digits = noGroups.replace(",", ".");
  let d = new Decimal(digits);
  if (negative) d = d.negated();
  // Beyond what øre in a number hold exactly (±90 trillion kroner): not an amount, and never a thrown error.
  if (d.abs().times(100).greaterThan(Number.MAX_SAFE_INTEGER)) return { ok: false, reason: "for stort til å regnes eksakt" };
  const { ore, rounded } = decimalToOre(d);
  return { ok: true, ore, rounded };
}

const NBSP = "\u00a0";

/**
 * Format øre as a Norwegian amount text: `1 234 567,89` with no-break spaces,
 * `-` for negatives. `decimals` 0 rounds half away from zero to whole kroner.
 */
export function formatNorwegian(o: Ore, decimals: 0 | 2 = 0): string {
  const d = new Decimal(o).dividedBy(100).toDecimalPlaces(decimals, Decimal.ROUND_HALF_UP);
  const negative = d.isNegative() && !d.isZero();
  const [intPart, frac] = d.abs().toFixed(decimals).split(".");
  const grouped = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, NBSP);
  return (negative ? "-" : "") + grouped + (frac ? `,${frac}` : "");
}

/** Whole kroner formatted the same way (for figures already rounded). */
export function formatKroner(k: number): string {
  const negative = k < 0;
  const grouped = String(Math.abs(k)).replace(/\B(?=(\d{3})+(?!\d))/g, NBSP);
  return (negative ? "-" : "") + grouped;
}
