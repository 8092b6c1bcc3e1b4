import fc from "fast-check";
import { ByteMemo } from "./byte-memo";

/** ByteMemo against a Map of the same texts: what was set is found by its bytes, wherever they stand; nothing else is. */
describe("ByteMemo", () => {
  const bytesOf = (s: string) => Uint8Array.from(s, (ch) => ch.charCodeAt(0) & 0xff);

  it("finds each text's value by its bytes, past growth and the last-text shortcut, as a Map does", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom("set", "get", "get"),
            fc.oneof(fc.stringMatching(/^[0-9a-c]{0,4}$/), fc.stringMatching(/^[0-9]{4,10}$/), fc.stringMatching(/^[0-9a-c]{5,10}$/)),
            fc.nat(5),
            fc.integer(),
          ),
          { maxLength: 600 },
        ),
        fc.integer({ min: 1, max: 400 }),
        (ops, limit) => {
          const memo = new ByteMemo<number>(limit);
          const model = new Map<string, number>();
          for (const [op, text, pad, value] of ops) {
            // The text somewhere in a longer line of bytes.
            const line = new Uint8Array(text.length + 2 * pad).fill(59);
            line.set(bytesOf(text), pad);
            const [s, e] = [pad, pad + text.length];
            if (op === "set" && !model.has(text)) {
              expect(memo.set(line, s, e, value)).toBe(value);
              if (model.size < limit) model.set(text, value);
            } else {
              expect(memo.get(line, s, e)).toBe(model.get(text));
              expect(memo.has(line, s, e)).toBe(model.has(text));
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("keeps texts of digits apart by their length as well as their number", () => {
    const memo = new ByteMemo<string>();
    const b = bytesOf("010;10;0010;0;00;9999;99999");
    const at = (text: string): [number, number] => {
      const s = `;${"010;10;0010;0;00;9999;99999"};`.indexOf(`;${text};`);
      return [s, s + text.length];
    };
    for (const t of ["010", "10", "0010", "0", "00", "9999", "99999"]) memo.set(b, ...at(t), `v${t}`);
    for (const t of ["010", "10", "0010", "0", "00", "9999", "99999"]) expect(memo.get(b, ...at(t))).toBe(`v${t}`);
    expect(memo.has(bytesOf("100"), 0, 3)).toBe(false);
    expect(memo.get(bytesOf("1"), 0, 1)).toBeUndefined();
  });

  it("keeps an undefined value apart from a text never set", () => {
    const memo = new ByteMemo<number | undefined>();
    const b = bytesOf("2024;x");
    memo.set(b, 0, 4, undefined);
    expect(memo.has(b, 0, 4)).toBe(true);
    expect(memo.get(b, 0, 4)).toBeUndefined();
    expect(memo.has(b, 5, 6)).toBe(false);
  });
});
