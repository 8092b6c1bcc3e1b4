import fc from "fast-check";
import { isTotalLabel } from "./aggregate";
import { type CellValue, isBlank } from "./cells";
import { FindingSink } from "./finding-sink";
import { parsePart, readAmount } from "./input";
import { normaliseName } from "./layout";
import type { Ore } from "./money";
import { parseAmountText, parseAmountTextFull, type ParsedAmount, scanCommonAmount, scanCommonAmountBytes } from "./norwegian-number";

/**
 * The per-line shortcuts of a ledger's reading (first and last characters before a regular
 * expression, scanCommonAmount before the full amount rules, a few remembered Del texts) must
 * answer exactly as the rules they stand in front of: each is compared here with those rules.
 */

// isTotalLabel and isBlank as they were before their shortcuts, word for word.
const MAYBE_TOTAL = /sum|tot|i\s+alt/i;
const TOTAL_WORDS = new Set(["sum", "total", "totalt", "totalsum", "subtotal", "delsum", "sluttsum", "i alt", "grand total", "sum totalt", "sum i alt", "totalt sum"]);
const TOTAL_FIRST = new Set(["sum", "delsum", "subtotal", "total", "totalt", "totalsum"]);
const TOTAL_LAST = new Set(["total", "totalt", "sum"]);
function isTotalLabelFull(text: string): boolean {
  if (text.length > 60 || !MAYBE_TOTAL.test(text)) return false;
  const t = text.trim().toLowerCase().replace(/\s+/g, " ");
  if (TOTAL_WORDS.has(t) || t.endsWith(" i alt")) return true;
  const words = t.split(" ");
  return words.length > 1 && (TOTAL_FIRST.has(words[0]!) || TOTAL_LAST.has(words[words.length - 1]!));
}
function isBlankFull(v: CellValue | undefined): boolean {
  return v === null || v === undefined || (typeof v === "string" && v.trim() === "");
}

const SPACES = [" ", "\u00a0", "\u202f", "\u2009", "\u2007", "\t", "\n", "\r", "\u3000", "\ufeff", "\u2028"];

describe("isTotalLabel's first-and-last-character test refuses no label", () => {
  const word = fc.constantFrom(
    "sum",
    "Sum",
    "SUM",
    "tot",
    "Totalt",
    "TOTAL",
    "total",
    "i",
    "I",
    "İ",
    "alt",
    "ALT",
    "delsum",
    "Subtotal",
    "grand",
    "Grand",
    "sluttsum",
    "010",
    "art",
    "Drift",
    "x",
    "Ø",
    "ſum",
    "K",
    "-",
    ".",
    ":",
  );
  const space = fc.constantFrom(...SPACES);
  const label = fc
    .tuple(fc.array(space, { maxLength: 2 }), fc.array(fc.tuple(word, fc.array(space, { minLength: 1, maxLength: 2 })), { maxLength: 4 }), word, fc.array(space, { maxLength: 2 }))
    .map(([lead, parts, last, trail]) => lead.join("") + parts.map(([w, s]) => w + s.join("")).join("") + last + trail.join(""));
  it("for texts made of total words, other words and every kind of space", () => {
    fc.assert(
      fc.property(fc.oneof(label, fc.string(), fc.string({ unit: "grapheme", maxLength: 12 })), (s) => {
        expect(isTotalLabel(s)).toBe(isTotalLabelFull(s));
      }),
      { numRuns: 20000 },
    );
  });
  it.each([
    "Sum",
    " sum ",
    "Totalt",
    "010 Totalt",
    "Sum art 010",
    "Grand Total",
    "I alt",
    "Drift i alt",
    "sum\u00a0totalt",
    "\u00a0Sum",
    "Sum\u00a0",
    "Kurs og konferanser",
    "2024",
    "-153,37",
    "",
    " ",
    "İ alt",
    "Delsum:",
    "(Sum)",
  ])("%j", (s) => expect(isTotalLabel(s)).toBe(isTotalLabelFull(s)));
});

describe("isBlank's first-character test", () => {
  it("answers as trim() for any text", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(fc.constantFrom(...SPACES, "a", "0", "#")).map((a) => a.join("")),
        ),
        (s) => {
          expect(isBlank(s)).toBe(isBlankFull(s));
        },
      ),
      { numRuns: 20000 },
    );
    for (const v of [null, undefined, 0, 1, true, false, { kind: "error", code: "#N/A" } as const, { kind: "date", serial: 1 } as const]) expect(isBlank(v)).toBe(isBlankFull(v));
  });
});

