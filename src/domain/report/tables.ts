import { ARTSGRUPPER, artsgruppe, FIRST_REVENUE_GROUP, Part } from "../artsgrupper";
import type { Aggregates, ProjectTotals } from "../aggregate";
import { type Amounts, avvik, type ProjectAmounts, sumAmounts, sumProjectAmounts } from "../amounts";
import { addSplits, applyDecision, AppliedCategory, Category, type CategorySplit, splitTotal, suggestCategoryTexts, ZERO_SPLIT } from "../categorise";
import { MESSAGES } from "../messages";
import type { ProjectDate } from "../dates";
import type { RegisteredProject } from "../input";
import { ore, Ore, roundKroner, sumBy } from "../money";
import type { CategoryDecision } from "../settings";

/**
 * The report tables as meaning, before layout: rows with keys, labels and exact
 * amounts in øre. The sheet layout (sheets.ts) and the JSON are both made from these.
 */

export type AccountRowKind = "group" | "sum" | "netto";

export interface AccountRow {
  readonly key: string;
  readonly label: string;
  readonly kind: AccountRowKind;
  /** The row's amounts; its deviation (column V) is `avvik(amounts)`. */
  readonly amounts: Amounts;
}

/** The rows of 3.1 and 3.3 that are sums, by name. */
export type AccountSumKey = "sumUtgifter" | "sumInntekter" | "netto";

export interface AccountTable {
  readonly id: "3.1" | "3.3";
  readonly part: Part;
  /** One row per artsgruppe, in the order of ARTSGRUPPER. */
  readonly groups: readonly AccountRow[];
  readonly sumUtgifter: AccountRow;
  readonly sumInntekter: AccountRow;
  readonly netto: AccountRow;
  /** Every row in the order of the sheet: the expense groups, their sum, the revenue groups, their sum, netto. */
  readonly rows: readonly AccountRow[];
}

const SUM_LABELS: Record<Part, Record<AccountSumKey, string>> = {
  drift: { sumUtgifter: "Sum driftsutgifter", sumInntekter: "Sum driftsinntekter", netto: "Kapitlets nettoresultat" },
  investering: { sumUtgifter: "Sum investeringsutgifter", sumInntekter: "Sum investeringsinntekter", netto: "Netto finansieringsbehov" },
};

export function buildAccountTable(agg: Aggregates, part: Part): AccountTable {
  const groups: AccountRow[] = ARTSGRUPPER.map((g, i) => ({
    key: g.key,
    label: `${g.key} ${g.name}`,
    kind: "group",
    amounts: { regnskap: agg.get(part, i, "regnskap"), regnskapFjor: agg.get(part, i, "regnskapFjor"), dok3: agg.get(part, i, "dok3"), regulert: agg.get(part, i, "regulert") },
  }));
  const expenses = groups.slice(0, FIRST_REVENUE_GROUP);
  const revenues = groups.slice(FIRST_REVENUE_GROUP);
  const sum = (key: AccountSumKey, kind: AccountRowKind, rows: readonly AccountRow[]): AccountRow => ({
    key,
    label: SUM_LABELS[part][key],
    kind,
    amounts: sumAmounts(rows.map((r) => r.amounts)),
  });
  const sumUtgifter = sum("sumUtgifter", "sum", expenses);
  const sumInntekter = sum("sumInntekter", "sum", revenues);
  const netto = sum("netto", "netto", [sumUtgifter, sumInntekter]);
  return {
    id: part === "drift" ? "3.1" : "3.3",
    part,
    groups,
    sumUtgifter,
    sumInntekter,
    netto,
    rows: [...expenses, sumUtgifter, ...revenues, sumInntekter, netto],
  };
}

export interface ProjectRow {
  readonly key: string;
  readonly label: string;
  readonly parent: string | null;
  /** True for a parent whose row is the sum of its sub-projects. */
  readonly isParent: boolean;
  readonly inRegister: boolean;
  readonly groups: string;
  readonly vedtattFerdig: string;
  readonly forventetFerdig: string;
  /** The project's amounts; its deviation (column IX) is `avvik(amounts)`. */
  readonly amounts: ProjectAmounts;
  readonly comment: string;
}

