/**
 * The bad-input corpus: small .xlsx workbooks generated with exceljs at test time,
 * each a copy of one clean workbook with one kind of damage. Nothing is committed but
 * this script; `npx ts-node test/bad-input/make-corpus.ts <dir>` (or the test) writes
 * the files.
 *
 * Every case says exactly which findings (code, sheet, cell) it must give, and which
 * ledger lines leave the tables (part, artsgruppe, column and øre), so the test can
 * check that the tables are the clean workbook's minus exactly those lines.
 */
import ExcelJS from "exceljs";
import { mkdirSync, writeFileSync } from "fs";
import { join } from "path";
import type { FindingCode } from "../../src/domain/findings";
import { REGISTER_HEADER, setCell } from "../support/grids";

export const YEAR = 2024;
export const CHAPTER = 125;

type V = ExcelJS.CellValue;

export const LEDGER_HEADER = ["Kapittel", "Del", "Art", "Prosjekt", "År", "Beløp"];
export const BUDGET_HEADER = ["Kapittel", "Del", "Art", "Prosjekt", "Dok. 3", "Regulert budsjett"];
export const PROJECT_HEADER = [...REGISTER_HEADER];

/** A clean ledger line: its cells and where its amount lands in the tables. */
export interface CleanLine {
  readonly cells: V[];
  readonly part: "drift" | "investering";
  /** Artsgruppe key of the table row, e.g. "100-299". */
  readonly group: string;
  /** 0 = I (regnskap this year), 3 = IV (regnskap the year before). */
  readonly col: 0 | 3;
  readonly ore: number;
}

const line = (del: string, art: string, prosjekt: string | null, aar: number, belop: number, group: string): CleanLine => ({
  cells: [CHAPTER, del, art, prosjekt, aar, belop],
  part: del === "Drift" ? "drift" : "investering",
  group,
  col: aar === YEAR ? 0 : 3,
  ore: Math.round(belop * 100),
});

/** Sheet row n (1-based) of Regnskap is CLEAN_LEDGER[n - 2]. */
export const CLEAN_LEDGER: readonly CleanLine[] = [
  line("Drift", "010", null, 2024, 1_000_000, "000-099"), // row 2
  line("Drift", "100", null, 2024, 250_000.5, "100-299"), // row 3
  line("Drift", "620", null, 2024, -50_000, "600-699"), // row 4
  line("Investering", "230", "122006", 2024, 300_000, "100-299"), // row 5
  line("Investering", "270", "11801101", 2024, 120_000, "100-299"), // row 6
  line("Drift", "010", null, 2023, 900_000, "000-099"), // row 7
  line("Drift", "100", null, 2023, 200_000, "100-299"), // row 8
  line("Drift", "010", null, 2024, 1_234_567.89, "000-099"), // row 9
];

const CLEAN_BUDGET: V[][] = [
  [CHAPTER, "Drift", "010", null, 2_500_000, 2_500_000],
  [CHAPTER, "Drift", "100", null, 300_000, 300_000],
  [CHAPTER, "Drift", "620", null, -60_000, -60_000],
  [CHAPTER, "Investering", "230", "122006", 400_000, 400_000],
  [CHAPTER, "Investering", "270", "11801101", 100_000, 100_000],
];

/** Sheet row n of Prosjekter is CLEAN_PROJECTS[n - 2]: 118011 (row 2), 11801101 (row 3), 122006 (row 4). */
const CLEAN_PROJECTS: V[][] = [
  ["118011", "IKT-infrastruktur", null, null, null, "Pågående", "Ordinær", null, null, null, null, null, null],
  ["11801101", "Nytt nettverk", "118011", "2025", "2025", "Pågående", "Ordinær", null, null, null, null, null, "Etter plan"],
  ["122006", "Skolebygg", null, "2025", "2026", "Pågående", "Ordinær", null, null, null, null, null, null],
];

