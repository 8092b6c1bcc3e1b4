import fc from "fast-check";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Writable } from "stream";
import { groupOfArt } from "../src/domain/artsgrupper";
import type { CellValue, SheetGrid } from "../src/domain/cells";
import { InputError, runPipeline } from "../src/domain/pipeline";
import type { Ore } from "../src/domain/money";
import { roundKroner } from "../src/domain/money";
import { suggestForecast } from "../src/domain/tertial/forecast";
import { parsePeriod } from "../src/domain/tertial/period";
import { main } from "../src/cli/main";
import { ledgerLines } from "./exports/exports";
import { loadExampleGrids, monthOfLine, withPeriods } from "./support/tertial-example";

/**
 * Tertial reports (docs/tertial.md): each forecast method with figures worked by hand, the
 * tables of a small ledger, the bundled example spread over the months, properties of
 * regnskap so far, the refusals, and the command line.
 */

const o = (n: number) => n as Ore;
const RUNS = Number(process.env.AVSTEM_PROPERTY_RUNS ?? 100);

describe("the forecast methods, worked by hand", () => {
  test("officer: the officer's figure, whatever the rest says", () => {
    expect(suggestForecast({ hittil: o(100), hittilFjor: o(50), fjorHeleAret: o(200), regulert: o(900), months: 8, officer: o(777) })).toEqual({
      prognose: 777,
      method: "officer",
    });
  });
  test("budget: no regnskap yet gives the regulert budsjett", () => {
    expect(suggestForecast({ hittil: o(0), hittilFjor: o(500), fjorHeleAret: o(1000), regulert: o(123_456), months: 4 })).toEqual({ prognose: 123_456, method: "budget" });
  });
  test("budget is not used at year end: a row with no regnskap by December is forecast at 0", () => {
    expect(suggestForecast({ hittil: o(0), hittilFjor: o(0), fjorHeleAret: o(0), regulert: o(5_000), months: 12 })).toEqual({ prognose: 0, method: "linear" });
  });
  test("seasonal: 600 000 kr so far, last year 500 000 of 800 000 by the same month (62,5 %) gives 960 000 kr", () => {
    expect(suggestForecast({ hittil: o(60_000_000), hittilFjor: o(50_000_000), fjorHeleAret: o(80_000_000), regulert: o(0), months: 8 })).toEqual({
      prognose: 96_000_000,
      method: "seasonal",
      share: 0.625,
    });
  });
  test("seasonal for revenue (negative amounts): the share is of like signs", () => {
    // −300 000 kr so far; last year −100 000 of −400 000 (25 %): −1 200 000 kr.
    expect(suggestForecast({ hittil: o(-30_000_000), hittilFjor: o(-10_000_000), fjorHeleAret: o(-40_000_000), regulert: o(0), months: 4 })).toMatchObject({
      prognose: -120_000_000,
      method: "seasonal",
    });
  });
  test("seasonal rounds to the øre, half away from zero: 1 øre ÷ 2/3 = 1,5 øre → 2 øre", () => {
    expect(suggestForecast({ hittil: o(1), hittilFjor: o(2), fjorHeleAret: o(3), regulert: o(0), months: 8 }).prognose).toBe(2);
    expect(suggestForecast({ hittil: o(-1), hittilFjor: o(2), fjorHeleAret: o(3), regulert: o(0), months: 8 }).prognose).toBe(-2);
  });
  test("linear when last year's share is under 10 %: 300 kr by March gives 1 200 kr", () => {
    expect(suggestForecast({ hittil: o(30_000), hittilFjor: o(5), fjorHeleAret: o(100), regulert: o(0), months: 3 })).toEqual({ prognose: 120_000, method: "linear" });
  });
  test("linear when last year's share is over 100 % or of the other sign, or there was no last year", () => {
    for (const [hittilFjor, fjor] of [
      [120, 100],
      [-10, 100],
      [0, 0],
      [50, 0],
    ])
      expect(suggestForecast({ hittil: o(800), hittilFjor: o(hittilFjor!), fjorHeleAret: o(fjor!), regulert: o(0), months: 8 })).toEqual({ prognose: 1_200, method: "linear" });
  });
  test("linear rounds half away from zero: −1 øre × 12 ÷ 8 = −1,5 øre → −2 øre", () => {
    expect(suggestForecast({ hittil: o(-1), hittilFjor: o(0), fjorHeleAret: o(0), regulert: o(0), months: 8 }).prognose).toBe(-2);
  });
  test("the share's limits are inclusive: exactly 10 % and exactly 100 % are seasonal", () => {
    expect(suggestForecast({ hittil: o(100), hittilFjor: o(10), fjorHeleAret: o(100), regulert: o(0), months: 2 })).toMatchObject({ prognose: 1_000, method: "seasonal" });
    expect(suggestForecast({ hittil: o(100), hittilFjor: o(100), fjorHeleAret: o(100), regulert: o(0), months: 11 })).toMatchObject({ prognose: 100, method: "seasonal" });
  });
});

