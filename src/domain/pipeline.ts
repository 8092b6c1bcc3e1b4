import { Aggregates, aggregateBudget, ledgerLineReader, ledgerSheetOf, type LedgerPlan } from "./aggregate";
import { cellAddress, cellText, type CellValue, isBlank, SheetGrid, StreamFallback } from "./cells";
import { runChecks } from "./checks";
import { ColumnFormTally, type CreditSign, CreditSignTally, decideColumnForm, resolveYearSource, type YearSource } from "./ledger-columns";
import { finding, Finding, localiseFindings, sortFindings } from "./findings";
import { msg, type SeenSheet, T } from "./messages";
import { FindingSink } from "./finding-sink";
import { type AmountColumn, BudgetChange, clip, GridReader, parseChapter, readAmount, parseOppsett, parseProsjekter, parseReguleringer, RegisteredProject } from "./input";
import { type DetectedSheet, detectLayout, Layout, LayoutMapping, ledgerColumnsMissing, SHEET_TITLES } from "./layout";
import { formEvidence, type NumberForm } from "./norwegian-number";
import type { Ore } from "./money";
import { buildReportJson, ReportJson } from "./report/json";
import { accountSheet, basisSheet, categorySheet, findingsSheet, projectSheet, regulationsSheet, ReportContext } from "./report/sheets";
import type { SheetModel } from "./report/sheet-model";
import { buildAccountTable, buildCategoryTable, buildProjectTable, ReportTables } from "./report/tables";
import type { CategoryDecision, Language, Settings } from "./settings";

/**
 * The whole job, one way through: grids → layout → parsed and aggregated input →
 * tables → checks → sheet models and JSON. Pure: no I/O, same result for the same input.
 */

export interface PipelineInput {
  readonly grids: readonly SheetGrid[];
  /** Settings from the task pane or the command line; they win over the Oppsett sheet. */
  readonly settings?: Settings;
  readonly mapping?: LayoutMapping;
  /** The officer's decisions by project number; they win over the register's Kategori/Kat. columns. */
  readonly decisions?: Readonly<Record<string, CategoryDecision>>;
  /** The language of the findings, the category reasons and the Kontroll sheet (default Norwegian); the report tables are Norwegian always. */
  readonly language?: Language;
}

export interface CategorisedProject {
  readonly nr: string;
  readonly name: string;
  readonly parent: string | null;
  readonly avvik: Ore;
  readonly suggested: 1 | 2 | 3 | 4;
  readonly reason: string;
  readonly applied: readonly [Ore, Ore, Ore, Ore];
  readonly source: "suggested" | "override" | "split";
}

export interface Report {
  readonly year: number;
  readonly chapter: number | undefined;
  readonly agency: string;
  readonly layout: Layout;
  readonly settings: Settings;
  readonly findings: Finding[];
  readonly projects: CategorisedProject[];
  readonly tables: ReportTables;
  readonly changes: readonly BudgetChange[];
  readonly sheets: SheetModel[];
  readonly json: ReportJson;
  readonly ledgerLines: number;
}

/** The input cannot be used at all (no ledger, no year): the command line exits with 2. */
export class InputError extends Error {}

/** A pass the engine asks of whoever holds the ledger's rows: `visit` every data row after the header, in order. */
interface LedgerPass {
  readonly grid: SheetGrid;
  readonly headerRow: number;
  readonly visit: (row: readonly CellValue[], r: number) => void;
}

const NO_CELLS: readonly CellValue[] = Object.freeze([]);

export function runPipeline(input: PipelineInput): Report {
  const core = pipelineCore(input, detectLayout(input.grids, input.mapping));
  for (let step = core.next(); ; ) {
    if (step.done) return step.value;
    const { grid, headerRow, visit } = step.value;
    const reader = new GridReader(grid);
    for (const r of reader.dataRows(headerRow)) visit(reader.row(r) ?? NO_CELLS, r);
    step = core.next();
  }
}

/**
 * runPipeline for grids of which some stream (SheetGrid.stream, a large CSV or sheet): the
 * same Report. Every sheet but the ledger is read whole; the ledger is read line by line
 * from its file, once when the settings give the year and chapter and the export is in the
 * common form (Norwegian numbers, credit as positive amounts), else twice.
 */
