import type { ProjectDate } from "./dates";
import type { RegisteredProject } from "./input";
import { addOre, ore, type Ore, subOre, sumOre } from "./money";
import { T, type Text } from "./messages";
import type { CategoryDecision, Language } from "./settings";

export type Category = 1 | 2 | 3 | 4;

/** The four categories, in the order of 3.4.2's columns. */
export const CATEGORIES: readonly Category[] = [1, 2, 3, 4];

/** A deviation split over the four categories, øre per category. */
export type CategorySplit = Readonly<Record<Category, Ore>>;

export const ZERO_SPLIT: CategorySplit = { 1: ore(0), 2: ore(0), 3: ore(0), 4: ore(0) };

/** Σ of a split's four amounts. */
export function splitTotal(s: CategorySplit): Ore {
  return sumOre(CATEGORIES.map((c) => s[c]));
}

export function addSplits(a: CategorySplit, b: CategorySplit): CategorySplit {
  return { 1: addOre(a[1], b[1]), 2: addOre(a[2], b[2]), 3: addOre(a[3], b[3]), 4: addOre(a[4], b[4]) };
}

/** A split as the settings and the task pane hold it: four amounts, category 1 first. */
export type SplitTuple = readonly [Ore, Ore, Ore, Ore];

function splitFromTuple(t: SplitTuple): CategorySplit {
  return { 1: t[0], 2: t[1], 3: t[2], 4: t[3] };
}

export function splitToTuple(s: CategorySplit): SplitTuple {
  return [s[1], s[2], s[3], s[4]];
}

/** The whole deviation in one category. */
function splitInto(category: Category, avvik: Ore): CategorySplit {
  return { ...ZERO_SPLIT, [category]: avvik };
}

export const CATEGORY_TITLES: Record<Category, string> = {
  1: "1. Periodiseringsavvik, men innenfor vedtatt tidsramme",
  2: "2. Reelle netto besparelser på ferdige prosjekter",
  3: "3. Reelle forsinkelser iht. vedtatt tidsplan",
  4: "4. Uforutsigbare avsetninger",
};

export interface Suggestion {
  readonly category: Category;
  readonly reason: string;
}

function describe(d: ProjectDate): string {
  return d.kind === "none" ? "" : d.kind === "date" ? d.text : d.text;
}

type ProjectFacts = Pick<RegisteredProject, "type" | "status" | "statusText" | "vedtattFerdig" | "forventetFerdig">;

/**
 * The suggestion rule of docs/categorization.md, for report year `year`; the first rule
 * that applies wins. Dates are compared by their last day. The reason is in both languages.
 */
export function suggestCategoryTexts(p: ProjectFacts, year: number): { readonly category: Category; readonly reason: Text } {
  if (p.type === "uforutsett") return { category: 4, reason: T.reasonUnforeseen({}) };
  const f = p.forventetFerdig;
  if (p.status === "ferdig") return { category: 2, reason: T.reasonFinishedStatus({ statusText: p.statusText, date: f.kind === "date" ? f.text : undefined }) };
  if (f.kind === "finished") return { category: 2, reason: T.reasonExpectedFinished({ text: f.text }) };
  if (f.kind === "date" && f.lastDay <= year * 10000 + 1231) return { category: 2, reason: T.reasonFinishedBy({ date: f.text }) };
  const v = p.vedtattFerdig;
  if (v.kind === "date" && f.kind === "date" && f.lastDay > v.lastDay) return { category: 3, reason: T.reasonDelayed({ expected: f.text, adopted: v.text }) };
  if (f.kind === "ongoing") return { category: 1, reason: T.reasonOngoing({ text: f.text }) };
  if (f.kind === "date") return { category: 1, reason: T.reasonWithinFrame({ expected: f.text, adopted: v.kind === "date" ? v.text : undefined }) };
  return { category: 1, reason: T.reasonUnknownDate({ adopted: describe(v) }) };
}

/** The suggestion for a project, its reason in `language` (default Norwegian). */
export function suggestCategory(p: ProjectFacts, year: number, language: Language = "nb"): Suggestion {
  const s = suggestCategoryTexts(p, year);
  return { category: s.category, reason: s.reason[language] };
}

export type CategorySource = "suggested" | "override" | "split";

export interface AppliedCategory {
  readonly split: CategorySplit;
  readonly source: CategorySource;
  /** The split's shortfall (avvik − Σ split), non-zero when it does not add up. */
  readonly splitDifference: Ore;
}

/** Applies the officer's decision (split wins over override) to a deviation. */
export function applyDecision(avvik: Ore, suggestion: Pick<Suggestion, "category">, decision: CategoryDecision | undefined): AppliedCategory {
  if (decision?.split) {
    const split = splitFromTuple(decision.split);
    return { split, source: "split", splitDifference: subOre(avvik, splitTotal(split)) };
  }
  const category = decision?.category ?? suggestion.category;
  return { split: splitInto(category, avvik), source: decision?.category ? "override" : "suggested", splitDifference: ore(0) };
}

/** True when a split misses the deviation by a whole krone or more (it must add up to the krone). */
export function splitMismatch(applied: AppliedCategory): boolean {
  return applied.source === "split" && Math.abs(applied.splitDifference) >= 100;
}
