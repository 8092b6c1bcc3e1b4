import { GROUP_COUNT, isKostraArt, normaliseArt, type NormalisedArt, Part, restrictedPart } from "./artsgrupper";
import { ByteMemo } from "./byte-memo";
import { type ByteLine, type ByteLineVisitor, cellAddress, CellValue, cellText, isBlank, isCellError, isErrorText, type SheetGrid } from "./cells";
import { finding } from "./findings";
import { T } from "./messages";
import { FindingSink } from "./finding-sink";
import { AmountColumn, AmountResult, clip, GridReader, parseChapter, parsePart, parseProject, readAmount, reportErrorCell } from "./input";
import type { CreditSign, YearSource } from "./ledger-columns";
import { monthOf, type MonthSource, yearOf } from "./ledger-months";
import type { DetectedSheet } from "./layout";
import { formatNorwegian, scanCommonAmount, scanCommonAmountBytes } from "./norwegian-number";
import { ore, type Ore } from "./money";
import type { Amounts } from "./amounts";
import { need } from "./at";

/** The four amounts of a table row. */
export const MEASURES = ["regnskap", "regnskapFjor", "dok3", "regulert"] as const;
export type Measure = (typeof MEASURES)[number];
const M = { regnskap: 0, regnskapFjor: 1, dok3: 2, regulert: 3 } as const;

/** Where a line comes from, for findings and traceability. */
export interface SourceRef {
  readonly sheet: string;
  readonly row: number; // 0-based
}

export interface ProjectTotals {
  dok3: number;
  regulert: number;
  regnskap: number;
  /** Artsgrupper the project's lines fall in. */
  groups: Set<number>;
  lines: number;
  /** The first line naming the project (its Prosjekt cell). */
  first: SourceRef & { cell: string };
}

interface Tally {
  count: number;
  ore: number;
  first?: SourceRef & { cell: string };
}

/**
 * The spending (artsgruppe 0–4) of the report year on one art and project in one part: its
 * lines and sum, and its first line (sheet, 0-based row and the amount's column; its address
 * is made only for the few a finding names).
 */
export interface SpendingTally {
  readonly count: number;
  readonly ore: number;
  readonly part: Part;
  readonly art: string;
  readonly project: string | null;
  readonly sheet: string;
  readonly row: number;
  readonly col: number;
}

/** What a spending tally is of, and where its first line of the report year is: a ledger slot (LineSlot). */
interface SpendingKey {
  readonly part: Part;
  readonly art: string | null;
  readonly project: string | null;
  readonly sheet: string;
  readonly yearRow: number;
  readonly yearCol: number;
}

/**
 * The spending tallies (SpendingTally, in the order they were added), kept as columns: what each
 * is of (its slot), its lines and its sum. A 1M-line ledger has some 13,000; an object apiece,
 * made when the sheet's lines were added up, took about 10 ms there and gave the collector more
 * to move. `at(i)` (and iterating) gives tally i as an object.
 */
export class SpendingTallies {
  private readonly keys: SpendingKey[] = [];
  private counts = new Float64Array(256);
  private ores = new Float64Array(256);

  get length(): number {
    return this.keys.length;
  }

  add(key: SpendingKey, count: number, ore: number): void {
    const i = this.keys.length;
    if (i === this.counts.length) {
      const counts = new Float64Array(i * 2);
      const ores = new Float64Array(i * 2);
      counts.set(this.counts);
      ores.set(this.ores);
      this.counts = counts;
      this.ores = ores;
    }
    this.keys.push(key);
    this.counts[i] = count;
    this.ores[i] = ore;
  }

  count(i: number): number {
    return this.counts[i]!;
  }
  ore(i: number): number {
    return this.ores[i]!;
  }
  part(i: number): Part {
    return this.keys[i]!.part;
  }
  /** The art (a spending tally always has one). */
  art(i: number): string {
    return this.keys[i]!.art ?? "";
  }
  project(i: number): string | null {
    return this.keys[i]!.project;
  }
  sheet(i: number): string {
    return this.keys[i]!.sheet;
  }
  /** The 0-based row and column of its first line of the report year (the amount's cell). */
  row(i: number): number {
    return this.keys[i]!.yearRow;
  }
  col(i: number): number {
    return this.keys[i]!.yearCol;
  }

  at(i: number): SpendingTally {
    return { count: this.count(i), ore: this.ore(i), part: this.part(i), art: this.art(i), project: this.project(i), sheet: this.sheet(i), row: this.row(i), col: this.col(i) };
  }

  *[Symbol.iterator](): IterableIterator<SpendingTally> {
    for (let i = 0; i < this.length; i++) yield this.at(i);
  }
}

function tally(t: Tally | undefined, ore: number, ref?: SourceRef & { cell: string }): Tally {
  const x = t ?? { count: 0, ore: 0 };
  // The running tallies start empty, so the first line is taken here, not at creation.
  if (!x.first && ref) x.first = ref;
  x.count++;
  x.ore += ore;
  return x;
}

/** One art's share of a table row: the four measures, and the ledger lines behind regnskap. */
export interface ArtTotals {
  readonly part: Part;
  readonly group: number;
  /** null for pre-aggregated lines booked on the artsgruppe itself. */
  readonly art: string | null;
  /** [regnskap, regnskapFjor, dok3, regulert], øre */
  readonly values: [number, number, number, number];
  lines: number;
  first?: SourceRef & { cell: string };
}

/** An art's four sums (plain numbers on the per-line path) by name, as checked øre. */
export function artAmounts(a: ArtTotals): Amounts {
  const v = a.values;
  return { regnskap: ore(v[M.regnskap]), regnskapFjor: ore(v[M.regnskapFjor]), dok3: ore(v[M.dok3]), regulert: ore(v[M.regulert]) };
}

function artTotals(agg: Aggregates, keys: { part: Part; group: number; art: string | null }): ArtTotals {
  // Keyed per part by the art itself (no key to build on this per-line path); "g1" for a group's own lines.
  const byArt = agg.arterByPart[keys.part];
  const key = keys.art ?? `g${keys.group}`;
  let t = byArt.get(key);
  // Every field from the start (first too): an object that gains a field later changes its hidden class, and the per-line code compiled for the old one is thrown away.
  if (!t) byArt.set(key, (t = { part: keys.part, group: keys.group, art: keys.art, values: [0, 0, 0, 0], lines: 0, first: undefined }));
  return t;
}

/**
 * A packed array of n zeros, for sums added to line by line. `new Array(n).fill(0)` is a holey
 * array, and a sum read from a holey array with `?? NaN` (as the adds do, so that an index out of
 * range makes NaN) is boxed in a new heap number on every add: 15 MB of garbage for a
 * million-line ledger, and the collections to clear it.
 */
function zeros(n: number): number[] {
  return Array.from({ length: n }, () => 0);
}

/** Why a ledger line is not in the tables. Each reason is counted with its sum. */
export type LeftOutReason = "year" | "chapter" | "amount" | "art" | "part" | "noArt" | "total" | "width";

/** Months of a year in the monthly tallies: 0 for a line whose month could not be read, 1–12, and 13 for the closing entries. */
export const MONTH_SLOTS = 14;

/**
 * The ledger's regnskap per month, for the tertial reports: per part and artsgruppe and per
 * investment project, for the report year and the year before. Kept when the ledger has a
 * column that tells the month (ledger-months.ts).
 */
export class MonthlyTotals {
  /** groups[part][(yearIndex * MONTH_SLOTS + month) * GROUP_COUNT + group]; yearIndex 0 is the report year, 1 the year before. */
  readonly groups: Record<Part, number[]> = {
    drift: zeros(2 * MONTH_SLOTS * GROUP_COUNT),
    investering: zeros(2 * MONTH_SLOTS * GROUP_COUNT),
  };
  /** Project cost per project: [yearIndex * MONTH_SLOTS + month]. */
  readonly projects = new Map<string, number[]>();
  /** Lines of the two years whose month could not be read (month 0), with the first of them and its text. */
  noMonth: Tally = { count: 0, ore: 0 };
  noMonthText = "";
  /**
   * Lines whose period or date carries a year other than the line's (Periode 202301 beside
   * År 2024): counted in the month it says of the line's year, and told, with the first of them
   * and the year it carries.
   */
  otherYear: Tally = { count: 0, ore: 0 };
  otherYearText = "";
  /** The year of that first line (from År or the settings). */
  otherYearLineYear = 0;
  /** Lines per month: [yearIndex * MONTH_SLOTS + month]. */
  readonly lines: number[] = zeros(2 * MONTH_SLOTS);
  constructor(readonly source: { readonly sheet: string; readonly col: number; readonly header: string; readonly how: "period" | "date" }) {}

