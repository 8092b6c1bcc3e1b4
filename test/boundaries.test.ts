import { execFileSync } from "child_process";
import { join } from "path";

/**
 * The layering is enforced by `npm run lint` (eslint.config.mjs): these texts, linted as
 * if they stood in the files named, must fail, and the same imports where they belong pass.
 */
const FORBIDDEN: readonly (readonly [string, string])[] = [
  ["src/domain/x.ts", 'import { readFileSync } from "fs";\nexport const x = readFileSync;\n'],
  ["src/domain/x.ts", 'import { readFile } from "node:fs/promises";\nexport const x = readFile;\n'],
  ["src/domain/report/x.ts", 'import type { WorkbookPort } from "../../workbook/port";\nexport type X = WorkbookPort;\n'],
  ["src/domain/x.ts", 'import { OfficeJsWorkbook } from "../workbook/office-js";\nexport const x = OfficeJsWorkbook;\n'],
  ["src/domain/x.ts", "export const x = () => Excel.run(async () => undefined);\n"],
  ["src/domain/x.ts", 'import ExcelJS from "exceljs";\nexport const x = ExcelJS;\n'],
  ["src/workbook/x.ts", 'import { App } from "../taskpane/components/App";\nexport const x = App;\n'],
  ["src/commands/x.ts", 'import { App } from "../taskpane/components/App";\nexport const x = App;\n'],
];
const ALLOWED: readonly (readonly [string, string])[] = [
  ["src/domain/x.ts", 'import Decimal from "decimal.js";\nimport { cellText } from "./cells";\nexport const x = [Decimal, cellText];\n'],
  ["src/workbook/x.ts", 'import { runPipeline } from "../domain/pipeline";\nexport const x = runPipeline;\n'],
  ["src/taskpane/x.ts", 'import { OfficeJsWorkbook } from "../workbook/office-js";\nexport const x = OfficeJsWorkbook;\n'],
];

let results: string[][];
beforeAll(() => {
  const input = JSON.stringify([...FORBIDDEN, ...ALLOWED].map(([file, code]) => ({ file, code })));
  results = JSON.parse(execFileSync(process.execPath, [join(__dirname, "support", "lint-texts.mjs")], { input, encoding: "utf8" }));
}, 60_000);

describe("import boundaries", () => {
  it.each(FORBIDDEN.map(([file, code], i) => [file, code, i] as const))("%s may not: %s", (_file, _code, i) => {
    expect(results[i]!.join("\n")).toMatch(/no-restricted-(imports|globals)/);
  });

  it.each(ALLOWED.map(([file, code], i) => [file, code, FORBIDDEN.length + i] as const))("%s may: %s", (_file, _code, i) => {
    expect(results[i]).toEqual([]);
  });
});
