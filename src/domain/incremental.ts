import { Aggregates, aggregateBudget, ledgerLineReader, ledgerSheetOf } from "./aggregate";
import { avvik } from "./amounts";
import { splitToTuple } from "./categorise";
import { type ByteLineVisitor, cellAddress, cellText, type CellValue, isBlank, type SheetGrid } from "./cells";
import { materialityLimit, runChecks } from "./checks";
import { decideColumnForm, resolveYearSource } from "./ledger-columns";
import { resolveMonthSource } from "./ledger-months";
import { finding, localiseFindings, sortFindings } from "./findings";
import { msg, type SeenSheet, T } from "./messages";
import { FindingSink } from "./finding-sink";
import { type AmountColumn, type BudgetChange, GridReader, parseOppsett, parseProsjekter, parseReguleringer, type RegisteredProject } from "./input";
import { type DetectedSheet, detectLayout, type Layout, ledgerColumnsMissing, SHEET_TITLES } from "./layout";
import { HeldFindings, LedgerScan, reportColumnForm, samePlan } from "./ledger-scan";
import { formEvidence } from "./norwegian-number";
import { InputError, type CategorisedProject, type PipelineInput, type Report } from "./report-types";
import { buildReportJson } from "./report/json";
import { accountSheet, basisSheet, categorySheet, findingsSheet, projectSheet, regulationsSheet, type ReportContext } from "./report/sheets";
import type { SheetModel } from "./report/sheet-model";
import { type AccountTable, buildAccountTable, buildCategoryTable, buildProjectTable, type ProjectTable, type ReportTables } from "./report/tables";
import type { CategoryDecision, Language, Settings } from "./settings";
import type { ReportPeriod } from "./tertial/period";
import { type ForecastLine, parsePrognose } from "./tertial/prognose-sheet";
import { buildTertial, periodYearFinding, type TertialReport } from "./tertial/report";
import { tertialSheets } from "./tertial/sheets";
import type { OfficerForecasts } from "./tertial/tables";

/**
 * runPipeline in two stages, for the task pane: `prepareInput` reads and aggregates the
 * grids once (the expensive part, linear in ledger lines); `reportFromPrepared` builds the
 * tables, checks, findings and sheets from that for any materiality, agency or category
 * decisions (linear in projects and findings). Their composition gives the same Report as
 * runPipeline (src/domain/incremental.test.ts proves it), so the pane and the command line agree.
 *
 * What stage 1 depends on: the grids, the mapping, and the settings the aggregation reads
 * (year, chapter, internalArter). Everything else is stage 2. `aggregationKey` says which.
 */

/** The settings that change what the ledger's aggregation counts; a change of any other setting keeps the aggregates. */
export function aggregationKey(input: Pick<PipelineInput, "mapping" | "settings">): string {
  const s = input.settings ?? {};
  return JSON.stringify([input.mapping ?? {}, s.year ?? null, s.chapter ?? null, s.internalArter ?? null]);
}

/** The grids read, parsed and aggregated: what no choice but the mapping, year, chapter or internal arter changes. */
export interface PreparedInput {
  readonly key: string;
  readonly layout: Layout;
  /** The Oppsett sheet's settings under the officer's (as runPipeline merges them). */
  readonly settings: Settings;
  readonly year: number;
  readonly chapter: number | undefined;
  readonly register: ReadonlyMap<string, RegisteredProject>;
  readonly changes: readonly BudgetChange[];
  readonly agg: Aggregates;
  readonly tables: { readonly "3.1": AccountTable; readonly "3.3": AccountTable; readonly "3.4.1": ProjectTable };
  readonly sheets: { readonly ledger: string; readonly budget?: string; readonly register?: string; readonly changes?: string; readonly oppsett?: string };
  readonly adoptedCells: Readonly<Record<string, string>>;
  /** The Prognose sheet's rows (the officer's forecasts for a tertial report). */
  readonly forecastLines: readonly ForecastLine[];
  /** The ledger's headers as read, for the sentence that refuses a tertial report without months. */
  readonly ledgerHeaders: readonly string[];
  /** Stage 1's findings, given again to a fresh sink before each stage 2. */
  readonly findings: HeldFindings;
}

