/**
 * The WorkbookPort over office-js: the only module that knows `context.sync`.
 *
 * Syncs are few and do not grow with data: listing sheets takes two, reading a sheet one
 * plus one per block group, writing a report three (names; markers and all new sheets;
 * swap), plus one per extra 4 MB of output.
 */
import type { SheetGrid } from "../domain/cells";
import type { SheetModel } from "../domain/report/sheet-model";
import { OUTPUT_MARKER, ReadOptions, WorkbookPort, WriteOptions, WrittenSheet } from "./port";
import { chooseTempNames, ExistingSheet, isTempSheetName, NamePlan, planSheetNames } from "./office-js-names";
import { DEFAULT_PAYLOAD_LIMITS, PayloadLimits, readSheetInBlocks, throwIfAborted } from "./office-js-read";
import { renderSheet, writeLinks, WriteBatch } from "./office-js-render";

/** Runs a batch against a request context: `Excel.run` in Excel, a mock's runner in tests. */
export type ExcelBatchRunner = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

/** Value of the OUTPUT_MARKER custom property on sheets Avstem wrote. */
export const OUTPUT_MARKER_VALUE = "1";

/** Queues the load of a sheet's output marker (worksheet custom properties: ExcelApi 1.12). */
function queueMarker(sheet: Excel.Worksheet): Excel.WorksheetCustomProperty {
  const marker = sheet.customProperties.getItemOrNullObject(OUTPUT_MARKER);
  marker.load("value");
  return marker;
}

function isMarked(marker: Excel.WorksheetCustomProperty): boolean {
  return !marker.isNullObject && marker.value === OUTPUT_MARKER_VALUE;
}

/** The workbook's sheets with their output markers, in workbook order. Two syncs, whatever the sheet count. */
async function loadSheetsWithMarkers(context: Excel.RequestContext): Promise<ExistingSheet[]> {
  const sheets = context.workbook.worksheets;
  sheets.load("items/name");
  await context.sync();
  const markers = sheets.items.map(queueMarker);
  await context.sync();
  return sheets.items.map((sheet, i) => ({ name: sheet.name, marked: isMarked(markers[i]) }));
}

/** Deletes whichever of `names` exist, without masking the error that made us clean up. */
async function deleteSheetsQuietly(context: Excel.RequestContext, names: readonly string[]): Promise<void> {
  try {
    const sheets = names.map((name) => {
      const sheet = context.workbook.worksheets.getItemOrNullObject(name);
      sheet.load("name");
      return sheet;
    });
    await context.sync();
    for (const sheet of sheets) if (!sheet.isNullObject) sheet.delete();
    await context.sync();
  } catch {
    // The temporary sheets are marked: the next write removes any that are left.
  }
}

/**
 * Writes the hyperlinks (they must name the final sheets, and Excel does not carry a
 * rename into a link), then deletes the marked sheets the new ones replace (and temporary
 * sheets a failed earlier write left) and gives the new sheets their names. One request
 * for a report of ordinary size; links go first so that a failure there deletes nothing.
 */
async function swapIn(
  context: Excel.RequestContext,
  limits: PayloadLimits,
  added: readonly Excel.Worksheet[],
  models: readonly SheetModel[],
  plans: readonly NamePlan[],
  existing: readonly ExistingSheet[],
): Promise<void> {
  const batch = new WriteBatch(context, limits.budgetBytes);
  const finalNames = new Map(plans.map((p) => [p.requested, p.finalName]));
  for (const [i, sheet] of added.entries()) await writeLinks(batch, sheet, models[i].rows, finalNames);
  const sheets = context.workbook.worksheets;
  const staleTemps = existing.filter((s) => s.marked && isTempSheetName(s.name)).map((s) => s.name);
  for (const name of [...plans.flatMap((p) => (p.replaces ? [p.replaces] : [])), ...staleTemps]) {
    await batch.reserve();
    sheets.getItem(name).delete();
  }
  for (const [i, sheet] of added.entries()) {
    await batch.reserve();
    sheet.name = plans[i].finalName;
  }
  await batch.sync();
}

