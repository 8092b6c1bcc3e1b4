import { ARTSGRUPPER, type Part } from "../artsgrupper";
import type { Aggregates, MonthlyTotals } from "../aggregate";
import { finding, type Finding, type Severity } from "../findings";
import type { RegisteredProject } from "../input";
import { InputError } from "../report-types";
import { msg, T } from "../messages";
import { formatNorwegian } from "../norwegian-number";
import { ore, type Ore } from "../money";
import type { ProjectTable } from "../report/tables";
import type { Language, Materiality } from "../settings";
import { isMaterial } from "../report/drafts";
import { TERTIAL_SHEET_NAMES } from "./sheets";
import { MONTH_SHORT, periodKey, type ReportPeriod } from "./period";
import type { ForecastLine } from "./prognose-sheet";
import { buildTertialTables, forecastKey, officerFigures, type OfficerForecasts, type TertialTables } from "./tables";

/** What a tertial report is made from: the prepared input's pieces (src/domain/incremental.ts). */
export interface TertialInput {
  readonly agg: Aggregates;
  readonly year: number;
  readonly register: ReadonlyMap<string, RegisteredProject>;
  readonly projects: ProjectTable;
  readonly forecastLines: readonly ForecastLine[];
  readonly ledgerSheet: string;
  /** The ledger's headers, for the sentence that refuses a ledger without months. */
  readonly ledgerHeaders: readonly string[];
  /** Expected deviations at or above it are findings to explain (instead of the year-end deviations). */
  readonly materiality?: Materiality;
}

export interface TertialReport {
  readonly tables: TertialTables;
  readonly findings: readonly Finding[];
}

/**
 * The tertial tables for `period`, with the findings that concern them. Refuses (InputError,
 * one sentence) a ledger that does not tell the month of its lines, and a period outside the
 * report year.
 */
export function buildTertial(input: TertialInput, period: ReportPeriod, typed: OfficerForecasts, language: Language): TertialReport {
  const m = input.agg.monthly;
  if (period.year !== input.year) throw new InputError(msg(language).periodYearConflict({ period: periodKey(period), year: input.year }));
  if (!m) throw new InputError(msg(language).noPeriodColumn({ sheet: input.ledgerSheet, headers: input.ledgerHeaders, period: periodKey(period) }));
  const officer = officerFigures(input.forecastLines, typed);
  const tables = buildTertialTables(input.agg, m, input.projects, input.register, period, officer);
  const findings: Finding[] = [];
  if (m.noMonth.count > 0 && m.noMonth.first) {
    const { sheet, cell } = m.noMonth.first;
    findings.push(
      finding(
        "PERIOD_MONTH_INVALID",
        sheet,
        cell,
        T.periodMonthInvalid({ at: `${sheet}!${cell}`, header: m.source.header, count: m.noMonth.count, total: formatNorwegian(ore(m.noMonth.ore), 2), value: m.noMonthText }),
        { amount: ore(m.noMonth.ore), count: m.noMonth.count },
      ),
    );
  }
  if (m.otherYear.count > 0) findings.push(periodYearFinding(m, "error"));
  const inLastMonth = (m.lines[period.month] ?? 0) + (period.month === 12 ? (m.lines[13] ?? 0) : 0);
  if (inLastMonth === 0)
    findings.push(finding("PERIOD_NO_LINES", input.ledgerSheet, "", T.periodNoLines({ sheet: input.ledgerSheet, month: MONTH_SHORT[period.month - 1]!, year: period.year }), {}));
  findings.push(...forecastFindings(input, tables), ...materialFindings(tables, input.materiality));
  return { tables, findings };
}

/**
 * Lines whose period or date says another year than the line's: an error in a tertial report
 * (their month decides regnskap hittil), a warning in the annual one (the year decides it, and
 * one of the two columns is wrong).
 */
export function periodYearFinding(m: MonthlyTotals, severity: Severity): Finding {
  const first = m.otherYear.first;
  const sheet = first?.sheet ?? m.source.sheet;
  const cell = first?.cell ?? "";
  return finding(
    "PERIOD_YEAR_MISMATCH",
    sheet,
    cell,
    T.periodYearMismatch({
      at: `${sheet}!${cell}`,
      header: m.source.header,
      date: m.source.how === "date",
      count: m.otherYear.count,
      total: formatNorwegian(ore(m.otherYear.ore), 2),
      value: m.otherYearText,
      year: m.otherYearLineYear,
    }),
    { amount: ore(m.otherYear.ore), count: m.otherYear.count, severity },
  );
}

/** The expected deviations at or above the materiality: one finding each, as MATERIAL_DEVIATION does at year end. */
function materialFindings(t: TertialTables, m: Materiality | undefined): Finding[] {
  if (!m) return [];
  const out: Finding[] = [];
  const add = (sheet: string, key: string, label: string, a: { avvik: Ore; regulert: Ore }) => {
    if (isMaterial(a.avvik, a.regulert, m))
      out.push(
        finding("MATERIAL_DEVIATION", sheet, key, T.materialForecast({ sheet, label, deviation: `${formatNorwegian(Math.abs(a.avvik) as Ore, 0)} kr`, more: a.avvik > 0 }), {
          amount: a.avvik,
        }),
      );
  };
  for (const part of ["drift", "investering"] as const) for (const r of t[part].rows) if (r.kind === "group") add(TERTIAL_SHEET_NAMES[part], r.key, r.label, r.amounts);
  for (const r of t.projects.rows) if (r.parent === null) add(TERTIAL_SHEET_NAMES.projects, r.key, `${r.key} ${r.label}`, r.amounts);
  return out;
}

/** The officer's forecast rows that name no row of the tables, or cover only some arts of an artsgruppe. */
function forecastFindings(input: TertialInput, tables: TertialTables): Finding[] {
  const out: Finding[] = [];
  const projectKeys = new Set(tables.projects.rows.filter((r) => !r.isParent).map((r) => forecastKey.project(r.key.replace(/-0$/, ""))));
  const byGroup = new Map<string, { part: Part; group: number; arts: Set<string>; whole: boolean; first: ForecastLine }>();
  for (const l of input.forecastLines) {
    if (l.kind === "project") {
      if (!projectKeys.has(forecastKey.project(l.project)))
        out.push(finding("FORECAST_UNKNOWN_PROJECT", l.sheet, l.cell, T.forecastUnknownProject({ at: `${l.sheet}!${l.cell}`, project: l.project }), { amount: l.ore }));
      continue;
    }
    const key = forecastKey.group(l.part, l.group);
    let g = byGroup.get(key);
    if (!g) byGroup.set(key, (g = { part: l.part, group: l.group, arts: new Set(), whole: false, first: l }));
    if (l.art === null) g.whole = true;
    else g.arts.add(l.art);
  }
  for (const g of byGroup.values()) {
    if (g.whole || g.arts.size === 0) continue;
    const missing = input.agg.arter
      .filter((a) => a.part === g.part && a.group === g.group && a.art !== null && !g.arts.has(a.art) && (a.values[0] !== 0 || a.values[3] !== 0))
      .map((a) => a.art!)
      .sort();
    if (missing.length === 0) continue;
    const l = g.first;
    out.push(
      finding(
        "FORECAST_PARTIAL",
        l.sheet,
        l.cell,
        T.forecastPartial({ at: `${l.sheet}!${l.cell}`, group: ARTSGRUPPER[g.group]!.key, part: g.part, missing: missing.slice(0, 10).concat(missing.length > 10 ? ["…"] : []) }),
      ),
    );
  }
  return out;
}
