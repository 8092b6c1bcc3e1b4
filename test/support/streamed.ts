import type { SheetGrid } from "../../src/domain/cells";
import type { runPipeline } from "../../src/domain/pipeline";

/** Lines a streamed text grid gave as bytes the engine took (RowStream.eachLine), and lines it gave as rows. */
export interface LineCounts {
  bytes: number;
  rows: number;
}

/** The grid, its stream counting into `counts` the lines the engine takes as bytes and the lines it is given as rows. */
export function countingLines(g: SheetGrid, counts: LineCounts): SheetGrid {
  const stream = g.stream;
  const eachLine = stream?.eachLine;
  if (!stream || !eachLine) return g;
  return {
    ...g,
    stream: {
      each: (visit) => stream.each(visit),
      grid: () => stream.grid(),
      eachLine: (visitLine, visit) =>
        eachLine.call(
          stream,
          (line, r) => {
            const taken = visitLine(line, r);
            if (taken) counts.bytes++;
            return taken;
          },
          (row, r) => {
            counts.rows++;
            visit(row, r);
          },
        ),
    },
  };
}

/** A pipeline run as text to compare: its JSON and findings, or the sentence that refused the input. */
export async function outcome(run: () => unknown): Promise<string> {
  try {
    const r = (await run()) as ReturnType<typeof runPipeline>;
    return JSON.stringify({ json: r.json, findings: r.findings });
  } catch (e) {
    return `refused: ${(e as Error).message}`;
  }
}
