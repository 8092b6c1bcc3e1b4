import type { CategoryDecision, Materiality, Settings } from "../domain/settings";
import type { LayoutMapping, SheetKind } from "../domain/layout";
import { formatNorwegian, parseNorwegianAmount } from "../domain/norwegian-number";
import { materialityText, type MutableSettings, type SettingKey, settingField } from "../domain/setting-fields";
import type { Ore } from "../domain/money";
import type { SavedState } from "../domain/settings-sheet";
import { periodKey } from "../domain/tertial/period";

/** The report settings as the officer types them; parsed into Settings on every change. */
export interface SettingsForm {
  readonly year: string;
  readonly chapter: string;
  readonly agency: string;
  readonly materiality: string;
}

/** The form's fields, each read and shown by the one declaration of its setting (src/domain/setting-fields.ts). */
const FORM_FIELDS = { year: "year", chapter: "chapter", agency: "agency", materiality: "materiality" } as const satisfies Record<keyof SettingsForm, SettingKey>;

export function formFromSettings(s: Settings): SettingsForm {
  const show = (k: keyof SettingsForm) => {
    const field = settingField(FORM_FIELDS[k]);
    const v = field.get(s);
    return v === undefined ? "" : field.toText(v);
  };
  return { year: show("year"), chapter: show("chapter"), agency: show("agency"), materiality: show("materiality") };
}

export { materialityText };

/** "5 %", "2,5%" → percent; a Norwegian amount → kroner; "" → not set; anything else → invalid. */
export function parseMateriality(text: string): { ok: true; value: Materiality | undefined } | { ok: false } {
  if (text.trim() === "") return { ok: true, value: undefined };
  const p = settingField("materiality").fromText(text);
  return p.ok ? { ok: true, value: p.value as Materiality } : { ok: false };
}

export interface FormErrors {
  readonly year?: boolean;
  readonly chapter?: boolean;
  readonly materiality?: boolean;
}

/** Applies a form to settings: blank fields are left to the workbook's Oppsett; invalid fields keep the earlier value. */
export function applyForm(settings: Settings, form: SettingsForm): { settings: Settings; errors: FormErrors } {
  const next: MutableSettings = { ...settings };
  const errors: { -readonly [K in keyof FormErrors]: FormErrors[K] } = {};
  for (const k of Object.keys(FORM_FIELDS) as (keyof SettingsForm)[]) {
    const field = settingField(FORM_FIELDS[k]);
    if (form[k].trim() === "") {
      field.set(next, undefined);
      continue;
    }
    const p = field.fromText(form[k]);
    if (p.ok) field.set(next, p.value);
    else if (k !== "agency") errors[k] = true;
  }
  return { settings: next, errors };
}

export function setColumn(mapping: LayoutMapping, kind: SheetKind, field: string, column: number | null): LayoutMapping {
  const current = mapping[kind] ?? {};
  return { ...mapping, [kind]: { ...current, columns: { ...(current.columns ?? {}), [field]: column } } };
}

export function setSheet(mapping: LayoutMapping, kind: SheetKind, sheet: string): LayoutMapping {
  // A different sheet has different columns: earlier column corrections no longer apply.
  return { ...mapping, [kind]: { sheet } };
}

export type DecisionChoice = "suggested" | "split" | 1 | 2 | 3 | 4;

export function choiceOf(d: CategoryDecision | undefined): DecisionChoice {
  if (!d) return "suggested";
  if (d.split) return "split";
  return d.category ?? "suggested";
}

export function withDecision(state: SavedState, nr: string, d: CategoryDecision | undefined): SavedState {
  const decisions = { ...state.decisions };
  if (d === undefined) delete decisions[nr];
  else decisions[nr] = d;
  return { ...state, decisions };
}

/** The suggested category of every project without a decision becomes the officer's decision. */
export function acceptAll(state: SavedState, projects: readonly { nr: string; suggested: 1 | 2 | 3 | 4 }[]): SavedState {
  const decisions = { ...state.decisions };
  for (const p of projects) if (!decisions[p.nr]) decisions[p.nr] = { category: p.suggested };
  return { ...state, decisions };
}

/** Parses the four split inputs; blanks count as zero. */
export function parseSplit(texts: readonly string[]): readonly [Ore, Ore, Ore, Ore] | undefined {
  const values: Ore[] = [];
  for (const t of texts) {
    if (t.trim() === "") {
      values.push(0 as Ore);
      continue;
    }
    const p = parseNorwegianAmount(t);
    if (!p.ok) return undefined;
    values.push(p.ore);
  }
  const [k1, k2, k3, k4] = values;
  return k1 !== undefined && k2 !== undefined && k3 !== undefined && k4 !== undefined ? [k1, k2, k3, k4] : undefined;
}

/** Whole kroner, Norwegian grouping: 4136856512 øre → "41 368 565". */
export function kr(o: Ore | number): string {
  return formatNorwegian(o as Ore, 0);
}

/** The officer's figure for one forecast row of the chosen period; undefined removes it (the suggestion applies again). */
export function withForecast(state: SavedState, key: string, ore: Ore | undefined): SavedState {
  if (!state.period) return state;
  const period = periodKey(state.period);
  const byRow = { ...(state.forecasts?.[period] ?? {}) };
  if (ore === undefined) delete byRow[key];
  else byRow[key] = ore;
  const forecasts = { ...(state.forecasts ?? {}), [period]: byRow };
  if (Object.keys(byRow).length === 0) delete forecasts[period];
  return { ...state, forecasts };
}

/** The suggested forecast of each of these rows becomes the officer's figure for the chosen period (rows with a figure keep it). */
export function acceptForecasts(state: SavedState, rows: readonly { key: string; amounts: { prognose: Ore } }[]): SavedState {
  if (!state.period) return state;
  const period = periodKey(state.period);
  const byRow = { ...(state.forecasts?.[period] ?? {}) };
  for (const r of rows) if (byRow[r.key] === undefined) byRow[r.key] = r.amounts.prognose;
  return { ...state, forecasts: { ...(state.forecasts ?? {}), [period]: byRow } };
}
