/**
 * Issue 10: behaviours of real Excel that hurt an officer, against the stricter fake.
 * Settings never lost (3), copied/renamed/deleted sheets (4), references that survive a
 * re-run (5), cosmetics that cannot sink the data (6), two runs at once (7), transient
 * errors and cell-edit mode (8), and the fake's own strictness.
 */
import { settingsSheetModel, SETTINGS_SHEET_NAME, type SavedState } from "../src/domain/settings-sheet";
import { cellArea, type CellModel, type SheetModel } from "../src/domain/report/sheet-model";
import { createExcelPort, excelRunner } from "../src/taskpane/excel";
import { readSavedState, readWorkbook } from "../src/taskpane/workflow";
import { LOCK_PROPERTY, OfficeJsWorkbook, type OfficeJsOptions } from "../src/workbook/office-js";
import { SheetNotFoundError, WorkbookBusyError } from "../src/workbook/port";
import { dateSerial, FakeWorkbook, officeAddinMockWorkbook, type FakeValue, type MockSheet } from "./helpers/office-mock";

const noWait: OfficeJsOptions = { sleep: async () => undefined, lockWaitMs: 0 };

const text = (value: string): CellModel => ({ value });

function table(name: string, version: number, extra: Partial<SheetModel> = {}): SheetModel {
  const rows: (CellModel | null)[][] = [[{ value: `${name} v${version}`, style: { bold: true } }], [text("Art"), text("Beløp")]];
  for (let i = 0; i < 10; i++) rows.push([text(String(100 + i)), { value: i * version, style: { numberFormat: "#,##0.00" } }]);
  rows.push([text("Sum"), { value: 0, formula: "SUM(B3:B12)" }]);
  return {
    name,
    role: "table",
    columnWidths: [12, 14],
    rows,
    merges: [cellArea(0, 0, 0, 1)],
    freezeRows: 2,
    print: { orientation: "landscape", paperSize: "A4", fitToWidth: true },
    ...extra,
  };
}

const STATE: SavedState = {
  settings: { year: 2022, agency: "Testetaten" },
  mapping: {},
  decisions: { "122006": { category: 3 }, "118011": { category: 2 } },
};

function workbook(): FakeWorkbook {
  const wb = new FakeWorkbook();
  wb.addSheet("Regnskap", [
    ["Art", "Beløp"],
    ["100", 1200],
  ]);
  return wb;
}

async function firstRun(wb: FakeWorkbook, options: OfficeJsOptions = noWait): Promise<OfficeJsWorkbook> {
  const port = new OfficeJsWorkbook(wb.run, undefined, options);
  await port.writeSheets([table("Tabell 3.1", 1), settingsSheetModel(STATE)]);
  return port;
}

describe("3. settings are never lost", () => {
  it("an error reading the settings sheet stops the run; nothing is written over the officer's choices", async () => {
    const wb = workbook();
    await firstRun(wb);
    const before = wb.names().map((n) => wb.hash(n));
    const port = new OfficeJsWorkbook(wb.run, undefined, { ...noWait, attempts: 1 });
    // The settings read: listing (2 syncs), then the used range of the sheet found.
    wb.failSync(wb.syncCount + 3, "GeneralException");
    await expect(readSavedState(port)).rejects.toMatchObject({ name: "SavedStateUnreadableError" });
    await expect(readSavedState(port)).resolves.toMatchObject({ found: true, saved: { decisions: STATE.decisions } });
    expect(wb.names().map((n) => wb.hash(n))).toEqual(before);
  });

  it("only a missing settings sheet means no saved choices", async () => {
    const port = new OfficeJsWorkbook(workbook().run, undefined, noWait);
    await expect(port.readOwnSheet(SETTINGS_SHEET_NAME)).rejects.toBeInstanceOf(SheetNotFoundError);
    await expect(port.readSheet("Finnes ikke")).rejects.toBeInstanceOf(SheetNotFoundError);
    await expect(readSavedState(port)).resolves.toEqual({ saved: { settings: {}, mapping: {}, decisions: {} }, found: false });
  });
});

