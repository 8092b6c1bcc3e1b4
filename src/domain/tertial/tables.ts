import { ARTSGRUPPER, FIRST_REVENUE_GROUP, GROUP_COUNT, type Part, PARTS } from "../artsgrupper";
import type { Aggregates, MonthlyTotals } from "../aggregate";
import { type Category, suggestCategoryTexts } from "../categorise";
import type { RegisteredProject } from "../input";
import { type Ore, roundKroner } from "../money";
import type { ProjectTable } from "../report/tables";
import { type Forecast, type ForecastMethod, suggestForecast } from "./forecast";
import type { ForecastLine } from "./prognose-sheet";
import type { ReportPeriod } from "./period";

/**
 * The tertial tables as meaning, before layout: per artsgruppe for drift and investering,
 * and per investment project, the regulert budsjett, regnskap so far, the forecast for the
 * year with its method, the expected deviation (regulert − prognose), and regnskap at the
 * same period last year. Sums and netto as in 3.1/3.3. Exact øre.
 */

/** The named amounts of a tertial row, øre. */
export interface TertialAmounts {
  readonly regulert: Ore;
  /** Regnskap of the report year up to the period's end. */
  readonly hittil: Ore;
  readonly prognose: Ore;
  /** regulert − prognose: positive is an expected mindreforbruk. */
  readonly avvik: Ore;
  /** Regnskap of last year up to the same month. */
  readonly hittilFjor: Ore;
}

export type TertialRowKind = "group" | "sum" | "netto";

export interface TertialAccountRow {
  readonly key: string;
  readonly label: string;
  readonly kind: TertialRowKind;
  readonly amounts: TertialAmounts;
  /** How the forecast was made; null for sum rows (the sum of the rows' forecasts). */
  readonly method: ForecastMethod | null;
  /** For a seasonal forecast: last year's share booked by the period. */
  readonly share?: number;
  /** Where the officer gave the figure: what Avstem would have forecast without it (the pane shows both). */
  readonly suggestion?: Forecast;
}

export interface TertialAccountTable {
  readonly part: Part;
  readonly rows: readonly TertialAccountRow[];
}

export interface TertialProjectRow {
  readonly key: string;
  readonly label: string;
  readonly parent: string | null;
  readonly isParent: boolean;
  readonly amounts: TertialAmounts;
  readonly method: ForecastMethod | null;
  readonly share?: number;
  readonly suggestion?: Forecast;
  readonly forventetFerdig: string;
  /** The suggested category of the expected deviation (the year-end rule); null for a parent's row and a deviation under a krone. */
  readonly suggested: Category | null;
  readonly reason: string;
}

export interface TertialProjectTable {
  readonly rows: readonly TertialProjectRow[];
  readonly sum: TertialAmounts;
}

/** Regnskap per month of a part's netto (1–12; the closing entries in December), for the chart. */
export interface MonthSeries {
  readonly part: Part;
  /** Regnskap of each month of the report year; null after the period. */
  readonly year: readonly (Ore | null)[];
  /** Each month of last year. */
  readonly lastYear: readonly Ore[];
  /** The regulert budsjett for the year (netto). */
  readonly regulert: Ore;
}

export interface TertialTables {
  readonly period: ReportPeriod;
  readonly drift: TertialAccountTable;
  readonly investering: TertialAccountTable;
  readonly projects: TertialProjectTable;
  readonly months: Readonly<Record<Part, MonthSeries>>;
}

/** The officer's forecasts typed in the task pane, by row key: `drift:100-299`, `investering:000-099`, `prosjekt:122006`. */
export type OfficerForecasts = Readonly<Record<string, Ore>>;

export const forecastKey = {
  group: (part: Part, group: number) => `${part}:${ARTSGRUPPER[group]!.key}`,
  project: (nr: string) => `prosjekt:${nr}`,
};

const SUM_LABELS: Record<Part, { utgifter: string; inntekter: string; netto: string }> = {
  drift: { utgifter: "Sum driftsutgifter", inntekter: "Sum driftsinntekter", netto: "Kapitlets nettoresultat" },
  investering: { utgifter: "Sum investeringsutgifter", inntekter: "Sum investeringsinntekter", netto: "Netto finansieringsbehov" },
};

