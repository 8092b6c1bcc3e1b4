import { ARTSGRUPPER, normaliseArt } from "./artsgrupper";
import { type CellValue, cellText, isBlank } from "./cells";
import { yearOf } from "./dates";
import { numberToOre, type Ore } from "./money";
import { formatNorwegian, parseNorwegianAmount } from "./norwegian-number";
import type { AdoptedFigures, Materiality, Settings } from "./settings";

/**
 * One declaration of every setting: its key, its labels, how it is read from a cell (the
 * Oppsett sheet and the Avstem-innstillinger sheet), how it is read from text the officer
 * types in the task pane, what makes it invalid, and how it is written back. The three
 * readers and the writer use this table and nothing else, so a value means the same
 * wherever it stands: `0.05` in a cell (5 % as Excel stores it) is 5 % in both sheets.
 */

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false };

/** A value as a cell holds it when written: text, or a number with its display format. */
export type WrittenValue = { readonly text: string } | { readonly number: number; readonly numberFormat?: string };

export type AdoptedKey = keyof AdoptedFigures;
export type SettingKey = Exclude<keyof Settings, "adopted"> | `adopted.${AdoptedKey}`;

export interface SettingField<T> {
  readonly key: SettingKey;
  /** The label in the Nøkkel column (Norwegian; the sheets are Norwegian) and in English for the pane. */
  readonly label: { readonly nb: string; readonly en: string };
  /** Other labels read as this setting (normalised as sheet and column names are). */
  readonly synonyms?: readonly string[];
  /** "amount": an invalid value is reported as an unreadable amount, with the amount rules' own finding. */
  readonly kind: "year" | "chapter" | "text" | "materiality" | "arter" | "amount";
  readonly fromCell: (v: CellValue) => Parsed<T>;
  readonly fromText: (s: string) => Parsed<T>;
  // Methods (not function properties), so that a field of one value type is a field of unknown.
  write(value: T): WrittenValue;
  /** The value as the pane shows it in a text field. */
  toText(value: T): string;
  get(s: Settings): T | undefined;
  set(s: MutableSettings, value: T | undefined): void;
}

export type MutableSettings = { -readonly [K in keyof Settings]: Settings[K] };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const NO: Parsed<never> = { ok: false };

// ---------------------------------------------------------------- the value rules

const MIN_YEAR = 1900;
const MAX_YEAR = 2200;

function yearFromCell(v: CellValue): Parsed<number> {
  const y = yearOf(v);
  return y !== undefined && y >= MIN_YEAR && y <= MAX_YEAR ? ok(y) : NO;
}

function yearFromText(s: string): Parsed<number> {
  const t = s.trim();
  return /^\d{4}$/.test(t) && +t >= MIN_YEAR && +t <= MAX_YEAR ? ok(+t) : NO;
}

/** A chapter number: 100–9999, as a number or as `125`, `Kap. 125`, `kapittel 125`. */
export function parseChapter(v: CellValue): number | null | undefined {
  if (isBlank(v)) return undefined;
  if (typeof v === "number" && Number.isInteger(v) && v >= 100 && v <= 9999) return v;
  if (typeof v === "string") {
    const m = /^(?:kap(?:ittel)?\.?\s*)?(\d{3,4})$/i.exec(v.trim());
    if (m) return Number(m[1]);
  }
  return null;
}

function chapterFrom(v: CellValue): Parsed<number> {
  const c = parseChapter(v);
  return typeof c === "number" ? ok(c) : NO;
}

function textFrom(v: CellValue): Parsed<string> {
  const t = cellText(v).trim();
  return t === "" ? NO : ok(t);
}

/**
 * A vesentlighetsgrense: a percent of regulert budsjett (`5 %`, `2,5%`, or a fraction
 * below 1 in a cell, which is how Excel stores a cell typed as 5 %: no threshold is below
 * one krone), or an amount in kroner (not negative).
 */
export function parseMateriality(v: CellValue): Materiality | undefined {
  if (typeof v === "number") {
    if (!Number.isFinite(v) || v < 0 || v * 100 > Number.MAX_SAFE_INTEGER) return undefined;
    if (v > 0 && v < 1) return { kind: "percent", percent: Number((v * 100).toPrecision(12)) };
    return { kind: "amount", ore: numberToOre(v).ore };
  }
  if (typeof v !== "string" || v.trim() === "") return undefined;
  const pct = /^(\d+(?:[.,]\d+)?)\s*%$/.exec(v.trim());
  if (pct) return { kind: "percent", percent: Number(pct[1]!.replace(",", ".")) };
  const p = parseNorwegianAmount(v);
  return p.ok && p.ore >= 0 ? { kind: "amount", ore: p.ore } : undefined;
}

function materialityFrom(v: CellValue): Parsed<Materiality> {
  const m = parseMateriality(v);
  return m ? ok(m) : NO;
}

export function materialityText(m: Materiality): string {
  return m.kind === "percent" ? `${String(m.percent).replace(".", ",")} %` : formatNorwegian(m.ore);
}

/** Artsgruppe 700-799, the only one whose arter can count as internal project cost (docs/input-workbook.md). */
const INTERNAL_ART_GROUP = ARTSGRUPPER.findIndex((g) => g.key === "700-799");