describe("4. copied, renamed and deleted sheets", () => {
  it("a copied table and a copied settings sheet are neither input nor written; the next save goes to the one settings sheet", async () => {
    const wb = workbook();
    const port = await firstRun(wb);
    const ids = { table: wb.sheet("Tabell 3.1")!.id, settings: wb.sheet(SETTINGS_SHEET_NAME)!.id };
    wb.copySheet("Tabell 3.1");
    wb.copySheet(SETTINGS_SHEET_NAME);
    expect(wb.sheet("Tabell 3.1 (2)")!.customProperties.size).toBe(0);
    expect(wb.sheet("Tabell 3.1 (2)")!.id).not.toBe(ids.table);
    const copies = ["Tabell 3.1 (2)", "Avstem-innstillinger (2)"].map((n) => wb.hash(n));

    expect(await port.listSheets()).toEqual(["Regnskap"]);
    const written = await port.writeSheets([table("Tabell 3.1", 2), settingsSheetModel({ ...STATE, decisions: {} })]);
    expect(written.map((w) => [w.name, w.replaced])).toEqual([
      ["Tabell 3.1", true],
      [SETTINGS_SHEET_NAME, true],
    ]);
    expect(wb.sheet("Tabell 3.1")!.id).toBe(ids.table);
    expect(wb.sheet(SETTINGS_SHEET_NAME)!.id).toBe(ids.settings);
    expect(["Tabell 3.1 (2)", "Avstem-innstillinger (2)"].map((n) => wb.hash(n))).toEqual(copies);
    expect(wb.names()).toEqual(["Regnskap", "Tabell 3.1", "Tabell 3.1 (2)", SETTINGS_SHEET_NAME, "Avstem-innstillinger (2)"]);
    expect((await readSavedState(port)).saved.decisions).toEqual({});
  });

  it("a renamed settings sheet and a renamed table are still Avstem's: read and refilled under the officer's names", async () => {
    const wb = workbook();
    const port = await firstRun(wb);
    wb.renameSheet(SETTINGS_SHEET_NAME, "Mine valg");
    wb.renameSheet("Tabell 3.1", "T31");
    expect(await port.listSheets()).toEqual(["Regnskap"]);
    expect((await readSavedState(port)).saved.decisions).toEqual(STATE.decisions);
    const written = await port.writeSheets([table("Tabell 3.1", 2), settingsSheetModel(STATE)]);
    expect(written.map((w) => w.name)).toEqual(["T31", "Mine valg"]);
    expect(wb.names()).toEqual(["Regnskap", "T31", "Mine valg"]);
    expect(wb.cell("T31", "A1")!.value).toBe("Tabell 3.1 v2");
  });

  it("a deleted settings sheet means none; a copy renamed to its name after deleting the original becomes the settings sheet", async () => {
    const wb = workbook();
    const port = await firstRun(wb);
    wb.copySheet(SETTINGS_SHEET_NAME);
    wb.deleteSheet(SETTINGS_SHEET_NAME);
    expect((await readSavedState(port)).found).toBe(false);
    wb.renameSheet("Avstem-innstillinger (2)", SETTINGS_SHEET_NAME);
    expect((await readSavedState(port)).saved.decisions).toEqual(STATE.decisions);
    const id = wb.sheet(SETTINGS_SHEET_NAME)!.id;
    await port.writeSheets([settingsSheetModel({ ...STATE, decisions: {} })]);
    expect(wb.names()).toEqual(["Regnskap", "Tabell 3.1", SETTINGS_SHEET_NAME]);
    expect(wb.sheet(SETTINGS_SHEET_NAME)!.id).toBe(id);
    expect(wb.sheet(SETTINGS_SHEET_NAME)!.customProperties.get("AvstemOutput")).toBe("1");
    expect((await readSavedState(port)).saved.decisions).toEqual({});
  });

  it("a deleted table is written anew; its copy stays the user's", async () => {
    const wb = workbook();
    const port = await firstRun(wb);
    wb.copySheet("Tabell 3.1");
    wb.deleteSheet("Tabell 3.1");
    const copy = wb.hash("Tabell 3.1 (2)");
    const [written] = await port.writeSheets([table("Tabell 3.1", 2)]);
    expect(written).toEqual({ requested: "Tabell 3.1", name: "Tabell 3.1", replaced: false });
    expect(wb.hash("Tabell 3.1 (2)")).toBe(copy);
    expect(await port.listSheets()).toEqual(["Regnskap"]);
  });
});

