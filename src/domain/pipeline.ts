import { Aggregates, aggregateBudget, aggregateLedger } from "./aggregate";
import { isBlank, SheetGrid } from "./cells";
import { runChecks } from "./checks";
import { yearOf } from "./dates";
import { finding, Finding, localiseFindings, sortFindings } from "./findings";
import { msg, T } from "./messages";
import { FindingSink } from "./finding-sink";
import { BudgetChange, GridReader, parseChapter, parseOppsett, parseProsjekter, parseReguleringer, RegisteredProject } from "./input";
import { detectLayout, Layout, LayoutMapping, SHEET_TITLES } from "./layout";
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
  if (!ledger)
    throw new InputError(msg(language).noLedger({ sheets: input.grids.map((g) => g.name) }));
  const oppsett = grid("oppsett");
  const adoptedCells: Record<string, string> = {};
  const fromSheet = oppsett ? parseOppsett(oppsett.reader, oppsett.d, sink, adoptedCells) : {};
  const settings: Settings = { ...fromSheet, ...stripUndefined(input.settings ?? {}) };

  let year = settings.year;
  if (year === undefined) {
    const years = [...columnValues(ledger.reader, ledger.d.headerRow, ledger.d.columns.aar)].map((v) => yearOf(v, true)).filter((y): y is number => y !== undefined);
    const wide = Object.keys(ledger.d.wideYears).map(Number);
    // A loop, not Math.max(...years): a million-row ledger would overflow the call stack.
    year = [...years, ...wide].reduce((a, b) => Math.max(a, b), -Infinity);
    if (!Number.isFinite(year)) throw new InputError(msg(language).noYear({}));
  }
  let chapter = settings.chapter;
  if (chapter === undefined) {
    chapter = mostCommon([...columnValues(ledger.reader, ledger.d.headerRow, ledger.d.columns.kapittel)].map(parseChapter).filter((c): c is number => typeof c === "number"));
  }
  const agency = settings.agency ?? "";
  const internalArter = new Set(settings.internalArter ?? []);

  const prosjekter = grid("prosjekter");
  const register: Map<string, RegisteredProject> = prosjekter ? parseProsjekter(prosjekter.reader, prosjekter.d, sink) : new Map();
  const reguleringer = grid("reguleringer");
  const changes = reguleringer ? parseReguleringer(reguleringer.reader, reguleringer.d, sink) : [];

  const agg = new Aggregates();
  const ctx = { year, chapter, internalArter, sink };
  aggregateLedger(ledger.reader, ledger.d, ctx, agg);
  const budget = grid("budsjett");
  if (budget) aggregateBudget(budget.reader, budget.d, ctx, agg);
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

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

