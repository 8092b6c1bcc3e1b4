import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { Writable } from "stream";
import { main } from "../cli/main";
import { ARTSGRUPPER } from "./artsgrupper";
import { cellError, type CellValue, type SheetGrid, UNCALCULATED_CODE } from "./cells";
import { suggestCategory } from "./categorise";
import { parseProjectDate } from "./dates";
import { FINDING_CODES, type Finding, type FindingCode } from "./findings";
import type { ReportPeriod } from "./tertial/period";
import { MESSAGES, msg, T, type MessageKind, type MessageParams } from "./messages";
import { InputError, runPipeline } from "./pipeline";
import { checkExistingTable } from "./report/table-check";
import { addTo, budgetSheet, ledgerSheet, oppsettSheet, setCell, sheet, workbook, type WorkbookSpec } from "../../test/support/grids";
import { at } from "./at";

/**
 * Findings and category reasons in both languages: the same bad input run in Norwegian
 * and in English gives the same findings (code, severity, sheet, cell, amount, count),
 * each with a message in the language asked for. Figures keep the Norwegian format.
 */

// ------------------------------------------------------------------ telling the languages apart

/** Norwegian words that plain English never uses (compared as whole words, lower case). */
const NORWEGIAN = new Set(
  (
    "er ikke linjen linjer raden utelatt beløp beløpet finnes mangler eller brukes brukt gjelder forskjell men sammen står vises feilverdien " +
    "har gir på med av og i kolonne kolonnen avvik avviket regulering reguleringen reguleringene regnskapet budsjettet kategori kategorier " +
    "vedtatt ferdig besparelse periodiseringsavvik forsinkelse reell til den det de som et ukjent fant ingen prosjektregisteret tabellene " +
    "tabell mulig fortegnsfeil avrundet avrunding brøkdeler dato sannhetsverdi forslaget delprosjekt delprosjektene uforklart utregnet arket " +
    "fanene prosjektene sum av bystyret vesentlighetsgrensen forklares"
  ).split(" "),
);
NORWEGIAN.delete("sum"); // "Sum prosjekt", "Sum driftsutgifter": the tables' own labels, quoted in English too
const ENGLISH = new Set(
  "the is are not has have in of and with no for a an to at from or but above found shown line lines row rows difference real saving delay timing".split(" "),
);

/** Values taken from the workbook or the tables (quoted «…», artsgruppe names) are not the message's own words. */
function ownWords(message: string): string[] {
  let m = message.replace(/«[^»]*»/g, " ");
  for (const g of ARTSGRUPPER) m = m.split(g.name).join(" ");
  return m.split(/[^\p{L}]+/u).filter(Boolean);
}
// A capital I is a roman column number or a cell address (T!I7), not the Norwegian "i".
const norwegianWords = (message: string) => ownWords(message).filter((w) => w !== "I" && NORWEGIAN.has(w.toLowerCase()));
const englishWords = (message: string) => ownWords(message).filter((w) => ENGLISH.has(w.toLowerCase()));

function expectEnglish(message: string, context = ""): void {
  expect({ context, message, norwegian: norwegianWords(message) }).toEqual({ context, message, norwegian: [] });
  expect(englishWords(message).length).toBeGreaterThan(0);
}
function expectNorwegian(message: string): void {
  expect(norwegianWords(message).length).toBeGreaterThan(0);
}

const NB = "\u00a0";

// ------------------------------------------------------------------ the catalogue itself

