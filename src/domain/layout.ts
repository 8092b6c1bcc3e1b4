import { cellAddress, cellText, SheetGrid } from "./cells";
import { finding, Finding } from "./findings";
import { T } from "./messages";
import { parseNorwegianAmount } from "./norwegian-number";

/**
 * Finding the input sheets and their columns: by sheet name, or by headers when the
 * name is different; column names by synonym. Names are compared case-insensitively,
 * ignoring spaces, dots and accents.
 */

export type SheetKind = "regnskap" | "budsjett" | "prosjekter" | "reguleringer" | "oppsett" | "prognose";

export const SHEET_KINDS: readonly SheetKind[] = ["regnskap", "budsjett", "prosjekter", "reguleringer", "oppsett", "prognose"];

/** The sheet names users see, by kind. */
export const SHEET_TITLES: Record<SheetKind, string> = {
  regnskap: "Regnskap",
  budsjett: "Budsjett",
  prosjekter: "Prosjekter",
  reguleringer: "Reguleringer",
  oppsett: "Oppsett",
  prognose: "Prognose",
};

/** Normalise a sheet or column name: lower case, no spaces, dots or accents. */
export function normaliseName(s: string): string {
  return s
    .toLowerCase()
    .replace(/ø/g, "o")
    .replace(/æ/g, "ae")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[\s.\u00a0\u202f:*()_-]/g, "");
}

interface FieldSpec {
  readonly field: string;
  /** The header users see, as the spec names it. */
  readonly title: string;
  readonly synonyms: readonly string[];
  readonly required?: boolean;
}

const f = (field: string, title: string, synonyms: string[], required = false): FieldSpec => ({ field, title, synonyms: [title, ...synonyms], required });

const LEDGER_KEYS = [
  f("kapittel", "Kapittel", ["Kap", "Kap."]),
  f("del", "Del", ["Type", "Drift/Investering"]),
  f("art", "Art", ["Konto", "Artskonto"], true),
  f("prosjekt", "Prosjekt", ["Prosjektnr", "Prosjektnummer"]),
];

export const FIELDS: Record<SheetKind, readonly FieldSpec[]> = {
  regnskap: [
    ...LEDGER_KEYS,
    f("aar", "År", ["Aar", "Year", "Regnskapsår", "Regnskapsaar", "Bokføringsår", "Fiscal year"]),
    // A period says the year when it is written with it (202203, 2022-03, 03.2022); 1–13 alone is a month.
    f("periode", "Periode", ["Regnskapsperiode", "Period", "Bokføringsperiode", "Måned", "Mnd", "Periode (ÅÅÅÅMM)"]),
    f("dato", "Bilagsdato", ["Dato", "Posteringsdato", "Bokføringsdato", "Regnskapsdato", "Transaksjonsdato", "Date", "Posting date"]),
    f("belop", "Beløp", ["Beløp i kr", "Sum", "Beløp NOK", "Beløp i NOK", "Beløp kr", "Belop", "Amount", "Amount NOK", "Beløp (lokal valuta)"]),
    f("debet", "Debet", ["Debit", "Debetbeløp"]),
    f("kredit", "Kredit", ["Credit", "Kreditbeløp"]),
  ],
  budsjett: [
    ...LEDGER_KEYS,
    f("dok3", "Dok. 3", ["Dok 3", "Dok.3", "Vedtatt budsjett", "Opprinnelig budsjett"]),
    f("regulert", "Regulert budsjett", ["Regulert", "Reg. budsjett", "Revidert budsjett", "Reg.budsj."]),
    f("budsjettype", "Budsjettype", []),
    f("belop", "Beløp", ["Beløp i kr", "Sum", "Beløp NOK", "Beløp i NOK", "Beløp kr", "Belop", "Amount"]),
  ],
  prosjekter: [
    f("prosjekt", "Prosjekt", ["Prosjektnr", "Prosjektnummer"], true),
    f("navn", "Prosjektnavn", ["Navn"], true),
    f("overordnet", "Overordnet prosjekt", ["Hovedprosjekt"]),
    f("vedtattFerdig", "Bystyrevedtatt ferdig", ["Vedtatt ferdig"]),
    f("forventetFerdig", "Forventet ferdig", ["Faktisk/forventet ferdig"]),
    f("status", "Status", []),
    f("type", "Type", []),
    f("kategori", "Kategori", ["Avvikskategori"]),
    f("kat1", "Kat. 1", []),
    f("kat2", "Kat. 2", []),
    f("kat3", "Kat. 3", []),
    f("kat4", "Kat. 4", []),
    f("kommentar", "Kommentar", ["Forklaring"]),
  ],
  reguleringer: [
    f("del", "Del", []),
    f("sak", "Sak", ["Referanse", "Vedtak"]),
    f("dato", "Dato", []),
    f("belop", "Beløp", ["Beløp i kr"], true),
    f("type", "Type", []),
    f("prosjekt", "Prosjekt", ["Prosjektnr", "Prosjektnummer"]),
    f("beskrivelse", "Beskrivelse", ["Tekst"]),
  ],
  oppsett: [f("nokkel", "Nøkkel", [], true), f("verdi", "Verdi", [], true)],
  // The officer's forecast for the year, for the tertial reports (docs/tertial.md).
  prognose: [
    f("del", "Del", ["Type", "Drift/Investering"]),
    f("art", "Art", ["Artsgruppe", "Konto", "Artskonto"]),
    f("prosjekt", "Prosjekt", ["Prosjektnr", "Prosjektnummer"]),
    f("prognose", "Prognose", ["Prognose for året", "Årsprognose", "Prognose hele året"], true),
  ],
};

