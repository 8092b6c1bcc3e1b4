import type { SheetGrid } from "../domain/cells";
import type { SheetModel } from "../domain/report/sheet-model";

/** Progress of a long read or write: `done` of `total` units (rows, or sheets). */
export interface Progress {
  readonly phase: "read" | "write";
  readonly sheet: string;
  readonly done: number;
  readonly total: number;
}

export interface ReadOptions {
  readonly onProgress?: (p: Progress) => void;
  /** Aborts a long read between blocks; the promise then rejects with an AbortError. */
  readonly signal?: AbortSignal;
}

export interface WriteOptions {
  readonly onProgress?: (p: Progress) => void;
  readonly signal?: AbortSignal;
}

export interface WrittenSheet {
  /** The name the model asked for. */
  readonly requested: string;
  /** The name actually written (differs when a user's sheet already holds the requested name). */
  readonly name: string;
  /** True when the sheet replaced an earlier output of Avstem. */
  readonly replaced: boolean;
}

/**
 * The one port between a workbook and the domain. Reads give grids of cell values;
 * writes take sheet models. Input sheets are never written to; output sheets are
 * marked as Avstem's, and only those are replaced on a re-run.
 */
export interface WorkbookPort {
  /** Names of the worksheets in workbook order, Avstem's own output sheets excluded. */
  listSheets(): Promise<string[]>;
  readSheet(name: string, options?: ReadOptions): Promise<SheetGrid>;
  writeSheets(sheets: readonly SheetModel[], options?: WriteOptions): Promise<WrittenSheet[]>;
  /** Selects a cell for the user (a click on a finding); a no-op where there is no UI. */
  selectCell?(sheet: string, address: string): Promise<void>;
}

/** Name of the marker Avstem puts on every sheet it writes (a worksheet custom property in Excel). */
export const OUTPUT_MARKER = "AvstemOutput";

/** `readSheet` of a sheet that does not exist: the only error that means "no such sheet". */
export class SheetNotFoundError extends Error {
  constructor(readonly sheet: string) {
    super(`Fant ikke arket «${sheet}».`);
    this.name = "SheetNotFoundError";
  }
}
