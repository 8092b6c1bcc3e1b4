import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { main } from "../../src/cli/main";
import { ARTSGRUPPER } from "../../src/domain/artsgrupper";
import type { CellValue, SheetGrid } from "../../src/domain/cells";
import type { Finding } from "../../src/domain/findings";
import { oreToKronerNumber, type Ore } from "../../src/domain/money";
import { InputError, runPipeline, type Report } from "../../src/domain/pipeline";
import { at } from "../../src/domain/at";
import { accountColumns, projectColumns } from "../../src/domain/report/columns";
import type { AccountRow } from "../../src/domain/report/tables";
import { readWorkbookFile } from "../../src/workbook/exceljs-reader";
import { BadCase, CASES, CHAPTER, CLEAN_LEDGER, LEDGER_HEADER, writeCorpus, writeUnreadable, YEAR } from "./make-corpus";

/**
 * The bad-input corpus (make-corpus.ts), read back from .xlsx files as the command line
 * reads them: each case must give exactly its findings, the tables must be the clean
 * workbook's minus exactly the lines left out, and the ledger must balance.
 */

const dir = mkdtempSync(join(tmpdir(), "avstem-bad-input-"));
let files: Map<string, string>;
let unreadable: Awaited<ReturnType<typeof writeUnreadable>>;
const reports = new Map<string, Report>();

async function reportOf(c: BadCase): Promise<Report> {
  const cached = reports.get(c.name);
  if (cached) return cached;
  const r = runPipeline({ grids: await readWorkbookFile(files.get(c.name)!) });
  reports.set(c.name, r);
  return r;
}

