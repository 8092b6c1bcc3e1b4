/* An in-memory workbook behind the same WorkbookPort the add-in uses with Excel. The test
   puts the input grids in window.__avstemInput before this script runs; the pane then finds
   window.avstemHarness (its test hook) and never touches office-js. What the pane writes and
   selects is kept in window.__avstemWorkbook for the test to read. */
(function () {
  "use strict";
  var input = window.__avstemInput || { grids: [] };
  var BLOCK_ROWS = 250;

  function abortError() {
    var e = new Error("Avbrutt");
    e.name = "AbortError";
    return e;
  }

  /** As the port's SheetNotFoundError (src/workbook/port.ts): the one error that means "no such sheet". */
  function sheetNotFound(name) {
    var e = new Error("Fant ikke arket «" + name + "».");
    e.name = "SheetNotFoundError";
    e.sheet = name;
    return e;
  }

  function wait(ms) {
    return new Promise(function (resolve) { setTimeout(resolve, ms); });
  }

  /** What a workbook gives back for a written sheet: its cells' values, from A1. */
  function modelToGrid(model) {
    return {
      name: model.name,
      firstRow: 0,
      firstColumn: 0,
      rows: model.rows.map(function (row) {
        return row.map(function (cell) { return cell ? cell.value : null; });
      }),
    };
  }

  function MemoryWorkbook(grids) {
    this.inputs = grids;
    /** Output sheets by name, in write order: the SheetModels as the pane wrote them. */
    this.outputs = {};
    this.writes = [];
    this.selections = [];
    /** Every readSheet call's sheet name, in order. */
    this.reads = [];
    /** Milliseconds per block read or sheet written; the test raises it to exercise cancel. */
    this.delayMs = 0;
    /** Sheet name → what could not be set on it (as the Excel adapter reports a failed page layout). */
    this.writeWarnings = {};
    /** When set, writeSheets refuses as the Excel adapter does while another run holds the workbook. */
    this.busySince = null;
  }

  MemoryWorkbook.prototype.listSheets = function () {
    return Promise.resolve(this.inputs.map(function (g) { return g.name; }));
  };

  MemoryWorkbook.prototype.readSheet = async function (name, options) {
    options = options || {};
    this.reads.push(name);
    var grid = this.inputs.find(function (g) { return g.name === name; });
    if (!grid && this.outputs[name]) grid = modelToGrid(this.outputs[name]);
    if (!grid) throw sheetNotFound(name);
    var total = grid.rows.length;
    for (var done = 0; done < total || done === 0; done += BLOCK_ROWS) {
      if (options.signal && options.signal.aborted) throw abortError();
      await wait(this.delayMs);
      if (options.signal && options.signal.aborted) throw abortError();
      if (options.onProgress) options.onProgress({ phase: "read", sheet: name, done: Math.min(total, done + BLOCK_ROWS), total: total });
      if (total === 0) break;
    }
    var copy = JSON.parse(JSON.stringify(grid));
    // As the port allows: the first maxRows rows, and only the columns asked for (others null, coordinates kept).
    if (options.maxRows !== undefined) copy.rows = copy.rows.slice(0, options.maxRows);
    if (options.columns) {
      var keep = {};
      options.columns.forEach(function (c) { keep[c - copy.firstColumn] = true; });
      copy.rows = copy.rows.map(function (row) {
        return row.map(function (v, i) { return keep[i] ? v : null; });
      });
    }
    return copy;
  };

  MemoryWorkbook.prototype.writeSheets = async function (models, options) {
    options = options || {};
    if (this.busySince) {
      var busy = new Error("Avstem skriver allerede tabeller i denne arbeidsboken. Vent til den kjøringen er ferdig, og prøv igjen.");
      busy.name = "WorkbookBusyError";
      busy.since = this.busySince;
      throw busy;
    }
    var staged = [];
    for (var i = 0; i < models.length; i++) {
      if (options.signal && options.signal.aborted) throw abortError();
      await wait(this.delayMs);
      staged.push(JSON.parse(JSON.stringify(models[i])));
      if (options.onProgress) options.onProgress({ phase: "write", sheet: models[i].name, done: i + 1, total: models.length });
    }
    if (options.signal && options.signal.aborted) throw abortError();
    // All or nothing, as the Excel adapter: outputs change only when every sheet is written.
    var self = this;
    var written = staged.map(function (m) {
      // As the Excel adapter: a user's sheet is never replaced; the output takes "Name (Avstem)" instead.
      var requested = m.name;
      var name = requested;
      for (var attempt = 1; self.inputs.some(function (g) { return g.name.toLowerCase() === name.toLowerCase(); }); attempt++) {
        name = requested + (attempt === 1 ? " (Avstem)" : " (Avstem " + attempt + ")");
      }
      var replaced = Object.prototype.hasOwnProperty.call(self.outputs, name);
      m.name = name;
      self.outputs[name] = m;
      var written = { requested: requested, name: name, replaced: replaced };
      if (self.writeWarnings[name]) written.warnings = self.writeWarnings[name].slice();
      return written;
    });
    this.writes.push(written.map(function (w) { return w.name; }));
    return written;
  };

  MemoryWorkbook.prototype.selectCell = function (sheet, address) {
    this.selections.push({ sheet: sheet, address: address });
    return Promise.resolve();
  };

  var workbook = new MemoryWorkbook(input.grids);
  window.__avstemWorkbook = workbook;
  window.avstemHarness = { port: workbook, displayLanguage: input.displayLanguage };
})();
