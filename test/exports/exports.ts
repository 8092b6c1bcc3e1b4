/**
 * Real-export corpus: the bundled UKE 2022 example written out the ways ERP systems,
 * Excel and LibreOffice really write a ledger (encodings, delimiters, number forms,
 * year and period columns, Debet/Kredit, preambles, subtotal rows, quoting) and the ways
 * they go wrong. Generated at test time; `npx ts-node test/exports/write.ts <dir>` is not
 * needed: `writeExport` gives the bytes of any case.
 *
 * Each case says what it must give: the example's tables exactly with exit 0
 * (`same`), or an exit status and the finding codes or sentence that must be there.
 */
import ExcelJS from "exceljs";
import { join } from "path";
import { runPipeline } from "../../src/domain/pipeline";
import { readWorkbookFile } from "../../src/workbook/exceljs-reader";
import type { CellValue, SheetGrid } from "../../src/domain/cells";
import type { FindingCode } from "../../src/domain/findings";
import { at } from "../../src/domain/at";
import { setCell } from "../support/grids";

// ------------------------------------------------------------------ the example as data

export interface LedgerLine {
  readonly kap: number;
  readonly del: string;
  readonly art: string;
  readonly prosjekt: string;
  readonly bilag: number;
  readonly tekst: string;
  readonly year: number;
  /** The amount in øre (exact). */
  readonly ore: number;
}

export function ledgerLines(grid: SheetGrid): LedgerLine[] {
  return grid.rows.slice(1).map((r) => ({
    kap: r[0] as number,
    del: r[1] as string,
    art: r[2] as string,
    prosjekt: (r[3] as string) ?? "",
    bilag: r[4] as number,
    tekst: r[5] as string,
    year: r[6] as number,
    ore: Math.round((r[7] as number) * 100),
  }));
}

/** The bundled example, and its tables (the truth every export must read to) as JSON. */
export async function loadExample(): Promise<{ example: Example; truth: string }> {
  const grids = await readWorkbookFile(join(__dirname, "..", "..", "examples", "uke-2022", "input.xlsx"));
  const example = { grids, lines: ledgerLines(grids.find((g) => g.name === "Regnskap")!) };
  return { example, truth: JSON.stringify(runPipeline({ grids }).json.tables) };
}

// ------------------------------------------------------------------ amounts as text

export interface AmountStyle {
  readonly decimal: "," | ".";
  /** Thousands separator ("" for none). */
  readonly group: "" | " " | "\u00a0" | "\u202f" | "." | ",";
  readonly negative: "lead" | "trail" | "paren" | "uminus";
  readonly currency?: "kr-before" | "NOK-after";
  /** Whole kroner written without decimals (`1 000` rather than `1 000,00`). */
  readonly bareWhole?: boolean;
}

export const NB: AmountStyle = { decimal: ",", group: " ", negative: "lead" };
export const EN: AmountStyle = { decimal: ".", group: ",", negative: "lead" };

export function formatAmount(ore: number, s: AmountStyle): string {
  const neg = ore < 0;
  const abs = Math.abs(ore);
  const kr = Math.floor(abs / 100);
  const o = abs % 100;
  const intPart = String(kr).replace(/\B(?=(\d{3})+(?!\d))/g, s.group);
  let t = s.bareWhole && o === 0 ? intPart : `${intPart}${s.decimal}${String(o).padStart(2, "0")}`;
  if (s.currency === "kr-before") t = `kr ${t}`;
  if (s.currency === "NOK-after") t = `${t} NOK`;
  if (!neg) return t;
  switch (s.negative) {
    case "lead":
      return `-${t}`;
    case "uminus":
      return `\u2212${t}`;
    case "trail":
      return `${t}-`;
    case "paren":
      return `(${t})`;
  }
}

// ------------------------------------------------------------------ year columns

export interface YearStyle {
  readonly header: string;
  readonly value: (year: number, i: number) => string | number | Date;
}

