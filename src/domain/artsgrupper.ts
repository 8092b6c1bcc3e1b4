import { KOSTRA_ARTER } from "./kostra-arter";

/** The nine artsgrupper of the report tables, in table order. */
export interface Artsgruppe {
  readonly key: string; // "000-099"
  readonly name: string;
  readonly from: number;
  readonly to: number;
  readonly kind: "utgift" | "inntekt";
}

export const ARTSGRUPPER: readonly Artsgruppe[] = [
  { key: "000-099", name: "Lønn og sosiale utgifter", from: 0, to: 99, kind: "utgift" },
  { key: "100-299", name: "Kjøp av varer og tjenester som inngår i komm.tj.produksjon", from: 100, to: 299, kind: "utgift" },
  { key: "300-399", name: "Kjøp av tjenester som erstatter komm.tj.produksjon", from: 300, to: 399, kind: "utgift" },
  { key: "400-499", name: "Overføringsutgifter", from: 400, to: 499, kind: "utgift" },
  { key: "500-599", name: "Finansutgifter og finanstransaksjoner", from: 500, to: 599, kind: "utgift" },
  { key: "600-699", name: "Salgsinntekter", from: 600, to: 699, kind: "inntekt" },
  { key: "700-799", name: "Overføringsinntekter med krav til motytelse", from: 700, to: 799, kind: "inntekt" },
  { key: "800-899", name: "Overføringsinntekter uten krav til motytelse", from: 800, to: 899, kind: "inntekt" },
  { key: "900-999", name: "Finansinntekter og finanstransaksjoner", from: 900, to: 999, kind: "inntekt" },
];

export const GROUP_COUNT = ARTSGRUPPER.length;

/** The artsgruppe of an index (0–8); a clear error for any other. */
export function artsgruppe(index: number): Artsgruppe {
  const g = ARTSGRUPPER[index];
  if (!g) throw new RangeError(`No artsgruppe ${index} (there are ${GROUP_COUNT})`);
  return g;
}
/** Index of the first revenue group (600-699). */
export const FIRST_REVENUE_GROUP = 5;

/** Artsgruppe index (0–8) of a three-digit art. */
export function groupOfArt(art: number): number {
  if (art < 100) return 0;
  if (art < 300) return 1;
  return Math.floor(art / 100) - 1;
}

export type Part = "drift" | "investering";
export const PARTS: readonly Part[] = ["drift", "investering"];

/** A normalised art: a KOSTRA art, or an artsgruppe for pre-aggregated rows. */
export type NormalisedArt = { readonly ok: true; readonly art: string | null; readonly group: number } | { readonly ok: false; readonly reason: ArtRefusal };

/** Why a cell is not an art (Norwegian; messages.ts has the English). */
export type ArtRefusal = "ikke et helt, positivt artsnummer" | "fire sifre er tvetydig (konto 1000x eller 0100x?)" | "ukjent artsgruppe" | "ikke et artsnummer";

const GROUP_LABEL = /^(\d{3})\s*-\s*(\d{3})(?:\s.*)?$/s;
const artCache = new Map<string | number, NormalisedArt>();
const artCacheNumbers = new Map<string | number, NormalisedArt>();

/**
 * Art normalisation: `10` → `010` (a number that lost its leading zeros), `11500` →
 * `115` (a longer account whose first three digits are the art), `100-299 Kjøp av …`
 * → artsgruppe 100-299. A four-digit number is refused: `1000` may be account 1000x
 * or `01000` with its zero lost, and guessing would move money between groups.
 */
export function normaliseArt(value: string | number): NormalisedArt {
  if (typeof value === "string") {
    const digits = digitArt(value);
    if (digits !== undefined) return digits;
  }
  // Numbers and texts are cached apart: 10 and "10" normalise alike, but "010 " is a text of its own.
  const cache: Map<string | number, NormalisedArt> = typeof value === "number" ? artCacheNumbers : artCache;
  const cached = cache.get(value);
  if (cached) return cached;
  const result = normaliseArtUncached(value);
  if (cache.size < 100_000) cache.set(value, result);
  return result;
}

