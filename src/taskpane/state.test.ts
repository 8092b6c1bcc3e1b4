import type { Ore } from "../domain/money";
import { EMPTY_STATE } from "../domain/settings-sheet";
import { acceptAll, acceptForecasts, applyForm, choiceOf, formFromSettings, kr, parseMateriality, parseSplit, setColumn, setSheet, withForecast } from "./state";

describe("task pane state", () => {
  it("reads a materiality threshold as kroner or percent", () => {
    expect(parseMateriality("500 000")).toEqual({ ok: true, value: { kind: "amount", ore: 50_000_000 } });
    expect(parseMateriality("2,5 %")).toEqual({ ok: true, value: { kind: "percent", percent: 2.5 } });
    expect(parseMateriality("5%")).toEqual({ ok: true, value: { kind: "percent", percent: 5 } });
    expect(parseMateriality("")).toEqual({ ok: true, value: undefined });
    expect(parseMateriality("mye")).toEqual({ ok: false });
    expect(parseMateriality("12,34,56")).toEqual({ ok: false });
  });

  it("applies the form: blanks leave the setting to the workbook, invalid fields keep the earlier value", () => {
    const before = { year: 2021, chapter: 125, agency: "UKE", agencyShort: "UKE" };
    const { settings, errors } = applyForm(before, { year: "2022", chapter: "abc", agency: "  ", materiality: "5 %" });
    expect(settings).toEqual({ year: 2022, chapter: 125, agencyShort: "UKE", materiality: { kind: "percent", percent: 5 } });
    expect(errors).toEqual({ chapter: true });
  });

  it("shows saved settings in the form", () => {
    expect(formFromSettings({ year: 2022, materiality: { kind: "amount", ore: 50_000_000 as Ore } })).toEqual({
      year: "2022",
      chapter: "",
      agency: "",
      materiality: "500\u00a0000",
    });
  });

  it("corrects columns and sheets in the mapping", () => {
    const m = setColumn(setColumn({}, "regnskap", "art", 2), "regnskap", "prosjekt", null);
    expect(m).toEqual({ regnskap: { columns: { art: 2, prosjekt: null } } });
    expect(setSheet(m, "regnskap", "Hovedbok")).toEqual({ regnskap: { sheet: "Hovedbok" } });
  });

  it("accepting all suggestions keeps the officer's own decisions", () => {
    const state = { settings: {}, mapping: {}, decisions: { "122006": { category: 4 as const } } };
    const next = acceptAll(state, [
      { nr: "122006", suggested: 1 },
      { nr: "122007", suggested: 2 },
    ]);
    expect(next.decisions).toEqual({ "122006": { category: 4 }, "122007": { category: 2 } });
    expect(choiceOf(next.decisions["122007"])).toBe(2);
    expect(choiceOf(undefined)).toBe("suggested");
  });

  it("parses a split, blanks as zero, and refuses text that is not an amount", () => {
    expect(parseSplit(["1 000", "", "-250,50", "0"])).toEqual([100_000, 0, -25_050, 0]);
    expect(parseSplit(["1 000", "tusen", "", ""])).toBeUndefined();
  });

  it("formats whole kroner with Norwegian grouping", () => {
    expect(kr(4_136_856_512 as Ore)).toBe("41\u00a0368\u00a0565");
    expect(kr(-150 as Ore)).toBe("-2");
  });

  it("keeps the officer's forecasts per period: typed, removed, and the suggestions accepted without overwriting a typed figure", () => {
    const annual = withForecast(EMPTY_STATE, "drift:100-299", 5 as Ore);
    expect(annual).toBe(EMPTY_STATE);
    const aug = { ...EMPTY_STATE, period: { year: 2022, month: 8 } };
    const typed = withForecast(aug, "drift:100-299", 100 as Ore);
    expect(typed.forecasts).toEqual({ "2022-08": { "drift:100-299": 100 } });
    const accepted = acceptForecasts(typed, [
      { key: "drift:100-299", amounts: { prognose: 7 as Ore } },
      { key: "prosjekt:122006", amounts: { prognose: 9 as Ore } },
    ]);
    expect(accepted.forecasts).toEqual({ "2022-08": { "drift:100-299": 100, "prosjekt:122006": 9 } });
    // Another period has its own figures; removing the last figure of a period drops the period.
    const apr = withForecast({ ...accepted, period: { year: 2022, month: 4 } }, "drift:100-299", 1 as Ore);
    expect(Object.keys(apr.forecasts!)).toEqual(["2022-08", "2022-04"]);
    expect(withForecast(apr, "drift:100-299", undefined).forecasts).toEqual({ "2022-08": { "drift:100-299": 100, "prosjekt:122006": 9 } });
  });
});
