/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  transform: { "^.+\\.tsx?$": ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: { warnOnly: false } }] },
  roots: ["<rootDir>/src", "<rootDir>/test"],
  testMatch: ["**/*.test.ts", "**/*.test.tsx"],
  // office-addin-mock pulls office-addin-manifest, whose ESM-only dependencies jest cannot load; its CJS entry works.
  moduleNameMapper: {
    "^office-addin-manifest$": "<rootDir>/node_modules/office-addin-manifest/lib/officeApp.js",
  },
  testTimeout: 60000,
  // A stuck file fails the run and is named, instead of holding CI until its own limit (test/support/watchdog-reporter.cjs).
  reporters: ["default", "<rootDir>/test/support/watchdog-reporter.cjs"],
};