/** One set of parameters per message kind: a new kind without a sample does not compile. */
const SAMPLES: { readonly [K in MessageKind]: MessageParams<K> } = {
  amountNotFinite: { at: "Regnskap!F2", what: "amount", value: "Infinity" },
  amountTooLarge: { at: "Regnskap!F2", what: "budget", value: "1e+20" },
  amountOreFraction: { at: "Regnskap!F2", what: "regulation", value: "0.125", rounded: "0,13" },
  textOreFraction: { at: "Regnskap!F2", value: "1,005", rounded: "1,01" },
  cellError: { at: "Regnskap!F2", code: "#N/A", where: "chapter" },
  amountIsDate: { at: "Regnskap!F2", what: "category", value: "01.01.2024" },
  amountIsBoolean: { at: "Regnskap!F2", what: "adopted", value: "true" },
  notAnAmount: { at: "Regnskap!F12", value: "12,34,56", reason: "ikke et tall på norsk form" },
  settingInvalid: { at: "Oppsett!B4", value: "mye", key: "Vesentlighetsgrense" },
  projectNumberRowLeftOut: { at: "Prosjekter!A3", value: "12x" },
  projectNumberInvalid: { at: "Prosjekter!C3", value: "abc" },
  projectNumberLineWithout: { at: "Regnskap!D2", value: "1220061" },
  projectDuplicateName: { at: "Prosjekter!A3", nr: "122006", first: "Skole", firstRow: 2, second: "Skolen" },
  dateInvalid: { at: "Prosjekter!D2", value: "snart" },
  statusUnknown: { at: "Prosjekter!F2", value: "kanskje" },
  typeUnknown: { at: "Prosjekter!G2", value: "rar" },
  categoryInvalid: { at: "Prosjekter!H2", value: "7" },
  regulationWithoutAmount: { at: "Reguleringer!C2" },
  partInvalid: { at: "Regnskap!B2", value: "Annet", of: "regulation" },
  chapterInvalid: { at: "Regnskap!A2", value: "kapX" },
  amountWithoutArt: { at: "Regnskap!C2", amount: "5,00" },
  artInvalid: { at: "Regnskap!C2", value: "1000", reason: "fire sifre er tvetydig (konto 1000x eller 0100x?)" },
  yearInvalid: { at: "Regnskap!E2", value: "i fjor" },
  artWithoutAmount: { at: "Regnskap!C3", value: "020" },
  budgetTypeInvalid: { at: "Budsjett!E2", value: "Foreløpig" },
  headerDuplicate: { header: "Beløp", sheet: "Regnskap", first: "F1" },
  budgetSheetMissing: {},
  registerSheetMissing: {},
  moreOfTheSame: { count: 12, code: "AMOUNT_INVALID", sheet: "" },
  noLedger: { sheets: [{ name: "Hovedbok", headers: ["Konto", "Tekst"], encoding: "Windows-1252 (ANSI)", missing: ["amount"] }] },
  noYearColumn: { sheet: "Regnskap", headers: ["Art", "Periode", "Beløp"], monthOnly: "Periode" },
  formulaUncalculated: { at: "Regnskap!F2", where: "amount" },
  numberFormMixed: { at: "Regnskap!F9", value: "1,234.50", header: "Beløp", form: "en" },
  numberFormAmbiguous: { at: "Regnskap!F2", value: "232,502", header: "Beløp", nb: "232,50", en: `232${NB}502` },
  numberFormEnglish: { at: "Regnskap!F2", value: "1,234.50", header: "Beløp" },
  totalRow: { at: "Regnskap!F9", label: "Sum art 010", amount: "1 234,00" },
  totalRowSuspect: { at: "Regnskap!F12", label: "Sum diverse", amount: "99,00" },
  possibleSubtotal: { at: "Regnskap!F9", amount: "3 000,00", lines: 2 },
  rowWidth: { sheet: "Regnskap", line: 7, fields: 7, header: 6, delimiter: "," },
  ledgerEmpty: { sheet: "Regnskap" },
  noLinesInYear: { sheet: "Regnskap", year: 2022, years: [2020, 2021] },
  yearSource: { sheet: "Regnskap", header: "Periode", column: "E", how: "period", byValues: false },
  checkFailed: { check: "signs", error: "Cannot read properties of undefined" },
  creditSign: { at: "Regnskap!H9", value: "-100", signed: false },
  sumsTooLarge: {},
  noYear: {},
  yearOutside: { count: 2, sheet: "Regnskap", year: 2024, total: `150${NB}kr` },
  chapterOther: { count: 2, chapter: 130, wanted: 125, total: "8 kr" },
  artUnknown: { art: "011", count: 2, first: "Regnskap!C3" },
  artWrongPart: { art: "512", part: "drift", count: 1, first: "Regnskap!C2" },
  dok3Mismatch: { label: "investeringNetto", have: "900 kr", want: "1 000 kr", difference: "-100 kr" },
  regulationUnexplained: { part: "investering", change: "500 kr", explained: "300 kr", rest: "200 kr" },
  noBudget: { total: "7 kr", count: 1, project: null, art: "120", part: "drift" },
  materialGroup: { table: "3.1", label: "000-099 Lønn og sosiale utgifter", deviation: "100 kr" },
  materialProject: { nr: "122006", label: "Skole", deviation: "100 kr" },
  investmentNotProjectCost: { count: 1, internal: true, total: "30 kr" },
  investmentNoProject: { count: 1, total: "100 kr" },
  projectNotInRegister: { nr: "999999", regnskap: undefined, budget: "50 kr", registerSheet: "Prosjekter" },
  projectParentMissing: { nr: "12300101", parent: "123001" },
  projectsVsTable33: { measure: { kind: "regulert" }, projects: "100 kr", table: "130 kr", difference: "30 kr" },
  splitMismatch: { nr: "122006", split: "900 kr", deviation: "1 000 kr", difference: "100 kr" },
  signSuspect: { table: "3.1", key: "600-699", measure: { kind: "regnskap", year: 2024 }, value: "100 kr", revenue: true },
  ledgerBalance: {
    sheet: "Regnskap",
    lines: 3,
    total: "15 kr",
    year: 2024,
    inTables: "5 kr",
    leftOut: [
      { why: "art", count: 1, total: "7 kr" },
      { why: "year", count: 1, total: "3 kr" },
    ],
  },
  tableNotFound: { sheet: "T" },
  tableCellNotAmount: { at: "T!C6", value: "#REF!" },
  tableSignError: { at: "T!B5", label: "100-299 Kjøp av varer og tjenester som inngår i komm.tj.produksjon", column: "I", printed: "-210 333", flipped: "210 333" },
  tableRounding: {
    at: "T!D9",
    label: "Sum driftsutgifter",
    column: "III",
    shown: "770 001",
    expected: "770 000",
    relations: [
      { kind: "groups", label: "Sum driftsutgifter", range: "000-599" },
      { kind: "netto", label: "Kapitlets nettoresultat" },
      { kind: "subProjects", label: "118011-Hoved" },
      { kind: "projects", label: "Sum kap.125" },
      { kind: "deviation", label: "Sum driftsutgifter" },
      { kind: "projectDeviation", label: "Skole" },
      { kind: "categories", label: "122006-Skole" },
    ],
  },
  tableArithmetic: {
    at: "T!B9",
    label: "Sum driftsutgifter",
    column: "I",
    shown: "755 892",
    relation: { kind: "groups", label: "Sum driftsutgifter", range: "000-599" },
    expected: "754 892",
    difference: "1 000",
  },
  reasonUnforeseen: {},
  reasonFinishedStatus: { statusText: "Avsluttet", date: "4/2024" },
  reasonExpectedFinished: { text: "Avsluttet" },
  reasonFinishedBy: { date: "2/2024" },
  reasonDelayed: { expected: "2026", adopted: "2025" },
  reasonOngoing: { text: "Løpende" },
  reasonWithinFrame: { expected: "2026", adopted: "2027" },
  reasonUnknownDate: { adopted: "2025" },
  reasonParent: {},
  forecastRowInvalid: { at: "Prognose!B3", value: "diverse" },
  forecastUnknownProject: { at: "Prognose!D4", project: "999999" },
  forecastPartial: { at: "Prognose!D2", group: "000-099", part: "drift", missing: ["020", "040"] },
  periodMonthInvalid: { at: "Regnskap!C5", header: "Periode", count: 2, total: "40 kr", value: "Q3" },
  periodYearMismatch: { at: "Regnskap!H5", header: "Periode", date: false, count: 1, total: "1 000 kr", value: "202301", year: 2022 },
  periodNoLines: { sheet: "Regnskap", month: "aug", year: 2024 },
  materialForecast: { sheet: "Tertial Drift", label: "000-099 Lønn og sosiale utgifter", deviation: "300 000 kr", more: false },
  noPeriodColumn: { sheet: "Regnskap", headers: ["Art", "År", "Beløp"], period: "2024-08" },
  periodYearConflict: { period: "2023-08", year: 2024 },
};