/**
 * After a failed swap: while every sheet to be replaced still exists, nothing was lost and
 * the temporary sheets go. Once one is gone, the temporary sheets hold the only copy of
 * the new tables and stay (marked; the next write removes them).
 */
async function recoverFromFailedSwap(context: Excel.RequestContext, plans: readonly NamePlan[], tempNames: readonly string[]): Promise<void> {
  try {
    const replaced = plans.flatMap((p) => (p.replaces ? [context.workbook.worksheets.getItemOrNullObject(p.replaces)] : []));
    for (const sheet of replaced) sheet.load("name");
    await context.sync();
    if (replaced.every((sheet) => !sheet.isNullObject)) await deleteSheetsQuietly(context, tempNames);
  } catch {
    // Leave the marked temporary sheets for the next write to remove.
  }
}

export class OfficeJsWorkbook implements WorkbookPort {
  constructor(
    private readonly run: ExcelBatchRunner,
    private readonly limits: PayloadLimits = DEFAULT_PAYLOAD_LIMITS,
  ) {}

  listSheets(): Promise<string[]> {
    return this.run(async (context) => {
      const sheets = await loadSheetsWithMarkers(context);
      return sheets.filter((s) => !s.marked).map((s) => s.name);
    });
  }

  readSheet(name: string, options?: ReadOptions): Promise<SheetGrid> {
    return this.run((context) => readSheetInBlocks(context, name, options, this.limits));
  }

  /**
   * Writes every model to a new, marked sheet under a temporary name; only when all are
   * in Excel are the earlier outputs deleted and the new sheets renamed. A failure while
   * writing removes the temporary sheets and leaves the earlier outputs as they were.
   * Sheets without the marker (the user's, the input) are never written, renamed or deleted.
   */
  writeSheets(models: readonly SheetModel[], options: WriteOptions = {}): Promise<WrittenSheet[]> {
    if (models.length === 0) return Promise.resolve([]);
    const { signal, onProgress } = options;
    return this.run(async (context) => {
      throwIfAborted(signal);
      const sheets = context.workbook.worksheets;
      sheets.load("items/name");
      await context.sync();
      const existingSheets = sheets.items;
      const tempNames = chooseTempNames(models.length, existingSheets.map((s) => s.name));
      // The markers travel with the first write request: no sync of their own.
      const markers = existingSheets.map(queueMarker);

      const batch = new WriteBatch(context, this.limits.budgetBytes);
      // Formulas name the temporary sheets; Excel carries such references through the renames.
      const tempTargets = new Map(models.map((m, i) => [m.name, tempNames[i]]));
      const added: Excel.Worksheet[] = [];
      try {
        // All sheets exist before any formula refers to one of them.
        for (const tempName of tempNames) {
          await batch.reserve();
          const sheet = sheets.add(tempName);
          // Marked first, so even a half-written sheet is known as Avstem's, never as input.
          sheet.customProperties.add(OUTPUT_MARKER, OUTPUT_MARKER_VALUE);
          added.push(sheet);
        }
        for (const [i, model] of models.entries()) {
          throwIfAborted(signal);
          await renderSheet(batch, added[i], model, tempTargets, this.limits);
          batch.whenSynced(() => onProgress?.({ phase: "write", sheet: model.name, done: i + 1, total: models.length }));
        }
        await batch.sync();
        throwIfAborted(signal);
      } catch (error) {
        await deleteSheetsQuietly(context, tempNames);
        throw error;
      }

      const existing = existingSheets.map((s, i) => ({ name: s.name, marked: isMarked(markers[i]) }));
      const plans = planSheetNames(
        models.map((m) => m.name),
        existing,
      );
      try {
        await swapIn(context, this.limits, added, models, plans, existing);
      } catch (error) {
        await recoverFromFailedSwap(context, plans, tempNames);
        throw error;
      }
      return plans.map((p) => ({ requested: p.requested, name: p.finalName, replaced: p.replaces !== null }));
    });
  }
}

/** The port over the running Excel. */
export function excelWorkbook(limits: PayloadLimits = DEFAULT_PAYLOAD_LIMITS): WorkbookPort {
  return new OfficeJsWorkbook((batch) => Excel.run(batch), limits);
}
