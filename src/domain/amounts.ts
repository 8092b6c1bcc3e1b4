import { addOre, type Ore, subOre } from "./money";

/**
 * Amounts by name. A table row, a project, an art's share of a row: each holds its
 * amounts as a record of named øre, never as a tuple. The order of the columns (I–V of
 * 3.1/3.3, VI–IX of 3.4.1, kat. 1–4 and Sum prosjekt of 3.4.2) exists only where the
 * sheets and the JSON are written: report/columns.ts.
 */
export interface Amounts {
  /** Regnskap of the report year. */
  readonly regnskap: Ore;
  /** Regnskap of the year before. */
  readonly regnskapFjor: Ore;
  /** The adopted budget (Dok. 3). */
  readonly dok3: Ore;
  /** The revised budget (regulert budsjett). */
  readonly regulert: Ore;
}

export type Measure = keyof Amounts;

/** A project's amounts: it has no regnskap of the year before in the report. */
export type ProjectAmounts = Pick<Amounts, "dok3" | "regulert" | "regnskap">;

const ZERO_AMOUNTS: Amounts = { regnskap: 0 as Ore, regnskapFjor: 0 as Ore, dok3: 0 as Ore, regulert: 0 as Ore };
const ZERO_PROJECT_AMOUNTS: ProjectAmounts = { dok3: 0 as Ore, regulert: 0 as Ore, regnskap: 0 as Ore };

/** The deviation, always derived: regulert budsjett − regnskap (positive is money left). */
export function avvik(a: Pick<Amounts, "regulert" | "regnskap">): Ore {
  return subOre(a.regulert, a.regnskap);
}

function addAmounts(a: Amounts, b: Amounts): Amounts {
  return { regnskap: addOre(a.regnskap, b.regnskap), regnskapFjor: addOre(a.regnskapFjor, b.regnskapFjor), dok3: addOre(a.dok3, b.dok3), regulert: addOre(a.regulert, b.regulert) };
}

function addProjectAmounts(a: ProjectAmounts, b: ProjectAmounts): ProjectAmounts {
  return { dok3: addOre(a.dok3, b.dok3), regulert: addOre(a.regulert, b.regulert), regnskap: addOre(a.regnskap, b.regnskap) };
}

/** Σ of amounts records, through the guarded accumulator. */
export function sumAmounts(items: Iterable<Amounts>): Amounts {
  let s = ZERO_AMOUNTS;
  for (const a of items) s = addAmounts(s, a);
  return s;
}

export function sumProjectAmounts(items: Iterable<ProjectAmounts>): ProjectAmounts {
  let s = ZERO_PROJECT_AMOUNTS;
  for (const a of items) s = addProjectAmounts(s, a);
  return s;
}
