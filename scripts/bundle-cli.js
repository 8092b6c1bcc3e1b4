"use strict";
/**
 * The command line as one file: dist/cli/avstem.js, the compiled engine (dist/, from tsc)
 * bundled by esbuild, which bin/avstem.js runs. Node then resolves and reads one module
 * instead of some sixty: about 40 ms of every run (README, Performance). The modules a run
 * loads only when needed (the .xlsx reader, the report writer) are still initialised only
 * then. Run after tsc (`npm run build:cli`, and `prepare` on `npm ci`).
 *
 * esbuild is an optional dependency (a prebuilt binary per platform): where it did not
 * install, this says so and leaves the modules, which bin/avstem.js then runs (the same
 * command line, only slower to start).
 */
const fs = require("fs");
const path = require("path");

const root = path.join(__dirname, "..");
const outfile = path.join(root, "dist", "cli", "avstem.js");
// Written beside it and renamed into place: a run started meanwhile reads the old file or the new, never half of one.
const temporary = `${outfile}.${process.pid}.tmp`;
let esbuild;
try {
  esbuild = require("esbuild");
  // A missing binary for this platform shows only when esbuild is first used: tried here on nothing,
  // so that an error of the bundle itself (below) still fails the build.
  esbuild.transformSync("");
} catch (e) {
  process.stderr.write(`bundle-cli: esbuild is not available here (${String(e && e.message).split("\n")[0]}); the command line runs from its modules.\n`);
  process.exit(0);
}
esbuild.buildSync({
  entryPoints: [path.join(root, "dist", "cli", "main.js")],
  outfile: temporary,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  logLevel: "warning",
});
fs.renameSync(temporary, outfile);