describe("periods", () => {
  test.each([
    ["2024-08", { year: 2024, month: 8 }],
    ["202404", { year: 2024, month: 4 }],
    ["2024/8", { year: 2024, month: 8 }],
    ["08.2024", { year: 2024, month: 8 }],
  ])("%s", (text, want) => expect(parsePeriod(text)).toEqual(want));
  test.each(["2024", "2024-13", "2024-00", "aug 2024", "24-08", ""])("%s is not a period", (text) => expect(parsePeriod(text)).toBeUndefined());
});

// ------------------------------------------------------------------ a small ledger worked by hand

const sheet = (name: string, rows: CellValue[][]): SheetGrid => ({ name, rows, firstRow: 0, firstColumn: 0 });

/**
 * Drift 010 and 620, investering on project 200100 with a sub-project 20010001 (under parent
 * 200100) and project 300200 with no regnskap yet; months 1–13 in 2024 and 2023.
 */
function smallWorkbook(ledgerPeriod: (year: number, month: number) => CellValue = (_y, m) => m, periodHeader = "Periode"): SheetGrid[] {
  const l = (del: string, art: string, prosjekt: string | null, year: number, month: number, kr: number): CellValue[] => [
    125,
    del,
    art,
    prosjekt,
    year,
    ledgerPeriod(year, month),
    kr,
  ];
  return [
    sheet("Oppsett", [
      ["Nøkkel", "Verdi"],
      ["Rapportår", 2024],
      ["Kapittel", 125],
      ["Virksomhet", "Testetaten"],
      ["Vesentlighetsgrense", 50_000],
    ]),
    sheet("Regnskap", [
      ["Kapittel", "Del", "Art", "Prosjekt", "År", periodHeader, "Beløp"],
      // 2024: 010 has 100 000 in each of Jan–Apr and 50 000 in Aug; 620 −20 000 in Feb.
      l("Drift", "010", null, 2024, 1, 100_000),
      l("Drift", "010", null, 2024, 2, 100_000),
      l("Drift", "010", null, 2024, 3, 100_000),
      l("Drift", "010", null, 2024, 4, 100_000),
      l("Drift", "010", null, 2024, 8, 50_000),
      l("Drift", "620", null, 2024, 2, -20_000),
      // 2023: 010 had 250 000 by April of 1 000 000 (25 %); 620 nothing by April, −80 000 in Dec, −10 000 closing.
      l("Drift", "010", null, 2023, 2, 250_000),
      l("Drift", "010", null, 2023, 7, 700_000),
      l("Drift", "010", null, 2023, 13, 50_000),
      l("Drift", "620", null, 2023, 12, -80_000),
      l("Drift", "620", null, 2023, 13, -10_000),
      // Investering: 200100 own lines and its sub-project; 2023 for the pattern.
      l("Investering", "020", "200100", 2024, 3, 40_000),
      l("Investering", "020", "20010001", 2024, 4, 60_000),
      l("Investering", "020", "20010001", 2023, 4, 30_000),
      l("Investering", "020", "20010001", 2023, 10, 90_000),
    ]),
    sheet("Budsjett", [
      ["Kapittel", "Del", "Art", "Prosjekt", "Dok. 3", "Regulert budsjett"],
      [125, "Drift", "010", null, 1_200_000, 1_300_000],
      [125, "Drift", "620", null, -100_000, -100_000],
      [125, "Investering", "020", "200100", 100_000, 100_000],
      [125, "Investering", "020", "20010001", 200_000, 250_000],
      [125, "Investering", "020", "300200", 500_000, 400_000],
    ]),
    sheet("Reguleringer", [
      ["Del", "Sak", "Dato", "Beløp", "Type", "Prosjekt", "Beskrivelse"],
      ["Drift", "Byrådssak 1/24", "01.03.2024", 100_000, "Regulering", null, "Lønnsoppgjør"],
      ["Investering", "Byrådssak 2/24", "01.03.2024", 50_000, "Regulering", 20010001, "Gymsal"],
      ["Investering", "Byrådssak 2/24", "01.03.2024", -100_000, "Regulering", 300200, "Utsatt"],
    ]),
    sheet("Prosjekter", [
      ["Prosjekt", "Prosjektnavn", "Overordnet prosjekt", "Bystyrevedtatt ferdig", "Forventet ferdig", "Status", "Type"],
      [200100, "Skole", null, "2025", "2026", "Pågående", "Ordinær"],
      [20010001, "Skole, gymsal", 200100, "2025", "2026", "Pågående", "Ordinær"],
      [300200, "Bibliotek", null, "2026", "2026", "Pågående", "Ordinær"],
    ]),
  ];
}