// Amount texts as ledgers write them, and near misses: signs before and after, parentheses, kr, spaces of every width, both decimal marks.
const amountText = fc
  .tuple(
    fc.constantFrom("", "", "", "-", "\u2212", "+", "(", "kr ", " "),
    fc.array(fc.constantFrom("0", "1", "2", "5", "9", "0", "7"), { minLength: 0, maxLength: 16 }),
    fc.array(fc.constantFrom(" ", "\u00a0", "\u202f", "\u2009", ".", ",", "", "", "", ""), { minLength: 16, maxLength: 16 }),
    fc.constantFrom("", "", ",5", ",50", ",05", ",123", ".56", ",", ",-", "-", ")", " kr", " ", "\u2212", "e3"),
  )
  .map(([pre, digits, seps, post]) => pre + digits.map((d, i) => d + (i < digits.length - 1 ? seps[i] : "")).join("") + post);

/** A parse with -0 written as 0: the full rules give -0 for `-0,00` where the shortcuts give 0, the same amount in every sum and text. */
const zeroed = (p: ParsedAmount): ParsedAmount => (p.ok ? { ...p, ore: (p.ore + 0) as Ore } : p);

describe("scanCommonAmount, the ledger's shortcut, agrees with the full amount rules", () => {
  it("every text it reads, the full rules read to the same øre, unrounded; parseAmountText is the full rules", () => {
    fc.assert(
      fc.property(fc.oneof(amountText, fc.string({ maxLength: 12 })), (s) => {
        const full = zeroed(parseAmountTextFull(s, "nb"));
        const scanned = scanCommonAmount(s);
        if (scanned !== undefined) expect(full).toEqual({ ok: true, ore: scanned, rounded: false });
        expect(zeroed(parseAmountText(s, "nb"))).toEqual(full);
      }),
      { numRuns: 20000 },
    );
  });

  it.each([
    "1 234,56",
    "1\u00a0234,56",
    "1\u202f234,56",
    "-1 234,5",
    "1 234,56-",
    "(1 234,56)",
    "1,234.56",
    "1 234",
    "12 34",
    "-0,00",
    "0",
    "-0",
    "1234567890123",
    "12345678901234",
    "1.234,56",
    ",5",
    "5,",
  ])("%j", (s) => {
    const scanned = scanCommonAmount(s);
    const full = zeroed(parseAmountTextFull(s, "nb"));
    if (scanned !== undefined) expect(full).toEqual({ ok: true, ore: scanned, rounded: false });
    expect(zeroed(parseAmountText(s, "nb"))).toEqual(full);
  });

  it("scanCommonAmountBytes, on a text's UTF-8 or Windows-1252 bytes, gives scanCommonAmount's øre, or undefined for a text beyond ASCII", () => {
    const utf8 = new TextEncoder();
    fc.assert(
      fc.property(fc.oneof(amountText, fc.string({ maxLength: 12 }), fc.stringMatching(/^[-\d ,.\u00a0]{0,10}$/)), fc.nat(3), (s, pad) => {
        const ascii = [...s].every((ch) => ch.charCodeAt(0) < 128);
        for (const bytes of [utf8.encode(s), ...([...s].some((ch) => ch.charCodeAt(0) > 255) ? [] : [Uint8Array.from(s, (ch) => ch.charCodeAt(0))])]) {
          // The field anywhere in a line's bytes.
          const line = new Uint8Array(bytes.length + 2 * pad).fill(59);
          line.set(bytes, pad);
          const scanned = scanCommonAmountBytes(line, pad, pad + bytes.length);
          expect(scanned).toBe(ascii ? scanCommonAmount(s) : undefined);
        }
      }),
      { numRuns: 20000 },
    );
  });

  it("readAmount gives scanCommonAmount's øre and no finding in a column read as Norwegian or of unknown form (the ledger's Beløp shortcut)", () => {
    fc.assert(
      fc.property(amountText, fc.constantFrom("nb", "unknown") as fc.Arbitrary<"nb" | "unknown">, (s, form) => {
        const scanned = scanCommonAmount(s);
        if (scanned === undefined) return;
        const sink = new FindingSink();
        expect(readAmount(s, "Regnskap", "H2", sink, "amount", { form, header: "Beløp" })).toEqual({ ok: true, ore: scanned, rounded: false });
        expect(sink.findings(() => "")).toEqual([]);
      }),
      { numRuns: 20000 },
    );
  });
});

describe("parsePart's remembered texts", () => {
  it("answer as the Del rules, whatever order the texts come in", () => {
    const texts = ["Drift", "drift", " Drift ", "DRIFT", "D", "Investering", "investering", "Inv", "I", "i", "x", "", " ", "Drift\u00a0", "Investering "];
    const rule = (v: string): string | null | undefined => {
      if (v.trim() === "") return undefined;
      const s = normaliseName(v);
      return s === "drift" || s === "d" ? "drift" : s === "investering" || s === "i" || s === "inv" ? "investering" : null;
    };
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...texts), { maxLength: 40 }), (seq) => {
        for (const v of seq) expect(parsePart(v)).toBe(rule(v));
      }),
    );
  });
});
