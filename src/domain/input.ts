import { cellAddress, CellValue, cellText, isBlank, isCellDate, isCellError, isErrorText, isUncalculated, SheetGrid } from "./cells";
import { need } from "./at";
import { parseProjectDate, ProjectDate } from "./dates";
import { finding } from "./findings";
import { T, type AmountWhat, type ErrorWhere } from "./messages";
import { FindingSink } from "./finding-sink";
import { DetectedSheet, normaliseName } from "./layout";
import { numberToOre, Ore } from "./money";
import { formatNorwegian, formEvidence, NumberForm, parseAmountText } from "./norwegian-number";
import type { Part } from "./artsgrupper";
import type { Settings } from "./settings";
import { type MutableSettings, settingFieldByLabel } from "./setting-fields";

/**
 * Reading the input sheets: every cell is parsed exactly or reported with its
 * address; nothing is read as zero. These functions read one row at a time and
 * hand each parsed line on, so a million-line ledger never needs a second copy.
 */

export interface CellRef {
  readonly sheet: string;
  readonly row: number; // 0-based sheet row
}

/** A reader over a grid that addresses cells by sheet row and column. */
export class GridReader {
  constructor(readonly grid: SheetGrid) {}
  get name(): string {
    return this.grid.name;
  }
  /** 0-based sheet rows of the data (after the header). */
  *dataRows(headerRow: number): Generator<number> {
    const start = Math.max(headerRow + 1, this.grid.firstRow);
    const end = this.grid.firstRow + this.grid.rows.length;
    for (let r = start; r < end; r++) yield r;
  }
  row(r: number): readonly CellValue[] | undefined {
    return this.grid.rows[r - this.grid.firstRow];
  }
  cell(r: number, c: number | undefined): CellValue {
    if (c === undefined) return null;
    const row = this.grid.rows[r - this.grid.firstRow];
    return row?.[c - this.grid.firstColumn] ?? null;
  }
}

export type AmountResult = { readonly ok: true; readonly ore: Ore; readonly rounded: boolean } | { readonly ok: false; readonly blank: boolean };

/** How an amount column's texts are read: its number form (decided from all its cells) and its header, for messages. */
export interface AmountColumn {
  readonly form: NumberForm | "unknown";
  readonly header: string;
}