beforeAll(async () => {
  [files, unreadable] = await Promise.all([writeCorpus(dir), writeUnreadable(dir)]);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CLEAN_TOTAL = CLEAN_LEDGER.reduce((s, l) => s + l.ore, 0);
const PARTS = ["drift", "investering"] as const;
const TABLE = { drift: "3.1", investering: "3.3" } as const;

/** I–V of a 3.1/3.3 row, øre. */
type Values = [number, number, number, number, number];

/** The clean ledger's line of a sheet row of the clean workbook. */
const cleanLine = (cleanRow: number) => at(CLEAN_LEDGER, cleanRow - 2, "clean ledger line");

/** 3.1/3.3 as [key, values] rows, with group rows shifted and sums recomputed independently of the engine. */
function accountTable(rows: readonly AccountRow[], shift: ReadonlyMap<string, Values> = new Map()): [string, Values][] {
  const groups = rows
    .filter((r) => r.kind === "group")
    .map((r): [string, Values] => {
      const [i, ii, iii, iv] = accountColumns(r.amounts);
      const [di, dii, diii, div] = shift.get(r.key) ?? [0, 0, 0, 0, 0];
      const v: Values = [i - di, ii - dii, iii - diii, iv - div, 0];
      v[4] = v[2] - v[0];
      return [r.key, v];
    });
  expect(groups.map((g) => g[0])).toEqual(ARTSGRUPPER.map((a) => a.key));
  const add = (a: Values, b: Values): Values => [a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3], a[4] + b[4]];
  const total = (gs: [string, Values][]) => gs.reduce<Values>((s, g) => add(s, g[1]), [0, 0, 0, 0, 0]);
  const u = total(groups.slice(0, 5));
  const inn = total(groups.slice(5));
  return [...groups.slice(0, 5), ["sumUtgifter", u], ...groups.slice(5), ["sumInntekter", inn], ["netto", add(u, inn)]];
}

const asRows = (rows: readonly AccountRow[]): [string, Values][] => rows.map((r) => [r.key, [...accountColumns(r.amounts)]]);

function balanceOf(r: Report): Finding {
  const b = r.findings.filter((f) => f.code === "LEDGER_BALANCE");
  expect(b).toHaveLength(1);
  return at(b, 0, "LEDGER_BALANCE");
}

function inTables(r: Report): number {
  let s = 0;
  for (const part of PARTS) for (const row of r.tables[TABLE[part]].rows) if (row.kind === "group") s += row.amounts.regnskap + row.amounts.regnskapFjor;
  return s;
}

/** The Kontroll sheet's row for a finding code: [code, sheet, cell, amount, count]. */
function kontrollRows(r: Report, code: string): unknown[][] {
  const sheet = r.sheets.find((s) => s.role === "findings")!;
  return sheet.rows.filter((row) => row[1]?.value === code).map((row) => [row[1]?.value, row[2]?.value, row[3]?.value, row[5]?.value, row[6]?.value]);
}

/** Conservation, for every case: regnskap in the tables + Σ left out = the ledger's total of readable amounts; lines likewise. */
function expectConservation(r: Report, expected: { total: number; leftOutOre: number; lines: number; leftOutLines: number; linesInTables: number }): void {
  const b = balanceOf(r);
  expect(r.ledgerLines).toBe(expected.lines);
  expect(b.count).toBe(expected.leftOutLines);
  expect(b.amount).toBe(expected.leftOutOre);
  expect(inTables(r) + (b.amount ?? 0)).toBe(expected.total);
  expect(r.ledgerLines - (b.count ?? 0)).toBe(expected.linesInTables);
  // Shown in Kontroll: the left-out sum and count on the LEDGER_BALANCE row.
  expect(kontrollRows(r, "LEDGER_BALANCE")).toEqual([["LEDGER_BALANCE", b.sheet, "", oreToKronerNumber((b.amount ?? 0) as Ore), b.count ?? null]]);
  expect(b.message).toContain(expected.leftOutLines ? "Utelatt:" : "Ingen linjer er utelatt");
}

const findingKeys = (r: Report) =>
  r.findings
    .filter((f) => f.code !== "LEDGER_BALANCE")
    .map((f) => [f.code, f.sheet, f.cell])
    .sort();

describe("the bad-input corpus, read from .xlsx", () => {
  let clean: Report;
  beforeAll(async () => {
    clean = await reportOf(at(CASES, 0, "case"));
  });

  test("the clean workbook gives no findings but the balance, and its tables", () => {
    expect(findingKeys(clean)).toEqual([]);
    const g = (part: "drift" | "investering", key: string) => clean.tables[TABLE[part]].rows.find((r) => r.key === key)!.amounts;
    expect(g("drift", "000-099")).toEqual({ regnskap: 223_456_789, dok3: 250_000_000, regulert: 250_000_000, regnskapFjor: 90_000_000 });
    expect(g("drift", "100-299")).toEqual({ regnskap: 25_000_050, dok3: 30_000_000, regulert: 30_000_000, regnskapFjor: 20_000_000 });
    expect(g("drift", "600-699")).toEqual({ regnskap: -5_000_000, dok3: -6_000_000, regulert: -6_000_000, regnskapFjor: 0 });
    expect(g("investering", "100-299")).toEqual({ regnskap: 42_000_000, dok3: 50_000_000, regulert: 50_000_000, regnskapFjor: 0 });
    expect(clean.tables["3.4.1"].rows.map((r) => [r.key, r.parent, [...projectColumns(r.amounts)]])).toEqual([
      ["118011", null, [10_000_000, 10_000_000, 12_000_000, -2_000_000]],
      ["11801101", "118011", [10_000_000, 10_000_000, 12_000_000, -2_000_000]],
      ["122006", null, [40_000_000, 40_000_000, 30_000_000, 10_000_000]],
    ]);
  });

  test.each(CASES.filter((c) => c.name !== "clean").map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const r = await reportOf(c);
    // 1. Exactly the findings of the case, each naming its cell.
    expect(findingKeys(r)).toEqual([...c.findings].map((f) => [...f]).sort());
    for (const f of r.findings) if (f.cell && !f.sheet.startsWith("Tabell")) expect(f.cell).toMatch(/^[A-Z]{1,3}[1-9]\d*$/);
    // 2. The tables: the clean ones minus exactly the left-out lines, in their rows.
    const out = c.out ?? [];
    for (const part of PARTS) {
      const shift = new Map<string, Values>();
      for (const o of out) {
        const l = cleanLine(o.cleanRow);
        if (l.part !== part) continue;
        const v = shift.get(l.group) ?? [0, 0, 0, 0, 0];
        v[l.col] += l.ore;
        shift.set(l.group, v);
      }
      expect(asRows(r.tables[TABLE[part]].rows)).toEqual(accountTable(clean.tables[TABLE[part]].rows, shift));
    }
    // 3. Nothing lost: tables + left out = the ledger's readable total, lines likewise.
    const unreadable = out.filter((o) => !o.amountReadable).reduce((s, o) => s + cleanLine(o.cleanRow).ore, 0);
    const readOut = out.filter((o) => o.amountReadable).reduce((s, o) => s + cleanLine(o.cleanRow).ore, 0);
    expectConservation(r, {
      total: CLEAN_TOTAL - unreadable,
      leftOutOre: readOut,
      lines: c.lines ?? CLEAN_LEDGER.length,
      leftOutLines: out.length,
      linesInTables: CLEAN_LEDGER.length - out.length,
    });
    // 4. Where a left-out line's own findings carry an amount, it is the line's.
    for (const f of r.findings)
      if (["ART_INVALID", "AMOUNT_WITHOUT_ART", "PART_INVALID", "YEAR_INVALID"].includes(f.code)) expect(f.amount).toBe(cleanLine(Number(f.cell.slice(1))).ore);
  });

  test("a project counted without its number is in 3.3 but not in 3.4.1", async () => {
    for (const c of CASES.filter((x) => x.name.startsWith("ledger project:"))) {
      const r = await reportOf(c);
      expect(r.tables["3.4.1"].rows.find((x) => x.key === "122006")!.amounts).toEqual({ dok3: 40_000_000, regulert: 40_000_000, regnskap: 0 });
      expect(r.findings.find((f) => f.code === "INVESTMENT_NO_PROJECT")!.amount).toBe(30_000_000);
    }
  });

  test("a sub-project line left out is missing from 3.4.1 too", async () => {
    const r = await reportOf(CASES.find((c) => c.name.startsWith("empty rows"))!);
    expect(r.tables["3.4.1"].rows.find((x) => x.key === "11801101")!.amounts).toEqual({ dok3: 10_000_000, regulert: 10_000_000, regnskap: 0 });
  });

  test("statuses in other casing are read; the unknown one is named and not used", async () => {
    const r = await reportOf(CASES.find((c) => c.name === "register: statuses in other spellings and casing")!);
    const p = new Map(r.projects.map((x) => [x.nr, x]));
    expect(p.get("122006")!.suggested).toBe(2); // AVSLUTTET: finished
    expect(p.get("11801101")!.suggested).toBe(1);
  });

  test("a split that does not add up is used as given, and the difference is named", async () => {
    const r = await reportOf(CASES.find((c) => c.name === "register: a split that does not add up")!);
    expect(r.projects.find((x) => x.nr === "122006")!.applied).toEqual([6_000_000, 0, 3_000_000, 0]);
    expect(r.findings.find((f) => f.code === "SPLIT_MISMATCH")!.amount).toBe(1_000_000);
  });

  test("override category 5 is refused and the suggestion stands", async () => {
    const r = await reportOf(CASES.find((c) => c.name === "register: override category 5")!);
    const p = r.projects.find((x) => x.nr === "122006")!;
    expect(p.source).toBe("suggested");
    expect(p.suggested).toBe(3);
  });

  test("the same project twice: the first name is used", async () => {
    const r = await reportOf(CASES.find((c) => c.name === "register: the same project twice with different names")!);
    expect(r.tables["3.4.1"].rows.find((x) => x.key === "122006")!.label).toBe("Skolebygg");
  });

  test("names and comments starting with = + - @ are text in the model: no formula, the string as value", async () => {
    const r = await reportOf(CASES.find((c) => c.name === "register: names and comments starting with = + - @")!);
    const risky = ["=SUM(A1:A9)", "+47 22 00 00 00", "-1+1", "@Skolebygg", '=HYPERLINK("http://x")', "=1+1", "@SUM(A1)", "+Byrådssak 1/24", "=NOW()", "-cmd|' /C calc'!A0"];
    expect(r.changes.map((c) => [c.sak, c.date, c.description])).toEqual([
      ["=1+1", "-", "@SUM(A1)"],
      ["+Byrådssak 1/24", "=NOW()", "-cmd|' /C calc'!A0"],
    ]);
    const t341 = r.tables["3.4.1"].rows;
    expect(t341.map((x) => x.label)).toEqual(expect.arrayContaining(["=SUM(A1:A9)", "+47 22 00 00 00", "@Skolebygg"]));
    expect(t341.find((x) => x.key === "11801101")!.comment).toBe("-1+1");
    expect(t341.find((x) => x.key === "122006")!.comment).toBe('=HYPERLINK("http://x")');
    const seen = new Set<string>();
    for (const sheet of r.sheets)
      for (const row of sheet.rows)
        for (const cell of row) {
          if (!cell || typeof cell.value !== "string") continue;
          const hit = risky.find((t) => cell.value === t || (cell.value as string).endsWith(` ${t}`));
          if (hit) {
            seen.add(hit);
            expect(cell.formula).toBeUndefined();
            expect(typeof cell.value).toBe("string");
          }
          // No model cell's formula was made from input text.
          if (cell.formula) for (const t of risky) expect(cell.formula).not.toContain(t.slice(1));
        }
    // Every risky text the report shows, names and the register's comments alike, was seen as plain text.
    expect([...seen].sort()).toEqual([...risky].sort());
  });

  test("a project name of 32,767 characters is carried whole", async () => {
    const r = await reportOf(CASES.find((c) => c.name === "a project name and a comment of 32,767 characters")!);
    const row = r.tables["3.4.1"].rows.find((x) => x.key === "122006")!;
    expect(row.label).toHaveLength(32_767);
    expect(row.comment).toHaveLength(32_767);
    const longest = Math.max(...r.sheets.flatMap((s) => s.rows.flatMap((x) => x.map((c) => (typeof c?.value === "string" ? c.value.length : 0)))));
    console.info(`longest report cell with a 32,767-character project name: ${longest} characters (Excel's limit is 32,767)`);
  });

  test("no report cell is longer than Excel's 32,767 characters; a longer text is cut with an ellipsis", async () => {
    const r = await reportOf(CASES.find((c) => c.name === "a project name and a comment of 32,767 characters")!);
    const texts = r.sheets.flatMap((s) => s.rows.flatMap((x) => x.map((c) => (typeof c?.value === "string" ? c.value : ""))));
    expect(Math.max(...texts.map((t) => t.length))).toBe(32_767);
    // The 3.4.2 label is "122006-" + the name: cut, and it says so.
    expect(texts.some((t) => t.startsWith("122006-") && t.endsWith("…") && t.length === 32_767)).toBe(true);
  });
});

