import { type Amounts, avvik, type Measure, type ProjectAmounts } from "../amounts";
import type { Ore } from "../money";
import type { CategoryAmounts } from "./tables";
import type { TertialAmounts } from "../tertial/tables";

/**
 * The order of the amount columns, in one place: the sheets (sheets.ts) and the JSON
 * (json.ts) are written from these lists; everything before them holds amounts by name.
 */

/** 3.1 and 3.3, columns I–IV (column V is the deviation, III − I); also the basis sheet's four amounts. */
export const ACCOUNT_MEASURES = ["regnskap", "dok3", "regulert", "regnskapFjor"] as const satisfies readonly Measure[];

/** 3.4.1, columns VI–VIII (column IX is the deviation, VII − VIII). */
export const PROJECT_MEASURES = ["dok3", "regulert", "regnskap"] as const satisfies readonly (keyof ProjectAmounts)[];

/** I–V of a 3.1/3.3 row: regnskap, Dok. 3, regulert, regnskap året før, avvik (in the order of ACCOUNT_MEASURES). */
export function accountColumns(a: Amounts): readonly [Ore, Ore, Ore, Ore, Ore] {
  return [a.regnskap, a.dok3, a.regulert, a.regnskapFjor, avvik(a)];
}

/** VI–IX of a 3.4.1 row: Dok. 3, regulert, regnskap, avvik (in the order of PROJECT_MEASURES). */
export function projectColumns(a: ProjectAmounts): readonly [Ore, Ore, Ore, Ore] {
  return [a.dok3, a.regulert, a.regnskap, avvik(a)];
}

/** The five amounts of a 3.4.2 row: kategori 1–4 (CATEGORIES), Sum prosjekt. */
export function categoryColumns(a: CategoryAmounts): readonly [Ore, Ore, Ore, Ore, Ore] {
  return [a.split[1], a.split[2], a.split[3], a.split[4], a.total];
}

/** A tertial row in the JSON: regulert, regnskap hittil, prognose, avvik (docs/tertial.md). */
export function tertialColumns(a: TertialAmounts): readonly [Ore, Ore, Ore, Ore] {
  return [a.regulert, a.hittil, a.prognose, a.avvik];
}

// The lists and the tuples above say the same order twice, side by side; a test holds them together.
