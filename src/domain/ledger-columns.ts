import { CellValue, cellAddress, cellText, isBlank, isCellDate, serialToYmd } from "./cells";
import type { GridReader } from "./input";
import type { DetectedSheet } from "./layout";
import { formEvidence, NumberForm } from "./norwegian-number";
import { group } from "./at";

/**
 * What a ledger export says about itself, decided from whole columns before any line is
 * counted: which column tells each line's year (and how), and which number form each
 * amount column is written in. A column is judged by all its cells, never cell by cell,
 * so that `232,502` is not read as 232 kroner in one row and 232 502 in the next.
 */

// ---------------------------------------------------------------- the year of each line

const MIN_YEAR = 1900;
const MAX_YEAR = 2200;
const validYear = (y: number) => Number.isInteger(y) && y >= MIN_YEAR && y <= MAX_YEAR;
/** A period's month: 1–12, and 13 for the closing entries. */
const validPeriodMonth = (m: number) => m >= 1 && m <= 13;
/** Excel serial dates 1950-01-01 … 2173-10-13, as office-js gives a date cell. */
const isSerial = (v: number) => v >= 18264 && v <= 99999;

/** A year written as a year: 2022, "2022", or (as some ERP systems fill År) 202203. */
export function yearFromYearCell(v: CellValue): number | undefined {
  if (isCellDate(v)) return dateYear(v);
  if (typeof v === "number") {
    if (validYear(v)) return v;
    return periodYear(v);
  }
  if (typeof v === "string") {
    // The common cell, four digits and nothing else, without a regular expression.
    if (v.length === 4) {
      const y = fourDigits(v);
      if (y >= 0) return validYear(y) ? y : undefined;
    }
    const s = v.trim();
    if (/^\d{4}$/.test(s)) return validYear(+s) ? +s : undefined;
    return periodYear(v);
  }
  return undefined;
}

/** The number of a text of four ASCII digits, or -1. */
function fourDigits(v: string): number {
  let y = 0;
  for (let i = 0; i < 4; i++) {
    const d = v.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    y = y * 10 + d;
  }
  return y;
}

/** A period that carries its year: 202203, 202213, "2022-03", "2022/13", "03.2022", "2022M03", "2022". Month-only periods (1–13) give none. */
export function periodYear(v: CellValue): number | undefined {
  if (isCellDate(v)) return dateYear(v);
  let s: string;
  if (typeof v === "number") {
    if (!Number.isInteger(v)) return undefined;
    s = String(v);
  } else if (typeof v === "string") s = v.trim();
  else return undefined;
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})$/.exec(s))) return validYear(+group(m, 1)) ? +group(m, 1) : undefined;
  if ((m = /^(\d{4})\s*[-./m]?\s*(\d{1,2})$/i.exec(s)) && (group(m, 2).length === 2 || /\D/.test(s.slice(4))))
    return validYear(+group(m, 1)) && validPeriodMonth(+group(m, 2)) ? +group(m, 1) : undefined;
  if ((m = /^(\d{1,2})\s*[-./]\s*(\d{4})$/.exec(s))) return validYear(+group(m, 2)) && validPeriodMonth(+group(m, 1)) ? +group(m, 2) : undefined;
  return undefined;
}

