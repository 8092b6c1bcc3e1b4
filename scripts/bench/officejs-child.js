"use strict";
/**
 * The office-js adapter's read plan for the ledger sheet, against a fake request context:
 * OfficeJsWorkbook.readSheet("Regnskap") over a sheet of <lines> ledger lines. Counts
 * context.sync calls and range blocks, and measures each sync's request and response
 * payload in bytes (UTF-8 JSON, as Excel's RichApi carries them). Prints one JSON line,
 * or {"na": reason} when src/workbook/office-js.ts is missing or does not fit.
 *
 * The adapter is TypeScript outside the CLI build, so it is transpiled on require here
 * (typescript.transpileModule: no type check, the other engineer's file may be mid-edit).
 *
 * The read is the task pane's: the first 80 rows whole (the header search), the layout found
 * in them (dist/domain/layout.js), then only the columns it maps. <extra> unused columns
 * (an ERP export's other fields: dates, names, codes) are added after the ledger's eight, so
 * bytes per ledger line can be compared for an 8-column and a 30-column export.
 *
 * Usage: node scripts/bench/officejs-child.js <lines> [extra columns]
 */
const fs = require("fs");
const path = require("path");
const root = path.resolve(__dirname, "..", "..");
const lines = Number(process.argv[2] || 1_000_000);
const extra = Number(process.argv[3] || 0);
/** workflow.ts HEAD_ROWS: the rows read with every column. */
const HEAD_ROWS = 80;

function na(reason) {
  process.stdout.write(JSON.stringify({ na: reason }) + "\n");
  process.exit(0);
}

const adapterPath = path.join(root, "src", "workbook", "office-js.ts");
if (!fs.existsSync(adapterPath)) na("src/workbook/office-js.ts does not exist");

// ---- require hook: .ts → CommonJS, transpile only
const ts = require("typescript");
require.extensions[".ts"] = function (module, filename) {
  const source = fs.readFileSync(filename, "utf8");
  const out = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, jsx: ts.JsxEmit.ReactJSX },
    fileName: filename,
  });
  module._compile(out.outputText, filename);
};

let OfficeJsWorkbook;
try {
  ({ OfficeJsWorkbook } = require(adapterPath));
} catch (e) {
  na(`src/workbook/office-js.ts does not load: ${String(e && e.message).split("\n")[0]}`);
}
if (typeof OfficeJsWorkbook !== "function") na("src/workbook/office-js.ts has no class OfficeJsWorkbook");

const { makeDataset, toGrids } = require("./gen");
const { columnLetters } = require(path.join(root, "dist", "domain", "cells.js"));

const { detectLayout } = require(path.join(root, "dist", "domain", "layout.js"));

const grid = toGrids(makeDataset(lines))[0];
const baseWidth = grid.rows.reduce((w, r) => Math.max(w, r.length), 0);
const width = baseWidth + extra;
/** An unused export column's cell: a header, then values of the kinds ERP exports carry. */
function extraCell(r, k) {
  if (r === 0) return `Felt ${k + 1}`;
  switch (k % 4) {
    case 0:
      return 44562 + (r % 365);
    case 1:
      return `Ansvar ${1000 + ((r * 7 + k) % 500)}`;
    case 2:
      return `Leverandør AS ${(r + k) % 9973}`;
    default:
      return (r * 31 + k) % 100000;
  }
}
const cellAt = (row, r, c) => (c < baseWidth ? row[c] : extraCell(r, c - baseWidth));

/** A grid cell as office-js gives it: values (blank = "") and valueTypes. */
function officeValue(v) {
  if (v === null || v === undefined) return ["", "Empty"];
  if (typeof v === "number") return [v, "Double"];
  if (typeof v === "boolean") return [v, "Boolean"];
  if (typeof v === "string") return [v, "String"];
  if (v.kind === "error") return [v.code, "Error"];
  return [v.serial, "Double"];
}

const bytes = (x) => Buffer.byteLength(JSON.stringify(x), "utf8");

/**
 * A fake Excel.RequestContext with just what a sheet read uses: worksheets.getItem,
 * getUsedRangeOrNullObject, getRangeByIndexes, load and sync. Queued operations are
 * recorded in the shape of RichApi actions to estimate the request's size.
 */