const ZERO: TertialAmounts = { regulert: 0 as Ore, hittil: 0 as Ore, prognose: 0 as Ore, avvik: 0 as Ore, hittilFjor: 0 as Ore };

function add(a: TertialAmounts, b: TertialAmounts): TertialAmounts {
  return {
    regulert: (a.regulert + b.regulert) as Ore,
    hittil: (a.hittil + b.hittil) as Ore,
    prognose: (a.prognose + b.prognose) as Ore,
    avvik: (a.avvik + b.avvik) as Ore,
    hittilFjor: (a.hittilFjor + b.hittilFjor) as Ore,
  };
}

/** Months counted up to a period's month: 1…month, and the closing entries (13) when the period is the whole year. */
function monthsUpTo(month: number): number[] {
  const out: number[] = [];
  for (let m = 1; m <= month; m++) out.push(m);
  if (month === 12) out.push(13);
  return out;
}

const ALL_MONTHS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];

/** The officer's figures from the Prognose sheet and the pane, per forecast key (the pane's figure wins over the sheet's). */
export function officerFigures(lines: readonly ForecastLine[], typed: OfficerForecasts): Map<string, Ore> {
  const out = new Map<string, Ore>();
  for (const l of lines) {
    const key = l.kind === "project" ? forecastKey.project(l.project) : forecastKey.group(l.part, l.group);
    out.set(key, ((out.get(key) ?? 0) + l.ore) as Ore);
  }
  for (const [key, ore] of Object.entries(typed)) out.set(key, ore);
  return out;
}

function amountsOf(hittil: number, hittilFjor: number, fjorHeleAret: number, regulert: number, months: number, officer: Ore | undefined) {
  const basis = { hittil: hittil as Ore, hittilFjor: hittilFjor as Ore, fjorHeleAret: fjorHeleAret as Ore, regulert: regulert as Ore, months };
  const f = suggestForecast({ ...basis, officer });
  const amounts: TertialAmounts = {
    regulert: regulert as Ore,
    hittil: hittil as Ore,
    prognose: f.prognose,
    avvik: (regulert - f.prognose) as Ore,
    hittilFjor: hittilFjor as Ore,
  };
  return { amounts, method: f.method, share: f.share, suggestion: officer === undefined ? undefined : suggestForecast(basis) };
}

/** A row's method, share and (when the officer gave the figure) the suggestion, leaving out what is not there. */
const howOf = (r: ReturnType<typeof amountsOf>) => ({
  method: r.method,
  ...(r.share !== undefined ? { share: r.share } : {}),
  ...(r.suggestion ? { suggestion: r.suggestion } : {}),
});

function accountTable(agg: Aggregates, m: MonthlyTotals, part: Part, period: ReportPeriod, officer: ReadonlyMap<string, Ore>): TertialAccountTable {
  const upTo = monthsUpTo(period.month);
  const rows: TertialAccountRow[] = [];
  const sums = [ZERO, ZERO];
  for (let g = 0; g < GROUP_COUNT; g++) {
    const hittil = upTo.reduce((s, mo) => s + m.group(part, g, 0, mo), 0);
    const hittilFjor = upTo.reduce((s, mo) => s + m.group(part, g, 1, mo), 0);
    const fjor = ALL_MONTHS.reduce((s, mo) => s + m.group(part, g, 1, mo), 0);
    const r = amountsOf(hittil, hittilFjor, fjor, agg.get(part, g, "regulert"), period.month, officer.get(forecastKey.group(part, g)));
    const side = g < FIRST_REVENUE_GROUP ? 0 : 1;
    sums[side] = add(sums[side]!, r.amounts);
    const ag = ARTSGRUPPER[g]!;
    rows.push({ key: ag.key, label: `${ag.key} ${ag.name}`, kind: "group", amounts: r.amounts, ...howOf(r) });
    if (g === FIRST_REVENUE_GROUP - 1) rows.push({ key: "sumUtgifter", label: SUM_LABELS[part].utgifter, kind: "sum", amounts: sums[0]!, method: null });
  }
  rows.push({ key: "sumInntekter", label: SUM_LABELS[part].inntekter, kind: "sum", amounts: sums[1]!, method: null });
  rows.push({ key: "netto", label: SUM_LABELS[part].netto, kind: "netto", amounts: add(sums[0]!, sums[1]!), method: null });
  return { part, rows };
}