const pad = (m: number) => String(m).padStart(2, "0");

const row = (rows: readonly { key: string; values: number[]; method: string | null }[], key: string) => {
  const r = rows.find((x) => x.key === key);
  if (!r) throw new Error(`no row ${key}`);
  return r;
};

describe("the tertial tables of a small ledger, worked by hand", () => {
  const report = runPipeline({ grids: smallWorkbook(), period: { year: 2024, month: 4 } });
  const t = report.json.tertial!;

  test("drift per artsgruppe: regulert, regnskap so far, prognose, avvik; the method named", () => {
    expect(t.period).toBe("2024-04");
    // 010: 400 000 by April; last year 250 000 of 1 000 000 (25 %) by April → 1 600 000; avvik 1 300 000 − 1 600 000.
    expect(row(t.drift.rows, "000-099")).toEqual({
      key: "000-099",
      label: "000-099 Lønn og sosiale utgifter",
      values: [1_300_000, 400_000, 1_600_000, -300_000],
      method: "seasonal",
    });
    // 620: −20 000 by April; last year nothing by April → linear: −20 000 × 12 ÷ 4 = −60 000.
    expect(row(t.drift.rows, "600-699").values).toEqual([-100_000, -20_000, -60_000, -40_000]);
    expect(row(t.drift.rows, "600-699").method).toBe("linear");
    // An artsgruppe with neither: budget, 0.
    expect(row(t.drift.rows, "300-399")).toMatchObject({ values: [0, 0, 0, 0], method: "budget" });
    // The sums have the keys of 3.1 and the sums of the rows; no method.
    expect(row(t.drift.rows, "sumUtgifter")).toMatchObject({ values: [1_300_000, 400_000, 1_600_000, -300_000], method: null });
    expect(row(t.drift.rows, "sumInntekter").values).toEqual([-100_000, -20_000, -60_000, -40_000]);
    expect(row(t.drift.rows, "netto").values).toEqual([1_200_000, 380_000, 1_540_000, -340_000]);
  });

  test("projects: the sub-project seasonal, the parent's own lines linear, the project without regnskap on budget; parent = its rows", () => {
    const p = t.projects.rows;
    // 20010001: 60 000 by April; last year 30 000 of 120 000 (25 %) → 240 000; regulert 250 000.
    expect(row(p, "20010001")).toMatchObject({ values: [250_000, 60_000, 240_000, 10_000], method: "seasonal" });
    // 200100's own lines: 40 000 by April, none last year → 40 000 × 12 ÷ 4 = 120 000; regulert 100 000.
    expect(row(p, "200100-0")).toMatchObject({ values: [100_000, 40_000, 120_000, -20_000], method: "linear" });
    expect(row(p, "200100")).toMatchObject({ values: [350_000, 100_000, 360_000, -10_000], method: null, parent: null });
    expect(row(p, "300200")).toMatchObject({ values: [400_000, 0, 400_000, 0], method: "budget" });
    expect(t.projects.sum).toEqual([750_000, 100_000, 760_000, -10_000]);
    // The suggested category of the expected deviation: the year-end rule (delayed: 2026 after 2025).
    expect(p.find((r) => r.key === "20010001")!.suggested).toBe(3);
  });

  test("the sheets: Tertial Drift, Investering, Prosjekter, then Kontroll and Reguleringer; formulas for sums, forbruk and avvik", () => {
    expect(report.sheets.map((s) => s.name)).toEqual(["Tertial Drift", "Tertial Investering", "Tertial Prosjekter", "Kontroll", "Reguleringer"]);
    const drift = report.sheets[0]!;
    const nettoRow = drift.rows.findIndex((r) => r[0]?.value === "Kapitlets nettoresultat");
    expect(drift.rows[nettoRow]![1]).toMatchObject({ value: 1_200_000, formula: expect.stringMatching(/^B\d+\+B\d+$/) });
    expect(drift.rows[nettoRow]![3]).toMatchObject({ value: 380_000 / 1_200_000, formula: `IF(B${nettoRow + 1}=0,"",C${nettoRow + 1}/B${nettoRow + 1})` });
    expect(drift.rows[nettoRow]![5]).toMatchObject({ value: -340_000, formula: `B${nettoRow + 1}-E${nettoRow + 1}` });
    // A line chart of netto per month, accumulated, against the budget.
    expect(drift.charts).toHaveLength(1);
    expect(drift.charts![0]).toMatchObject({ kind: "line", series: [{ name: "Regnskap 2024" }, { name: "Regnskap 2023" }, { name: "Regulert budsjett 2024" }] });
    // The standard sentence and the material rows (materiality 50 000 kr).
    const texts = drift.rows.flatMap((r) => r.map((c) => c?.value)).filter((v): v is string => typeof v === "string");
    expect(texts).toContain("Per 30.04 viser kapittel 125 et forventet merforbruk på 0,3 mill. kroner i drift.");
    expect(texts.some((s) => s.startsWith("– 000-099 Lønn og sosiale utgifter: forventet merforbruk på 0,3 mill. kroner"))).toBe(true);
  });

  test("the deviations to explain are the expected ones: MATERIAL_DEVIATION on the tertial rows, not the year so far", () => {
    const material = report.findings.filter((f) => f.code === "MATERIAL_DEVIATION");
    // Materiality 50 000 kr: drift 000-099 (−300 000) and investering 000-099 (750 000 − 400 000); not drift 600-699 (−40 000) nor the projects (−10 000, 0).
    expect(material.map((f) => [f.sheet, f.cell])).toEqual([
      ["Tertial Drift", "000-099"],
      ["Tertial Investering", "000-099"],
    ]);
    expect(material[0]!.message).toBe(
      "Tertial Drift, 000-099 Lønn og sosiale utgifter: forventet merforbruk 300\u00a0000 kr er over vesentlighetsgrensen og må forklares i tertialrapporten.",
    );
    // The annual report of the same workbook judges the year's deviations.
    expect(
      runPipeline({ grids: smallWorkbook() })
        .findings.filter((f) => f.code === "MATERIAL_DEVIATION")
        .every((f) => f.sheet.startsWith("Tabell ")),
    ).toBe(true);
  });

  test("the officer's forecasts: the Prognose sheet, and typed figures that win over it", () => {
    const grids = [
      ...smallWorkbook(),
      sheet("Prognose", [
        ["Del", "Art", "Prosjekt", "Prognose"],
        ["Drift", "010", null, 1_250_000],
        ["Investering", null, 20010001, 260_000],
      ]),
    ];
    const fromSheet = runPipeline({ grids, period: { year: 2024, month: 4 } }).json.tertial!;
    expect(row(fromSheet.drift.rows, "000-099")).toMatchObject({ values: [1_300_000, 400_000, 1_250_000, 50_000], method: "officer" });
    expect(row(fromSheet.projects.rows, "20010001")).toMatchObject({ values: [250_000, 60_000, 260_000, -10_000], method: "officer" });
    const typed = runPipeline({ grids, period: { year: 2024, month: 4 }, forecasts: { "drift:000-099": o(130_000_000) } }).json.tertial!;
    expect(row(typed.drift.rows, "000-099")).toMatchObject({ values: [1_300_000, 400_000, 1_300_000, 0], method: "officer" });
    // Beside the officer's figure the rows keep what Avstem would suggest (the pane shows both); the others have none.
    const tables = runPipeline({ grids, period: { year: 2024, month: 4 }, forecasts: { "drift:000-099": o(130_000_000) } }).tertial!;
    const plain = runPipeline({ grids: smallWorkbook(), period: { year: 2024, month: 4 } }).tertial!;
    const drift = (t: typeof tables, key: string) => t.drift.rows.find((r) => r.key === key)!;
    expect(drift(tables, "000-099").suggestion).toEqual({ prognose: drift(plain, "000-099").amounts.prognose, method: drift(plain, "000-099").method, share: 0.25 });
    // Seasonal from 2023's 250 000 of 1 000 000 by April: 400 000 / 0,25 = 1 600 000 kr.
    expect(drift(tables, "000-099").suggestion!.prognose).toBe(160_000_000);
    const project = tables.projects.rows.find((r) => r.key === "20010001")!;
    expect(project.method).toBe("officer");
    const plainProject = plain.projects.rows.find((r) => r.key === "20010001")!;
    expect(project.suggestion).toEqual({
      prognose: plainProject.amounts.prognose,
      method: plainProject.method,
      ...(plainProject.share !== undefined ? { share: plainProject.share } : {}),
    });
    expect(drift(tables, "600-699").suggestion).toBeUndefined();
  });

  test("the annual report of the same workbook is unchanged by the period column", () => {
    const annual = runPipeline({ grids: smallWorkbook() });
    expect(annual.json.tertial).toBeUndefined();
    expect(annual.sheets.map((s) => s.name)).toContain("Tabell 3.1");
    expect(annual.json.tables["3.1"].rows.find((r) => r.key === "000-099")!.values).toEqual([450_000, 1_200_000, 1_300_000, 1_000_000, 850_000]);
  });
});

