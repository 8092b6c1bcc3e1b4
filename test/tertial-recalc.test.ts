import JSZip from "jszip";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runPipeline, type Report } from "../src/domain/pipeline";
import type { SheetModel } from "../src/domain/report/sheet-model";
import { writeWorkbookFile } from "../src/workbook/xlsx-writer";
import { convertToCsvSheets, displayedKroner, makeProfile, sofficePath } from "./helpers/libreoffice";
import { loadExampleGrids, withPeriods } from "./support/tertial-example";

/**
 * The tertial sheets, written and recalculated by LibreOffice (recalculation on load forced):
 * every formula computes what the engine computed, every figure shows the JSON's, and a
 * wrong cached value in the file is corrected, so LibreOffice really recalculated.
 */

const SOFFICE = sofficePath();
const d = SOFFICE ? describe : describe.skip;
if (!SOFFICE) console.warn("tertial-recalc.test.ts skipped: LibreOffice (soffice) is not installed (apt-get install -y libreoffice-calc).");

const FIRST_DATA_ROW = 4;
let tmp: string;
let profile: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "avstem-tertial-lo-"));
  profile = makeProfile(path.join(tmp, "profile"));
});
afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** Each figure of a tertial sheet with its JSON value: columns B, C, E, F of the rows, in the JSON's order [regulert, hittil, prognose, avvik]. */
function expectedFigures(report: Report, model: SheetModel): Map<string, number> {
  const t = report.json.tertial!;
  const out = new Map<string, number>();
  const cols = [1, 2, 4, 5];
  const put = (rows: readonly { values: number[] }[]) => rows.forEach((r, i) => r.values.forEach((v, c) => out.set(`${FIRST_DATA_ROW + i},${cols[c]}`, v)));
  if (model.name === "Tertial Drift") put(t.drift.rows);
  else if (model.name === "Tertial Investering") put(t.investering.rows);
  else if (model.name === "Tertial Prosjekter") put([...t.projects.rows, { values: t.projects.sum }]);
  return out;
}

async function roundTrip(report: Report, name: string): Promise<{ checked: number; corrected: boolean }> {
  const file = path.join(tmp, `${name}.xlsx`);
  await writeWorkbookFile(file, report.sheets);
  // A copy whose netto prognose (a formula over the two sums) has a wrong cached value.
  const drift = report.sheets.find((s) => s.name === "Tertial Drift")!;
  const nettoRow = drift.rows.findIndex((r) => r[0]?.value === "Kapitlets nettoresultat");
  expect(drift.rows[nettoRow]![4]!.formula).toBeTruthy();
  const wrong = report.sheets.map((s) =>
    s !== drift ? s : { ...s, rows: s.rows.map((r, ri) => (ri !== nettoRow ? r : r.map((c, ci) => (ci === 4 && c ? { ...c, value: 123456789 } : c)))) },
  );
  const wrongFile = path.join(tmp, `${name}-wrong.xlsx`);
  await writeWorkbookFile(wrongFile, wrong);
  const names = report.sheets.map((s) => s.name);
  const csv = convertToCsvSheets(profile, path.join(tmp, `${name}-csv`), [file, wrongFile], names);
  let checked = 0;
  for (const model of report.sheets) {
    const sheet = csv.get(file)!.get(model.name)!;
    model.rows.forEach((r, row) =>
      r.forEach((cell, col) => {
        if (!cell?.formula) return;
        const text = sheet[row]?.[col] ?? "";
        if (cell.value === null) expect([model.name, row, col, text]).toEqual([model.name, row, col, ""]);
        else {
          const got = Number(text);
          if (text === "" || Math.abs(got - (cell.value as number)) > 0.005)
            throw new Error(`${model.name} row ${row + 1} col ${col + 1} (=${cell.formula}): LibreOffice «${text}», engine ${cell.value}`);
        }
        checked++;
      }),
    );
    for (const [key, want] of expectedFigures(report, model)) {
      const [row, col] = key.split(",").map(Number) as [number, number];
      expect([model.name, key, displayedKroner(Number(sheet[row]![col]))]).toEqual([model.name, key, want]);
    }
  }
  const corrected = Number(csv.get(wrongFile)!.get("Tertial Drift")![nettoRow]![4]) === drift.rows[nettoRow]![4]!.value;
  return { checked, corrected };
}

d("LibreOffice recalculates the tertial sheets to the engine's figures", () => {
  test("the bundled example spread over the months, 2nd tertial", async () => {
    const report = runPipeline({ grids: withPeriods(await loadExampleGrids()), period: { year: 2022, month: 8 } });
    const { checked, corrected } = await roundTrip(report, "example-2022-08");
    expect(checked).toBeGreaterThan(60);
    expect(corrected).toBe(true);
    // The line chart is in the file: a c:lineChart with three series over the month block.
    const zip = await JSZip.loadAsync(fs.readFileSync(path.join(tmp, "example-2022-08.xlsx")));
    const charts = await Promise.all(
      Object.keys(zip.files)
        .filter((f) => /^xl\/charts\/chart\d+\.xml$/.test(f))
        .map((f) => zip.file(f)!.async("string")),
    );
    const lines = charts.filter((x) => x.includes("<c:lineChart>"));
    expect(lines).toHaveLength(2);
    expect(lines[0]!.match(/<c:ser>/g)).toHaveLength(3);
    expect(lines[0]).toContain("'Tertial Drift'!$B$");
  });
});
