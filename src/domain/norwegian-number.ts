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
const TRAILING_MINUS = /[-\u2212\u2013]$/;

/**
 * A column's number form: Norwegian (space or dot thousands, decimal comma) or English
 * (comma thousands, decimal point), as an en-US export writes `1,234,567.89`.
 */
export type NumberForm = "nb" | "en";

/** Group forms, after sign and currency are taken off. */
const FORMS: Record<NumberForm, readonly { readonly pattern: RegExp; readonly group: "space" | "dot" | "comma" | "" }[]> = {
  nb: [
    // 1 234 567,89 (any of the space characters as separator)
    { pattern: /^\d{1,3}(?:[\u0020\u00a0\u202f\u2007\u2009]\d{3})+(?:,\d+)?$/, group: "space" },
    // 1.234.567,89
    { pattern: /^\d{1,3}(?:\.\d{3})+(?:,\d+)?$/, group: "dot" },
    // 1234567,89 or 1234567
    { pattern: /^\d+(?:,\d+)?$/, group: "" },
  ],
  en: [
    { pattern: /^\d{1,3}(?:[\u0020\u00a0\u202f\u2007\u2009]\d{3})+(?:\.\d+)?$/, group: "space" },
    // 1,234,567.89
    { pattern: /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/, group: "comma" },
    // 1234567.89 or 1234567
    { pattern: /^\d+(?:\.\d+)?$/, group: "" },
  ],
};

export type ParsedAmount = { readonly ok: true; readonly ore: Ore; readonly rounded: boolean } | { readonly ok: false; readonly reason: AmountRefusal };

/** Why a text is not an amount (Norwegian; messages.ts has the English). */
export type AmountRefusal = "tom" | "dobbelt fortegn" | "ikke et tall på norsk form" | "ikke et tall på engelsk form" | "for stort til å regnes eksakt";