describe("every way a ledger tells the month gives the same tables", () => {
  const want = runPipeline({ grids: smallWorkbook(), period: { year: 2024, month: 8 } }).json.tertial;
  test.each<[string, (y: number, m: number) => CellValue, string?]>([
    ["YYYYMM numbers", (y, m) => y * 100 + m, "Periode"],
    ["YYYY-MM text", (y, m) => `${y}-${pad(m)}`, "Regnskapsperiode"],
    ["MM.YYYY text", (y, m) => `${pad(m)}.${y}`, "Periode"],
    ["2024M08", (y, m) => `${y}M${pad(m)}`, "Period"],
    ["a month column named Måned", (_y, m) => m, "Måned"],
  ])("%s", (_name, as, header) => {
    expect(runPipeline({ grids: smallWorkbook(as, header), period: { year: 2024, month: 8 } }).json.tertial).toEqual(want);
  });
  test("posting dates (text, serials and date cells) where no line is a closing entry", () => {
    // A date cannot say period 13: compare with the same ledger whose closing entries are in December.
    const noClosing = (y: number, m: number) => (m === 13 ? 12 : m);
    const base = runPipeline({ grids: smallWorkbook(noClosing), period: { year: 2024, month: 8 } }).json.tertial;
    const serial = (y: number, m: number) => Math.round((Date.UTC(y, noClosing(y, m) - 1, 15) - Date.UTC(1899, 11, 30)) / 86_400_000);
    for (const [as, header] of [
      [(y: number, m: number) => `15.${pad(noClosing(y, m))}.${y}`, "Bilagsdato"],
      [(y: number, m: number) => `${y}-${pad(noClosing(y, m))}-15 00:00:00`, "Dato"],
      [serial, "Bilagsdato"],
      [(y: number, m: number): CellValue => ({ kind: "date", serial: serial(y, m) }), "Posteringsdato"],
    ] as const)
      expect(runPipeline({ grids: smallWorkbook(as, header), period: { year: 2024, month: 8 } }).json.tertial).toEqual(base);
  });
});