  /** Regnskap of a part's artsgruppe in one month (0–13) of the report year (yearIndex 0) or the year before (1). */
  group(part: Part, group: number, yearIndex: 0 | 1, month: number): number {
    return this.groups[part][(yearIndex * MONTH_SLOTS + month) * GROUP_COUNT + group] ?? 0;
  }

  /** A project's cost in one month (0–13) of the report year or the year before. */
  project(nr: string, yearIndex: 0 | 1, month: number): number {
    return this.projects.get(nr)?.[yearIndex * MONTH_SLOTS + month] ?? 0;
  }

  sums(): number[] {
    const out = [...this.groups.drift, ...this.groups.investering, this.noMonth.ore, this.otherYear.ore];
    for (const p of this.projects.values()) out.push(...p);
    return out;
  }
}

/**
 * The sums of the whole input, in øre (exact integers), per part and artsgruppe and
 * per investment project, with every left-out line counted.
 */
export class Aggregates {
  /** totals[part][group * 4 + measure] */
  readonly totals: Record<Part, number[]> = {
    drift: zeros(GROUP_COUNT * 4),
    investering: zeros(GROUP_COUNT * 4),
  };
  readonly projects = new Map<string, ProjectTotals>();
  /** Ledger: Σ of every amount that parsed, whatever was done with the line. */
  ledgerTotal = 0;
  ledgerLines = 0;
  /** Ledger lines counted in the report year's column. */
  yearLines = 0;
  /** The years of the ledger's lines, as read. */
  readonly yearsSeen = new Set<number>();
  readonly leftOut = new Map<LeftOutReason, Tally>();
  /** Investment lines of the report year that are not project cost (outside 000-599 and internal arter). */
  notProjectCost: Tally = { count: 0, ore: 0 };
  /** Investment expenses (project cost arter) of the report year with no project. */
  investNoProject: Tally = { count: 0, ore: 0 };
  /**
   * The ledger's spending of the report year by part, art and project (one tally for each, in
   * the order of their first lines), for the no-budget check.
   */
  readonly spending = new SpendingTallies();
  /** Budget keys: `part|art`, `part|g<group>` and `part|p<project>`. */
  readonly budgetKeys = new Set<string>();
  /** The table rows broken down per art (or per artsgruppe for pre-aggregated lines): the basis sheet. */
  readonly arterByPart: Record<Part, Map<string, ArtTotals>> = { drift: new Map(), investering: new Map() };

  get arter(): ArtTotals[] {
    return [...this.arterByPart.drift.values(), ...this.arterByPart.investering.values()];
  }
  /** Arter used in the wrong part, or not in KOSTRA: art → first cell. */
  readonly unknownArter = new Map<string, Tally>();
  readonly wrongPartArter = new Map<string, Tally & { part: Part }>();
  readonly otherChapters = new Map<number, Tally>();
  /** Arter seen valid in KOSTRA and in the part, per part (a shortcut for the art checks). */
  readonly validArter: Record<Part, Set<string>> = { drift: new Set(), investering: new Set() };
  /** The three-digit arter of validArter, marked by number (1) for the per-line check. */
  readonly validArtNumbers: Record<Part, Uint8Array> = { drift: new Uint8Array(1000), investering: new Uint8Array(1000) };
  /** Regnskap per month, when the ledger tells the month of its lines. */
  monthly?: MonthlyTotals;
  /** Set when a sum added up at the end of a ledger sheet (LineSlot) was no longer a safe integer of øre. */
  sumsOverflowed = false;

  /**
   * The sums are added as plain numbers on the per-line path; this checks once, at the end,
   * that every one is still a safe integer of øre, so none can be inexact unnoticed.
   */
  allSumsExact(): boolean {
    const sums: number[] = [this.ledgerTotal, ...this.totals.drift, ...this.totals.investering];
    for (const p of this.projects.values()) sums.push(p.dok3, p.regulert, p.regnskap);
    for (const a of this.arter) sums.push(...a.values);
    if (this.monthly) sums.push(...this.monthly.sums());
    return !this.sumsOverflowed && sums.every(Number.isSafeInteger);
  }

  get(part: Part, group: number, measure: Measure): Ore {
    return this.totals[part][group * 4 + M[measure]] as Ore;
  }

  addLeftOut(reason: LeftOutReason, ore: number, ref?: SourceRef & { cell: string }): void {
    this.leftOut.set(reason, tally(this.leftOut.get(reason), ore, ref));
  }
}

export interface AggregateContext {
  readonly year: number;
  readonly chapter: number | undefined;
  readonly internalArter: ReadonlySet<string>;
  readonly sink: FindingSink;
  /** The column that tells each line's month, when the ledger has one: the lines are tallied per month too. */
  readonly month?: MonthSource;
}

function isProjectCost(group: number, art: string | null, internal: ReadonlySet<string>): boolean {
  return group <= 4 || (art !== null && internal.has(art));
}

function noteArt(agg: Aggregates, art: string, n: number, part: Part, sheet: string, row: number, col: number): void {
  // Most lines carry an art already seen valid in its part: answer those from a set.
  // By the art's number (artNumber) first (a typed array, no hashing), then the set.
  const seen = part === "drift" ? agg.validArtNumbers.drift : agg.validArtNumbers.investering;
  if (n >= 0 && seen[n] === 1) return;
  const fine = part === "drift" ? agg.validArter.drift : agg.validArter.investering;
  if (fine.has(art)) return;
  if (isKostraArt(art) && (restrictedPart(art) ?? part) === part) {
    fine.add(art);
    if (n >= 0) seen[n] = 1;
    return;
  }
  noteArtProblem(agg, art, part, { sheet, row, cell: cellAddress(row, col) });
}

function noteArtProblem(agg: Aggregates, art: string, part: Part, ref: SourceRef & { cell: string }): void {
  if (!isKostraArt(art)) agg.unknownArter.set(art, tally(agg.unknownArter.get(art), 0, ref));
  const only = restrictedPart(art);
  if (only && only !== part) {
    const key = `${part}|${art}`;
    const t = agg.wrongPartArter.get(key) ?? { count: 0, ore: 0, first: ref, part };
    t.count++;
    agg.wrongPartArter.set(key, t);
  }
}

interface LineKeys {
  part: Part;
  group: number;
  art: string | null;
  /** artNumber of the art (-1 for none or another text). */
  artNo: number;
  project: string | null;
}

/** A row's cell in a sheet column (rows hold the cells from the grid's first column on). */
function cellOf(row: readonly CellValue[], first: number, c: number | undefined): CellValue {
  return c === undefined ? null : (row[c - first] ?? null);
}

/** parseChapter, with the common cell (three or four digits, as a text export gives it) read without a regular expression. */
function chapterOf(v: CellValue): number | null | undefined {
  if (typeof v === "string" && (v.length === 3 || v.length === 4)) {
    let n = 0;
    for (let i = 0; i < v.length; i++) {
      const d = v.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return parseChapter(v);
      n = n * 10 + d;
    }
    return n;
  }
  return parseChapter(v);
}

