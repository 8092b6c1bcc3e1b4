#!/usr/bin/env node
"use strict";
// The command line runs the compiled engine in dist/ (built by `npm ci` through the prepare script).
const path = require("path");
const fs = require("fs");
const entry = path.join(__dirname, "..", "dist", "cli", "main.js");
if (!fs.existsSync(entry)) {
  process.stderr.write("avstem: the engine is not built yet; run `npm ci` (or `npm run build:cli`) in the project folder first.\n");
  process.exit(2);
}
require(entry)
  .main(process.argv.slice(2))
  .then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`avstem: ${err && err.message ? err.message : String(err)}\n`);
      process.exit(2);
    },
  );
