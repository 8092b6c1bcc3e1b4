import { runPipeline } from "./pipeline";
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
