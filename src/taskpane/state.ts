import type { CategoryDecision, Materiality, Settings } from "../domain/settings";
import type { LayoutMapping, SheetKind } from "../domain/layout";
import { parseNorwegianAmount } from "../domain/norwegian-number";
import { formatNorwegian } from "../domain/norwegian-number";
import type { Ore } from "../domain/money";
import type { SavedState } from "../domain/settings-sheet";

/** The report settings as the officer types them; parsed into Settings on every change. */
export interface SettingsForm {
  readonly year: string;
  readonly chapter: string;
  readonly agency: string;
  readonly materiality: string;
}

export function formFromSettings(s: Settings): SettingsForm {
  return {
    year: s.year !== undefined ? String(s.year) : "",
    chapter: s.chapter !== undefined ? String(s.chapter) : "",
    agency: s.agency ?? "",
    materiality: s.materiality ? materialityText(s.materiality) : "",
  };
}

export function materialityText(m: Materiality): string {
  return m.kind === "percent" ? `${String(m.percent).replace(".", ",")} %` : formatNorwegian(m.ore);
}

/** "5 %", "2,5%" → percent; a Norwegian amount → kroner; "" → not set; anything else → invalid. */
export function parseMateriality(text: string): { ok: true; value: Materiality | undefined } | { ok: false } {
  const t = text.trim();
  if (t === "") return { ok: true, value: undefined };
  const pct = /^(\d+(?:[.,]\d+)?)\s*%$/.exec(t);
  if (pct) return { ok: true, value: { kind: "percent", percent: Number(pct[1].replace(",", ".")) } };
  const amount = parseNorwegianAmount(t);
  if (amount.ok && amount.ore >= 0) return { ok: true, value: { kind: "amount", ore: amount.ore } };
  return { ok: false };
}

function parseWhole(text: string): number | undefined | null {
  const t = text.trim();
  if (t === "") return undefined;
  return /^\d{1,4}$/.test(t) ? Number(t) : null;
}

export interface FormErrors {
  readonly year?: boolean;
  readonly chapter?: boolean;
  readonly materiality?: boolean;
}

/** Applies a form to settings: blank fields are left to the workbook's Oppsett; invalid fields keep the earlier value. */
export function applyForm(settings: Settings, form: SettingsForm): { settings: Settings; errors: FormErrors } {
  const next: { -readonly [K in keyof Settings]: Settings[K] } = { ...settings };
  const errors: { -readonly [K in keyof FormErrors]: FormErrors[K] } = {};
  const year = parseWhole(form.year);
  if (year === null || (year !== undefined && (year < 1900 || year > 2999))) errors.year = true;
  else if (year === undefined) delete next.year;
  else next.year = year;
  const chapter = parseWhole(form.chapter);
  if (chapter === null) errors.chapter = true;
  else if (chapter === undefined) delete next.chapter;
  else next.chapter = chapter;
  const agency = form.agency.trim();
  if (agency === "") delete next.agency;
  else next.agency = agency;
  const m = parseMateriality(form.materiality);
  if (!m.ok) errors.materiality = true;
  else if (m.value === undefined) delete next.materiality;
  else next.materiality = m.value;
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
  return values as unknown as [Ore, Ore, Ore, Ore];
}

/** Whole kroner, Norwegian grouping: 4136856512 øre → "41 368 565". */
export function kr(o: Ore | number): string {
  return formatNorwegian(o as Ore, 0);
}