/** A posting date: a date cell, an Excel serial (office-js), or 31.12.2022 / 2022-12-31 / 31/12/2022. */
export function dateYear(v: CellValue): number | undefined {
  if (isCellDate(v)) {
    const y = serialToYmd(v.serial).year;
    return validYear(y) ? y : undefined;
  }
  if (typeof v === "number") return isSerial(v) ? serialToYmd(v).year : undefined;
  if (typeof v === "string") {
    const s = v.trim();
    // A date with a time of day, as some exports write it: 31.12.2022 00:00:00.
    const datePart = s.replace(/[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?$/, "");
    // Only the year is needed: 31.12.2022, 12/31/2022 (en-US) and 2022-12-31 all say 2022.
    let m: RegExpExecArray | null;
    if ((m = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(datePart))) return dayMonth(+group(m, 1), +group(m, 2)) && validYear(+group(m, 3)) ? +group(m, 3) : undefined;
    if ((m = /^(\d{4})[./-](\d{1,2})[./-](\d{1,2})$/.exec(datePart))) return dayMonth(+group(m, 3), +group(m, 2)) && validYear(+group(m, 1)) ? +group(m, 1) : undefined;
  }
  return undefined;
}

/** Day and month in either order (31.12 or 12/31), as long as one of them can be the month. */
function dayMonth(a: number, b: number): boolean {
  return a >= 1 && b >= 1 && a <= 31 && b <= 31 && (a <= 12 || b <= 12);
}

const isMonthOnly = (v: CellValue): boolean => {
  const n = typeof v === "number" ? v : typeof v === "string" && /^\s*\d{1,2}\s*$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) && validPeriodMonth(n);
};

export type YearHow = "year" | "period" | "date";

export interface YearColumn {
  readonly col: number;
  readonly header: string;
  readonly how: YearHow;
  /** True when found by its values, not its header. */
  readonly byValues: boolean;
  readonly read: (v: CellValue) => number | undefined;
}

export type YearSource =
  | { readonly kind: "wide" }
  | ({ readonly kind: "column" } & YearColumn)
  | {
      readonly kind: "none";
      /** A period column that holds months only (1–13), which cannot tell the year. */
      readonly monthOnly?: { readonly col: number; readonly header: string };
      /** The headers of the sheet as read, for the message. */
      readonly headers: readonly string[];
    };

const READERS: Record<YearHow, (v: CellValue) => number | undefined> = { year: yearFromYearCell, period: periodYear, date: dateYear };

const SAMPLE_ROWS = 500;

/** Share of the sampled non-blank cells of a column that give a year, and whether all are months. */
function sampleColumn(reader: GridReader, headerRow: number, col: number, read: (v: CellValue) => number | undefined) {
  let filled = 0;
  let years = 0;
  let months = 0;
  let rows = 0;
  for (const r of reader.dataRows(headerRow)) {
    const row = reader.row(r);
    if (!row || row.every((c) => isBlank(c))) continue;
    if (++rows > SAMPLE_ROWS) break;
    const v = reader.cell(r, col);
    if (isBlank(v)) continue;
    filled++;
    if (read(v) !== undefined) years++;
    if (isMonthOnly(v)) months++;
  }
  return { rows: Math.min(rows, SAMPLE_ROWS), filled, years, months };
}

/**
 * Which column says each ledger line's year. By header first (År, then Periode when it
 * holds the year, then Bilagsdato), then by values among the columns no field claims
 * (a column of years, of YYYYMM periods, or of dates). None: the caller stops, since
 * without it last year's lines would be summed into the report year.
 */
export function resolveYearSource(reader: GridReader, d: DetectedSheet): YearSource {
  if (Object.keys(d.wideYears).length > 0) return { kind: "wide" };
  const c = d.columns;
  const header = (col: number) => d.headers[col] ?? cellAddress(d.headerRow, col).replace(/\d+$/, "");
  const byHeader: { col: number | undefined; how: YearHow }[] = [
    { col: c.aar, how: "year" },
    { col: c.periode, how: "period" },
    { col: c.dato, how: "date" },
  ];
  let monthOnly: { col: number; header: string } | undefined;
  for (const { col, how } of byHeader) {
    if (col === undefined) continue;
    const s = sampleColumn(reader, d.headerRow, col, READERS[how]);
    if (s.filled > 0 && s.years >= s.filled * 0.5) return { kind: "column", col, header: header(col), how, byValues: false, read: READERS[how] };
    if (s.filled > 0 && s.months === s.filled && how !== "date") monthOnly ??= { col, header: header(col) };
  }
  // A year column the officer named (År) that is empty or unreadable is still the year column:
  // each line then says what is wrong with its year.
  if (c.aar !== undefined && !monthOnly) return { kind: "column", col: c.aar, header: header(c.aar), how: "year", byValues: false, read: READERS.year };
  // By values, among the columns no field claims.
  const claimed = new Set(Object.values(c));
  const width = widestRow(reader, d.headerRow);
  for (let col = reader.grid.firstColumn; col < reader.grid.firstColumn + width; col++) {
    if (claimed.has(col)) continue;
    for (const how of ["year", "period", "date"] as const) {
      const s = sampleColumn(reader, d.headerRow, col, strictReaders[how]);
      if (s.rows > 0 && s.filled >= s.rows * 0.9 && s.years === s.filled) return { kind: "column", col, header: header(col), how, byValues: true, read: READERS[how] };
    }
  }
  const headers = Object.values(d.headers);
  return { kind: "none", monthOnly, headers };
}

