import { at } from "../domain/at";
import { OfficeJsWorkbook, type ExcelBatchRunner } from "../workbook/office-js";
import type { PanePort } from "./pane-port";

/**
 * The only place the add-in's UI code touches Excel: it makes the port. Everything else
 * (task pane components, the ribbon command) talks to the WorkbookPort.
 */

/**
 * Every batch waits while the officer is editing a cell instead of failing with
 * InvalidOperationInCellEditMode (ExcelApi 1.11, Microsoft's advice for add-ins whose
 * batches may start while the user types in Excel).
 */
export const excelRunner: ExcelBatchRunner = (batch) => Excel.run({ delayForCellEdit: true }, batch);

export function createExcelPort(run: ExcelBatchRunner = excelRunner): PanePort {
  const workbook = new OfficeJsWorkbook(run);
  return {
    listSheets: () => workbook.listSheets(),
    readSheet: (name, options) => workbook.readSheet(name, options),
    readOwnSheet: (requested, options) => workbook.readOwnSheet(requested, options),
    writeSheets: (sheets, options) => workbook.writeSheets(sheets, options),
    selectCell: (sheet, address) => selectCell(run, sheet, address),
    usedRowCounts: (names) => usedRowCounts(run, names),
    watchInputs: (names, onChange) => watchInputs(run, names, onChange),
  };
}

/** Rows of each sheet's used range (values only), in one sync: what progress over all sheets counts. */
export async function usedRowCounts(run: ExcelBatchRunner, names: readonly string[]): Promise<Record<string, number>> {
  return await run(async (context) => {
    const ranges = names.map((name) => {
      const range = context.workbook.worksheets.getItem(name).getUsedRangeOrNullObject(true);
      range.load("rowCount");
      return range;
    });
    await context.sync();
    return Object.fromEntries(
      names.map((name, i) => {
        const range = at(ranges, i, "range");
        return [name, range.isNullObject ? 0 : range.rowCount];
      }),
    );
  });
}

/**
 * Listens for changes to the input sheets (WorksheetCollection.onChanged, ExcelApi 1.9) and
 * for sheets added or deleted (1.7), so «Lag tabeller» reads the workbook again only when
 * it changed. Sheets are known by id: the pane's own writes (other sheets) are not reported.
 */
export async function watchInputs(run: ExcelBatchRunner, names: readonly string[], onChange: () => void): Promise<() => Promise<void>> {
  const handlers = await run(async (context) => {
    const sheets = context.workbook.worksheets;
    sheets.load("items/name,items/id");
    await context.sync();
    const wanted = new Set(names);
    const ids = new Set(sheets.items.filter((s) => wanted.has(s.name)).map((s) => s.id));
    const added = [
      sheets.onChanged.add(async (e) => {
        if (ids.has(e.worksheetId)) onChange();
      }),
      sheets.onAdded.add(async () => onChange()),
      sheets.onDeleted.add(async (e) => {
        if (ids.has(e.worksheetId)) onChange();
      }),
    ];
    await context.sync();
    return added;
  });
  return async () => {
    try {
      // An event handler is removed in the context it was added in.
      await Excel.run(at(handlers, 0, "handler").context, async (context) => {
        for (const h of handlers) h.remove();
        await context.sync();
      });
    } catch (e) {
      console.warn("Avstem: kunne ikke slutte å lytte etter endringer:", e);
    }
  };
}

/**
 * Shows a cell to the officer: activates its sheet and selects it. Only a convenience after
 * the work is done, so it never fails the caller: a refusal (another workbook in front, the
 * sheet renamed meanwhile) is logged and forgotten.
 */
export async function selectCell(run: ExcelBatchRunner, sheet: string, address: string): Promise<void> {
  try {
    await run(async (context) => {
      const worksheet = context.workbook.worksheets.getItem(sheet);
      worksheet.activate();
      worksheet.getRange(address).select();
      await context.sync();
    });
  } catch (e) {
    console.warn(`Avstem: kunne ikke vise ${sheet}!${address}:`, e);
  }
}

/** Office's display language ("nb-NO", "en-US"), or undefined outside Office. */
export function officeDisplayLanguage(): string | undefined {
  return typeof Office !== "undefined" ? Office.context?.displayLanguage : undefined;
}