/** Reads the key columns (chapter, part, art, project) of a ledger or budget row; null when the row is left out. */
function readKeys(
  sheet: string,
  row: readonly CellValue[],
  first: number,
  d: DetectedSheet,
  r: number,
  ctx: AggregateContext,
  agg: Aggregates,
  ore: Ore | null,
  isLedger: boolean,
): LineKeys | null {
  const c = d.columns;
  // Chapter
  const chCell = cellOf(row, first, c.kapittel);
  const chapter = chapterOf(chCell);
  if (chapter === null) {
    const addr = cellAddress(r, need(c, "kapittel"));
    // An Excel error value is a CELL_ERROR wherever it stands (docs/checks.md).
    if (isCellError(chCell) || (typeof chCell === "string" && isErrorText(chCell))) reportErrorCell(chCell, sheet, addr, "chapter", ctx.sink, ore ?? undefined);
    else
      ctx.sink.add(
        finding("AMOUNT_INVALID", sheet, addr, T.chapterInvalid({ at: `${sheet}!${addr}`, value: clip(cellText(chCell)) }), { severity: "error", amount: ore ?? undefined }),
      );
    if (isLedger) agg.addLeftOut("chapter", ore ?? 0, { sheet, row: r, cell: addr });
    return null;
  }
  if (chapter !== undefined && ctx.chapter !== undefined && chapter !== ctx.chapter) {
    const t = agg.otherChapters.get(chapter) ?? { count: 0, ore: 0, first: { sheet, row: r, cell: cellAddress(r, need(c, "kapittel")) } };
    t.count++;
    if (isLedger) t.ore += ore ?? 0;
    agg.otherChapters.set(chapter, t);
    // The reference is made for the first such line only (the tally keeps no other): a ledger may hold many lines of other chapters.
    if (isLedger) agg.addLeftOut("chapter", ore ?? 0, agg.leftOut.get("chapter")?.first ? undefined : { sheet, row: r, cell: cellAddress(r, need(c, "kapittel")) });
    return null;
  }
  // Part
  const partCell = cellOf(row, first, c.del);
  const part = parsePart(partCell);
  if (part === null) {
    const addr = cellAddress(r, need(c, "del"));
    ctx.sink.add(finding("PART_INVALID", sheet, addr, T.partInvalid({ at: `${sheet}!${addr}`, value: clip(cellText(partCell)), of: "line" }), { amount: ore ?? undefined }));
    if (isLedger) agg.addLeftOut("part", ore ?? 0, { sheet, row: r, cell: addr });
    return null;
  }
  // Art
  const artCell = cellOf(row, first, c.art);
  if (isBlank(artCell)) {
    const artAddr = cellAddress(r, need(c, "art"));
    ctx.sink.add(
      finding("AMOUNT_WITHOUT_ART", sheet, artAddr, T.amountWithoutArt({ at: `${sheet}!${artAddr}`, amount: formatNorwegian((ore ?? 0) as Ore, 2) }), { amount: ore ?? undefined }),
    );
    if (isLedger) agg.addLeftOut("noArt", ore ?? 0, { sheet, row: r, cell: artAddr });
    return null;
  }
  if (isCellError(artCell) || (typeof artCell === "string" && isErrorText(artCell))) {
    const artAddr = cellAddress(r, need(c, "art"));
    reportErrorCell(artCell, sheet, artAddr, "art", ctx.sink, ore ?? undefined);
    if (isLedger) agg.addLeftOut("art", ore ?? 0, { sheet, row: r, cell: artAddr });
    return null;
  }
  const na = typeof artCell === "number" || typeof artCell === "string" ? normaliseArt(artCell) : ({ ok: false, reason: "ikke et artsnummer" } as const);
  if (!na.ok) {
    const artAddr = cellAddress(r, need(c, "art"));
    ctx.sink.add(
      finding("ART_INVALID", sheet, artAddr, T.artInvalid({ at: `${sheet}!${artAddr}`, value: clip(cellText(artCell)), reason: na.reason }), { amount: ore ?? undefined }),
    );
    if (isLedger) agg.addLeftOut("art", ore ?? 0, { sheet, row: r, cell: artAddr });
    return null;
  }
  const resolvedPart: Part = part ?? "drift";
  const artNo = na.art === null ? -1 : artNumber(na.art);
  if (na.art !== null) noteArt(agg, na.art, artNo, resolvedPart, sheet, r, need(c, "art"));
  // Project
  const prCell = cellOf(row, first, c.prosjekt);
  const pr = parseProject(prCell);
  let project: string | null = null;
  if (!pr.ok) {
    const addr = cellAddress(r, need(c, "prosjekt"));
    ctx.sink.add(finding("PROJECT_INVALID", sheet, addr, T.projectNumberLineWithout({ at: `${sheet}!${addr}`, value: clip(pr.text) }), { amount: ore ?? undefined }));
  } else project = pr.nr;
  return { part: resolvedPart, group: na.group, art: na.art, artNo, project };
}

/**
 * The lines of one part, art and project of a ledger sheet: a line adds its amount to its slot
 * alone (`accept`), and when the sheet is read, each slot adds its sums and counts to what they
 * count in (`finish`: the art's basis and the tables' totals, and for its lines of the report
 * year, the project, the spending tally, the counts of investment lines outside the projects).
 * What the slot's lines are (`use`, `spends`) is worked out once, when the slot is made.
 * The sums are exact integers of øre, so adding them slot by slot gives what adding them line
 * by line did; the first line of each (of either year, and of the report year) is kept, so every
 * reference to a first line is the one the line-by-line adding made.
 */
class LineSlot {
  /** The first line of either year (its row and amount column), and the first of the report year. */
  firstRow = 0;
  firstCol = 0;
  yearRow = 0;
  yearCol = 0;
  constructor(
    /** Where its sums and counts are in the reader's `sums` (SLOT_FIELDS numbers from id × SLOT_FIELDS). */
    readonly id: number,
    readonly sheet: string,
    readonly part: Part,
    readonly group: number,
    readonly art: string | null,
    readonly project: string | null,
    readonly basis: ArtTotals,
    readonly use: SlotUse,
    /** Whether its lines of the report year are spending (the no-budget check): artsgruppe 0–4 with an art. */
    readonly spends: boolean,
  ) {}
}

/**
 * The slots' running sums and counts, side by side in one array (a line's adds touch one place
 * in memory, not an object and the boxes of its numbers): per slot id, the report year's sum,
 * the year before's sum, the lines of either year and the lines of the report year. Exact while
 * below 2^53, as the sums on the per-line path always were (allSumsExact).
 */
const YEAR_ORE = 0;
const FJOR_ORE = 1;
const LINES = 2;
const YEAR_LINES = 3;
const SLOT_FIELDS = 4;

/** What a slot's lines of the report year add to besides the tables (docs/report-tables.md, Tabell 3.4.1, and docs/checks.md). */
const enum SlotUse {
  /** Drift, or project cost outside artsgruppe 0–4 with no project: nothing more. */
  None,
  /** Investment project cost with a project: the project's regnskap. */
  ProjectCost,
  /** Investment expense (artsgruppe 0–4) with no project: counted as such. */
  NoProject,
  /** An investment line that is not project cost (outside 000–599 and not an internal art): counted as such. */
  NotProjectCost,
}

/** The number of a three-digit art (`010` → 10), or -1 for any other text. */
function artNumber(art: string): number {
  if (art.length !== 3) return -1;
  const a = art.charCodeAt(0) - 48;
  const b = art.charCodeAt(1) - 48;
  const c = art.charCodeAt(2) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 && c >= 0 && c <= 9 ? a * 100 + b * 10 + c : -1;
}

/** What the pipeline decided about the ledger's columns before reading a line. */
export interface LedgerPlan {
  /** Where each line's year comes from (a column, or the wide form's headers). */
  readonly year: Extract<YearSource, { kind: "wide" } | { kind: "column" }>;
  /** The amount columns' number forms, by 0-based column. */
  readonly amounts: ReadonlyMap<number, AmountColumn>;
  /** How the Kredit column is signed, when the amount is Debet − Kredit. */
  readonly credit?: CreditSign;
}

const MAYBE_TOTAL = /sum|tot|i\s+alt/i;
const TOTAL_WORDS = new Set(["sum", "total", "totalt", "totalsum", "subtotal", "delsum", "sluttsum", "i alt", "grand total", "sum totalt", "sum i alt", "totalt sum"]);
const TOTAL_FIRST = new Set(["sum", "delsum", "subtotal", "total", "totalt", "totalsum"]);
const TOTAL_LAST = new Set(["total", "totalt", "sum"]);

/** A label of a total or subtotal row: `Sum`, `Totalt`, `Sum art 010`, `010 Totalt` (Excel's Subtotal), `Grand Total`, `I alt`. */
export function isTotalLabel(text: string): boolean {
  // Most cells are no label: allocation-free tests first (this runs for every text cell of a ledger).
  if (text.length > 60 || !maybeTotalEnds(text) || !MAYBE_TOTAL.test(text)) return false;
  const t = text.trim().toLowerCase().replace(/\s+/g, " ");
  if (TOTAL_WORDS.has(t) || t.endsWith(" i alt")) return true;
  const words = t.split(" ");
  return words.length > 1 && (TOTAL_FIRST.has(words[0]!) || TOTAL_LAST.has(words[words.length - 1]!));
}

/**
 * False only for a text isTotalLabel refuses, from its first and last characters alone: a label
 * is one of TOTAL_WORDS, ends with ` i alt`, or begins with a TOTAL_FIRST word or ends with a
 * TOTAL_LAST word, so its trimmed, lower-cased text begins with s, d, t, g or i or ends with t, l
 * or m. Only a first and last character that are printable ASCII other than a space are judged
 * (trim and toLowerCase leave those as they are); any other text goes on to the full test.
 */
function maybeTotalEnds(text: string): boolean {
  return maybeTotalEndsCodes(text.charCodeAt(0), text.charCodeAt(text.length - 1));
}

/** maybeTotalEnds from a text's first and last character codes (or bytes, for a field whose ends are ASCII). */
function maybeTotalEndsCodes(ra: number, rb: number): boolean {
  if (!(ra > 32 && ra < 127 && rb > 32 && rb < 127)) return true;
  const a = ra | 0x20;
  const b = rb | 0x20;
  return a === 115 || a === 100 || a === 116 || a === 103 || a === 105 || b === 116 || b === 108 || b === 109;
}

/**
 * False only for a field (as bytes, UTF-8 or Windows-1252) whose text MAYBE_TOTAL cannot match:
 * no `sum` or `tot` in ASCII letters of any case, and no `i` followed by a space, a control
 * character or a byte beyond ASCII (which may be the start of a no-break or other Unicode
 * space that \s matches). The expression folds case for ASCII letters only (no `u` flag).
 */
