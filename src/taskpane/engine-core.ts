import type { SheetGrid } from "../domain/cells";
import type { Finding } from "../domain/findings";
import { aggregationKey, coreFromPrepared, materialProjects, prepareInput, reportSheets, type PreparedInput, type ReportCore } from "../domain/incremental";
import type { Layout } from "../domain/layout";
import type { CategorisedProject } from "../domain/pipeline";
import type { SheetModel } from "../domain/report/sheet-model";
import type { Language, Settings } from "../domain/settings";
import type { SavedState } from "../domain/settings-sheet";
import type { Forecast, ForecastMethod } from "../domain/tertial/forecast";
import type { ReportPeriod } from "../domain/tertial/period";
import { forecastKey, type TertialAmounts, type TertialTables } from "../domain/tertial/tables";
import { forecastsFor, markColumnsRead, missingColumns } from "./workflow";

/**
 * The engine as the task pane uses it, run in a Web Worker (engine.worker.ts): it keeps the
 * grids and their aggregation, and for each change of the officer's choices rebuilds only
 * what depends on it (src/domain/incremental.ts). Plain data in and out, so it runs the same
 * in a worker and, where there is none, on the page.
 */

/** A project as the Kategorisering step shows it. */
export interface PaneProject extends CategorisedProject {
  /** Its deviation reaches the materiality limit; undefined when no materiality is set. */
  readonly material: boolean | undefined;
}

/** A row the officer can give a forecast for (an artsgruppe of drift or investering, or a project), as the Prognose step shows it. */
export interface PaneForecastRow {
  /** The forecast's key: "drift:100-299", "prosjekt:122006". */
  readonly key: string;
  readonly part: "drift" | "investering" | "prosjekter";
  readonly label: string;
  readonly amounts: TertialAmounts;
  /** "officer": the officer's own figure (typed in the pane or from the Prognose sheet); else how the suggestion was made. */
  readonly method: ForecastMethod;
  readonly share?: number;
  /** Where the officer gave the figure: Avstem's own suggestion, shown beside it. */
  readonly suggestion?: Forecast;
}

/** The tertial report's rows for the Prognose step, when a period is chosen. */
export interface PaneTertial {
  readonly period: ReportPeriod;
  readonly rows: readonly PaneForecastRow[];
}

/** What the steps show: the report without its tables and sheets (those stay in the worker). */
export interface PaneView {
  readonly year: number;
  readonly chapter: number | undefined;
  readonly agency: string;
  readonly layout: Layout;
  readonly settings: Settings;
  readonly findings: readonly Finding[];
  readonly projects: readonly PaneProject[];
  readonly ledgerLines: number;
  readonly errorCount: number;
  readonly tertial?: PaneTertial;
}

/** How the answer was made: whether the ledger was aggregated for it, and the engine's time. */
export interface EngineStats {
  /** The ledger was read and aggregated for this answer (a new read, mapping, year, chapter or internal arter). */
  readonly aggregated: boolean;
  /** The tables and checks were rebuilt for it (false when the same choices were answered before). */
  readonly rebuilt: boolean;
  readonly ms: number;
  /** Totals since the grids were loaded. */
  readonly aggregations: number;
  readonly rebuilds: number;
}

export type EngineAnswer =
  | { readonly kind: "view"; readonly view: PaneView; readonly stats: EngineStats }
  | { readonly kind: "sheets"; readonly view: PaneView; readonly sheets: SheetModel[]; readonly stats: EngineStats }
  /** The mapping uses columns the read skipped: the pane reads the sheets again with it. */
  | { readonly kind: "missing"; readonly missing: readonly { sheet: string; column: number }[] }
  | { readonly kind: "error"; readonly message: string };

export class PaneEngine {
  private grids: readonly SheetGrid[] = [];
  private prepared: PreparedInput | undefined;
  private last: { key: string; core: ReportCore; view: PaneView } | undefined;
  private aggregations = 0;
  private rebuilds = 0;