export async function runPipelineStreamed(input: PipelineInput): Promise<Report> {
  try {
    const layout = detectLayout(input.grids, input.mapping);
    const ledgerSheet = layout.sheets.regnskap?.sheet;
    const grids = await Promise.all(input.grids.map((g) => (g.stream && g.name !== ledgerSheet ? g.stream.grid() : g)));
    const core = pipelineCore({ ...input, grids }, layout);
    for (let step = core.next(); ; ) {
      if (step.done) return step.value;
      const { grid, headerRow, visit } = step.value;
      if (grid.stream) await grid.stream.each((row, r) => r > headerRow && visit(row, r));
      else {
        const reader = new GridReader(grid);
        for (const r of reader.dataRows(headerRow)) visit(reader.row(r) ?? NO_CELLS, r);
      }
      step = core.next();
    }
  } catch (e) {
    if (!(e instanceof StreamFallback)) throw e;
    return runPipeline({ ...input, grids: await Promise.all(input.grids.map((g) => (g.stream ? g.stream.grid() : g))) });
  }
}

/** The whole job; it yields each pass over the ledger's rows to its driver (runPipeline or runPipelineStreamed). */
function* pipelineCore(input: PipelineInput, layout: Layout): Generator<LedgerPass, Report, void> {
  const language = input.language ?? "nb";
  const sink = new FindingSink();
  sink.addAll(layout.findings);
  const grid = (kind: keyof typeof SHEET_TITLES) => {
    const d = layout.sheets[kind];
    return d ? { d, reader: new GridReader(input.grids.find((g) => g.name === d.sheet)!) } : undefined;
  };
  const ledger = grid("regnskap");
  if (!ledger) throw new InputError(msg(language).noLedger({ sheets: input.grids.filter((g) => g.rows.length > 0).map(seenSheet) }));
  const yearSource = resolveYearSource(ledger.reader, ledger.d);
  if (yearSource.kind === "none")
    throw new InputError(msg(language).noYearColumn({ sheet: ledger.d.sheet, headers: yearSource.headers, monthOnly: yearSource.monthOnly?.header }));
  const oppsett = grid("oppsett");
  const adoptedCells: Record<string, string> = {};
  const fromSheet = oppsett ? parseOppsett(oppsett.reader, oppsett.d, sink, adoptedCells) : {};
  const settings: Settings = { ...fromSheet, ...stripUndefined(input.settings ?? {}) };
  const ledgerGrid = ledger.reader.grid;
  const headerRow = ledger.d.headerRow;

  // What is decided from whole columns of the ledger (number forms, credit sign, and the year
  // and chapter when no setting gives them) is tallied line by line in the same pass as the lines.
  const scan = new LedgerScan(ledgerGrid.firstColumn, ledger.d, yearSource, { year: settings.year === undefined, chapter: settings.chapter === undefined });
  const scanFirst = settings.year === undefined || settings.chapter === undefined;
  if (scanFirst) yield { grid: ledgerGrid, headerRow, visit: (row, r) => scan.add(row, r) };
  let year: number;
  if (settings.year !== undefined) year = settings.year;
  else {
    let latest = scan.latestYear;
    for (const y of Object.keys(ledger.d.wideYears).map(Number)) if (y > latest) latest = y;
    if (!Number.isFinite(latest)) throw new InputError(msg(language).noYear({}));
    year = latest;
  }
  const chapter = settings.chapter ?? scan.mostCommonChapter;
  const agency = settings.agency ?? "";
  const internalArter = new Set(settings.internalArter ?? []);

  const prosjekter = grid("prosjekter");
  const register: Map<string, RegisteredProject> = prosjekter ? parseProsjekter(prosjekter.reader, prosjekter.d, sink, amountColumns(prosjekter.reader, prosjekter.d, ["kat1", "kat2", "kat3", "kat4"], sink)) : new Map();
  const reguleringer = grid("reguleringer");
  const changes = reguleringer ? parseReguleringer(reguleringer.reader, reguleringer.d, sink, amountColumns(reguleringer.reader, reguleringer.d, ["belop"], sink)) : [];

  const ctx = { year, chapter, internalArter, sink };
  const sheetOfLines = ledgerSheetOf(ledgerGrid, headerRow);
  let agg = new Aggregates();
  if (scanFirst) {
    const plan = scan.plan(sink);
    yield { grid: ledgerGrid, headerRow, visit: ledgerLineReader(sheetOfLines, ledger.d, ctx, agg, plan) };
  } else {
    // One pass: the columns tallied while the lines are read as most exports are written; read
    // again only when the tallies decide otherwise. The findings of the pass wait for the plan's.
    const assumed = scan.assumedPlan();
    const held = new HeldFindings();
    const read = ledgerLineReader(sheetOfLines, ledger.d, { ...ctx, sink: held }, agg, assumed);
    yield {
      grid: ledgerGrid,
      headerRow,
      visit: (row, r) => {
        scan.add(row, r);
        read(row, r);
      },
    };
    const plan = scan.plan(sink);
    if (samePlan(plan, assumed)) held.replayInto(sink);
    else {
      agg = new Aggregates();
      yield { grid: ledgerGrid, headerRow, visit: ledgerLineReader(sheetOfLines, ledger.d, ctx, agg, plan) };
    }
  }
  if (agg.ledgerLines === 0) sink.add(finding("LEDGER_EMPTY", ledger.d.sheet, "", T.ledgerEmpty({ sheet: ledger.d.sheet })));
  else if (agg.yearLines === 0)
    sink.add(finding("NO_LINES_IN_YEAR", ledger.d.sheet, "", T.noLinesInYear({ sheet: ledger.d.sheet, year, years: [...agg.yearsSeen].sort((a, b) => a - b) })));
  const budget = grid("budsjett");
  if (budget) aggregateBudget(budget.reader, budget.d, ctx, agg, amountColumns(budget.reader, budget.d, ["dok3", "regulert", "belop"], sink));
  else sink.add(finding("SHEET_MISSING", "", "", T.budgetSheetMissing({})));
  if (!agg.allSumsExact()) throw new InputError(msg(language).sumsTooLarge({}));
  if (!prosjekter && agg.projects.size > 0) sink.add(finding("SHEET_MISSING", "", "", T.registerSheetMissing({})));

  const project341 = buildProjectTable(agg, register);
  const tables: ReportTables = {
    "3.1": buildAccountTable(agg, "drift"),
    "3.3": buildAccountTable(agg, "investering"),
    "3.4.1": project341,
    "3.4.2": buildCategoryTable(project341, register, input.decisions ?? {}, year),
  };
  sink.addAll(
    runChecks({
      year,
      chapter,
      settings,
      agg,
      register,
      registerSheet: prosjekter?.d.sheet,
      changes,
      changesSheet: reguleringer?.d.sheet,
      tables,
      ledgerSheet: ledger.d.sheet,
      budgetSheet: budget?.d.sheet,
      oppsettSheet: oppsett?.d.sheet,
      adoptedCells,
    }),
  );
  const findings = localiseFindings(sortFindings(sink.findings((code, sheet, count) => T.moreOfTheSame({ code, sheet, count }))), language);
  const errorCount = findings.filter((f) => f.severity === "error").length;
  const rctx: ReportContext = { year, chapter, agency, errorCount, internalArter: [...internalArter], agencyShort: settings.agencyShort, materiality: settings.materiality, changes, language };
  const sheets = [
    accountSheet(tables["3.1"], rctx),
    accountSheet(tables["3.3"], rctx),
    projectSheet(tables["3.4.1"], rctx),
    categorySheet(tables["3.4.2"], rctx),
    findingsSheet(findings, rctx),
    regulationsSheet(tables, changes, rctx),
    basisSheet(agg.arter, rctx),
  ];
  const projects: CategorisedProject[] = tables["3.4.2"].rows
    .filter((r) => !r.isParent && r.applied)
    .map((r) => ({
      nr: r.key,
      // The label is `NNNNNN-Prosjektnavn`, also for a parent's own lines (key `NNNNNN-0`).
      name: r.label.slice(r.label.indexOf("-") + 1),
      parent: r.parent,
      avvik: r.avvik,
      suggested: r.suggested!,
      reason: language === "en" ? (r.reasonEn ?? r.reason) : r.reason,
      applied: r.applied!.values,
      source: r.applied!.source,
    }));
  return {
    year,
    chapter,
    agency,
    layout,
    settings: { ...settings, year, chapter, agency },
    findings,
    projects,
    tables,
    changes,
    sheets,
    json: buildReportJson(tables, findings, { year, chapter, agency }),
    ledgerLines: agg.ledgerLines,
  };
}