/** A pass the engine asks of whoever holds the ledger's rows: `visit` every data row after the header, in order. */
export interface LedgerPass {
  readonly grid: SheetGrid;
  readonly headerRow: number;
  readonly visit: (row: readonly CellValue[], r: number) => void;
  /** `visit` for a line given as bytes (RowStream.eachLine), where the pass can take it so; false leaves it to `visit`. */
  readonly visitLine?: ByteLineVisitor;
}

const NO_CELLS: readonly CellValue[] = Object.freeze([]);

/** Drives a stage over grids held whole: each ledger pass visits the grid's rows. */
export function withGrids<T>(stage: Generator<LedgerPass, T, void>): T {
  for (let step = stage.next(); ;) {
    if (step.done) return step.value;
    const { grid, headerRow, visit } = step.value;
    const reader = new GridReader(grid);
    for (const r of reader.dataRows(headerRow)) visit(reader.row(r) ?? NO_CELLS, r);
    step = stage.next();
  }
}

/**
 * Stage 1 as passes over the ledger's rows, for whoever holds them (grids, or a file read
 * line by line): layout, Oppsett, register, regulations, the ledger (read once when the
 * settings give the year and chapter and the export is in the common form, else twice)
 * and the budget, aggregated. Throws InputError when the input cannot be used.
 */
