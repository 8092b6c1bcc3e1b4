/**
 * A hand-rolled fake of the Excel object model for write paths (and the reads that go with
 * them), strict where Excel is:
 *
 * - Calls are queued and take effect only at `context.sync()`, in order; the first failing
 *   operation fails the sync and the ones before it stay applied (batches are not
 *   transactions). Loaded properties are readable only after the sync that loaded them.
 * - A missing item fails the sync (ItemNotFound); a sheet is found by name or by id.
 * - Formulas are parsed: an entry of `formulas` must be a number, a boolean, null or a text
 *   that starts with "=" and has balanced parentheses and quotes; number formats must have
 *   balanced quotes and brackets and at most four sections; a grid must have the range's
 *   shape. Excel refuses these at sync (InvalidArgument); so does the fake.
 * - Values are typed as Excel types what is entered into a cell not formatted as text:
 *   "2022" a number, "5 %" the fraction 0.05 (with a percent format), "TRUE" a boolean,
 *   "2023-02-01" or "01.02.2023" a date serial (with a date format), "=x" a formula.
 * - Request size is the UTF-8 bytes of the JSON of the queued operations (name, target,
 *   arguments), as they travel.
 * - Excel refuses to delete the last visible sheet. A copy of a sheet (the user's "Move or
 *   Copy") gets a new id and "Name (2)", the cells, formats and sheet-scoped names, but not
 *   the worksheet custom properties. Renaming a sheet carries formulas along; deleting one
 *   turns formulas that refer to it into #REF!.
 * - Transient errors (InactiveWorkbook, InvalidOperationInCellEditMode, …) can be injected at
 *   any sync, before it runs (Excel refused it) or after (it ran, the answer was lost).
 */
import { createHash } from "crypto";
import type { ExcelBatchRunner } from "../../src/workbook/office-js";
import { at, group } from "../../src/domain/at";
import { columnLetters } from "../../src/domain/cells";
import { a1Area } from "./a1";

export type FakeValue = string | number | boolean | null;

export interface FakeCell {
  value: FakeValue;
  /** Formula text with '=' when the cell holds a formula. */
  formula?: string;
  numberFormat: string;
}

export interface FakeSheet {
  readonly id: string;
  name: string;
  visible: boolean;
  readonly cells: Map<string, FakeCell>;
  readonly customProperties: Map<string, string>;
  /** Sheet-scoped names: name → formula. */
  readonly names: Map<string, string>;
  /** Format calls in order: address, property path, value. */
  readonly formats: { address: string; property: string; value: unknown }[];
  readonly merges: string[];
  readonly columnWidths: Map<number, number>;
  /** Row heights in points by 0-based row, as set through format.rowHeight. */
  readonly rowHeights: Map<number, number>;
  readonly hyperlinks: Map<string, unknown>;
  readonly pageLayout: Record<string, unknown>;
  frozenRows: number;
  readonly charts: FakeChartRecord[];
  /** 0-based rows a manual page break was added above (horizontalPageBreaks.add). */
  readonly rowBreaks: number[];
}

/** A chart added through worksheet.charts.add, with what was set on it since. */
export interface FakeChartRecord {
  readonly type: string;
  /** Address of the source range given to charts.add. */
  readonly source: string;
  readonly seriesBy: string | undefined;
  title?: string;
  /** setPosition(start, end) as addresses. */
  position?: { start: string; end: string | undefined };
  readonly series: { name?: string; values?: string; xAxisValues?: string }[];
  legendPosition?: string;
}

/** One executed operation, for asserting order and grouping. */
export interface FakeOperation {
  readonly sync: number;
  /** The sheet's name when the operation ran. */
  readonly sheet: string;
  readonly sheetId: string;
  readonly kind: string;
  readonly address?: string;
  readonly value?: unknown;
}

interface Area {
  readonly row: number;
  readonly column: number;
  readonly rowCount: number;
  readonly columnCount: number;
}

const MAX_ROWS = 1_048_576;
const MAX_COLUMNS = 16_384;
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

function letterIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** A cell's key in a fake sheet ("row,column") → [row, column]. */
function cellOfKey(key: string): [number, number] {
  const [r, c] = key.split(",").map(Number);
  if (r === undefined || c === undefined) throw new Error(`Not a cell key: ${key}`);
  return [r, c];
}

/** "B3", "A1:F1", "A:C", "3:4" (with or without $) → area. */
export function parseArea(address: string): Area {
  const a = address.replace(/\$/g, "");
  let m = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/i.exec(a);
  if (m) {
    const column = letterIndex(group(m, 1));
    const row = Number(group(m, 2)) - 1;
    const lastColumn = m[3] ? letterIndex(m[3]) : column;
    const lastRow = m[4] ? Number(m[4]) - 1 : row;
    return { row, column, rowCount: lastRow - row + 1, columnCount: lastColumn - column + 1 };
  }
  m = /^([A-Z]+):([A-Z]+)$/i.exec(a);
  if (m) return { row: 0, column: letterIndex(group(m, 1)), rowCount: MAX_ROWS, columnCount: letterIndex(group(m, 2)) - letterIndex(group(m, 1)) + 1 };
  m = /^(\d+):(\d+)$/.exec(a);
  if (m) return { row: Number(m[1]) - 1, column: 0, rowCount: Number(m[2]) - Number(m[1]) + 1, columnCount: MAX_COLUMNS };
  throw Object.assign(new Error(`Bad address ${address}`), { code: "InvalidArgument" });
}

const WHOLE_SHEET: Area = { row: 0, column: 0, rowCount: MAX_ROWS, columnCount: MAX_COLUMNS };

function areaAddress(area: Area): string {
  if (area.rowCount === MAX_ROWS && area.columnCount === MAX_COLUMNS) return "1:1048576";
  if (area.rowCount === MAX_ROWS) return `${columnLetters(area.column)}:${columnLetters(area.column + area.columnCount - 1)}`;
  return a1Area(area.row, area.column, area.rowCount, area.columnCount);
}

function inArea(area: Area, r: number, c: number): boolean {
  return r >= area.row && r < area.row + area.rowCount && c >= area.column && c < area.column + area.columnCount;
}

export function richApiError(code: string, message: string): Error {
  return Object.assign(new Error(message), { name: "RichApi.Error", code });
}

