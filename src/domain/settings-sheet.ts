import { cellText, columnIndex, columnLetters, isBlank, SheetGrid, type CellValue } from "./cells";
import { FIELDS, normaliseName, SHEET_KINDS, SHEET_TITLES, type LayoutMapping, type SheetKind } from "./layout";
import { numberToOre, ore, type Ore } from "./money";
import { parseNorwegianAmount } from "./norwegian-number";
import { cellArea, type CellModel, type CellStyle, type SheetModel } from "./report/sheet-model";
import type { CategoryDecision, Settings } from "./settings";
import { type MutableSettings, SETTING_FIELDS, settingFieldByLabel, type WrittenValue } from "./setting-fields";
import { parsePeriod, periodKey, type ReportPeriod } from "./tertial/period";
import type { OfficerForecasts } from "./tertial/tables";

/**
 * The sheet the add-in owns to keep the officer's choices in the workbook itself:
 * settings as key/value rows, the column mapping, the category decisions per
 * project, and for tertial reports the period and the officer's forecasts per period.
 * Plain Norwegian labels, so the sheet reads well and can be edited by hand.
 */

export const SETTINGS_SHEET_NAME = "Avstem-innstillinger";

export interface SavedState {
  readonly settings: Settings;
  readonly mapping: LayoutMapping;
  readonly decisions: Readonly<Record<string, CategoryDecision>>;
  /** A tertial report for this period; absent: the annual report. */
  readonly period?: ReportPeriod;
  /** The officer's forecasts by period ("2024-08") and row key ("drift:100-299", "prosjekt:122006"); absent when none. */
  readonly forecasts?: Readonly<Record<string, OfficerForecasts>>;
}

export const EMPTY_STATE: SavedState = { settings: {}, mapping: {}, decisions: {} };

const SECTION_SETTINGS = "Innstillinger";
const SECTION_MAPPING = "Ark og kolonner";
const SECTION_DECISIONS = "Kategorisering av avvik";
const SECTION_FORECASTS = "Prognoser";
/** The period's row in the settings section: blank for the annual report, "2024-08" for a tertial report. */
const PERIOD_LABEL = "Rapportperiode";
const FORECAST_HEADERS = ["Periode", "Rad", "Prognose (kr)"] as const;
/** Written in a mapping row's value for a field the officer said is not in the sheet. */
const NO_COLUMN = "(ingen)";
const SHEET_KEY_SUFFIX = "ark";

const DECISION_HEADERS = ["Prosjekt", "Kategori", "Kat. 1", "Kat. 2", "Kat. 3", "Kat. 4"] as const;

const TITLE: CellStyle = { bold: true, fontSize: 14 };
const SECTION: CellStyle = { bold: true, fontSize: 12, borderBottom: "thin" };
const HEADER: CellStyle = { bold: true, fill: "D9E1F2", boxed: true };
const NOTE: CellStyle = { italic: true, color: "595959" };
const KRONER_FORMAT = "#,##0.00";

const text = (value: string, style?: CellStyle): CellModel => ({ value, style: { numberFormat: "@", ...style } });
const number = (value: number, style?: CellStyle): CellModel => ({ value, style });
const kronerCell = (o: Ore): CellModel => ({ value: oreToKroner(o), style: { numberFormat: KRONER_FORMAT } });
const written = (w: WrittenValue): CellModel => ("text" in w ? text(w.text) : { value: w.number, style: w.numberFormat ? { numberFormat: w.numberFormat } : undefined });

function oreToKroner(o: Ore): number {
  // Øre are integers; dividing by 100 gives the nearest double to the decimal, which numberToOre reads back exactly.
  return o / 100;
}

function mappingLabel(kind: SheetKind, field: string): string {
  const spec = FIELDS[kind].find((s) => s.field === field);
  return `${SHEET_TITLES[kind]}: ${spec ? spec.title : field}`;
}

