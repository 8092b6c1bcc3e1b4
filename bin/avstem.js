#!/usr/bin/env node
"use strict";
// The command line runs the compiled engine in dist/ (built by `npm ci` through the prepare script):
// bundled into one file (scripts/bundle-cli.js), or, where only tsc has run, its modules.
const path = require("path");
const fs = require("fs");
const modules = path.join(__dirname, "..", "dist", "cli", "main.js");
const bundle = path.join(__dirname, "..", "dist", "cli", "avstem.js");
// The bundle only when it was made from the modules as they are (tsc run again since makes it stale).
const fresh = (file) => fs.existsSync(file) && fs.existsSync(modules) && fs.statSync(file).mtimeMs >= fs.statSync(modules).mtimeMs;
const entry = fresh(bundle) ? bundle : modules;
if (!fs.existsSync(entry)) {
  process.stderr.write("avstem: the engine is not built yet; run `npm ci` (or `npm run build:cli`) in the project folder first.\n");
  process.exit(2);
}
require(entry)
  .main(process.argv.slice(2), undefined, { ownProcess: true })
  .then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`avstem: ${err && err.message ? err.message : String(err)}\n`);
      process.exit(2);
    },
  );