describe("5. user references survive a re-run", () => {
  it("the same sheets in the same places, refilled; a user's formula pointing at a table still points at it", async () => {
    const wb = workbook();
    const port = await firstRun(wb);
    wb.addSheet("Mine tall", [["Sum fra tabellen"]]);
    wb.sheet("Mine tall")!.cells.set("0,1", { value: null, formula: "='Tabell 3.1'!B13*2", numberFormat: "General" });
    wb.sheet("Tabell 3.1")!.charts.push({ type: "Pie", source: "B3:B12", seriesBy: "Columns", series: [{}] });
    const before = wb.sheets.map((s) => [s.name, s.id]);
    const sync = jest.spyOn(wb.context, "sync");
    await port.writeSheets([table("Tabell 3.1", 2, { merges: [] }), settingsSheetModel(STATE)]);
    expect(sync).toHaveBeenCalledTimes(5);
    expect(wb.sheets.map((s) => [s.name, s.id])).toEqual(before);
    expect(wb.cell("Mine tall", "B1")!.formula).toBe("='Tabell 3.1'!B13*2");
    expect(wb.cell("Tabell 3.1", "A1")!.value).toBe("Tabell 3.1 v2");
    expect(wb.cell("Tabell 3.1", "B4")).toEqual({ value: 2, numberFormat: "#,##0.00" });
    // What the earlier output had and the new one has not is gone: its merge and its chart.
    expect(wb.sheet("Tabell 3.1")!.merges).toEqual([]);
    expect(wb.sheet("Tabell 3.1")!.charts).toEqual([]);
    expect(wb.log.filter((o) => o.kind === "delete").map((o) => o.sheet)).toEqual(["~Avstem tmp 1", "~Avstem tmp 2"]);
  });
});

describe("6. cosmetics cannot sink the data", () => {
  it.each([
    ["freezeRows", /frysing av de 2 øverste radene/],
    ["pageLayout.orientation", /utskriftsoppsett/],
  ])("Excel refusing %s: the tables are written and the result says what was not set", async (kind, message) => {
    const wb = workbook();
    const port = new OfficeJsWorkbook(wb.run, undefined, noWait);
    wb.refusedKinds.add(kind);
    const [written] = await port.writeSheets([table("Tabell 3.1", 1)]);
    expect(written?.warnings).toHaveLength(1);
    expect(written?.warnings![0]).toMatch(message);
    expect(written?.warnings![0]).toMatch(/«Tabell 3\.1».*Tabellen er skrevet\./);
    expect(wb.cell("Tabell 3.1", "B13")).toMatchObject({ formula: "=SUM(B3:B12)" });
    // The other settings were made on their own; the lock is released.
    expect(kind === "freezeRows" ? wb.sheet("Tabell 3.1")!.pageLayout.orientation : wb.sheet("Tabell 3.1")!.frozenRows).toBeTruthy();
    expect(wb.documentProperties.has(LOCK_PROPERTY)).toBe(false);
  });
});