describe("refusals and findings", () => {
  test("a ledger with years only: refused with one sentence that names the column to add", () => {
    const grids = smallWorkbook().map((g) => (g.name === "Regnskap" ? { ...g, rows: g.rows.map((r) => [...r.slice(0, 5), r[6]!]) } : g));
    expect(() => runPipeline({ grids, period: { year: 2024, month: 8 } })).toThrow(InputError);
    expect(() => runPipeline({ grids, period: { year: 2024, month: 8 } })).toThrow(/trenger måneden for hver linje.*Legg til en kolonne «Periode»/);
    // The annual report of the same ledger is made as before.
    expect(runPipeline({ grids }).json.tables["3.1"].rows.length).toBe(12);
  });
  test("a period outside the report year is refused", () => {
    expect(() => runPipeline({ grids: smallWorkbook(), period: { year: 2023, month: 8 } })).toThrow(/Perioden 2023-08 er ikke i rapportåret 2024/);
  });
  test("lines without a readable month: an error at the first, with count and sum; they are not in regnskap so far", () => {
    const grids = smallWorkbook((_y, m) => (m === 3 ? "mars?" : m));
    const r = runPipeline({ grids, period: { year: 2024, month: 4 } });
    const f = r.findings.find((x) => x.code === "PERIOD_MONTH_INVALID")!;
    expect(f).toMatchObject({ severity: "error", sheet: "Regnskap", cell: "F4", count: 2 });
    expect(f.message).toContain("«mars?»");
    expect(row(r.json.tertial!.drift.rows, "000-099").values[1]).toBe(300_000);
  });
  test("a period or date of another year than the line's År: one finding at the first, an error in a tertial report and a warning in the annual", () => {
    // 2024's March lines say 2023 in their period: counted in March of 2024 (År decides the year), and told.
    const grids = smallWorkbook((y, m) => (y === 2024 && m === 3 ? `2023-03` : `${y}${pad(m)}`));
    const t = runPipeline({ grids, period: { year: 2024, month: 4 } });
    const f = t.findings.find((x) => x.code === "PERIOD_YEAR_MISMATCH")!;
    // Rows 4 (010, 100 000) and 14 (investering 020, 40 000) are the March lines of 2024.
    expect(f).toMatchObject({ severity: "error", sheet: "Regnskap", cell: "F4", count: 2, amount: 14_000_000 });
    expect(f.message).toContain("«2023-03» på en linje av 2024");
    expect(row(t.json.tertial!.drift.rows, "000-099").values[1]).toBe(400_000);
    const annual = runPipeline({ grids });
    expect(annual.findings.find((x) => x.code === "PERIOD_YEAR_MISMATCH")).toMatchObject({ severity: "warning", cell: "F4", count: 2 });
    // The same ledger with the periods in their own years has no such finding, and the same tables.
    const right = smallWorkbook((y, m) => `${y}${pad(m)}`);
    expect(runPipeline({ grids: right, period: { year: 2024, month: 4 } }).findings.map((x) => x.code)).not.toContain("PERIOD_YEAR_MISMATCH");
    expect(runPipeline({ grids: right }).findings.map((x) => x.code)).not.toContain("PERIOD_YEAR_MISMATCH");
    expect(t.json.tertial).toEqual(runPipeline({ grids: right, period: { year: 2024, month: 4 } }).json.tertial);
  });
  test("a posting date of another year is told the same way; bare months and the year's own column are never compared", () => {
    const dated = smallWorkbook((y, m) => (y === 2023 && m === 7 ? "15.07.2022" : `15.${pad(m === 13 ? 12 : m)}.${y}`), "Bilagsdato");
    const f = runPipeline({ grids: dated, period: { year: 2024, month: 8 } }).findings.find((x) => x.code === "PERIOD_YEAR_MISMATCH")!;
    expect(f).toMatchObject({ severity: "error", cell: "F9", count: 1, amount: 70_000_000 });
    expect(f.message).toContain("en dato i kolonnen «Bilagsdato»");
    expect(runPipeline({ grids: smallWorkbook(), period: { year: 2024, month: 8 } }).findings.map((x) => x.code)).not.toContain("PERIOD_YEAR_MISMATCH");
    // Without År the year is read from Periode itself: nothing to compare.
    const noYear = smallWorkbook((y, m) => `${y}${pad(m)}`).map((g) => (g.name === "Regnskap" ? { ...g, rows: g.rows.map((r) => [...r.slice(0, 4), ...r.slice(5)]) } : g));
    const r = runPipeline({ grids: noYear, period: { year: 2024, month: 8 } });
    expect(r.findings.map((x) => x.code)).not.toContain("PERIOD_YEAR_MISMATCH");
    expect(r.json.tertial).toEqual(runPipeline({ grids: smallWorkbook(), period: { year: 2024, month: 8 } }).json.tertial);
  });
  test("no line in the period's last month: a warning that the export may be early", () => {
    const r = runPipeline({ grids: smallWorkbook(), period: { year: 2024, month: 6 } });
    expect(r.findings.map((f) => f.code)).toContain("PERIOD_NO_LINES");
    expect(runPipeline({ grids: smallWorkbook(), period: { year: 2024, month: 4 } }).findings.map((f) => f.code)).not.toContain("PERIOD_NO_LINES");
  });
});

