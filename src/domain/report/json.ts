import type { Finding } from "../findings";
import { type Ore, roundKroner } from "../money";
import { accountColumns, categoryColumns, projectColumns, tertialColumns } from "./columns";
import type { ReportTables } from "./tables";
import type { TertialAmounts, TertialTables } from "../tertial/tables";
import { periodKey } from "../tertial/period";

/** The command line's JSON: whole kroner as displayed, rounded half away from zero from the exact sums. */
export interface ReportJson {
  readonly year: number;
  readonly chapter: number | null;
  readonly agency: string;
  readonly tables: {
    readonly "3.1": { readonly rows: { key: string; label: string; values: number[] }[] };
    readonly "3.3": { readonly rows: { key: string; label: string; values: number[] }[] };
    readonly "3.4.1": { readonly rows: { key: string; label: string; parent: string | null; values: number[] }[]; readonly sum: number[] };
    readonly "3.4.2": {
      readonly rows: { key: string; label: string; parent: string | null; values: number[]; suggested: number | null; reason: string; source: string | null }[];
      readonly sum: number[];
    };
  };
  readonly findings: { code: string; severity: string; sheet: string; cell: string; message: string }[];
  /** A tertial report's tables: values are [regulert, regnskapHittil, prognose, avvik] in whole kroner. */
  readonly tertial?: {
    readonly period: string;
    readonly drift: { readonly rows: TertialJsonRow[] };
    readonly investering: { readonly rows: TertialJsonRow[] };
    readonly projects: { readonly rows: (TertialJsonRow & { parent: string | null; suggested: number | null })[]; readonly sum: number[] };
  };
}

interface TertialJsonRow {
  key: string;
  label: string;
  values: number[];
  method: string | null;
}

const tertialValues = (a: TertialAmounts) => k(tertialColumns(a));

function tertialJson(t: TertialTables): NonNullable<ReportJson["tertial"]> {
  const account = (part: "drift" | "investering") => ({
    rows: t[part].rows.map((r) => ({ key: r.key, label: r.label, values: tertialValues(r.amounts), method: r.method })),
  });
  return {
    period: periodKey(t.period),
    drift: account("drift"),
    investering: account("investering"),
    projects: {
      rows: t.projects.rows.map((r) => ({ key: r.key, label: r.label, parent: r.parent, values: tertialValues(r.amounts), method: r.method, suggested: r.suggested })),
      sum: tertialValues(t.projects.sum),
    },
  };
}

const k = (values: readonly Ore[]) => values.map(roundKroner);

export function buildReportJson(
  tables: ReportTables,
  findings: readonly Finding[],
  meta: { year: number; chapter: number | undefined; agency: string },
  tertial?: TertialTables,
): ReportJson {
  const account = (id: "3.1" | "3.3") => ({ rows: tables[id].rows.map((r) => ({ key: r.key, label: r.label, values: k(accountColumns(r.amounts)) })) });
  return {
    year: meta.year,
    chapter: meta.chapter ?? null,
    agency: meta.agency,
    tables: {
      "3.1": account("3.1"),
      "3.3": account("3.3"),
      "3.4.1": {
        rows: tables["3.4.1"].rows.map((r) => ({ key: r.key, label: r.label, parent: r.parent, values: k(projectColumns(r.amounts)) })),
        sum: k(projectColumns(tables["3.4.1"].sum)),
      },
      "3.4.2": {
        rows: tables["3.4.2"].rows.map((r) => ({
          key: r.key,
          label: r.label,
          parent: r.parent,
          values: k(categoryColumns(r.amounts)),
          suggested: r.suggested,
          reason: r.reason,
          source: r.applied?.source ?? null,
        })),
        sum: k(categoryColumns(tables["3.4.2"].sum)),
      },
    },
    findings: findings.map((f) => ({
      code: f.code,
      severity: f.severity,
      sheet: f.sheet,
      cell: f.cell,
      message: f.message,
      ...(f.amount !== undefined ? { amount: roundKroner(f.amount) } : {}),
      ...(f.count !== undefined ? { count: f.count } : {}),
    })),
    ...(tertial ? { tertial: tertialJson(tertial) } : {}),
  };
}
