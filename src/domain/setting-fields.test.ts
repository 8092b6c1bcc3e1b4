import type { CellValue } from "./cells";
import { FindingSink } from "./finding-sink";
import { GridReader, parseOppsett } from "./input";
import { detectLayout } from "./layout";
import type { Ore } from "./money";
import { SETTING_FIELDS, type MutableSettings, type SettingKey } from "./setting-fields";
import type { Settings } from "./settings";
import { EMPTY_STATE, parseSettingsSheet, settingsSheetModel } from "./settings-sheet";
import { oppsettSheet, sheet } from "../../test/support/grids";

/**
 * Every setting through every reader: the Oppsett sheet, the Avstem-innstillinger sheet
 * (as written by its writer, and as an officer types in it) and the pane's text field
 * must agree on what a value means.
 */

/** A valid value per field, and values every reader must refuse. */
const SAMPLES: Record<SettingKey, { readonly value: unknown; readonly bad: readonly CellValue[] }> = {
  year: { value: 2022, bad: ["i fjor", 12] },
  chapter: { value: 125, bad: ["kap", 12] },
  agency: { value: "Utviklings- og kompetanseetaten", bad: [] },
  agencyShort: { value: "UKE", bad: [] },
  materiality: { value: { kind: "percent", percent: 5 }, bad: ["mye", -100] },
  internalArter: { value: ["790", "795"], bad: ["110", "790, 110"] },
  "adopted.driftUtgifter": { value: 139_997_600_000 as Ore, bad: ["mange", true] },
  "adopted.driftInntekter": { value: -69_542_500_000 as Ore, bad: ["12,34,56"] },
  "adopted.driftNetto": { value: 70_455_100_050 as Ore, bad: ["#N/A"] },
  "adopted.investeringUtgifter": { value: 11_759_000_000 as Ore, bad: ["x"] },
  "adopted.investeringInntekter": { value: -2_351_800_000 as Ore, bad: ["x"] },
  "adopted.investeringNetto": { value: 9_407_200_000 as Ore, bad: ["x"] },
};

function settingsWith(key: SettingKey, value: unknown): Settings {
  const s: MutableSettings = {};
  SETTING_FIELDS.find((f) => f.key === key)!.set(s, value);
  return s;
}

function fromOppsett(label: string, v: CellValue): { settings: Settings; findings: number } {
  const grid = oppsettSheet([[label, v]]);
  const d = detectLayout([grid]).sheets.oppsett!;
  const sink = new FindingSink();
  const settings = parseOppsett(new GridReader(grid), d, sink);
  return { settings, findings: sink.findings(() => "").length };
}

function fromSettingsSheet(label: string, v: CellValue): Settings {
  return parseSettingsSheet(sheet("Avstem-innstillinger", [["Innstillinger"], ["Nøkkel", "Verdi"], [label, v]])).settings;
}

describe.each(SETTING_FIELDS.map((f) => [f.key, f] as const))("the setting %s", (key, field) => {
  const { value, bad } = SAMPLES[key];
  const expected = settingsWith(key, value);
  const cell = (): CellValue => {
    const w = field.write(value);
    return "text" in w ? w.text : w.number;
  };

  it("is written to the settings sheet and read back the same", () => {
    const grid = settingsSheetModel({ ...EMPTY_STATE, settings: expected });
    const back = parseSettingsSheet(
      sheet(
        "Avstem-innstillinger",
        grid.rows.map((r) => r.map((c) => (c ? (c.value as CellValue) : null))),
      ),
    );
    expect(back.settings).toEqual(expected);
  });

  it("means the same in the Oppsett sheet, in the settings sheet and typed in the pane", () => {
    expect(fromOppsett(field.label.nb, cell())).toEqual({ settings: expected, findings: 0 });
    expect(fromSettingsSheet(field.label.nb, cell())).toEqual(expected);
    const typed = field.fromText(field.toText(value));
    expect(typed).toEqual({ ok: true, value });
  });

  // Any text is a name: the agency fields have nothing to refuse.
  if (bad.length > 0)
    it.each(bad.map((b) => [b] as const))("refuses %j in every reader", (b) => {
      const o = fromOppsett(field.label.nb, b);
      expect(o.settings).toEqual({});
      expect(o.findings).toBe(1);
      expect(fromSettingsSheet(field.label.nb, b)).toEqual({});
      if (typeof b === "string") expect(field.fromText(b)).toEqual({ ok: false });
    });
});

describe("Vesentlighetsgrense as Excel stores a cell typed 5 %", () => {
  it("is 5 % from the Oppsett sheet, from the settings sheet and typed, never 5 øre", () => {
    const five = { materiality: { kind: "percent", percent: 5 } };
    expect(fromOppsett("Vesentlighetsgrense", 0.05).settings).toEqual(five);
    expect(fromSettingsSheet("Vesentlighetsgrense", 0.05)).toEqual(five);
    expect(SETTING_FIELDS.find((f) => f.key === "materiality")!.fromText("5 %")).toEqual({ ok: true, value: five.materiality });
  });
});
