// Lints texts as if they stood at the given paths, with the project's eslint.config.mjs.
// stdin: [{ file, code }] as JSON; stdout: [[ "rule: message", … ], …] (errors only). Used by
// test/boundaries.test.ts: ESLint loads its config with a dynamic import, which jest's VM cannot.
import { ESLint } from "eslint";
import { join } from "path";

const root = join(import.meta.dirname, "..", "..");
const cases = JSON.parse(
  await new Promise((resolve) => {
    let s = "";
    process.stdin.on("data", (d) => (s += d));
    process.stdin.on("end", () => resolve(s));
  }),
);
const eslint = new ESLint({ cwd: root });
const out = [];
for (const { file, code } of cases) {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  out.push(result.messages.filter((m) => m.severity === 2).map((m) => `${m.ruleId}: ${m.message}`));
}
process.stdout.write(JSON.stringify(out));