describe("7. two runs at once", () => {
  it("a write refuses while another runtime holds the workbook's lock, writes nothing, and says so in Norwegian", async () => {
    const wb = workbook();
    await firstRun(wb);
    const hashes = wb.names().map((n) => wb.hash(n));
    wb.documentProperties.set(LOCK_PROPERTY, JSON.stringify({ owner: "ribbon", since: Date.UTC(2024, 0, 1, 9, 30), expires: Date.now() + 60_000 }));
    const pane = new OfficeJsWorkbook(wb.run, undefined, { ...noWait, owner: "pane" });
    const write = pane.writeSheets([table("Tabell 3.1", 2)]);
    await expect(write).rejects.toBeInstanceOf(WorkbookBusyError);
    await expect(write).rejects.toThrow(/Avstem skriver allerede tabeller i denne arbeidsboken.*Vent til den kjøringen er ferdig/);
    expect(wb.names().map((n) => wb.hash(n))).toEqual(hashes);
    expect(JSON.parse(wb.documentProperties.get(LOCK_PROPERTY)!).owner).toBe("ribbon");
  });

  it("waits for the other run to finish, then writes", async () => {
    const wb = workbook();
    await firstRun(wb);
    wb.documentProperties.set(LOCK_PROPERTY, JSON.stringify({ owner: "ribbon", since: 0, expires: Date.now() + 60_000 }));
    const sleeps: number[] = [];
    const pane = new OfficeJsWorkbook(wb.run, undefined, {
      owner: "pane",
      lockWaitMs: 5_000,
      sleep: async (ms) => {
        sleeps.push(ms);
        wb.documentProperties.delete(LOCK_PROPERTY); // the ribbon's run ends
      },
    });
    await pane.writeSheets([table("Tabell 3.1", 2)]);
    expect(sleeps).toHaveLength(1);
    expect(wb.cell("Tabell 3.1", "A1")!.value).toBe("Tabell 3.1 v2");
    expect(wb.documentProperties.has(LOCK_PROPERTY)).toBe(false);
  });

  it("an expired lock (a run that died) does not block", async () => {
    const wb = workbook();
    wb.documentProperties.set(LOCK_PROPERTY, JSON.stringify({ owner: "ribbon", since: 0, expires: Date.now() - 1 }));
    await new OfficeJsWorkbook(wb.run, undefined, noWait).writeSheets([table("Tabell 3.1", 1)]);
    expect(wb.cell("Tabell 3.1", "A1")!.value).toBe("Tabell 3.1 v1");
  });

  it("when another run takes the lock between our read and our write, we stop before touching an earlier table", async () => {
    const wb = workbook();
    await firstRun(wb);
    const hashes = wb.names().map((n) => wb.hash(n));
    const start = wb.syncCount;
    // The other runtime writes its lock while our third request is on its way.
    wb.beforeSync = (n) => {
      if (n === start + 3) wb.documentProperties.set(LOCK_PROPERTY, JSON.stringify({ owner: "ribbon", since: 0, expires: Date.now() + 60_000 }));
    };
    await expect(new OfficeJsWorkbook(wb.run, undefined, { ...noWait, owner: "pane" }).writeSheets([table("Tabell 3.1", 2), table("Tabell 3.3", 2)])).rejects.toBeInstanceOf(
      WorkbookBusyError,
    );
    expect(wb.names().map((n) => wb.hash(n))).toEqual(hashes);
    expect(wb.log.filter((o) => o.kind === "clear" || o.kind === "copyFrom")).toEqual([]);
    expect(JSON.parse(wb.documentProperties.get(LOCK_PROPERTY)!).owner).toBe("ribbon");
  });
});

describe("8. cell-edit mode, another workbook in front, transient errors", () => {
  it.each(["InvalidOperationInCellEditMode", "InactiveWorkbook", "ServiceNotAvailable", "ActivityLimitReached", "GeneralException"])(
    "a read refused with %s is tried again",
    async (code) => {
      const wb = workbook();
      const sleeps: number[] = [];
      const port = new OfficeJsWorkbook(wb.run, undefined, { sleep: async (ms) => void sleeps.push(ms) });
      wb.failSync(1, code);
      wb.failSync(4, code);
      expect(await port.listSheets()).toEqual(["Regnskap"]);
      expect((await port.readSheet("Regnskap")).rows).toEqual([
        ["Art", "Beløp"],
        ["100", 1200],
      ]);
      expect(sleeps).toEqual([500, 500]);
    },
  );

  it("a read that keeps failing ends with what the officer should do", async () => {
    const wb = workbook();
    const port = new OfficeJsWorkbook(wb.run, undefined, { sleep: async () => undefined });
    for (let n = 1; n <= 3; n++) wb.failSync(n, "InvalidOperationInCellEditMode");
    await expect(port.listSheets()).rejects.toThrow(/^Du redigerer en celle\. Trykk Enter eller Esc/);
    await expect(port.listSheets()).resolves.toEqual(["Regnskap"]);
  });

  it("a write Excel refused (ActivityLimitReached) is run again and gives one clean result", async () => {
    const wb = workbook();
    const port = await firstRun(wb);
    const names = wb.names();
    wb.failSync(wb.syncCount + 4, "ActivityLimitReached");
    await port.writeSheets([table("Tabell 3.1", 2), settingsSheetModel(STATE)]);
    expect(wb.names()).toEqual(names);
    expect(wb.cell("Tabell 3.1", "A1")!.value).toBe("Tabell 3.1 v2");
  });

  it("a write that failed inside Excel (GeneralException) is not run again blindly: it stops with advice", async () => {
    const wb = workbook();
    const port = await firstRun(wb);
    const hashes = wb.names().map((n) => wb.hash(n));
    wb.failSync(wb.syncCount + 3, "GeneralException", "after");
    await expect(port.writeSheets([table("Tabell 3.1", 2)])).rejects.toThrow(/^Excel meldte en intern feil\. Lagre arbeidsboken, og prøv igjen\./);
    expect(wb.names().map((n) => wb.hash(n))).toEqual(hashes);
  });

  it("batches wait out cell-edit mode (delayForCellEdit), and selecting a cell never fails the caller", async () => {
    const run = jest.fn((options: unknown, batch: (c: unknown) => Promise<unknown>) => batch({}));
    (globalThis as unknown as { Excel: unknown }).Excel = { run };
    await excelRunner(async () => 1);
    expect(run.mock.calls[0]?.[0]).toEqual({ delayForCellEdit: true });
    const failing = createExcelPort(() => Promise.reject(Object.assign(new Error("x"), { code: "InactiveWorkbook" })));
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    await expect(failing.selectCell!("Tabell 3.1", "A1")).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
  });
});