class NotLoadedError extends Error {
  constructor(property: string) {
    super(`PropertyNotLoaded: ${property} was read before load() and sync()`);
  }
}

/** A loaded snapshot: reading a property that was not loaded throws, as office-js does. */
class Loaded {
  private snapshot: Record<string, unknown> | null = null;
  protected set(values: Record<string, unknown>): void {
    this.snapshot = { ...(this.snapshot ?? {}), ...values };
  }
  protected get<T>(property: string): T {
    if (this.snapshot === null || !(property in this.snapshot)) throw new NotLoadedError(property);
    return this.snapshot[property] as T;
  }
}

const FORBIDDEN_NAME = /[[\]:*?/\\]/;

function quoted(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

/** Why Excel would refuse this formula text, or null when it parses (balanced quotes and parentheses). */
export function formulaProblem(formula: string): string | null {
  if (!formula.startsWith("=")) return "does not start with '='";
  if (formula.length > 8192) return "is longer than 8,192 characters";
  let depth = 0;
  for (let i = 1; i < formula.length; i++) {
    const ch = formula[i];
    if (ch === '"' || ch === "'") {
      const end = formula.indexOf(ch, i + 1);
      if (end < 0) return `has an unclosed ${ch}`;
      i = end;
      // A doubled quote inside a literal is one quote: continue inside it.
      while (formula[i + 1] === ch) {
        const next = formula.indexOf(ch, i + 2);
        if (next < 0) return `has an unclosed ${ch}`;
        i = next;
      }
      continue;
    }
    if (ch === "(") depth++;
    if (ch === ")" && --depth < 0) return "closes a parenthesis it did not open";
  }
  if (depth !== 0) return "has unbalanced parentheses";
  if (formula.trim() === "=") return "is empty";
  return null;
}

/** Why Excel would refuse this number format, or null. */
export function numberFormatProblem(format: unknown): string | null {
  if (typeof format !== "string") return "is not a text";
  if (format === "") return "is empty";
  const withoutQuoted = format.replace(/\\./g, "");
  if ((withoutQuoted.match(/"/g) ?? []).length % 2 !== 0) return "has an unclosed quote";
  const outside = withoutQuoted.replace(/"[^"]*"/g, "");
  let depth = 0;
  for (const ch of outside) {
    if (ch === "[") depth++;
    if (ch === "]" && --depth < 0) return "closes a bracket it did not open";
    if (depth > 1) return "nests brackets";
  }
  if (depth !== 0) return "has an unclosed bracket";
  if (outside.split(";").length > 4) return "has more than four sections";
  return null;
}

/** Serial of a date (1900 date system, as Excel for Windows). */
export function dateSerial(year: number, month: number, day: number): number {
  return (Date.UTC(year, month - 1, day) - EXCEL_EPOCH_MS) / 86_400_000;
}

/** How Excel types a value entered into a cell that is not formatted as text (en-US entry). */
function typedEntry(value: FakeValue, numberFormat: string): { value: FakeValue; formula?: string; numberFormat: string } {
  if (typeof value !== "string") return { value, numberFormat };
  const t = value.trim();
  if (/^[-+]?\d+(\.\d+)?$/.test(t)) return { value: Number(t), numberFormat };
  const pct = /^([-+]?\d+(?:\.\d+)?)\s*%$/.exec(t);
  if (pct) return { value: Number(pct[1]) / 100, numberFormat: numberFormat === "General" ? "0%" : numberFormat };
  if (/^(true|false)$/i.test(t)) return { value: t.toLowerCase() === "true", numberFormat };
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (m) return { value: dateSerial(+group(m, 1), +group(m, 2), +group(m, 3)), numberFormat: numberFormat === "General" ? "yyyy-mm-dd" : numberFormat };
  m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(t);
  if (m) return { value: dateSerial(+group(m, 3), +group(m, 2), +group(m, 1)), numberFormat: numberFormat === "General" ? "dd.mm.yyyy" : numberFormat };
  // A leading =, + or - makes Excel parse a formula; @ is the implicit-intersection operator.
  if (/^[=+\-@]/.test(value)) {
    const formula = value.startsWith("=") ? value : `=${value}`;
    const problem = formulaProblem(formula);
    if (problem) throw richApiError("InvalidArgument", `The value ${JSON.stringify(value)} is a formula that ${problem}.`);
    return { value: null, formula, numberFormat };
  }
  return { value, numberFormat };
}

/**
 * What Excel does to formulas in every sheet when a sheet is renamed (references follow
 * it) or deleted (references become #REF!).
 */
function rewriteReferences(wb: FakeWorkbook, oldName: string, replacement: string): void {
  const patterns = [quoted(oldName) + "!"];
  if (/^[A-Za-z_][A-Za-z0-9_.]*$/.test(oldName)) patterns.push(oldName + "!");
  for (const sheet of wb.sheets) {
    for (const cell of sheet.cells.values()) {
      if (!cell.formula) continue;
      for (const p of patterns) cell.formula = cell.formula.split(p).join(replacement);
    }
  }
}

interface QueuedOperation {
  readonly action: { readonly name: string; readonly args: unknown };
  readonly run: () => void;
}

/** A workbook with sheets of cells; every call through `context` is queued until `context.sync()`. */
export class FakeWorkbook {
  readonly sheets: FakeSheet[] = [];
  readonly log: FakeOperation[] = [];
  readonly context: FakeContext;
  /** Workbook custom (document) properties. */
  readonly documentProperties = new Map<string, string>();
  /** Sync count so far (also observable with jest.spyOn(context, "sync")). */
  syncCount = 0;
  /** Request size per sync: UTF-8 bytes of the JSON of every queued operation. */
  readonly requestBytes: number[] = [];
  /** Make the Nth cell write (values, numberFormat, formulas, format, merge, hyperlink) from now on fail its sync. */
  failOnCellWrite: number | null = null;
  /** Make the next operation of this kind ("delete", "copyFrom", "freezeRows", "chart.add", …) fail its sync. */
  failOnKind: string | null = null;
  /** Operations of these kinds always fail their sync (what Excel refuses for reasons of its own, e.g. a printer setting). */
  readonly refusedKinds = new Set<string>();
  /** Called at the start of every sync (tests use it to let "another runtime" act between requests). */
  beforeSync: ((sync: number) => void | Promise<void>) | null = null;
  private readonly injected = new Map<number, { code: string; when: "before" | "after" }>();
  private cellWrites = 0;
  private queue: QueuedOperation[] = [];
  private nextId = 1;

  constructor() {
    this.context = new FakeContext(this);
  }

  /**
   * Make sync number `n` (1-based, over the workbook's life) fail with a RichApi error of
   * `code`: "before" it runs (Excel refused the request: nothing applied) or "after" (it
   * ran; the answer did not arrive).
   */
  failSync(n: number, code: string, when: "before" | "after" = "before"): void {
    this.injected.set(n, { code, when });
  }

  /** Adds a sheet directly (as the user would have it), outside any batch. */
  addSheet(name: string, rows: readonly (readonly FakeValue[])[] = [], marker?: string): FakeSheet {
    const sheet = this.createSheet(name);
    rows.forEach((row, r) =>
      row.forEach((value, c) => {
        if (value !== null && value !== "") sheet.cells.set(`${r},${c}`, { value, numberFormat: "General" });
      }),
    );
    if (marker !== undefined) sheet.customProperties.set("AvstemOutput", marker);
    return sheet;
  }

  /** The user's "Move or Copy → Create a copy": right after the original, "Name (2)", without custom properties, with a new id. */
  copySheet(name: string): FakeSheet {
    const source = this.mustSheet(name);
    let copyName: string;
    for (let n = 2; ; n++) {
      copyName = `${source.name.slice(0, 31 - ` (${n})`.length)} (${n})`;
      if (!this.sheet(copyName)) break;
    }
    const copy: FakeSheet = {
      ...structuredClone({ ...source, cells: undefined, customProperties: undefined, names: undefined, columnWidths: undefined, rowHeights: undefined, hyperlinks: undefined }),
      id: `{${this.nextId++}}`,
      name: copyName,
      cells: new Map([...source.cells].map(([k, v]) => [k, { ...v }])),
      customProperties: new Map(),
      names: new Map(source.names),
      columnWidths: new Map(source.columnWidths),
      rowHeights: new Map(source.rowHeights),
      hyperlinks: new Map(source.hyperlinks),
    } as FakeSheet;
    this.sheets.splice(this.sheets.indexOf(source) + 1, 0, copy);
    return copy;
  }

  /** The user renames a sheet (formulas follow it). */
  renameSheet(from: string, to: string): void {
    const sheet = this.mustSheet(from);
    this.checkName(to, sheet);
    rewriteReferences(this, sheet.name, quoted(to) + "!");
    sheet.name = to;
  }

  /** The user deletes a sheet (formulas that refer to it become #REF!). */
  deleteSheet(name: string): void {
    this.removeSheet(this.mustSheet(name));
  }

  sheet(name: string): FakeSheet | undefined {
    return this.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
  }

  names(): string[] {
    return this.sheets.map((s) => s.name);
  }

  /** Cell values of a sheet as a dense grid (for readable assertions). */
  grid(name: string): FakeValue[][] {
    const sheet = this.mustSheet(name);
    const grid: FakeValue[][] = [];
    for (const [key, cell] of sheet.cells) {
      const [r, c] = cellOfKey(key);
      while (grid.length <= r) grid.push([]);
      const row = at(grid, r, "row");
      while (row.length <= c) row.push(null);
      row[c] = cell.formula ?? cell.value;
    }
    return grid.map((row) => row.map((v) => v ?? null));
  }

  cell(name: string, address: string): FakeCell | undefined {
    const { row, column } = parseArea(address);
    return this.mustSheet(name).cells.get(`${row},${column}`);
  }

  /** SHA-256 of everything a sheet holds: name, cells, formats, properties, names, merges, widths. */
  hash(name: string): string {
    const s = this.mustSheet(name);
    const content = {
      name: s.name,
      cells: [...s.cells.entries()].sort(([a], [b]) => a.localeCompare(b)),
      properties: [...s.customProperties.entries()],
      names: [...s.names.entries()],
      formats: s.formats,
      merges: s.merges,
      widths: [...s.columnWidths.entries()],
      heights: [...s.rowHeights.entries()],
      charts: s.charts,
      breaks: s.rowBreaks,
      links: [...s.hyperlinks.entries()],
      layout: s.pageLayout,
      frozen: s.frozenRows,
    };
    return createHash("sha256").update(JSON.stringify(content)).digest("hex");
  }

  readonly run: ExcelBatchRunner = (batch) => batch(this.context as unknown as Excel.RequestContext);

  // --- used by the proxies ---

  enqueue(run: () => void, args: unknown = null, name = "op"): void {
    this.queue.push({ action: { name, args }, run });
  }

  /** Operations queued and not yet synced. */
  get pending(): number {
    return this.queue.length;
  }

  async sync(): Promise<void> {
    this.syncCount++;
    const n = this.syncCount;
    if (this.beforeSync) await this.beforeSync(n);
    const queue = this.queue;
    this.queue = [];
    this.requestBytes.push(Buffer.byteLength(JSON.stringify(queue.map((op) => op.action)), "utf8"));
    const injected = this.injected.get(n);
    if (injected?.when === "before") throw richApiError(injected.code, `${injected.code} (simulated, before sync ${n} ran)`);
    // Operations apply in order; the first failure ends the batch, earlier ones stay applied.
    for (const op of queue) op.run();
    await Promise.resolve();
    if (injected?.when === "after") throw richApiError(injected.code, `${injected.code} (simulated, after sync ${n} ran)`);
  }

  record(sheet: FakeSheet, kind: string, area?: Area, value?: unknown): void {
    if (this.failOnKind === kind || this.refusedKinds.has(kind)) {
      if (this.failOnKind === kind) this.failOnKind = null;
      throw richApiError("GeneralException", `${kind} failed (simulated).`);
    }
    this.log.push({ sync: this.syncCount, sheet: sheet.name, sheetId: sheet.id, kind, address: area ? areaAddress(area) : undefined, value });
  }

  countCellWrite(): void {
    this.cellWrites++;
    if (this.failOnCellWrite !== null && this.cellWrites >= this.failOnCellWrite) {
      this.failOnCellWrite = null;
      throw richApiError("GeneralException", "An internal error has occurred (simulated).");
    }
  }

  /** Cell writes run since the last reset. */
  get cellWriteCount(): number {
    return this.cellWrites;
  }

  resetCellWriteCount(): void {
    this.cellWrites = 0;
  }

  createSheet(name: string, id = this.reserveId()): FakeSheet {
    this.checkName(name, null);
    const sheet: FakeSheet = {
      id,
      name,
      visible: true,
      cells: new Map(),
      customProperties: new Map(),
      names: new Map(),
      formats: [],
      merges: [],
      columnWidths: new Map(),
      rowHeights: new Map(),
      hyperlinks: new Map(),
      pageLayout: {},
      frozenRows: 0,
      charts: [],
      rowBreaks: [],
    };
    this.sheets.push(sheet);
    return sheet;
  }

  reserveId(): string {
    return `{${this.nextId++}}`;
  }

  /** A sheet by id or (case-insensitive) name, as worksheets.getItem(key) finds it. */
  byKey(key: string): FakeSheet | undefined {
    return this.sheets.find((s) => s.id === key) ?? this.sheet(key);
  }

  byId(id: string): FakeSheet {
    const sheet = this.sheets.find((s) => s.id === id);
    if (!sheet) throw richApiError("ItemNotFound", `Sheet ${id} does not exist (deleted?)`);
    return sheet;
  }

  removeSheet(sheet: FakeSheet): void {
    if (sheet.visible && this.sheets.filter((s) => s.visible).length === 1) {
      throw richApiError("InvalidOperation", "A workbook must contain at least one visible worksheet.");
    }
    this.sheets.splice(this.sheets.indexOf(sheet), 1);
    rewriteReferences(this, sheet.name, "#REF!");
  }

  checkName(name: string, self: FakeSheet | null): void {
    if (name.length === 0 || name.length > 31 || FORBIDDEN_NAME.test(name) || /^'|'$/.test(name)) throw richApiError("InvalidArgument", `Invalid sheet name ${name}`);
    const holder = this.sheet(name);
    if (holder && holder !== self) throw richApiError("InvalidArgument", `A sheet named ${name} exists`);
  }

  private mustSheet(name: string): FakeSheet {
    const sheet = this.sheet(name);
    if (!sheet) throw new Error(`No sheet ${name}; sheets: ${this.names().join(", ")}`);
    return sheet;
  }
}

class FakeContext {
  readonly workbook: { worksheets: FakeWorksheetCollection; properties: { custom: FakeDocumentProperties } };
  readonly application: { suspendApiCalculationUntilNextSync(): void };
  /** Syncs that ran with API calculation suspended. */
  suspendedSyncs = new Set<number>();

  constructor(private readonly wb: FakeWorkbook) {
    this.workbook = { worksheets: new FakeWorksheetCollection(wb), properties: { custom: new FakeDocumentProperties(wb) } };
    this.application = {
      suspendApiCalculationUntilNextSync: () => this.suspendedSyncs.add(wb.syncCount + 1),
    };
  }

  sync(): Promise<void> {
    return this.wb.sync();
  }
}

/** workbook.properties.custom (ExcelApi 1.7): add sets or replaces. */
class FakeDocumentProperties {
  constructor(private readonly wb: FakeWorkbook) {}

  add(key: string, value: string): void {
    this.wb.enqueue(() => this.wb.documentProperties.set(key, String(value)), [key, value], "customProperty.add");
  }

  getItem(key: string): FakeDocumentProperty {
    return new FakeDocumentProperty(this.wb, key, false);
  }

  getItemOrNullObject(key: string): FakeDocumentProperty {
    return new FakeDocumentProperty(this.wb, key, true);
  }
}

class FakeDocumentProperty extends Loaded {
  constructor(
    private readonly wb: FakeWorkbook,
    private readonly key: string,
    private readonly orNull: boolean,
  ) {
    super();
  }

  private check(): boolean {
    const present = this.wb.documentProperties.has(this.key);
    if (!present && !this.orNull) throw richApiError("ItemNotFound", `No custom property ${this.key}`);
    return present;
  }

  load(properties: string): this {
    this.wb.enqueue(
      () => {
        const present = this.check();
        this.set(present ? { isNullObject: false, value: this.wb.documentProperties.get(this.key) } : { isNullObject: true });
      },
      [this.key, properties],
      "customProperty.load",
    );
    return this;
  }

  get isNullObject(): boolean {
    return this.get("isNullObject");
  }

  get value(): string {
    return this.get("value");
  }

  delete(): void {
    this.wb.enqueue(
      () => {
        if (!this.check()) throw richApiError("InvalidOperation", "delete on a null object");
        this.wb.documentProperties.delete(this.key);
      },
      [this.key],
      "customProperty.delete",
    );
  }
}

class FakeWorksheetCollection extends Loaded {
  constructor(private readonly wb: FakeWorkbook) {
    super();
  }

  get items(): FakeWorksheet[] {
    return this.get("items");
  }

  load(properties: string): this {
    const wanted = properties.split(",").map((p) => p.trim());
    if (!wanted.every((p) => p === "items/name" || p === "items/id")) throw new Error(`fake supports only load("items/name[,items/id]"), got ${properties}`);
    this.wb.enqueue(
      () => {
        const items = this.wb.sheets.map((s) => {
          const proxy = new FakeWorksheet(this.wb, () => s.id);
          proxy.resolve(wanted.map((p) => p.slice("items/".length)));
          return proxy;
        });
        this.set({ items });
      },
      properties,
      "worksheets.load",
    );
    return this;
  }

  add(name: string): FakeWorksheet {
    const id = this.wb.reserveId();
    this.wb.enqueue(
      () => {
        const sheet = this.wb.createSheet(name, id);
        this.wb.record(sheet, "add");
      },
      name,
      "worksheets.add",
    );
    return new FakeWorksheet(this.wb, () => id);
  }

  getItem(key: string): FakeWorksheet {
    let id: string | null = null;
    return new FakeWorksheet(this.wb, () => {
      if (id === null) {
        const sheet = this.wb.byKey(key);
        if (!sheet) throw richApiError("ItemNotFound", `Sheet ${key} not found`);
        id = sheet.id;
      }
      return id;
    });
  }

  getItemOrNullObject(key: string): FakeWorksheet {
    let id: string | null = null;
    return new FakeWorksheet(
      this.wb,
      () => {
        if (id === null) {
          const sheet = this.wb.byKey(key);
          if (!sheet) throw richApiError("InvalidOperation", `Operation on the null object for ${key}`);
          id = sheet.id;
        }
        return id;
      },
      () => this.wb.byKey(key) === undefined,
    );
  }
}

class FakeWorksheet extends Loaded {
  readonly customProperties: {
    add(key: string, value: string): void;
    getItemOrNullObject(key: string): FakeCustomProperty;
  };
  readonly names: { add(name: string, formula: string): void; getItemOrNullObject(name: string): FakeNamedItem };
  readonly freezePanes: { freezeRows(count: number): void; unfreeze(): void };
  readonly pageLayout: FakePageLayout;
  readonly charts: FakeChartCollection;
  readonly horizontalPageBreaks: { add(pageBreakRange: string): void; removePageBreaks(): void };

  constructor(
    private readonly wb: FakeWorkbook,
    private readonly sheetId: () => string,
    private readonly isNull: () => boolean = () => false,
  ) {
    super();
    const put = (name: string, args: unknown, apply: (sheet: FakeSheet) => void) => wb.enqueue(() => apply(this.target()), args, name);
    this.customProperties = {
      add: (key, value) =>
        put("sheet.customProperties.add", [key, value], (sheet) => {
          sheet.customProperties.set(key, value);
          wb.record(sheet, "customProperty", undefined, { key, value });
        }),
      getItemOrNullObject: (key) => new FakeCustomProperty(wb, () => this.target(), key),
    };
    this.names = {
      add: (name, formula) =>
        put("sheet.names.add", [name, formula], (sheet) => {
          if (sheet.names.has(name)) throw richApiError("InvalidArgument", `The name ${name} exists on ${sheet.name}`);
          const problem = formulaProblem(formula);
          if (problem) throw richApiError("InvalidArgument", `The formula of name ${name} ${problem}`);
          sheet.names.set(name, formula);
          wb.record(sheet, "name.add", undefined, { name, formula });
        }),
      getItemOrNullObject: (name) => new FakeNamedItem(wb, () => this.target(), name),
    };
    this.freezePanes = {
      freezeRows: (count) =>
        put("freezeRows", count, (sheet) => {
          sheet.frozenRows = count;
          wb.record(sheet, "freezeRows", undefined, count);
        }),
      unfreeze: () =>
        put("unfreeze", null, (sheet) => {
          sheet.frozenRows = 0;
        }),
    };
    this.pageLayout = new FakePageLayout(wb, () => this.target());
    this.horizontalPageBreaks = {
      add: (address) =>
        put("pageBreak.add", address, (sheet) => {
          sheet.rowBreaks.push(parseArea(address).row);
          wb.record(sheet, "pageBreak", parseArea(address));
        }),
      removePageBreaks: () =>
        put("pageBreak.removeAll", null, (sheet) => {
          sheet.rowBreaks.splice(0);
        }),
    };
    this.charts = new FakeChartCollection(wb, () => this.target());
  }

  target(): FakeSheet {
    if (this.isNull()) throw richApiError("InvalidOperation", "Operation on a null object");
    return this.wb.byId(this.sheetId());
  }

  /** Called at sync by loads. */
  resolve(properties: readonly string[]): void {
    if (this.isNull()) {
      this.set({ isNullObject: true });
      return;
    }
    const sheet = this.target();
    const values: Record<string, unknown> = { isNullObject: false };
    for (const p of properties) values[p] = p === "name" ? sheet.name : p === "id" ? sheet.id : p === "visibility" ? (sheet.visible ? "Visible" : "Hidden") : undefined;
    this.set(values);
  }

  get name(): string {
    return this.get("name");
  }

  set name(name: string) {
    this.wb.enqueue(
      () => {
        const sheet = this.target();
        this.wb.checkName(name, sheet);
        this.wb.record(sheet, "rename", undefined, { from: sheet.name, to: name });
        rewriteReferences(this.wb, sheet.name, quoted(name) + "!");
        sheet.name = name;
      },
      name,
      "sheet.name",
    );
  }

  get id(): string {
    return this.get("id");
  }

  get isNullObject(): boolean {
    return this.get("isNullObject");
  }

  load(properties: string): this {
    const wanted = properties.split(",").map((p) => p.trim());
    if (!wanted.every((p) => ["name", "id", "visibility"].includes(p))) throw new Error(`fake supports only name, id, visibility on a worksheet, got ${properties}`);
    this.wb.enqueue(() => this.resolve(wanted), properties, "sheet.load");
    return this;
  }

  delete(): void {
    this.wb.enqueue(
      () => {
        const sheet = this.target();
        this.wb.record(sheet, "delete");
        this.wb.removeSheet(sheet);
      },
      null,
      "sheet.delete",
    );
  }

  activate(): void {
    this.wb.enqueue(() => void this.target(), null, "sheet.activate");
  }

  /** The whole sheet without an address; else the address's range. */
  getRange(address?: string): FakeRange {
    return new FakeRange(this.wb, () => this.target(), address === undefined ? WHOLE_SHEET : parseArea(address));
  }

  getRangeByIndexes(row: number, column: number, rowCount: number, columnCount: number): FakeRange {
    return new FakeRange(this.wb, () => this.target(), { row, column, rowCount, columnCount });
  }

  getUsedRangeOrNullObject(valuesOnly?: boolean): FakeRange {
    return new FakeRange(this.wb, () => this.target(), null, valuesOnly === true);
  }
}

class FakeCustomProperty extends Loaded {
  constructor(
    private readonly wb: FakeWorkbook,
    private readonly sheet: () => FakeSheet,
    private readonly key: string,
  ) {
    super();
  }

  load(properties: string): this {
    if (properties !== "value") throw new Error(`fake supports only load("value") on a custom property, got ${properties}`);
    this.wb.enqueue(
      () => {
        const value = this.sheet().customProperties.get(this.key);
        this.set(value === undefined ? { isNullObject: true } : { isNullObject: false, value });
      },
      this.key,
      "sheet.customProperty.load",
    );
    return this;
  }

  get isNullObject(): boolean {
    return this.get("isNullObject");
  }

  get value(): string {
    return this.get("value");
  }
}

class FakeNamedItem extends Loaded {
  constructor(
    private readonly wb: FakeWorkbook,
    private readonly sheet: () => FakeSheet,
    private readonly name: string,
  ) {
    super();
  }

  load(properties: string): this {
    if (properties !== "formula") throw new Error(`fake supports only load("formula") on a named item, got ${properties}`);
    this.wb.enqueue(
      () => {
        const formula = this.sheet().names.get(this.name);
        this.set(formula === undefined ? { isNullObject: true } : { isNullObject: false, formula });
      },
      this.name,
      "sheet.name.load",
    );
    return this;
  }

  get isNullObject(): boolean {
    return this.get("isNullObject");
  }

  get formula(): string {
    return this.get("formula");
  }
}

class FakePageLayout {
  constructor(
    private readonly wb: FakeWorkbook,
    private readonly sheet: () => FakeSheet,
  ) {}

  private put(property: string, value: unknown): void {
    this.wb.enqueue(
      () => {
        const sheet = this.sheet();
        this.wb.record(sheet, `pageLayout.${property}`, undefined, value);
        sheet.pageLayout[property] = value;
      },
      value,
      `pageLayout.${property}`,
    );
  }

  set orientation(value: string) {
    this.put("orientation", value);
  }
  set paperSize(value: string) {
    this.put("paperSize", value);
  }
  set zoom(value: unknown) {
    this.put("zoom", value);
  }
  setPrintTitleRows(rows: string): void {
    this.put("printTitleRows", rows);
  }
  setPrintArea(area: string): void {
    this.put("printArea", area);
  }
}

function rangeAddress(range: FakeRange | string): string {
  return typeof range === "string" ? areaAddress(parseArea(range)) : areaAddress(range.fakeArea);
}

class FakeChartCollection extends Loaded {
  constructor(
    private readonly wb: FakeWorkbook,
    private readonly sheet: () => FakeSheet,
  ) {
    super();
  }

  get items(): FakeChart[] {
    return this.get("items");
  }

  load(properties: string): this {
    this.wb.enqueue(
      () => {
        const sheet = this.sheet();
        this.set({ items: sheet.charts.map((record) => new FakeChart(this.wb, () => record, sheet)) });
      },
      properties,
      "charts.load",
    );
    return this;
  }

  add(type: string, sourceData: FakeRange, seriesBy?: string): FakeChart {
    let record: FakeChartRecord | null = null;
    let owner: FakeSheet | null = null;
    this.wb.enqueue(
      () => {
        const sheet = this.sheet();
        owner = sheet;
        this.wb.record(sheet, "chart.add", sourceData.fakeArea, { type, seriesBy });
        record = { type, source: areaAddress(sourceData.fakeArea), seriesBy, series: [{}] };
        sheet.charts.push(record);
      },
      [type, areaAddress(sourceData.fakeArea), seriesBy],
      "charts.add",
    );
    return new FakeChart(
      this.wb,
      () => {
        if (record === null) throw richApiError("InvalidOperation", "chart used before its add ran");
        return record;
      },
      () => owner,
    );
  }
}

/** A chart: title, position and series calls apply at sync, to the chart's record. */
class FakeChart {
  readonly title: { text: string };
  readonly legend: { position: string };
  readonly series: { getItemAt(index: number): FakeChartSeries; add(name?: string): FakeChartSeries };

  constructor(
    private readonly wb: FakeWorkbook,
    private readonly chart: () => FakeChartRecord,
    private readonly owner: FakeSheet | (() => FakeSheet | null),
  ) {
    const set = (name: string, apply: (c: FakeChartRecord) => void, args: unknown) => wb.enqueue(() => apply(this.chart()), args, name);
    this.title = Object.defineProperty({} as { text: string }, "text", { set: (text: string) => set("chart.title", (c) => (c.title = text), text) });
    this.legend = Object.defineProperty({} as { position: string }, "position", { set: (p: string) => set("chart.legend", (c) => (c.legendPosition = p), p) });
    this.series = {
      getItemAt: (index) =>
        new FakeChartSeries(wb, () => {
          const s = this.chart().series[index];
          if (!s) throw richApiError("ItemNotFound", `No series ${index}`);
          return s;
        }),
      add: (name) => {
        let index = -1;
        set("chart.series.add", (c) => (index = c.series.push(name === undefined ? {} : { name }) - 1), name);
        return new FakeChartSeries(wb, () => at(this.chart().series, index, "chart series"));
      },
    };
  }

  setPosition(start: FakeRange | string, end?: FakeRange | string): void {
    this.wb.enqueue(
      () => {
        this.chart().position = { start: rangeAddress(start), end: end === undefined ? undefined : rangeAddress(end) };
      },
      [rangeAddress(start), end === undefined ? null : rangeAddress(end)],
      "chart.setPosition",
    );
  }

  delete(): void {
    this.wb.enqueue(
      () => {
        const sheet = typeof this.owner === "function" ? this.owner() : this.owner;
        const record = this.chart();
        if (!sheet || !sheet.charts.includes(record)) throw richApiError("ItemNotFound", "The chart does not exist.");
        sheet.charts.splice(sheet.charts.indexOf(record), 1);
      },
      null,
      "chart.delete",
    );
  }
}

class FakeChartSeries {
  constructor(
    private readonly wb: FakeWorkbook,
    private readonly series: () => FakeChartRecord["series"][number],
  ) {}

  set name(name: string) {
    this.wb.enqueue(() => (this.series().name = name), name, "series.name");
  }
  setValues(range: FakeRange): void {
    this.wb.enqueue(() => (this.series().values = rangeAddress(range)), rangeAddress(range), "series.setValues");
  }
  setXAxisValues(range: FakeRange): void {
    this.wb.enqueue(() => (this.series().xAxisValues = rangeAddress(range)), rangeAddress(range), "series.setXAxisValues");
  }
}

/** The valueTypes entry Excel gives for a cell's value. */
function valueType(cell: FakeCell | undefined): string {
  const v = cell?.value;
  if (v === null || v === undefined || v === "") return "Empty";
  if (typeof v === "number") return "Double";
  if (typeof v === "boolean") return "Boolean";
  return typeof v === "string" && /^#[A-Z/0!?]+[!?A]?$/.test(v) && cell?.formula !== undefined ? "Error" : "String";
}

class FakeRange extends Loaded {
  readonly format: FakeRangeFormat;

  /** `area` null: the used range (valuesOnly or not), decided at sync. */
  constructor(
    private readonly wb: FakeWorkbook,
    private readonly sheet: () => FakeSheet,
    private readonly area: Area | null,
    private readonly valuesOnly = false,
  ) {
    super();
    this.format = new FakeRangeFormat(wb, sheet, () => this.resolvedArea());
  }

  private usedArea(): Area | null {
    let top = Infinity,
      left = Infinity,
      bottom = -1,
      right = -1;
    for (const [key, cell] of this.sheet().cells) {
      if (this.valuesOnly && cell.value === null && cell.formula === undefined) continue;
      const [r, c] = cellOfKey(key);
      top = Math.min(top, r);
      left = Math.min(left, c);
      bottom = Math.max(bottom, r);
      right = Math.max(right, c);
    }
    return bottom < 0 ? null : { row: top, column: left, rowCount: bottom - top + 1, columnCount: right - left + 1 };
  }

  private resolvedArea(): Area {
    if (this.area) return this.area;
    const used = this.usedArea();
    if (!used) throw richApiError("InvalidOperation", "Operation on a null object (no used range)");
    return used;
  }

  /** The fake's own: the area this range covers. */
  get fakeArea(): Area {
    return this.resolvedArea();
  }

  load(properties: string): this {
    const wanted = properties.split(",").map((p) => p.trim());
    this.wb.enqueue(
      () => {
        const sheet = this.sheet();
        const area = this.area ?? this.usedArea();
        if (area === null) {
          this.set({ isNullObject: true });
          return;
        }
        if (area.rowCount * area.columnCount > 5_000_000 && wanted.some((p) => p !== "address")) throw richApiError("InvalidArgument", "Too many cells in one read.");
        const grid = <T>(f: (cell: FakeCell | undefined) => T): T[][] =>
          Array.from({ length: area.rowCount }, (_, r) => Array.from({ length: area.columnCount }, (_, c) => f(sheet.cells.get(`${area.row + r},${area.column + c}`))));
        const out: Record<string, unknown> = { isNullObject: false };
        for (const p of wanted) {
          if (p === "address") out.address = `${quoted(sheet.name)}!${areaAddress(area)}`;
          else if (p === "values") out.values = grid((cell) => cell?.value ?? "");
          else if (p === "valueTypes") out.valueTypes = grid(valueType);
          else if (p === "numberFormat") out.numberFormat = grid((cell) => cell?.numberFormat ?? "General");
          else if (p === "formulas") out.formulas = grid((cell) => cell?.formula ?? cell?.value ?? "");
          else throw new Error(`fake cannot load ${p} on a range`);
        }
        this.set(out);
      },
      properties,
      "range.load",
    );
    return this;
  }

  get isNullObject(): boolean {
    return this.get("isNullObject");
  }

  get address(): string {
    return this.get("address");
  }

  get valueTypes(): string[][] {
    return this.get("valueTypes");
  }

  get values(): FakeValue[][] {
    return this.get("values");
  }

  get numberFormat(): string[][] {
    return this.get("numberFormat");
  }

  private write(kind: string, grid: readonly (readonly FakeValue[])[], apply: (cell: FakeCell | undefined, v: FakeValue, key: string, sheet: FakeSheet) => void): void {
    const area = this.resolvedArea();
    this.wb.enqueue(
      () => {
        const sheet = this.sheet();
        // Excel checks the shape when the request runs.
        if (grid.length !== area.rowCount || grid.some((row) => row.length !== area.columnCount)) {
          throw richApiError("InvalidArgument", `${kind}: grid ${grid.length}×${grid[0]?.length} does not match ${areaAddress(area)}`);
        }
        this.wb.countCellWrite();
        this.wb.record(sheet, kind, area, grid);
        grid.forEach((row, r) =>
          row.forEach((v, c) => {
            // null leaves the cell as it is (office-js: null in a 2-D array).
            if (v === null) return;
            const key = `${area.row + r},${area.column + c}`;
            apply(sheet.cells.get(key), v, key, sheet);
          }),
        );
      },
      { address: areaAddress(area), [kind]: grid },
      `range.${kind}`,
    );
  }

  set values(grid: FakeValue[][]) {
    this.write("values", grid, (cell, v, key, sheet) => {
      const numberFormat = cell?.numberFormat ?? "General";
      if (typeof v === "string" && v.length > 32_767) throw richApiError("InvalidArgument", "A cell holds at most 32,767 characters.");
      const entry = numberFormat === "@" ? { value: typeof v === "string" ? v : String(v), numberFormat } : typedEntry(v, numberFormat);
      sheet.cells.set(key, entry);
    });
  }

  set formulas(grid: FakeValue[][]) {
    this.write("formulas", grid, (cell, v, key, sheet) => {
      const numberFormat = cell?.numberFormat ?? "General";
      if (typeof v === "string") {
        // Stricter than Excel (which would store it as a constant): a formula that lost its "=" is a bug.
        const problem = formulaProblem(v);
        if (problem) throw richApiError("InvalidArgument", `The formula ${JSON.stringify(v)} ${problem}.`);
      }
      // A formula entered into a text-formatted cell stays text.
      const entry = numberFormat === "@" || typeof v !== "string" ? { value: v } : { value: null, formula: v };
      sheet.cells.set(key, { ...entry, numberFormat });
    });
  }

  set numberFormat(grid: FakeValue[][]) {
    this.write("numberFormat", grid, (cell, v, key, sheet) => {
      const problem = numberFormatProblem(v);
      if (problem) throw richApiError("InvalidArgument", `The number format ${JSON.stringify(v)} ${problem}.`);
      sheet.cells.set(key, { value: cell?.value ?? null, formula: cell?.formula, numberFormat: String(v) });
    });
  }

  set hyperlink(link: unknown) {
    const area = this.resolvedArea();
    this.wb.enqueue(
      () => {
        const sheet = this.sheet();
        this.wb.countCellWrite();
        sheet.hyperlinks.set(areaAddress(area), link);
        this.wb.record(sheet, "hyperlink", area, link);
      },
      link,
      "range.hyperlink",
    );
  }

  merge(across?: boolean): void {
    const area = this.resolvedArea();
    this.wb.enqueue(
      () => {
        const sheet = this.sheet();
        this.wb.countCellWrite();
        sheet.merges.push(areaAddress(area));
        this.wb.record(sheet, "merge", area, across);
      },
      [areaAddress(area), across ?? null],
      "range.merge",
    );
  }

  unmerge(): void {
    const area = this.resolvedArea();
    this.wb.enqueue(
      () => {
        const sheet = this.sheet();
        const kept = sheet.merges.filter((m) => {
          const a = parseArea(m);
          return !inArea(area, a.row, a.column);
        });
        sheet.merges.splice(0, sheet.merges.length, ...kept);
      },
      areaAddress(area),
      "range.unmerge",
    );
  }

  /** clear("All" | "Contents" | "Formats" | "Hyperlinks"). */
  clear(applyTo: string = "All"): void {
    const area = this.resolvedArea();
    this.wb.enqueue(
      () => {
        const sheet = this.sheet();
        this.wb.record(sheet, "clear", area, applyTo);
        const whole = area.rowCount === MAX_ROWS && area.columnCount === MAX_COLUMNS;
        for (const [key, cell] of [...sheet.cells]) {
          const [r, c] = cellOfKey(key);
          if (!inArea(area, r, c)) continue;
          if (applyTo === "All") sheet.cells.delete(key);
          else if (applyTo === "Contents") sheet.cells.set(key, { value: null, numberFormat: cell.numberFormat });
          else if (applyTo === "Formats") sheet.cells.set(key, { ...cell, numberFormat: "General" });
        }
        if (applyTo === "All" || applyTo === "Hyperlinks") {
          for (const key of [...sheet.hyperlinks.keys()]) {
            const a = parseArea(key);
            if (inArea(area, a.row, a.column)) sheet.hyperlinks.delete(key);
          }
        }
        if ((applyTo === "All" || applyTo === "Formats") && whole) sheet.formats.splice(0);
      },
      [areaAddress(area), applyTo],
      "range.clear",
    );
  }

  /** copyFrom(source, "All"): cells (values, formulas, number formats) of the source, at this range's top left. Same-position copies only. */
  copyFrom(source: FakeRange, copyType: string = "All"): void {
    const area = this.resolvedArea();
    this.wb.enqueue(
      () => {
        const from = source.fakeArea;
        const sheet = this.sheet();
        const sourceSheet = source.sheet();
        if (copyType !== "All") throw new Error(`fake supports copyFrom "All" only, got ${copyType}`);
        if (from.row !== area.row || from.column !== area.column) throw new Error("fake supports copyFrom to the same position only (relative references would move)");
        if (from.rowCount !== area.rowCount || from.columnCount !== area.columnCount) throw richApiError("InvalidArgument", "copyFrom: the ranges differ in size");
        this.wb.record(sheet, "copyFrom", area, sourceSheet.name);
        for (const [key, cell] of sourceSheet.cells) {
          const [r, c] = cellOfKey(key);
          if (inArea(from, r, c)) sheet.cells.set(key, { ...cell });
        }
        // Cell formats travel with the copy (column widths, row heights and merges are set on the sheet itself).
        for (const f of sourceSheet.formats) {
          const a = parseArea(f.address.includes(":") && !/\d/.test(f.address) ? "A1" : f.address);
          if (/\d/.test(f.address) && inArea(from, a.row, a.column) && f.property !== "columnWidth" && f.property !== "rowHeight") sheet.formats.push({ ...f });
        }
      },
      [areaAddress(area), source.area === null ? "used" : areaAddress(source.area), copyType],
      "range.copyFrom",
    );
  }

  select(): void {
    this.wb.enqueue(() => void this.sheet(), null, "range.select");
  }
}

/** Records every format property set, by path ("font.bold", "borders.EdgeTop.style", …). */
class FakeRangeFormat {
  readonly font: Record<string, unknown>;
  readonly fill: Record<string, unknown>;
  readonly borders: { getItem(edge: string): Record<string, unknown> };

  constructor(
    private readonly wb: FakeWorkbook,
    private readonly sheet: () => FakeSheet,
    private readonly area: () => Area,
  ) {
    this.font = this.recorder("font", ["bold", "italic", "color", "size"]);
    this.fill = this.recorder("fill", ["color"]);
    this.borders = { getItem: (edge: string) => this.recorder(`borders.${edge}`, ["style", "weight", "color"]) };
  }

  private put(property: string, value: unknown): void {
    const area = this.area();
    this.wb.enqueue(
      () => {
        const sheet = this.sheet();
        if (property === "useStandardWidth") {
          for (const c of [...sheet.columnWidths.keys()]) if (c >= area.column && c < area.column + area.columnCount) sheet.columnWidths.delete(c);
          return;
        }
        if (property === "useStandardHeight") {
          for (const r of [...sheet.rowHeights.keys()]) if (r >= area.row && r < area.row + area.rowCount) sheet.rowHeights.delete(r);
          return;
        }
        this.wb.countCellWrite();
        if (property === "columnWidth") {
          for (let c = area.column; c < area.column + area.columnCount; c++) sheet.columnWidths.set(c, value as number);
        }
        if (property === "rowHeight") {
          for (let r = area.row; r < area.row + area.rowCount; r++) sheet.rowHeights.set(r, value as number);
        }
        sheet.formats.push({ address: areaAddress(area), property, value });
        this.wb.record(sheet, `format.${property}`, area, value);
      },
      [areaAddress(area), property, value],
      `format.${property}`,
    );
  }

  private recorder(prefix: string, properties: readonly string[]): Record<string, unknown> {
    const target: Record<string, unknown> = {};
    for (const p of properties) {
      Object.defineProperty(target, p, {
        set: (value: unknown) => this.put(`${prefix}.${p}`, value),
        get: () => {
          throw new NotLoadedError(`${prefix}.${p}`);
        },
      });
    }
    return target;
  }

  set horizontalAlignment(value: string) {
    this.put("horizontalAlignment", value);
  }
  set wrapText(value: boolean) {
    this.put("wrapText", value);
  }
  set indentLevel(value: number) {
    this.put("indentLevel", value);
  }
  set verticalAlignment(value: string) {
    this.put("verticalAlignment", value);
  }
  set columnWidth(value: number) {
    this.put("columnWidth", value);
  }
  set rowHeight(value: number) {
    this.put("rowHeight", value);
  }
  set useStandardWidth(value: boolean) {
    if (value) this.put("useStandardWidth", value);
  }
  set useStandardHeight(value: boolean) {
    if (value) this.put("useStandardHeight", value);
  }
}