const month = (i: number) => (i % 12) + 1;
const pad = (n: number) => String(n).padStart(2, "0");
export const YEAR_STYLES: Record<string, YearStyle> = {
  År: { header: "År", value: (y) => String(y) },
  Aar: { header: "Aar", value: (y) => String(y) },
  Year: { header: "Year", value: (y) => String(y) },
  Regnskapsår: { header: "Regnskapsår", value: (y) => String(y) },
  "Periode YYYYMM": { header: "Periode", value: (y, i) => `${y}${pad(month(i))}` },
  "Regnskapsperiode YYYYMM with period 13": { header: "Regnskapsperiode", value: (y, i) => `${y}${pad(i % 13 === 12 ? 13 : month(i))}` },
  "Periode YYYY-MM": { header: "Periode", value: (y, i) => `${y}-${pad(month(i))}` },
  "Periode MM.YYYY": { header: "Periode", value: (y, i) => `${pad(month(i))}.${y}` },
  "Bilagsdato dd.mm.yyyy": { header: "Bilagsdato", value: (y, i) => `${pad((i % 28) + 1)}.${pad(month(i))}.${y}` },
  "Dato yyyy-mm-dd": { header: "Dato", value: (y, i) => `${y}-${pad(month(i))}-${pad((i % 28) + 1)}` },
  "Posteringsdato with time": { header: "Posteringsdato", value: (y, i) => `${pad((i % 28) + 1)}.${pad(month(i))}.${y} 00:00:00` },
  "Posting date m/d/yyyy": { header: "Posting date", value: (y, i) => `${month(i)}/${(i % 28) + 1}/${y}` },
  "unnamed column of years": { header: "Kolonne7", value: (y) => String(y) },
};

// ------------------------------------------------------------------ text exports

export type Encoding = "utf-8" | "utf-8-bom" | "utf-16le-bom" | "utf-16le" | "utf-16be-bom" | "utf-16be" | "windows-1252";

export interface TextSpec {
  readonly encoding: Encoding;
  readonly delimiter: ";" | "\t" | "," | "|";
  readonly eol: "\r\n" | "\n";
  readonly amount: AmountStyle;
  readonly amountHeader?: string;
  /** Debet and Kredit columns instead of one amount; `signed`: credits written as negative amounts. */
  readonly debetKredit?: { readonly debet: string; readonly kredit: string; readonly signed: boolean };
  readonly year?: YearStyle | null;
  /** A month column (Periode 1–12) before the year column. */
  readonly monthBefore?: boolean;
  /** Lines above the header (already delimited as wanted). */
  readonly preamble?: readonly string[];
  readonly quoteAll?: boolean;
  /** Fields that need quoting are left unquoted (as a naive exporter does). */
  readonly noQuoting?: boolean;
  /** Art written as Excel's ="010". */
  readonly excelText?: boolean;
  readonly subtotals?: "erp" | "excel" | "unlabelled" | "grand";
  /** Sort by art before writing (as subtotal reports are). */
  readonly sorted?: boolean;
  /** Only these lines (default: all). */
  readonly filter?: (l: LedgerLine) => boolean;
  /** Drop the last field of every n-th data line. */
  readonly shortEvery?: number;
}

function encode(text: string, encoding: Encoding): Buffer {
  switch (encoding) {
    case "utf-8":
      return Buffer.from(text, "utf8");
    case "utf-8-bom":
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]);
    case "utf-16le":
      return Buffer.from(text, "utf16le");
    case "utf-16le-bom":
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    case "utf-16be":
    case "utf-16be-bom": {
      const be = Buffer.from(text, "utf16le").swap16();
      return encoding === "utf-16be-bom" ? Buffer.concat([Buffer.from([0xfe, 0xff]), be]) : be;
    }
    case "windows-1252": {
      const out = Buffer.alloc(text.length);
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        // Latin-1's printable range is the same in Windows-1252; nothing else is written here.
        if (c > 0xff || (c >= 0x80 && c < 0xa0)) throw new Error(`not in Windows-1252: U+${c.toString(16)}`);
        out[i] = c;
      }
      return out;
    }
  }
}

function csvField(v: string, spec: TextSpec): string {
  const needs = v.includes(spec.delimiter) || v.includes('"') || v.includes("\n") || v.includes("\r");
  if (spec.quoteAll || (needs && !spec.noQuoting)) return `"${v.replace(/"/g, '""')}"`;
  return v;
}

export function textTable(rows: readonly (readonly string[])[], spec: TextSpec): string {
  const lines = rows.map((r) => r.map((f) => csvField(f, spec)).join(spec.delimiter));
  return [...(spec.preamble ?? []), ...lines].join(spec.eol) + spec.eol;
}