const SHEET_NAME_SYNONYMS: Record<SheetKind, readonly string[]> = {
  regnskap: ["regnskap", "hovedbok", "regnskapslinjer"],
  budsjett: ["budsjett", "budsjettlinjer"],
  prosjekter: ["prosjekter", "prosjekt", "prosjektregister"],
  reguleringer: ["reguleringer", "budsjettreguleringer", "budsjettendringer"],
  oppsett: ["oppsett", "innstillinger"],
  prognose: ["prognose", "prognoser", "arsprognose"],
};

const SYNONYM_INDEX: Record<SheetKind, Map<string, string>> = Object.fromEntries(
  SHEET_KINDS.map((k) => [k, new Map(FIELDS[k].flatMap((spec) => spec.synonyms.map((s) => [normaliseName(s), spec.field] as const)))]),
) as Record<SheetKind, Map<string, string>>;

/** `Regnskap 2024` → 2024: the wide form of the ledger. */
const WIDE_REGNSKAP = /^regnskap(\d{4})$/;
/** "Regnskap" alone can name the part column or the amount column: decided by content. */
const AMBIGUOUS_REGNSKAP = "regnskap";

export interface DetectedSheet {
  readonly kind: SheetKind;
  readonly sheet: string;
  /** 0-based row index (in the sheet) of the header row. */
  readonly headerRow: number;
  /** field → 0-based column index in the sheet. */
  readonly columns: Readonly<Record<string, number>>;
  /** Wide ledger columns: year → 0-based column index. */
  readonly wideYears: Readonly<Record<number, number>>;
  readonly recognisedBy: "name" | "headers" | "user";
  /** Header text per column index, for the task pane's dropdowns. */
  readonly headers: Readonly<Record<number, string>>;
}

export interface Layout {
  readonly sheets: Partial<Record<SheetKind, DetectedSheet>>;
  readonly findings: readonly Finding[];
}

/** The officer's corrections: which sheet holds a kind, and which column a field. */
export type LayoutMapping = Partial<Record<SheetKind, { readonly sheet?: string; readonly columns?: Readonly<Record<string, number | null>> }>>;

interface HeaderMatch {
  readonly row: number; // 0-based index into grid.rows
  readonly columns: Record<string, number>;
  readonly wideYears: Record<number, number>;
  readonly known: number;
  readonly duplicates: { field: string; column: number; first: number }[];
  readonly headers: Record<number, string>;
}

