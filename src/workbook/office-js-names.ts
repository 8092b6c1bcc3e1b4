/**
 * Choosing sheet names for output so that a user's sheet is never touched: a name held
 * by an unmarked sheet is skipped for "Navn (Avstem)", "Navn (Avstem 2)", … and only a
 * sheet Avstem marked as its own is replaced.
 */

/** Excel's limit on a sheet name's length. */
const MAX_SHEET_NAME = 31;

/** Prefix of the sheets a write fills before they take their final names. */
const TEMP_SHEET_PREFIX = "~Avstem tmp ";

const FORBIDDEN_IN_SHEET_NAME = /[[\]:*?/\\]/g;

export interface ExistingSheet {
  readonly name: string;
  /** Carries Avstem's output marker: Avstem may replace it. */
  readonly marked: boolean;
}

export interface NamePlan {
  readonly requested: string;
  readonly finalName: string;
  /** The marked sheet this output replaces (its current name), or null for a new sheet. */
  readonly replaces: string | null;
}

/** A legal sheet name: no []:*?/\, no apostrophe at either end, at most 31 characters. */
export function sanitizeSheetName(name: string): string {
  const cleaned = name
    .replace(FORBIDDEN_IN_SHEET_NAME, "-")
    .replace(/^'+|'+$/g, "")
    .trim()
    .slice(0, MAX_SHEET_NAME)
    .trim();
  // Excel reserves "History" for its change tracking.
  if (cleaned === "") return "Ark";
  if (cleaned.toLowerCase() === "history") return withSuffix(cleaned, " (Avstem)");
  return cleaned;
}

/** `base` with a suffix, shortening the base so the whole stays within 31 characters. */
function withSuffix(base: string, suffix: string): string {
  return base.slice(0, MAX_SHEET_NAME - suffix.length).trimEnd() + suffix;
}

function candidateName(base: string, attempt: number): string {
  if (attempt === 0) return base;
  return withSuffix(base, attempt === 1 ? " (Avstem)" : ` (Avstem ${attempt})`);
}

export function isTempSheetName(name: string): boolean {
  return name.startsWith(TEMP_SHEET_PREFIX);
}

/** `count` temporary names no existing sheet holds (Excel compares names case-insensitively). */
export function chooseTempNames(count: number, existingNames: readonly string[]): string[] {
  const taken = new Set(existingNames.map((n) => n.toLowerCase()));
  const names: string[] = [];
  for (let i = 1; names.length < count; i++) {
    const name = `${TEMP_SHEET_PREFIX}${i}`;
    if (!taken.has(name.toLowerCase())) names.push(name);
  }
  return names;
}

/**
 * Final names for the requested sheets, in order. A name is free when no sheet holds it,
 * or when the sheet holding it is marked (then that sheet is replaced); names chosen for
 * earlier models in the same write are not reused.
 */
export function planSheetNames(requested: readonly string[], existing: readonly ExistingSheet[]): NamePlan[] {
  const byName = new Map(existing.map((s) => [s.name.toLowerCase(), s]));
  const chosen = new Set<string>();
  return requested.map((name) => {
    const base = sanitizeSheetName(name);
    for (let attempt = 0; ; attempt++) {
      const candidate = candidateName(base, attempt);
      const key = candidate.toLowerCase();
      if (chosen.has(key) || isTempSheetName(candidate)) continue;
      const holder = byName.get(key);
      if (holder && !holder.marked) continue;
      chosen.add(key);
      return { requested: name, finalName: candidate, replaces: holder ? holder.name : null };
    }
  });
}

/** True when `name` is one of the names Avstem would give the model `requested` ("Navn", "Navn (Avstem)", "Navn (Avstem 2)", …). */
export function isCandidateName(requested: string, name: string): boolean {
  const base = sanitizeSheetName(requested);
  const key = name.toLowerCase();
  for (let attempt = 0; attempt < 100; attempt++) if (candidateName(base, attempt).toLowerCase() === key) return true;
  return false;
}

/** A name for a new output sheet: the first candidate that no sheet holds and no earlier model took (`taken`, lower case; updated). */
export function chooseNewName(requested: string, taken: Set<string>): string {
  const base = sanitizeSheetName(requested);
  for (let attempt = 0; ; attempt++) {
    const candidate = candidateName(base, attempt);
    const key = candidate.toLowerCase();
    if (taken.has(key) || isTempSheetName(candidate)) continue;
    taken.add(key);
    return candidate;
  }
}