// ------------------------------------------------------------------ 1,048,576 rows

describe("a Regnskap sheet of 1,048,576 rows (in memory)", () => {
  const N = 1_048_576;
  const LINE: CellValue[] = [CHAPTER, "Drift", "010", null, YEAR, 1.5];
  const LAST_YEAR: CellValue[] = [CHAPTER, "Drift", "100", null, YEAR - 1, -2.25];
  const BAD: CellValue[] = [CHAPTER, "Drift", "010", null, YEAR, "abc"];
  const EMPTY: CellValue[] = [];

  function ledger(pick: (i: number) => readonly CellValue[]): { grid: SheetGrid; lines: number; total: number; bad: number[] } {
    const rows: (readonly CellValue[])[] = new Array(N);
    rows[0] = LEDGER_HEADER;
    let lines = 0;
    let total = 0;
    const bad: number[] = [];
    for (let i = 1; i < N; i++) {
      const row = pick(i);
      rows[i] = row;
      if (row === LINE || row === LAST_YEAR || row === BAD) lines++;
      if (row === LINE) total += 150;
      else if (row === LAST_YEAR) total -= 225;
      else if (row === BAD) bad.push(i);
    }
    return { grid: { name: "Regnskap", rows, firstRow: 0, firstColumn: 0 }, lines, total, bad };
  }

  const oppsett: SheetGrid = {
    name: "Oppsett",
    rows: [
      ["Nøkkel", "Verdi"],
      ["Rapportår", YEAR],
      ["Kapittel", CHAPTER],
    ],
    firstRow: 0,
    firstColumn: 0,
  };

  function check(r: Report, l: ReturnType<typeof ledger>, lastYearLines: number): void {
    expect(r.year).toBe(YEAR);
    expectConservation(r, { total: l.total, leftOutOre: 0, lines: l.lines, leftOutLines: l.bad.length, linesInTables: l.lines - l.bad.length });
    const invalid = r.findings.filter((f) => f.code === "AMOUNT_INVALID");
    expect(invalid.map((f) => f.cell)).toEqual(l.bad.map((i) => `F${i + 1}`));
    const lastYear = r.tables["3.1"].rows.find((x) => x.key === "100-299")!.amounts.regnskapFjor;
    expect(lastYear).toBe(-225 * lastYearLines);
  }

  test("mostly empty, a line every 10th row, some bad ones: finishes and counts right", () => {
    const l = ledger((i) => (i % 250_000 === 7 ? BAD : i % 1000 === 1 ? LAST_YEAR : i % 10 === 0 ? LINE : EMPTY));
    const t0 = Date.now();
    const r = runPipeline({ grids: [oppsett, l.grid] });
    const ms = Date.now() - t0;
    console.info(`1,048,576 rows (${l.lines} lines): runPipeline ${ms} ms, heap ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB`);
    check(r, l, 1049);
    expect(l.bad).toEqual([7, 250_007, 500_007, 750_007, 1_000_007]);
    expect(r.findings.find((f) => f.cell === "F1000008")?.code).toBe("AMOUNT_INVALID");
    expect(ms).toBeLessThan(30_000);
  });

  test("every row a posting and no Rapportår: the year is found in the År column, no stack overflow", () => {
    const l = ledger((i) => (i === N - 1 ? BAD : i % 1000 === 1 ? LAST_YEAR : LINE));
    const t0 = Date.now();
    const r = runPipeline({ grids: [l.grid] });
    const ms = Date.now() - t0;
    console.info(`1,048,576 rows (${l.lines} lines), year and chapter from the ledger: runPipeline ${ms} ms`);
    expect(r.chapter).toBe(CHAPTER);
    check(r, l, 1049);
    expect(l.bad).toEqual([N - 1]);
    expect(r.findings.find((f) => f.code === "AMOUNT_INVALID")!.cell).toBe("F1048576");
    expect(ms).toBeLessThan(30_000);
  });
});

