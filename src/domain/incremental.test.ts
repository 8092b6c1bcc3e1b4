import * as path from "path";
import fc from "fast-check";
import type { SheetGrid } from "./cells";
import { aggregationKey, coreFromPrepared, materialProjects, prepareInput, reportFromPrepared } from "./incremental";
import { kroner } from "./money";
import { InputError, runPipeline, type PipelineInput } from "./pipeline";
import type { CategoryDecision, Settings } from "./settings";
import { readGrids } from "../../test/e2e/read-grids";

const gen = require("../../scripts/bench/gen.js") as { makeDataset: (lines: number) => unknown; toGrids: (ds: unknown) => SheetGrid[] };

const EXAMPLE = path.resolve(__dirname, "..", "..", "examples", "uke-2022", "input.xlsx");

/** Both ways to the report for one input: runPipeline in one go, and the two stages. */
function bothWays(input: PipelineInput) {
  const whole = runPipeline(input);
  const staged = reportFromPrepared(prepareInput(input), input);
  return { whole, staged };
}

describe("the two stages give runPipeline's report", () => {
  let example: SheetGrid[];
  let generated: SheetGrid[];
  beforeAll(async () => {
    example = await readGrids(EXAMPLE);
    generated = gen.toGrids(gen.makeDataset(3000));
  });

  it("for the example workbook, with and without the officer's choices", () => {
    for (const settings of [{}, { materiality: { kind: "percent", percent: 5 } }, { materiality: { kind: "amount", ore: kroner(500_000) }, agency: "Testetaten" }] as Settings[]) {
      const { whole, staged } = bothWays({ grids: example, settings });
      expect(staged).toEqual(whole);
    }
  });

  it("for a generated agency (hundreds of projects), with any decisions and materiality, in both languages", () => {
    const prepared = prepareInput({ grids: generated });
    const nrs = runPipeline({ grids: generated }).projects.map((p) => p.nr);
    expect(nrs.length).toBeGreaterThan(100);
    const decisionArb: fc.Arbitrary<CategoryDecision> = fc.oneof(
      fc.constantFrom(1, 2, 3, 4).map((c) => ({ category: c as 1 | 2 | 3 | 4 })),
      fc.tuple(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: -1e9, max: 1e9 })).map(([a, b]) => ({ split: [a, b, 0, 0] as unknown as CategoryDecision["split"] })),
    );
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...nrs), decisionArb, { maxKeys: 40 }),
        fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
        fc.constantFrom("nb" as const, "en" as const),
        (decisions, percent, language) => {
          const settings: Settings = percent === undefined ? {} : { materiality: { kind: "percent", percent } };
          const whole = runPipeline({ grids: generated, settings, decisions, language });
          // One prepared input serves every choice that leaves the aggregation alone.
          expect(aggregationKey({ settings })).toBe(prepared.key);
          expect(reportFromPrepared(prepared, { settings, decisions, language })).toEqual(whole);
        },
      ),
      { numRuns: 15 },
    );
  });

  it("when the findings overflow the sink's cap (the rest summed), the sums and order agree", () => {
    // Every ledger line of another year: far more than 100 left-out lines of one kind.
    const { whole, staged } = bothWays({ grids: generated, settings: { year: 2019 } });
    expect(whole.findings.some((f) => f.count !== undefined && f.count > 1)).toBe(true);
    expect(staged.findings).toEqual(whole.findings);
    expect(staged).toEqual(whole);
  });

  it("a year, chapter or mapping changes the aggregation key; materiality, agency and decisions do not", () => {
    const base = aggregationKey({ settings: {} });
    expect(aggregationKey({ settings: { materiality: { kind: "percent", percent: 5 }, agency: "X" } })).toBe(base);
    expect(aggregationKey({ settings: { year: 2021 } })).not.toBe(base);
    expect(aggregationKey({ settings: { chapter: 1 } })).not.toBe(base);
    expect(aggregationKey({ settings: { internalArter: ["790"] } })).not.toBe(base);
    expect(aggregationKey({ mapping: { regnskap: { sheet: "Regnskap" } } })).not.toBe(base);
  });

  it("refuses what runPipeline refuses, with the same error", () => {
    const noLedger = [{ name: "Notater", rows: [["hei"]], firstRow: 0, firstColumn: 0 }];
    const error = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e;
      }
      return undefined;
    };
    const whole = error(() => runPipeline({ grids: noLedger }));
    expect(whole).toBeInstanceOf(InputError);
    expect(error(() => prepareInput({ grids: noLedger }))).toEqual(whole);
  });

  it("marks a project material as the MATERIAL_DEVIATION check does", () => {
    const prepared = prepareInput({ grids: generated });
    const settings: Settings = { materiality: { kind: "percent", percent: 5 } };
    const material = materialProjects(prepared, settings)!;
    const core = coreFromPrepared(prepared, { settings });
    const found = core.findings.filter((f) => f.code === "MATERIAL_DEVIATION" && f.sheet === "Tabell 3.4.1");
    // The sink keeps 100 of a kind and sums the rest into one finding with its count.
    const named = new Set(found.filter((f) => f.cell !== "").map((f) => f.cell));
    const total = named.size + found.filter((f) => f.cell === "").reduce((n, f) => n + (f.count ?? 0), 0);
    const topLevel = prepared.tables["3.4.1"].rows.filter((r) => r.parent === null).map((r) => r.key);
    expect(named.size).toBeGreaterThan(0);
    for (const nr of named) expect({ nr, material: material.get(nr) }).toEqual({ nr, material: true });
    expect(topLevel.filter((nr) => material.get(nr)).length).toBe(total);
  });
});
