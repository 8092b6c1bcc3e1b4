import { ARTSGRUPPER, FIRST_REVENUE_GROUP, GROUP_COUNT, Part } from "../artsgrupper";
import type { Aggregates, ProjectTotals } from "../aggregate";
import { applyDecision, AppliedCategory, Category, suggestCategoryTexts } from "../categorise";
import { MESSAGES } from "../messages";
import type { ProjectDate } from "../dates";
import type { RegisteredProject } from "../input";
import { Ore, roundKroner } from "../money";
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
  /** [I regnskap, II Dok. 3, III regulert, IV regnskap året før, V avvik = III − I] */
  readonly values: readonly [Ore, Ore, Ore, Ore, Ore];
}

export interface AccountTable {
  readonly id: "3.1" | "3.3";
  readonly part: Part;
  readonly rows: readonly AccountRow[];
}

const SUM_LABELS: Record<Part, { utgifter: string; inntekter: string; netto: string }> = {
  drift: { utgifter: "Sum driftsutgifter", inntekter: "Sum driftsinntekter", netto: "Kapitlets nettoresultat" },
  investering: { utgifter: "Sum investeringsutgifter", inntekter: "Sum investeringsinntekter", netto: "Netto finansieringsbehov" },
};

function row(key: string, label: string, kind: AccountRowKind, i: number, ii: number, iii: number, iv: number): AccountRow {
  return { key, label, kind, values: [i, ii, iii, iv, iii - i] as unknown as AccountRow["values"] };
}

export function buildAccountTable(agg: Aggregates, part: Part): AccountTable {
  const rows: AccountRow[] = [];
  const sums = [
    [0, 0, 0, 0],
    [0, 0, 0, 0],
  ];
  for (let g = 0; g < GROUP_COUNT; g++) {
    const v = [agg.get(part, g, "regnskap"), agg.get(part, g, "dok3"), agg.get(part, g, "regulert"), agg.get(part, g, "regnskapFjor")];
    const side = g < FIRST_REVENUE_GROUP ? 0 : 1;
    for (let m = 0; m < 4; m++) sums[side][m] += v[m];
    rows.push(row(ARTSGRUPPER[g].key, `${ARTSGRUPPER[g].key} ${ARTSGRUPPER[g].name}`, "group", v[0], v[1], v[2], v[3]));
    if (g === FIRST_REVENUE_GROUP - 1) rows.push(row("sumUtgifter", SUM_LABELS[part].utgifter, "sum", sums[0][0], sums[0][1], sums[0][2], sums[0][3]));
  }
  rows.push(row("sumInntekter", SUM_LABELS[part].inntekter, "sum", sums[1][0], sums[1][1], sums[1][2], sums[1][3]));
  const n = [0, 1, 2, 3].map((m) => sums[0][m] + sums[1][m]);
  rows.push(row("netto", SUM_LABELS[part].netto, "netto", n[0], n[1], n[2], n[3]));
  return { id: part === "drift" ? "3.1" : "3.3", part, rows };
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
  /** [VI Dok. 3, VII regulert, VIII regnskap, IX avvik = VII − VIII] */
  readonly values: readonly [Ore, Ore, Ore, Ore];
  readonly comment: string;
}

export interface ProjectTable {
  readonly rows: readonly ProjectRow[];
  /** Σ of the top-level rows. */
  readonly sum: readonly [Ore, Ore, Ore, Ore];
}

function dateText(d: ProjectDate | undefined): string {
  if (!d || d.kind === "none") return "";
  return d.text;
}

function groupsText(groups: Iterable<number>): string {
  const keys = [...groups].sort((a, b) => a - b).map((g) => ARTSGRUPPER[g].key);
  return keys.join(", ");
}

