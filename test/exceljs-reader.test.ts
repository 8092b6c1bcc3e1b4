import ExcelJS from "exceljs";
import { join } from "path";
import { readWorkbookFile } from "../src/workbook/exceljs-reader";
import { tempDir } from "./helpers/temp-dir";

/** Formula cells are read as their cached results, as Excel shows them. */
describe("reading formula cells from a file", () => {
  const file = join(tempDir("avstem-reader-"), "formulas.xlsx");
  beforeAll(async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Regnskap");
    ws.addRow(["Art", "Beløp"]);
    ws.addRow(["010", { formula: "1-1", result: 0 }]);
    ws.addRow(["020", { formula: "1+1", result: 2 }]);
    ws.addRow(["030", { formula: "1/0", result: { error: "#DIV/0!" } }]);
    await wb.xlsx.writeFile(file);
  });

  test("a result of 0 is 0, not an empty cell (exceljs's cell.value drops it)", async () => {
    const [grid] = await readWorkbookFile(file);
    expect(grid?.rows.map((r) => r[1])).toEqual(["Beløp", 0, 2, { kind: "error", code: "#DIV/0!" }]);
  });
});
