"use strict";
/**
 * The command line as one file: dist/cli/avstem.js, the compiled engine (dist/, from tsc)
 * bundled by esbuild, which bin/avstem.js runs. Node then resolves and reads one module
 * instead of some sixty: about 20 ms of every run (README, Performance). The modules a run
 * loads only when needed (the .xlsx reader, the report writer) are still initialised only
 * then. Run after tsc (`npm run build:cli`, and `prepare` on `npm ci`).
 */
const fs = require("fs");
const path = require("path");
const esbuild = require("esbuild");

const root = path.join(__dirname, "..");
const outfile = path.join(root, "dist", "cli", "avstem.js");
// Written beside it and renamed into place: a run started meanwhile reads the old file or the new, never half of one.
const temporary = `${outfile}.${process.pid}.tmp`;
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
