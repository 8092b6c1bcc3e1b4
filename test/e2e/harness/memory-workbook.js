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
    return new Promise(function (resolve) {
      setTimeout(resolve, ms);
    });
  }

  /** What a workbook gives back for a written sheet: its cells' values, from A1. */
  function modelToGrid(model) {
    return {
      name: model.name,
      firstRow: 0,
      firstColumn: 0,
      rows: model.rows.map(function (row) {
        return row.map(function (cell) {
          return cell ? cell.value : null;
        });
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
    /** Rows per block read (see blockRowsFor). */
    this.blockRows = 250;
    this.watchers = [];
    this.rowCountRequests = 0;
  }

  MemoryWorkbook.prototype.listSheets = function () {
    return Promise.resolve(
      this.inputs.map(function (g) {
        return g.name;
      }),
    );
  };

  /** Rows per block: a number, or "adapter" for the office-js adapter's own size (src/workbook/office-js-read.ts, blockRowsFor). */
  MemoryWorkbook.prototype.blockRowsFor = function (columns) {
    if (this.blockRows === "adapter") return Math.max(1, Math.min(20000, Math.floor(4000000 / (Math.max(1, columns) * 60))));
    return this.blockRows;
  };

  function copyCell(v) {
    return v !== null && typeof v === "object" ? Object.assign({}, v) : v;
  }

  MemoryWorkbook.prototype.readSheet = async function (name, options) {
    options = options || {};
    this.reads.push(name);
    var grid = this.inputs.find(function (g) {
      return g.name === name;
    });
    if (!grid && this.outputs[name]) grid = modelToGrid(this.outputs[name]);
    if (!grid) throw sheetNotFound(name);
    // As the port allows: the first maxRows rows, and only the columns asked for (others null, coordinates kept).
    var total = options.maxRows !== undefined ? Math.min(grid.rows.length, options.maxRows) : grid.rows.length;
    var keep = null;
    if (options.columns) {
      keep = {};
      options.columns.forEach(function (c) {
        keep[c - grid.firstColumn] = true;
      });
    }
    var width = grid.rows.reduce(function (w, r, i) {
      return i < 80 ? Math.max(w, r.length) : w;
    }, 0);
    var blockRows = this.blockRowsFor(options.columns ? options.columns.length : width);
    var rows = [];
    // Block by block, each a fresh copy of the cells (as the adapter builds its rows from each response).
    for (var done = 0; done < total || done === 0; done += blockRows) {
      if (options.signal && options.signal.aborted) throw abortError();
      await wait(this.delayMs);
      if (options.signal && options.signal.aborted) throw abortError();
      var end = Math.min(total, done + blockRows);
      for (var r = done; r < end; r++) {
        var src = grid.rows[r];
        var row = new Array(src.length);
        for (var c = 0; c < src.length; c++) row[c] = keep && !keep[c] ? null : copyCell(src[c]);
        rows.push(row);
      }
      if (options.onProgress) options.onProgress({ phase: "read", sheet: name, done: end, total: total });
      if (total === 0) break;
    }
    return { name: grid.name, rows: rows, firstRow: grid.firstRow, firstColumn: grid.firstColumn };
  };

  /** As the Excel port's usedRowCounts (src/taskpane/excel.ts): rows of each sheet's used range. */
  MemoryWorkbook.prototype.usedRowCounts = function (names) {
    var self = this;
    this.rowCountRequests++;
    var out = {};
    names.forEach(function (n) {
      var g = self.inputs.find(function (x) {
        return x.name === n;
      });
      out[n] = g ? g.rows.length : 0;
    });
    return Promise.resolve(out);
  };

  /** As the Excel port's watchInputs: a change to a watched sheet (see edit) calls onChange. */
  MemoryWorkbook.prototype.watchInputs = function (names, onChange) {
    var self = this;
    var watch = { names: names.slice(), onChange: onChange };
    this.watchers.push(watch);
    return Promise.resolve(function () {
      self.watchers = self.watchers.filter(function (w) {
        return w !== watch;
      });
      return Promise.resolve();
    });
  };

  /** The officer types into an input sheet: the cell changes and the watchers hear of it. */
  MemoryWorkbook.prototype.edit = function (sheet, row, column, value) {
    var grid = this.inputs.find(function (g) {
      return g.name === sheet;
    });
    if (!grid) throw sheetNotFound(sheet);
    while (grid.rows.length <= row - grid.firstRow) grid.rows.push([]);
    grid.rows[row - grid.firstRow][column - grid.firstColumn] = value;
    this.watchers.forEach(function (w) {
      if (w.names.indexOf(sheet) >= 0) w.onChange();
    });
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
      for (
        var attempt = 1;
        self.inputs.some(function (g) {
          return g.name.toLowerCase() === name.toLowerCase();
        });
        attempt++
      ) {
        name = requested + (attempt === 1 ? " (Avstem)" : " (Avstem " + attempt + ")");
      }
      var replaced = Object.prototype.hasOwnProperty.call(self.outputs, name);
      m.name = name;
      self.outputs[name] = m;
      var written = { requested: requested, name: name, replaced: replaced };
      if (self.writeWarnings[name]) written.warnings = self.writeWarnings[name].slice();
      return written;
    });
    this.writes.push(
      written.map(function (w) {
        return w.name;
      }),
    );
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