export function* prepareStages(input: Pick<PipelineInput, "grids" | "mapping" | "settings" | "language">, layout: Layout): Generator<LedgerPass, PreparedInput, void> {
  const language = input.language ?? "nb";
  const sink = new HeldFindings();
  sink.addAll(layout.findings);
  const grid = (kind: keyof typeof SHEET_TITLES) => {
    const d = layout.sheets[kind];
    return d ? { d, reader: new GridReader(input.grids.find((g) => g.name === d.sheet)!) } : undefined;
  };
  const ledger = grid("regnskap");
  if (!ledger) throw new InputError(msg(language).noLedger({ sheets: input.grids.filter((g) => g.rows.length > 0).map(seenSheet) }));
  const yearSource = resolveYearSource(ledger.reader, ledger.d);
  if (yearSource.kind === "none") throw new InputError(msg(language).noYearColumn({ sheet: ledger.d.sheet, headers: yearSource.headers, monthOnly: yearSource.monthOnly?.header }));
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
  if (scanFirst) yield { grid: ledgerGrid, headerRow, visit: (row, r) => scan.add(row, r), visitLine: scan.pass() };
  let year: number;
  if (settings.year !== undefined) year = settings.year;
  else {
    let latest = scan.latestYear;
    for (const y of Object.keys(ledger.d.wideYears).map(Number)) if (y > latest) latest = y;
    if (!Number.isFinite(latest)) throw new InputError(msg(language).noYear({}));
    year = latest;
  }
  const chapter = settings.chapter ?? scan.mostCommonChapter;
  const internalArter = new Set(settings.internalArter ?? []);

  const prosjekter = grid("prosjekter");
  const register: Map<string, RegisteredProject> = prosjekter
    ? parseProsjekter(prosjekter.reader, prosjekter.d, sink, amountColumns(prosjekter.reader, prosjekter.d, ["kat1", "kat2", "kat3", "kat4"], sink))
    : new Map();
  const reguleringer = grid("reguleringer");
  const changes = reguleringer ? parseReguleringer(reguleringer.reader, reguleringer.d, sink, amountColumns(reguleringer.reader, reguleringer.d, ["belop"], sink)) : [];

  const ctx = { year, chapter, internalArter, sink, month: resolveMonthSource(ledger.d, yearSource) };
  const sheetOfLines = ledgerSheetOf(ledgerGrid, headerRow);
  let agg = new Aggregates();
  if (scanFirst) {
    const plan = scan.plan(sink);
    const read = ledgerLineReader(sheetOfLines, ledger.d, ctx, agg, plan);
    yield { grid: ledgerGrid, headerRow, visit: read, visitLine: read.bytes };
    read.finish();
  } else {
    // One pass: the columns tallied while the lines are read as most exports are written; read
    // again only when the tallies decide otherwise. The findings of the pass wait for the plan's.
    const assumed = scan.assumedPlan();
    const held = new HeldFindings();
    const read = ledgerLineReader(sheetOfLines, ledger.d, { ...ctx, sink: held }, agg, assumed);
    const scanBytes = scan.bytes();
    const readBytes = read.bytes;
    yield {
      grid: ledgerGrid,
      headerRow,
      visit: (row, r) => {
        scan.add(row, r);
        read(row, r);
      },
      // A line as bytes when the reader takes it (then its Beløp is one the scan's byte tally reads).
      visitLine:
        scanBytes && readBytes
          ? (line, r) => {
              if (!readBytes(line, r)) return false;
              scanBytes(line, r);
              return true;
            }
          : undefined,
    };
    read.finish();
    const plan = scan.plan(sink);
    if (samePlan(plan, assumed)) held.replayInto(sink);
    else {
      agg = new Aggregates();
      const again = ledgerLineReader(sheetOfLines, ledger.d, ctx, agg, plan);
      yield { grid: ledgerGrid, headerRow, visit: again, visitLine: again.bytes };
      again.finish();
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
  const prognose = grid("prognose");
  const forecastLines = prognose ? parsePrognose(prognose.reader, prognose.d, sink, amountColumns(prognose.reader, prognose.d, ["prognose"], sink)) : [];

  return {
    key: aggregationKey(input),
    layout,
    settings,
    year,
    chapter,
    register,
    changes,
    agg,
    tables: { "3.1": buildAccountTable(agg, "drift"), "3.3": buildAccountTable(agg, "investering"), "3.4.1": buildProjectTable(agg, register) },
    sheets: { ledger: ledger.d.sheet, budget: budget?.d.sheet, register: prosjekter?.d.sheet, changes: reguleringer?.d.sheet, oppsett: oppsett?.d.sheet },
    adoptedCells,
    forecastLines,
    ledgerHeaders: Object.values(ledger.d.headers),
    findings: sink,
  };
}

/** Stage 1 over grids: the grids read, parsed and aggregated. Throws InputError as runPipeline does. */
export function prepareInput(input: Pick<PipelineInput, "grids" | "mapping" | "settings" | "language">): PreparedInput {
  return withGrids(prepareStages(input, detectLayout(input.grids, input.mapping)));
}

/** The choices stage 2 takes: settings (the aggregation's own must match the prepared key), decisions, language. */
export interface ReportChoices {
  readonly settings?: Settings;
  readonly decisions?: Readonly<Record<string, CategoryDecision>>;
  readonly language?: Language;
  /** A tertial report for this period (year to date, forecast, expected deviation) instead of the annual tables. */
  readonly period?: ReportPeriod;
  /** The officer's forecasts typed in the task pane, by row key (they win over the Prognose sheet). */
  readonly forecasts?: OfficerForecasts;
}

/** A Report without its sheets and JSON: what the task pane shows. */
export type ReportCore = Omit<Report, "sheets" | "json" | "tertial"> & {
  readonly errorCount: number;
  readonly context: ReportContext;
  readonly agg: Aggregates;
  /** The tertial report, when a period was chosen. */
  readonly tertial?: TertialReport;
};

/** Stage 2: 3.4.2 with the decisions, the checks, the findings; no sheets (see `reportSheets`). */
export function coreFromPrepared(prepared: PreparedInput, choices: ReportChoices): ReportCore {
  const language = choices.language ?? "nb";
  const settings: Settings = { ...prepared.settings, ...stripUndefined(choices.settings ?? {}) };
  const { year, chapter, agg, register, changes } = prepared;
  const agency = settings.agency ?? "";
  const internalArter = new Set(settings.internalArter ?? []);
  const tables: ReportTables = { ...prepared.tables, "3.4.2": buildCategoryTable(prepared.tables["3.4.1"], register, choices.decisions ?? {}, year) };
  const sink = new FindingSink();
  prepared.findings.replayInto(sink);
  const tertial = choices.period
    ? buildTertial(
        {
          agg,
          year,
          register,
          projects: prepared.tables["3.4.1"],
          forecastLines: prepared.forecastLines,
          ledgerSheet: prepared.sheets.ledger,
          ledgerHeaders: prepared.ledgerHeaders,
          materiality: settings.materiality,
        },
        choices.period,
        choices.forecasts ?? {},
        language,
      )
    : undefined;
  if (tertial) sink.addAll(tertial.findings);
  // The annual report counts by year: a period of another year is a warning there (an error in a tertial report).
  else if (agg.monthly && agg.monthly.otherYear.count > 0) sink.add(periodYearFinding(agg.monthly, "warning"));
  const checks = runChecks({
    year,
    chapter,
    settings,
    agg,
    register,
    registerSheet: prepared.sheets.register,
    changes: [...changes],
    changesSheet: prepared.sheets.changes,
    tables,
    ledgerSheet: prepared.sheets.ledger,
    budgetSheet: prepared.sheets.budget,
    oppsettSheet: prepared.sheets.oppsett,
    adoptedCells: { ...prepared.adoptedCells },
  });
  // In a tertial report the deviations to explain are the expected ones (buildTertial), not the year so far against the year's budget.
  sink.addAll(tertial ? checks.filter((f) => f.code !== "MATERIAL_DEVIATION") : checks);
  const findings = localiseFindings(sortFindings(sink.findings((code, sheet, count) => T.moreOfTheSame({ code, sheet, count }))), language);
  const errorCount = findings.filter((f) => f.severity === "error").length;
  const context: ReportContext = {
    year,
    chapter,
    agency,
    errorCount,
    internalArter: [...internalArter],
    agencyShort: settings.agencyShort,
    materiality: settings.materiality,
    changes: [...changes],
    language,
  };
  const projects: CategorisedProject[] = tables["3.4.2"].rows
    .filter((r) => !r.isParent && r.applied)
    .map((r) => ({
      nr: r.key,
      name: r.label.slice(r.label.indexOf("-") + 1),
      parent: r.parent,
      avvik: r.avvik,
      suggested: r.suggested!,
      reason: language === "en" ? (r.reasonEn ?? r.reason) : r.reason,
      applied: splitToTuple(r.applied!.split),
      source: r.applied!.source,
    }));
  return {
    year,
    chapter,
    agency,
    layout: prepared.layout,
    settings: { ...settings, year, chapter, agency },
    findings,
    projects,
    tables,
    changes: [...changes],
    ledgerLines: agg.ledgerLines,
    errorCount,
    context,
    agg,
    ...(tertial ? { tertial } : {}),
  };
}

/** The report's sheets for a core (what "Lag tabeller" writes). */
export function reportSheets(core: ReportCore): SheetModel[] {
  const { tables, context, findings, changes } = core;
  // A tertial report: its three sheets, with Kontroll and Reguleringer as at year end.
  if (core.tertial) return [...tertialSheets(core.tertial.tables, context), findingsSheet(findings, context), regulationsSheet(tables, changes, context)];
  return [
    accountSheet(tables["3.1"], context),
    accountSheet(tables["3.3"], context),
    projectSheet(tables["3.4.1"], context),
    categorySheet(tables["3.4.2"], context),
    findingsSheet(findings, context),
    regulationsSheet(tables, changes, context),
    basisSheet(core.agg.arter, context),
  ];
}

/** The whole Report from a prepared input: runPipeline's result. */
export function reportFromPrepared(prepared: PreparedInput, choices: ReportChoices): Report {
  const core = coreFromPrepared(prepared, choices);
  return {
    year: core.year,
    chapter: core.chapter,
    agency: core.agency,
    layout: core.layout,
    settings: core.settings,
    findings: core.findings,
    projects: core.projects,
    tables: core.tables,
    changes: core.changes,
    sheets: reportSheets(core),
    json: buildReportJson(core.tables, core.findings, { year: core.year, chapter: core.chapter, agency: core.agency }, core.tertial?.tables),
    ledgerLines: core.ledgerLines,
    ...(core.tertial ? { tertial: core.tertial.tables } : {}),
  };
}

/**
 * Whether each project's deviation is material under the settings' materiality (as the
 * MATERIAL_DEVIATION check judges a project: |avvik| ≥ the limit of its own regulert budsjett).
 * Undefined when no materiality is set.
 */
export function materialProjects(prepared: PreparedInput, settings: Settings): ReadonlyMap<string, boolean> | undefined {
  const merged: Settings = { ...prepared.settings, ...stripUndefined(settings) };
  if (!merged.materiality) return undefined;
  const out = new Map<string, boolean>();
  for (const r of prepared.tables["3.4.1"].rows) {
    const limit = materialityLimit({ settings: merged } as Parameters<typeof materialityLimit>[0], r.amounts.regulert);
    const d = avvik(r.amounts);
    out.set(r.key, limit !== undefined && d !== 0 && Math.abs(d) >= limit);
  }
  return out;
}

// ------------------------------------------------------------------ helpers

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
    reportColumnForm(sink, d.sheet, col, header, decided, () => firstEnglishCell(reader, d.headerRow, col));
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

function stripUndefined<O extends object>(o: O): Partial<O> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<O>;
}