function mayNameTotal(b: Uint8Array, s: number, e: number): boolean {
  for (let i = s; i < e; i++) {
    const x = b[i]! | 0x20;
    if (x === 105 /* i */ && i + 1 < e) {
      const y = b[i + 1]!;
      if (y <= 32 || y >= 127) return true;
    } else if (i + 2 < e) {
      const y = b[i + 1]! | 0x20;
      const z = b[i + 2]! | 0x20;
      if ((x === 115 && y === 117 && z === 109) || (x === 116 && y === 111 && z === 116)) return true;
    }
  }
  return false;
}

/**
 * The detail lines since the last total row, newest last: a ring of the last RECENT_LIMIT
 * lines in preallocated arrays, since every line of a million-line ledger passes through.
 */
class RecentLines {
  private readonly ore = new Float64Array(RECENT_LIMIT);
  private readonly arts: string[] = new Array<string>(RECENT_LIMIT).fill("");
  private readonly masks = new Int32Array(RECENT_LIMIT);
  private end = 0;
  length = 0;
  push(ore: number, art: string, mask: number): void {
    this.ore[this.end] = ore;
    this.arts[this.end] = art;
    this.masks[this.end] = mask;
    this.end = (this.end + 1) & (RECENT_LIMIT - 1);
    if (this.length < RECENT_LIMIT) this.length++;
  }
  clear(): void {
    this.length = 0;
  }
  /** The i-th line back from the newest (0 = newest). */
  private at(back: number): number {
    return (this.end - 1 - back + RECENT_LIMIT) % RECENT_LIMIT;
  }
  lastMask(): number {
    return this.masks[this.at(0)]!;
  }
  /** The number of lines (2 or more) just above whose sum is `ore`, over lines of the art `art` (any when undefined); 0 if none. */
  subtotalOf(ore: number, art: string | undefined): number {
    let acc = 0;
    for (let back = 0; back < this.length; back++) {
      const i = this.at(back);
      if (art !== undefined && this.arts[i] !== art) break;
      acc += this.ore[i]!;
      if (back >= 1 && acc === ore) return back + 1;
    }
    return 0;
  }
}

/** A power of two: the ring's index wraps with a mask. */
const RECENT_LIMIT = 8192;

/**
 * The current run of consecutive lines of one art, as prefix sums: whether a row equals the
 * sum of the k ≥ 2 lines just above it of its art is one lookup, however long the run (a
 * ledger sorted by art has runs of many thousand lines).
 */
class ArtRun {
  private art = "";
  private cum = 0;
  private count = 0;
  /** The first line's amount, until a second line of the art makes the maps worth keeping. */
  private first = 0;
  /** The maps hold this run's prefix sums (false while the run is one line: most runs of a ledger not sorted by art). */
  private live = false;
  /** Prefix sum → the latest and the one-before-latest line count at which it was reached. */
  private readonly latest = new Map<number, number>([[0, 0]]);
  private readonly previous = new Map<number, number>();

  reset(art = ""): void {
    this.art = art;
    this.cum = 0;
    this.count = 0;
    this.live = false;
  }

  push(ore: number, art: string): void {
    if (art !== this.art) this.reset(art);
    if (this.count === 0) {
      // A run's first line: only remembered, so a run of one line costs no map work.
      this.first = ore;
      this.cum = ore;
      this.count = 1;
      return;
    }
    if (!this.live) {
      this.latest.clear();
      this.previous.clear();
      this.latest.set(0, 0);
      this.record(this.first, 1);
      this.live = true;
    }
    this.cum += ore;
    this.count++;
    this.record(this.cum, this.count);
  }

  private record(cum: number, count: number): void {
    const before = this.latest.get(cum);
    if (before !== undefined) this.previous.set(cum, before);
    this.latest.set(cum, count);
  }

  /** The number of lines (2 or more) just above, all of the art `art`, whose sum is `ore`; 0 if none. */
  subtotalOf(ore: number, art: string): number {
    if (art !== this.art || this.count < 2) return 0;
    const target = this.cum - ore;
    for (const at of [this.latest.get(target), this.previous.get(target)]) if (at !== undefined && this.count - at >= 2) return this.count - at;
    return 0;
  }
}

/** The ledger sheet as the per-line reader needs it, from a whole grid or from the head of a streamed sheet. */
export interface LedgerSheet {
  readonly name: string;
  /** The sheet column of each row's first cell. */
  readonly firstColumn: number;
  /** A delimited text file: a line of another field count than the header's is refused. */
  readonly text?: { readonly delimiter: string; readonly headerWidth: number };
}

/** The ledger sheet of a grid whose header is at `headerRow` (the grid holds at least the rows up to it). */
export function ledgerSheetOf(grid: SheetGrid, headerRow: number): LedgerSheet {
  const source = grid.source?.kind === "text" ? grid.source : undefined;
  return {
    name: grid.name,
    firstColumn: grid.firstColumn,
    text: source ? { delimiter: source.delimiter, headerWidth: grid.rows[headerRow - grid.firstRow]?.length ?? 0 } : undefined,
  };
}

const NO_CELLS: readonly CellValue[] = Object.freeze([]);
const LABEL_TEXT = 0;
const LABEL_KEY = 1;
const LABEL_AMOUNT = 2;
const LABEL_MEMO = 64;

/** Regnskap: one row per posting (a year, period or date and an amount, or Debet and Kredit) or the wide form (Regnskap 2024, Regnskap 2023). */
export function aggregateLedger(reader: GridReader, d: DetectedSheet, ctx: AggregateContext, agg: Aggregates, plan: LedgerPlan): void {
  const line = ledgerLineReader(ledgerSheetOf(reader.grid, d.headerRow), d, ctx, agg, plan);
  for (const r of reader.dataRows(d.headerRow)) line(reader.row(r) ?? NO_CELLS, r);
  line.finish();
}

/**
 * The reading of one ledger line, the same for every source: a grid walked row by row (the
 * add-in, tests) or a file streamed line by line (the command line). Give it each data row
 * after the header, in order, with its 0-based sheet row; it keeps nothing of the row.
 */
/** The reading of a ledger line given as a row, and (where the ledger is a text export read from its bytes) as bytes. */
export type LedgerLineReader = ((row: readonly CellValue[], r: number) => void) & {
  readonly bytes?: ByteLineVisitor;
  /** Adds the lines read to the aggregates: call it once the sheet's last line is given (see LineSlot). */
  readonly finish: () => void;
};