export interface ProjectTable {
  readonly rows: readonly ProjectRow[];
  /** Σ of the top-level rows. */
  readonly sum: ProjectAmounts;
}

function dateText(d: ProjectDate | undefined): string {
  if (!d || d.kind === "none") return "";
  return d.text;
}

function groupsText(groups: Iterable<number>): string {
  return [...groups]
    .sort((a, b) => a - b)
    .map((g) => artsgruppe(g).key)
    .join(", ");
}

/** A project's three sums (plain numbers on the per-line path) as checked øre. */
function projectAmounts(t: ProjectTotals): ProjectAmounts {
  return { dok3: ore(t.dok3), regulert: ore(t.regulert), regnskap: ore(t.regnskap) };
}

function hasFigures(t: ProjectTotals): boolean {
  return t.dok3 !== 0 || t.regulert !== 0 || t.regnskap !== 0;
}

/**
 * Table 3.4.1: a row per project with figures, sub-projects under their parent and
 * the parent showing their sum (and its own lines, if it has any, as a row of its own).
 */
export function buildProjectTable(agg: Aggregates, register: ReadonlyMap<string, RegisteredProject>): ProjectTable {
  const parentOf = (nr: string): string | null => register.get(nr)?.parent ?? (nr.length === 8 ? nr.slice(0, 6) : null);
  const children = new Map<string, string[]>();
  const tops = new Set<string>();
  for (const [nr, t] of agg.projects) {
    if (!hasFigures(t)) continue;
    const parent = parentOf(nr);
    if (parent && parent !== nr) {
      children.set(parent, [...(children.get(parent) ?? []), nr]);
      tops.add(parent);
    } else tops.add(nr);
  }
  const totalsOf = (nr: string): ProjectTotals => {
    const t = agg.projects.get(nr);
    if (!t) throw new Error(`Project ${nr} has a row in 3.4.1 but no totals`);
    return t;
  };
  const rows: ProjectRow[] = [];
  const tops341: ProjectRow[] = [];
  const mk = (nr: string, amounts: ProjectAmounts, groups: Iterable<number>, parent: string | null, isParent: boolean, labelOverride?: string): ProjectRow => {
    const reg = register.get(nr);
    return {
      // A parent's own lines (beside its sub-projects) get a key of their own.
      key: labelOverride ? `${nr}-0` : nr,
      label: labelOverride ?? reg?.name ?? "(ikke i prosjektregisteret)",
      parent,
      isParent,
      inRegister: reg !== undefined,
      groups: groupsText(groups),
      vedtattFerdig: dateText(reg?.vedtattFerdig),
      forventetFerdig: dateText(reg?.forventetFerdig),
      amounts,
      comment: reg?.comment ?? "",
    };
  };
  for (const nr of [...tops].sort()) {
    const subs = (children.get(nr) ?? []).sort();
    if (subs.length === 0) {
      const t = totalsOf(nr);
      const r = mk(nr, projectAmounts(t), t.groups, null, false);
      rows.push(r);
      tops341.push(r);
      continue;
    }
    const own = agg.projects.get(nr);
    const subRows: ProjectRow[] = [];
    if (own && hasFigures(own)) subRows.push(mk(nr, projectAmounts(own), own.groups, nr, false, `${register.get(nr)?.name ?? nr} (uten delprosjekt)`));
    for (const s of subs) {
      const t = totalsOf(s);
      subRows.push(mk(s, projectAmounts(t), t.groups, nr, false));
    }
    const members = [...(own ? [own] : []), ...subs.map(totalsOf)];
    const groups = new Set<number>();
    for (const m of members) m.groups.forEach((g) => groups.add(g));
    const parentRow = mk(nr, sumProjectAmounts(members.map(projectAmounts)), groups, null, true);
    rows.push(parentRow, ...subRows);
    tops341.push(parentRow);
  }
  return { rows, sum: sumProjectAmounts(tops341.map((r) => r.amounts)) };
}

/** A 3.4.2 row's amounts: the deviation per category, and their sum (Sum prosjekt). */
export interface CategoryAmounts {
  readonly split: CategorySplit;
  readonly total: Ore;
}

