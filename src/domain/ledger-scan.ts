import type { LedgerPlan } from "./aggregate";
import { ByteMemo } from "./byte-memo";
import { type ByteLine, type ByteLineVisitor, cellAddress, cellText, type CellValue, isBlank } from "./cells";
import { finding, type Finding } from "./findings";
import { FindingSink } from "./finding-sink";
import { type AmountColumn, clip, parseChapter, readAmount } from "./input";
import type { DetectedSheet } from "./layout";
import { type ColumnForm, ColumnFormTally, type CreditSign, CreditSignTally, type YearSource } from "./ledger-columns";
import { T } from "./messages";
import { addOre, ore, type Ore } from "./money";
import { type NumberForm, scanCommonAmountBytes } from "./norwegian-number";

/**
 * What planLedger decided from whole columns of the ledger, tallied one line at a time: the
 * amount columns' number forms (decideColumnForm), the credit sign under each form it may be
 * read in (decideCreditSign), and, when no setting gives them, the latest year and the most
 * common chapter. The same decisions and findings, in the same order, as column by column.
 */
export class LedgerScan {
  private readonly forms: { col: number; header: string; tally: ColumnFormTally }[];
  private readonly credit?: { col: number; byForm: Record<NumberForm | "unknown", CreditSignTally> };
  private readonly quiet = new FindingSink(0);
  private readonly yearCol?: number;
  private readonly readYear?: (v: CellValue) => number | undefined;
  private readonly chapterCol?: number;
  private readonly chapters = new Map<number, number>();
  latestYear = -Infinity;

  constructor(
    private readonly first: number,
    private readonly d: DetectedSheet,
    private readonly year: Exclude<YearSource, { kind: "none" }>,
    want: { year: boolean; chapter: boolean },
  ) {
    const c = d.columns;
    const cols = [c.belop, c.debet, c.kredit, ...Object.values(d.wideYears)].filter((x): x is number => x !== undefined);
    this.forms = cols.map((col) => ({ col, header: d.headers[col] ?? cellAddress(d.headerRow, col).replace(/\d+$/, ""), tally: new ColumnFormTally() }));
    if (c.belop === undefined && c.debet !== undefined && c.kredit !== undefined)
      this.credit = { col: c.kredit, byForm: { nb: new CreditSignTally(), en: new CreditSignTally(), unknown: new CreditSignTally() } };
    if (want.year && year.kind === "column") {
      this.yearCol = year.col;
      this.readYear = year.read;
    }
    if (want.chapter) this.chapterCol = c.kapittel;
  }

  add(row: readonly CellValue[], r: number): void {
    const first = this.first;
    for (const f of this.forms) {
      const v = row[f.col - first];
      if (typeof v === "string") f.tally.add(v, r);
    }
    if (this.credit) {
      const { col, byForm } = this.credit;
      const v = row[col - first] ?? null;
      if (!isBlank(v)) {
        for (const form of ["nb", "en", "unknown"] as const) {
          const a = readAmount(v, this.d.sheet, "", this.quiet, "amount", { form, header: "" });
          if (a.ok && a.ore !== 0) byForm[form].add(r, col, a.ore, cellText(v));
        }
      }
    }
    if (this.readYear) {
      const v = row[this.yearCol! - first] ?? null;
      if (!isBlank(v)) {
        const y = this.readYear(v);
        if (y !== undefined && y > this.latestYear) this.latestYear = y;
      }
    }
    if (this.chapterCol !== undefined) {
      const v = row[this.chapterCol - first] ?? null;
      if (!isBlank(v)) {
        const ch = parseChapter(v);
        if (typeof ch === "number") this.chapters.set(ch, (this.chapters.get(ch) ?? 0) + 1);
      }
    }
  }

  /**
   * add() for a line given as bytes that the ledger reader's byte path took, where all this tallies
   * is the Beløp column's number form (no Debet/Kredit, no year or chapter to find). The byte path
   * takes a line only when scanCommonAmount reads its Beløp (countNorwegianBytes' condition).
   */
  bytes(): ((line: ByteLine, r: number) => void) | undefined {
    if (this.forms.length !== 1 || this.credit || this.readYear || this.chapterCol !== undefined) return undefined;
    const { tally } = this.forms[0]!;
    const i = this.forms[0]!.col - this.first;
    if (i < 0) return undefined;
    return (line, r) => {
      if (i < line.count) countNorwegianBytes(tally, line, i, r);
    };
  }

