import type { SheetGrid } from "../domain/cells";
import { runPipeline, type Report } from "../domain/pipeline";
import type { Language } from "../domain/settings";
import { EMPTY_STATE, parseSettingsSheet, SETTINGS_SHEET_NAME, settingsSheetModel, type SavedState } from "../domain/settings-sheet";
import type { Progress, WorkbookPort, WrittenSheet } from "../workbook/port";

/**
 * The add-in's use of the workbook, shared by the task pane and the ribbon command:
 * read the inputs and the saved choices, run the engine, write the tables. Only the port
 * is touched here, never office-js.
 */

/** Progress over the whole read: sheet `index` of `count`, and the port's progress within it. */
export interface ReadProgress {
  readonly sheet: string;
  readonly index: number;
  readonly count: number;
  /** 0..1 over all sheets. */
  readonly fraction: number;
}

export interface LoadedWorkbook {
  readonly grids: readonly SheetGrid[];
  readonly saved: SavedState;
  /** True when the workbook already held a settings sheet. */
  readonly hasSavedState: boolean;
}

export function isAbortError(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { name?: string }).name === "AbortError";
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw Object.assign(new Error("Avbrutt"), { name: "AbortError" });
}

/** Reads the saved settings sheet, or the empty state when the workbook has none. */
export async function readSavedState(port: WorkbookPort, signal?: AbortSignal): Promise<{ saved: SavedState; found: boolean }> {
  try {
    return { saved: parseSettingsSheet(await port.readSheet(SETTINGS_SHEET_NAME, { signal })), found: true };
  } catch (e) {
    if (isAbortError(e)) throw e;
    return { saved: EMPTY_STATE, found: false };
  }
}

/** Reads every input sheet (Avstem's own sheets excluded) and the saved choices. */
export async function readWorkbook(
  port: WorkbookPort,
  options: { signal?: AbortSignal; onProgress?: (p: ReadProgress) => void } = {},
): Promise<LoadedWorkbook> {
  const { signal, onProgress } = options;
  const names = (await port.listSheets()).filter((n) => n !== SETTINGS_SHEET_NAME);
  throwIfAborted(signal);
  const { saved, found } = await readSavedState(port, signal);
  const grids: SheetGrid[] = [];
  for (let i = 0; i < names.length; i++) {
    const sheet = names[i];
    onProgress?.({ sheet, index: i, count: names.length, fraction: i / names.length });
    const grid = await port.readSheet(sheet, {
      signal,
      onProgress: (p: Progress) => {
        const within = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
        onProgress?.({ sheet, index: i, count: names.length, fraction: (i + within) / names.length });
      },
    });
    grids.push(grid);
    throwIfAborted(signal);
  }
  onProgress?.({ sheet: "", index: names.length, count: names.length, fraction: 1 });
  return { grids, saved, hasSavedState: found };
}

/** Runs the engine with the officer's choices. */
export function buildReport(grids: readonly SheetGrid[], state: SavedState, language: Language): Report {
  return runPipeline({
    grids,
    settings: state.settings,
    mapping: state.mapping,
    decisions: state.decisions,
    language,
  });
}

/** Writes the report's sheets and the settings sheet in one go. */
export function writeReport(
  port: WorkbookPort,
  report: Report,
  state: SavedState,
  options: { signal?: AbortSignal; onProgress?: (p: Progress) => void } = {},
): Promise<WrittenSheet[]> {
  return port.writeSheets([...report.sheets, settingsSheetModel(state)], options);
}

/** Saves only the settings sheet (settings, mapping and decisions). */
export function saveState(port: WorkbookPort, state: SavedState): Promise<WrittenSheet[]> {
  return port.writeSheets([settingsSheetModel(state)]);
}

/** The ribbon's one-click path: saved choices, fresh inputs, tables written. */
export async function buildTablesWithSavedState(port: WorkbookPort, language: Language): Promise<{ report: Report; written: WrittenSheet[] }> {
  const loaded = await readWorkbook(port);
  const report = buildReport(loaded.grids, loaded.saved, language);
  const written = await writeReport(port, report, loaded.saved);
  return { report, written };
}
