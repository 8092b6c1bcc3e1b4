import { type CellValue, isCellDate, serialToYmd } from "./cells";
import type { DetectedSheet } from "./layout";
import type { YearSource } from "./ledger-columns";

/**
 * The month of each ledger line, for the tertial reports: from a period column (1–12 and 13
 * for the closing entries, or a period that carries its year: 202208, "2022-08", "08.2022",
 * "2022M08") or from a posting date. The annual report does not need it; it is read when the
 * ledger has such a column, so a tertial report for any period needs no second reading.
 */

/** Where the month of a line is read, and how. */
export interface MonthSource {
  readonly col: number;
  readonly header: string;
  readonly how: "period" | "date";
  /**
   * What a cell says of its line's period, packed in one number (one cached lookup per line):
   * `year * 16 + month`, month 1–13, year 0 when the cell carries none (a bare period 8).
   * Undefined when the cell does not say a month. `monthOf` and `yearOf` take it apart.
   */
  readonly read: (v: CellValue) => number | undefined;
  /**
   * Whether the year a cell carries is compared with the line's year: true when the month is
   * read from a column other than the one the year comes from (Periode 202301 beside År 2024).
   */
  readonly checkYear: boolean;
}

export const monthOf = (packed: number): number => packed & 15;
export const yearOf = (packed: number): number => packed >> 4;
const pack = (year: number, month: number): number => year * 16 + month;

const validMonth = (m: number) => Number.isInteger(m) && m >= 1 && m <= 13;

/** The period of a period cell, packed: 8, "08", 202208, "2022-08", "2022/13", "08.2022", "2022M08". Undefined for anything else. */
function periodOf(v: CellValue): number | undefined {
  if (isCellDate(v)) return dateOf(v);
  let s: string;
  if (typeof v === "number") {
    if (!Number.isInteger(v)) return undefined;
    if (validMonth(v)) return v;
    s = String(v);
  } else if (typeof v === "string") s = v.trim();
  else return undefined;
  let m: RegExpExecArray | null;
  if ((m = /^(\d{1,2})$/.exec(s))) return validMonth(+m[1]!) ? +m[1]! : undefined;
  if ((m = /^(\d{4})\s*[-./m]?\s*(\d{1,2})$/i.exec(s)) && (m[2]!.length === 2 || /\D/.test(s.slice(4)))) return validMonth(+m[2]!) ? pack(+m[1]!, +m[2]!) : undefined;
  if ((m = /^(\d{1,2})\s*[-./]\s*(\d{4})$/.exec(s))) return validMonth(+m[1]!) ? pack(+m[2]!, +m[1]!) : undefined;
  return undefined;
}

/** Excel serial dates 1950-01-01 … 2173-10-13, as office-js gives a date cell. */
const isSerial = (v: number) => v >= 18264 && v <= 99999;

/**
 * The month and year of a posting date, packed: a date cell, a serial, or a text 31.08.2022 /
 * 2022-08-31 (with or without a time of day). A text with the day and month in the order a US
 * export writes them (08/31/2022) is read as such only when the first number cannot be a month.
 */
function dateOf(v: CellValue): number | undefined {
  if (isCellDate(v)) return ymdOf(serialToYmd(v.serial));
  if (typeof v === "number") return isSerial(v) ? ymdOf(serialToYmd(v)) : undefined;
  if (typeof v !== "string") return undefined;
  const s = v.trim().replace(/[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?$/, "");
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})[./-](\d{1,2})[./-](\d{1,2})$/.exec(s))) return dayMonthOf(+m[1]!, +m[3]!, +m[2]!);
  if ((m = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(s))) {
    const a = +m[1]!;
    const b = +m[2]!;
    const year = +m[3]!;
    // Day first (31.08.2022), as Norwegian exports write it; month first only where the day is over 12.
    if (b >= 1 && b <= 12 && a >= 1 && a <= 31) return pack(year, b);
    if (a >= 1 && a <= 12 && b >= 13 && b <= 31) return pack(year, a);
  }
  return undefined;
}

const ymdOf = (d: { year: number; month: number }): number => pack(d.year, d.month);

function dayMonthOf(year: number, day: number, month: number): number | undefined {
  return day >= 1 && day <= 31 && month >= 1 && month <= 12 ? pack(year, month) : undefined;
}

/** Caches a reader: a ledger holds few distinct periods or dates, each read once. */
function cached(read: (v: CellValue) => number | undefined): (v: CellValue) => number | undefined {
  const memo = new Map<string | number, number | undefined>();
  return (v) => {
    if (typeof v !== "string" && typeof v !== "number") return read(v);
    if (memo.has(v)) return memo.get(v);
    const m = read(v);
    if (memo.size < 50_000) memo.set(v, m);
    return m;
  };
}

/**
 * The column that tells the month of each line: a Periode column, else a posting date
 * (Bilagsdato), else the column the year is read from when it is a period or a date.
 * None for a ledger of years only or in the wide form.
 */
export function resolveMonthSource(d: DetectedSheet, year: YearSource): MonthSource | undefined {
  const header = (col: number) => d.headers[col] ?? "";
  const c = d.columns;
  if (Object.keys(d.wideYears).length > 0) return undefined;
  // The year a period or date carries is compared with the line's year, unless it is where the year is read.
  const checkYear = (col: number) => !(year.kind === "column" && year.col === col);
  if (c.periode !== undefined) return { col: c.periode, header: header(c.periode), how: "period", read: cached(periodOf), checkYear: checkYear(c.periode) };
  if (c.dato !== undefined) return { col: c.dato, header: header(c.dato), how: "date", read: cached(dateOf), checkYear: checkYear(c.dato) };
  if (year.kind === "column" && (year.how === "period" || year.how === "date"))
    return { col: year.col, header: year.header, how: year.how, read: cached(year.how === "period" ? periodOf : dateOf), checkYear: false };
  return undefined;
}