// ------------------------------------------------------------------ the bundled example over the months

describe("the bundled example with a period per line", () => {
  let grids: SheetGrid[];
  beforeAll(async () => {
    grids = await loadExampleGrids();
  });

  test("its Periode column is the spread the tests assume, and without it a tertial report is refused", () => {
    expect(withPeriods(grids)).toEqual(grids);
    expect(() => runPipeline({ grids: withPeriods(grids, null), period: { year: 2022, month: 8 } })).toThrow(InputError);
    // The annual tables do not read it.
    expect(runPipeline({ grids: withPeriods(grids, null) }).json.tables).toEqual(runPipeline({ grids }).json.tables);
  });

  test("at period 12 (with 13) regnskap so far is the annual table's regnskap, row by row, and the projects' too", () => {
    const annual = runPipeline({ grids });
    const t = runPipeline({ grids, period: { year: 2022, month: 12 } }).json.tertial!;
    for (const [part, id] of [
      ["drift", "3.1"],
      ["investering", "3.3"],
    ] as const)
      expect(t[part].rows.map((r) => [r.key, r.values[1]])).toEqual(annual.json.tables[id].rows.map((r) => [r.key, r.values[0]]));
    expect(t.projects.rows.map((r) => [r.key, r.values[0], r.values[1]])).toEqual(annual.json.tables["3.4.1"].rows.map((r) => [r.key, r.values[1], r.values[2]]));
    // The example's published figure: netto drift 712 145 115.
    expect(row(t.drift.rows, "netto").values[1]).toBe(712_145_115);
  });

  test("at 2022-08 regnskap so far is the sum of the example's lines of months 1–8, worked from the lines", () => {
    const lines = ledgerLinesOf(grids);
    expect(lines.length).toBeGreaterThan(1000);
    const t = runPipeline({ grids, period: { year: 2022, month: 8 } }).json.tertial!;
    for (const part of ["drift", "investering"] as const) {
      const sums = new Map<number, number>();
      for (const l of lines) if (l.part === part && l.year === 2022 && l.month <= 8) sums.set(l.group, (sums.get(l.group) ?? 0) + l.ore);
      const groups = t[part].rows.filter((r) => /^\d{3}-\d{3}$/.test(r.key));
      groups.forEach((r, g) => expect([r.key, r.values[1]]).toEqual([r.key, roundKroner((sums.get(g) ?? 0) as Ore)]));
    }
  });
});