function addSheet(wb: ExcelJS.Workbook, name: string, header: V[], rows: readonly V[][]): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name);
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return ws;
}

/** The clean workbook: Oppsett, Regnskap, Budsjett, Prosjekter. */
export function cleanWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  addSheet(
    wb,
    "Oppsett",
    ["Nøkkel", "Verdi"],
    [
      ["Rapportår", YEAR],
      ["Kapittel", CHAPTER],
      ["Virksomhet", "Testetaten"],
    ],
  );
  const ledger = addSheet(
    wb,
    "Regnskap",
    LEDGER_HEADER,
    CLEAN_LEDGER.map((l) => l.cells),
  );
  ledger.getColumn(6).numFmt = "#,##0.00";
  ledger.getRow(1).font = { bold: true };
  ledger.getCell("A1").fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFD9E1F2" } };
  addSheet(wb, "Budsjett", BUDGET_HEADER, CLEAN_BUDGET);
  addSheet(wb, "Prosjekter", PROJECT_HEADER, CLEAN_PROJECTS);
  return wb;
}

/** A ledger line that leaves the tables. */
export interface OutLine {
  /** 1-based sheet row of the line in the clean ledger (2 … 9). */
  readonly cleanRow: number;
  /** False when the amount itself cannot be read: it is then not in the ledger's total either. */
  readonly amountReadable: boolean;
}

export type ExpectedFinding = readonly [FindingCode, string, string];

export interface BadCase {
  readonly name: string;
  /** Which part of the brief the case covers. */
  readonly topic: string;
  readonly mutate: (wb: ExcelJS.Workbook) => void;
  /** Every finding but LEDGER_BALANCE, exactly: [code, sheet, cell]. */
  readonly findings: readonly ExpectedFinding[];
  /** Ledger lines left out of 3.1/3.3 (default none). */
  readonly out?: readonly OutLine[];
  /** Ledger lines the engine counts (default 8, the clean ledger's). */
  readonly lines?: number;
  /** Further checks of the report. */
  readonly extra?: string;
}

const ws = (wb: ExcelJS.Workbook, name: string) => wb.getWorksheet(name)!;
const setLedger = (address: string, value: V) => (wb: ExcelJS.Workbook) => {
  const cell = ws(wb, "Regnskap").getCell(address);
  cell.value = value;
  // A date is a date in Excel by its format; without one it would be read back as its serial number.
  if (value instanceof Date) cell.numFmt = "dd.mm.yyyy";
};
const setProjects = (cells: Record<string, V>) => (wb: ExcelJS.Workbook) => {
  for (const [a, v] of Object.entries(cells)) ws(wb, "Prosjekter").getCell(a).value = v;
};
const err = (code: string): V => ({ error: code }) as ExcelJS.CellErrorValue;

/** Rebuilds the Regnskap sheet from rows (header included) starting at A1. */
function replaceLedger(wb: ExcelJS.Workbook, rows: readonly V[][]): ExcelJS.Worksheet {
  const sheet = ws(wb, "Regnskap");
  const height = Math.max(sheet.rowCount, rows.length);
  const width = Math.max(sheet.columnCount, ...rows.map((r) => r.length));
  for (let r = 1; r <= height; r++) for (let c = 1; c <= width; c++) sheet.getCell(r, c).value = rows[r - 1]?.[c - 1] ?? null;
  return sheet;
}

const cleanRows = (): V[][] => [LEDGER_HEADER, ...CLEAN_LEDGER.map((l) => [...l.cells])];