/** An amount cell: a number, or an amount text in the column's number form (Norwegian by default); anything else is reported. */
export function readAmount(v: CellValue, sheet: string, cell: string | (() => string), sink: FindingSink, what: AmountWhat = "amount", column?: AmountColumn): AmountResult {
  // The address is only made when a finding needs it (a ledger passes a function: most amounts are fine).
  const address = () => (typeof cell === "string" ? cell : cell());
  if (typeof v === "number") {
    if (!Number.isFinite(v)) {
      sink.add(finding("AMOUNT_INVALID", sheet, address(), T.amountNotFinite({ at: `${sheet}!${address()}`, what, value: String(v) })));
      return { ok: false, blank: false };
    }
    if (Math.abs(v) * 100 > Number.MAX_SAFE_INTEGER) {
      sink.add(finding("AMOUNT_INVALID", sheet, address(), T.amountTooLarge({ at: `${sheet}!${address()}`, what, value: String(v) })));
      return { ok: false, blank: false };
    }
    const r = numberToOre(v);
    if (r.rounded)
      sink.add(finding("ORE_FRACTION", sheet, address(), T.amountOreFraction({ at: `${sheet}!${address()}`, what, value: String(v), rounded: formatNorwegian(r.ore, 2) })));
    return { ok: true, ore: r.ore, rounded: r.rounded };
  }
  if (v === null || v === undefined) return { ok: false, blank: true };
  if (isCellError(v)) {
    reportErrorCell(v, sheet, address(), what, sink);
    return { ok: false, blank: false };
  }
  if (isCellDate(v)) {
    sink.add(finding("AMOUNT_INVALID", sheet, address(), T.amountIsDate({ at: `${sheet}!${address()}`, what, value: cellText(v) })));
    return { ok: false, blank: false };
  }
  if (typeof v === "boolean") {
    sink.add(finding("AMOUNT_INVALID", sheet, address(), T.amountIsBoolean({ at: `${sheet}!${address()}`, what, value: String(v) })));
    return { ok: false, blank: false };
  }
  const text = v;
  if (text.trim() === "") return { ok: false, blank: true };
  if (isErrorText(text)) {
    sink.add(finding("CELL_ERROR", sheet, address(), T.cellError({ at: `${sheet}!${address()}`, code: text.trim(), where: what })));
    return { ok: false, blank: false };
  }
  const form = column?.form ?? "nb";
  if (form === "unknown" && formEvidence(text) === "ambiguous") {
    // No cell of the column shows its form, and this one reads as two amounts: never guess.
    const nb = parseAmountText(text, "nb");
    const en = parseAmountText(text, "en");
    sink.add(
      finding(
        "NUMBER_FORM_AMBIGUOUS",
        sheet,
        address(),
        T.numberFormAmbiguous({
          at: `${sheet}!${address()}`,
          value: clip(text),
          header: column?.header ?? "",
          nb: nb.ok ? formatNorwegian(nb.ore, 2) : "?",
          en: en.ok ? formatNorwegian(en.ore, 2) : "?",
        }),
      ),
    );
    return { ok: false, blank: false };
  }
  const p = parseAmountText(text, form === "unknown" ? "nb" : form);
  if (!p.ok) {
    sink.add(finding("AMOUNT_INVALID", sheet, address(), T.notAnAmount({ at: `${sheet}!${address()}`, value: clip(text), reason: p.reason })));
    return { ok: false, blank: false };
  }
  if (p.rounded) sink.add(finding("ORE_FRACTION", sheet, address(), T.textOreFraction({ at: `${sheet}!${address()}`, value: clip(text), rounded: formatNorwegian(p.ore, 2) })));
  return p;
}

/** An error value where a figure or key should be: a formula without a computed result is told apart, since its cure differs. */
export function reportErrorCell(v: CellValue, sheet: string, address: string, where: ErrorWhere, sink: FindingSink, amount?: Ore): void {
  if (isUncalculated(v)) sink.add(finding("FORMULA_UNCALCULATED", sheet, address, T.formulaUncalculated({ at: `${sheet}!${address}`, where }), { amount }));
  else sink.add(finding("CELL_ERROR", sheet, address, T.cellError({ at: `${sheet}!${address}`, code: cellText(v).trim(), where }), { amount }));
}