function matchHeaderRow(grid: SheetGrid, kind: SheetKind, r: number): HeaderMatch {
  const row = grid.rows[r] ?? [];
  const index = SYNONYM_INDEX[kind];
  const columns: Record<string, number> = {};
  const wideYears: Record<number, number> = {};
  const duplicates: HeaderMatch["duplicates"] = [];
  const headers: Record<number, string> = {};
  const ambiguous: number[] = [];
  let known = 0;
  for (let c = 0; c < row.length; c++) {
    const text = cellText(row[c]).trim();
    if (!text) continue;
    const col = grid.firstColumn + c;
    headers[col] = text;
    const n = normaliseName(text);
    const wide = kind === "regnskap" ? WIDE_REGNSKAP.exec(n) : null;
    if (wide) {
      wideYears[Number(wide[1])] = col;
      known++;
      continue;
    }
    if (kind === "regnskap" && n === AMBIGUOUS_REGNSKAP) {
      ambiguous.push(col);
      known++;
      continue;
    }
    const field = index.get(n);
    if (!field) continue;
    known++;
    const seen = columns[field];
    if (seen !== undefined) duplicates.push({ field, column: col, first: seen });
    else columns[field] = col;
  }
  // "Regnskap": the amount when there is none yet, otherwise the part (Drift/Investering).
  for (const col of ambiguous) {
    if (!("belop" in columns) && Object.keys(wideYears).length === 0 && sniffNumeric(grid, r, col)) columns.belop = col;
    else if (!("del" in columns)) columns.del = col;
    else if (!("belop" in columns)) columns.belop = col;
  }
  return { row: r, columns, wideYears, known, duplicates, headers };
}

function sniffNumeric(grid: SheetGrid, headerIndex: number, col: number): boolean {
  let numbers = 0;
  let texts = 0;
  const c = col - grid.firstColumn;
  for (let r = headerIndex + 1; r < Math.min(grid.rows.length, headerIndex + 51); r++) {
    const v = grid.rows[r]?.[c];
    if (typeof v === "number") numbers++;
    else if (typeof v === "string" && v.trim() !== "") {
      // Norwegian amount texts (`kr 1 200`) and number-like slips (`12,34,56`) both say "amount column".
      if (parseNorwegianAmount(v).ok || /^[\d\s\u00a0\u202f.,()\-−]+$/.test(v.trim())) numbers++;
      else texts++;
    }
  }
  return numbers >= texts;
}

const HEADER_SEARCH_ROWS = 20;

function findHeader(grid: SheetGrid, kind: SheetKind): HeaderMatch | undefined {
  const limit = Math.min(grid.rows.length, HEADER_SEARCH_ROWS);
  for (let r = 0; r < limit; r++) {
    const m = matchHeaderRow(grid, kind, r);
    if (m.known >= 2) return m;
  }
  return undefined;
}

function hasRequired(kind: SheetKind, m: HeaderMatch): boolean {
  switch (kind) {
    case "regnskap":
      return "art" in m.columns && ("belop" in m.columns || ("debet" in m.columns && "kredit" in m.columns) || Object.keys(m.wideYears).length > 0) && !("dok3" in m.columns);
    case "budsjett":
      return "art" in m.columns && ("dok3" in m.columns || "regulert" in m.columns || "budsjettype" in m.columns);
    default:
      return FIELDS[kind].every((s) => !s.required || s.field in m.columns);
  }
}

/** Recognition by headers: distinguishing marks, checked in an order that avoids confusing kinds. */
const RECOGNITION_ORDER: readonly SheetKind[] = ["oppsett", "prosjekter", "budsjett", "reguleringer", "prognose", "regnskap"];

function distinctive(kind: SheetKind, m: HeaderMatch): boolean {
  switch (kind) {
    case "budsjett":
      return "dok3" in m.columns || "regulert" in m.columns || "budsjettype" in m.columns;
    case "prosjekter":
      return "navn" in m.columns;
    case "reguleringer":
      return "sak" in m.columns && !("art" in m.columns);
    case "oppsett":
      return "nokkel" in m.columns && "verdi" in m.columns;
    case "prognose":
      return "prognose" in m.columns && ("art" in m.columns || "prosjekt" in m.columns);
    case "regnskap":
      return "art" in m.columns;
  }
}