// Amount texts in the accepted Norwegian forms, each equal to the clean amount of its cell.
const PARSES: readonly [string, string, string][] = [
  ["space", "F9", "1 234 567,89"],
  ["no-break space", "F9", "1\u00a0234\u00a0567,89"],
  ["narrow no-break space", "F9", "1\u202f234\u202f567,89"],
  ["dots", "F9", "1.234.567,89"],
  ["kr prefix", "F9", "kr 1 234 567,89"],
  ["plain with comma", "F9", "1234567,89"],
  ["hyphen minus", "F4", "-50 000"],
  ["U+2212 minus", "F4", "\u221250 000"],
  ["parentheses", "F4", "(50 000)"],
  ["kr and minus", "F4", "kr -50 000"],
  ["dotted negative", "F4", "-50.000,00"],
  ["trailing minus", "F4", "50 000,00-"],
  ["number stored as text", "F2", "1000000"],
  ["øre as text", "F3", "250000,50"],
];

// Amounts that must never be read: reported at F3 (Drift, art 100, 250 000,50 kr) and left out.
const BAD_AMOUNTS: readonly [string, V, FindingCode][] = [
  ["12,34,56", "12,34,56", "AMOUNT_INVALID"],
  ["1.2.3", "1.2.3", "AMOUNT_INVALID"],
  ["a date as text", "31.12.2024", "AMOUNT_INVALID"],
  ["an ISO date as text", "2024-12-31", "AMOUNT_INVALID"],
  ["a real date", new Date(Date.UTC(2024, 11, 31)), "AMOUNT_INVALID"],
  ["abc", "abc", "AMOUNT_INVALID"],
  ["1 234,5,6", "1 234,5,6", "AMOUNT_INVALID"],
  ["two signs", "-(5 000)", "AMOUNT_INVALID"],
  ["a boolean", true, "AMOUNT_INVALID"],
  ["32,767 digits", "9".repeat(32_767), "AMOUNT_INVALID"],
  ["#N/A", err("#N/A"), "CELL_ERROR"],
  ["#REF!", err("#REF!"), "CELL_ERROR"],
  ["#VALUE!", err("#VALUE!"), "CELL_ERROR"],
  ["#DIV/0!", err("#DIV/0!"), "CELL_ERROR"],
  ["#N/A as text", "#N/A", "CELL_ERROR"],
  ["a formula giving #DIV/0!", { formula: "1/0", result: err("#DIV/0!") } as V, "CELL_ERROR"],
  // A formula saved without its value (files from other tools than Excel): open and save it in Excel first.
  ["a formula with no saved value", { formula: "2*125000" } as V, "FORMULA_UNCALCULATED"],
  ["dotted thousands in a column that does not show its form", "250.000", "NUMBER_FORM_AMBIGUOUS"],
];

/** The register's Reguleringer with risky texts; amounts 0 so nothing else changes. */
const RISKY_CHANGES: V[][] = [
  ["Drift", "=1+1", "-", 0, "Regulering", null, "@SUM(A1)"],
  ["Investering", "+Byrådssak 1/24", "=NOW()", 0, "YDISP", "122006", "-cmd|' /C calc'!A0"],
];

// Arter that are not arter: the line (F3, 250 000,50 kr) is read but left out.
const BAD_ARTS: readonly [string, V, FindingCode][] = [
  ["l20", "l20", "ART_INVALID"],
  ["1000", "1000", "ART_INVALID"],
  ["1000 as a number", 1000, "ART_INVALID"],
  ["-10", "-10", "ART_INVALID"],
  ["-10 as a number", -10, "ART_INVALID"],
  ["10.5", "10.5", "ART_INVALID"],
  ["10.5 as a number", 10.5, "ART_INVALID"],
  ["1e300 as a number", 1e300, "ART_INVALID"],
  ["blank", null, "AMOUNT_WITHOUT_ART"],
  ["#REF!", err("#REF!"), "CELL_ERROR"],
  ["#N/A as text", "#N/A", "CELL_ERROR"],
];

const F3_OUT_UNREADABLE: readonly OutLine[] = [{ cleanRow: 3, amountReadable: false }];
const F3_OUT_READ: readonly OutLine[] = [{ cleanRow: 3, amountReadable: true }];

