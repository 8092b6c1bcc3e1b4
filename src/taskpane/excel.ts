import { OfficeJsWorkbook, type ExcelBatchRunner } from "../workbook/office-js";
import type { WorkbookPort } from "../workbook/port";

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

export function createExcelPort(run: ExcelBatchRunner = excelRunner): WorkbookPort {
  const workbook = new OfficeJsWorkbook(run);
  return {
    listSheets: () => workbook.listSheets(),
    readSheet: (name, options) => workbook.readSheet(name, options),
    readOwnSheet: (requested, options) => workbook.readOwnSheet(requested, options),
    writeSheets: (sheets, options) => workbook.writeSheets(sheets, options),
    selectCell: (sheet, address) => selectCell(run, sheet, address),
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
