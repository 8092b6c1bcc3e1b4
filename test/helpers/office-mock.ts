/**
 * Test doubles of the Excel object model.
 *
 * - `officeAddinMockWorkbook`: Microsoft's office-addin-mock (OfficeMockObject) for the read
 *   paths (listing sheets, used range, range blocks). Properties read before load + sync
 *   give its "Error, property was not loaded" strings, so tests assert on values. It
 *   records each sync's queued loads, so payload sizes can be measured, and can refuse a
 *   sync as Excel on the web does when the response passes the payload limit.
 * - `FakeWorkbook`: a small hand-rolled model for the write paths. OfficeMockObject applies
 *   a property write at once and has no collections, so it cannot show what a write path
 *   must get right: operations take effect only at sync, in order; a failing operation
 *   fails its sync after the ones before it were applied (Excel batches are not
 *   transactions); a missing item fails the sync. The fake also types values the way
 *   Excel does on input ("=x" becomes a formula, "2022" a number) unless the cell's number
 *   format is text ("@").
 */
import { OfficeMockObject } from "office-addin-mock";
import { createHash } from "crypto";
import type { ExcelBatchRunner } from "../../src/workbook/office-js";
import { columnLetters } from "../../src/domain/cells";

// ---------------------------------------------------------------------------------------
// office-addin-mock harness for reads
// ---------------------------------------------------------------------------------------

/** A sheet as Excel would deliver it: `values` and `valueTypes` of the used range. */
export interface MockSheet {
  readonly name: string;
  /** Used range values (rectangular); empty array = a sheet without values. */
  readonly values: readonly (readonly unknown[])[];
  readonly valueTypes: readonly (readonly string[])[];
  /** 0-based position of values[0][0]. */
  readonly firstRow?: number;
  readonly firstColumn?: number;
  /** Carries the AvstemOutput custom property with this value. */
  readonly marker?: string;
}

export interface SyncRecord {
  /** Blocks (getRangeByIndexes loads) queued in this sync. */
  readonly blocks: number;
  /** JSON.stringify length of values + valueTypes of every range load queued in this sync. */
  readonly responseBytes: number;
  readonly rowsPerBlock: readonly number[];
  /** True when the harness refused the sync (payload over the simulated limit). */
  readonly refused: boolean;
}

export interface ReadHarness {
  /** The OfficeMockObject that plays the RequestContext. */
  readonly context: OfficeMockObject;
  readonly run: ExcelBatchRunner;
  readonly syncs: SyncRecord[];
  /** What each getRangeByIndexes load asked for. */
  readonly loadArguments: string[];
  /** Arguments of getUsedRangeOrNullObject calls. */
  readonly usedRangeArguments: unknown[];
}

export interface ReadHarnessOptions {
  /** Refuse a sync whose queued loads exceed this many bytes (Excel on the web: 5 MB). */
  readonly responseLimitBytes?: number;
}

const FIVE_MB = 5 * 1024 * 1024;