describe("the message catalogue", () => {
  it.each(Object.keys(MESSAGES) as MessageKind[])("%s: a Norwegian and a different, English text", (kind) => {
    const t = (T[kind] as (p: unknown) => { nb: string; en: string })(SAMPLES[kind]);
    expect(t.nb).not.toBe("");
    expect(t.en).not.toBe("");
    expect(t.en).not.toBe(t.nb);
    expectEnglish(t.en, kind);
    expectNorwegian(t.nb);
    // msg(lang) gives the same texts one language at a time.
    expect((msg("nb")[kind] as (p: unknown) => string)(SAMPLES[kind])).toBe(t.nb);
    expect((msg("en")[kind] as (p: unknown) => string)(SAMPLES[kind])).toBe(t.en);
  });

  it("keeps the figures as they are: only the words change", () => {
    const t = T.dok3Mismatch({ label: "driftUtgifter", have: `900${NB}000 kr`, want: `1${NB}000${NB}000 kr`, difference: `-100${NB}000 kr` });
    for (const figure of [`900${NB}000 kr`, `1${NB}000${NB}000 kr`, `-100${NB}000 kr`]) {
      expect(t.nb).toContain(figure);
      expect(t.en).toContain(figure);
    }
    expect(T.notAnAmount(SAMPLES.notAnAmount).en).toBe("Regnskap!F12: «12,34,56» is not an amount (not a number in Norwegian form); the line is left out.");
  });

  it("every refusal reason of an amount text and an art has its English", () => {
    for (const reason of ["tom", "dobbelt fortegn", "ikke et tall på norsk form", "for stort til å regnes eksakt"] as const)
      expectEnglish(T.notAnAmount({ at: "A1", value: "x", reason }).en, reason);
    for (const reason of ["ikke et helt, positivt artsnummer", "fire sifre er tvetydig (konto 1000x eller 0100x?)", "ukjent artsgruppe", "ikke et artsnummer"] as const)
      expectEnglish(T.artInvalid({ at: "A1", value: "x", reason }).en, reason);
  });
});

// ------------------------------------------------------------------ the same bad input in both languages

const withoutMessage = ({ message: _m, ...rest }: Finding) => rest;

function runBoth(grids: SheetGrid[], period?: ReportPeriod) {
  const byDefault = runPipeline({ grids, period });
  const nb = runPipeline({ grids, language: "nb", period });
  const en = runPipeline({ grids, language: "en", period });
  return { byDefault, nb, en };
}