describe("the fake is as strict as Excel", () => {
  it("refuses to delete the last visible sheet", async () => {
    const wb = new FakeWorkbook();
    wb.addSheet("Eneste");
    wb.context.workbook.worksheets.getItem("Eneste").delete();
    await expect(wb.context.sync()).rejects.toMatchObject({ code: "InvalidOperation" });
    expect(wb.names()).toEqual(["Eneste"]);
  });

  it.each([
    ["formulas", [["SUM(A1)"]]],
    ["formulas", [["=SUM(A1"]]],
    ["formulas", [['=A1&"x']]],
    ["numberFormat", [['0.00 "kr']]],
    ["numberFormat", [["[Red0.00"]]],
    ["values", [["=SUM((A1)"]]],
    ["values", [[1, 2]]],
  ] as const)("refuses %s %j at sync", async (property, grid) => {
    const wb = new FakeWorkbook();
    wb.addSheet("Ark");
    const range = wb.context.workbook.worksheets.getItem("Ark").getRange("A1");
    (range as unknown as Record<string, unknown>)[property] = grid;
    await expect(wb.context.sync()).rejects.toMatchObject({ code: "InvalidArgument" });
  });

  it("types values as Excel does: numbers, percents as fractions, booleans, dates as serials; text format keeps text", async () => {
    const wb = new FakeWorkbook();
    wb.addSheet("Ark");
    const sheet = wb.context.workbook.worksheets.getItem("Ark");
    sheet.getRange("E1").numberFormat = [["@"]];
    sheet.getRange("A1:E1").values = [["2022", "5 %", "TRUE", "2023-02-01", "2022"]] as FakeValue[][] as never;
    await wb.context.sync();
    expect(wb.grid("Ark")).toEqual([[2022, 0.05, true, dateSerial(2023, 2, 1), "2022"]]);
    expect(wb.cell("Ark", "B1")!.numberFormat).toBe("0%");
    expect(wb.cell("Ark", "D1")!.numberFormat).toBe("yyyy-mm-dd");
    expect(dateSerial(2023, 2, 1)).toBe(44958);
  });

  it("counts a request as the UTF-8 bytes of its queued operations", async () => {
    const wb = new FakeWorkbook();
    wb.addSheet("Ark");
    wb.context.workbook.worksheets.getItem("Ark").getRange("A1").values = [["ø"]];
    await wb.context.sync();
    const expected = Buffer.byteLength(JSON.stringify([{ name: "range.values", args: { address: "A1", values: [["ø"]] } }]), "utf8");
    expect(wb.requestBytes).toEqual([expected]);
    expect(expected).toBe(JSON.stringify([{ name: "range.values", args: { address: "A1", values: [["ø"]] } }]).length + 1);
  });

  it("injects a transient error before a sync (nothing applied) or after it (applied, answer lost)", async () => {
    const wb = new FakeWorkbook();
    wb.addSheet("Ark");
    wb.failSync(1, "ServiceNotAvailable");
    wb.failSync(2, "GeneralException", "after");
    wb.context.workbook.worksheets.getItem("Ark").getRange("A1").values = [[1]];
    await expect(wb.context.sync()).rejects.toMatchObject({ code: "ServiceNotAvailable" });
    expect(wb.cell("Ark", "A1")).toBeUndefined();
    wb.context.workbook.worksheets.getItem("Ark").getRange("A1").values = [[2]];
    await expect(wb.context.sync()).rejects.toMatchObject({ code: "GeneralException" });
    expect(wb.cell("Ark", "A1")!.value).toBe(2);
  });
});

