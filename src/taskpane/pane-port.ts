import type { WorkbookPort } from "../workbook/port";

/**
 * What the task pane can use beyond the WorkbookPort when the host offers it (Excel does,
 * src/taskpane/excel.ts; the end-to-end test's in-memory workbook does). Both are optional:
 * without them the pane counts progress by sheet and re-reads the workbook for every build.
 */
export interface PanePort extends WorkbookPort {
  /** Rows of each named sheet's used range, in one request: progress then counts rows over all sheets. */
  usedRowCounts?(names: readonly string[]): Promise<Readonly<Record<string, number>>>;
  /**
   * Calls `onChange` when a cell of one of the named sheets changes, or a sheet is added or
   * deleted; resolves once listening, to a function that stops it. Changes to sheets Avstem
   * writes (its tables, its settings) are not the inputs and are not reported.
   */
  watchInputs?(names: readonly string[], onChange: () => void): Promise<() => Promise<void>>;
}
