import Decimal from "decimal.js";
import fc from "fast-check";
import { addOre, formatMillions, kroner, MoneyRangeError, negOre, numberToOre, ore, roundKroner, subOre, sumBy, sumOre } from "./money";

describe("roundKroner: half away from zero, as Excel's ROUND(x; 0)", () => {
  it.each([
    [0, 0],
    [49, 0],
    [50, 1],
    [149, 1],
    [150, 2],
    [-49, 0],
    [-50, -1],
    [-150, -2],
    [-151, -2],
    [123456789, 1234568],
  ])("%d øre → %d kr", (o, k) => {
    expect(roundKroner(ore(o))).toBe(k);
  });
  it("never gives a negative zero", () => {
    expect(Object.is(roundKroner(ore(-30)), 0)).toBe(true);
  });
});

describe("numberToOre", () => {
  it("reads a number as the decimal it displays", () => {
    expect(numberToOre(2959147.63)).toEqual({ ore: 295914763, rounded: false });
    expect(numberToOre(0.1 + 0.2)).toEqual({ ore: 30, rounded: true });
    expect(numberToOre(-1.005)).toEqual({ ore: -101, rounded: true });
  });
  it("refuses infinities", () => {
    expect(() => numberToOre(Infinity)).toThrow(MoneyRangeError);
  });
});

describe("guards", () => {
  it("refuses unsafe sums and kroner with fractions", () => {
    expect(() => addOre(ore(Number.MAX_SAFE_INTEGER), ore(1))).toThrow(MoneyRangeError);
    expect(() => kroner(1.5)).toThrow(MoneyRangeError);
    expect(kroner(12)).toBe(1200);
  });
  it("the accumulator: every step of a sum is checked, so a sum is exact or fails", () => {
    expect(sumOre([ore(1), ore(2), ore(-4)])).toBe(-1);
    expect(sumOre([])).toBe(0);
    expect(sumBy([{ a: ore(5) }, { a: ore(7) }], (x) => x.a)).toBe(12);
    expect(() => sumOre([ore(Number.MAX_SAFE_INTEGER), ore(1), ore(-1)])).toThrow(MoneyRangeError);
    expect(() => subOre(ore(-Number.MAX_SAFE_INTEGER), ore(1))).toThrow(MoneyRangeError);
    expect(Object.is(negOre(ore(0)), 0)).toBe(true);
  });
  it("formats millions with one decimal and a comma", () => {
    expect(formatMillions(ore(4232788460))).toBe("42,3");
    expect(formatMillions(ore(-4_995_000_00))).toBe("-5,0");
    // Half away from zero at the tenth, and no "-0,0".
    expect(formatMillions(ore(4_999_999))).toBe("0,0");
    expect(formatMillions(ore(5_000_000))).toBe("0,1");
    expect(formatMillions(ore(-5_000_000))).toBe("-0,1");
    expect(formatMillions(ore(-4_999_999))).toBe("0,0");
    expect(formatMillions(ore(Number.MAX_SAFE_INTEGER))).toBe("90071992,5");
  });
  it("formats millions exactly as Decimal's division rounded half up would, for every safe øre amount", () => {
    const viaDecimal = (o: number) => {
      const m = new Decimal(o).dividedBy(100_000_000).toDecimalPlaces(1, Decimal.ROUND_HALF_UP);
      const text = m.abs().toFixed(1).replace(".", ",");
      return m.isNegative() && !m.isZero() ? `-${text}` : text;
    };
    const near = fc.tuple(fc.integer({ min: -900_719_924, max: 900_719_924 }), fc.integer({ min: -3, max: 3 })).map(([k, d]) => k * 10_000_000 + 5_000_000 * Math.sign(k) + d);
    fc.assert(
      fc.property(fc.oneof(fc.maxSafeInteger(), fc.integer(), near), (o) => {
        expect(formatMillions(ore(o))).toBe(viaDecimal(o));
      }),
      { numRuns: 20_000 },
    );
  });
});