/** For columns found by values only: a year must look like one (1990–2100), not just be a number in range. */
const strictReaders: Record<YearHow, (v: CellValue) => number | undefined> = {
  year: (v) => {
    const n = typeof v === "number" ? v : typeof v === "string" && /^\s*\d{4}\s*$/.test(v) ? Number(v) : NaN;
    return Number.isInteger(n) && n >= 1990 && n <= 2100 ? n : undefined;
  },
  period: (v) => {
    const s = typeof v === "number" ? String(v) : typeof v === "string" ? v.trim() : "";
    if (!/^\d{4}[-./]?\d{2}$/.test(s) && !/^\d{1,2}[-./]\d{4}$/.test(s)) return undefined;
    const y = periodYear(s);
    return y !== undefined && y >= 1990 && y <= 2100 ? y : undefined;
  },
  // Only real dates or date texts: a serial number alone is indistinguishable from an amount.
  date: (v) => (isCellDate(v) || typeof v === "string" ? dateYear(v) : undefined),
};

function widestRow(reader: GridReader, headerRow: number): number {
  let w = 0;
  let n = 0;
  for (const r of reader.dataRows(headerRow - 1)) {
    w = Math.max(w, reader.row(r)?.length ?? 0);
    if (++n > SAMPLE_ROWS) break;
  }
  return w;
}

// ---------------------------------------------------------------- number forms

export interface ColumnForm {
  /** "unknown": no cell shows the form, and some cells read differently in the two. */
  readonly form: NumberForm | "unknown";
  /** The first cell that contradicts the column's form (the column has cells of both forms). */
  readonly contradiction?: { readonly row: number; readonly col: number; readonly text: string; readonly form: NumberForm };
  /** Cells that showed each form. */
  readonly evidence: { readonly nb: number; readonly en: number; readonly ambiguous: number };
}

/**
 * Decides a column's number form from all its text cells. Norwegian unless some cell can
 * only be English (`1,234.56`, `1234.5`, `1,234,567`); English when some can only be
 * English and none only Norwegian; "unknown" when no cell decides and some read as two
 * different amounts (`232,502`): those are then refused, never guessed.
 */
export function decideColumnForm(reader: GridReader, headerRow: number, col: number): ColumnForm {
  const tally = new ColumnFormTally();
  for (const r of reader.dataRows(headerRow)) tally.add(reader.cell(r, col), r);
  return tally.decide(col);
}

/**
 * decideColumnForm one cell at a time, for a reader that sees each line once (a streamed
 * ledger): the same counts, the same first cells, the same decision.
 */
export class ColumnFormTally {
  private nb = 0;
  private en = 0;
  private ambiguous = 0;
  private firstNb: { row: number; text: string } | undefined;
  private firstEn: { row: number; text: string } | undefined;

  add(v: CellValue, r: number): void {
    if (typeof v !== "string") return;
    const ev = formEvidence(v);
    if (ev === "nb") {
      this.nb++;
      this.firstNb ??= { row: r, text: v };
    } else if (ev === "en") {
      this.en++;
      this.firstEn ??= { row: r, text: v };
    } else if (ev === "ambiguous") this.ambiguous++;
  }