export function ledgerLineReader(ls: LedgerSheet, d: DetectedSheet, ctx: AggregateContext, agg: Aggregates, plan: LedgerPlan): LedgerLineReader {
  const sheet = ls.name;
  const c = d.columns;
  const wide = Object.entries(d.wideYears).map(([y, col]) => ({ year: Number(y), col }));
  const yearCol = plan.year.kind === "column" ? plan.year.col : undefined;
  const readYear = plan.year.kind === "column" ? plan.year.read : undefined;
  const first = ls.firstColumn;
  const keyCols = new Set([c.kapittel, c.del, c.art, c.prosjekt, yearCol].filter((x): x is number => x !== undefined));
  const amountCols = new Set([c.belop, c.debet, c.kredit, ...wide.map((w) => w.col)].filter((x): x is number => x !== undefined));
  const text = ls.text;
  const headerWidth = text ? text.headerWidth : 0;
  const ctxYear = ctx.year;
  const artIndex = c.art === undefined ? -1 : c.art - first;
  const monthSource = wide.length === 0 ? ctx.month : undefined;
  const monthly = monthSource ? (agg.monthly ??= new MonthlyTotals({ sheet, col: monthSource.col, header: monthSource.header, how: monthSource.how })) : undefined;

  const tallyMonth = (m: MonthlyTotals, keys: LineKeys, use: SlotUse, yearIndex: 0 | 1, month: number, ore: number, r: number) => {
    if (month === 0) m.noMonth = tally(m.noMonth, ore, m.noMonth.first ? undefined : { sheet, row: r, cell: cellAddress(r, m.source.col) });
    // As the year's totals: an index out of range makes NaN, which allSumsExact reports.
    const slot = yearIndex * MONTH_SLOTS + month;
    m.lines[slot] = (m.lines[slot] ?? NaN) + 1;
    const groups = m.groups[keys.part];
    const g = slot * GROUP_COUNT + keys.group;
    groups[g] = (groups[g] ?? NaN) + ore;
    if (use === SlotUse.ProjectCost && keys.project) {
      let p = m.projects.get(keys.project);
      if (!p) m.projects.set(keys.project, (p = zeros(2 * MONTH_SLOTS)));
      p[slot] = (p[slot] ?? NaN) + ore;
    }
  };

  /**
   * Adds a line to its slot; `col` is its amount's column (kept for the slot's first line of
   * each kind). The slots' sums reach the aggregates in `finish`.
   */
  const accept = (keys: LineKeys, year: number, ore: number, r: number, col: number, month = 0) => {
    const id = slotOf(keys);
    if (monthly) tallyMonth(monthly, keys, slots[id]!.use, year === ctxYear ? 0 : 1, month, ore, r);
    const s = sums;
    const at = id * SLOT_FIELDS;
    const lines = s[at + LINES]!;
    s[at + LINES] = lines + 1;
    if (lines === 0) {
      const slot = slots[id]!;
      slot.firstRow = r;
      slot.firstCol = col;
    }
    if (year !== ctxYear) {
      s[at + FJOR_ORE] = s[at + FJOR_ORE]! + ore;
      return;
    }
    const yearLines = s[at + YEAR_LINES]!;
    s[at + YEAR_LINES] = yearLines + 1;
    if (yearLines === 0) {
      const slot = slots[id]!;
      slot.yearRow = r;
      slot.yearCol = col;
      ofYear.push(slot);
    }
    s[at + YEAR_ORE] = s[at + YEAR_ORE]! + ore;
  };

  /** Every slot of this sheet, in the order of their first lines; and those with lines of the report year, in the order of their first such line. */
  const slots: LineSlot[] = [];
  const ofYear: LineSlot[] = [];
  /** The slots' sums and counts, by id (see SLOT_FIELDS). */
  let sums = new Float64Array(1024 * SLOT_FIELDS);
  const newSlot = (keys: LineKeys): number => {
    let use = SlotUse.None;
    if (keys.part === "investering") {
      if (!isProjectCost(keys.group, keys.art, ctx.internalArter)) use = SlotUse.NotProjectCost;
      else if (keys.project) use = SlotUse.ProjectCost;
      else if (keys.group <= 4) use = SlotUse.NoProject;
    }
    const id = slots.length;
    slots.push(new LineSlot(id, sheet, keys.part, keys.group, keys.art, keys.project, artTotals(agg, keys), use, keys.group <= 4 && keys.art !== null));
    if ((id + 1) * SLOT_FIELDS > sums.length) {
      const more = new Float64Array(sums.length * 2);
      more.set(sums);
      sums = more;
    }
    return id;
  };

  /** a + b, noting a sum that is no longer a safe integer of øre (allSumsExact then refuses the input). */
  const plus = (a: number, b: number): number => {
    const x = a + b;
    if (!Number.isSafeInteger(x)) agg.sumsOverflowed = true;
    return x;
  };
  /** Adds a tally's lines of the report year, taking the first line when the tally has none yet. */
  const addTo = (t: Tally, slot: LineSlot) => {
    if (!t.first) t.first = { sheet, row: slot.yearRow, cell: cellAddress(slot.yearRow, slot.yearCol) };
    t.count += sums[slot.id * SLOT_FIELDS + YEAR_LINES]!;
    t.ore = plus(t.ore, sums[slot.id * SLOT_FIELDS + YEAR_ORE]!);
  };

  /**
   * Adds every slot's lines to the aggregates, once the sheet's lines are read (then the slots
   * start again from nothing, so a second call adds nothing). In the order the lines made them:
   * the art's first line by the slots' first lines, and the projects and spending tallies
   * (maps, whose order is the report's) by the slots' first lines of the report year. A spending
   * tally is its slot's (SpendingTallies keeps the slot): no line may be given after this.
   */
  const finish = () => {
    // Indexed loops: this runs once per sheet, mostly before V8 optimises it, and the interpreter's
    // for-of steps an iterator (a call and a result object) for each of the 1M ledger's 18,267 slots.
    for (let k = 0; k < slots.length; k++) {
      const slot = slots[k]!;
      const at = slot.id * SLOT_FIELDS;
      const yearOre = sums[at + YEAR_ORE]!;
      const fjorOre = sums[at + FJOR_ORE]!;
      const lines = sums[at + LINES]!;
      const basis = slot.basis;
      basis.values[M.regnskap] = plus(basis.values[M.regnskap], yearOre);
      basis.values[M.regnskapFjor] = plus(basis.values[M.regnskapFjor], fjorOre);
      basis.lines += lines;
      if (basis.first === undefined && lines > 0) basis.first = { sheet, row: slot.firstRow, cell: cellAddress(slot.firstRow, slot.firstCol) };
      // Named, not indexed by the part's text: a property looked up by a varying text is a slow, generic lookup.
      const totals = slot.part === "drift" ? agg.totals.drift : agg.totals.investering;
      const i = slot.group * 4;
      // An index out of range would make NaN, which allSumsExact reports: never a silent 0.
      totals[i + M.regnskap] = plus(totals[i + M.regnskap] ?? NaN, yearOre);
      totals[i + M.regnskapFjor] = plus(totals[i + M.regnskapFjor] ?? NaN, fjorOre);
      agg.yearLines += sums[at + YEAR_LINES]!;
      if (!Number.isSafeInteger(yearOre) || !Number.isSafeInteger(fjorOre)) agg.sumsOverflowed = true;
    }
    for (let k = 0; k < ofYear.length; k++) {
      const slot = ofYear[k]!;
      if (slot.use === SlotUse.ProjectCost) {
        const nr = slot.project ?? "";
        let p = agg.projects.get(nr);
        if (!p) agg.projects.set(nr, (p = newProject({ sheet, row: slot.yearRow, cell: cellAddress(slot.yearRow, need(c, "prosjekt")) })));
        // The slot's lines are all of one art, so of one group.
        p.groups.add(slot.group);
        p.regnskap = plus(p.regnskap, sums[slot.id * SLOT_FIELDS + YEAR_ORE]!);
        p.lines += sums[slot.id * SLOT_FIELDS + YEAR_LINES]!;
      } else if (slot.use === SlotUse.NoProject) addTo(agg.investNoProject, slot);
      else if (slot.use === SlotUse.NotProjectCost) addTo(agg.notProjectCost, slot);
      if (slot.spends) {
        // A slot is the lines of one part, art and project (slotOf: the art by its number, or its text), so each
        // spending tally is one slot's: made here, with no map of texts like `drift|010|118000` to find it in.
        const at = slot.id * SLOT_FIELDS;
        agg.spending.add(slot, sums[at + YEAR_LINES]!, plus(0, sums[at + YEAR_ORE]!));
      }
    }
    sums.fill(0);
    ofYear.length = 0;
  };

  // The slot of one part, art and project, found in the maps by the first of its lines and kept here by
  // the art's number (most lines have no project: those need no map at all). Filled with undefined up
  // front: an array written at scattered indexes would become a slow dictionary. An art that is no
  // three-digit number (an artsgruppe's own lines) has its slots by its text.
  const plainSlots: Record<Part, Int32Array> = { drift: new Int32Array(1000).fill(-1), investering: new Int32Array(1000).fill(-1) };
  const projectSlots: Record<Part, (Map<string, number> | undefined)[]> = { drift: new Array(1000).fill(undefined), investering: new Array(1000).fill(undefined) };
  const otherSlots = new Map<string, number>();
  /** The id of the line's slot, made with the first of its lines. */
  const slotOf = (keys: LineKeys): number => {
    const n = keys.artNo;
    if (n < 0) {
      const key = `${keys.part}|${keys.art ?? `g${keys.group}`}|${keys.project ?? ""}`;
      let id = otherSlots.get(key);
      if (id === undefined) otherSlots.set(key, (id = newSlot(keys)));
      return id;
    }
    if (keys.project === null) {
      const ids = keys.part === "drift" ? plainSlots.drift : plainSlots.investering;
      const id = ids[n]!;
      return id >= 0 ? id : (ids[n] = newSlot(keys));
    }
    const ids = ((keys.part === "drift" ? projectSlots.drift : projectSlots.investering)[n] ??= new Map());
    let id = ids.get(keys.project);
    if (id === undefined) ids.set(keys.project, (id = newSlot(keys)));
    return id;
  };

  // What each cell of a row is to labelOf, by its index in the row (cells past the last key or amount column are text).
  const kinds = new Uint8Array(Math.max(0, ...[...keyCols, ...amountCols].map((col) => col - first + 1)));
  for (let i = 0; i < kinds.length; i++) kinds[i] = amountCols.has(first + i) ? LABEL_AMOUNT : keyCols.has(first + i) ? LABEL_KEY : LABEL_TEXT;

  /** The label of a total that the last maskAndLabel found in its row (a key column's before any other), if any. */
  let rowLabel: { text: string; col: number; inKey: boolean } | undefined;
  /**
   * One pass over a row: the mask of its filled cells among the first 31, and its label of a total
   * (`rowLabel`): in a key column (where no posting has text like it) or elsewhere (a Tekst column).
   */
  // isTotalLabel of the last text of each of a row's first cells: a key column repeats its text (`Drift`) line after line.
  const labelTexts: (string | undefined)[] = new Array(LABEL_MEMO).fill(undefined);
  const labelAnswers: boolean[] = new Array(LABEL_MEMO).fill(false);
  const labelAt = (v: string, i: number): boolean => {
    if (i >= LABEL_MEMO) return isTotalLabel(v);
    if (v === labelTexts[i]) return labelAnswers[i] === true;
    const is = isTotalLabel(v);
    labelTexts[i] = v;
    labelAnswers[i] = is;
    return is;
  };
  const maskAndLabel = (row: readonly CellValue[]): number => {
    let m = 0;
    rowLabel = undefined;
    for (let i = 0; i < row.length; i++) {
      const v = row[i];
      if (v === null || v === undefined) continue;
      if (typeof v !== "string") {
        if (i < 31) m |= 1 << i;
        continue;
      }
      if (i < 31 && !isBlank(v)) m |= 1 << i;
      if (rowLabel?.inKey) continue;
      const kind = i < kinds.length ? kinds[i] : LABEL_TEXT;
      if (kind === LABEL_AMOUNT || !maybeTotalEnds(v) || !labelAt(v, i)) continue;
      if (kind === LABEL_KEY) rowLabel = { text: v.trim(), col: first + i, inKey: true };
      else rowLabel ??= { text: v.trim(), col: first + i, inKey: false };
    }
    return m;
  };

  const totalRow = (r: number, cell: string, ore: Ore | undefined, label: string | undefined, lines?: number) => {
    agg.ledgerLines++;
    if (ore !== undefined) agg.ledgerTotal += ore;
    agg.addLeftOut("total", ore ?? 0, { sheet, row: r, cell });
    ctx.sink.add(
      finding("TOTAL_ROW", sheet, cell, T.totalRow({ at: `${sheet}!${cell}`, label: label ? clip(label) : undefined, amount: formatNorwegian((ore ?? 0) as Ore, 2), lines }), {
        amount: ore,
      }),
    );
  };

  /** The column of the amount just read (Beløp, or Debet or Kredit), for the findings and the first line's reference. */
  let amountCol = c.belop ?? c.debet ?? 0;
  const belopColumn = c.belop !== undefined ? plan.amounts.get(c.belop) : undefined;
  const debetColumn = c.debet !== undefined ? plan.amounts.get(c.debet) : undefined;
  const kreditColumn = c.kredit !== undefined ? plan.amounts.get(c.kredit) : undefined;
  /** Debet − Kredit, or the Beløp column, in the column's number form. */
  // A Beløp text in the common form (`-1 234,50`) in a column not read as English: readAmount would
  // give scanCommonAmount's øre and no finding (norwegian-number.test.ts), so it is taken here,
  // into one result reused line after line (the line is done with it before the next is read).
  const commonBelop = c.belop !== undefined && belopColumn?.form !== "en";
  const common: { ok: true; ore: Ore; rounded: false } = { ok: true, ore: 0 as Ore, rounded: false };
  const readLedgerAmount = (row: readonly CellValue[], r: number): AmountResult => {
    if (c.belop !== undefined || c.debet === undefined || c.kredit === undefined) {
      const bc = c.belop;
      const v = cellOf(row, first, bc);
      if (commonBelop && typeof v === "string") {
        const o = scanCommonAmount(v);
        if (o !== undefined) {
          common.ore = o as Ore;
          return common;
        }
      }
      return readAmount(v, sheet, () => cellAddress(r, bc ?? need(c, "belop")), ctx.sink, "amount", belopColumn);
    }
    const dc = c.debet;
    const kc = c.kredit;
    const debet = readAmount(cellOf(row, first, dc), sheet, () => cellAddress(r, dc), ctx.sink, "amount", debetColumn);
    const kredit = readAmount(cellOf(row, first, kc), sheet, () => cellAddress(r, kc), ctx.sink, "amount", kreditColumn);
    if ((!debet.ok && !debet.blank) || (!kredit.ok && !kredit.blank)) return { ok: false, blank: false };
    if (!debet.ok && !kredit.ok) return { ok: false, blank: true };
    const dOre = debet.ok ? debet.ore : 0;
    const kOre = kredit.ok ? kredit.ore : 0;
    amountCol = dOre !== 0 || kOre === 0 ? dc : kc;
    return { ok: true, ore: (dOre + (plan.credit?.signed ? kOre : -kOre)) as Ore, rounded: false };
  };

  /** The detail lines since the last total row, newest last. */
  const recent = new RecentLines();
  const artRun = new ArtRun();
  const all = { sum: 0, count: 0 };
  let lastYearSeen = NaN;

  const line = (row: readonly CellValue[], r: number): void => {
    // The filled cells once: a row with none among its first 31 is looked at whole for a blank row.
    const mask = maskAndLabel(row);
    if (mask === 0 && isBlankRow(row)) return;
    const label = rowLabel;
    if (text && row.length !== headerWidth) {
      // A line of another width than the header: its fields cannot be trusted to be in their columns.
      agg.ledgerLines++;
      agg.addLeftOut("width", 0, { sheet, row: r, cell: cellAddress(r, first) });
      ctx.sink.add(
        finding("ROW_WIDTH", sheet, cellAddress(r, first), T.rowWidth({ sheet, line: r + 1, fields: row.length, header: headerWidth, delimiter: text.delimiter }), {
          severity: "error",
        }),
      );
      return;
    }
    if (wide.length > 0) {
      if (label?.inKey) {
        totalRow(r, cellAddress(r, label.col), undefined, label.text);
        return;
      }
      // Wide form: each year column is its own line.
      const amounts: { year: number; ore: number; cell: string; col: number }[] = [];
      let anyAmount = false;
      for (const w of wide) {
        const addr = cellAddress(r, w.col);
        const a = readAmount(cellOf(row, first, w.col), sheet, addr, ctx.sink, "amount", plan.amounts.get(w.col));
        if (a.ok) {
          amounts.push({ year: w.year, ore: a.ore, cell: addr, col: w.col });
          anyAmount = true;
        } else if (!a.blank) {
          agg.addLeftOut("amount", 0, { sheet, row: r, cell: addr });
          agg.ledgerLines++;
        }
      }
      if (!anyAmount) {
        if (!isBlank(cellOf(row, first, c.art)) && amounts.length === 0 && wide.every((w) => isBlank(cellOf(row, first, w.col))))
          reportArtWithoutAmount(sheet, row, first, r, c.art, ctx, agg);
        return;
      }
      // The per-line path adds plain numbers; allSumsExact checks the sums they end in.
      const total = amounts.reduce((s, a) => s + a.ore, 0) as Ore;
      agg.ledgerTotal += total;
      agg.ledgerLines += amounts.length;
      const keys = readKeys(sheet, row, first, d, r, ctx, agg, total, true);
      if (!keys) return;
      for (const a of amounts) {
        if (a.year === ctxYear || a.year === ctxYear - 1) accept(keys, a.year, a.ore, r, a.col);
        else agg.addLeftOut("year", a.ore, { sheet, row: r, cell: a.cell });
      }
      return;
    }
    const a = readLedgerAmount(row, r);
    if (label?.inKey) {
      // `Sum art 010` in the Art column, `Drift Totalt` in Del: never a posting, whatever its amount.
      totalRow(r, a.ok ? cellAddress(r, amountCol) : cellAddress(r, label.col), a.ok ? a.ore : undefined, label.text);
      recent.clear();
      artRun.reset();
      return;
    }
    const artCell = artIndex >= 0 ? (row[artIndex] ?? null) : null;
    if (!a.ok) {
      if (a.blank) {
        if (!isBlank(artCell)) reportArtWithoutAmount(sheet, row, first, r, c.art, ctx, agg);
        // A row with neither art nor amount is a blank or note row: nothing to count.
        return;
      }
      agg.ledgerLines++;
      agg.addLeftOut("amount", 0, { sheet, row: r, cell: cellAddress(r, c.belop ?? need(c, "debet")) });
      return;
    }
    // A total without a label in a key column: a row that looks like one (a `Sum …` text, no art, or
    // blank where the line above is filled) and equals the lines just above it (of its art, when it has one).
    const artText = typeof artCell === "string" ? trimmed(artCell) : cellText(artCell).trim();
    const artBlank = artText === "";
    const suspicious = label !== undefined || artBlank || (recent.length > 0 && (recent.lastMask() & ~mask) !== 0);
    if (suspicious) {
      let lines = artBlank ? recent.subtotalOf(a.ore, undefined) : artRun.subtotalOf(a.ore, artText);
      if (lines === 0 && (artBlank || label) && all.count >= 2 && a.ore === all.sum) lines = all.count;
      if (lines > 0) {
        totalRow(r, cellAddress(r, amountCol), a.ore, label?.text, lines);
        recent.clear();
        artRun.reset();
        return;
      }
      if (label) {
        // Labelled as a total but equal to no run of lines above: counted, and the officer is told to check it.
        const at = cellAddress(r, amountCol);
        ctx.sink.add(
          finding("TOTAL_ROW_SUSPECT", sheet, at, T.totalRowSuspect({ at: `${sheet}!${at}`, label: clip(label.text), amount: formatNorwegian(a.ore as Ore, 2) }), {
            amount: a.ore,
          }),
        );
      }
    } else if (a.ore !== 0) possibleSubtotal(r, a.ore, artText);
    countDetail(a.ore, artText, mask);
    let year = ctxYear;
    if (yearCol !== undefined && readYear) {
      const yc = cellOf(row, first, yearCol);
      const y = readYear(yc);
      if (y === undefined) {
        const addr = cellAddress(r, yearCol);
        ctx.sink.add(finding("YEAR_INVALID", sheet, addr, T.yearInvalid({ at: `${sheet}!${addr}`, value: clip(cellText(yc)) }), { amount: a.ore }));
        agg.addLeftOut("year", a.ore, { sheet, row: r, cell: addr });
        return;
      }
      year = y;
    }
    if (!inYears(year, a.ore, r)) return;
    const keys = readKeys(sheet, row, first, d, r, ctx, agg, a.ore, true);
    if (!keys) return;
    let month = 0;
    if (monthSource && monthly) {
      const mc = cellOf(row, first, monthSource.col);
      month = monthFor(monthSource, monthly, mc, monthSource.read(mc), year, a.ore, r);
    }
    accept(keys, year, a.ore, r, amountCol, month);
  };
  return Object.assign(line, { bytes: byteLines(), finish });

  /**
   * The line's month for the monthly tallies (0 when its period cell tells none, which is
   * counted); a period of another year than the line's is counted too.
   */
  function monthFor(source: MonthSource, m: MonthlyTotals, mc: CellValue, period: number | undefined, year: number, ore: number, r: number): number {
    if (period === undefined) {
      if (m.noMonth.count === 0) m.noMonthText = clip(cellText(mc));
      return 0;
    }
    if (source.checkYear && yearOf(period) !== 0 && yearOf(period) !== year) {
      if (m.otherYear.count === 0) {
        m.otherYearText = clip(cellText(mc));
        m.otherYearLineYear = year;
      }
      m.otherYear = tally(m.otherYear, ore, m.otherYear.first ? undefined : { sheet, row: r, cell: cellAddress(r, source.col) });
    }
    return monthOf(period);
  }

  /** Shaped like a posting, but equal to the lines just above it of its art: counted, and said, in case it is a subtotal. */
  function possibleSubtotal(r: number, ore: number, artText: string): void {
    const lines = artRun.subtotalOf(ore, artText);
    if (lines > 0) {
      const at = cellAddress(r, amountCol);
      ctx.sink.add(finding("POSSIBLE_SUBTOTAL", sheet, at, T.possibleSubtotal({ at: `${sheet}!${at}`, amount: formatNorwegian(ore as Ore, 2), lines }), { amount: ore as Ore }));
    }
  }

  /** A detail line (not a total): counted, and remembered for the total rows below it. */
  function countDetail(ore: number, artText: string, mask: number): void {
    agg.ledgerLines++;
    agg.ledgerTotal += ore;
    recent.push(ore, artText, mask);
    artRun.push(ore, artText);
    all.sum += ore;
    all.count++;
  }

  /** Whether a line of `year` is of the report year or the year before; else left out, and counted. */
  function inYears(year: number, ore: number, r: number): boolean {
    // Most lines are of the year just seen, already in the set.
    if (year !== lastYearSeen) {
      agg.yearsSeen.add(year);
      lastYearSeen = year;
    }
    if (year === ctxYear || year === ctxYear - 1) return true;
    // The reference is made for the first such line only (the tally keeps no other).
    const t = agg.leftOut.get("year");
    agg.addLeftOut("year", ore, t?.first ? undefined : { sheet, row: r, cell: cellAddress(r, yearCol ?? need(c, "belop")) });
    return false;
  }

  /**
   * The line reader for a line given as bytes (a UTF-8 or Windows-1252 text export): it takes
   * the common line, a posting whose every cell reads as most cells of a ledger do, and does
   * with it exactly what the row reader does; any other line it leaves to the row reader
   * (returns false) before it has changed anything. What it takes: a line of the header's
   * width; no filled field that starts or ends with a space or a character beyond ASCII; no
   * label of a total anywhere; a Beløp that scanCommonAmount reads; a year, chapter (the
   * report's), part, art and project as the row reader accepts them without a finding; not a
   * total by its amount (the row reader's test). The key cells are worked out once
   * per distinct text (ByteMemo) by the row reader's own functions.
   */
  function byteLines(): ByteLineVisitor | undefined {
    const belop = c.belop;
    const art = c.art;
    if (!text || wide.length > 0 || belop === undefined || !commonBelop || yearCol === undefined || !readYear || art === undefined) return undefined;
    if ([belop, art, yearCol, c.kapittel, c.del, c.prosjekt, monthSource?.col].some((col) => col !== undefined && col - first < 0)) return undefined;
    const readYearOf = readYear;
    const bi = belop - first;
    const ai = art - first;
    const yi = yearCol - first;
    const ki = c.kapittel === undefined ? -1 : c.kapittel - first;
    const di = c.del === undefined ? -1 : c.del - first;
    const pi = c.prosjekt === undefined ? -1 : c.prosjekt - first;
    const mi = monthSource && monthly ? monthSource.col - first : -1;
    /** A key cell's text, worked out by the row reader's own functions: `ok` false when it would make a finding of it (or take the line for a total). */
    interface Key {
      readonly ok: boolean;
      readonly value: unknown;
      /** The art's text as the row reader keeps it for the total rows (the art column). */
      readonly text: string;
      /** The art's artNumber (the art column; -1 in the others). */
      readonly no: number;
    }
    const classify = (v: CellValue, i: number): Key => {
      const key = (ok: boolean, value: unknown, text = "", no = -1): Key => ({ ok, value, text, no });
      // A label of a total in a key column: the row reader's labelAt answers from isTotalLabel alone.
      if (typeof v === "string" && maybeTotalEnds(v) && isTotalLabel(v)) return key(false, undefined);
      if (i === ki) {
        const ch = chapterOf(v);
        return key(ch !== null && (ch === undefined || ctx.chapter === undefined || ch === ctx.chapter), ch);
      }
      if (i === di) {
        const part = parsePart(v);
        return key(part !== null, part ?? "drift");
      }
      if (i === ai) {
        if (typeof v !== "string" || isBlank(v) || isErrorText(v)) return key(false, undefined);
        const na = normaliseArt(v);
        // Trimmed as the row reader does (a plain field has nothing to trim).
        return key(na.ok, na, trimmed(v), na.ok && na.art !== null ? artNumber(na.art) : -1);
      }
      if (i === pi) {
        const pr = parseProject(v);
        return key(pr.ok, pr.ok ? pr.nr : undefined);
      }
      const y = readYearOf(v);
      return key(y !== undefined, y);
    };
    const memos: (ByteMemo<Key> | undefined)[] = [];
    const empty: (Key | undefined)[] = [];
    for (const i of [ki, di, ai, pi, yi]) if (i >= 0) memos[i] = new ByteMemo<Key>();
    const keyOf = (l: ByteLine, i: number): Key => {
      const s = i < l.count ? l.starts[i]! : 0;
      const e = i < l.count ? l.ends[i]! : 0;
      if (s === e) return (empty[i] ??= classify(null, i));
      return memos[i]!.get(l.bytes, s, e) ?? memos[i]!.set(l.bytes, s, e, classify(l.text(i), i));
    };
    const keys: LineKeys = { part: "drift", group: 0, art: null, artNo: -1, project: null };
    const months = mi >= 0 ? new ByteMemo<{ cell: CellValue; period: number | undefined }>() : undefined;
    // The fields of a line of the header's width that are neither a key nor an amount (Tekst, Bilag …): where a label of a total may stand.
    const textFields: number[] = [];
    for (let i = 0; i < headerWidth; i++) if ((i < kinds.length ? kinds[i] : LABEL_TEXT) === LABEL_TEXT) textFields.push(i);

    return (l: ByteLine, r: number): boolean => {
      const n = l.count;
      if (n !== headerWidth) return false;
      const b = l.bytes;
      const starts = l.starts;
      const ends = l.ends;
      // No filled field that starts or ends with a space or a character beyond ASCII, and no label of a total in a
      // field that is not a key or an amount (the keys' labels are in their class); the mask of filled fields.
      if (l.oddEdge) return false;
      const mask = l.filled;
      for (let t = 0; t < textFields.length; t++) {
        const i = textFields[t]!;
        const s = starts[i]!;
        const e = ends[i]!;
        if (s !== e && maybeTotalEndsCodes(b[s]!, b[e - 1]!) && mayNameTotal(b, s, e) && labelAt(l.text(i)!, i)) return false;
      }
      if (bi >= n || starts[bi] === ends[bi]) return false;
      const ore = scanCommonAmountBytes(b, starts[bi]!, ends[bi]!);
      if (ore === undefined) return false;
      const artKey = keyOf(l, ai);
      if (!artKey.ok) return false;
      const artText = artKey.text;
      // Shaped like a total (blank where the line above is filled): a total if it equals the lines just above it of its art (the row reader's test).
      const shapedLikeTotal = recent.length > 0 && (recent.lastMask() & ~mask) !== 0;
      if (shapedLikeTotal && artRun.subtotalOf(ore, artText) > 0) return false;
      const yearKey = keyOf(l, yi);
      const chapterKey = ki >= 0 ? keyOf(l, ki) : undefined;
      const partKey = di >= 0 ? keyOf(l, di) : undefined;
      const projectKey = pi >= 0 ? keyOf(l, pi) : undefined;
      if (!yearKey.ok || (chapterKey && !chapterKey.ok) || (partKey && !partKey.ok) || (projectKey && !projectKey.ok)) return false;
      let period: { cell: CellValue; period: number | undefined } | undefined;
      if (months && monthSource) {
        const s = mi < n ? starts[mi]! : 0;
        const e = mi < n ? ends[mi]! : 0;
        if (s === e) period = { cell: null, period: monthSource.read(null) };
        else {
          period = months.get(b, s, e);
          if (!period) {
            const mc = l.text(mi);
            months.set(b, s, e, (period = { cell: mc, period: monthSource.read(mc) }));
          }
        }
      }
      // From here on, as the row reader does with the same line.
      if (!shapedLikeTotal && ore !== 0) possibleSubtotal(r, ore, artText);
      countDetail(ore, artText, mask);
      const year = yearKey.value as number;
      if (!inYears(year, ore, r)) return true;
      const na = artKey.value as NormalisedArt & { ok: true };
      const part = partKey ? (partKey.value as Part) : "drift";
      keys.part = part;
      keys.group = na.group;
      keys.art = na.art;
      keys.artNo = artKey.no;
      keys.project = projectKey ? (projectKey.value as string | null) : null;
      if (na.art !== null) noteArt(agg, na.art, artKey.no, part, sheet, r, art);
      const month = period && monthSource && monthly ? monthFor(monthSource, monthly, period.cell, period.period, year, ore, r) : 0;
      accept(keys, year, ore, r, amountCol, month);
      return true;
    };
  }
}