/** The same findings, and each message in its language; returns the codes seen. */
function expectBilingual(nbFindings: readonly Finding[], enFindings: readonly Finding[], byDefault?: readonly Finding[]): Set<FindingCode> {
  if (byDefault) expect(nbFindings).toEqual(byDefault);
  expect(enFindings.map(withoutMessage)).toEqual(nbFindings.map(withoutMessage));
  nbFindings.forEach((f, i) => {
    const e = at(enFindings, i, "English finding");
    expect(f).not.toHaveProperty("messageEn");
    expect(e).not.toHaveProperty("messageEn");
    expect(f.message).not.toBe("");
    expect(e.message).not.toBe(f.message);
    expectNorwegian(f.message);
    expectEnglish(e.message, `${e.code} ${e.sheet}!${e.cell}`);
  });
  return new Set(nbFindings.map((f) => f.code));
}

const BAD_LEDGER: WorkbookSpec = {
  ledger: [
    { art: "010", belop: 5 },
    { art: "010", belop: "12,34,56" },
    { art: "010", belop: "(-5)" },
    { art: "010", belop: "999 999 999 999 999 999" },
    { art: "010", belop: Infinity },
    { art: "010", belop: 1e20 },
    { art: "010", belop: true },
    { art: "010", belop: { kind: "date", serial: 45000 } },
    { art: "010", belop: cellError("#N/A") },
    { art: "010", belop: "#REF!" },
    { art: cellError("#VALUE!"), belop: 5 },
    { kap: cellError("#REF!"), art: "010", belop: 5 },
    { kap: "kapX", art: "010", belop: 5 },
    { art: "l20", belop: 5 },
    { art: 1000, belop: 5 },
    { art: 1.5, belop: 5 },
    { art: "990-999 Noe", belop: 5 },
    { art: "011", belop: 5 },
    { art: "512", belop: 5 },
    { art: null, belop: 5 },
    { art: "020", belop: null },
    { art: "010", belop: 100, aar: 2021 },
    { art: "010", belop: 5, aar: "i fjor" },
    { del: "Annet", art: "010", belop: 5 },
    { kap: 130, art: "010", belop: 7 },
    { del: "I", art: "010", belop: 5, prosjekt: 1220061 },
    { del: "I", art: "020", belop: 5, prosjekt: 122006 },
    { del: "I", art: "790", belop: 30, prosjekt: 122006 },
    { art: "010", belop: 0.125 },
    { art: "010", belop: "1,005" },
    { art: "620", belop: 100 },
  ],
};

const BAD_REGISTER_AND_BUDGET: WorkbookSpec = {
  oppsett: [
    ["Vedtatt sum driftsutgifter", 1_000_000],
    ["Vedtatt netto drift", "abc"],
    ["Vesentlighetsgrense", 100],
    ["Interne arter i prosjekt", "010"],
  ],
  ledger: [
    { art: "010", belop: 900 },
    { art: "120", belop: 7 },
    { del: "I", art: "020", prosjekt: 122006, belop: 0 },
    { del: "I", art: "020", prosjekt: 999999, belop: 50 },
  ],
  budget: [
    { art: "010", dok3: 1000, regulert: 1500 },
    { art: "010", dok3: "x" },
    { del: "I", art: "020", prosjekt: 122006, regulert: 1000 },
    { del: "I", art: "020", dok3: 30 },
  ],
  projects: [
    { nr: 122006, navn: "Skole", kat: [600, 300, 0, 0] },
    { nr: 122006, navn: "Skolen" },
    { nr: "12x", navn: "Feil" },
    { nr: 12300101, navn: "Del" },
    { nr: 122008, navn: "P8", overordnet: "abc" },
    { nr: 122009, navn: "P9", vedtattFerdig: "snart", status: "kanskje", type: "rar", kategori: 7, kat: ["x", null, null, null] },
  ],
  changes: [
    { del: "Drift", sak: "Byrådssak 1/24", belop: 300 },
    { del: "Annet", sak: "Sak 2", belop: 5 },
    { del: "Drift", sak: "Sak 3", belop: null },
  ],
};

/** A ledger with its Beløp header twice, and a budget in the long form with an unknown Budsjettype. */
function headerAndBudgetType(): SheetGrid[] {
  return [
    oppsettSheet([
      ["Rapportår", 2024],
      ["Kapittel", 125],
    ]),
    sheet("Regnskap", [
      ["Kapittel", "Del", "Art", "Prosjekt", "År", "Beløp", "Beløp"],
      [125, "Drift", "010", null, 2024, 5, 6],
    ]),
    sheet("Budsjett", [
      ["Kapittel", "Del", "Art", "Prosjekt", "Budsjettype", "Beløp"],
      [125, "Drift", "010", null, "Dok. 3", 5],
      [125, "Drift", "010", null, "Foreløpig", 5],
    ]),
  ];
}

