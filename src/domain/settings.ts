import type { Ore } from "./money";

/** A deviation that needs an explanation: an amount in øre, or a percent of regulert budsjett. */
export type Materiality = { readonly kind: "amount"; readonly ore: Ore } | { readonly kind: "percent"; readonly percent: number };

export interface AdoptedFigures {
  readonly driftUtgifter?: Ore;
  readonly driftInntekter?: Ore;
  readonly driftNetto?: Ore;
  readonly investeringUtgifter?: Ore;
  readonly investeringInntekter?: Ore;
  readonly investeringNetto?: Ore;
}

/** The report's settings: from the Oppsett sheet, the task pane, or the command line (later wins). */
export interface Settings {
  readonly year?: number;
  readonly chapter?: number;
  readonly agency?: string;
  /** Short name used in the text drafts ("UKE"); defaults to the agency's initials. */
  readonly agencyShort?: string;
  readonly materiality?: Materiality;
  /** Arter of artsgruppe 7 counted as project cost in 3.4.1, e.g. ["790", "795"]. */
  readonly internalArter?: readonly string[];
  readonly adopted?: AdoptedFigures;
}

export type Language = "nb" | "en";

/** The officer's decision for one project's deviation (from the register or the task pane). */
export interface CategoryDecision {
  readonly category?: 1 | 2 | 3 | 4;
  /** A split of the deviation over the categories, øre per category (index 0 = category 1). */
  readonly split?: readonly [Ore, Ore, Ore, Ore];
}