/** The art of each three-digit number, made once: `ART_BY_NUMBER[10]` is art 010. */
const ART_BY_NUMBER: readonly NormalisedArt[] = Array.from({ length: 1000 }, (_, n) => fromDigits(String(n).padStart(3, "0")));
const FOUR_DIGITS: NormalisedArt = { ok: false, reason: "fire sifre er tvetydig (konto 1000x eller 0100x?)" };

/**
 * normaliseArtUncached for a text of ASCII digits only (the common ledger cell: `010`, `07084`),
 * without a map: the number of its first three digits, or all of them when it has three or fewer;
 * four digits not starting with 0 are refused. undefined for any other text (the full path).
 */
function digitArt(s: string): NormalisedArt | undefined {
  const n = s.length;
  if (n === 0) return undefined;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    if (i < 3) v = v * 10 + d;
  }
  if (n === 4 && s.charCodeAt(0) !== 48) return FOUR_DIGITS;
  return ART_BY_NUMBER[v];
}

/** The full rules, with neither the digit path nor the caches (the tests compare normaliseArt with it). */
export function normaliseArtUncached(value: string | number): NormalisedArt {
  if (typeof value === "number") {
    // Not safe integers either: String(1e300) is "1e+300", whose first three characters are no art.
    if (!Number.isSafeInteger(value) || value < 0) return { ok: false, reason: "ikke et helt, positivt artsnummer" };
    const digits = String(value);
    if (digits.length <= 3) return fromDigits(digits.padStart(3, "0"));
    if (digits.length === 4) return { ok: false, reason: "fire sifre er tvetydig (konto 1000x eller 0100x?)" };
    return fromDigits(digits.slice(0, 3));
  }
  const s = value.trim();
  const g = GROUP_LABEL.exec(s);
  if (g) {
    const group = ARTSGRUPPER.findIndex((a) => a.key === `${g[1]}-${g[2]}`);
    if (group >= 0) return { ok: true, art: null, group };
    return { ok: false, reason: "ukjent artsgruppe" };
  }
  if (!/^\d+$/.test(s)) return { ok: false, reason: "ikke et artsnummer" };
  if (s.length <= 3) return fromDigits(s.padStart(3, "0"));
  if (s.length === 4 && !s.startsWith("0")) return { ok: false, reason: "fire sifre er tvetydig (konto 1000x eller 0100x?)" };
  return fromDigits(s.slice(0, 3));
}

function fromDigits(art: string): NormalisedArt {
  return { ok: true, art, group: groupOfArt(Number(art)) };
}

export function isKostraArt(art: string): boolean {
  // From 2026 art 270 is split into 271 and 272; both are accepted before the list has them.
  return KOSTRA_ARTER.has(art) || art === "271" || art === "272";
}

export function kostraName(art: string): string | undefined {
  return KOSTRA_ARTER.get(art);
}

/** Arter valid only in investering or only in drift (SSB's KOSTRA control program). */
const ONLY_INVESTERING = new Set(["280", "512", "521", "522", "529", "670", "910", "911", "912", "921", "922", "929", "970"]);
const ONLY_DRIFT = new Set([
  "070",
  "080",
  "110",
  "114",
  "240",
  "509",
  "570",
  "590",
  "600",
  "629",
  "630",
  "640",
  "800",
  "870",
  "871",
  "872",
  "873",
  "874",
  "875",
  "876",
  "877",
  "878",
  "879",
  "909",
  "990",
]);

/** The part an art is restricted to, or undefined when valid in both. */
export function restrictedPart(art: string): Part | undefined {
  if (ONLY_INVESTERING.has(art)) return "investering";
  if (ONLY_DRIFT.has(art)) return "drift";
  return undefined;
}