  /**
   * add() for a line given as bytes, in the pass that only tallies (no year or chapter setting):
   * the Beløp column's number form as bytes() counts it, and the year and chapter cells worked
   * out once per distinct text by add()'s own functions. Leaves the line to add() (false, before
   * counting anything) when there is more to tally (Debet/Kredit, the wide form) or its Beløp is
   * not a text scanCommonAmount reads.
   */
  pass(): ByteLineVisitor | undefined {
    if (this.forms.length !== 1 || this.credit) return undefined;
    const form = this.forms[0]!;
    const fi = form.col - this.first;
    const yi = this.yearCol === undefined ? -1 : this.yearCol - this.first;
    const ci = this.chapterCol === undefined ? -1 : this.chapterCol - this.first;
    if (fi < 0 || (this.yearCol !== undefined && yi < 0) || (this.chapterCol !== undefined && ci < 0)) return undefined;
    const readYear = this.readYear;
    const years = new ByteMemo<number | undefined>();
    const chapters = new ByteMemo<number | undefined>();
    const field = (l: ByteLine, i: number, memo: ByteMemo<number | undefined>, read: (v: CellValue) => number | undefined): number | undefined => {
      if (i < 0 || i >= l.count || l.starts[i] === l.ends[i]) return undefined;
      const s = l.starts[i]!;
      const e = l.ends[i]!;
      const known = memo.get(l.bytes, s, e);
      if (known !== undefined || memo.has(l.bytes, s, e)) return known;
      const v = l.text(i);
      return memo.set(l.bytes, s, e, isBlank(v) ? undefined : read(v));
    };
    const chapterOf = (v: CellValue) => {
      const ch = parseChapter(v);
      return typeof ch === "number" ? ch : undefined;
    };
    return (l, r) => {
      if (fi < l.count && l.starts[fi] !== l.ends[fi]) {
        if (scanCommonAmountBytes(l.bytes, l.starts[fi]!, l.ends[fi]!) === undefined) return false;
        countNorwegianBytes(form.tally, l, fi, r);
      }
      if (readYear) {
        const y = field(l, yi, years, readYear);
        if (y !== undefined && y > this.latestYear) this.latestYear = y;
      }
      if (ci >= 0) {
        const ch = field(l, ci, chapters, chapterOf);
        if (ch !== undefined) this.chapters.set(ch, (this.chapters.get(ch) ?? 0) + 1);
      }
      return true;
    };
  }

  /** The most common chapter (the first seen of equally common ones). */
  get mostCommonChapter(): number | undefined {
    let best: number | undefined;
    let n = 0;
    for (const [v, count] of this.chapters) if (count > n) [best, n] = [v, count];
    return best;
  }

  /** The plan as most exports need it: Norwegian numbers, credit as positive amounts. */
  assumedPlan(): LedgerPlan {
    const amounts = new Map<number, AmountColumn>(this.forms.map((f) => [f.col, { form: "nb", header: f.header }]));
    return { year: this.year, amounts, credit: this.credit ? { signed: false } : undefined };
  }

  /** The plan the tallies decide, with its findings (planLedger's, in its order). */
  plan(sink: FindingSink): LedgerPlan {
    const { d, year } = this;
    if (year.kind === "column" && (year.how !== "year" || year.byValues)) {
      sink.add(
        finding(
          "YEAR_SOURCE",
          d.sheet,
          cellAddress(d.headerRow, year.col),
          T.yearSource({ sheet: d.sheet, header: year.header, column: cellAddress(d.headerRow, year.col).replace(/\d+$/, ""), how: year.how, byValues: year.byValues }),
          // A column taken by its values alone may be another year (a project's start year): the officer must see it.
          { severity: year.byValues ? "warning" : "info" },
        ),
      );
    }
    const amounts = new Map<number, AmountColumn>();
    for (const { col, header, tally } of this.forms) {
      const decided = tally.decide(col);
      amounts.set(col, { form: decided.form, header });
      reportColumnForm(sink, d.sheet, col, header, decided, () => tally.firstEnglish);
    }
    let credit: CreditSign | undefined;
    if (this.credit) {
      const kc = this.credit.col;
      credit = this.credit.byForm[amounts.get(kc)!.form].decide();
      if (credit.against) {
        const at = cellAddress(credit.against.row, kc);
        sink.add(finding("CREDIT_SIGN", d.sheet, at, T.creditSign({ at: `${d.sheet}!${at}`, value: clip(credit.against.text), signed: credit.signed })));
      }
    }
    return { year, amounts, credit };
  }
}

