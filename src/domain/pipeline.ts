import { type CellValue, StreamFallback } from "./cells";
import { type LedgerPass, prepareStages, reportFromPrepared, withGrids } from "./incremental";
import { detectLayout } from "./layout";
import type { PipelineInput, Report } from "./report-types";
import { GridReader } from "./input";

export { InputError, type CategorisedProject, type PipelineInput, type Report } from "./report-types";

/**
 * The whole job, one way through: grids → layout → parsed and aggregated input →
 * tables → checks → sheet models and JSON. Pure: no I/O, same result for the same input.
 * It is the two stages of incremental.ts composed, so the task pane (which keeps stage 1
 * between edits) and the command line give the same report.
 */

const NO_CELLS: readonly CellValue[] = Object.freeze([]);

export function runPipeline(input: PipelineInput): Report {
  return reportFromPrepared(withGrids(prepareStages(input, detectLayout(input.grids, input.mapping))), input);
}

export interface StreamedRun {
  /**
   * Called once, when the ledger's last pass and the sums after it are done and only the tables,
   * checks and sheet models are left to make (not when the run falls back to whole grids). The
   * command line, as a program of its own, tells V8 there that no more code is worth optimising.
   */
  readonly ledgerRead?: () => void;
}

/**
 * runPipeline for grids of which some stream (SheetGrid.stream, a large CSV or sheet): the
 * same Report. Every sheet but the ledger is read whole; the ledger is read line by line
 * from its file, once when the settings give the year and chapter and the export is in the
 * common form (Norwegian numbers, credit as positive amounts), else twice.
 */
export async function runPipelineStreamed(input: PipelineInput, run: StreamedRun = {}): Promise<Report> {
  try {
    const layout = detectLayout(input.grids, input.mapping);
    const ledgerSheet = layout.sheets.regnskap?.sheet;
    const grids = await Promise.all(input.grids.map((g) => (g.stream && g.name !== ledgerSheet ? g.stream.grid() : g)));
    const stage = prepareStages({ ...input, grids }, layout);
    for (let step = stage.next(); ;) {
      if (step.done) {
        run.ledgerRead?.();
        return reportFromPrepared(step.value, input);
      }
      const { grid, headerRow, visit, visitLine }: LedgerPass = step.value;
      if (grid.stream?.eachLine && visitLine)
        await grid.stream.eachLine(
          (line, r) => r <= headerRow || visitLine(line, r),
          (row, r) => r > headerRow && visit(row, r),
        );
      else if (grid.stream) await grid.stream.each((row, r) => r > headerRow && visit(row, r));
      else {
        const reader = new GridReader(grid);
        for (const r of reader.dataRows(headerRow)) visit(reader.row(r) ?? NO_CELLS, r);
      }
      step = stage.next();
    }
  } catch (e) {
    if (!(e instanceof StreamFallback)) throw e;
    return runPipeline({ ...input, grids: await Promise.all(input.grids.map((g) => (g.stream ? g.stream.grid() : g))) });
  }
}