/** A sheet as read, for the message that no ledger was found: its fullest row of the first 20 as headers. */
function seenSheet(g: SheetGrid): SeenSheet {
  let headers: string[] = [];
  for (const row of g.rows.slice(0, 20)) {
    const texts = row.filter((v) => !isBlank(v)).map((v) => cellText(v).trim());
    if (texts.length > headers.length) headers = texts;
  }
  return { name: g.name, headers: headers.slice(0, 12), encoding: g.source?.encoding, missing: ledgerColumnsMissing(g) };
}

/** The number form of each amount column, decided from all its cells, with the findings that say so. */
function amountColumns(reader: GridReader, d: DetectedSheet, fields: readonly string[], sink: FindingSink, extra: readonly number[] = []): Map<number, AmountColumn> {
  const out = new Map<number, AmountColumn>();
  const cols = [...fields.map((f) => d.columns[f]), ...extra].filter((c): c is number => c !== undefined);
  for (const col of cols) {
    const header = d.headers[col] ?? cellAddress(d.headerRow, col).replace(/\d+$/, "");
    const decided = decideColumnForm(reader, d.headerRow, col);
    out.set(col, { form: decided.form, header });
    const k = decided.contradiction;
    if (k) {
      const at = cellAddress(k.row, k.col);
      sink.add(finding("NUMBER_FORM_MIXED", d.sheet, at, T.numberFormMixed({ at: `${d.sheet}!${at}`, value: clip(k.text), header, form: k.form })));
    } else if (decided.form === "en") {
      const firstEn = firstEnglishCell(reader, d.headerRow, col);
      if (firstEn) {
        const at = cellAddress(firstEn.row, col);
        sink.add(finding("NUMBER_FORM_ENGLISH", d.sheet, at, T.numberFormEnglish({ at: `${d.sheet}!${at}`, value: clip(firstEn.text), header })));
      }
    }
  }
  return out;
}

