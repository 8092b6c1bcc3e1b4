import fc from "fast-check";
import Papa from "papaparse";
import { detectDelimiter, guessLineEndings } from "./csv";
import { asciiOnly, validUtf8 } from "./text-decode";

/** papaparse's guessLineEndings as it splits the text, word for word: the counting version must answer the same. */
function guessBySplitting(input: string): string {
  const text = input.replace(/"([^]*?)"/gm, "");
  const r = text.split("\r");
  const n = text.split("\n");
  const nAppearsFirst = n.length > 1 && (n[0]?.length ?? 0) < (r[0]?.length ?? 0);
  if (r.length === 1 || nAppearsFirst) return "\n";
  let numWithN = 0;
  for (const part of r) if (part.startsWith("\n")) numWithN++;
  return numWithN >= r.length / 2 ? "\r\n" : "\r";
}

describe("guessLineEndings counts the line breaks as papaparse splits at them", () => {
  const piece = fc.constantFrom("\r", "\n", "\r\n", "\n\r", '"', '"\r\n"', "a", ";", "x\ry", "");
  it("for texts of line breaks of every kind, quotes and text", () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
        const text = parts.join("");
        expect(guessLineEndings(text)).toBe(guessBySplitting(text));
      }),
      { numRuns: 20000 },
    );
  });
  it.each(["", "a", "\n", "\r", "\r\n", "a;b\r\nc;d\r\n", "a\rb\rc\n", '"x\ny"\r\na\r\n', "\na\rb", "\r\na\rb\rc"])("%j, as papaparse itself guesses it", (text) => {
    expect(guessLineEndings(text)).toBe(guessBySplitting(text));
    // papaparse's own guess, where its parser reports it (a text with a line break).
    if (/[\r\n]/.test(text)) expect(Papa.parse(text).meta.linebreak).toBe(guessBySplitting(text));
  });
});

/** detectDelimiter as it was written first: papaparse's preview over the whole text, for each delimiter. */
function delimiterFromWholeText(text: string, newline: "\n" | "\r" | "\r\n"): string {
  let best = { delimiter: ";", lines: 0, fields: 0 };
  for (const delimiter of [";", "\t", ",", "|"]) {
    const sample = Papa.parse<string[]>(text, { delimiter, newline, preview: 100, skipEmptyLines: true }).data;
    const counts = new Map<number, number>();
    for (const row of sample) if (row.length > 1) counts.set(row.length, (counts.get(row.length) ?? 0) + 1);
    for (const [fields, lines] of counts) if (lines > best.lines || (lines === best.lines && fields > best.fields)) best = { delimiter, lines, fields };
  }
  return best.delimiter;
}

describe("detectDelimiter reads only what papaparse's preview reads", () => {
  const field = fc.constantFrom("", "a", "1 234,50", "010", "x,y", "p|q", "t\tu", "Sum", '"q;r"', "æøå");
  const line = fc.array(field, { minLength: 0, maxLength: 6 }).chain((fields) => fc.constantFrom(";", "\t", ",", "|").map((d) => fields.join(d)));
  it("the same delimiter as papaparse over the whole text, for texts of 0 to 400 lines, with and without quotes", () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 400 }), fc.constantFrom("\n", "\r\n", "\r"), fc.boolean(), (lines, eol, quoteFree) => {
        const text = (quoteFree ? lines.map((l) => l.replace(/"/g, "")) : lines).join(eol);
        const newline = guessLineEndings(text);
        expect(detectDelimiter(text, newline)).toBe(delimiterFromWholeText(text, newline));
      }),
      { numRuns: 3000 },
    );
  });
  // Runs of lines of one form, so that which form wins turns on the lines near the hundredth; a
  // quoted field may hold line breaks (then the records are not the lines).
  const run = fc.record({
    delimiter: fc.constantFrom(";", "\t", ",", "|"),
    fields: fc.integer({ min: 2, max: 5 }),
    count: fc.integer({ min: 1, max: 90 }),
    quotedBreaks: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 40 })),
  });
  it("the same delimiter as papaparse over the whole text, where the lines near the hundredth decide", () => {
    fc.assert(
      fc.property(fc.array(run, { minLength: 1, maxLength: 5 }), fc.constantFrom("\n", "\r\n"), (runs, eol) => {
        const lines: string[] = [];
        for (const r of runs)
          for (let i = 0; i < r.count; i++) {
            const cells = Array.from({ length: r.fields }, (_, k) => `v${k}`);
            if (r.quotedBreaks > 0 && i === 0) cells[0] = `"${Array.from({ length: r.quotedBreaks }, () => "x").join(eol)}"`;
            lines.push(cells.join(r.delimiter));
          }
        const text = lines.join(eol);
        expect(detectDelimiter(text, eol)).toBe(delimiterFromWholeText(text, eol));
      }),
      { numRuns: 3000 },
    );
  });
  it("a long quote-free text whose lines change form past the preview", () => {
    const head = Array.from({ length: 102 }, (_, i) => `125;Drift;${i};1,5`);
    const tail = Array.from({ length: 5000 }, () => "a,b,c,d,e,f");
    for (const eol of ["\n", "\r\n"] as const) {
      const text = [...head, ...tail].join(eol);
      expect(detectDelimiter(text, eol)).toBe(delimiterFromWholeText(text, eol));
      expect(detectDelimiter(text, eol)).toBe(";");
    }
  });
});

describe("the byte checks", () => {
  it("asciiOnly and validUtf8 as the bytes say, whatever their length", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
        expect(asciiOnly(b)).toBe(b.every((x) => x < 0x80));
        let utf8 = true;
        try {
          new TextDecoder("utf-8", { fatal: true }).decode(b);
        } catch {
          utf8 = false;
        }
        expect(validUtf8(b)).toBe(utf8);
      }),
      { numRuns: 2000 },
    );
    expect(asciiOnly(Buffer.from("Kapittel;Del;Art\n", "latin1"))).toBe(true);
    expect(asciiOnly(Buffer.from("Bel\u00f8p", "utf8"))).toBe(false);
  });
});