function arterFrom(v: CellValue): Parsed<readonly string[]> {
  const arter = cellText(v)
    .split(/[,;\s]+/)
    .filter(Boolean)
    .map((a) => normaliseArt(a));
  if (arter.length === 0 || !arter.every((a) => a.ok && a.art && a.group === INTERNAL_ART_GROUP)) return NO;
  return ok(arter.map((a) => (a.ok ? a.art! : "")));
}

function amountFrom(v: CellValue): Parsed<Ore> {
  if (typeof v === "number") return Number.isFinite(v) && Math.abs(v) * 100 <= Number.MAX_SAFE_INTEGER ? ok(numberToOre(v).ore) : NO;
  if (typeof v === "string") {
    const p = parseNorwegianAmount(v);
    return p.ok ? ok(p.ore) : NO;
  }
  return NO;
}

const KRONER_FORMAT = "#,##0.00";

// ---------------------------------------------------------------- the fields

function simple<K extends Exclude<keyof Settings, "adopted">>(
  key: K,
  nb: string,
  en: string,
  kind: SettingField<NonNullable<Settings[K]>>["kind"],
  fromCell: (v: CellValue) => Parsed<NonNullable<Settings[K]>>,
  fromText: (s: string) => Parsed<NonNullable<Settings[K]>>,
  write: (value: NonNullable<Settings[K]>) => WrittenValue,
  toText: (value: NonNullable<Settings[K]>) => string,
  synonyms?: readonly string[],
): SettingField<NonNullable<Settings[K]>> {
  return {
    key,
    label: { nb, en },
    synonyms,
    kind,
    fromCell,
    fromText,
    write,
    toText,
    get: (s) => s[key] as NonNullable<Settings[K]> | undefined,
    set: (s, value) => {
      if (value === undefined) delete s[key];
      else (s as Record<string, unknown>)[key] = value;
    },
  };
}

function adoptedField(key: AdoptedKey, nb: string, en: string): SettingField<Ore> {
  return {
    key: `adopted.${key}`,
    label: { nb, en },
    kind: "amount",
    fromCell: amountFrom,
    fromText: (s) => amountFrom(s),
    write: (o) => ({ number: o / 100, numberFormat: KRONER_FORMAT }),
    toText: (o) => formatNorwegian(o, 2),
    get: (s) => s.adopted?.[key],
    set: (s, value) => {
      const adopted: { -readonly [A in AdoptedKey]?: Ore } = { ...(s.adopted ?? {}) };
      if (value === undefined) delete adopted[key];
      else adopted[key] = value;
      if (Object.keys(adopted).length > 0) s.adopted = adopted;
      else delete s.adopted;
    },
  };
}

const asText = (s: string): Parsed<string> => textFrom(s);

export const SETTING_FIELDS: readonly SettingField<unknown>[] = [
  simple("year", "Rapportår", "Report year", "year", yearFromCell, yearFromText, (y) => ({ number: y }), String),
  simple(
    "chapter",
    "Kapittel",
    "Chapter",
    "chapter",
    chapterFrom,
    (s) => chapterFrom(s.trim()),
    (c) => ({ number: c }),
    String,
  ),
  simple(
    "agency",
    "Virksomhet",
    "Agency",
    "text",
    textFrom,
    asText,
    (t) => ({ text: t }),
    (t) => t,
  ),
  simple(
    "agencyShort",
    "Kortnavn",
    "Short name",
    "text",
    textFrom,
    asText,
    (t) => ({ text: t }),
    (t) => t,
  ),
  simple(
    "materiality",
    "Vesentlighetsgrense",
    "Materiality threshold",
    "materiality",
    materialityFrom,
    (s) => materialityFrom(s),
    (m) => (m.kind === "percent" ? { text: materialityText(m) } : { number: m.ore / 100, numberFormat: KRONER_FORMAT }),
    materialityText,
  ),
  simple(
    "internalArter",
    "Interne arter i prosjekt",
    "Internal arter in projects",
    "arter",
    arterFrom,
    (s) => arterFrom(s),
    (a) => ({ text: a.join(", ") }),
    (a) => a.join(", "),
    ["Interne art i prosjekt"],
  ),
  adoptedField("driftUtgifter", "Vedtatt sum driftsutgifter", "Adopted total operating expenses"),
  adoptedField("driftInntekter", "Vedtatt sum driftsinntekter", "Adopted total operating revenue"),
  adoptedField("driftNetto", "Vedtatt netto drift", "Adopted net operating result"),
  adoptedField("investeringUtgifter", "Vedtatt sum investeringsutgifter", "Adopted total investment expenses"),
  adoptedField("investeringInntekter", "Vedtatt sum investeringsinntekter", "Adopted total investment revenue"),
  adoptedField("investeringNetto", "Vedtatt netto finansieringsbehov", "Adopted net financing need"),
];

/** The field a Nøkkel label names (`normalise` as sheet and column names are), or undefined. */
export function settingFieldByLabel(label: string, normalise: (s: string) => string): SettingField<unknown> | undefined {
  const n = normalise(label);
  return SETTING_FIELDS.find((f) => normalise(f.label.nb) === n || (f.synonyms ?? []).some((s) => normalise(s) === n));
}

/** The field with this key. */
export function settingField(key: SettingKey): SettingField<unknown> {
  const field = SETTING_FIELDS.find((f) => f.key === key);
  if (!field) throw new Error(`no setting ${key}`);
  return field;
}
