import fc from "fast-check";
import Papa from "papaparse";
import { guessLineEndings } from "./csv";

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