function firstEnglishCell(reader: GridReader, headerRow: number, col: number): { row: number; text: string } | undefined {
  for (const r of reader.dataRows(headerRow)) {
    const v = reader.cell(r, col);
    if (typeof v === "string" && formEvidence(v) === "en") return { row: r, text: v };
  }
  return undefined;
}

/**
 * What planLedger decided from whole columns of the ledger, tallied one line at a time: the
 * amount columns' number forms (decideColumnForm), the credit sign under each form it may be
 * read in (decideCreditSign), and, when no setting gives them, the latest year and the most
 * common chapter. The same decisions and findings, in the same order, as column by column.
 */
class LedgerScan {
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
    for (let i = 0; i < this.forms.length; i++) {
      const f = this.forms[i];
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
      const k = decided.contradiction;
      if (k) {
        const at = cellAddress(k.row, k.col);
        sink.add(finding("NUMBER_FORM_MIXED", d.sheet, at, T.numberFormMixed({ at: `${d.sheet}!${at}`, value: clip(k.text), header, form: k.form })));
      } else if (decided.form === "en") {
        const firstEn = tally.firstEnglish;
        if (firstEn) {
          const at = cellAddress(firstEn.row, col);
          sink.add(finding("NUMBER_FORM_ENGLISH", d.sheet, at, T.numberFormEnglish({ at: `${d.sheet}!${at}`, value: clip(firstEn.text), header })));
        }
      }
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

function samePlan(a: LedgerPlan, b: LedgerPlan): boolean {
  for (const [col, x] of a.amounts) if (b.amounts.get(col)?.form !== x.form) return false;
  return (a.credit?.signed ?? false) === (b.credit?.signed ?? false);
}

/**
 * Findings held back until the findings before them are known, then given to the sink as
 * if they had been added there directly: the same items in the same order, the same counts
 * and sums of the rest. Holds at most the first PER_KIND + 1 of a kind.
 */
class HeldFindings extends FindingSink {
  private static readonly PER_KIND = 100;
  private readonly events: Finding[] = [];
  private readonly kinds = new Map<string, { n: number; firstOver?: Finding; restCount: number; restAmount: number; restHasAmount: boolean }>();

  override add(f: Finding): void {
    const key = `${f.code}\u0000${f.sheet}`;
    let k = this.kinds.get(key);
    if (!k) this.kinds.set(key, (k = { n: 0, restCount: 0, restAmount: 0, restHasAmount: false }));
    k.n++;
    if (k.n <= HeldFindings.PER_KIND + 1) {
      this.events.push(f);
      if (k.n === HeldFindings.PER_KIND + 1) k.firstOver = f;
      return;
    }
    k.restCount++;
    if (f.amount !== undefined) {
      k.restAmount += f.amount;
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

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

