import * as path from "path";
import type { SheetGrid } from "../domain/cells";
import type { SheetModel } from "../domain/report/sheet-model";
import { SETTINGS_SHEET_NAME, settingsSheetModel } from "../domain/settings-sheet";
import { SheetNotFoundError, type ReadOptions, type WorkbookPort, type WrittenSheet } from "../workbook/port";
import { readGrids } from "../../test/e2e/read-grids";
import { buildTablesWithSavedState, readWorkbook } from "./workflow";

/** A workbook in memory: input grids, and the models written (read back as their values). */
class MemoryPort implements WorkbookPort {
  readonly outputs = new Map<string, SheetModel>();
  constructor(private readonly inputs: SheetGrid[]) {}
  async listSheets() {
    return this.inputs.map((g) => g.name);
  }
  async readSheet(name: string, options?: ReadOptions) {
    if (options?.signal?.aborted) throw Object.assign(new Error("aborted"), { name: "AbortError" });
    const grid = this.inputs.find((g) => g.name === name);
    if (grid) return grid;
    const model = this.outputs.get(name);
    if (!model) throw new SheetNotFoundError(name);
    return { name, firstRow: 0, firstColumn: 0, rows: model.rows.map((r) => r.map((c) => (c ? c.value : null))) };
  }
  async writeSheets(models: readonly SheetModel[]): Promise<WrittenSheet[]> {
    return models.map((m) => {
      const replaced = this.outputs.has(m.name);
      this.outputs.set(m.name, m);
      return { requested: m.name, name: m.name, replaced };
    });
  }
}

const INPUT = path.resolve(__dirname, "..", "..", "examples", "uke-2022", "input.xlsx");

describe("the ribbon's Lag tabeller", () => {
  let grids: SheetGrid[];
  beforeAll(async () => {
    grids = await readGrids(INPUT);
  });

  it("builds the tables with the decisions saved in the workbook", async () => {
    const port = new MemoryPort(grids);
    // A saved override: project 122006 in category 3 whatever the suggestion.
    port.outputs.set(SETTINGS_SHEET_NAME, settingsSheetModel({ settings: {}, mapping: {}, decisions: { "122006": { category: 3 } } }));
    const { report, written } = await buildTablesWithSavedState(port, "nb");
    expect(written.map((w) => w.name)).toEqual(expect.arrayContaining(["Tabell 3.1", "Tabell 3.3", "Tabell 3.4.1", "Tabell 3.4.2", SETTINGS_SHEET_NAME]));
    const p = report.projects.find((x) => x.nr === "122006")!;
    expect(p.source).toBe("override");
    expect(p.applied[2]).toBe(p.avvik);
    // The settings sheet is written back with the decision intact.
    const again = await readWorkbook(port);
    expect(again.saved.decisions).toEqual({ "122006": { category: 3 } });
  });

  it("reads an unsaved workbook with empty choices, and stops when aborted", async () => {
    const port = new MemoryPort(grids);
    const loaded = await readWorkbook(port);
    expect(loaded.hasSavedState).toBe(false);
    expect(loaded.grids.map((g) => g.name)).toEqual(grids.map((g) => g.name));
    const controller = new AbortController();
    controller.abort();
    await expect(readWorkbook(port, { signal: controller.signal })).rejects.toMatchObject({ name: "AbortError" });
  });
});