const EMPTY_TOTALS = (): ProjectTotals => ({ dok3: 0, regulert: 0, regnskap: 0, groups: new Set(), lines: 0, first: { sheet: "", row: 0, cell: "" } });

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
  const rows: ProjectRow[] = [];
  const sum = [0, 0, 0, 0];
  const mk = (nr: string, t: ProjectTotals, parent: string | null, isParent: boolean, labelOverride?: string): ProjectRow => {
    const reg = register.get(nr);
    return {
      // A parent's own lines (beside its sub-projects) get a key of their own.
      key: labelOverride ? `${nr}-0` : nr,
      label: labelOverride ?? reg?.name ?? "(ikke i prosjektregisteret)",
      parent,
      isParent,
      inRegister: reg !== undefined,
      groups: groupsText(t.groups),
      vedtattFerdig: dateText(reg?.vedtattFerdig),
      forventetFerdig: dateText(reg?.forventetFerdig),
      values: [t.dok3, t.regulert, t.regnskap, t.regulert - t.regnskap] as unknown as ProjectRow["values"],
      comment: reg?.comment ?? "",
    };
  };
  for (const nr of [...tops].sort()) {
    const subs = (children.get(nr) ?? []).sort();
    if (subs.length === 0) {
      const r = mk(nr, agg.projects.get(nr)!, null, false);
      rows.push(r);
      for (let m = 0; m < 4; m++) sum[m] += r.values[m];
      continue;
    }
    const own = agg.projects.get(nr);
    const total = EMPTY_TOTALS();
    const subRows: ProjectRow[] = [];
    if (own && hasFigures(own)) subRows.push(mk(nr, own, nr, false, `${register.get(nr)?.name ?? nr} (uten delprosjekt)`));
    for (const s of subs) subRows.push(mk(s, agg.projects.get(s)!, nr, false));
    for (const s of [own, ...subs.map((x) => agg.projects.get(x)!)]) {
      if (!s) continue;
      total.dok3 += s.dok3;
      total.regulert += s.regulert;
      total.regnskap += s.regnskap;
      s.groups.forEach((g) => total.groups.add(g));
    }
    const parentRow = mk(nr, total, null, true);
    rows.push(parentRow, ...subRows);
    for (let m = 0; m < 4; m++) sum[m] += parentRow.values[m];
  }
  return { rows, sum: sum as unknown as ProjectTable["sum"] };
}

export interface CategoryRow {
  readonly key: string;
  readonly label: string;
  readonly parent: string | null;
  readonly isParent: boolean;
  /** [kat. 1, kat. 2, kat. 3, kat. 4, sum prosjekt] */
  readonly values: readonly [Ore, Ore, Ore, Ore, Ore];
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
  readonly sum: readonly [Ore, Ore, Ore, Ore, Ore];
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
  const sum = [0, 0, 0, 0, 0];
  const leaf = (p: ProjectRow): CategoryRow => {
    const reg = register.get(p.key) ?? (p.parent ? register.get(p.parent) : undefined);
    const suggestion = suggestCategoryTexts(reg ?? { vedtattFerdig: { kind: "none" }, forventetFerdig: { kind: "none" } }, year);
    // A split is amounts of the project's own deviation: a sub-project never takes its parent's.
    const split = register.get(p.key)?.split;
    const fromRegister: CategoryDecision | undefined = reg && (split || reg.category) ? { split, category: reg.category } : undefined;
    const applied = applyDecision(p.values[3], suggestion, decisions[p.key] ?? fromRegister);
    const total = applied.values.reduce((s, v) => s + v, 0);
    return {
      key: p.key,
      // A parent's own lines (key `NNNNNN-0`) are labelled with the project's number, as every row.
      label: `${p.key.replace(/-0$/, "")}-${p.label}`,
      parent: p.parent,
      isParent: false,
      values: [...applied.values, total] as unknown as CategoryRow["values"],
      suggested: suggestion.category,
      reason: suggestion.reason.nb,
      reasonEn: suggestion.reason.en,
      applied,
      avvik: p.values[3],
    };
  };
  for (let i = 0; i < projects.rows.length; i++) {
    const p = projects.rows[i];
    if (p.parent !== null) continue;
    if (!p.isParent) {
      if (roundKroner(p.values[3]) === 0) continue;
      const r = leaf(p);
      rows.push(r);
      for (let m = 0; m < 5; m++) sum[m] += r.values[m];
      continue;
    }
    const subs = projects.rows.filter((s) => s.parent === p.key && roundKroner(s.values[3]) !== 0).map(leaf);
    if (subs.length === 0) continue;
    const total = [0, 0, 0, 0, 0];
    for (const s of subs) for (let m = 0; m < 5; m++) total[m] += s.values[m];
    rows.push({
      key: p.key,
      label: `${p.key}-${p.label}`,
      parent: null,
      isParent: true,
      values: total as unknown as CategoryRow["values"],
      suggested: null,
      reason: MESSAGES.reasonParent.nb({}),
      reasonEn: MESSAGES.reasonParent.en({}),
      applied: null,
      avvik: p.values[3],
    });
    rows.push(...subs);
    for (let m = 0; m < 5; m++) sum[m] += total[m];
  }
  return { rows, sum: sum as unknown as CategoryTable["sum"] };
}

export interface ReportTables {
  readonly "3.1": AccountTable;
  readonly "3.3": AccountTable;
  readonly "3.4.1": ProjectTable;
  readonly "3.4.2": CategoryTable;
}