export interface CategoryRow {
  readonly key: string;
  readonly label: string;
  readonly parent: string | null;
  readonly isParent: boolean;
  readonly amounts: CategoryAmounts;
  readonly suggested: Category | null;
  /** Why the category was suggested, in Norwegian (the working column of the 3.4.2 sheet, the JSON). */
  readonly reason: string;
  /** The same in English, for a task pane in English. */
  readonly reasonEn?: string;
  readonly applied: AppliedCategory | null;
  /** The 3.4.1 deviation this row must add up to. */
  readonly avvik: Ore;
}

export interface CategoryTable {
  readonly rows: readonly CategoryRow[];
  readonly sum: CategoryAmounts;
}

function sumCategoryAmounts(items: readonly CategoryAmounts[]): CategoryAmounts {
  return { split: items.reduce((s, x) => addSplits(s, x.split), ZERO_SPLIT), total: sumBy(items, (x) => x.total) };
}

/**
 * Table 3.4.2: each project's deviation in its category (suggested, overridden or
 * split). Projects whose deviation rounds to zero kroner are left out; a parent's row
 * is the sum of its sub-projects'.
 */
export function buildCategoryTable(
  projects: ProjectTable,
  register: ReadonlyMap<string, RegisteredProject>,
  decisions: Readonly<Record<string, CategoryDecision>>,
  year: number,
): CategoryTable {
  const rows: CategoryRow[] = [];
  const tops: CategoryRow[] = [];
  const leaf = (p: ProjectRow): CategoryRow => {
    const reg = register.get(p.key) ?? (p.parent ? register.get(p.parent) : undefined);
    const suggestion = suggestCategoryTexts(reg ?? { vedtattFerdig: { kind: "none" }, forventetFerdig: { kind: "none" } }, year);
    // A split is amounts of the project's own deviation: a sub-project never takes its parent's.
    const split = register.get(p.key)?.split;
    const fromRegister: CategoryDecision | undefined = reg && (split || reg.category) ? { split, category: reg.category } : undefined;
    const deviation = avvik(p.amounts);
    const applied = applyDecision(deviation, suggestion, decisions[p.key] ?? fromRegister);
    return {
      key: p.key,
      // A parent's own lines (key `NNNNNN-0`) are labelled with the project's number, as every row.
      label: `${p.key.replace(/-0$/, "")}-${p.label}`,
      parent: p.parent,
      isParent: false,
      amounts: { split: applied.split, total: splitTotal(applied.split) },
      suggested: suggestion.category,
      reason: suggestion.reason.nb,
      reasonEn: suggestion.reason.en,
      applied,
      avvik: deviation,
    };
  };
  // Each parent's sub-projects, in the table's order (found once, not by a walk of every row for each parent).
  const subsOf = new Map<string, ProjectRow[]>();
  for (const s of projects.rows) {
    if (s.parent === null) continue;
    const list = subsOf.get(s.parent);
    if (list) list.push(s);
    else subsOf.set(s.parent, [s]);
  }
  for (const p of projects.rows) {
    if (p.parent !== null) continue;
    if (!p.isParent) {
      if (roundKroner(avvik(p.amounts)) === 0) continue;
      const r = leaf(p);
      rows.push(r);
      tops.push(r);
      continue;
    }
    const subs = (subsOf.get(p.key) ?? []).filter((s) => roundKroner(avvik(s.amounts)) !== 0).map(leaf);
    if (subs.length === 0) continue;
    const parentRow: CategoryRow = {
      key: p.key,
      label: `${p.key}-${p.label}`,
      parent: null,
      isParent: true,
      amounts: sumCategoryAmounts(subs.map((s) => s.amounts)),
      suggested: null,
      reason: MESSAGES.reasonParent.nb({}),
      reasonEn: MESSAGES.reasonParent.en({}),
      applied: null,
      avvik: avvik(p.amounts),
    };
    rows.push(parentRow, ...subs);
    tops.push(parentRow);
  }
  return { rows, sum: sumCategoryAmounts(tops.map((r) => r.amounts)) };
}

export interface ReportTables {
  readonly "3.1": AccountTable;
  readonly "3.3": AccountTable;
  readonly "3.4.1": ProjectTable;
  readonly "3.4.2": CategoryTable;
}
