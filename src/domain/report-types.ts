import type { BudgetChange } from "./input";
import type { Finding } from "./findings";
import type { Layout, LayoutMapping } from "./layout";
import type { Ore } from "./money";
import type { ReportJson } from "./report/json";
import type { SheetModel } from "./report/sheet-model";
import type { ReportTables } from "./report/tables";
import type { CategoryDecision, Language, Settings } from "./settings";
import type { SheetGrid } from "./cells";
import type { OfficerForecasts, TertialTables } from "./tertial/tables";
import type { ReportPeriod } from "./tertial/period";

/** What the engine is given and what it gives: shared by the one-go pipeline and its two stages. */

export interface PipelineInput {
  readonly grids: readonly SheetGrid[];
  /** Settings from the task pane or the command line; they win over the Oppsett sheet. */
  readonly settings?: Settings;
  readonly mapping?: LayoutMapping;
  /** The officer's decisions by project number; they win over the register's Kategori/Kat. columns. */
  readonly decisions?: Readonly<Record<string, CategoryDecision>>;
  /** The language of the findings, the category reasons and the Kontroll sheet (default Norwegian); the report tables are Norwegian always. */
  readonly language?: Language;
  /** A tertial report for this period instead of the annual tables (docs/tertial.md). */
  readonly period?: ReportPeriod;
  /** The officer's forecasts by row key (`drift:100-299`, `prosjekt:122006`); they win over the Prognose sheet. */
  readonly forecasts?: OfficerForecasts;
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
  /** The tertial tables, when the report was made for a period (ReportChoices.period). */
  readonly tertial?: TertialTables;
}

/** The input cannot be used at all (no ledger, no year): the command line exits with 2. */
export class InputError extends Error {}
