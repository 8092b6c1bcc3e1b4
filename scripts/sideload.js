"use strict";
/**
 * `npm start` / `npm stop`: Microsoft's sideloading tool (office-addin-debugging), fetched
 * with npx on first use rather than installed by `npm ci` (its keytar needs a native build).
 * It sideloads into desktop Excel on Windows and macOS only; elsewhere say what to do.
 */
const { spawnSync } = require("child_process");

const command = process.argv[2] === "stop" ? "stop" : "start";
if (process.platform !== "win32" && process.platform !== "darwin") {
  console.error(
    "npm start sideloads into desktop Excel on Windows and macOS only. Here: run `npm run dev-server` " +
      "and, in Excel on the web, Home → Add-ins → More Settings → Upload My Add-in → manifest.xml (see docs/add-in.md).",
  );
  process.exit(1);
}
const npx = process.platform === "win32" ? "npx.cmd" : "npx";
const result = spawnSync(npx, ["--yes", "office-addin-debugging@^7", command, "manifest.xml"], { stdio: "inherit", shell: process.platform === "win32" });
process.exit(result.status ?? 1);