function quoteSheetName(name: string): string {
  return /^[A-Za-z0-9_.]+$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

const columnName = columnLetters;

export function a1Area(row: number, column: number, rowCount: number, columnCount: number): string {
  const first = `${columnName(column)}${row + 1}`;
  if (rowCount === 1 && columnCount === 1) return first;
  return `${first}:${columnName(column + columnCount - 1)}${row + rowCount}`;
}

export function payloadLimitError(code: "RequestPayloadSizeLimitExceeded" | "ResponsePayloadSizeLimitExceeded"): Error {
  return Object.assign(new Error(`The ${code === "RequestPayloadSizeLimitExceeded" ? "request" : "response"} payload size has exceeded the limit.`), {
    name: "RichApi.Error",
    code,
  });
}

/**
 * A RequestContext built from OfficeMockObjects. Nodes made by methods (ranges, custom
 * properties) are OfficeMockObjects too; the context's sync syncs them along with the tree.
 */
export function officeAddinMockWorkbook(sheets: readonly MockSheet[], options: ReadHarnessOptions = {}): ReadHarness {
  const responseLimit = options.responseLimitBytes ?? FIVE_MB;
  const created: OfficeMockObject[] = [];
  const syncs: SyncRecord[] = [];
  const loadArguments: string[] = [];
  const usedRangeArguments: unknown[] = [];
  let pendingLoads: { bytes: number; rows: number }[] = [];
  let pendingError: Error | null = null;

  const node = (data: object): OfficeMockObject => {
    const mock = new OfficeMockObject(data);
    created.push(mock);
    return mock;
  };

  const sheetNode = (sheet: MockSheet): OfficeMockObject => {
    const firstRow = sheet.firstRow ?? 0;
    const firstColumn = sheet.firstColumn ?? 0;
    const rowCount = sheet.values.length;
    const columnCount = rowCount === 0 ? 0 : sheet.values[0].length;
    const cell = (r: number, c: number): [unknown, string] => {
      const row = sheet.values[r - firstRow];
      if (row === undefined || c < firstColumn || c >= firstColumn + columnCount) return ["", "Empty"];
      return [row[c - firstColumn], sheet.valueTypes[r - firstRow][c - firstColumn]];
    };
    const ws = node({
      name: sheet.name,
      customProperties: {
        getItemOrNullObject(key: string): OfficeMockObject {
          const present = key === "AvstemOutput" && sheet.marker !== undefined;
          const property = node({ key, value: present ? sheet.marker : "" });
          property.isNullObject = !present;
          return property;
        },
      },
      getUsedRangeOrNullObject(valuesOnly?: boolean): OfficeMockObject {
        usedRangeArguments.push(valuesOnly);
        const address = rowCount === 0 ? "" : `${quoteSheetName(sheet.name)}!${a1Area(firstRow, firstColumn, rowCount, columnCount)}`;
        const used = node({ address });
        used.isNullObject = rowCount === 0;
        return used;
      },
      getRangeByIndexes(row: number, column: number, rows: number, columns: number): OfficeMockObject {
        if (rows * columns > 5_000_000) pendingError = Object.assign(new Error("Too many cells"), { code: "InvalidArgument" });
        const values: unknown[][] = [];
        const valueTypes: string[][] = [];
        for (let r = row; r < row + rows; r++) {
          const vRow: unknown[] = [];
          const tRow: string[] = [];
          for (let c = column; c < column + columns; c++) {
            const [v, t] = cell(r, c);
            vRow.push(v);
            tRow.push(t);
          }
          values.push(vRow);
          valueTypes.push(tRow);
        }
        const range = node({ values, valueTypes, address: `${quoteSheetName(sheet.name)}!${a1Area(row, column, rows, columns)}` });
        const load = range.load.bind(range);
        // Measure what the response to this load would carry.
        range.load = (properties: string) => {
          loadArguments.push(properties);
          pendingLoads.push({ bytes: JSON.stringify(values).length + JSON.stringify(valueTypes).length, rows });
          return load(properties);
        };
        return range;
      },
    });
    ws.isNullObject = false;
    return ws;
  };

  const sheetNodes = sheets.map(sheetNode);
  const root = new OfficeMockObject({
    workbook: {
      worksheets: {
        items: sheetNodes,
        getItem(name: string): OfficeMockObject {
          const found = sheetNodes.find((s, i) => sheets[i].name.toLowerCase() === name.toLowerCase());
          if (found) return found;
          // Excel reports a missing item when the batch runs, not when it is queued.
          pendingError = Object.assign(new Error(`Item not found: ${name}`), { code: "ItemNotFound" });
          return sheetNode({ name, values: [], valueTypes: [] });
        },
      },
    },
    application: { suspendApiCalculationUntilNextSync(): void {} },
  });
  const worksheets = root.workbook as OfficeMockObject;
  const collection = worksheets.worksheets as OfficeMockObject;
  // OfficeMockObject cannot navigate "items/name" through an array: load the items and each sheet's name.
  const loadCollection = collection.load.bind(collection);
  collection.load = (properties: string) => {
    if (properties !== "items/name") throw new Error(`mock supports only load("items/name"), got ${properties}`);
    loadCollection("items");
    for (const s of sheetNodes) s.load("name");
    return collection;
  };

  const syncTree = root.sync.bind(root);
  root.sync = async (): Promise<void> => {
    const loads = pendingLoads;
    pendingLoads = [];
    const responseBytes = loads.reduce((sum, l) => sum + l.bytes, 0);
    const refused = responseBytes > responseLimit;
    syncs.push({ blocks: loads.length, responseBytes, rowsPerBlock: loads.map((l) => l.rows), refused });
    const error = pendingError;
    pendingError = null;
    if (error) throw error;
    if (refused) throw payloadLimitError("ResponsePayloadSizeLimitExceeded");
    await syncTree();
    for (const n of created) await n.sync();
  };

  const run: ExcelBatchRunner = (batch) => batch(root as unknown as Excel.RequestContext);
  return { context: root, run, syncs, loadArguments, usedRangeArguments };
}

// ---------------------------------------------------------------------------------------
// Hand-rolled fake for writes
// ---------------------------------------------------------------------------------------

export type FakeValue = string | number | boolean | null;

export interface FakeCell {
  value: FakeValue;
  /** Formula text with '=' when the cell holds a formula. */
  formula?: string;
  numberFormat: string;
}

export interface FakeSheet {
  readonly id: number;
  name: string;
  readonly cells: Map<string, FakeCell>;
  readonly customProperties: Map<string, string>;
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
  /** The sheet's name when the operation ran (a temporary name while writing). */
  readonly sheet: string;
  readonly sheetId: number;
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

function letterIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** "B3", "A1:F1", "A:C", "3:4" (with or without $) → area. */
export function parseArea(address: string): Area {
  const a = address.replace(/\$/g, "");
  let m = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/i.exec(a);
  if (m) {
    const column = letterIndex(m[1]);
    const row = Number(m[2]) - 1;
    const lastColumn = m[3] ? letterIndex(m[3]) : column;
    const lastRow = m[4] ? Number(m[4]) - 1 : row;
    return { row, column, rowCount: lastRow - row + 1, columnCount: lastColumn - column + 1 };
  }
  m = /^([A-Z]+):([A-Z]+)$/i.exec(a);
  if (m) return { row: 0, column: letterIndex(m[1]), rowCount: MAX_ROWS, columnCount: letterIndex(m[2]) - letterIndex(m[1]) + 1 };
  m = /^(\d+):(\d+)$/.exec(a);
  if (m) return { row: Number(m[1]) - 1, column: 0, rowCount: Number(m[2]) - Number(m[1]) + 1, columnCount: MAX_COLUMNS };
  throw Object.assign(new Error(`Bad address ${address}`), { code: "InvalidArgument" });
}

function areaAddress(area: Area): string {
  if (area.rowCount === MAX_ROWS) return `${columnName(area.column)}:${columnName(area.column + area.columnCount - 1)}`;
  return a1Area(area.row, area.column, area.rowCount, area.columnCount);
}

function richApiError(code: string, message: string): Error {
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

/** A workbook with sheets of cells; every call through `context` is queued until `context.sync()`. */
export class FakeWorkbook {
  readonly sheets: FakeSheet[] = [];
  readonly log: FakeOperation[] = [];
  readonly context: FakeContext;
  /** Sync count so far (also observable with jest.spyOn(context, "sync")). */
  syncCount = 0;
  /** Request size estimate per sync: JSON length of every queued call's arguments. */
  readonly requestBytes: number[] = [];
  /** Make the Nth cell write (values, numberFormat, formulas, format, merge, hyperlink) from now on fail its sync. */
  failOnCellWrite: number | null = null;
  /** Make the next operation of this kind ("rename", "delete") fail its sync. */
  failOnKind: string | null = null;
  private cellWrites = 0;
  private queue: { run: () => void; bytes: number }[] = [];
  private nextId = 1;

  constructor() {
    this.context = new FakeContext(this);
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
      const [r, c] = key.split(",").map(Number);
      while (grid.length <= r) grid.push([]);
      while (grid[r].length <= c) grid[r].push(null);
      grid[r][c] = cell.formula ?? cell.value;
    }
    return grid.map((row) => row.map((v) => v ?? null));
  }

  cell(name: string, address: string): FakeCell | undefined {
    const { row, column } = parseArea(address);
    return this.mustSheet(name).cells.get(`${row},${column}`);
  }

  /** SHA-256 of everything a sheet holds: name, cells, formats, properties, merges, widths. */
  hash(name: string): string {
    const s = this.mustSheet(name);
    const content = {
      name: s.name,
      cells: [...s.cells.entries()].sort(([a], [b]) => a.localeCompare(b)),
      properties: [...s.customProperties.entries()],
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

  enqueue(run: () => void, args: unknown = null): void {
    this.queue.push({ run, bytes: JSON.stringify(args ?? null).length });
  }

  async sync(): Promise<void> {
    this.syncCount++;
    const queue = this.queue;
    this.queue = [];
    this.requestBytes.push(queue.reduce((sum, op) => sum + op.bytes, 0));
    // Operations apply in order; the first failure ends the batch, earlier ones stay applied.
    for (const op of queue) op.run();
    await Promise.resolve();
  }

  record(sheet: FakeSheet, kind: string, area?: Area, value?: unknown): void {
    if (this.failOnKind === kind) {
      this.failOnKind = null;
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

  createSheet(name: string, id = this.nextId++): FakeSheet {
    this.checkName(name, null);
    const sheet: FakeSheet = {
      id,
      name,
      cells: new Map(),
      customProperties: new Map(),
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

  reserveId(): number {
    return this.nextId++;
  }

  byId(id: number): FakeSheet {
    const sheet = this.sheets.find((s) => s.id === id);
    if (!sheet) throw richApiError("ItemNotFound", `Sheet ${id} does not exist (deleted?)`);
    return sheet;
  }

  checkName(name: string, self: FakeSheet | null): void {
    if (name.length === 0 || name.length > 31 || FORBIDDEN_NAME.test(name)) throw richApiError("InvalidArgument", `Invalid sheet name ${name}`);
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
  readonly workbook: { worksheets: FakeWorksheetCollection };
  readonly application: { suspendApiCalculationUntilNextSync(): void };
  /** Syncs that ran with API calculation suspended. */
  suspendedSyncs = new Set<number>();

  constructor(private readonly wb: FakeWorkbook) {
    this.workbook = { worksheets: new FakeWorksheetCollection(wb) };
    this.application = {
      suspendApiCalculationUntilNextSync: () => this.suspendedSyncs.add(wb.syncCount + 1),
    };
  }

  sync(): Promise<void> {
    return this.wb.sync();
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
    if (properties !== "items/name") throw new Error(`fake supports only load("items/name"), got ${properties}`);
    this.wb.enqueue(() => {
      const items = this.wb.sheets.map((s) => {
        const proxy = new FakeWorksheet(this.wb, () => s.id);
        proxy.resolveName();
        return proxy;
      });
      this.set({ items });
    });
    return this;
  }

  add(name: string): FakeWorksheet {
    const id = this.wb.reserveId();
    this.wb.enqueue(() => {
      const sheet = this.wb.createSheet(name, id);
      this.wb.record(sheet, "add");
    }, name);
    return new FakeWorksheet(this.wb, () => id);
  }

  getItem(name: string): FakeWorksheet {
    let id: number | null = null;
    return new FakeWorksheet(this.wb, () => {
      if (id === null) {
        const sheet = this.wb.sheet(name);
        if (!sheet) throw richApiError("ItemNotFound", `Sheet ${name} not found`);
        id = sheet.id;
      }
      return id;
    });
  }

  getItemOrNullObject(name: string): FakeWorksheet {
    let id: number | null = null;
    return new FakeWorksheet(
      this.wb,
      () => {
        if (id === null) {
          const sheet = this.wb.sheet(name);
          if (!sheet) throw richApiError("InvalidOperation", `Operation on the null object for ${name}`);
          id = sheet.id;
        }
        return id;
      },
      () => this.wb.sheet(name) === undefined,
    );
  }
}

class FakeWorksheet extends Loaded {
  readonly customProperties: {
    add(key: string, value: string): void;
    getItemOrNullObject(key: string): FakeCustomProperty;
  };
  readonly freezePanes: { freezeRows(count: number): void };
  readonly pageLayout: FakePageLayout;
  readonly charts: { add(type: string, sourceData: FakeRange, seriesBy?: string): FakeChart };
  readonly horizontalPageBreaks: { add(pageBreakRange: string): void };

  constructor(
    private readonly wb: FakeWorkbook,
    private readonly sheetId: () => number,
    private readonly isNull: () => boolean = () => false,
  ) {
    super();
    this.customProperties = {
      add: (key, value) =>
        wb.enqueue(() => {
          const sheet = this.target();
          sheet.customProperties.set(key, value);
          wb.record(sheet, "customProperty", undefined, { key, value });
        }, [key, value]),
      getItemOrNullObject: (key) => new FakeCustomProperty(wb, () => this.target(), key),
    };
    this.freezePanes = {
      freezeRows: (count) =>
        wb.enqueue(() => {
          const sheet = this.target();
          sheet.frozenRows = count;
          wb.record(sheet, "freezeRows", undefined, count);
        }, count),
    };
    this.pageLayout = new FakePageLayout(wb, () => this.target());
    this.horizontalPageBreaks = {
      add: (address) =>
        wb.enqueue(() => {
          const sheet = this.target();
          sheet.rowBreaks.push(parseArea(address).row);
          wb.record(sheet, "pageBreak", parseArea(address));
        }, address),
    };
    this.charts = {
      add: (type, sourceData, seriesBy) => {
        let record: FakeChartRecord | null = null;
        wb.enqueue(() => {
          const sheet = this.target();
          record = { type, source: areaAddress(sourceData.fakeArea), seriesBy, series: [{}] };
          sheet.charts.push(record);
          wb.record(sheet, "chart.add", sourceData.fakeArea, { type, seriesBy });
        }, [type, seriesBy]);
        return new FakeChart(wb, () => {
          if (record === null) throw new Error("chart used before its add ran");
          return record;
        });
      },
    };
  }

  target(): FakeSheet {
    return this.wb.byId(this.sheetId());
  }

  /** Called at sync by loads. */
  resolveName(): void {
    if (this.isNull()) {
      this.set({ isNullObject: true });
      return;
    }
    this.set({ name: this.target().name, isNullObject: false });
  }

  get name(): string {
    return this.get("name");
  }

  set name(name: string) {
    this.wb.enqueue(() => {
      const sheet = this.target();
      this.wb.checkName(name, sheet);
      this.wb.record(sheet, "rename", undefined, { from: sheet.name, to: name });
      rewriteReferences(this.wb, sheet.name, quoted(name) + "!");
      sheet.name = name;
    }, name);
  }

  get isNullObject(): boolean {
    return this.get("isNullObject");
  }

  load(properties: string): this {
    if (properties !== "name") throw new Error(`fake supports only load("name") on a worksheet, got ${properties}`);
    this.wb.enqueue(() => this.resolveName());
    return this;
  }

  delete(): void {
    this.wb.enqueue(() => {
      const sheet = this.target();
      this.wb.record(sheet, "delete");
      this.wb.sheets.splice(this.wb.sheets.indexOf(sheet), 1);
      rewriteReferences(this.wb, sheet.name, "#REF!");
    });
  }

  getRange(address: string): FakeRange {
    return new FakeRange(this.wb, () => this.target(), parseArea(address));
  }

  getRangeByIndexes(row: number, column: number, rowCount: number, columnCount: number): FakeRange {
    return new FakeRange(this.wb, () => this.target(), { row, column, rowCount, columnCount });
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
    this.wb.enqueue(() => {
      const value = this.sheet().customProperties.get(this.key);
      this.set(value === undefined ? { isNullObject: true } : { isNullObject: false, value });
    });
    return this;
  }

  get isNullObject(): boolean {
    return this.get("isNullObject");
  }

  get value(): string {
    return this.get("value");
  }
}

class FakePageLayout {
  constructor(
    private readonly wb: FakeWorkbook,
    private readonly sheet: () => FakeSheet,
  ) {}

  private put(property: string, value: unknown): void {
    this.wb.enqueue(() => {
      const sheet = this.sheet();
      sheet.pageLayout[property] = value;
      this.wb.record(sheet, `pageLayout.${property}`, undefined, value);
    }, value);
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

/** A chart: title, position and series calls apply at sync, to the chart's record. */
class FakeChart {
  readonly title: { text: string };
  readonly legend: { position: string };
  readonly series: { getItemAt(index: number): FakeChartSeries; add(name?: string): FakeChartSeries };

  constructor(
    private readonly wb: FakeWorkbook,
    private readonly chart: () => FakeChartRecord,
  ) {
    const set = (apply: (c: FakeChartRecord) => void, args: unknown) => wb.enqueue(() => apply(this.chart()), args);
    this.title = Object.defineProperty({} as { text: string }, "text", { set: (text: string) => set((c) => (c.title = text), text) });
    this.legend = Object.defineProperty({} as { position: string }, "position", { set: (p: string) => set((c) => (c.legendPosition = p), p) });
    this.series = {
      getItemAt: (index) =>
        new FakeChartSeries(wb, () => {
          const s = this.chart().series[index];
          if (!s) throw richApiError("ItemNotFound", `No series ${index}`);
          return s;
        }),
      add: (name) => {
        let index = -1;
        set((c) => (index = c.series.push(name === undefined ? {} : { name }) - 1), name);
        return new FakeChartSeries(wb, () => this.chart().series[index]);
      },
    };
  }

  setPosition(start: FakeRange | string, end?: FakeRange | string): void {
    this.wb.enqueue(() => {
      this.chart().position = { start: rangeAddress(start), end: end === undefined ? undefined : rangeAddress(end) };
    }, [String(start), String(end)]);
  }
}

class FakeChartSeries {
  constructor(
    private readonly wb: FakeWorkbook,
    private readonly series: () => FakeChartRecord["series"][number],
  ) {}

  set name(name: string) {
    this.wb.enqueue(() => (this.series().name = name), name);
  }
  setValues(range: FakeRange): void {
    this.wb.enqueue(() => (this.series().values = rangeAddress(range)));
  }
  setXAxisValues(range: FakeRange): void {
    this.wb.enqueue(() => (this.series().xAxisValues = rangeAddress(range)));
  }
}

/** How Excel types a value entered into a cell that is not formatted as text. */
function typedEntry(value: FakeValue): { value: FakeValue; formula?: string } {
  if (typeof value !== "string") return { value };
  if (/^[-+]?\d+(\.\d+)?$/.test(value.trim())) return { value: Number(value) };
  // A leading =, + or - makes Excel parse a formula; @ is the implicit-intersection operator.
  if (/^[=+\-@]/.test(value)) return { value: null, formula: value.startsWith("=") ? value : `=${value}` };
  return { value };
}

class FakeRange {
  readonly format: FakeRangeFormat;

  constructor(
    private readonly wb: FakeWorkbook,
    private readonly sheet: () => FakeSheet,
    private readonly area: Area,
  ) {
    this.format = new FakeRangeFormat(wb, sheet, area);
  }

  /** The fake's own: the area this range covers. */
  get fakeArea(): Area {
    return this.area;
  }

  private write(kind: string, grid: readonly (readonly FakeValue[])[], apply: (cell: FakeCell | undefined, v: FakeValue, key: string, sheet: FakeSheet) => void): void {
    const { area } = this;
    if (grid.length !== area.rowCount || grid.some((row) => row.length !== area.columnCount)) {
      throw new Error(`${kind}: grid ${grid.length}×${grid[0]?.length} does not match ${areaAddress(area)}`);
    }
    this.wb.enqueue(() => {
      const sheet = this.sheet();
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
    }, grid);
  }

  set values(grid: FakeValue[][]) {
    this.write("values", grid, (cell, v, key, sheet) => {
      const numberFormat = cell?.numberFormat ?? "General";
      const entry = numberFormat === "@" ? { value: typeof v === "string" ? v : String(v) } : typedEntry(v);
      sheet.cells.set(key, { ...entry, numberFormat });
    });
  }

  set formulas(grid: FakeValue[][]) {
    this.write("formulas", grid, (cell, v, key, sheet) => {
      const numberFormat = cell?.numberFormat ?? "General";
      // A formula entered into a text-formatted cell stays text.
      const entry = numberFormat === "@" || typeof v !== "string" || !v.startsWith("=") ? { value: v } : { value: null, formula: v };
      sheet.cells.set(key, { ...entry, numberFormat });
    });
  }

  set numberFormat(grid: FakeValue[][]) {
    this.write("numberFormat", grid, (cell, v, key, sheet) => {
      sheet.cells.set(key, { value: cell?.value ?? null, formula: cell?.formula, numberFormat: String(v) });
    });
  }

  set hyperlink(link: unknown) {
    this.wb.enqueue(() => {
      const sheet = this.sheet();
      this.wb.countCellWrite();
      sheet.hyperlinks.set(areaAddress(this.area), link);
      this.wb.record(sheet, "hyperlink", this.area, link);
    }, link);
  }

  merge(across?: boolean): void {
    this.wb.enqueue(() => {
      const sheet = this.sheet();
      this.wb.countCellWrite();
      sheet.merges.push(areaAddress(this.area));
      this.wb.record(sheet, "merge", this.area, across);
    });
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
    private readonly area: Area,
  ) {
    this.font = this.recorder("font", ["bold", "italic", "color", "size"]);
    this.fill = this.recorder("fill", ["color"]);
    this.borders = { getItem: (edge: string) => this.recorder(`borders.${edge}`, ["style", "weight", "color"]) };
  }

  private put(property: string, value: unknown): void {
    this.wb.enqueue(() => {
      const sheet = this.sheet();
      this.wb.countCellWrite();
      if (property === "columnWidth") {
        for (let c = this.area.column; c < this.area.column + this.area.columnCount; c++) sheet.columnWidths.set(c, value as number);
      }
      if (property === "rowHeight") {
        for (let r = this.area.row; r < this.area.row + this.area.rowCount; r++) sheet.rowHeights.set(r, value as number);
      }
      sheet.formats.push({ address: areaAddress(this.area), property, value });
      this.wb.record(sheet, `format.${property}`, this.area, value);
    }, value);
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
}