/** The common Norwegian forms in one expression, parsed with integer arithmetic: most ledger texts take this path. */
const FAST = /^(\()?(?:kr\.? ?)?([-\u2212\u2013])?(\d{1,3}(?:[\u0020\u00a0\u202f]\d{3})+|\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?(\))?$/;

/**
 * The commonest ledger texts without a regular expression: an optional `-`, digits (plain, or
 * grouped by threes with a space, no-break space or narrow no-break space), an optional decimal
 * comma with one or two digits; at most 13 digits before the comma. Exact integer øre, or
 * undefined for anything else (the caller then takes the full path). Every text it accepts,
 * FAST accepts with the same amount.
 */
export function scanCommonAmount(s: string): number | undefined {
  // A ledger's amount is read twice in a row, for its column's number form and for its sum: the second time is answered from the first.
  if (s === lastScanned) return lastScan;
  const ore = scanCommonAmountOf(s);
  lastScanned = s;
  lastScan = ore;
  return ore;
}

let lastScanned: string | undefined;
let lastScan: number | undefined;

function scanCommonAmountOf(s: string): number | undefined {
  const n = s.length;
  let i = 0;
  let negative = false;
  if (n === 0) return undefined;
  if (s.charCodeAt(0) === 45 /* - */) {
    negative = true;
    i = 1;
  }
  let kroner = 0;
  let digits = 0;
  let group = -1; // digits since the last group separator; -1 while there has been none
  let first = -1; // digits before the first separator
  for (; i < n; i++) {
    const ch = s.charCodeAt(i);
    if (ch >= 48 && ch <= 57) {
      kroner = kroner * 10 + (ch - 48);
      digits++;
      if (group >= 0) group++;
      continue;
    }
    if (ch === 32 || ch === 0xa0 || ch === 0x202f) {
      // A separator: after 1-3 digits first, then after exactly three each time.
      if (group < 0) {
        if (digits === 0 || digits > 3) return undefined;
        first = digits;
      } else if (group !== 3) return undefined;
      group = 0;
      continue;
    }
    break;
  }
  if (digits === 0 || digits > 13 || (group >= 0 && group !== 3) || first === 0) return undefined;
  let ore = kroner * 100;
  if (i < n) {
    if (s.charCodeAt(i) !== 44 /* , */) return undefined;
    const rest = n - i - 1;
    if (rest < 1 || rest > 2) return undefined;
    const d1 = s.charCodeAt(i + 1) - 48;
    const d2 = rest === 2 ? s.charCodeAt(i + 2) - 48 : 0;
    if (d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return undefined;
    ore += d1 * 10 + d2;
  }
  return negative && ore !== 0 ? -ore : ore;
}

/**
 * scanCommonAmount for a field given as bytes (ByteLine), `b[s]` up to `b[e]`: the same øre for
 * the same text, or undefined. It accepts ASCII bytes only (digits, `-`, space, `,`), which
 * decode to themselves in UTF-8 and Windows-1252, so whatever it accepts, scanCommonAmount
 * accepts alike from the decoded text; a no-break space or any other byte above 127 gives
 * undefined (the caller then reads the text).
 */
export function scanCommonAmountBytes(b: Uint8Array, s: number, e: number): number | undefined {
  let i = s;
  let negative = false;
  if (e <= s) return undefined;
  if (b[i] === 45 /* - */) {
    negative = true;
    i++;
  }
  let kroner = 0;
  let digits = 0;
  let group = -1;
  let first = -1;
  for (; i < e; i++) {
    const ch = b[i]!;
    if (ch >= 48 && ch <= 57) {
      kroner = kroner * 10 + (ch - 48);
      digits++;
      if (group >= 0) group++;
      continue;
    }
    if (ch === 32) {
      if (group < 0) {
        if (digits === 0 || digits > 3) return undefined;
        first = digits;
      } else if (group !== 3) return undefined;
      group = 0;
      continue;
    }
    break;
  }
  if (digits === 0 || digits > 13 || (group >= 0 && group !== 3) || first === 0) return undefined;
  let ore = kroner * 100;
  if (i < e) {
    if (b[i] !== 44 /* , */) return undefined;
    const rest = e - i - 1;
    if (rest < 1 || rest > 2) return undefined;
    const d1 = b[i + 1]! - 48;
    const d2 = rest === 2 ? b[i + 2]! - 48 : 0;
    if (d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return undefined;
    ore += d1 * 10 + d2;
  }
  return negative && ore !== 0 ? -ore : ore;
}

function parseFast(s: string): ParsedAmount | undefined {
  const scanned = scanCommonAmount(s);
  if (scanned !== undefined) return { ok: true, ore: scanned as Ore, rounded: false };
  const m = FAST.exec(s);
  // Parentheses must pair, and do not combine with a minus; the full path handles the rest.
  if (!m || !m[1] !== !m[5] || (m[1] && m[2])) return undefined;
  const digits = (m[3] ?? "").replace(/[^\d]/g, "");
  if (digits.length > 13) return undefined; // beyond this, let Decimal decide
  const ore = Number(digits) * 100 + (m[4] ? Number(m[4].padEnd(2, "0")) : 0);
  return { ok: true, ore: ((m[1] || m[2]) && ore !== 0 ? -ore : ore) as Ore, rounded: false };
}

/**
 * Parse a Norwegian amount text exactly. Returns an error reason for anything
 * else (`12,34,56`, `1.2.3`, dates, words): such a cell is never taken as zero.
 */
export function parseNorwegianAmount(input: string): ParsedAmount {
  return parseAmountText(input, "nb");
}

/**
 * Parse an amount text in the given number form: thousands grouped as the form allows,
 * its decimal separator; a sign before (`-`, `−`) or after (`1 234,50-`, as ERP exports
 * write it), or the accountants' parentheses; `kr` or `NOK` before or after.
 */
export function parseAmountText(input: string, form: NumberForm): ParsedAmount {
  if (form === "nb") {
    const fast = parseFast(input);
    if (fast) return fast;
  }
  return parseAmountTextFull(input, form);
}

/** parseAmountText by the full rules alone, without the fast paths (the tests compare the two). */
export function parseAmountTextFull(input: string, form: NumberForm): ParsedAmount {
  let s = input.trim();
  if (s === "") return { ok: false, reason: "tom" };
  let negative = false;
  if (s.startsWith("(") && s.endsWith(")")) {
    negative = true;
    s = s.slice(1, -1).trim();
  }
  s = stripCurrency(s);
  if (form === "nb") s = s.replace(/,-$/, "").trim();
  if (MINUS.test(s)) {
    if (negative) return { ok: false, reason: "dobbelt fortegn" };
    negative = true;
    s = s.slice(1).trim();
  } else if (TRAILING_MINUS.test(s) && /[^-\u2212\u2013\s][-\u2212\u2013]$/.test(s)) {
    if (negative) return { ok: false, reason: "dobbelt fortegn" };
    negative = true;
    s = s.slice(0, -1).trim();
  } else if (s.startsWith("+")) {
    s = s.slice(1).trim();
  }
  s = stripCurrency(s);
  if (form === "nb") s = s.replace(/,-$/, "").trim();
  const spec = FORMS[form].find((f) => f.pattern.test(s));
  if (!spec) return { ok: false, reason: form === "nb" ? "ikke et tall på norsk form" : "ikke et tall på engelsk form" };
  const noGroups = spec.group === "space" ? s.split(SPACES).join("") : spec.group === "dot" ? s.split(".").join("") : spec.group === "comma" ? s.split(",").join("") : s;
  const digits = form === "nb" ? noGroups.replace(",", ".") : noGroups;
  let d = new Decimal(digits);
  if (negative) d = d.negated();
  // Beyond what øre in a number hold exactly (±90 trillion kroner): not an amount, and never a thrown error.
  if (d.abs().times(100).greaterThan(Number.MAX_SAFE_INTEGER)) return { ok: false, reason: "for stort til å regnes eksakt" };
  const { ore, rounded } = decimalToOre(d);
  return { ok: true, ore, rounded };
}

function stripCurrency(s: string): string {
  return s
    .replace(/^(?:kr\.?|nok)\s*/i, "")
    .replace(/\s*(?:kr\.?|nok)$/i, "")
    .trim();
}

/**
 * What one text says about its column's number form: readable in one form only, the
 * same amount in both (`1 234`, `-500`), two different amounts (`232,502` is 232,502 kr
 * in Norwegian and 232 502 kr in English; `1.234` the other way round), or neither.
 */
export type FormEvidence = "nb" | "en" | "same" | "ambiguous" | "none";

export function formEvidence(text: string): FormEvidence {
  // No separator: both forms read the digits alike (or both refuse the text).
  const comma = text.indexOf(",");
  if (comma < 0 && text.indexOf(".") < 0) return "same";
  // The common Norwegian text (`1 234,50`, `-1234,5`): a decimal comma with one or two digits is never English.
  if (comma >= 0 && (scanCommonAmount(text) !== undefined || FAST.test(text))) return "nb";
  const nb = parseAmountText(text, "nb");
  const en = parseAmountText(text, "en");
  if (nb.ok && en.ok) return nb.ore === en.ore ? "same" : "ambiguous";
  if (nb.ok) return "nb";
  if (en.ok) return "en";
  return "none";
}

const NBSP = "\u00a0";

/**
 * Format øre as a Norwegian amount text: `1 234 567,89` with no-break spaces,
 * `-` for negatives. `decimals` 0 rounds half away from zero to whole kroner.
 */
export function formatNorwegian(o: Ore, decimals: 0 | 2 = 0): string {
  const d = new Decimal(o).dividedBy(100).toDecimalPlaces(decimals, Decimal.ROUND_HALF_UP);
  const negative = d.isNegative() && !d.isZero();
  const [intPart = "", frac] = d.abs().toFixed(decimals).split(".");
  const grouped = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, NBSP);
  return (negative ? "-" : "") + grouped + (frac ? `,${frac}` : "");
}

/** Whole kroner formatted the same way (for figures already rounded). */
export function formatKroner(k: number): string {
  const negative = k < 0;
  const grouped = String(Math.abs(k)).replace(/\B(?=(\d{3})+(?!\d))/g, NBSP);
  return (negative ? "-" : "") + grouped;
}