/** More bad amounts than the sink keeps: the rest are summed into one finding. */
function overflow(): SheetGrid[] {
  return [
    oppsettSheet([
      ["Rapportår", 2024],
      ["Kapittel", 125],
    ]),
    ledgerSheet(Array.from({ length: 105 }, () => ({ art: "010", belop: "tja" }))),
    budgetSheet([]),
  ];
}

const SCENARIOS: readonly (readonly [string, () => SheetGrid[], ReportPeriod?])[] = [
  ["bad ledger cells", () => workbook(BAD_LEDGER)],
  ["bad register, budget, changes and settings", () => workbook(BAD_REGISTER_AND_BUDGET)],
  ["a header twice and an unknown budget type", headerAndBudgetType],
  ["more findings of a kind than are kept", overflow],
  ["a real ERP export: periods, debet/kredit, English numbers, totals, an uncalculated formula", erpExport],
  ["a ledger with only its header", () => [oppsettSheet([["Rapportår", 2024]]), sheet("Regnskap", [["Art", "År", "Beløp"]])]],
  ["a text export with a ragged line, mixed number forms and no line in the year", raggedText],
  ["a tertial report with unreadable periods, a period of another year, no line in its last month and a Prognose sheet with bad rows", tertialInput, { year: 2024, month: 8 }],
];

/** A ledger with months, two of them unreadable, one of another year than its År and none in August; forecasts for an unknown project, for some arts of a group, and a row with no key. */
function tertialInput(): SheetGrid[] {
  return [
    oppsettSheet([
      ["Rapportår", 2024],
      ["Kapittel", 125],
    ]),
    sheet("Regnskap", [
      ["Kapittel", "Del", "Art", "Prosjekt", "År", "Periode", "Beløp"],
      [125, "Drift", "010", null, 2024, 1, "100,00"],
      [125, "Drift", "020", null, 2024, 3, "50,00"],
      [125, "Drift", "010", null, 2024, "Q3", "20,00"],
      [125, "Drift", "010", null, 2023, "", "20,00"],
      [125, "Drift", "010", null, 2023, 8, "70,00"],
      [125, "Drift", "010", null, 2024, "2023-05", "10,00"],
    ]),
    sheet("Budsjett", [
      ["Kapittel", "Del", "Art", "Dok. 3", "Regulert budsjett"],
      [125, "Drift", "010", "300", "300"],
      [125, "Drift", "020", "100", "100"],
    ]),
    sheet("Prognose", [
      ["Del", "Art", "Prosjekt", "Prognose"],
      ["Drift", "010", null, "280"],
      ["Drift", "diverse", null, "5"],
      ["Investering", null, "999999", "10"],
    ]),
  ];
}

/** Periode as YYYYMM, Debet/Kredit with one credit of the wrong sign, an English-form column, a Sum row, a formula without result. */
function erpExport(): SheetGrid[] {
  return [
    oppsettSheet([
      ["Rapportår", 2024],
      ["Kapittel", 125],
    ]),
    sheet("Regnskap", [
      ["Kapittel", "Art", "Periode", "Tekst", "Debet", "Kredit"],
      [125, "010", 202403, "Lønn", "1,234.50", null],
      [125, "010", 202404, "Lønn", "2,000.00", null],
      [125, "010", 202404, "Sum art 010", "3,234.50", null],
      [125, "620", 202405, "Salg", null, "500.00"],
      [125, "620", 202406, "Salg", null, "-20.00"],
      [125, "620", 202406, "Salg", null, "600.00"],
      [125, "100", 202407, "Kjøp", { kind: "error", code: UNCALCULATED_CODE }, null],
      [125, "100", 202408, "Sum diverse", "99.00", null],
      [125, "150", 202409, "Kurs", "10.00", null],
      [125, "150", 202409, "Kurs", "20.00", null],
      [125, "150", 202409, "Kurs", "30.00", null],
    ]),
  ];
}

function raggedText(): SheetGrid[] {
  return [
    oppsettSheet([
      ["Rapportår", 2024],
      ["Kapittel", 125],
    ]),
    {
      ...sheet("Regnskap", [
        ["Kapittel", "Art", "År", "Beløp"],
        ["125", "010", "2023", "1 234,50"],
        ["125", "010", "2023", "1,234.50"],
        ["125", "010", "2023", "1 000,00"],
        ["125", "010", "2023", "1", "50"],
      ]),
      source: { kind: "text", delimiter: ",", encoding: "UTF-8" },
    },
  ];
}