  /** New grids (a read): everything computed from the old ones is dropped. */
  load(grids: readonly SheetGrid[], columnsRead: Readonly<Record<string, readonly number[]>>): void {
    markColumnsRead(grids, columnsRead);
    this.grids = grids;
    this.prepared = undefined;
    this.last = undefined;
    this.aggregations = 0;
    this.rebuilds = 0;
  }

  compute(state: SavedState, language: Language): EngineAnswer {
    return this.answer(state, language, false);
  }

  /** The sheets "Lag tabeller" writes, for these choices: at most one engine run (none when they were just computed). */
  sheets(state: SavedState, language: Language): EngineAnswer {
    return this.answer(state, language, true);
  }

  private answer(state: SavedState, language: Language, withSheets: boolean): EngineAnswer {
    const t0 = now();
    try {
      const missing = missingColumns(this.grids, state.mapping);
      if (missing.length > 0) return { kind: "missing", missing };
      const key = JSON.stringify([state, language]);
      let aggregated = false;
      let rebuilt = false;
      if (!this.last || this.last.key !== key) {
        const input = { grids: this.grids, settings: state.settings, mapping: state.mapping, language };
        if (!this.prepared || this.prepared.key !== aggregationKey(input)) {
          this.prepared = undefined;
          this.last = undefined;
          this.prepared = prepareInput(input);
          this.aggregations++;
          aggregated = true;
        }
        const core = coreFromPrepared(this.prepared, {
          settings: state.settings,
          decisions: state.decisions,
          language,
          ...(state.period ? { period: state.period, forecasts: forecastsFor(state) } : {}),
        });
        this.rebuilds++;
        rebuilt = true;
        this.last = { key, core, view: viewOf(core, materialProjects(this.prepared, state.settings)) };
      }
      const stats: EngineStats = { aggregated, rebuilt, ms: now() - t0, aggregations: this.aggregations, rebuilds: this.rebuilds };
      if (!withSheets) return { kind: "view", view: this.last.view, stats };
      const sheets = reportSheets(this.last.core);
      return { kind: "sheets", view: this.last.view, sheets, stats: { ...stats, ms: now() - t0 } };
    } catch (e) {
      return { kind: "error", message: e instanceof Error ? e.message : String(e) };
    }
  }
}

function viewOf(core: ReportCore, material: ReadonlyMap<string, boolean> | undefined): PaneView {
  return {
    year: core.year,
    chapter: core.chapter,
    agency: core.agency,
    layout: core.layout,
    settings: core.settings,
    findings: core.findings,
    projects: core.projects.map((p) => ({ ...p, material: material ? (material.get(p.nr) ?? false) : undefined })),
    ledgerLines: core.ledgerLines,
    errorCount: core.errorCount,
    ...(core.tertial ? { tertial: forecastRows(core.tertial.tables) } : {}),
  };
}

/** The rows a forecast is given for: the artsgrupper (no sums), then the projects (no parent's sum row). */
function forecastRows(t: TertialTables): PaneTertial {
  const rows: PaneForecastRow[] = [];
  for (const part of ["drift", "investering"] as const) {
    for (const r of t[part].rows) {
      if (r.kind !== "group" || r.method === null) continue;
      rows.push({ key: `${part}:${r.key}`, part, label: r.label, amounts: r.amounts, ...howOf(r, r.method) });
    }
  }
  for (const r of t.projects.rows) {
    if (r.isParent || r.method === null) continue;
    const nr = r.key.replace(/-0$/, "");
    const key = forecastKey.project(nr);
    // The number first, as the Kategorisering step names a project (the table's label is the name alone).
    const label = r.label.startsWith(nr) ? r.label : `${nr} ${r.label}`;
    rows.push({ key, part: "prosjekter", label, amounts: r.amounts, ...howOf(r, r.method) });
  }
  return { period: t.period, rows };
}

/** A forecast row's method, share and suggestion, leaving out what is not there. */
function howOf(r: { share?: number; suggestion?: Forecast }, method: ForecastMethod): Pick<PaneForecastRow, "method" | "share" | "suggestion"> {
  return { method, ...(r.share !== undefined ? { share: r.share } : {}), ...(r.suggestion ? { suggestion: r.suggestion } : {}) };
}

const now = () => (typeof performance !== "undefined" ? performance.now() : Date.now());
