import { group } from "./at";
import { CellValue, isCellDate, serialToYmd } from "./cells";

/**
 * Project dates as the register writes them: a year (`2025`), a quarter (`2/2025`,
 * `Q2 2025`, `2. kv. 2025`, `kv2 2025`), a month (`03.2025`, `mars 2025`), a full date,
 * or the words `Løpende`, `Avsluttet`, `Ferdig`. A date is compared by its last day.
 */
export type ProjectDate =
  | { readonly kind: "date"; readonly lastDay: number /* yyyymmdd */; readonly text: string }
  | { readonly kind: "ongoing"; readonly text: string }
  | { readonly kind: "finished"; readonly text: string }
  | { readonly kind: "none" }
  | { readonly kind: "invalid"; readonly text: string };

const MONTHS: Record<string, number> = {
  jan: 1,
  januar: 1,
  feb: 2,
  februar: 2,
  mar: 3,
  mars: 3,
  apr: 4,
  april: 4,
  mai: 5,
  jun: 6,
  juni: 6,
  jul: 7,
  juli: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  okt: 10,
  oktober: 10,
  nov: 11,
  november: 11,
  des: 12,
  desember: 12,
};

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function endOfMonth(year: number, month: number): number {
  return year * 10000 + month * 100 + daysInMonth(year, month);
}

function validYear(y: number): boolean {
  return y >= 1900 && y <= 2200;
}

function dateResult(year: number, month: number | null, day: number | null, text: string): ProjectDate {
  if (!validYear(year)) return { kind: "invalid", text };
  if (month === null) return { kind: "date", lastDay: year * 10000 + 1231, text };
  if (month < 1 || month > 12) return { kind: "invalid", text };
  if (day === null) return { kind: "date", lastDay: endOfMonth(year, month), text };
  if (day < 1 || day > daysInMonth(year, month)) return { kind: "invalid", text };
  return { kind: "date", lastDay: year * 10000 + month * 100 + day, text };
}

/** office-js gives a date cell as its serial: 18264 (1950-01-01) … 99999 (2173-10-13), clear of years (≤ 2200) and Periode numbers (≥ 190001). */
const SERIAL_MIN = 18264;
const SERIAL_MAX = 99999;

function isDateSerial(v: number): boolean {
  return v >= SERIAL_MIN && v <= SERIAL_MAX;
}

export function parseProjectDate(v: CellValue): ProjectDate {
  if (v === null || v === undefined) return { kind: "none" };
  if (isCellDate(v)) {
    const { year, month, day } = serialToYmd(v.serial);
    return dateResult(year, month, day, `${day}.${month}.${year}`);
  }
  if (typeof v === "number") {
    if (Number.isInteger(v) && validYear(v)) return dateResult(v, null, null, String(v));
    if (isDateSerial(v)) {
      const { year, month, day } = serialToYmd(v);
      return dateResult(year, month, day, `${day}.${month}.${year}`);
    }
    return { kind: "invalid", text: String(v) };
  }
  if (typeof v !== "string") return { kind: "invalid", text: String((v as { code?: string }).code ?? v) };
  let date = TEXT_DATES.get(v);
  if (date === undefined) {
    date = textDate(v);
    if (TEXT_DATES.size >= TEXT_DATES_MAX) TEXT_DATES.clear();
    TEXT_DATES.set(v, date);
  }
  return date;
}

/**
 * The answers for texts already read: a project register repeats a few dozen date texts
 * (`2025`, `Løpende`, `Q3 2025`) over its rows, and each text's answer is its own alone (and
 * not changed by any reader). Up to TEXT_DATES_MAX texts, then the list starts again.
 */
const TEXT_DATES = new Map<string, ProjectDate>();
const TEXT_DATES_MAX = 4096;

function textDate(v: string): ProjectDate {
  const text = v.trim();
  if (text === "") return { kind: "none" };
  const s = text.toLowerCase().replace(/\s+/g, " ");
  if (/^(løpende|lopende|pågående|pagaende)$/.test(s)) return { kind: "ongoing", text };
  if (/^(avsluttet|ferdig|ferdigstilt)$/.test(s)) return { kind: "finished", text };
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})$/.exec(s))) return dateResult(+group(m, 1), null, null, text);
  // Quarters: 2/2025, Q2 2025, 2. kv. 2025, kv2 2025, 2. kvartal 2025, 2025-Q2
  if ((m = /^([1-4])\s*\/\s*(\d{4})$/.exec(s)) || (m = /^(?:q|kv\.?|kvartal)\s*([1-4])\.?\s*(\d{4})$/.exec(s)) || (m = /^([1-4])\.?\s*(?:q|kv\.?|kvartal)\s*(\d{4})$/.exec(s)))
    return dateResult(+group(m, 2), +group(m, 1) * 3, null, text);
  if ((m = /^(\d{4})\s*-?\s*q([1-4])$/.exec(s))) return dateResult(+group(m, 1), +group(m, 2) * 3, null, text);
  // Full dates: 31.12.2025, 2025-12-31, 31/12/2025
  if ((m = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(s))) return dateResult(+group(m, 3), +group(m, 2), +group(m, 1), text);
  if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s))) return dateResult(+group(m, 1), +group(m, 2), +group(m, 3), text);
  // Months: 03.2025, 2025-03, mars 2025, mar. 2025
  if ((m = /^(\d{1,2})[./](\d{4})$/.exec(s))) return dateResult(+group(m, 2), +group(m, 1), null, text);
  if ((m = /^(\d{4})-(\d{1,2})$/.exec(s))) return dateResult(+group(m, 1), +group(m, 2), null, text);
  if ((m = /^([a-zæøå]+)\.?\s+(\d{4})$/.exec(s))) {
    const month = MONTHS[group(m, 1)];
    if (month) return dateResult(+group(m, 2), month, null, text);
  }
  return { kind: "invalid", text };
}

/** The year of a date-like cell (År, Dato), or undefined. `Periode` 202203 → 2022. */
export function yearOf(v: CellValue, firstFourDigits = false): number | undefined {
  if (isCellDate(v)) {
    // A date far outside any calendar (serial 1e9: NaN) is no year; it must not become the report year.
    const y = serialToYmd(v.serial).year;
    return validYear(y) ? y : undefined;
  }
  if (typeof v === "number" && !Number.isInteger(v) && isDateSerial(v)) return serialToYmd(v).year;
  if (typeof v === "number" && Number.isInteger(v)) {
    if (validYear(v)) return v;
    if (isDateSerial(v)) return serialToYmd(v).year;
    if (firstFourDigits && v >= 100000) {
      const y = Number(String(v).slice(0, 4));
      return validYear(y) ? y : undefined;
    }
    return undefined;
  }
  if (typeof v === "string") {
    const s = v.trim();
    if (/^\d{4}$/.test(s)) return validYear(+s) ? +s : undefined;
    if (firstFourDigits && /^\d{4}\D?\d{1,2}$/.test(s)) return validYear(+s.slice(0, 4)) ? +s.slice(0, 4) : undefined;
    const d = parseProjectDate(s);
    if (d.kind === "date") return Math.floor(d.lastDay / 10000);
  }
  return undefined;
}
