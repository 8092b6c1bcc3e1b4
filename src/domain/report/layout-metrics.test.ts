import fc from "fast-check";
import { wrappedLines } from "./layout-metrics";
import type { CellStyle } from "./sheet-model";

/** The rule as it was first written, with split and a regular expression: the one-pass count must agree with it. */
function byWords(text: string, width: number, style: CellStyle): number {
  const scale = ((style.fontSize ?? 11) / 11) * (style.bold ? 0.92 : 0.85);
  const capacity = Math.max(1, Math.floor((width - 1 - (style.indent ?? 0) * 2) / scale));
  let lines = 0;
  for (const paragraph of text.split("\n")) {
    let used = 0;
    lines++;
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      let w = word.length;
      const need = used === 0 ? w : used + 1 + w;
      if (need <= capacity) {
        used = need;
        continue;
      }
      if (used > 0) lines++;
      while (w > capacity) {
        w -= capacity;
        lines++;
      }
      used = w;
    }
  }
  return lines;
}

describe("wrappedLines", () => {
  it("counts the lines the word-by-word rule counts, for any text, width and style", () => {
    const char = fc.constantFrom("a", "b", "Æ", "ø", "1", "-", ".", " ", " ", "\n", "\r", "\t", "\u00a0", "\u2003", "\u2028", "\u3000", "\ufeff", "\u200b", "😀");
    fc.assert(
      fc.property(
        fc.array(char, { maxLength: 200 }).map((cs) => cs.join("")),
        fc.integer({ min: 1, max: 80 }),
        fc.record({ bold: fc.boolean(), fontSize: fc.constantFrom(undefined, 9, 11, 14), indent: fc.constantFrom(undefined, 0, 1, 3) }),
        (text, width, style) => {
          expect(wrappedLines(text, width, style)).toBe(byWords(text, width, style));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("wraps a long label over the lines it needs", () => {
    // Ten characters a line at width 10: "Utbygging av" (12) does not fit one, "av skole" does.
    expect(wrappedLines("Utbygging av skole", 10, {})).toBe(2);
    // A word longer than a line breaks inside it: 22 characters take three lines of ten.
    expect(wrappedLines("Investeringsprosjektet", 10, {})).toBe(3);
    expect(wrappedLines("Kort", 10, {})).toBe(1);
    expect(wrappedLines("A\nB\n\nC", 40, {})).toBe(4);
  });
});
