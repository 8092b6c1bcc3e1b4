import type { ProjectDate } from "./dates";
import type { RegisteredProject } from "./input";
import type { Ore } from "./money";
import { formatNorwegian } from "./norwegian-number";
import type { CategoryDecision } from "./settings";

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

/**
 * The suggestion rule of categorization.md, for report year `year`; the first rule
 * that applies wins. Dates are compared by their last day.
 */
export function suggestCategory(p: Pick<RegisteredProject, "type" | "status" | "statusText" | "vedtattFerdig" | "forventetFerdig">, year: number): Suggestion {
  if (p.type === "uforutsett") return { category: 4, reason: "Avsetning til uforutsette utgifter" };
  const f = p.forventetFerdig;
  if (p.status === "ferdig") {
    const when = f.kind === "date" ? ` ${f.text}` : "";
    return { category: 2, reason: `${p.statusText ?? "Ferdig"}${when}: reell besparelse` };
  }
  if (f.kind === "finished") return { category: 2, reason: `Forventet ferdig «${f.text}»: reell besparelse` };
  if (f.kind === "date" && f.lastDay <= year * 10000 + 1231) return { category: 2, reason: `Ferdig ${f.text}: reell besparelse` };
  const v = p.vedtattFerdig;
  if (v.kind === "date" && f.kind === "date" && f.lastDay > v.lastDay)
    return { category: 3, reason: `Forventet ferdig ${f.text} er senere enn bystyrevedtatt ${v.text}: reell forsinkelse` };
  if (f.kind === "ongoing") return { category: 1, reason: `${f.text}: periodiseringsavvik` };
  if (f.kind === "date") {
    const frame = v.kind === "date" ? `innenfor vedtatt ferdig ${v.text}` : "ingen vedtatt ferdigdato";
    return { category: 1, reason: `Forventet ferdig ${f.text}, ${frame}: periodiseringsavvik` };
  }
  return { category: 1, reason: `Ferdigdato ukjent${describe(v) ? ` (vedtatt ${describe(v)})` : ""}: periodiseringsavvik` };
}

export type CategorySource = "suggested" | "override" | "split";

export interface AppliedCategory {
  readonly values: readonly [Ore, Ore, Ore, Ore];
  readonly source: CategorySource;
  /** The split's shortfall (avvik − Σ split), non-zero when it does not add up. */
  readonly splitDifference: Ore;
}

/** Applies the officer's decision (split wins over override) to a deviation. */
export function applyDecision(avvik: Ore, suggestion: Suggestion, decision: CategoryDecision | undefined): AppliedCategory {
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

export function describeSplit(applied: AppliedCategory): string {
  return applied.values.map((v, i) => `kat. ${i + 1}: ${formatNorwegian(v)}`).join(", ");
}