  /** add() for a text whose evidence is known to be "nb" (a line read as bytes); its text made only if it is the first. */
  addNorwegian(r: number, text: () => string): void {
    this.nb++;
    this.firstNb ??= { row: r, text: text() };
  }

  /** The first cell that can only be English (the NUMBER_FORM_ENGLISH finding names it). */
  get firstEnglish(): { row: number; text: string } | undefined {
    return this.firstEn;
  }

  decide(col: number): ColumnForm {
    const { nb, en, ambiguous } = this;
    const evidence = { nb, en, ambiguous };
    if (en === 0) return { form: nb === 0 && ambiguous > 0 ? "unknown" : "nb", evidence };
    if (nb === 0) return { form: "en", evidence };
    // Both forms: the majority decides what is read; the first cell of the other is named.
    const form: NumberForm = en > nb ? "en" : "nb";
    const other = form === "nb" ? this.firstEn! : this.firstNb!;
    return { form, evidence, contradiction: { row: other.row, col, text: other.text, form: form === "nb" ? "en" : "nb" } };
  }
}

/** Kredit written as negative amounts (−1 000) rather than positive (1 000): decided by the column's majority. */
export interface CreditSign {
  readonly signed: boolean;
  /** The first cell whose sign goes against the column's majority. */
  readonly against?: { readonly row: number; readonly col: number; readonly text: string };
}

export function decideCreditSign(values: Iterable<{ row: number; col: number; ore: number; text: string }>): CreditSign {
  const tally = new CreditSignTally();
  for (const v of values) tally.add(v.row, v.col, v.ore, v.text);
  return tally.decide();
}

/** decideCreditSign one value at a time: counts and the first of each sign, never the values. */
export class CreditSignTally {
  private negative = 0;
  private positive = 0;
  private firstNeg: { row: number; col: number; text: string } | undefined;
  private firstPos: { row: number; col: number; text: string } | undefined;

  add(row: number, col: number, ore: number, text: string): void {
    if (ore < 0) {
      this.negative++;
      this.firstNeg ??= { row, col, text };
    } else if (ore > 0) {
      this.positive++;
      this.firstPos ??= { row, col, text };
    }
  }

  decide(): CreditSign {
    const signed = this.negative > this.positive;
    const against = signed ? this.firstPos : this.firstNeg;
    return { signed, against: against && { row: against.row, col: against.col, text: cellText(against.text) } };
  }
}

// ---------------------------------------------------------------- columns an adapter must read

/** Headers of columns that tell a posting from a total row though no field uses them: texts, voucher numbers, dates. */
const LINE_MARKERS = new Set([
  "tekst",
  "text",
  "beskrivelse",
  "description",
  "bilagstekst",
  "posteringstekst",
  "linjetekst",
  "forklaring",
  "kontonavn",
  "artsnavn",
  "bilag",
  "bilagsnr",
  "bilagsnummer",
  "voucher",
  "vouchernr",
  "dokument",
  "dokumentnr",
  "bilagsdato",
  "dato",
  "posteringsdato",
  "bokforingsdato",
  "date",
]);

/**
 * The columns of a detected sheet that the reading rules use, decided from its first rows
 * (`head`, every column read): the fields' columns, a year column found by its values, the
 * first column (where report-style exports put `Sum`), and the columns by which a total row
 * shows itself (a text column such as Tekst holding `Sum art 010`, a voucher number or a
 * date that a subtotal row leaves blank). An adapter that reads only some columns (the
 * add-in, to keep requests small) reads these; the export's other columns never travel.
 */
export function columnsToRead(reader: GridReader, d: DetectedSheet, normalise: (s: string) => string): number[] {
  const cols = new Set<number>([...Object.values(d.columns), ...Object.values(d.wideYears)]);
  if (d.kind === "regnskap") {
    const year = resolveYearSource(reader, d);
    if (year.kind === "column") cols.add(year.col);
  }
  cols.add(reader.grid.firstColumn);
  for (const [col, header] of Object.entries(d.headers)) if (LINE_MARKERS.has(normalise(header))) cols.add(Number(col));
  return [...cols].sort((a, b) => a - b);
}