/** Existing tables laid out as 3.1 with each kind of arithmetic finding. */
function accountTable(change?: (rows: CellValue[][]) => void): SheetGrid {
  const groups = [
    [523_111, 510_000, 530_000, 498_765],
    [210_333, 200_000, 220_000, 190_123],
    [17_007, 20_000, 15_000, 12_345],
    [4_441, 0, 5_000, 3_210],
    [0, 0, 0, 0],
    [-61_001, -50_000, -60_000, -58_888],
    [-7_777, -8_000, -9_000, -6_543],
    [-1_234, 0, 0, -987],
    [0, 0, 0, 0],
  ];
  const sum = (rows: number[][]) => [0, 1, 2, 3].map((m) => rows.reduce((s, r) => s + at(r, m), 0));
  const line = (label: string, [i = 0, ii = 0, iii = 0, iv = 0]: number[]): CellValue[] => [label, i, ii, iii, iv, iii - i];
  const u = sum(groups.slice(0, 5));
  const i = sum(groups.slice(5));
  const rows: CellValue[][] = [
    [null, "I", "II", "III", "IV", "V"],
    ["Artsgrupper", "Regnskap 2024", "Dok. 3 2024*", "Regulert bud. 2024", "Regnskap 2023", "Avvik 2024 (III-I)"],
    ...groups.slice(0, 5).map((g, k) => line(`${ARTSGRUPPER[k]?.key} ${ARTSGRUPPER[k]?.name}`, g)),
    line("Sum driftsutgifter", u),
    ...groups.slice(5).map((g, k) => line(`${ARTSGRUPPER[k + 5]?.key} ${ARTSGRUPPER[k + 5]?.name}`, g)),
    line("Sum driftsinntekter", i),
    line(
      "Kapitlets nettoresultat",
      u.map((x, m) => x + at(i, m)),
    ),
  ];
  change?.(rows);
  return sheet("T", rows);
}

const TABLES: readonly (readonly [string, () => SheetGrid])[] = [
  ["a sign error", () => accountTable((r) => setCell(r, 3, 1, -210_333))],
  ["a krone of rounding", () => accountTable((r) => addTo(r, 7, 3, 1))],
  ["an arithmetic error", () => accountTable((r) => addTo(r, 7, 1, 1000))],
  ["an unreadable amount", () => accountTable((r) => setCell(r, 4, 2, "#REF!"))],
  ["no table at all", () => sheet("T", [["Hei"]])],
];

/** Every code the engine emits; COLUMN_MISSING is declared but never raised (a missing column is a missing sheet), CHECK_FAILED only by a check that throws (checks.test.ts). */
const EMITTED = (Object.keys(FINDING_CODES) as FindingCode[]).filter((c) => c !== "COLUMN_MISSING" && c !== "CHECK_FAILED");

describe("findings in Norwegian and in English", () => {
  it.each(SCENARIOS.map(([name, grids, period]) => ({ name, grids, period })))("$name: the same findings, each message in its language", ({ grids, period }) => {
    const { byDefault, nb, en } = runBoth(grids(), period);
    expect(nb.findings.length).toBeGreaterThan(0);
    expectBilingual(nb.findings, en.findings, byDefault.findings);
  });

  it.each(TABLES)("checking an existing table, %s: the same findings in both languages", (_name, grid) => {
    const nb = checkExistingTable(grid());
    const en = checkExistingTable(grid(), "en");
    expect(nb.findings.length).toBeGreaterThan(0);
    expect(checkExistingTable(grid(), "nb")).toEqual(nb);
    expect(en.kind).toBe(nb.kind);
    expectBilingual(nb.findings, en.findings);
  });

  it("together the scenarios raise every finding code the engine has", () => {
    const seen = new Set<FindingCode>();
    for (const [, grids, period] of SCENARIOS) for (const f of runPipeline({ grids: grids(), language: "en", period }).findings) seen.add(f.code);
    for (const [, grid] of TABLES) for (const f of checkExistingTable(grid(), "en").findings) seen.add(f.code);
    expect(EMITTED.filter((c) => !seen.has(c))).toEqual([]);
  });

  it("the Norwegian texts are unchanged (what the other tests and users rely on)", () => {
    const { nb, en } = runBoth(workbook(BAD_LEDGER));
    const amount = (r: typeof nb) => r.findings.find((f) => f.code === "AMOUNT_INVALID" && f.cell === "F3")!.message;
    expect(amount(nb)).toBe("Regnskap!F3: «12,34,56» er ikke et beløp (ikke et tall på norsk form); linjen er utelatt.");
    expect(amount(en)).toBe("Regnskap!F3: «12,34,56» is not an amount (not a number in Norwegian form); the line is left out.");
    const year = (r: typeof nb) => r.findings.find((f) => f.code === "YEAR_OUTSIDE")!.message;
    expect(year(nb)).toContain("til sammen 105 kr");
    expect(year(en)).toContain("in total 105 kr");
  });

  it("the Kontroll sheet's headings and severities follow the language; the report tables stay Norwegian", () => {
    const { nb, en } = runBoth(workbook(BAD_REGISTER_AND_BUDGET));
    const texts = (r: typeof nb, name: string) => r.sheets.find((s) => s.name === name)!.rows.map((row) => row.map((c) => (c && typeof c.value === "string" ? c.value : "")));
    expect(texts(nb, "Kontroll")[3]?.slice(0, 7)).toEqual(["Alvorlighet", "Kode", "Ark", "Celle", "Melding", "Beløp", "Antall"]);
    expect(texts(en, "Kontroll")[3]?.slice(0, 7)).toEqual(["Severity", "Code", "Sheet", "Cell", "Message", "Amount", "Count"]);
    expect(texts(nb, "Kontroll")[0]?.[0]).toBe("Kontroll av grunnlaget for kap. 125 2024");
    expect(texts(en, "Kontroll")[0]?.[0]).toBe("Check of the input for chapter 125 2024");
    expect(texts(nb, "Kontroll")[1]?.[0]).toMatch(/^\d+ feil, \d+ advarsler, \d+ til informasjon\.$/);
    expect(texts(en, "Kontroll")[1]?.[0]).toMatch(/^\d+ errors?, \d+ warnings?, \d+ for information\.$/);
    const severities = (r: typeof nb) =>
      new Set(
        texts(r, "Kontroll")
          .slice(4)
          .map((row) => row[0]),
      );
    expect(severities(nb)).toEqual(new Set(["Feil", "Advarsel", "Info"]));
    expect(severities(en)).toEqual(new Set(["Error", "Warning", "Info"]));
    // Everything but the Kontroll sheet is the same whatever the language.
    const others = (r: typeof nb) => JSON.stringify(r.sheets.filter((s) => s.name !== "Kontroll"));
    expect(others(en)).toBe(others(nb));
    expect(JSON.stringify(en.tables)).toBe(JSON.stringify(nb.tables));
  });

  it("an input that cannot be used is said in the language too", () => {
    expect(() => runPipeline({ grids: [] })).toThrow(/^Fant ikke regnskapet/);
    expect(() => runPipeline({ grids: [], language: "en" })).toThrow(InputError);
    expect(() => runPipeline({ grids: [], language: "en" })).toThrow(/^Found no accounts: looked for a sheet called Regnskap/);
    const noYear = [ledgerSheet([{ art: "010", belop: 5, aar: null }])];
    expect(() => runPipeline({ grids: noYear, language: "en" })).toThrow(/^Found no report year/);
  });
});