/** A row with no cell that holds anything. */
function isBlankRow(row: readonly CellValue[]): boolean {
  for (let i = 0; i < row.length; i++) if (!isBlank(row[i])) return false;
  return true;
}

/** `s.trim()` without a copy when there is nothing to trim (the common art cell). */
function trimmed(s: string): string {
  const n = s.length;
  if (n === 0) return s;
  const a = s.charCodeAt(0);
  const b = s.charCodeAt(n - 1);
  return a > 32 && a < 127 && b > 32 && b < 127 ? s : s.trim();
}

function reportArtWithoutAmount(sheet: string, row: readonly CellValue[], first: number, r: number, artCol: number | undefined, ctx: AggregateContext, agg: Aggregates): void {
  const addr = cellAddress(r, artCol ?? 0);
  agg.ledgerLines++;
  agg.addLeftOut("amount", 0, { sheet, row: r, cell: addr });
  ctx.sink.add(finding("ART_WITHOUT_AMOUNT", sheet, addr, T.artWithoutAmount({ at: `${sheet}!${addr}`, value: clip(cellText(cellOf(row, first, artCol))) })));
}

function newProject(first: SourceRef & { cell: string }): ProjectTotals {
  return { dok3: 0, regulert: 0, regnskap: 0, groups: new Set(), lines: 0, first };
}

