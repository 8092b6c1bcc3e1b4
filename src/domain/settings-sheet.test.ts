import type { CellValue, SheetGrid } from "./cells";
import { ore, type Ore } from "./money";
import type { SheetModel } from "./report/sheet-model";
import { EMPTY_STATE, parseSettingsSheet, SavedState, SETTINGS_SHEET_NAME, settingsSheetModel } from "./settings-sheet";

/** What a workbook gives back after the model is written: the cells' values in a grid starting at A1. */
function asGrid(model: SheetModel): SheetGrid {
  return {
    name: model.name,
    firstRow: 0,
    firstColumn: 0,
    rows: model.rows.map((r) => r.map((c): CellValue => (c ? c.value : null))),
  };
}

const o = (n: number): Ore => ore(n);

const FULL: SavedState = {
  settings: {
    year: 2022,
    chapter: 125,
    agency: "Utviklings- og kompetanseetaten",
    agencyShort: "UKE",
    materiality: { kind: "amount", ore: o(50_000_000) },
    internalArter: ["790", "795"],
    adopted: { driftUtgifter: o(70_455_100_000), driftNetto: o(70_455_100_050), investeringNetto: o(-123) },
  },
  mapping: {
    regnskap: { sheet: "Hovedbok", columns: { art: 2, belop: 27, prosjekt: null } },
    prosjekter: { columns: { forventetFerdig: 4 } },
  },
  decisions: {
    "122006": { category: 3 },
    "11801101": { split: [o(100_000_00), o(-2_50), o(0), o(4_136_856_512)] },
    "118012": { category: 2, split: [o(1), o(2), o(3), o(4)] },
  },
};

describe("settings sheet", () => {
  it("is named and marked as the add-in's settings", () => {
    const model = settingsSheetModel(FULL);
    expect(model.name).toBe(SETTINGS_SHEET_NAME);
    expect(model.role).toBe("settings");
  });

  it("round-trips settings, column mapping and decisions", () => {
    expect(parseSettingsSheet(asGrid(settingsSheetModel(FULL)))).toEqual(FULL);
  });

  it("round-trips the empty state", () => {
    expect(parseSettingsSheet(asGrid(settingsSheetModel(EMPTY_STATE)))).toEqual(EMPTY_STATE);
  });

  it("round-trips a percent threshold", () => {
    const state: SavedState = { ...EMPTY_STATE, settings: { materiality: { kind: "percent", percent: 2.5 } } };
    const model = settingsSheetModel(state);
    expect(model.rows.flat().some((c) => c?.value === "2,5 %")).toBe(true);
    expect(parseSettingsSheet(asGrid(model))).toEqual(state);
  });

  it("writes readable Norwegian labels and column letters", () => {
    const texts = settingsSheetModel(FULL)
      .rows.flat()
      .map((c) => c?.value);
    expect(texts).toEqual(
      expect.arrayContaining(["Rapportår", "Kapittel", "Virksomhet", "Vesentlighetsgrense", "Regnskap: Art", "C", "AB", "(ingen)", "Regnskap: ark", "Hovedbok"]),
    );
  });

  it("reads hand-edited values: texts for numbers, Norwegian amounts, unknown keys", () => {
    const grid: SheetGrid = {
      name: SETTINGS_SHEET_NAME,
      firstRow: 0,
      firstColumn: 0,
      rows: [
        ["Avstem – innstillinger"],
        ["Innstillinger"],
        ["Rapportår", "2024"],
        ["kapittel", 125],
        ["Vesentlighetsgrense", "500 000"],
        ["Noe annet", "ignorert"],
        ["Vedtatt netto drift", "1 234,50"],
        ["Ark og kolonner"],
        ["Budsjett: Dok. 3", "e"],
        ["Ukjent: Art", "B"],
        ["Kategorisering av avvik"],
        ["Prosjekt", "Kategori", "Kat. 1", "Kat. 2", "Kat. 3", "Kat. 4"],
        [122006, 7],
        ["122007", "", 10, null, "", null],
        ["122008", 1],
      ],
    };
    expect(parseSettingsSheet(grid)).toEqual({
      settings: {
        year: 2024,
        chapter: 125,
        materiality: { kind: "amount", ore: 50_000_000 },
        adopted: { driftNetto: 123_450 },
      },
      mapping: { budsjett: { columns: { dok3: 4 } } },
      decisions: { "122007": { split: [1000, 0, 0, 0] }, "122008": { category: 1 } },
    });
  });

  it("round-trips the tertial period and the officer's forecasts per period", () => {
    const state: SavedState = {
      ...FULL,
      period: { year: 2022, month: 8 },
      forecasts: {
        "2022-08": { "drift:100-299": o(123_456_789_00), "investering:000-099": o(-1_50), "prosjekt:122006": o(0) },
        "2022-04": { "prosjekt:11801101": o(4_136_856_512) },
      },
    };
    const model = settingsSheetModel(state);
    const texts = model.rows.flat().map((c) => c?.value);
    expect(texts).toEqual(expect.arrayContaining(["Rapportperiode", "2022-08", "Prognoser", "drift:100-299", 123456789]));
    expect(parseSettingsSheet(asGrid(model))).toEqual(state);
    // Back to the annual report: the period's row is blank, the forecasts of each period stay.
    const annual: SavedState = { ...state, period: undefined };
    const { period, ...read } = parseSettingsSheet(asGrid(settingsSheetModel(annual)));
    expect(period).toBeUndefined();
    expect(read).toEqual({ ...FULL, forecasts: state.forecasts });
  });

  it("reads a sheet saved before tertial reports as the annual report, and hand-typed periods and forecasts", () => {
    // An older sheet: no period row, no Prognoser section.
    const old: SheetGrid = {
      name: SETTINGS_SHEET_NAME,
      firstRow: 0,
      firstColumn: 0,
      rows: [["Innstillinger"], ["Rapportår", 2022], ["Kategorisering av avvik"], ["Prosjekt", "Kategori"], ["122006", 3]],
    };
    expect(parseSettingsSheet(old)).toEqual({ settings: { year: 2022 }, mapping: {}, decisions: { "122006": { category: 3 } } });
    const typed: SheetGrid = {
      ...old,
      rows: [
        ["Innstillinger"],
        ["Rapportperiode", 202404],
        ["Prognoser"],
        ["Periode", "Rad", "Prognose (kr)"],
        ["2022-04", "drift:100-299", "1 250 000"],
        ["04.2022", "prosjekt:122006", -2.5],
        ["april", "drift:400-499", 1],
        ["2022-04", "", 1],
        ["2022-04", "drift:600-699", "mye"],
      ],
    };
    expect(parseSettingsSheet(typed)).toEqual({
      settings: {},
      mapping: {},
      decisions: {},
      period: { year: 2024, month: 4 },
      forecasts: { "2022-04": { "drift:100-299": 125_000_000, "prosjekt:122006": -250 } },
    });
  });

  it("gives the empty state for an empty sheet", () => {
    expect(parseSettingsSheet({ name: SETTINGS_SHEET_NAME, firstRow: 0, firstColumn: 0, rows: [] })).toEqual(EMPTY_STATE);
  });
});
