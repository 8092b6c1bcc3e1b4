import Decimal from "decimal.js";

/**
 * Money is held as a whole number of øre in a JavaScript number: exact for
 * every safe integer (up to ±90 trillion kroner), and fast to add. The brand
 * keeps kroner floats from slipping in; `addOre` refuses unsafe results.
 */
export type Ore = number & { readonly __brand: "Ore" };

export class MoneyRangeError extends Error {}

function guard(n: number): Ore {
  if (!Number.isSafeInteger(n)) throw new MoneyRangeError(`Beløpet er utenfor det som kan regnes eksakt: ${n} øre`);
  return n as Ore;
}

export function ore(n: number): Ore {
  return guard(n);
}

export function addOre(a: Ore, b: Ore): Ore {
  return guard(a + b);
}

export function subOre(a: Ore, b: Ore): Ore {
  return guard(a - b);
}

export function negOre(a: Ore): Ore {
  return guard(a === 0 ? 0 : -a);
}

export function absOre(a: Ore): Ore {
  return guard(Math.abs(a));
}

/**
 * The one accumulator of money: Σ of øre, each step checked to be a safe integer, so a
 * sum is exact or fails loudly. (The per-line path of aggregate.ts adds plain numbers
 * and checks once at the end; every other sum goes through here.)
 */
export function sumOre(values: Iterable<Ore>): Ore {
  let s = 0 as Ore;
  for (const v of values) s = addOre(s, v);
  return s;
}

/** Σ of a named amount over items: `sumBy(rows, (r) => r.amounts.regnskap)`. */
export function sumBy<T>(items: Iterable<T>, amount: (item: T) => Ore): Ore {
  let s = 0 as Ore;
  for (const x of items) s = addOre(s, amount(x));
  return s;
}

/** Whole kroner (a safe integer) to øre. */
export function kroner(k: number): Ore {
  if (!Number.isInteger(k)) throw new MoneyRangeError(`kroner() takes whole kroner, got ${k}`);
  return guard(k * 100);
}

export interface NumberToOre {
  readonly ore: Ore;
  /** True when the number held fractions of an øre, rounded half away from zero. */
  readonly rounded: boolean;
}

/**
 * A cell's number (kroner, as the workbook stores it) to øre. The number is read
 * as the decimal it displays (its shortest round-trip text), so 2959147.63 is
 * exactly 295914763 øre; fractions of an øre are rounded half away from zero.
 */
export function numberToOre(n: number): NumberToOre {
  if (!Number.isFinite(n)) throw new MoneyRangeError(`Ikke et endelig tall: ${n}`);
  // Fast path: r / 100 is correctly rounded, so equality means n is the double of an amount with ≤ 2 decimals.
  const fast = Math.round(n * 100);
  if (Number.isSafeInteger(fast) && fast / 100 === n) return { ore: (fast === 0 ? 0 : fast) as Ore, rounded: false };
  const x = n * 100;
  const r = Math.round(x);
  // x carries at most one ulp of error; a number with ≤ 2 decimals lands within it.
  if (Math.abs(x - r) <= Math.abs(x) * 4e-16 && Number.isSafeInteger(r)) {
    const exact = new Decimal(n).times(100);
    if (exact.isInteger()) return { ore: guard(exact.toNumber()), rounded: false };
  }
  const d = new Decimal(n).times(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
  return { ore: guard(d.toNumber()), rounded: true };
}

/** Decimal kroner → øre, half away from zero (Decimal.ROUND_HALF_UP rounds away from zero). */
export function decimalToOre(d: Decimal): NumberToOre {
  const x = d.times(100);
  if (x.isInteger()) return { ore: guard(x.toNumber()), rounded: false };
  return { ore: guard(x.toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber()), rounded: true };
}

/** Round øre to whole kroner, half away from zero, as Excel's ROUND(x; 0). */
export function roundKroner(o: Ore): number {
  // Integer steps only: (abs + 50) / 100 in floating point is off near the safe-integer limit.
  const abs = Math.abs(o);
  const rest = abs % 100;
  const k = (abs - rest) / 100 + (rest >= 50 ? 1 : 0);
  // Never -0: comparisons (Object.is, Jest toBe) and some formatters treat it as a different number.
  return o < 0 && k !== 0 ? -k : k;
}

/** Øre as kroner in a JavaScript number, for writing into a cell (display only, never summed). */
export function oreToKronerNumber(o: Ore): number {
  // IEEE division is correctly rounded: the nearest double to the exact kroner, as Decimal would give.
  return o / 100;
}

/** Million kroner with one decimal and a decimal comma, half away from zero: 42327884.6 kr → "42,3". */
export function formatMillions(o: Ore): string {
  // Tenths of a million kroner are 10 000 000 øre: integer division, exact for every safe øre amount.
  const abs = Math.abs(o);
  let whole = Math.floor(abs / 10_000_000);
  let rest = abs - whole * 10_000_000;
  // The quotient of two doubles may round up to the next integer near 2^53: step back.
  if (rest < 0) {
    whole -= 1;
    rest += 10_000_000;
  }
  const tenths = rest >= 5_000_000 ? whole + 1 : whole;
  const text = `${Math.floor(tenths / 10)},${tenths % 10}`;
  return o < 0 && tenths !== 0 ? `-${text}` : text;
}