function fakeContext(sheets, stats) {
  let queue = []; // { action, apply? }
  let nextId = 1;
  const enqueue = (action, apply) => queue.push({ action: { Id: nextId++, ...action }, apply });
  const sheetObj = (name) => {
    const g = sheets[name];
    const sheetId = nextId;
    enqueue({ ActionType: "Query", Name: "GetItem", ObjectPathId: sheetId, ArgumentInfo: { Arguments: [name] } });
    return {
      name,
      getUsedRangeOrNullObject(valuesOnly) {
        const rng = { isNullObject: false, address: undefined };
        const id = nextId;
        enqueue({ ActionType: "Method", Name: "GetUsedRangeOrNullObject", ObjectPathId: id, ArgumentInfo: { Arguments: [Boolean(valuesOnly)] } });
        rng.load = (props) =>
          enqueue({ ActionType: "Query", ObjectPathId: id, QueryInfo: { Select: String(props).split(/\s*,\s*/) } }, () => {
            if (!g || g.rows.length === 0) rng.isNullObject = true;
            else rng.address = `${name}!A1:${columnLetters(width - 1)}${g.rows.length}`;
            return 0;
          });
        return rng;
      },
      getRangeByIndexes(startRow, startColumn, rowCount, columnCount) {
        stats.blocks++;
        const rng = {};
        const id = nextId;
        enqueue({ ActionType: "Method", Name: "GetRangeByIndexes", ObjectPathId: id, ArgumentInfo: { Arguments: [startRow, startColumn, rowCount, columnCount] } });
        rng.load = (props) =>
          enqueue({ ActionType: "Query", ObjectPathId: id, QueryInfo: { Select: String(props).split(/\s*,\s*/) } }, () => {
            const values = new Array(rowCount);
            const valueTypes = new Array(rowCount);
            const select = String(props);
            if (!select.includes("values")) {
              // The number formats of the head sample.
              rng.numberFormat = Array.from({ length: rowCount }, () => new Array(columnCount).fill("General"));
              return bytes({ Value: { numberFormat: rng.numberFormat } });
            }
            for (let r = 0; r < rowCount; r++) {
              const src = g.rows[startRow + r] || [];
              const vr = new Array(columnCount);
              const tr = new Array(columnCount);
              for (let c = 0; c < columnCount; c++) {
                const [v, t] = officeValue(cellAt(src, startRow + r, startColumn + c));
                vr[c] = v;
                tr[c] = t;
              }
              values[r] = vr;
              valueTypes[r] = tr;
            }
            rng.values = values;
            rng.valueTypes = valueTypes;
            return bytes({ Value: { values, valueTypes } });
          });
        return rng;
      },
    };
  };
  const worksheets = {
    items: [],
    getItem: (name) => sheetObj(name),
    getItemOrNullObject: (name) => sheetObj(name),
    load(props) {
      enqueue({ ActionType: "Query", Name: "Worksheets", QueryInfo: { Select: [String(props)] } }, () => {
        worksheets.items = Object.keys(sheets).map((n) => ({ name: n }));
        return bytes(worksheets.items);
      });
    },
  };
  return {
    workbook: { worksheets },
    async sync() {
      const q = queue;
      queue = [];
      const requestBytes = bytes({ Actions: q.map((x) => x.action) });
      let responseBytes = 0;
      for (const x of q) if (x.apply) responseBytes += x.apply();
      stats.syncs++;
      stats.maxRequest = Math.max(stats.maxRequest, requestBytes);
      stats.maxResponse = Math.max(stats.maxResponse, responseBytes);
      stats.requestBytes += requestBytes;
      stats.responseBytes += responseBytes;
      stats.perSync.push(responseBytes);
    },
  };
}

(async () => {
  const stats = { syncs: 0, blocks: 0, maxRequest: 0, maxResponse: 0, perSync: [], requestBytes: 0, responseBytes: 0 };
  const context = fakeContext({ [grid.name]: grid }, stats);
  const wb = new OfficeJsWorkbook((batch) => batch(context));
  const t0 = process.hrtime.bigint();
  let read;
  try {
    // As readWorkbook: the head whole, the layout found in it, then only the mapped columns.
    const head = await wb.readSheet(grid.name, { maxRows: HEAD_ROWS });
    const detected = detectLayout([head]).sheets.regnskap;
    if (!detected) na("the layout does not find the ledger in the head");
    const columns = [...new Set([...Object.values(detected.columns), ...Object.values(detected.wideYears)])];
    read = await wb.readSheet(grid.name, { columns });
    read.columnsRead = columns.length;
  } catch (e) {
    na(`OfficeJsWorkbook.readSheet failed against the fake context: ${String(e && e.message).split("\n")[0]}`);
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const same = read.rows.length === grid.rows.length && read.rows[read.rows.length - 1][7] === grid.rows[grid.rows.length - 1][7];
  process.stdout.write(
    JSON.stringify({
      rows: grid.rows.length,
      columns: width,
      columnsRead: read.columnsRead,
      bytesPerLine: (stats.requestBytes + stats.responseBytes) / grid.rows.length,
      syncs: stats.syncs,
      blocks: stats.blocks,
      maxRequestBytes: stats.maxRequest,
      maxResponseBytes: stats.maxResponse,
      ms,
      maxRSS: require("./peak-rss").peakRss(),
      sameRows: same,
    }) + "\n",
  );
})();