export const CASES: readonly BadCase[] = [
  { name: "clean", topic: "baseline", mutate: () => {}, findings: [] },
  ...PARSES.map(([name, cell, text]): BadCase => ({ name: `amount text: ${name}`, topic: "amounts as text that must parse", mutate: setLedger(cell, text), findings: [] })),
  ...BAD_AMOUNTS.map(([name, value, code]): BadCase => ({
    name: `amount: ${name}`,
    topic: "amounts that must not parse; Excel error values in the amount column",
    mutate: setLedger("F3", value),
    findings: [[code, "Regnskap", code === "ART_WITHOUT_AMOUNT" ? "C3" : "F3"]],
    out: F3_OUT_UNREADABLE,
  })),
  ...BAD_ARTS.map(([name, value, code]): BadCase => ({
    name: `art: ${name}`,
    topic: "art codes; Excel error values in the art column",
    mutate: setLedger("C3", value),
    findings: [[code, "Regnskap", "C3"]],
    out: F3_OUT_READ,
  })),
  {
    name: "art: 10 as a number (lost its leading zero) is 010",
    topic: "art codes",
    mutate: setLedger("C2", 10),
    findings: [],
  },
  ...(
    [
      ["5 digits", "12200"],
      ["7 digits", "1220060"],
      ["11 digits as a number", 12200600000],
      ["#N/A", err("#N/A")],
    ] as const
  ).map(([name, value]): BadCase => ({
    name: `ledger project: ${name}`,
    topic: "project numbers of wrong length; Excel error values in the project column",
    mutate: setLedger("D5", value as V),
    // Counted without project: in 3.3, not in 3.4.1.
    findings: [
      ["PROJECT_INVALID", "Regnskap", "D5"],
      ["INVESTMENT_NO_PROJECT", "Regnskap", "F5"],
    ],
    extra: "3.4.1: 122006 has no regnskap",
  })),
  {
    name: "year: #N/A",
    topic: "Excel error values in a key column",
    mutate: setLedger("E3", err("#N/A")),
    findings: [
      ["YEAR_INVALID", "Regnskap", "E3"],
      ["YEAR_OUTSIDE", "Regnskap", "E3"],
    ],
    out: F3_OUT_READ,
  },
  {
    name: "year: 2019 (outside)",
    topic: "years outside",
    mutate: setLedger("E3", 2019),
    findings: [["YEAR_OUTSIDE", "Regnskap", "E3"]],
    out: F3_OUT_READ,
  },
  {
    name: "part: Annet",
    topic: "key columns",
    mutate: setLedger("B3", "Annet"),
    findings: [["PART_INVALID", "Regnskap", "B3"]],
    out: F3_OUT_READ,
  },
  {
    name: "header row in row 3, under a title",
    topic: "header row not in row 1",
    mutate: (wb) => {
      const rows = cleanRows();
      setCell(rows, 2, 5, "abc"); // clean row 3 → sheet row 5
      const sheet = replaceLedger(wb, [["Hovedbok Testetaten 2024"], [], ...rows]);
      sheet.mergeCells("A1:F1");
    },
    findings: [["AMOUNT_INVALID", "Regnskap", "F5"]],
    out: F3_OUT_UNREADABLE,
  },
  {
    name: "empty rows and an empty column inside the data",
    topic: "empty rows and columns inside the data",
    mutate: (wb) => {
      const rows = cleanRows().map((r) => [...r.slice(0, 4), null, ...r.slice(4)]);
      setCell(rows, 5, 6, "abc"); // clean row 6 (Investering 270, 120 000) → sheet row 8 after two empty rows, column G
      replaceLedger(wb, [...rows.slice(0, 2), [], ...rows.slice(2, 4), [], ...rows.slice(4)]);
    },
    findings: [["AMOUNT_INVALID", "Regnskap", "G8"]],
    out: [{ cleanRow: 6, amountReadable: false }],
    extra: "3.4.1: 11801101 has no regnskap",
  },
  {
    name: "duplicate header Beløp",
    topic: "duplicate headers",
    mutate: (wb) => {
      const sheet = ws(wb, "Regnskap");
      sheet.getCell("G1").value = "Beløp";
      for (let r = 2; r <= 9; r++) sheet.getCell(`G${r}`).value = 1;
    },
    findings: [["HEADER_DUPLICATE", "Regnskap", "G1"]],
  },
  {
    name: "merged header cells",
    topic: "merged header cells",
    mutate: (wb) => {
      const sheet = ws(wb, "Regnskap");
      sheet.mergeCells("F1:G1");
      sheet.getCell("F1").value = "Beløp";
    },
    findings: [],
  },
  {
    name: "a column of formulas",
    topic: "a column of formulas (exceljs {formula, result})",
    mutate: (wb) => {
      const sheet = ws(wb, "Regnskap");
      CLEAN_LEDGER.forEach((l, i) => (sheet.getCell(`F${i + 2}`).value = { formula: `${l.ore}/100`, result: l.ore / 100 } as V));
    },
    findings: [],
  },
  {
    name: "numbers stored as text throughout",
    topic: "numbers stored as text",
    mutate: (wb) => {
      const sheet = ws(wb, "Regnskap");
      CLEAN_LEDGER.forEach((l, i) => {
        sheet.getCell(`A${i + 2}`).value = String(CHAPTER);
        sheet.getCell(`E${i + 2}`).value = String(l.cells[4]);
        sheet.getCell(`F${i + 2}`).value = String(l.cells[5]).replace(".", ",");
      });
    },
    findings: [],
  },
  {
    name: "register: project number of 7 digits",
    topic: "project numbers of wrong length",
    mutate: setProjects({ A4: "1220060" }),
    findings: [
      ["PROJECT_INVALID", "Prosjekter", "A4"],
      ["PROJECT_NOT_IN_REGISTER", "Regnskap", "D5"],
    ],
  },
  {
    name: "register: the same project twice with different names",
    topic: "the same project twice with different names",
    mutate: (wb) => {
      ws(wb, "Prosjekter").addRow(["122006", "Skolebygg (ny)", null, "2025", "2026", "Pågående", "Ordinær"]);
      ws(wb, "Prosjekter").addRow(["122006", "Skolebygg", null, "2025", "2026", "Pågående", "Ordinær"]);
    },
    findings: [["PROJECT_DUPLICATE_NAME", "Prosjekter", "A5"]],
  },
  {
    name: "register: sub-project whose parent is missing",
    topic: "sub-projects whose parent is missing",
    mutate: (wb) => {
      ws(wb, "Prosjekter").spliceRows(2, 1);
    },
    // At the Overordnet prosjekt cell, which names the parent that is not there.
    findings: [["PROJECT_PARENT_MISSING", "Prosjekter", "C2"]],
  },
  {
    name: "register: dates that do not parse",
    topic: "dates in forms that do not parse",
    mutate: setProjects({ D3: "32.12.2025", E3: "Q5 2025", D4: "snart", E4: "2026/13" }),
    findings: [
      ["DATE_INVALID", "Prosjekter", "D3"],
      ["DATE_INVALID", "Prosjekter", "E3"],
      ["DATE_INVALID", "Prosjekter", "D4"],
      ["DATE_INVALID", "Prosjekter", "E4"],
    ],
  },
  {
    name: "register: statuses in other spellings and casing",
    topic: "statuses with other spellings and casing",
    mutate: setProjects({ F2: "PÅGÅENDE", F3: "pågår", F4: "AVSLUTTET" }),
    findings: [["STATUS_UNKNOWN", "Prosjekter", "F3"]],
    extra: "122006 suggested category 2 (finished), 11801101 category 1",
  },
  {
    name: "register: unknown status words",
    topic: "statuses with other spellings and casing",
    mutate: setProjects({ F3: "Under arbeid", F4: " ferdigstilt " }),
    findings: [["STATUS_UNKNOWN", "Prosjekter", "F3"]],
  },
  {
    name: "register: a split that does not add up",
    topic: "a split over categories that does not add up",
    // 122006: avvik 400 000 − 300 000 = 100 000 kr; the split gives 90 000.
    mutate: setProjects({ I4: 60_000, K4: 30_000 }),
    // At the split's first cell (Kat. 1).
    findings: [["SPLIT_MISMATCH", "Prosjekter", "I4"]],
  },
  {
    name: "register: override category 5",
    topic: "an override category 5",
    mutate: setProjects({ H4: 5 }),
    findings: [["CATEGORY_INVALID", "Prosjekter", "H4"]],
  },
  {
    name: "register: names and comments starting with = + - @",
    topic: "project names and comments starting with =, +, -, @",
    mutate: (wb) => {
      setProjects({ B2: "=SUM(A1:A9)", B3: "+47 22 00 00 00", M3: "-1+1", B4: "@Skolebygg", M4: '=HYPERLINK("http://x")' })(wb);
      addSheet(wb, "Reguleringer", ["Del", "Sak", "Dato", "Beløp", "Type", "Prosjekt", "Beskrivelse"], RISKY_CHANGES);
    },
    findings: [],
  },
  {
    name: "a project name and a comment of 32,767 characters",
    topic: "a cell of 32,767 characters",
    mutate: setProjects({ B4: "S".repeat(32_767), M4: "k".repeat(32_767) }),
    findings: [],
  },
];