function toDetected(grid: SheetGrid, kind: SheetKind, m: HeaderMatch, by: DetectedSheet["recognisedBy"]): DetectedSheet {
  return {
    kind,
    sheet: grid.name,
    headerRow: grid.firstRow + m.row,
    columns: m.columns,
    wideYears: m.wideYears,
    recognisedBy: by,
    headers: m.headers,
  };
}

/**
 * For a sheet named as a ledger (Regnskap, Hovedbok) that was not taken as one: the
 * required columns its best header row lacks, as the officer knows them. Undefined for
 * a sheet of another name.
 */
export function ledgerColumnsMissing(grid: SheetGrid): ("art" | "amount")[] | undefined {
  if (!SHEET_NAME_SYNONYMS.regnskap.includes(normaliseName(grid.name))) return undefined;
  const m = findHeader(grid, "regnskap") ?? matchHeaderRow(grid, "regnskap", 0);
  const missing: ("art" | "amount")[] = [];
  if (!("art" in m.columns)) missing.push("art");
  if (!("belop" in m.columns) && !("debet" in m.columns && "kredit" in m.columns) && Object.keys(m.wideYears).length === 0) missing.push("amount");
  return missing;
}

/** Detect which sheets hold which kind of input, and where their columns are. */
export function detectLayout(grids: readonly SheetGrid[], mapping: LayoutMapping = {}): Layout {
  const sheets: Partial<Record<SheetKind, DetectedSheet>> = {};
  const findings: Finding[] = [];
  const used = new Set<string>();
  const matches = new Map<SheetGrid, HeaderMatch>();

  const assign = (grid: SheetGrid, kind: SheetKind, by: DetectedSheet["recognisedBy"]): boolean => {
    const m = findHeader(grid, kind);
    if (!m || (by !== "user" && !hasRequired(kind, m))) return false;
    matches.set(grid, m);
    sheets[kind] = toDetected(grid, kind, m, by);
    used.add(grid.name);
    return true;
  };

  // 1. The officer's choice of sheet.
  for (const kind of SHEET_KINDS) {
    const name = mapping[kind]?.sheet;
    if (!name) continue;
    const grid = grids.find((g) => g.name === name);
    if (grid) assign(grid, kind, "user");
  }
  // 2. By name.
  for (const kind of SHEET_KINDS) {
    if (sheets[kind]) continue;
    const grid = grids.find((g) => !used.has(g.name) && SHEET_NAME_SYNONYMS[kind].includes(normaliseName(g.name)));
    if (grid) assign(grid, kind, "name");
  }
  // 3. By headers.
  for (const kind of RECOGNITION_ORDER) {
    if (sheets[kind]) continue;
    for (const grid of grids) {
      if (used.has(grid.name)) continue;
      const m = findHeader(grid, kind);
      if (m && hasRequired(kind, m) && distinctive(kind, m)) {
        assign(grid, kind, "headers");
        break;
      }
    }
  }
  // The officer's column corrections, then duplicate-header warnings.
  for (const kind of SHEET_KINDS) {
    const d = sheets[kind];
    if (!d) continue;
    const fix = mapping[kind]?.columns;
    if (fix) {
      const columns: Record<string, number> = { ...d.columns };
      for (const [field, col] of Object.entries(fix)) {
        if (col === null) delete columns[field];
        else if (col !== undefined) columns[field] = col;
      }
      sheets[kind] = { ...d, columns };
    }
    const grid = grids.find((g) => g.name === d.sheet)!;
    const m = matches.get(grid)!;
    for (const dup of m.duplicates) {
      findings.push(
        finding(
          "HEADER_DUPLICATE",
          d.sheet,
          cellAddress(d.headerRow, dup.column),
          T.headerDuplicate({ header: m.headers[dup.column] ?? "", sheet: d.sheet, first: cellAddress(d.headerRow, dup.first) }),
        ),
      );
    }
  }
  return { sheets, findings };
}