export function clip(text: string, max = 60): string {
  const t = text.replace(/\s+/g, " ").trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

const partCache = new Map<string, Part | null>();

/** The last Del texts read and their parts: a ledger alternates between two or three texts, compared here before any hashing. */
const recentPartTexts: string[] = [];
const recentParts: (Part | null)[] = [];

export function parsePart(v: CellValue): Part | null | undefined {
  if (typeof v === "string") {
    for (let i = 0; i < recentPartTexts.length; i++) if (recentPartTexts[i] === v) return recentParts[i];
    const part = parsePartUncached(v);
    if (part !== undefined && recentPartTexts.length < 4) {
      recentPartTexts.push(v);
      recentParts.push(part);
    }
    return part;
  }
  return parsePartUncached(v);
}

function parsePartUncached(v: CellValue): Part | null | undefined {
  if (isBlank(v)) return undefined;
  // A ledger holds a handful of distinct Del texts over many rows: remember each.
  const text = cellText(v);
  const cached = partCache.get(text);
  if (cached !== undefined) return cached;
  const s = normaliseName(text);
  const part: Part | null = s === "drift" || s === "d" ? "drift" : s === "investering" || s === "i" || s === "inv" ? "investering" : null;
  if (partCache.size < 1000) partCache.set(text, part);
  return part;
}

/** 6-digit project, or 8-digit sub-project; a number that lost nothing (projects have no leading zeros in Oslo). */
export type ProjectNumber = { readonly ok: true; readonly nr: string | null } | { readonly ok: false; readonly text: string };

const NO_PROJECT: ProjectNumber = { ok: true, nr: null };
const projectCache = new Map<string | number, ProjectNumber>();

export function parseProject(v: CellValue): ProjectNumber {
  if (v === null || v === "") return NO_PROJECT;
  // A ledger repeats a few hundred project numbers over many lines: parse each once.
  if (typeof v === "string" || typeof v === "number") {
    const cached = projectCache.get(v);
    if (cached) return cached;
    const parsed = parseProjectUncached(v);
    if (projectCache.size < 100_000) projectCache.set(v, parsed);
    return parsed;
  }
  return parseProjectUncached(v);
}

function parseProjectUncached(v: CellValue): ProjectNumber {
  if (v === null || isBlank(v)) return NO_PROJECT;
  if (isCellError(v) || isCellDate(v) || typeof v === "boolean") return { ok: false, text: cellText(v) };
  const s = typeof v === "number" ? String(v) : v.trim();
  if (/^\d{6}$/.test(s) || /^\d{8}$/.test(s)) return { ok: true, nr: s };
  return { ok: false, text: s };
}

export function parentOf(nr: string): string | null {
  return nr.length === 8 ? nr.slice(0, 6) : null;
}

export { parseChapter, parseMateriality } from "./setting-fields";

// ---------------------------------------------------------------- Oppsett

/** The Oppsett sheet's settings; `adoptedCells` receives the Verdi cell of each adopted figure used. */
export function parseOppsett(reader: GridReader, d: DetectedSheet, sink: FindingSink, adoptedCells: Record<string, string> = {}): Settings {
  const out: MutableSettings = {};
  for (const r of reader.dataRows(d.headerRow)) {
    const keyCell = reader.cell(r, d.columns.nokkel);
    if (isBlank(keyCell)) continue;
    const field = settingFieldByLabel(cellText(keyCell), normaliseName);
    const v = reader.cell(r, d.columns.verdi);
    if (!field || isBlank(v)) continue;
    const address = cellAddress(r, need(d.columns, "verdi"));
    const parsed = field.fromCell(v);
    if (parsed.ok) {
      field.set(out, parsed.value);
      if (field.kind === "amount") adoptedCells[field.key.slice("adopted.".length)] = address;
    } else if (field.kind === "amount") {
      // The amount rules say what is wrong with an adopted figure (an error value, a date, a word).
      readAmount(v, reader.name, address, sink, "adopted");
    } else sink.add(finding("SETTING_INVALID", reader.name, address, T.settingInvalid({ at: `${reader.name}!${address}`, value: clip(cellText(v)), key: cellText(keyCell) })));
  }
  return out;
}

// ---------------------------------------------------------------- Prosjekter

export type ProjectType = "ordinaer" | "avsetning" | "uforutsett";
export type ProjectStatus = "pagaende" | "ferdig";

export interface RegisteredProject {
  readonly nr: string;
  readonly name: string;
  readonly parent: string | null;
  readonly vedtattFerdig: ProjectDate;
  readonly forventetFerdig: ProjectDate;
  readonly status?: ProjectStatus;
  readonly statusText?: string;
  readonly type?: ProjectType;
  readonly category?: 1 | 2 | 3 | 4;
  readonly split?: readonly [Ore, Ore, Ore, Ore];
  readonly comment: string;
  readonly row: number;
  readonly sheet: string;
  /** The cells a finding about the project points at: its number, its parent (Overordnet prosjekt, or the number it derives from), its split. */
  readonly cells: { readonly nr: string; readonly parent: string; readonly split?: string };
}

function parseStatus(v: CellValue): ProjectStatus | null | undefined {
  if (isBlank(v)) return undefined;
  const s = normaliseName(cellText(v));
  if (["ferdig", "ferdigstilt", "avsluttet", "avslutta", "fullfort", "lukket"].includes(s)) return "ferdig";
  if (["pagaende", "aktiv", "igang", "lopende", "startet", "planlagt", "ikkestartet"].includes(s)) return "pagaende";
  return null;
}

function parseType(v: CellValue): ProjectType | null | undefined {
  if (isBlank(v)) return undefined;
  const s = normaliseName(cellText(v));
  if (s === "ordinaer" || s === "ordinart") return "ordinaer";
  if (s === "avsetning") return "avsetning";
  if (s === "uforutsett" || s === "uforutsette" || s === "uforutsettavsetning") return "uforutsett";
  return null;
}

export function parseProsjekter(reader: GridReader, d: DetectedSheet, sink: FindingSink, forms: ReadonlyMap<number, AmountColumn> = new Map()): Map<string, RegisteredProject> {
  const projects = new Map<string, RegisteredProject>();
  const sheet = reader.name;
  const c = d.columns;
  for (const r of reader.dataRows(d.headerRow)) {
    const nrCell = reader.cell(r, c.prosjekt);
    const nameCell = reader.cell(r, c.navn);
    if (isBlank(nrCell) && isBlank(nameCell)) continue;
    const addr = cellAddress(r, need(c, "prosjekt"));
    const p = parseProject(nrCell);
    if (!p.ok || p.nr === null) {
      sink.add(finding("PROJECT_INVALID", sheet, addr, T.projectNumberRowLeftOut({ at: `${sheet}!${addr}`, value: clip(cellText(nrCell)) })));
      continue;
    }
    const name = cellText(nameCell).trim();
    const existing = projects.get(p.nr);
    if (existing) {
      if (existing.name !== name)
        sink.add(
          finding(
            "PROJECT_DUPLICATE_NAME",
            sheet,
            addr,
            T.projectDuplicateName({ at: `${sheet}!${addr}`, nr: p.nr, first: clip(existing.name), firstRow: existing.row + 1, second: clip(name) }),
          ),
        );
      continue;
    }
    let parent = parentOf(p.nr);
    const parentCell = reader.cell(r, c.overordnet);
    if (!isBlank(parentCell)) {
      const pp = parseProject(parentCell);
      if (pp.ok && pp.nr) parent = pp.nr;
      else
        sink.add(
          finding(
            "PROJECT_INVALID",
            sheet,
            cellAddress(r, need(c, "overordnet")),
            T.projectNumberInvalid({ at: `${sheet}!${cellAddress(r, need(c, "overordnet"))}`, value: clip(cellText(parentCell)) }),
          ),
        );
    }
    const dateOf = (field: "vedtattFerdig" | "forventetFerdig"): ProjectDate => {
      const v = reader.cell(r, c[field]);
      const pd = parseProjectDate(v);
      if (pd.kind === "invalid")
        sink.add(finding("DATE_INVALID", sheet, cellAddress(r, need(c, field)), T.dateInvalid({ at: `${sheet}!${cellAddress(r, need(c, field))}`, value: clip(pd.text) })));
      return pd;
    };
    const dates = { vedtattFerdig: dateOf("vedtattFerdig"), forventetFerdig: dateOf("forventetFerdig") };
    const statusCell = reader.cell(r, c.status);
    const status = parseStatus(statusCell);
    if (status === null)
      sink.add(
        finding(
          "STATUS_UNKNOWN",
          sheet,
          cellAddress(r, need(c, "status")),
          T.statusUnknown({ at: `${sheet}!${cellAddress(r, need(c, "status"))}`, value: clip(cellText(statusCell)) }),
        ),
      );
    const typeCell = reader.cell(r, c.type);
    const type = parseType(typeCell);
    if (type === null)
      sink.add(
        finding("TYPE_UNKNOWN", sheet, cellAddress(r, need(c, "type")), T.typeUnknown({ at: `${sheet}!${cellAddress(r, need(c, "type"))}`, value: clip(cellText(typeCell)) })),
      );
    let category: 1 | 2 | 3 | 4 | undefined;
    const catCell = reader.cell(r, c.kategori);
    if (!isBlank(catCell)) {
      const n = typeof catCell === "number" ? catCell : Number(cellText(catCell).trim());
      if (n === 1 || n === 2 || n === 3 || n === 4) category = n;
      else
        sink.add(
          finding(
            "CATEGORY_INVALID",
            sheet,
            cellAddress(r, need(c, "kategori")),
            T.categoryInvalid({ at: `${sheet}!${cellAddress(r, need(c, "kategori"))}`, value: clip(cellText(catCell)) }),
          ),
        );
    }
    let split: [Ore, Ore, Ore, Ore] | undefined;
    const katCols = [c.kat1, c.kat2, c.kat3, c.kat4];
    if (katCols.some((col) => !isBlank(reader.cell(r, col)))) {
      const parts = katCols.map((col) =>
        isBlank(reader.cell(r, col)) ? ({ ok: true, ore: 0 as Ore } as const) : readAmount(reader.cell(r, col), sheet, cellAddress(r, col!), sink, "category", forms.get(col!)),
      );
      if (parts.every((x) => x.ok)) split = parts.map((x) => (x.ok ? x.ore : (0 as Ore))) as [Ore, Ore, Ore, Ore];
    }
    projects.set(p.nr, {
      nr: p.nr,
      name,
      parent,
      vedtattFerdig: dates.vedtattFerdig,
      forventetFerdig: dates.forventetFerdig,
      status: status ?? undefined,
      statusText: isBlank(statusCell) ? undefined : cellText(statusCell).trim(),
      type: type ?? undefined,
      category,
      split,
      comment: cellText(reader.cell(r, c.kommentar)).trim(),
      row: r,
      sheet,
      cells: {
        nr: addr,
        parent: !isBlank(parentCell) ? cellAddress(r, need(c, "overordnet")) : addr,
        split: split
          ? cellAddress(
              r,
              katCols.find((col) => !isBlank(reader.cell(r, col)))!,
            )
          : category !== undefined
            ? cellAddress(r, need(c, "kategori"))
            : undefined,
      },
    });
  }
  return projects;
}

// ---------------------------------------------------------------- Reguleringer

export interface BudgetChange {
  readonly part: Part;
  readonly sak: string;
  readonly date: string;
  readonly amount: Ore;
  readonly ydisp: boolean;
  readonly project: string | null;
  readonly description: string;
  readonly row: number;
  readonly sheet: string;
}

export function parseReguleringer(reader: GridReader, d: DetectedSheet, sink: FindingSink, forms: ReadonlyMap<number, AmountColumn> = new Map()): BudgetChange[] {
  const out: BudgetChange[] = [];
  const sheet = reader.name;
  const c = d.columns;
  for (const r of reader.dataRows(d.headerRow)) {
    const row = reader.row(r);
    if (!row || row.every((v) => isBlank(v))) continue;
    const amountAddr = cellAddress(r, need(c, "belop"));
    const a = readAmount(reader.cell(r, c.belop), sheet, amountAddr, sink, "regulation", forms.get(c.belop!));
    if (!a.ok) {
      if (a.blank) sink.add(finding("AMOUNT_INVALID", sheet, amountAddr, T.regulationWithoutAmount({ at: `${sheet}!${amountAddr}` })));
      continue;
    }
    const partCell = reader.cell(r, c.del);
    const part = parsePart(partCell);
    if (part === null) {
      sink.add(
        finding(
          "PART_INVALID",
          sheet,
          cellAddress(r, need(c, "del")),
          T.partInvalid({ at: `${sheet}!${cellAddress(r, need(c, "del"))}`, value: clip(cellText(partCell)), of: "regulation" }),
        ),
      );
      continue;
    }
    const typeText = normaliseName(cellText(reader.cell(r, c.type)));
    const sak = cellText(reader.cell(r, c.sak)).trim();
    const project = parseProject(reader.cell(r, c.prosjekt));
    const dateCell = reader.cell(r, c.dato);
    out.push({
      part: part ?? (typeText === "ydisp" ? "investering" : "drift"),
      sak,
      date: cellText(dateCell).trim(),
      amount: a.ore,
      ydisp: typeText === "ydisp" || /^ydisp/i.test(sak),
      project: project.ok ? project.nr : null,
      description: cellText(reader.cell(r, c.beskrivelse)).trim(),
      row: r,
      sheet,
    });
  }
  return out;
}