/** The example's ledger lines with their month (as withPeriods gives them), part and artsgruppe. */
function ledgerLinesOf(grids: readonly SheetGrid[]) {
  // ledgerLines reads the example's own columns (the Periode column is the last).
  return ledgerLines(grids.find((g) => g.name === "Regnskap")!).map((l, i) => ({
    part: l.del.toLowerCase() as "drift" | "investering",
    group: groupOfArt(Number(l.art)),
    year: l.year,
    month: monthOfLine(i),
    ore: l.ore,
  }));
}

// ------------------------------------------------------------------ properties

describe("properties", () => {
  const lineArb = fc.record({
    part: fc.constantFrom("Drift", "Investering"),
    art: fc.constantFrom("010", "120", "270", "429", "620", "730", "850"),
    year: fc.constantFrom(2023, 2024),
    month: fc.integer({ min: 1, max: 13 }),
    ore: fc.integer({ min: -5_000_000, max: 5_000_000 }),
  });

  test("regnskap so far is exactly the lines of the months up to the period; period 12 is the annual column; sums and avvik add up", () => {
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 12 }), (lines, month) => {
        const grids = [
          sheet("Oppsett", [
            ["Nøkkel", "Verdi"],
            ["Rapportår", 2024],
          ]),
          sheet("Regnskap", [["Del", "Art", "År", "Periode", "Beløp"], ...lines.map((l) => [l.part, l.art, l.year, l.month, l.ore / 100])]),
          sheet("Budsjett", [
            ["Del", "Art", "Dok. 3", "Regulert budsjett"],
            ["Drift", "010", 100, 100],
          ]),
        ];
        const r = runPipeline({ grids, period: { year: 2024, month } });
        const t = r.json.tertial!;
        for (const part of ["drift", "investering"] as const) {
          const groups = t[part].rows.filter((x) => /^\d{3}-\d{3}$/.test(x.key));
          groups.forEach((g, gi) => {
            const inPeriod = lines.filter(
              (l) => l.part.toLowerCase() === part && l.year === 2024 && groupOfArt(Number(l.art)) === gi && (l.month <= month || (month === 12 && l.month === 13)),
            );
            expect(g.values[1]).toBe(roundKroner(inPeriod.reduce((s, l) => s + l.ore, 0) as Ore));
          });
          const rows = r.tertial![part].rows;
          for (const x of rows) expect(x.amounts.avvik).toBe(x.amounts.regulert - x.amounts.prognose);
          const sum = (keys: (k: string) => boolean, f: (a: (typeof rows)[number]["amounts"]) => number) =>
            rows.filter((x) => x.kind === "group" && keys(x.key)).reduce((s, x) => s + f(x.amounts), 0);
          const netto = rows.find((x) => x.key === "netto")!.amounts;
          expect(netto.prognose).toBe(
            sum(
              () => true,
              (a) => a.prognose,
            ),
          );
          expect(netto.hittil).toBe(
            sum(
              () => true,
              (a) => a.hittil,
            ),
          );
          if (month === 12) {
            const annual = runPipeline({ grids }).tables[part === "drift" ? "3.1" : "3.3"].rows;
            expect(rows.map((x) => x.amounts.hittil)).toEqual(annual.map((x) => x.amounts.regnskap));
          }
        }
      }),
      { numRuns: RUNS },
    );
  });
});

// ------------------------------------------------------------------ the command line

