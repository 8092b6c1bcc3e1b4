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
import type { ExcelBatchRunner } from "../../src/workbook/office-js";
import { a1Area } from "./a1";

export { a1Area } from "./a1";

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
  /** Carries the sheet-scoped name AvstemArk with this formula (Avstem's tag, copied with a sheet). */
  readonly tag?: string;
  /** Number formats of the used range (same shape as values); "General" where absent. */
  readonly numberFormat?: readonly (readonly string[])[];
}

export interface SyncRecord {
  /** Blocks (getRangeByIndexes loads) queued in this sync. */
  readonly blocks: number;
  /** UTF-8 JSON bytes of every range property loaded in this sync (values, valueTypes, numberFormat). */
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
  /** Make sync number `n` (1-based, counted over the harness's life) fail with a RichApi error of `code`, before it runs. */
  failSync(n: number, code: string): void;
}

export interface ReadHarnessOptions {
  /** Refuse a sync whose queued loads exceed this many bytes (Excel on the web: 5 MB). */
  readonly responseLimitBytes?: number;
}

const FIVE_MB = 5 * 1024 * 1024;

/** Bytes of a value as JSON in UTF-8: what travels in a RichApi request or response. */
export function utf8Bytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value ?? null), "utf8");
}

function quoteSheetName(name: string): string {
  return /^[A-Za-z0-9_.]+$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
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
  let pendingFormatBytes = 0;
  const injectedErrors = new Map<number, string>();
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
    const columnCount = sheet.values[0]?.length ?? 0;
    const cell = (r: number, c: number): [unknown, string, string] => {
      const row = sheet.values[r - firstRow];
      if (row === undefined || c < firstColumn || c >= firstColumn + columnCount) return ["", "Empty", "General"];
      return [row[c - firstColumn], sheet.valueTypes[r - firstRow]?.[c - firstColumn] ?? "Empty", sheet.numberFormat?.[r - firstRow]?.[c - firstColumn] ?? "General"];
    };
    const ws = node({
      name: sheet.name,
      id: `{${sheet.name}}`,
      names: {
        getItemOrNullObject(key: string): OfficeMockObject {
          const present = key === "AvstemArk" && sheet.tag !== undefined;
          const item = node({ name: key, formula: present ? sheet.tag : "" });
          item.isNullObject = !present;
          return item;
        },
      },
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
        const numberFormat: string[][] = [];
        for (let r = row; r < row + rows; r++) {
          const vRow: unknown[] = [];
          const tRow: string[] = [];
          const fRow: string[] = [];
          for (let c = column; c < column + columns; c++) {
            const [v, t, f] = cell(r, c);
            vRow.push(v);
            tRow.push(t);
            fRow.push(f);
          }
          values.push(vRow);
          valueTypes.push(tRow);
          numberFormat.push(fRow);
        }
        const range = node({ values, valueTypes, numberFormat, address: `${quoteSheetName(sheet.name)}!${a1Area(row, column, rows, columns)}` });
        const load = range.load.bind(range);
        // Measure what the response to this load would carry: UTF-8 JSON of each property loaded.
        range.load = (properties: string) => {
          loadArguments.push(properties);
          const grids: Record<string, unknown> = { values, valueTypes, numberFormat };
          const loaded = properties.split(/\s*,\s*/);
          const bytes = loaded.reduce((sum, p) => sum + utf8Bytes(grids[p]), 0);
          if (loaded.includes("values")) pendingLoads.push({ bytes, rows });
          else pendingFormatBytes += bytes;
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
          const found = sheetNodes.find((s, i) => sheets[i]?.name.toLowerCase() === name.toLowerCase() || `{${sheets[i]?.name}}` === name);
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
    if (properties !== "items/name" && properties !== "items/name,items/id") throw new Error(`mock supports only load("items/name[,items/id]"), got ${properties}`);
    loadCollection("items");
    for (const s of sheetNodes) s.load(properties === "items/name" ? "name" : "name,id");
    return collection;
  };

  const syncTree = root.sync.bind(root);
  root.sync = async (): Promise<void> => {
    const loads = pendingLoads;
    pendingLoads = [];
    const responseBytes = loads.reduce((sum, l) => sum + l.bytes, 0) + pendingFormatBytes;
    pendingFormatBytes = 0;
    const refused = responseBytes > responseLimit;
    syncs.push({ blocks: loads.length, responseBytes, rowsPerBlock: loads.map((l) => l.rows), refused });
    const injected = injectedErrors.get(syncs.length);
    if (injected) {
      pendingError = null;
      throw Object.assign(new Error(`${injected} (simulated)`), { name: "RichApi.Error", code: injected });
    }
    const error = pendingError;
    pendingError = null;
    if (error) throw error;
    if (refused) throw payloadLimitError("ResponsePayloadSizeLimitExceeded");
    await syncTree();
    for (const n of created) await n.sync();
  };

  const run: ExcelBatchRunner = (batch) => batch(root as unknown as Excel.RequestContext);
  return { context: root, run, syncs, loadArguments, usedRangeArguments, failSync: (n, code) => injectedErrors.set(n, code) };
}

export * from "./fake-workbook";