/** The ledger as rows of text, in the spec's columns, forms and extra rows. */
export function ledgerRows(lines: readonly LedgerLine[], spec: TextSpec): string[][] {
  const year = spec.year === undefined ? YEAR_STYLES["År"] : spec.year;
  const header = ["Kapittel", "Del", "Art", "Prosjekt", "Bilag", "Tekst"];
  if (spec.monthBefore) header.push("Periode");
  if (year) header.push(year.header);
  if (spec.debetKredit) header.push(spec.debetKredit.debet, spec.debetKredit.kredit);
  else header.push(spec.amountHeader ?? "Beløp");
  let data = lines.filter(spec.filter ?? (() => true));
  if (spec.sorted || spec.subtotals) data = [...data].sort((a, b) => (a.art < b.art ? -1 : a.art > b.art ? 1 : a.year - b.year));
  const amountCells = (ore: number): string[] => {
    if (!spec.debetKredit) return [formatAmount(ore, spec.amount)];
    if (ore >= 0) return [formatAmount(ore, spec.amount), ""];
    return ["", formatAmount(spec.debetKredit.signed ? ore : -ore, spec.amount)];
  };
  const art = (a: string) => (spec.excelText ? `="${a}"` : a);
  const line = (l: LedgerLine, i: number): string[] => {
    const cells = [String(l.kap), l.del, art(l.art), l.prosjekt, String(l.bilag), l.tekst];
    if (spec.monthBefore) cells.push(String(month(i)));
    if (year) {
      const y = year.value(l.year, i);
      cells.push(y instanceof Date ? y.toISOString().slice(0, 10) : String(y));
    }
    return [...cells, ...amountCells(l.ore)];
  };
  const rows: string[][] = [header];
  // Subtotals per art and year, as report-style exports and Excel's Data → Subtotal write them.
  let group: { key: string; del: string; art: string; year: number; ore: number; n: number } | undefined;
  const flush = () => {
    if (!group || !spec.subtotals || spec.subtotals === "grand" || group.n < 2) return;
    const y = year ? String(year.value(group.year, 0)) : undefined;
    const tail = (ore: number) => [...(spec.monthBefore ? [""] : []), ...(y !== undefined ? [y] : []), ...amountCells(ore)];
    if (spec.subtotals === "erp") rows.push([String(125), group.del, art(group.art), "", "", `Sum art ${group.art}`, ...tail(group.ore)]);
    else if (spec.subtotals === "excel") rows.push(["", "", `${group.art} Totalt`, "", "", "", ...tail(group.ore)]);
    else rows.push([String(125), group.del, art(group.art), "", "", "", ...tail(group.ore)]);
  };
  let total = 0;
  data.forEach((l, i) => {
    const key = `${l.del}|${l.art}|${l.year}`;
    if (group?.key !== key) {
      flush();
      group = { key, del: l.del, art: l.art, year: l.year, ore: 0, n: 0 };
    }
    group.ore += l.ore;
    group.n++;
    total += l.ore;
    const cells = line(l, i);
    rows.push(spec.shortEvery && (i + 1) % spec.shortEvery === 0 ? cells.slice(0, -1) : cells);
  });
  flush();
  if (spec.subtotals === "excel") rows.push(["", "", "Totalt", "", "", "", ...(spec.monthBefore ? [""] : []), ...(year ? [""] : []), ...amountCells(total)]);
  if (spec.subtotals === "grand") rows.push(["", "", "", "", "", "", ...(spec.monthBefore ? [""] : []), ...(year ? [""] : []), ...amountCells(total)]);
  return rows;
}

/** A sheet of the example other than the ledger, as rows of text in the spec's number form. */
export function otherRows(grid: SheetGrid, spec: TextSpec): string[][] {
  const amountCols: Record<string, number[]> = { Budsjett: [4, 5], Reguleringer: [3] };
  const cols = amountCols[grid.name] ?? [];
  return grid.rows.map((r, i) =>
    r.map((v: CellValue, c) => {
      if (v === null || v === undefined) return "";
      if (i > 0 && cols.includes(c) && typeof v === "number") return formatAmount(Math.round(v * 100), spec.amount);
      // Oppsett's figures are typed by the officer: digits only, read alike in every form.
      return String(v);
    }),
  );
}

// ------------------------------------------------------------------ workbook exports