describe("9. only the columns that are needed are read", () => {
  const HEADER = ["Kapittel", "Del", "Art", "Prosjekt", "Bilag", "Tekst", "År", "Beløp"];

  /** A ledger with `extra` unused columns (export noise) after the eight known ones, a title row and a date column. */
  function ledger(lines: number, extra: number): MockSheet {
    const header = [...HEADER, "Bilagsdato", ...Array.from({ length: extra }, (_, i) => `Felt ${i + 1}`)];
    const values: unknown[][] = [["Hovedbok 2022"], header];
    const valueTypes: string[][] = [["String"], header.map(() => "String")];
    const numberFormat: string[][] = [["General"], header.map(() => "General")];
    for (let i = 0; i < lines; i++) {
      values.push([
        125,
        i % 3 ? "Drift" : "Investering",
        String(100 + (i % 50)),
        "",
        1000 + i,
        `Bilag ${i}`,
        2022,
        (i % 97) * 10.5,
        44562 + (i % 300),
        ...Array.from({ length: extra }, (_, k) => `støy ${k} ${i}`),
      ]);
      valueTypes.push(["Double", "String", "String", "Empty", "Double", "String", "Double", "Double", "Double", ...Array.from({ length: extra }, () => "String")]);
      numberFormat.push(["General", "@", "@", "General", "0", "@", "0", "#,##0.00", "dd.mm.yyyy", ...Array.from({ length: extra }, () => "@")]);
    }
    for (const row of [values, valueTypes, numberFormat]) {
      const width = row[1]?.length ?? 0;
      row[0] = [row[0]?.[0], ...Array.from({ length: width - 1 }, () => (row === valueTypes ? "Empty" : row === numberFormat ? "General" : ""))];
    }
    return { name: "Regnskap", values, valueTypes, numberFormat };
  }

  async function read(extra: number, lines = 2000) {
    const sheet = ledger(lines, extra);
    const harness = officeAddinMockWorkbook([sheet]);
    const loaded = await readWorkbook(new OfficeJsWorkbook(harness.run, undefined, noWait));
    const bytes = harness.syncs.reduce((sum, s) => sum + s.responseBytes, 0);
    return { sheet, grid: loaded.grids[0], bytes };
  }

  it("reads the head whole, then only the mapped columns: bytes per line do not grow with unused columns", async () => {
    const narrow = await read(0);
    const wide = await read(22);
    const perLine = (b: number) => b / 2000;
    console.info(`bytes per ledger line: 9 columns ${perLine(narrow.bytes).toFixed(0)}, 31 columns ${perLine(wide.bytes).toFixed(0)}`);
    // The head (80 rows) is read whole; the 1,920 lines below it only in the mapped columns.
    expect(wide.bytes - narrow.bytes).toBeLessThan(80 * 22 * 40);
    expect(perLine(wide.bytes)).toBeLessThan(perLine(narrow.bytes) * 1.6);
  });

  it("keeps true sheet coordinates: unread columns are null below the head, the head keeps every header", async () => {
    const { sheet, grid } = await read(22);
    expect(grid?.firstRow).toBe(0);
    expect(grid?.firstColumn).toBe(0);
    expect(grid?.rows).toHaveLength(sheet.values.length);
    expect(grid?.rows[1]).toEqual(sheet.values[1]);
    const last = grid?.rows[grid?.rows.length - 1];
    const src = sheet.values[sheet.values.length - 1];
    // Art, Beløp, År … read; the noise columns past the head are not.
    expect(last?.[2]).toBe(src?.[2]);
    expect(last?.[7]).toBe(src?.[7]);
    expect(last?.slice(9).every((v) => v === null || v === undefined)).toBe(true);
    expect(grid?.rows[40]?.[20]).toBe(sheet.values[40]?.[20]);
  });

  it("a date-formatted column arrives as dates, not as amounts", async () => {
    const { grid } = await read(0, 100);
    expect(grid?.rows[2]?.[8]).toEqual({ kind: "date", serial: 44562 });
    expect(grid?.rows[2]?.[7]).toBe(0);
    expect(grid?.rows[2]?.[6]).toBe(2022);
  });
});
