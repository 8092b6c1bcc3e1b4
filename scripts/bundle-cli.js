"use strict";
/**
 * The command line as one file: dist/cli/avstem.js, the compiled engine (dist/, from tsc)
 * bundled by esbuild, which bin/avstem.js runs. Node then resolves and reads one module
 * instead of some sixty: about 40 ms of every run (docs/performance.md). The modules a run
 * loads only when needed (the .xlsx reader, the report writer) are still initialised only
 * then, and the .xlsx reader's libraries are files of their own beside it (avstem-jszip.js,
 * avstem-saxes.js), read only then. Run after tsc (`npm run build:cli`, and `prepare` on `npm ci`).
 *
 * esbuild is an optional dependency (a prebuilt binary per platform): where it did not
 * install, this says so and leaves the modules, which bin/avstem.js then runs (the same
 * command line, only slower to start).
 */
const fs = require("fs");
const path = require("path");

const root = path.join(__dirname, "..");
const outfile = path.join(root, "dist", "cli", "avstem.js");
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
const common = { bundle: true, platform: "node", target: "node20", format: "cjs", logLevel: "warning" };
// The .xlsx reader's libraries (jszip with pako, saxes: about 40 % of the bundle) in files of their own, which
// Node reads and compiles only when a run reads an .xlsx; a run from CSV then loads about 10 ms less. Each is
// written before the bundle that requires it, so a bundle never finds one missing.
const LIBRARIES = ["jszip", "saxes"];
const libraryFile = (name) => `avstem-${name}.js`;

function renamedIntoPlace(file, build) {
  // Written beside it and renamed into place: a run started meanwhile reads the old file or the new, never half of one.
  const temporary = `${file}.${process.pid}.tmp`;
  build(temporary);
  fs.renameSync(temporary, file);
}

async function bundle() {
  for (const name of LIBRARIES)
    renamedIntoPlace(path.join(path.dirname(outfile), libraryFile(name)), (temporary) =>
      esbuild.buildSync({ ...common, stdin: { contents: `module.exports = require(${JSON.stringify(name)});`, resolveDir: root, sourcefile: `${name}.js` }, outfile: temporary }),
    );
  const libraries = {
    name: "avstem-libraries",
    setup(build) {
      build.onResolve({ filter: new RegExp(`^(${LIBRARIES.join("|")})$`) }, (args) => ({ path: `./${libraryFile(args.path)}`, external: true }));
    },
  };
  const temporary = `${outfile}.${process.pid}.tmp`;
  await esbuild.build({ ...common, entryPoints: [path.join(root, "dist", "cli", "main.js")], outfile: temporary, plugins: [libraries] });
  fs.writeFileSync(temporary, asciiOnly(fs.readFileSync(temporary, "utf8")));
  fs.renameSync(temporary, outfile);
}

/**
 * The bundle with every character beyond ASCII written as a \u escape. esbuild escapes them in
 * strings, not in comments and regular expression literals (`/[æøå]/`), where the escape means
 * the same character. One such character made Node read the whole file as two-byte text, about
 * 5 ms slower to read and larger in memory than an ASCII file. A character right after a
 * backslash would change meaning if escaped: then the bundle is left as esbuild wrote it.
 */
function asciiOnly(source) {
  let unsafe = -1;
  const escaped = source.replace(/[^\x00-\x7f]/g, (ch, at) => {
    if (source[at - 1] === "\\") unsafe = at;
    return `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
  if (unsafe < 0) return escaped;
  process.stderr.write(`bundle-cli: a character beyond ASCII after a backslash (at ${unsafe}); the bundle is left as esbuild wrote it.\n`);
  return source;
}

bundle().catch((e) => {
  process.stderr.write(`bundle-cli: ${e && e.message ? e.message : String(e)}\n`);
  process.exit(1);
});