function projectTable(
  agg: Aggregates,
  m: MonthlyTotals,
  annual: ProjectTable,
  register: ReadonlyMap<string, RegisteredProject>,
  period: ReportPeriod,
  officer: ReadonlyMap<string, Ore>,
): TertialProjectTable {
  const upTo = monthsUpTo(period.month);
  const rows: TertialProjectRow[] = [];
  let sum = ZERO;
  const leaf = (key: string, label: string, parent: string | null, forventetFerdig: string): TertialProjectRow => {
    // A parent's own lines (key `NNNNNN-0`) are the project's lines booked on the parent itself.
    const nr = key.replace(/-0$/, "");
    const hittil = upTo.reduce((s, mo) => s + m.project(nr, 0, mo), 0);
    const hittilFjor = upTo.reduce((s, mo) => s + m.project(nr, 1, mo), 0);
    const fjor = ALL_MONTHS.reduce((s, mo) => s + m.project(nr, 1, mo), 0);
    const r = amountsOf(hittil, hittilFjor, fjor, agg.projects.get(nr)?.regulert ?? 0, period.month, officer.get(forecastKey.project(nr)));
    const reg = register.get(nr) ?? (parent ? register.get(parent) : undefined);
    const suggestion = suggestCategoryTexts(reg ?? { vedtattFerdig: { kind: "none" }, forventetFerdig: { kind: "none" } }, period.year);
    return {
      key,
      label,
      parent,
      isParent: false,
      amounts: r.amounts,
      ...howOf(r),
      forventetFerdig,
      // As in 3.4.2: a deviation that rounds to no krone has no category.
      suggested: roundKroner(r.amounts.avvik) === 0 ? null : suggestion.category,
      reason: roundKroner(r.amounts.avvik) === 0 ? "" : suggestion.reason.nb,
    };
  };
  for (const p of annual.rows) {
    if (p.parent !== null) continue;
    if (!p.isParent) {
      const r = leaf(p.key, p.label, null, p.forventetFerdig);
      rows.push(r);
      sum = add(sum, r.amounts);
      continue;
    }
    const subs = annual.rows.filter((s) => s.parent === p.key).map((s) => leaf(s.key, s.label, p.key, s.forventetFerdig));
    const total = subs.reduce((s, r) => add(s, r.amounts), ZERO);
    rows.push({ key: p.key, label: p.label, parent: null, isParent: true, amounts: total, method: null, forventetFerdig: p.forventetFerdig, suggested: null, reason: "" });
    rows.push(...subs);
    sum = add(sum, total);
  }
  return { rows, sum };
}

function monthSeries(agg: Aggregates, m: MonthlyTotals, part: Part, period: ReportPeriod): MonthSeries {
  const year: (Ore | null)[] = [];
  const lastYear: Ore[] = [];
  let regulert = 0;
  for (let g = 0; g < GROUP_COUNT; g++) regulert += agg.get(part, g, "regulert");
  for (let mo = 1; mo <= 12; mo++) {
    const months = mo === 12 ? [12, 13] : [mo];
    let y = 0;
    let f = 0;
    for (let g = 0; g < GROUP_COUNT; g++)
      for (const x of months) {
        y += m.group(part, g, 0, x);
        f += m.group(part, g, 1, x);
      }
    year.push(mo <= period.month ? (y as Ore) : null);
    lastYear.push(f as Ore);
  }
  return { part, year, lastYear, regulert: regulert as Ore };
}

/** The tertial tables for a period, from the aggregates (with their monthly tallies) and the annual project table's rows. */
export function buildTertialTables(
  agg: Aggregates,
  monthly: MonthlyTotals,
  annualProjects: ProjectTable,
  register: ReadonlyMap<string, RegisteredProject>,
  period: ReportPeriod,
  officer: ReadonlyMap<string, Ore>,
): TertialTables {
  const [drift, investering] = PARTS.map((part) => accountTable(agg, monthly, part, period, officer)) as [TertialAccountTable, TertialAccountTable];
  return {
    period,
    drift,
    investering,
    projects: projectTable(agg, monthly, annualProjects, register, period, officer),
    months: { drift: monthSeries(agg, monthly, "drift", period), investering: monthSeries(agg, monthly, "investering", period) },
  };
}
