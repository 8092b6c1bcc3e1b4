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
  /**
   * Read only the first `maxRows` rows of the used range (the head of the sheet, where
   * the header is found). A port may give more rows than asked; never fewer.
   */
  readonly maxRows?: number;
  /**
   * Read only these 0-based sheet columns; the grid keeps true sheet coordinates and the
   * cells of other columns are null. A port may give more columns than asked; never fewer.
   */
  readonly columns?: readonly number[];
}

export interface WriteOptions {
  readonly onProgress?: (p: Progress) => void;
  readonly signal?: AbortSignal;
}

export interface WrittenSheet {
  /** The name the model asked for. */
  readonly requested: string;
  /** The name actually written (differs when a user's sheet already holds the requested name, or the officer renamed Avstem's sheet). */
  readonly name: string;
  /** True when the sheet replaced an earlier output of Avstem (the same sheet, new content). */
  readonly replaced: boolean;
  /**
   * What could not be set on this sheet (page layout, page breaks, charts, freeze panes), in
   * the officer's language. The tables themselves are written when this is present.
   */
  readonly warnings?: readonly string[];
}

/**
 * The one port between a workbook and the domain. Reads give grids of cell values;
 * writes take sheet models. Input sheets are never written to; output sheets are
 * marked as Avstem's, and only those are replaced on a re-run.
 */
export interface WorkbookPort {
  /** Names of the worksheets in workbook order, Avstem's own sheets and copies of them excluded. */
  listSheets(): Promise<string[]>;
  /** Reads a sheet by its name; a missing sheet rejects with SheetNotFoundError. */
  readSheet(name: string, options?: ReadOptions): Promise<SheetGrid>;
  /**
   * Reads the sheet Avstem wrote for the model named `requested` (the settings sheet), found by
   * what survives a rename (not by its name) and never a copy of it. Rejects with
   * SheetNotFoundError when Avstem has written none. Ports without it are read by name.
   */
  readOwnSheet?(requested: string, options?: ReadOptions): Promise<SheetGrid>;
  writeSheets(sheets: readonly SheetModel[], options?: WriteOptions): Promise<WrittenSheet[]>;
  /** Selects a cell for the user (a click on a finding); a no-op where there is no UI. Never rejects. */
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

/** True for SheetNotFoundError, also from a port in another bundle (recognised by its name). */
export function isSheetNotFound(error: unknown): boolean {
  return error instanceof SheetNotFoundError || (typeof error === "object" && error !== null && (error as { name?: unknown }).name === "SheetNotFoundError");
}

/** Another run (the task pane or the ribbon) is writing to the workbook. Nothing was written. */
export class WorkbookBusyError extends Error {
  constructor(readonly since: Date | null) {
    super(
      `Avstem skriver allerede tabeller i denne arbeidsboken${since ? ` (startet kl. ${since.toTimeString().slice(0, 5)})` : ""}. ` +
        "Vent til den kjøringen er ferdig, og prøv igjen.",
    );
    this.name = "WorkbookBusyError";
  }
}

/**
 * The new tables were written but could not all be moved into place: some of Avstem's sheets
 * may be empty or half-filled. The officer runs «Lag tabeller» again; the new tables are in
 * `staging` until then.
 */
export class WriteIncompleteError extends Error {
  constructor(
    readonly staging: readonly string[],
    readonly code: string | undefined,
    detail: string,
  ) {
    super(
      `Tabellene ble bare delvis skrevet (${detail}). Kjør «Lag tabeller» på nytt.` +
        (staging.length > 0 ? ` Til da ligger de nye tabellene i ${staging.map((s) => `«${s}»`).join(", ")}.` : ""),
    );
    this.name = "WriteIncompleteError";
  }
}
