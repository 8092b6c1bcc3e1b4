import { OfficeJsWorkbook } from "../workbook/office-js";
import type { WorkbookPort } from "../workbook/port";

/**
 * The only place the add-in's UI code touches Excel: it makes the port. Everything else
 * (task pane components, the ribbon command) talks to the WorkbookPort.
 */
export function createExcelPort(): WorkbookPort {
  const workbook: WorkbookPort = new OfficeJsWorkbook((batch) => Excel.run(batch));
  return {
    listSheets: () => workbook.listSheets(),
    readSheet: (name, options) => workbook.readSheet(name, options),
    writeSheets: (sheets, options) => workbook.writeSheets(sheets, options),
    selectCell: workbook.selectCell ? (sheet, address) => workbook.selectCell!(sheet, address) : selectCell,
  };
}

/** Shows a cell to the officer: activates its sheet and selects it. */
async function selectCell(sheet: string, address: string): Promise<void> {
  await Excel.run(async (context) => {
    const worksheet = context.workbook.worksheets.getItem(sheet);
    worksheet.activate();
    worksheet.getRange(address).select();
    await context.sync();
  });
}

/** Office's display language ("nb-NO", "en-US"), or undefined outside Office. */
export function officeDisplayLanguage(): string | undefined {
  return typeof Office !== "undefined" ? Office.context?.displayLanguage : undefined;
}