/**
 * ColumnFormTally.add for field `i` of a line as bytes, a text scanCommonAmount reads: such a
 * text has no point, so formEvidence calls it "nb" with a comma and "same" (not counted) without.
 */
function countNorwegianBytes(tally: ColumnFormTally, line: ByteLine, i: number, r: number): void {
  const b = line.bytes;
  for (let k = line.starts[i]!, e = line.ends[i]!; k < e; k++) if (b[k] === 44) return tally.addNorwegian(r, () => line.text(i)!);
}

/** The findings a column's number form gives: the first cell against the majority form, or that the column is read in English form. */
export function reportColumnForm(
  sink: FindingSink,
  sheet: string,
  col: number,
  header: string,
  decided: ColumnForm,
  firstEnglish: () => { readonly row: number; readonly text: string } | undefined,
): void {
  const k = decided.contradiction;
  if (k) {
    const at = cellAddress(k.row, k.col);
    sink.add(finding("NUMBER_FORM_MIXED", sheet, at, T.numberFormMixed({ at: `${sheet}!${at}`, value: clip(k.text), header, form: k.form })));
  } else if (decided.form === "en") {
    const first = firstEnglish();
    if (first) {
      const at = cellAddress(first.row, col);
      sink.add(finding("NUMBER_FORM_ENGLISH", sheet, at, T.numberFormEnglish({ at: `${sheet}!${at}`, value: clip(first.text), header })));
    }
  }
}

export function samePlan(a: LedgerPlan, b: LedgerPlan): boolean {
  for (const [col, x] of a.amounts) if (b.amounts.get(col)?.form !== x.form) return false;
  return (a.credit?.signed ?? false) === (b.credit?.signed ?? false);
}

/**
 * Findings held back, then given to a sink as if they had been added there directly: the same
 * items in the same order, the same counts and sums of the rest. Holds at most the first
 * PER_KIND + 1 of a kind. Used for a ledger pass whose plan is not yet known, and for stage
 * 1's findings, given again to a fresh sink before each stage 2 (incremental.ts).
 */
export class HeldFindings extends FindingSink {
  private static readonly PER_KIND = 100;
  private readonly events: Finding[] = [];
  private readonly kinds = new Map<string, { n: number; firstOver?: Finding; restCount: number; restAmount: Ore; restHasAmount: boolean }>();

  override add(f: Finding): void {
    const key = `${f.code}\u0000${f.sheet}`;
    let k = this.kinds.get(key);
    if (!k) this.kinds.set(key, (k = { n: 0, restCount: 0, restAmount: ore(0), restHasAmount: false }));
    k.n++;
    if (k.n <= HeldFindings.PER_KIND + 1) {
      this.events.push(f);
      if (k.n === HeldFindings.PER_KIND + 1) k.firstOver = f;
      return;
    }
    k.restCount++;
    if (f.amount !== undefined) {
      k.restAmount = addOre(k.restAmount, f.amount);
      k.restHasAmount = true;
    }
  }

  replayInto(sink: FindingSink): void {
    for (const f of this.events) sink.add(f);
    for (const k of this.kinds.values()) {
      if (k.restCount === 0) continue;
      const f0 = k.firstOver!;
      sink.add({ ...f0, amount: k.restHasAmount ? k.restAmount : undefined });
      const none: Finding = { ...f0, amount: undefined };
      for (let i = 1; i < k.restCount; i++) sink.add(none);
    }
  }
}