describe("avstem build --period", () => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "avstem-tertial-"));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const run = async (args: string[]) => {
    let out = "";
    let err = "";
    const sink = (f: (s: string) => void) => new Writable({ write: (c, _e, cb) => (f(String(c)), cb()) });
    const code = await main(args, { out: sink((s) => (out += s)) as never, err: sink((s) => (err += s)) as never });
    return { code, out, err };
  };

  async function writeInput(file: string, grids: readonly SheetGrid[]): Promise<void> {
    const { default: ExcelJS } = await import("exceljs");
    const wb = new ExcelJS.Workbook();
    for (const g of grids) {
      const ws = wb.addWorksheet(g.name);
      for (const r of g.rows) ws.addRow(r.map((v) => (v && typeof v === "object" && "serial" in v ? v.serial : v)) as never[]);
    }
    await wb.xlsx.writeFile(file);
  }

  test("writes the tertial sheets and the JSON's tertial part, the same as the engine", async () => {
    const input = path.join(tmp, "input.xlsx");
    await writeInput(input, smallWorkbook());
    const { code, out } = await run(["build", input, "-o", path.join(tmp, "t.xlsx"), "--json", path.join(tmp, "t.json"), "--period", "2024-04", "--summary"]);
    const json = JSON.parse(fs.readFileSync(path.join(tmp, "t.json"), "utf8"));
    expect(json.findings.filter((f: { severity: string }) => f.severity === "error")).toEqual([]);
    expect(code).toBe(0);
    expect(json.tertial).toEqual(runPipeline({ grids: smallWorkbook(), period: { year: 2024, month: 4 } }).json.tertial);
    const text = out.replace(/\u00a0/g, " ");
    expect(text).toMatch(/Avstem 2024-04 \(tertial\), kap\. 125 Testetaten/);
    expect(text).toMatch(/Drift, netto\s+regulert\s+1 200 000\s+hittil\s+380 000\s+prognose\s+1 540 000\s+forv\. avvik\s+-340 000/);
    const { default: ExcelJS } = await import("exceljs");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(tmp, "t.xlsx"));
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Tertial Drift", "Tertial Investering", "Tertial Prosjekter", "Kontroll", "Reguleringer"]);
  });

  test("a ledger CSV large enough to be streamed (over 1 MB) gives the same tertial tables as the whole grid", async () => {
    const grids = await loadExampleGrids();
    const ledger = grids.find((g) => g.name === "Regnskap")!;
    const [header, ...lines] = ledger.rows;
    const text = (v: CellValue) => (typeof v === "number" ? String(v).replace(".", ",") : v === null ? "" : String(v));
    // The example's lines 24 times (every sum × 24): about 1.6 MB.
    const body: string[] = [];
    for (let k = 0; k < 24; k++) for (const r of lines) body.push(r.map(text).join(";"));
    const csvText = [header!.map(text).join(";"), ...body].join("\r\n") + "\r\n";
    expect(Buffer.byteLength(csvText)).toBeGreaterThan(1 << 20);
    const dir = fs.mkdtempSync(path.join(tmp, "stream-"));
    fs.writeFileSync(path.join(dir, "Regnskap.csv"), csvText);
    await writeInput(
      path.join(dir, "Grunnlag.xlsx"),
      grids.filter((g) => g.name !== "Regnskap"),
    );
    const { code } = await run([
      "build",
      path.join(dir, "Regnskap.csv"),
      path.join(dir, "Grunnlag.xlsx"),
      "-o",
      path.join(dir, "t.xlsx"),
      "--json",
      path.join(dir, "t.json"),
      "--period",
      "2022-08",
    ]);
    expect(code).toBeLessThan(2);
    const streamed = JSON.parse(fs.readFileSync(path.join(dir, "t.json"), "utf8"));
    const { textFileToGrid } = await import("../src/workbook/csv");
    const whole = runPipeline({ grids: [textFileToGrid("Regnskap", Buffer.from(csvText)), ...grids.filter((g) => g.name !== "Regnskap")], period: { year: 2022, month: 8 } });
    expect(streamed.tertial).toEqual(whole.json.tertial);
    // 24 copies of the example: regnskap so far is 24 times the example's.
    const once = runPipeline({ grids, period: { year: 2022, month: 8 } }).tertial!;
    expect(whole.tertial!.drift.rows.find((r) => r.key === "netto")!.amounts.hittil).toBe(24 * once.drift.rows.find((r) => r.key === "netto")!.amounts.hittil);
  });

  test("a CSV ledger without months: exit 2 and the sentence; a bad --period: exit 2", async () => {
    const csv = path.join(tmp, "Regnskap.csv");
    fs.writeFileSync(csv, "Del;Art;År;Beløp\r\nDrift;010;2024;100,00\r\n");
    const noMonth = await run(["build", csv, "-o", path.join(tmp, "x.xlsx"), "--period", "2024-08"]);
    expect(noMonth.code).toBe(2);
    expect(noMonth.err).toMatch(/^avstem: En tertialrapport \(2024-08\) trenger måneden/);
    expect(fs.existsSync(path.join(tmp, "x.xlsx"))).toBe(false);
    const bad = await run(["build", csv, "-o", path.join(tmp, "x.xlsx"), "--period", "2024-13"]);
    expect(bad).toMatchObject({ code: 2, err: expect.stringContaining("--period må være en måned som ÅÅÅÅ-MM") });
    const conflict = await run(["build", csv, "-o", path.join(tmp, "x.xlsx"), "--period", "2024-08", "--year", "2023"]);
    expect(conflict).toMatchObject({ code: 2, err: expect.stringContaining("er ikke i --year 2023") });
  });
});