/** The settings sheet as a model for the port to write. */
export function settingsSheetModel(state: SavedState): SheetModel {
  const rows: (CellModel | null)[][] = [];
  const { settings, mapping, decisions } = state;
  rows.push([text("Avstem – innstillinger", TITLE)]);
  rows.push([text("Arket eies av Avstem. Det leses hver gang tabellene lages; verdiene kan endres her eller i oppgaveruten.", NOTE)]);
  rows.push([]);

  rows.push([text(SECTION_SETTINGS, SECTION)]);
  rows.push([text("Nøkkel", HEADER), text("Verdi", HEADER)]);
  const kv = (label: string, value: CellModel | null) => rows.push([text(label), value]);
  for (const field of SETTING_FIELDS) {
    const v = field.get(settings);
    kv(field.label.nb, v !== undefined ? written(field.write(v)) : null);
  }
  kv(PERIOD_LABEL, state.period ? text(periodKey(state.period)) : null);
  rows.push([]);

  rows.push([text(SECTION_MAPPING, SECTION)]);
  rows.push([text("Hva", HEADER), text("Ark eller kolonne", HEADER)]);
  for (const kind of SHEET_KINDS) {
    const m = mapping[kind];
    if (!m) continue;
    if (m.sheet !== undefined) kv(`${SHEET_TITLES[kind]}: ${SHEET_KEY_SUFFIX}`, text(m.sheet));
    for (const [field, col] of Object.entries(m.columns ?? {})) {
      if (col === undefined) continue;
      kv(mappingLabel(kind, field), text(col === null ? NO_COLUMN : columnLetters(col)));
    }
  }
  rows.push([]);

  rows.push([text(SECTION_DECISIONS, SECTION)]);
  rows.push(DECISION_HEADERS.map((h) => text(h, HEADER)));
  for (const [nr, d] of Object.entries(decisions).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!d.category && !d.split) continue;
    rows.push([text(nr), d.category ? number(d.category) : null, ...(d.split ? d.split.map(kronerCell) : [null, null, null, null])]);
  }
  rows.push([]);

  rows.push([text(SECTION_FORECASTS, SECTION)]);
  rows.push(FORECAST_HEADERS.map((h) => text(h, HEADER)));
  const byPeriod = Object.entries(state.forecasts ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [period, byRow] of byPeriod)
    for (const [key, ore] of Object.entries(byRow).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) rows.push([text(period), text(key), kronerCell(ore)]);

  return {
    name: SETTINGS_SHEET_NAME,
    role: "settings",
    columnWidths: [36, 28, 16, 16, 16, 16],
    rows,
    merges: [cellArea(0, 0, 0, 5), cellArea(1, 0, 1, 5)],
  };
}

// --- Reading back ------------------------------------------------------------------

function toInteger(v: CellValue | undefined): number | undefined {
  if (typeof v === "number" && Number.isInteger(v)) return v;
  const t = cellText(v ?? null).trim();
  return /^\d+$/.test(t) ? Number(t) : undefined;
}

function toOre(v: CellValue | undefined): Ore | undefined {
  if (typeof v === "number" && Number.isFinite(v)) return numberToOre(v).ore;
  if (typeof v === "string") {
    const p = parseNorwegianAmount(v);
    return p.ok ? p.ore : undefined;
  }
  return undefined;
}

/** "Regnskap: Art" → kind and field; "Regnskap: ark" → kind and the sheet marker. */
function parseMappingKey(label: string): { kind: SheetKind; field: string | null } | undefined {
  const i = label.indexOf(":");
  if (i < 0) return undefined;
  const kindName = normaliseName(label.slice(0, i));
  const rest = normaliseName(label.slice(i + 1));
  const kind = SHEET_KINDS.find((k) => normaliseName(SHEET_TITLES[k]) === kindName);
  if (!kind) return undefined;
  if (rest === SHEET_KEY_SUFFIX) return { kind, field: null };
  const spec = FIELDS[kind].find((s) => normaliseName(s.title) === rest || normaliseName(s.field) === rest);
  return spec ? { kind, field: spec.field } : undefined;
}

type Section = "none" | "settings" | "mapping" | "decisions" | "forecasts";

