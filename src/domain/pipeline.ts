import { Aggregates, aggregateBudget, aggregateLedger, type LedgerPlan } from "./aggregate";
import { cellAddress, cellText, isBlank, SheetGrid } from "./cells";
import { runChecks } from "./checks";
import { type CreditSign, decideColumnForm, decideCreditSign, resolveYearSource, type YearSource } from "./ledger-columns";
import { finding, Finding, localiseFindings, sortFindings } from "./findings";
import { msg, type SeenSheet, T } from "./messages";
import { FindingSink } from "./finding-sink";
import { type AmountColumn, BudgetChange, clip, GridReader, parseChapter, readAmount, parseOppsett, parseProsjekter, parseReguleringer, RegisteredProject } from "./input";
import { type DetectedSheet, detectLayout, Layout, LayoutMapping, SHEET_TITLES } from "./layout";
import { formEvidence } from "./norwegian-number";
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

function mostCommon<T>(values: Iterable<T>): T | undefined {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: T | undefined;
  let n = 0;
  for (const [v, c] of counts) if (c > n) [best, n] = [v, c];
  return best;
}

/** Scans a column for the report year (the latest) or the chapter (the most common). */
function* columnValues(reader: GridReader, headerRow: number, col: number | undefined) {
  if (col === undefined) return;
  for (const r of reader.dataRows(headerRow)) {
    const v = reader.cell(r, col);
    if (!isBlank(v)) yield v;
  }
}

export function runPipeline(input: PipelineInput): Report {
  const language = input.language ?? "nb";
  const layout = detectLayout(input.grids, input.mapping);
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

  let year = settings.year;
  if (year === undefined) {
    let latest = -Infinity;
    if (yearSource.kind === "column") {
      for (const v of columnValues(ledger.reader, ledger.d.headerRow, yearSource.col)) {
        const y = yearSource.read(v);
        if (y !== undefined && y > latest) latest = y;
      }
    }
    for (const y of Object.keys(ledger.d.wideYears).map(Number)) if (y > latest) latest = y;
    if (!Number.isFinite(latest)) throw new InputError(msg(language).noYear({}));
    year = latest;
  }
  let chapter = settings.chapter;
  if (chapter === undefined) {
    chapter = mostCommon([...columnValues(ledger.reader, ledger.d.headerRow, ledger.d.columns.kapittel)].map(parseChapter).filter((c): c is number => typeof c === "number"));
  }
  const agency = settings.agency ?? "";
  const internalArter = new Set(settings.internalArter ?? []);

  const prosjekter = grid("prosjekter");
  const register: Map<string, RegisteredProject> = prosjekter ? parseProsjekter(prosjekter.reader, prosjekter.d, sink, amountColumns(prosjekter.reader, prosjekter.d, ["kat1", "kat2", "kat3", "kat4"], sink)) : new Map();
  const reguleringer = grid("reguleringer");
  const changes = reguleringer ? parseReguleringer(reguleringer.reader, reguleringer.d, sink, amountColumns(reguleringer.reader, reguleringer.d, ["belop"], sink)) : [];

  const agg = new Aggregates();
  const ctx = { year, chapter, internalArter, sink };
  aggregateLedger(ledger.reader, ledger.d, ctx, agg, planLedger(ledger.reader, ledger.d, yearSource, sink));
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
  return { name: g.name, headers: headers.slice(0, 12), encoding: g.source?.encoding };
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

/** Everything decided about the ledger's columns before its lines are read. */
function planLedger(reader: GridReader, d: DetectedSheet, year: Exclude<YearSource, { kind: "none" }>, sink: FindingSink): LedgerPlan {
  if (year.kind === "column" && (year.how !== "year" || year.byValues)) {
    sink.add(
      finding(
        "YEAR_SOURCE",
        d.sheet,
        cellAddress(d.headerRow, year.col),
        T.yearSource({ sheet: d.sheet, header: year.header, column: cellAddress(d.headerRow, year.col).replace(/\d+$/, ""), how: year.how, byValues: year.byValues }),
      ),
    );
  }
  const amounts = amountColumns(reader, d, ["belop", "debet", "kredit"], sink, Object.values(d.wideYears));
  let credit: CreditSign | undefined;
  const kc = d.columns.kredit;
  if (d.columns.belop === undefined && d.columns.debet !== undefined && kc !== undefined) {
    const quiet = new FindingSink();
    const values: { row: number; col: number; ore: number; text: string }[] = [];
    for (const r of reader.dataRows(d.headerRow)) {
      const v = reader.cell(r, kc);
      const a = readAmount(v, d.sheet, "", quiet, "amount", amounts.get(kc));
      if (a.ok && a.ore !== 0) values.push({ row: r, col: kc, ore: a.ore, text: cellText(v) });
    }
    credit = decideCreditSign(values);
    if (credit.against) {
      const at = cellAddress(credit.against.row, kc);
      sink.add(finding("CREDIT_SIGN", d.sheet, at, T.creditSign({ at: `${d.sheet}!${at}`, value: clip(credit.against.text), signed: credit.signed })));
    }
  }
  return { year, amounts, credit };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