export async function xlsxBytes(sheets: readonly { name: string; rows: readonly (readonly unknown[])[]; build?: (ws: ExcelJS.Worksheet) => void }[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    for (const r of s.rows) ws.addRow(r as ExcelJS.CellValue[]);
    s.build?.(ws);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// ------------------------------------------------------------------ the cases

/** What a case must give. */
export type Expect =
  | { readonly kind: "same"; readonly codes?: readonly FindingCode[] }
  | { readonly kind: "findings"; readonly exit: 1; readonly codes: readonly FindingCode[] }
  | { readonly kind: "refused"; readonly message: RegExp };

export interface ExportCase {
  readonly name: string;
  /** Files to give the command line: name → bytes. */
  readonly files: (ex: Example) => Promise<Record<string, Buffer>> | Record<string, Buffer>;
  readonly expect: Expect;
}

export interface Example {
  readonly grids: readonly SheetGrid[];
  readonly lines: readonly LedgerLine[];
}

const BASE: TextSpec = { encoding: "utf-8", delimiter: ";", eol: "\r\n", amount: NB };

const others = (ex: Example) => ex.grids.filter((g) => g.name !== "Regnskap");

/** The ledger as a text file beside the other sheets as an .xlsx workbook. */
/** One file of a case's files, by name: a clear error when the case did not make it. */
function fileOf(files: Readonly<Record<string, Buffer>>, name: string): Buffer {
  const f = files[name];
  if (!f) throw new Error(`No file ${name} among ${Object.keys(files).join(", ")}`);
  return f;
}

export function ledgerText(spec: Partial<TextSpec>, fileName = "Regnskap.csv"): (ex: Example) => Promise<Record<string, Buffer>> {
  const full = { ...BASE, ...spec };
  return async (ex) => ({
    [fileName]: encode(textTable(ledgerRows(ex.lines, full), full), full.encoding),
    "Grunnlag.xlsx": await xlsxBytes(others(ex).map((g) => ({ name: g.name, rows: g.rows }))),
  });
}

/** Every sheet as its own text file, all in the spec's encoding, delimiter and number form. */
export function allText(spec: Partial<TextSpec>, ext = ".csv"): (ex: Example) => Record<string, Buffer> {
  const full = { ...BASE, ...spec };
  return (ex) => {
    const files: Record<string, Buffer> = { [`Regnskap${ext}`]: encode(textTable(ledgerRows(ex.lines, full), full), full.encoding) };
    for (const g of others(ex)) files[`${g.name}${ext}`] = encode(textTable(otherRows(g, full), full), full.encoding);
    return files;
  };
}

/** The ledger as an .xlsx sheet of the given rows, beside the other sheets. */
function ledgerSheet(rows: (ex: Example) => unknown[][], build?: (ws: ExcelJS.Worksheet) => void): (ex: Example) => Promise<Record<string, Buffer>> {
  return async (ex) => ({
    "Grunnlag.xlsx": await xlsxBytes([{ name: "Regnskap", rows: rows(ex), build }, ...others(ex).map((g) => ({ name: g.name, rows: g.rows }))]),
  });
}

const numericLedger = (ex: Example): unknown[][] => ex.grids.find((g) => g.name === "Regnskap")!.rows.map((r) => [...r]);

const ENCODINGS: readonly Encoding[] = ["utf-8", "utf-8-bom", "utf-16le-bom", "utf-16le", "utf-16be-bom", "utf-16be", "windows-1252"];
const same: Expect = { kind: "same" };

export const CASES: readonly ExportCase[] = [
  // Encodings of every sheet (the register's names have æøå: they must come through).
  ...ENCODINGS.map((encoding): ExportCase => ({ name: `every sheet as ${encoding}, semicolons`, files: allText({ encoding }), expect: same })),
  { name: "Excel's Unicode-tekst: UTF-16 LE with BOM, tabs", files: allText({ encoding: "utf-16le-bom", delimiter: "\t" }, ".txt"), expect: same },
  { name: "LibreOffice: UTF-8, commas, quoted decimal commas, LF", files: allText({ delimiter: ",", eol: "\n" }), expect: same },
  { name: "tab-separated .tsv", files: allText({ delimiter: "\t" }, ".tsv"), expect: same },
  { name: "bar-separated", files: allText({ delimiter: "|" }), expect: same },
  { name: "every field quoted", files: allText({ quoteAll: true }), expect: same },
  { name: "Windows-1252 with no-break-space thousands", files: allText({ encoding: "windows-1252", amount: { ...NB, group: "\u00a0" } }), expect: same },
  // Number forms.
  { name: "no thousands separator", files: ledgerText({ amount: { ...NB, group: "" } }), expect: same },
  { name: "narrow no-break space thousands", files: ledgerText({ amount: { ...NB, group: "\u202f" } }), expect: same },
  { name: "dot thousands, decimal comma", files: ledgerText({ amount: { ...NB, group: "." } }), expect: same },
  { name: "trailing minus (ERP)", files: ledgerText({ amount: { ...NB, negative: "trail" } }), expect: same },
  { name: "accountants' parentheses", files: ledgerText({ amount: { ...NB, negative: "paren" } }), expect: same },
  { name: "Unicode minus", files: ledgerText({ amount: { ...NB, negative: "uminus" } }), expect: same },
  { name: "kr before the amount", files: ledgerText({ amount: { ...NB, currency: "kr-before" } }), expect: same },
  { name: "NOK after the amount", files: ledgerText({ amount: { ...NB, currency: "NOK-after" } }), expect: same },
  { name: "whole kroner without decimals", files: ledgerText({ amount: { ...NB, bareWhole: true } }), expect: same },
  { name: "en-US: 1,234,567.89", files: ledgerText({ amount: EN }), expect: { kind: "same", codes: ["NUMBER_FORM_ENGLISH"] } },
  { name: "en-US, every sheet, commas as delimiters", files: allText({ amount: EN, delimiter: "," }), expect: { kind: "same", codes: ["NUMBER_FORM_ENGLISH"] } },
  { name: "en-US without thousands separators: 1234567.89", files: ledgerText({ amount: { ...EN, group: "" } }), expect: { kind: "same", codes: ["NUMBER_FORM_ENGLISH"] } },
  { name: "en-US with trailing minus", files: ledgerText({ amount: { ...EN, negative: "trail" } }), expect: { kind: "same", codes: ["NUMBER_FORM_ENGLISH"] } },
  { name: "en-US with parentheses", files: ledgerText({ amount: { ...EN, negative: "paren" } }), expect: { kind: "same", codes: ["NUMBER_FORM_ENGLISH"] } },
  { name: "en-US, whole kroner written without decimals", files: ledgerText({ amount: { ...EN, bareWhole: true } }), expect: { kind: "same", codes: ["NUMBER_FORM_ENGLISH"] } },
  {
    name: "only whole kroner of 1,000–999,999 in English form (232,502): refused cell by cell, never read as øre",
    files: async (ex) => {
      const lines = ex.lines.map((l) => ({ ...l, ore: (Math.trunc(l.ore / 100) % 1_000_000) * 100 })).filter((l) => Math.abs(l.ore) >= 100_000);
      return ledgerText({ amount: { ...EN, bareWhole: true } })({ ...ex, lines });
    },
    expect: { kind: "findings", exit: 1, codes: ["NUMBER_FORM_AMBIGUOUS"] },
  },
  {
    name: "one English cell in a Norwegian column",
    files: async (ex) => {
      const rows = ledgerRows(ex.lines, BASE);
      setCell(rows, 5, 7, formatAmount(at(ex.lines, 3, "ledger line").ore, EN));
      return { "Regnskap.csv": encode(textTable(rows, BASE), "utf-8"), "Grunnlag.xlsx": await xlsxBytes(others(ex).map((g) => ({ name: g.name, rows: g.rows }))) };
    },
    expect: { kind: "findings", exit: 1, codes: ["NUMBER_FORM_MIXED"] },
  },
  // Amount columns.
  ...["Beløp NOK", "Beløp (kr)", "Beløp i NOK", "Belop", "Amount", "Beløp i kr", "Sum"].map((h): ExportCase => ({
    name: `amount headed ${h}`,
    files: ledgerText({ amountHeader: h }),
    expect: same,
  })),
  { name: "Debet and Kredit columns", files: ledgerText({ debetKredit: { debet: "Debet", kredit: "Kredit", signed: false } }), expect: same },
  { name: "Debet and Kredit, credits as negative amounts", files: ledgerText({ debetKredit: { debet: "Debet", kredit: "Kredit", signed: true } }), expect: same },
  {
    name: "Debit and Credit, en-US",
    files: ledgerText({ amount: EN, debetKredit: { debet: "Debit", kredit: "Credit", signed: false } }),
    expect: { kind: "same", codes: ["NUMBER_FORM_ENGLISH"] },
  },
  // The year of each line.
  ...Object.entries(YEAR_STYLES)
    .filter(([k]) => k !== "År")
    .map(([k, year]): ExportCase => ({ name: `year as ${k}`, files: ledgerText({ year }), expect: same })),
  { name: "a month column (Periode 1–12) before År", files: ledgerText({ monthBefore: true }), expect: same },
  { name: "no year column at all", files: ledgerText({ year: null }), expect: { kind: "refused", message: /sier ikke hvilket år hver linje hører til.*Legg til en kolonne «År»/ } },
  { name: "a month column and no year", files: ledgerText({ year: null, monthBefore: true }), expect: { kind: "refused", message: /kolonnen «Periode» har bare måneder/ } },
  { name: "År mis-decoded as Ã…r (UTF-8 read as ANSI and saved again)", files: ledgerText({ year: { header: "Ã…r", value: (y) => String(y) } }), expect: same },
  { name: "no line for the report year", files: ledgerText({ filter: (l) => l.year === 2021 }), expect: { kind: "findings", exit: 1, codes: ["NO_LINES_IN_YEAR"] } },
  { name: "a header-only ledger", files: ledgerText({ filter: () => false }), expect: { kind: "findings", exit: 1, codes: ["LEDGER_EMPTY"] } },
  // Preambles and layout.
  { name: "a title line without delimiters", files: ledgerText({ preamble: ["Hovedbok UKE 2022"] }), expect: same },
  {
    name: "title, date and filter lines with delimiters",
    files: ledgerText({ preamble: ["Hovedbokutskrift;;;;;;;", "Utskrevet 15.01.2023 kl. 08:12;;;;;;;", "Utvalg: kapittel 125, periode 202101-202213;;;;;;;", ";;;;;;;"] }),
    expect: same,
  },
  {
    name: "a title line and a blank line, tabs, UTF-16",
    files: ledgerText({ encoding: "utf-16le-bom", delimiter: "\t", preamble: ["Hovedbok", ""] }, "Regnskap.txt"),
    expect: same,
  },
  { name: 'art as Excel\'s ="010"', files: ledgerText({ excelText: true }), expect: same },
  { name: "lines sorted by art", files: ledgerText({ sorted: true }), expect: same },
  { name: "LF line ends", files: ledgerText({ eol: "\n" }), expect: same },
  // Totals.
  { name: "ERP subtotals: Sum art 010 in Tekst", files: ledgerText({ subtotals: "erp" }), expect: { kind: "same", codes: ["TOTAL_ROW"] } },
  { name: "Excel's Data → Subtotal: 010 Totalt and Totalt", files: ledgerText({ subtotals: "excel" }), expect: { kind: "same", codes: ["TOTAL_ROW"] } },
  { name: "unlabelled subtotal rows, blank where lines are filled", files: ledgerText({ subtotals: "unlabelled" }), expect: { kind: "same", codes: ["TOTAL_ROW"] } },
  { name: "an unlabelled grand total with no art", files: ledgerText({ subtotals: "grand" }), expect: { kind: "same", codes: ["TOTAL_ROW"] } },
  { name: "ERP subtotals in en-US form", files: ledgerText({ subtotals: "erp", amount: EN }), expect: { kind: "same", codes: ["TOTAL_ROW", "NUMBER_FORM_ENGLISH"] } },
  {
    name: "budget with sum rows (Sum driftsutgifter, Totalt) in en-US form",
    files: async (ex) => {
      const spec: TextSpec = { ...BASE, amount: EN };
      const budget = ex.grids.find((g) => g.name === "Budsjett")!;
      const rows = otherRows(budget, spec);
      const sum = (part: string, col: number) =>
        budget.rows
          .slice(1)
          .filter((r) => r[1] === part)
          .reduce((t, r) => t + Math.round((r[col] as number) * 100), 0);
      rows.push(["125", "Drift", "Sum drift", "", formatAmount(sum("Drift", 4), EN), formatAmount(sum("Drift", 5), EN)]);
      rows.push(["", "", "", "Totalt", formatAmount(sum("Drift", 4) + sum("Investering", 4), EN), formatAmount(sum("Drift", 5) + sum("Investering", 5), EN)]);
      return {
        "Budsjett.csv": encode(textTable(rows, spec), "utf-8"),
        "Grunnlag.xlsx": await xlsxBytes(ex.grids.filter((g) => g.name !== "Budsjett").map((g) => ({ name: g.name, rows: g.rows }))),
      };
    },
    expect: { kind: "same", codes: ["TOTAL_ROW", "NUMBER_FORM_ENGLISH"] },
  },
  // Damaged lines.
  { name: "comma-separated with unquoted decimal commas", files: ledgerText({ delimiter: ",", noQuoting: true }), expect: { kind: "findings", exit: 1, codes: ["ROW_WIDTH"] } },
  { name: "every 50th line one field short", files: ledgerText({ shortEvery: 50 }), expect: { kind: "findings", exit: 1, codes: ["ROW_WIDTH"] } },
  // Workbooks.
  {
    name: "xlsx: amounts as Norwegian texts",
    files: ledgerSheet((ex) => numericLedger(ex).map((r, i) => (i === 0 ? r : [...r.slice(0, 7), formatAmount(Math.round((r[7] as number) * 100), NB)]))),
    expect: same,
  },
  {
    name: "xlsx: amounts as en-US texts",
    files: ledgerSheet((ex) => numericLedger(ex).map((r, i) => (i === 0 ? r : [...r.slice(0, 7), formatAmount(Math.round((r[7] as number) * 100), EN)]))),
    expect: { kind: "same", codes: ["NUMBER_FORM_ENGLISH"] },
  },
  { name: "xlsx: year column headed Year", files: ledgerSheet((ex) => numericLedger(ex).map((r, i) => (i === 0 ? [...r.slice(0, 6), "Year", r[7]] : r))), expect: same },
  {
    name: "xlsx: posting dates as real dates",
    files: ledgerSheet((ex) =>
      numericLedger(ex).map((r, i) => (i === 0 ? [...r.slice(0, 6), "Bilagsdato", r[7]] : [...r.slice(0, 6), new Date(Date.UTC(r[6] as number, i % 12, 15)), r[7]])),
    ),
    expect: same,
  },
  { name: "xlsx: three title rows above the header", files: ledgerSheet((ex) => [["Hovedbok UKE"], ["Periode 2021–2022"], [], ...numericLedger(ex)]), expect: same },
  {
    name: "xlsx: a stray value at XFD1048576 and whole-column validation",
    files: ledgerSheet(numericLedger, (ws) => {
      ws.getCell("XFD1048576").value = "x";
      (ws as unknown as { dataValidations: { add: (r: string, v: unknown) => void } }).dataValidations.add("A1:XFD1048576", {
        type: "whole",
        operator: "between",
        formulae: [0, 10],
        allowBlank: true,
      });
    }),
    expect: same,
  },
  {
    name: "xlsx: Excel's Subtotal rows with SUBTOTAL formulas",
    files: ledgerSheet((ex) => {
      const rows = ledgerRows(ex.lines, { ...BASE, subtotals: "excel" });
      return rows.map((r, i) => (i === 0 ? r : r.map((v, c) => (c === r.length - 1 ? Number(v.replace(/\s/g, "").replace(",", ".")) : v))));
    }),
    expect: { kind: "same", codes: ["TOTAL_ROW"] },
  },
  {
    name: "xlsx: a formula without its computed result",
    files: ledgerSheet((ex) => numericLedger(ex).map((r, i) => (i === 7 ? [...r.slice(0, 7), { formula: "100+100" }] : r))),
    expect: { kind: "findings", exit: 1, codes: ["FORMULA_UNCALCULATED"] },
  },
  // Files that are not what they say.
  {
    name: "a CSV file named .xlsx",
    files: async (ex) => ({ "Regnskap.xlsx": fileOf(await ledgerText({})(ex), "Regnskap.csv") }),
    expect: { kind: "refused", message: /xlsx|arbeidsbok/i },
  },
  {
    name: "an OpenDocument spreadsheet",
    files: async () => {
      const JSZip = (await import("jszip")).default;
      const z = new JSZip();
      z.file("mimetype", "application/vnd.oasis.opendocument.spreadsheet");
      z.file("content.xml", "<office:document-content/>");
      return { "Regnskap.ods": await z.generateAsync({ type: "nodebuffer" }) };
    },
    expect: { kind: "refused", message: /\.ods|OpenDocument|LibreOffice/ },
  },
  {
    name: "a sheet with the name Regnskap but other headers (Windows-1252)",
    files: () => ({ "Regnskap.csv": encode("Konto;Tekst;Kroner\r\n010;Lønn;100\r\n", "windows-1252") }),
    expect: { kind: "refused", message: /Fant ikke regnskapet.*lest som Windows-1252.*«Tekst»/ },
  },
];