// ------------------------------------------------------------------ category reasons

describe("category reasons in English", () => {
  const d = (v: CellValue) => parseProjectDate(v);
  const none = d(null);
  const CASES: readonly [string, Parameters<typeof suggestCategory>[0], string][] = [
    ["unforeseen", { type: "uforutsett", vedtattFerdig: none, forventetFerdig: none }, "Provision for unforeseen expenses"],
    ["finished by status", { status: "ferdig", statusText: "Ferdig", vedtattFerdig: none, forventetFerdig: d("4/2024") }, "Finished 4/2024 (status «Ferdig»): real net saving"],
    ["expected «Avsluttet»", { vedtattFerdig: none, forventetFerdig: d("Avsluttet") }, "Expected completion «Avsluttet»: real net saving"],
    ["finished within the year", { vedtattFerdig: none, forventetFerdig: d("2/2024") }, "Finished 2/2024: real net saving"],
    ["delayed", { vedtattFerdig: d("2025"), forventetFerdig: d("2026") }, "Expected completion 2026 is later than 2025 adopted by the City Council: real delay"],
    ["ongoing", { vedtattFerdig: none, forventetFerdig: d("Løpende") }, "Ongoing («Løpende»): timing difference"],
    ["within the adopted frame", { vedtattFerdig: d("2027"), forventetFerdig: d("2026") }, "Expected completion 2026, within the adopted completion 2027: timing difference"],
    ["no adopted date", { vedtattFerdig: none, forventetFerdig: d("2026") }, "Expected completion 2026, no adopted completion date: timing difference"],
    ["completion unknown", { vedtattFerdig: d("2025"), forventetFerdig: none }, "Completion date unknown (adopted 2025): timing difference"],
  ];
  it.each(CASES)("%s", (_name, project, english) => {
    const nb = suggestCategory(project, 2024);
    const en = suggestCategory(project, 2024, "en");
    expect(suggestCategory(project, 2024, "nb")).toEqual(nb);
    expect(en.category).toBe(nb.category);
    expect(en.reason).toBe(english);
    expectEnglish(en.reason);
    expectNorwegian(nb.reason);
  });

  it("the pipeline's projects carry the reason in the language; table 3.4.2 keeps it in Norwegian", () => {
    const spec: WorkbookSpec = {
      ledger: [
        { del: "I", art: "020", prosjekt: 122006, belop: 100 },
        { del: "I", art: "020", prosjekt: "11801101", belop: 100 },
        { del: "I", art: "020", prosjekt: "11801102", belop: 100 },
      ],
      budget: [
        { del: "I", art: "020", prosjekt: 122006, regulert: 1000 },
        { del: "I", art: "020", prosjekt: "11801101", regulert: 1000 },
        { del: "I", art: "020", prosjekt: "11801102", regulert: 1000 },
      ],
      projects: [
        { nr: 122006, navn: "Skole", status: "Ferdig", forventetFerdig: "2/2024" },
        { nr: 118011, navn: "Hoved" },
        { nr: 11801101, navn: "Del 1", vedtattFerdig: "2025", forventetFerdig: "2026" },
        { nr: 11801102, navn: "Del 2", forventetFerdig: "Løpende" },
      ],
    };
    const { nb, en } = runBoth(workbook(spec));
    expect(nb.projects.map((p) => p.reason)).toEqual([
      "Forventet ferdig 2026 er senere enn bystyrevedtatt 2025: reell forsinkelse",
      "Løpende: periodiseringsavvik",
      "Ferdig 2/2024: reell besparelse",
    ]);
    expect(en.projects.map((p) => p.reason)).toEqual([
      "Expected completion 2026 is later than 2025 adopted by the City Council: real delay",
      "Ongoing («Løpende»): timing difference",
      "Finished 2/2024 (status «Ferdig»): real net saving",
    ]);
    expect(en.projects.map(({ reason: _r, ...p }) => p)).toEqual(nb.projects.map(({ reason: _r, ...p }) => p));
    // The table (and its sheet and JSON) is Norwegian; the English is kept beside it.
    const parent = en.tables["3.4.2"].rows.find((r) => r.isParent)!;
    expect(parent.reason).toBe("Sum av delprosjektene");
    expect(parent.reasonEn).toBe("Sum of the sub-projects");
    expect(en.json).toEqual({ ...nb.json, findings: en.json.findings });
  });
});