// ------------------------------------------------------------------ files that are no workbook

describe("avstem build on a file that cannot be used: exit 2, one clear sentence, no stack trace", () => {
  function io() {
    const buf = { out: "", err: "" };
    const sink = (k: "out" | "err") => ({ write: (s: string) => ((buf[k] += s), true) });
    return { buf, io: { out: sink("out"), err: sink("err") } as unknown as Parameters<typeof main>[1] };
  }

  test.each([
    ["a corrupt .xlsx", () => unreadable.corrupt, /kan ikke leses som en Excel-arbeidsbok/],
    ["a truncated .xlsx", () => unreadable.truncated, /kan ikke leses som en Excel-arbeidsbok/],
    ["an empty file", () => unreadable.empty, /kan ikke leses som en Excel-arbeidsbok/],
    ["an encrypted (password-protected) .xlsx: an OLE compound file", () => unreadable.encrypted, /er passordbeskyttet eller kryptert/],
    ["a workbook with no ledger", () => unreadable.noLedger, /Fant ikke regnskapet/],
  ])("%s", async (_name, file, message) => {
    const { buf, io: streams } = io();
    const out = join(dir, "x", "rapport.xlsx");
    await expect(main(["build", file(), "-o", out], streams)).resolves.toBe(2);
    expect(buf.err).toMatch(message);
    expect(buf.err).toMatch(/^avstem: /);
    expect(buf.err.trim().split("\n")).toHaveLength(1);
    expect(buf.err).not.toMatch(/\bat .*:\d+:\d+/);
    expect(buf.err).not.toMatch(/Error:|undefined|\[object/);
    expect(buf.out).toBe("");
  });

  test("a workbook with no ledger throws InputError from the engine (the task pane shows its message)", async () => {
    const grids = await readWorkbookFile(unreadable.noLedger);
    expect(() => runPipeline({ grids })).toThrow(InputError);
  });
});