function sectionOf(label: string): Section | undefined {
  const n = normaliseName(label);
  if (n === normaliseName(SECTION_SETTINGS)) return "settings";
  if (n === normaliseName(SECTION_MAPPING)) return "mapping";
  if (n === normaliseName(SECTION_DECISIONS)) return "decisions";
  if (n === normaliseName(SECTION_FORECASTS)) return "forecasts";
  return undefined;
}

/**
 * Reads the settings sheet back. Tolerant of hand edits: unknown keys and rows that do
 * not parse are skipped, blanks mean "not set". Returns the empty state for an empty grid.
 */
export function parseSettingsSheet(grid: SheetGrid): SavedState {
  const settings: MutableSettings = {};
  const mapping: { -readonly [K in SheetKind]?: { sheet?: string; columns?: Record<string, number | null> } } = {};
  const decisions: Record<string, CategoryDecision> = {};
  let period: ReportPeriod | undefined;
  const forecasts: Record<string, Record<string, Ore>> = {};
  let section: Section = "none";
  // Columns are read relative to the grid's first column, which is column A when the sheet is ours.
  const offset = grid.firstColumn;
  const cell = (row: readonly CellValue[], col: number): CellValue | undefined => row[col - offset];

  for (const row of grid.rows) {
    const key = cellText(cell(row, 0) ?? null).trim();
    if (!key) continue;
    const next = sectionOf(key);
    if (next) {
      section = next;
      continue;
    }
    const value = cell(row, 1);
    if (section === "settings") {
      if (isBlank(value)) continue;
      if (normaliseName(key) === normaliseName(PERIOD_LABEL)) {
        // A hand edit that is no period leaves the annual report.
        period = parsePeriod(cellText(value!));
        continue;
      }
      const field = settingFieldByLabel(key, normaliseName);
      const parsed = field?.fromCell(value!);
      // A hand edit that does not parse leaves the setting unset (the pane and the Kontroll show what is used).
      if (field && parsed?.ok) field.set(settings, parsed.value);
    } else if (section === "mapping") {
      const m = parseMappingKey(key);
      if (!m || isBlank(value)) continue;
      const entry = (mapping[m.kind] ??= {});
      const v = cellText(value!).trim();
      if (m.field === null) entry.sheet = v;
      else if (v === NO_COLUMN) (entry.columns ??= {})[m.field] = null;
      else if (/^[A-Za-z]{1,3}$/.test(v)) (entry.columns ??= {})[m.field] = columnIndex(v);
    } else if (section === "decisions") {
      if (normaliseName(key) === normaliseName(DECISION_HEADERS[0])) continue;
      const nr = key;
      const cat = toInteger(value);
      const parts = [2, 3, 4, 5].map((c) => cell(row, c));
      const split = parts.every((p) => isBlank(p)) ? undefined : parts.map((p) => (isBlank(p) ? ore(0) : toOre(p)));
      const d: { category?: 1 | 2 | 3 | 4; split?: readonly [Ore, Ore, Ore, Ore] } = {};
      if (cat !== undefined && cat >= 1 && cat <= 4) d.category = cat as 1 | 2 | 3 | 4;
      const [k1, k2, k3, k4] = split ?? [];
      if (k1 !== undefined && k2 !== undefined && k3 !== undefined && k4 !== undefined) d.split = [k1, k2, k3, k4];
      if (d.category || d.split) decisions[nr] = d;
    } else if (section === "forecasts") {
      if (normaliseName(key) === normaliseName(FORECAST_HEADERS[0])) continue;
      const p = parsePeriod(key);
      const rowKey = cellText(value ?? null).trim();
      const amount = isBlank(cell(row, 2)) ? undefined : toOre(cell(row, 2));
      if (p && rowKey && amount !== undefined) (forecasts[periodKey(p)] ??= {})[rowKey] = amount;
    }
  }
  return { settings, mapping, decisions, ...(period ? { period } : {}), ...(Object.keys(forecasts).length > 0 ? { forecasts } : {}) };
}
