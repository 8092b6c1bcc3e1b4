import type { ProjectDate } from "./dates";
import type { RegisteredProject } from "./input";
import type { Ore } from "./money";
import { T, type Text } from "./messages";
import type { CategoryDecision, Language } from "./settings";

export type Category = 1 | 2 | 3 | 4;

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
  readonly values: readonly [Ore, Ore, Ore, Ore];
  readonly source: CategorySource;
  /** The split's shortfall (avvik − Σ split), non-zero when it does not add up. */
  readonly splitDifference: Ore;
}

/** Applies the officer's decision (split wins over override) to a deviation. */
export function applyDecision(avvik: Ore, suggestion: Pick<Suggestion, "category">, decision: CategoryDecision | undefined): AppliedCategory {
  const values: [number, number, number, number] = [0, 0, 0, 0];
  if (decision?.split) {
    const sum = decision.split.reduce((s, x) => s + x, 0);
    return { values: [...decision.split] as unknown as [Ore, Ore, Ore, Ore], source: "split", splitDifference: (avvik - sum) as Ore };
  }
  const category = decision?.category ?? suggestion.category;
  values[category - 1] = avvik;
  return { values: values as unknown as [Ore, Ore, Ore, Ore], source: decision?.category ? "override" : "suggested", splitDifference: 0 as Ore };
}

/** True when a split misses the deviation by a whole krone or more (it must add up to the krone). */
export function splitMismatch(applied: AppliedCategory): boolean {
  return applied.source === "split" && Math.abs(applied.splitDifference) >= 100;
}
