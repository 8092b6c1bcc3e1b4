import Decimal from "decimal.js";
import type { Ore } from "../money";

/**
 * The suggested forecast (prognose) of a row for the whole year, with the method named
 * (docs/tertial.md). Amounts are exact øre; a forecast that divides is rounded to the øre,
 * half away from zero, as Excel's ROUND does.
 *
 * - officer: the officer's own figure (the Prognose sheet, or typed in the task pane).
 * - budget: the regulert budsjett, for a row with no regnskap yet (before December: at year
 *   end a row with no regnskap is forecast at 0, linearly).
 * - seasonal: regnskap so far ÷ the share of last year's full-year regnskap that had been
 *   booked by the same period last year, when that share is between 10 % and 100 %.
 * - linear: regnskap so far × 12 ÷ months elapsed, when last year's pattern is missing or unusable.
 */
export type ForecastMethod = "officer" | "seasonal" | "linear" | "budget";

/** What a row's forecast is made from. */
export interface ForecastBasis {
  /** Regnskap of the report year up to and including the period's month. */
  readonly hittil: Ore;
  /** Regnskap of last year up to and including the same month. */
  readonly hittilFjor: Ore;
  /** Last year's regnskap for the whole year (with the closing entries). */
  readonly fjorHeleAret: Ore;
  readonly regulert: Ore;
  /** The months elapsed: the period's month, 1–12. */
  readonly months: number;
  /** The officer's figure, when there is one. */
  readonly officer?: Ore;
}

export interface Forecast {
  readonly prognose: Ore;
  readonly method: ForecastMethod;
  /** For seasonal: last year's share booked by the period (0.1–1). */
  readonly share?: number;
}

/** The lowest and highest share of last year's regnskap booked by the period that is used for a seasonal forecast. */
const SEASONAL_SHARE = { min: 0.1, max: 1 } as const;

const round = (d: Decimal) => d.toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber() as Ore;

/** Last year's share booked by the period, when it can carry a seasonal forecast; undefined when not. */
function seasonalShare(b: Pick<ForecastBasis, "hittilFjor" | "fjorHeleAret">): number | undefined {
  if (b.fjorHeleAret === 0 || b.hittilFjor === 0) return undefined;
  const share = new Decimal(b.hittilFjor).div(b.fjorHeleAret);
  if (share.lt(SEASONAL_SHARE.min) || share.gt(SEASONAL_SHARE.max)) return undefined;
  return share.toNumber();
}

export function suggestForecast(b: ForecastBasis): Forecast {
  if (b.officer !== undefined) return { prognose: b.officer, method: "officer" };
  if (b.hittil === 0 && b.months < 12) return { prognose: b.regulert, method: "budget" };
  const share = seasonalShare(b);
  if (share !== undefined) return { prognose: round(new Decimal(b.hittil).mul(b.fjorHeleAret).div(b.hittilFjor)), method: "seasonal", share };
  return { prognose: round(new Decimal(b.hittil).mul(12).div(b.months)), method: "linear" };
}