/** Budsjett: Dok. 3 and Regulert budsjett columns, or the long form Budsjettype + Beløp. */
export function aggregateBudget(reader: GridReader, d: DetectedSheet, ctx: AggregateContext, agg: Aggregates, forms: ReadonlyMap<number, AmountColumn> = new Map()): void {
  const sheet = reader.name;
  const c = d.columns;
  const long = c.budsjettype !== undefined && c.belop !== undefined && c.dok3 === undefined && c.regulert === undefined;
  const text = reader.grid.source?.kind === "text" ? reader.grid.source : undefined;
  const headerWidth = text ? (reader.row(d.headerRow)?.length ?? 0) : 0;
  const first = reader.grid.firstColumn;
  const keyCols = [c.kapittel, c.del, c.art, c.prosjekt].filter((x): x is number => x !== undefined);
  const amountCol = c.dok3 ?? c.regulert ?? c.belop ?? first;
  for (const r of reader.dataRows(d.headerRow)) {
    const row = reader.row(r);
    if (!row || row.every((v) => isBlank(v))) continue;
    if (text && row.length !== headerWidth) {
      ctx.sink.add(
        finding("ROW_WIDTH", sheet, cellAddress(r, first), T.rowWidth({ sheet, line: r + 1, fields: row.length, header: headerWidth, delimiter: text.delimiter }), {
          severity: "error",
        }),
      );
      continue;
    }
    // A total row (`Sum driftsutgifter`, `010 Totalt`): a label in a key column, or no art and a label anywhere.
    const artBlank = isBlank(reader.cell(r, c.art));
    const labelCol = (artBlank ? row.map((_, i) => first + i) : keyCols).find((col) => {
      const v = reader.cell(r, col);
      return typeof v === "string" && isTotalLabel(v);
    });
    if (labelCol !== undefined) {
      const at = cellAddress(r, amountCol);
      ctx.sink.add(
        finding("TOTAL_ROW", sheet, at, T.totalRow({ at: `${sheet}!${at}`, label: clip(cellText(reader.cell(r, labelCol))), amount: cellText(reader.cell(r, amountCol)) })),
      );
      continue;
    }
    const amounts: { measure: 2 | 3; ore: number }[] = [];
    if (long) {
      const t = normaliseBudgetType(reader.cell(r, c.budsjettype));
      const addr = cellAddress(r, need(c, "budsjettype"));
      if (!t) {
        ctx.sink.add(finding("BUDGET_TYPE_INVALID", sheet, addr, T.budgetTypeInvalid({ at: `${sheet}!${addr}`, value: clip(cellText(reader.cell(r, c.budsjettype))) })));
        continue;
      }
      const a = readAmount(reader.cell(r, need(c, "belop")), sheet, cellAddress(r, need(c, "belop")), ctx.sink, "budget", forms.get(need(c, "belop")));
      if (a.ok) amounts.push({ measure: t === "dok3" ? 2 : 3, ore: a.ore });
    } else {
      for (const [field, measure] of [
        ["dok3", 2],
        ["regulert", 3],
      ] as const) {
        if (c[field] === undefined) continue;
        const a = readAmount(reader.cell(r, c[field]), sheet, cellAddress(r, c[field]), ctx.sink, "budget", forms.get(c[field]!));
        if (a.ok) amounts.push({ measure, ore: a.ore });
      }
    }
    if (amounts.length === 0) continue;
    const keys = readKeys(sheet, row, first, d, r, ctx, agg, null, false);
    if (!keys) continue;
    const totals = agg.totals[keys.part];
    for (const a of amounts) totals[keys.group * 4 + a.measure] = (totals[keys.group * 4 + a.measure] ?? NaN) + a.ore;
    const basis = artTotals(agg, keys);
    for (const a of amounts) basis.values[a.measure] += a.ore;
    // A line of zeros in both columns is no budget (docs/checks.md: "no budget in either column").
    if (amounts.some((a) => a.ore !== 0)) {
      agg.budgetKeys.add(keys.art !== null ? `${keys.part}|${keys.art}` : `${keys.part}|g${keys.group}`);
      if (keys.project) agg.budgetKeys.add(`${keys.part}|p${keys.project}`);
    }
    if (keys.part === "investering" && keys.project && isProjectCost(keys.group, keys.art, ctx.internalArter)) {
      const p = agg.projects.get(keys.project) ?? newProject({ sheet, row: r, cell: cellAddress(r, need(c, "prosjekt")) });
      for (const a of amounts) {
        if (a.measure === 2) p.dok3 += a.ore;
        else p.regulert += a.ore;
      }
      p.groups.add(keys.group);
      agg.projects.set(keys.project, p);
    }
  }
}

function normaliseBudgetType(v: unknown): "dok3" | "regulert" | undefined {
  const s = String(v ?? "")
    .toLowerCase()
    .replace(/[\s.]/g, "");
  if (["dok3", "vedtatt", "vedtattbudsjett", "opprinnelig", "opprinneligbudsjett"].includes(s)) return "dok3";
  if (["regulert", "regulertbudsjett", "revidert", "revidertbudsjett", "regbudsj", "regbudsjett"].includes(s)) return "regulert";
  return undefined;
}
