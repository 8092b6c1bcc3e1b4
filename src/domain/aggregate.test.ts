import { detectLayout } from "./layout";
import { cellAddress } from "./cells";
import { prepareStages, withGrids } from "./incremental";
import { runPipeline } from "./pipeline";
import { SpendingTallies } from "./aggregate";
import { workbook, type LedgerLine } from "../../test/support/grids";

// A line booked on an artsgruppe itself (`000-099` in Art, as a pre-aggregated export has it) has
// no three-digit art: the ledger reader keeps its sums in a slot found by its text. Its project
// cost, its table row and the year before must come out as for lines booked on an art of the group.
describe("lines booked on an artsgruppe itself", () => {
  const lines = (art: string): LedgerLine[] => [
    { kap: 125, del: "Investering", art, prosjekt: "118000", belop: 1_000 },
    { kap: 125, del: "Investering", art, prosjekt: "118000", belop: 250.5 },
    { kap: 125, del: "Investering", art, prosjekt: "118007", belop: 40 },
    { kap: 125, del: "Investering", art, prosjekt: "118000", belop: 300, aar: 2023 },
    { kap: 125, del: "Investering", art, belop: 7 },
    { kap: 125, del: "Drift", art, belop: 12 },
    { kap: 125, del: "Drift", art, belop: 3, aar: 2023 },
  ];
  const run = (art: string) =>
    runPipeline({
      grids: workbook({
        ledger: lines(art),
        budget: [
          { kap: 125, del: "Investering", art: "010", prosjekt: "118000", dok3: 2_000, regulert: 2_000 },
          { kap: 125, del: "Investering", art: "010", prosjekt: "118007", dok3: 100, regulert: 100 },
        ],
        projects: [
          { nr: "118000", navn: "Skole" },
          { nr: "118007", navn: "Bad" },
        ],
      }),
    });

  test("add to their projects, table rows and the year before as lines of an art of the group do", () => {
    const group = run("000-099").json;
    const art = run("010").json;
    expect(group.tables["3.4.1"]).toEqual(art.tables["3.4.1"]);
    expect(group.tables["3.3"]).toEqual(art.tables["3.3"]);
    expect(group.tables["3.1"]).toEqual(art.tables["3.1"]);
    const p = group.tables["3.4.1"].rows.find((r) => r.key === "118000");
    // Regnskap 1,250.50 of 2024 (the 2023 line is the year before, not the project's cost).
    expect(p?.values).toContain(1_251);
  });

  test("an investment expense with no project is told the same way", () => {
    const codes = (art: string) =>
      run(art)
        .findings.map((f) => f.code)
        .filter((c) => c === "INVESTMENT_NO_PROJECT");
    expect(codes("000-099")).toEqual(codes("010"));
    expect(codes("010")).toHaveLength(1);
  });
});

// A ledger line adds to its part, art and project's slot; the slots reach the aggregates once the
// sheet is read (LineSlot in aggregate.ts). What depends on the lines' order must come out as if
// each line had been added where it stands: the maps' order (the report's), and every first line.
describe("the slots' sums reach the aggregates in the lines' order", () => {
  const ledger: LedgerLine[] = [
    { kap: 125, del: "Investering", art: "010", prosjekt: "118007", belop: 5, aar: 2023 }, // row 2: 010/118007 first seen, the year before
    { kap: 125, del: "Investering", art: "020", prosjekt: "118000", belop: 100 }, // row 3: the first project line of the report year
    { kap: 125, del: "Investering", art: "010", prosjekt: "118007", belop: 40 }, // row 4
    { kap: 125, del: "Investering", art: "010", belop: 7 }, // row 5: no project
    { kap: 125, del: "Investering", art: "010", prosjekt: "118000", belop: 1 }, // row 6: a second art of 118000
    { kap: 125, del: "Investering", art: "950", belop: 3, aar: 2023 }, // row 7: not project cost, the year before
    { kap: 125, del: "Investering", art: "950", belop: 2 }, // row 8
    { kap: 125, del: "Investering", art: "010", belop: 9 }, // row 9: no project again
  ];
  const input = { grids: workbook({ ledger, budget: [] }) };
  const { agg } = withGrids(prepareStages(input, detectLayout(input.grids)));

  test("projects and spending keys in the order of their first line of the report year", () => {
    expect([...agg.projects.keys()]).toEqual(["118000", "118007"]);
    expect([...agg.projects.get("118000")!.groups]).toEqual([0]);
    expect(agg.projects.get("118000")!.first.cell).toBe("D3");
    expect(agg.projects.get("118007")!.first.cell).toBe("D4");
    expect([...agg.spending].map((t) => `${t.part}|${t.art}|${t.project ?? ""}`)).toEqual([
      "investering|020|118000",
      "investering|010|118007",
      "investering|010|",
      "investering|010|118000",
    ]);
    expect(agg.spending.at(1)).toMatchObject({ count: 1, ore: 4_000, sheet: "Regnskap" });
    expect(cellAddress(agg.spending.row(1), agg.spending.col(1))).toBe("F4");
  });

  test("sums, counts and first lines as the lines give them", () => {
    expect(agg.projects.get("118000")).toMatchObject({ regnskap: 10_100, lines: 2 });
    expect(agg.projects.get("118007")).toMatchObject({ regnskap: 4_000, lines: 1 });
    expect(agg.investNoProject).toMatchObject({ count: 2, ore: 1_600, first: { cell: "F5" } });
    expect(agg.notProjectCost).toMatchObject({ count: 1, ore: 200, first: { cell: "F8" } });
    expect(agg.yearLines).toBe(6);
    const art010 = agg.arterByPart.investering.get("010")!;
    // Its first line is the year before's (row 2), though the slot of that line has its first line of the year later.
    expect(art010).toMatchObject({ values: [5_700, 500, 0, 0], lines: 5, first: { cell: "F2" } });
    expect(agg.arterByPart.investering.get("950")).toMatchObject({ values: [200, 300, 0, 0], lines: 2, first: { cell: "F7" } });
    expect(agg.get("investering", 0, "regnskap")).toBe(15_700);
    expect(agg.get("investering", 0, "regnskapFjor")).toBe(500);
    expect(agg.allSumsExact()).toBe(true);
  });
});

describe("SpendingTallies", () => {
  test("each tally as it was added, past the columns' first growth", () => {
    const tallies = new SpendingTallies();
    const keys = Array.from({ length: 1_000 }, (_, i) => ({
      part: i % 3 === 0 ? ("investering" as const) : ("drift" as const),
      art: i % 7 === 0 ? null : String(10 + (i % 90)).padStart(3, "0"),
      project: i % 3 === 0 ? `11${String(i).padStart(4, "0")}` : null,
      sheet: i < 500 ? "Regnskap" : "Regnskap 2",
      yearRow: i + 1,
      yearCol: 7,
    }));
    keys.forEach((k, i) => tallies.add(k, i + 1, (i - 400) * 2_500_000_001));
    expect(tallies.length).toBe(1_000);
    const all = [...tallies];
    keys.forEach((k, i) => {
      const expected = { count: i + 1, ore: (i - 400) * 2_500_000_001, part: k.part, art: k.art ?? "", project: k.project, sheet: k.sheet, row: i + 1, col: 7 };
      expect(all[i]).toEqual(expected);
      expect(tallies.at(i)).toEqual(expected);
      expect([tallies.count(i), tallies.ore(i), tallies.part(i), tallies.art(i), tallies.project(i), tallies.sheet(i), tallies.row(i), tallies.col(i)]).toEqual(
        Object.values(expected),
      );
    });
  });
});
