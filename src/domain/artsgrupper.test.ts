import fc from "fast-check";
import { groupOfArt, isKostraArt, normaliseArt, normaliseArtUncached, restrictedPart } from "./artsgrupper";

describe("normaliseArt: accepted forms", () => {
  it.each<[string | number, string | null, number]>([
    ["010", "010", 0],
    ["10", "010", 0],
    [10, "010", 0],
    [0, "000", 0],
    ["11500", "115", 1],
    [11500, "115", 1],
    ["429", "429", 3],
    ["0100", "010", 0],
    ["999", "999", 8],
    ["000-099", null, 0],
    ["100-299 Kjøp av varer og tjenester som inngår i komm.tj.produksjon", null, 1],
    ["900 - 999", null, 8],
  ])("%j → art %j, group %d", (input, art, group) => {
    expect(normaliseArt(input)).toEqual({ ok: true, art, group });
  });
});

describe("normaliseArt: refusals", () => {
  it.each<string | number>(["l20", "1000", 1000, "-10", -10, "10.5", 10.5, "", "   ", "100-199", "abc"])("%j", (input) => {
    expect(normaliseArt(input).ok).toBe(false);
  });
});

describe("artsgrupper", () => {
  it("places arter in the nine groups", () => {
    expect([0, 99, 100, 299, 300, 399, 400, 599, 600, 999].map(groupOfArt)).toEqual([0, 0, 1, 1, 2, 2, 3, 4, 5, 8]);
  });
  it("knows KOSTRA arter and the drift/investering restrictions", () => {
    expect(isKostraArt("010")).toBe(true);
    expect(isKostraArt("271")).toBe(true);
    expect(isKostraArt("011")).toBe(false);
    expect(restrictedPart("512")).toBe("investering");
    expect(restrictedPart("110")).toBe("drift");
    expect(restrictedPart("875")).toBe("drift");
    expect(restrictedPart("010")).toBeUndefined();
  });
});

describe("normaliseArt's digit path and caches give the full rules' answer", () => {
  const digits = fc.stringMatching(/^[0-9]{0,9}$/);
  const nearDigits = fc.stringMatching(/^[ 0-9\u00a0٠-٩a-]{0,8}$/);
  const groupLabel = fc.constantFrom("000-099", "100-299 Kjøp", " 900 - 999 ", "123-456", "010 ", " 010", "0100", "1000", "01000", "");
  it("for texts of digits, near-digits and group labels, asked twice", () => {
    fc.assert(
      fc.property(fc.oneof(digits, nearDigits, groupLabel), (s) => {
        const want = normaliseArtUncached(s);
        expect(normaliseArt(s)).toEqual(want);
        expect(normaliseArt(s)).toEqual(want);
      }),
      { numRuns: 5000 },
    );
  });
  it.each(["0", "00", "000", "010", "0100", "1000", "9999", "07084", "11500", "99999999", "0000", "00000"])("%j", (s) => {
    expect(normaliseArt(s)).toEqual(normaliseArtUncached(s));
  });
});
