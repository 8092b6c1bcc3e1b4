// @ts-check
/**
 * ESLint: the layering the code relies on, enforced.
 *   src/domain    imports nothing but decimal.js and itself (no office-js, no DOM, no Node, no adapter)
 *   src/workbook  does not import the UI
 *   src/commands  does not import the task pane's components (what both use lives in src/taskpane/workflow.ts)
 * plus typescript-eslint's recommended rules where they find real mistakes.
 */
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const NODE_BUILTINS = ["fs", "fs/promises", "path", "os", "util", "child_process", "stream", "crypto", "zlib", "url", "buffer", "events", "worker_threads"];
const ADAPTER_AND_UI_PACKAGES = ["exceljs", "jszip", "papaparse", "saxes", "react", "react-dom", "office-addin-mock"];

export default tseslint.config(
  {
    ignores: [
      "dist/**",
      "node_modules/**",
      "out/**",
      "coverage/**",
      "assets/**",
      "scripts/**",
      "test/e2e/harness/**",
      "test/fixtures/**",
      "bin/**",
      "*.config.js",
      "jest.config.js",
      "webpack.config.js",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ["**/*.mjs"], languageOptions: { globals: { process: "readonly", console: "readonly" } } },
  {
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs", globals: { require: "readonly", module: "writable", process: "readonly", setInterval: "readonly", clearInterval: "readonly" } },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["**/*.ts", "**/*.tsx"],
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-require-imports": "off",
      "@typescript-eslint/no-non-null-assertion": "off",
      "no-empty": ["error", { allowEmptyCatch: true }],
    },
  },
  {
    files: ["src/domain/**/*.ts"],
    ignores: ["src/domain/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [...NODE_BUILTINS, ...ADAPTER_AND_UI_PACKAGES].map((name) => ({ name, message: "src/domain is pure: decimal.js and its own modules only." })),
          patterns: [
            { group: ["node:*"], message: "src/domain is pure: no Node APIs." },
            { group: ["@fluentui/*", "@microsoft/*", "office-*"], message: "src/domain is pure: no UI or Office packages." },
            { group: ["**/workbook/**", "**/taskpane/**", "**/cli/**", "**/commands/**"], message: "src/domain is imported by the adapters, never the other way round." },
          ],
        },
      ],
      "no-restricted-globals": [
        "error",
        { name: "Office", message: "no office-js in src/domain" },
        { name: "Excel", message: "no office-js in src/domain" },
        { name: "window", message: "no DOM in src/domain" },
        { name: "document", message: "no DOM in src/domain" },
        { name: "process", message: "no Node in src/domain" },
      ],
    },
  },
  {
    files: ["src/workbook/**/*.ts"],
    ignores: ["src/workbook/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: ["react", "react-dom"].map((name) => ({ name, message: "src/workbook does not know the UI." })),
          patterns: [{ group: ["**/taskpane/**", "**/commands/**", "**/cli/**", "@fluentui/*"], message: "src/workbook does not import the UI or the command line." }],
        },
      ],
    },
  },
  {
    files: ["src/commands/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["**/taskpane/components/**"], message: "the ribbon does not import the task pane; share through src/taskpane/workflow.ts" }] },
      ],
    },
  },
);
