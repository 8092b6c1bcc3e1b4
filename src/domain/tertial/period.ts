/**
 * The period of a tertial report: the last month whose regnskap is counted ("2024-08" is the
 * 2nd tertial, January–August 2024). Months 1–12; period 12 counts the closing entries
 * (period 13) too, so it equals the annual report.
 */

export interface ReportPeriod {
  readonly year: number;
  /** The last month counted, 1–12. */
  readonly month: number;
}

const MONTH_NAMES = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"];

/** "2024-08", "202408", "2024/8", "08.2024": a period, or undefined. */
export function parsePeriod(text: string): ReportPeriod | undefined {
  const s = text.trim();
  let m: RegExpExecArray | null;
  let year: number;
  let month: number;
  if ((m = /^(\d{4})\s*[-/.]?\s*(\d{1,2})$/.exec(s)) && (m[2]!.length === 2 || /\D/.test(s.slice(4)))) {
    year = +m[1]!;
    month = +m[2]!;
  } else if ((m = /^(\d{1,2})\s*[-/.]\s*(\d{4})$/.exec(s))) {
    year = +m[2]!;
    month = +m[1]!;
  } else return undefined;
  return year >= 1900 && year <= 2200 && month >= 1 && month <= 12 ? { year, month } : undefined;
}

/** "2024-08". */
export function periodKey(p: ReportPeriod): string {
  return `${p.year}-${String(p.month).padStart(2, "0")}`;
}

function lastDay(p: ReportPeriod): number {
  return new Date(Date.UTC(p.year, p.month, 0)).getUTCDate();
}

/** "31.08": the day the period ends, as the reports write it in a sentence. */
export function periodEndShort(p: ReportPeriod): string {
  return `${String(lastDay(p)).padStart(2, "0")}.${String(p.month).padStart(2, "0")}`;
}

/** "31.08.2024". */
export function periodEnd(p: ReportPeriod): string {
  return `${periodEndShort(p)}.${p.year}`;
}

/** "2. tertial 2024" for April, August and December; "per august 2024" for other months. */
export function periodName(p: ReportPeriod): string {
  if (p.month === 4 || p.month === 8) return `${p.month / 4}. tertial ${p.year}`;
  if (p.month === 12) return `3. tertial ${p.year} (hele året)`;
  return `per ${MONTH_NAMES[p.month - 1]} ${p.year}`;
}

export const MONTH_SHORT = ["jan", "feb", "mar", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "des"];