// ------------------------------------------------------------------ the command line

describe("avstem --lang", () => {
  const tmp = mkdtempSync(join(tmpdir(), "avstem-lang-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  function sink() {
    let text = "";
    const stream = new Writable({
      write(chunk, _enc, done) {
        text += String(chunk);
        done();
      },
    });
    return { stream, text: () => text };
  }
  async function avstem(...args: string[]) {
    const out = sink();
    const err = sink();
    const code = await main(args, { out: out.stream as never, err: err.stream as never });
    return { code, stdout: out.text(), stderr: err.text() };
  }
  const ledgerCsv = join(tmp, "Regnskap.csv");
  writeFileSync(ledgerCsv, "Kapittel;Del;Art;År;Beløp\n125;Drift;010;2024;12,34,56\n125;Drift;010;2024;1 000\n");
  const tableCsv = join(tmp, "Tabell.csv");
  const table = accountTable((r) => addTo(r, 7, 1, 1000));
  writeFileSync(tableCsv, table.rows.map((r) => r.map((c) => (c === null ? "" : String(c))).join(";")).join("\n"));

  it("the usage text documents it", async () => {
    const r = await avstem("--help");
    expect(r.stdout).toContain("avstem build");
    expect(r.stdout.match(/\[--lang nb\|en\]/g)).toHaveLength(2);
  });

  it("build --lang en: the findings and the summary in English, the tables in Norwegian", async () => {
    const jsonNb = join(tmp, "nb.json");
    const jsonEn = join(tmp, "en.json");
    const nb = await avstem("build", ledgerCsv, "-o", join(tmp, "nb.xlsx"), "--json", jsonNb);
    const en = await avstem("build", ledgerCsv, "-o", join(tmp, "en.xlsx"), "--json", jsonEn, "--lang", "en");
    expect(nb.code).toBe(1);
    expect(en.code).toBe(1);
    expect(nb.stdout).toMatch(/: \d+ feil, \d+ advarsler, /);
    expect(en.stdout).toMatch(/: \d+ errors, \d+ warnings, /);
    const read = (p: string) => JSON.parse(readFileSync(p, "utf8"));
    const [a, b] = [read(jsonNb), read(jsonEn)];
    expect(b.tables).toEqual(a.tables);
    expect(a.findings.find((f: Finding) => f.code === "AMOUNT_INVALID").message).toContain("er ikke et beløp");
    expect(b.findings.find((f: Finding) => f.code === "AMOUNT_INVALID").message).toContain("is not an amount");
    const summary = await avstem("build", ledgerCsv, "-o", join(tmp, "s.xlsx"), "--summary", "--lang", "en");
    expect(summary.stdout).toMatch(/Check: \d+ errors, \d+ warnings, \d+ for information\./);
    expect(summary.stdout).toContain("The report is written to");
  });

  it("check-table --lang en", async () => {
    const nb = await avstem("check-table", tableCsv);
    const en = await avstem("check-table", tableCsv, "--lang", "en");
    expect(en.code).toBe(nb.code);
    expect(nb.stdout).toContain("forskjell");
    expect(en.stdout).toContain("difference");
    expect(en.stdout).toMatch(/Tabell: \d+ errors, \d+ roundings\./);
  });

  it("--lang with another value is a usage error (exit 2)", async () => {
    const r = await avstem("check-table", tableCsv, "--lang", "de");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--lang må være nb eller en");
  });
});