/** Writes every case to `dir/<index>-<slug>.xlsx`; returns the paths by case name. */
export async function writeCorpus(dir: string, cases: readonly BadCase[] = CASES): Promise<Map<string, string>> {
  mkdirSync(dir, { recursive: true });
  const out = new Map<string, string>();
  for (const [i, c] of cases.entries()) {
    const wb = cleanWorkbook();
    c.mutate(wb);
    const file = join(
      dir,
      `${String(i).padStart(2, "0")}-${c.name
        .replace(/[^a-z0-9]+/gi, "-")
        .replace(/^-|-$/g, "")
        .slice(0, 60)}.xlsx`,
    );
    await wb.xlsx.writeFile(file);
    out.set(c.name, file);
  }
  return out;
}

/** The files that are not workbooks at all (the command line exits with 2). */
export async function writeUnreadable(dir: string): Promise<{ corrupt: string; encrypted: string; truncated: string; empty: string; noLedger: string }> {
  mkdirSync(dir, { recursive: true });
  const corrupt = join(dir, "corrupt.xlsx");
  // A zip's local header and then nothing a zip reader can use.
  writeFileSync(corrupt, Buffer.concat([Buffer.from("PK\u0003\u0004"), Buffer.alloc(200, 0x41)]));
  const truncated = join(dir, "truncated.xlsx");
  const full = (await cleanWorkbook().xlsx.writeBuffer()) as ArrayBuffer;
  writeFileSync(truncated, Buffer.from(full).subarray(0, Math.floor(full.byteLength / 2)));
  // An encrypted .xlsx is an OLE compound file (CFB): this signature, then the encrypted package.
  const encrypted = join(dir, "encrypted.xlsx");
  writeFileSync(encrypted, Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(4096, 0x5a)]));
  const empty = join(dir, "empty.xlsx");
  writeFileSync(empty, Buffer.alloc(0));
  const noLedger = join(dir, "no-ledger.xlsx");
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet("Notater").addRow(["Bare notater, ingen hovedbok"]);
  addSheet(wb, "Budsjett", BUDGET_HEADER, CLEAN_BUDGET);
  await wb.xlsx.writeFile(noLedger);
  return { corrupt, encrypted, truncated, empty, noLedger };
}

if (require.main === module) {
  const dir = process.argv[2] ?? join(process.cwd(), "out", "bad-input");
  Promise.all([writeCorpus(dir), writeUnreadable(dir)]).then(([files]) => process.stdout.write(`${files.size + 5} files in ${dir}\n`));
}
