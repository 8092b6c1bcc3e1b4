/**
 * The WorkbookPort over office-js: the only module that knows `context.sync`.
 *
 * Which sheets are Avstem's is decided by what survives a rename but not a copy: the
 * AvstemOutput worksheet custom property (Excel does not copy custom properties with a
 * sheet) on a sheet that carries the sheet-scoped name AvstemArk, whose formula holds the
 * model the sheet was written for (a sheet-scoped name is copied with the sheet, so a copy
 * is known as a copy and is never read as input, nor written). Sheets are addressed by id
 * within a run, so a rename while Avstem works does not send a write elsewhere.
 *
 * A write keeps every earlier output sheet (same sheet, same position: formulas and names
 * that point at it keep working) and replaces its content. Syncs do not grow with the
 * sheet count:
 *   1. sheets (names, ids) and the workbook's write lock;
 *   2. markers and tags; the lock is taken;
 *   3. new sheets, and the new tables written to staging sheets; the lock is checked
 *      (plus one per extra 4 MB of cells);
 *   4. each kept sheet cleared and filled from its staging sheet (a copy inside Excel),
 *      formats, merges, widths and links; the staging sheets deleted;
 *   5. page layout, freeze panes, charts and page breaks, best effort; the lock released.
 * A failure before 4 leaves every earlier table as it was.
 */
import { at } from "../domain/at";
import type { SheetGrid } from "../domain/cells";
import type { SheetModel } from "../domain/report/sheet-model";
import { OUTPUT_MARKER, ReadOptions, SheetNotFoundError, WorkbookBusyError, WorkbookPort, WriteIncompleteError, WriteOptions, WrittenSheet } from "./port";
import { chooseNewName, chooseTempNames, isCandidateName, isTempSheetName } from "./office-js-names";
import { DEFAULT_PAYLOAD_LIMITS, PayloadLimits, readSheetInBlocks, throwIfAborted } from "./office-js-read";
import { clearSheet, cosmeticTasks, renderCells, renderFormats, writeLinks, WriteBatch } from "./office-js-render";

/** Runs a batch against a request context: `Excel.run` in Excel, a mock's runner in tests. */
export type ExcelBatchRunner = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

/** Value of the OUTPUT_MARKER custom property on sheets Avstem wrote. */
const OUTPUT_MARKER_VALUE = "1";

/** The sheet-scoped name that says which model a sheet of Avstem's holds; copied with the sheet. */
const SHEET_TAG = "AvstemArk";

/** The workbook custom property that holds the write lock: JSON {owner, since, expires} (ms since 1970). */
export const LOCK_PROPERTY = "AvstemSkriver";

/** The error codes Microsoft lists as transient for Excel (application-specific API error handling). */
const TRANSIENT_CODES: ReadonlySet<string> = new Set(["InactiveWorkbook", "InvalidOperationInCellEditMode", "GeneralException", "ServiceNotAvailable", "ActivityLimitReached"]);

/** Codes that mean Excel refused the request before running it: a write may be run again. */
const REFUSED_CODES: ReadonlySet<string> = new Set(["InactiveWorkbook", "InvalidOperationInCellEditMode", "ServiceNotAvailable", "ActivityLimitReached"]);

export interface OfficeJsOptions {
  /** Attempts of a read (and of a write refused before it ran) on a transient error; 3 unless told. */
  readonly attempts?: number;
  /** Pause before attempt n (n ≥ 2), in ms; 500 · 2^(n-2) unless told. */
  readonly retryDelayMs?: (attempt: number) => number;
  /** How long a write waits for another run's lock before refusing; 10 s unless told. */
  readonly lockWaitMs?: number;
  /** How long a lock holds when its run dies without releasing it; 5 minutes unless told. */
  readonly lockTtlMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
  /** This runtime's name in the lock (tests run two "runtimes" against one workbook). */
  readonly owner?: string;
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { code, debugInfo } = error as { code?: unknown; debugInfo?: { code?: unknown } };
  if (typeof code === "string") return code;
  return typeof debugInfo?.code === "string" ? debugInfo.code : undefined;
}

function errorDetail(error: unknown): string {
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  return code && !message.includes(code) ? `Excel: ${code}, ${message}` : `Excel: ${message}`;
}

/** What the officer should do about an Excel error, in Norwegian. */
function officeErrorAdvice(code: string | undefined): string | undefined {
  switch (code) {
    case "InactiveWorkbook":
      return "Excel arbeider i en annen arbeidsbok. Klikk i arbeidsboken med Avstem, og prøv igjen.";
    case "InvalidOperationInCellEditMode":
      return "Du redigerer en celle. Trykk Enter eller Esc for å avslutte redigeringen, og prøv igjen.";
    case "ServiceNotAvailable":
    case "ActivityLimitReached":
      return "Excel er opptatt akkurat nå. Vent et øyeblikk, og prøv igjen.";
    case "GeneralException":
      return "Excel meldte en intern feil. Lagre arbeidsboken, og prøv igjen.";
    default:
      return undefined;
  }
}

/** The error again, with a message that tells the officer what to do (code and cause kept). */
function withAdvice(error: unknown): unknown {
  const code = errorCode(error);
  const advice = officeErrorAdvice(code);
  if (!advice || !(error instanceof Error)) return error;
  return Object.assign(new Error(`${advice} (${errorDetail(error)})`, { cause: error }), { name: error.name, code });
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** What a sheet is to Avstem, from one listing. */
interface SheetInfo {
  readonly id: string;
  readonly name: string;
  /** Carries the AvstemOutput marker: Avstem wrote this very sheet (not a copy). */
  readonly marked: boolean;
  /** The model the sheet was written for (its AvstemArk name), also on a copy; null without one. */
  readonly tag: string | null;
}

/** An input sheet: neither Avstem's nor a copy of one. */
function isInput(s: SheetInfo): boolean {
  return !s.marked && s.tag === null;
}

function tagFormula(requested: string): string {
  return `="${requested.replace(/"/g, '""')}"`;
}

function parseTag(formula: unknown): string | null {
  if (typeof formula !== "string") return null;
  const m = /^="((?:[^"]|"")*)"$/.exec(formula.trim());
  return m ? (m[1] ?? "").replace(/""/g, '"') : null;
}

/**
 * The workbook's sheets with markers and tags, in workbook order. Two syncs, whatever the
 * sheet count; `afterFirstSync` may queue more for the second.
 */
async function loadSheetInfos(context: Excel.RequestContext, afterFirstSync?: () => void): Promise<SheetInfo[]> {
  const sheets = context.workbook.worksheets;
  sheets.load("items/name,items/id");
  await context.sync();
  afterFirstSync?.();
  const loads = sheets.items.map((sheet) => {
    const marker = sheet.customProperties.getItemOrNullObject(OUTPUT_MARKER);
    marker.load("value");
    const tag = sheet.names.getItemOrNullObject(SHEET_TAG);
    tag.load("formula");
    return { marker, tag };
  });
  await context.sync();
  return sheets.items.map((sheet, i) => {
    const { marker, tag } = at(loads, i, "sheet");
    return {
      id: sheet.id,
      name: sheet.name,
      marked: !marker.isNullObject && marker.value === OUTPUT_MARKER_VALUE,
      tag: tag.isNullObject ? null : parseTag(tag.formula),
    };
  });
}

/**
 * The sheet Avstem wrote for the model `requested`, if any: its marked sheet with that tag;
 * an earlier version's marked sheet (no tag) under one of the names Avstem gives that model;
 * or, when the officer deleted the original and renamed a copy to the model's name, that copy.
 */
function resolveOwn(requested: string, infos: readonly SheetInfo[], used: ReadonlySet<string> = new Set()): SheetInfo | undefined {
  const free = infos.filter((s) => !used.has(s.id));
  return (
    free.find((s) => s.marked && s.tag === requested) ??
    free.find((s) => s.marked && s.tag === null && !isTempSheetName(s.name) && s.name.toLowerCase() === requested.toLowerCase()) ??
    free.find((s) => s.marked && s.tag === null && !isTempSheetName(s.name) && isCandidateName(requested, s.name)) ??
    free.find((s) => !s.marked && s.tag === requested && s.name.toLowerCase() === requested.toLowerCase())
  );
}

interface LockValue {
  readonly owner: string;
  readonly since: number;
  readonly expires: number;
}

function parseLock(property: Excel.CustomProperty): LockValue | null {
  if (property.isNullObject) return null;
  try {
    const v = JSON.parse(String(property.value)) as Partial<LockValue>;
    if (typeof v.owner === "string" && typeof v.expires === "number") return { owner: v.owner, since: Number(v.since ?? 0), expires: v.expires };
  } catch {
    // A lock we cannot read is no lock: it cannot be ours, and nobody can renew it.
  }
  return null;
}

function loadLock(context: Excel.RequestContext): Excel.CustomProperty {
  const property = context.workbook.properties.custom.getItemOrNullObject(LOCK_PROPERTY);
  property.load("value");
  return property;
}

/** One output: its model and where it goes. */
interface Plan {
  readonly model: SheetModel;
  /** The sheet written (an earlier output kept, or a new sheet). */
  readonly sheet: Excel.Worksheet;
  readonly name: string;
  /** The earlier output kept and refilled; null for a new sheet. */
  readonly kept: SheetInfo | null;
  /** Where the new content is written first when the sheet is kept. */
  staging: Excel.Worksheet | null;
  stagingName: string | null;
  charts: Excel.ChartCollection | null;
}

/** Deletes sheets by id, quietly: a cleanup must not mask the error that made it necessary. */
async function deleteQuietly(context: Excel.RequestContext, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  try {
    const sheets = ids.map((id) => {
      const sheet = context.workbook.worksheets.getItemOrNullObject(id);
      sheet.load("name");
      return sheet;
    });
    await context.sync();
    for (const sheet of sheets) if (!sheet.isNullObject) sheet.delete();
    await context.sync();
  } catch {
    // Marked sheets under temporary names: the next write removes any that are left.
  }
}

export class OfficeJsWorkbook implements WorkbookPort {
  private readonly attempts: number;
  private readonly retryDelayMs: (attempt: number) => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly owner: string;

  constructor(
    private readonly run: ExcelBatchRunner,
    private readonly limits: PayloadLimits = DEFAULT_PAYLOAD_LIMITS,
    private readonly options: OfficeJsOptions = {},
  ) {
    this.attempts = Math.max(1, options.attempts ?? 3);
    this.retryDelayMs = options.retryDelayMs ?? ((n) => 500 * 2 ** (n - 2));
    this.sleep = options.sleep ?? defaultSleep;
    this.now = options.now ?? (() => Date.now());
    this.owner = options.owner ?? `avstem-${Math.random().toString(36).slice(2, 10)}`;
  }

  /** Runs `batch`, again after a pause on an error that `retryable` accepts; the last error gets advice for the officer. */
  private async retrying<T>(batch: (context: Excel.RequestContext) => Promise<T>, retryable: (code: string | undefined) => boolean): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.run(batch);
      } catch (error) {
        const code = errorCode(error);
        if (attempt >= this.attempts || !retryable(code)) throw withAdvice(error);
        await this.sleep(this.retryDelayMs(attempt + 1));
      }
    }
  }

  /** Reads change nothing: any transient error is worth another attempt. */
  private read<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> {
    return this.retrying(batch, (code) => code !== undefined && TRANSIENT_CODES.has(code));
  }

  listSheets(): Promise<string[]> {
    return this.read(async (context) => (await loadSheetInfos(context)).filter(isInput).map((s) => s.name));
  }

  readSheet(name: string, options?: ReadOptions): Promise<SheetGrid> {
    return this.read((context) => readSheetInBlocks(context, name, options, this.limits));
  }

  readOwnSheet(requested: string, options?: ReadOptions): Promise<SheetGrid> {
    return this.read(async (context) => {
      const own = resolveOwn(requested, await loadSheetInfos(context));
      if (!own) throw new SheetNotFoundError(requested);
      return readSheetInBlocks(context, own.name, options, this.limits, own.id);
    });
  }

  /**
   * Writes every model into its sheet: an earlier output of Avstem's for the same model is
   * kept and refilled, other models get new, marked sheets. Sheets that are not Avstem's
   * (the user's, the input, copies of Avstem's) are never written, renamed or deleted.
   * A write is the same whenever it is run again, so a request Excel refused is retried.
   */
  writeSheets(models: readonly SheetModel[], options: WriteOptions = {}): Promise<WrittenSheet[]> {
    if (models.length === 0) return Promise.resolve([]);
    return this.retrying(
      (context) => this.write(context, models, options),
      (code) => code !== undefined && REFUSED_CODES.has(code),
    );
  }

  private async write(context: Excel.RequestContext, models: readonly SheetModel[], options: WriteOptions): Promise<WrittenSheet[]> {
    const { signal, onProgress } = options;
    throwIfAborted(signal);
    // Syncs 1 and 2: the listing; the lock is read with the first and taken with the second.
    const deadline = this.now() + (this.options.lockWaitMs ?? 10_000);
    let infos: SheetInfo[] | null = null;
    while (infos === null) {
      const lockBefore = loadLock(context);
      let busy: LockValue | null = null;
      const listed = await loadSheetInfos(context, () => {
        const lock = parseLock(lockBefore);
        if (lock !== null && lock.owner !== this.owner && lock.expires > this.now()) busy = lock;
        else this.takeLock(context);
      });
      const held = busy as LockValue | null;
      if (held === null) {
        infos = listed;
        break;
      }
      if (this.now() >= deadline) throw new WorkbookBusyError(held.since ? new Date(held.since) : null);
      throwIfAborted(signal);
      await this.sleep(Math.min(1000, Math.max(1, deadline - this.now())));
    }
    let released = false;
    try {
      return await this.writeLocked(context, infos, models, signal, onProgress, () => {
        // Queued with the last request of a write that went well: the lock was checked as ours in sync 3.
        context.workbook.properties.custom.getItem(LOCK_PROPERTY).delete();
        return () => (released = true);
      });
    } finally {
      if (!released) await this.releaseLock(context);
    }
  }

  private takeLock(context: Excel.RequestContext): void {
    const now = this.now();
    const value: LockValue = { owner: this.owner, since: now, expires: now + (this.options.lockTtlMs ?? 5 * 60_000) };
    context.workbook.properties.custom.add(LOCK_PROPERTY, JSON.stringify(value));
  }

  /** Releases the lock if it is still ours; quietly (it expires anyway). */
  private async releaseLock(context: Excel.RequestContext): Promise<void> {
    try {
      const property = loadLock(context);
      await context.sync();
      if (parseLock(property)?.owner !== this.owner) return;
      property.delete();
      await context.sync();
    } catch {
      // The lock expires by itself.
    }
  }

  private async writeLocked(
    context: Excel.RequestContext,
    infos: readonly SheetInfo[],
    models: readonly SheetModel[],
    signal: AbortSignal | undefined,
    onProgress: WriteOptions["onProgress"],
    release: () => () => void,
  ): Promise<WrittenSheet[]> {
    throwIfAborted(signal);
    const sheets = context.workbook.worksheets;
    const taken = new Set(infos.map((s) => s.name.toLowerCase()));
    const used = new Set<string>();
    const staleTemps = infos.filter((s) => s.marked && isTempSheetName(s.name));
    const tempNames = chooseTempNames(
      models.length,
      infos.map((s) => s.name),
    );

    const batch = new WriteBatch(context, this.limits.budgetBytes);
    const lock = loadLock(context);
    const plans: Plan[] = [];
    for (const [i, model] of models.entries()) {
      const kept = resolveOwn(model.name, infos, used);
      await batch.reserve();
      if (kept) {
        used.add(kept.id);
        const sheet = sheets.getItem(kept.id);
        const charts = sheet.charts;
        charts.load("items/name");
        // Marked first, so even a half-written staging sheet is known as Avstem's, never as input.
        const staging = sheets.add(tempNames[i]);
        staging.customProperties.add(OUTPUT_MARKER, OUTPUT_MARKER_VALUE);
        plans.push({ model, sheet, name: kept.name, kept, staging, stagingName: at(tempNames, i, "staging name"), charts });
      } else {
        const name = chooseNewName(model.name, taken);
        const sheet = sheets.add(name);
        sheet.customProperties.add(OUTPUT_MARKER, OUTPUT_MARKER_VALUE);
        sheet.names.add(SHEET_TAG, tagFormula(model.name));
        plans.push({ model, sheet, name, kept: null, staging: null, stagingName: null, charts: null });
      }
    }
    const targets = new Map(plans.map((p) => [p.model.name, p.name]));
    try {
      for (const [i, plan] of plans.entries()) {
        throwIfAborted(signal);
        await renderCells(batch, plan.staging ?? plan.sheet, plan.model, targets, this.limits);
        batch.whenSynced(() => onProgress?.({ phase: "write", sheet: plan.model.name, done: i + 1, total: plans.length }));
      }
      await batch.sync();
      throwIfAborted(signal);
      // Another run took the lock between our read and our write of it: it goes on, we stop.
      if (parseLock(lock)?.owner !== this.owner) throw new WorkbookBusyError(null);
    } catch (error) {
      // Nothing of the earlier output was touched: the new sheets and the staging sheets go.
      await deleteQuietly(
        context,
        plans.map((p) => p.stagingName ?? p.name),
      );
      throw error;
    }

    // Sync 4: the kept sheets take their new content; no user reference to them breaks.
    const swap = new WriteBatch(context, this.limits.budgetBytes);
    try {
      for (const plan of plans) {
        if (!plan.kept || !plan.staging) continue;
        await clearSheet(swap, plan.sheet, plan.charts?.items ?? []);
        const { rows, columns } = extent(plan.model);
        if (rows > 0 && columns > 0) plan.sheet.getRangeByIndexes(0, 0, rows, columns).copyFrom(plan.staging.getRangeByIndexes(0, 0, rows, columns), "All");
        plan.staging.delete();
        // An earlier version's sheet gets its tag; an adopted copy its marker.
        if (plan.kept.tag === null) plan.sheet.names.add(SHEET_TAG, tagFormula(plan.model.name));
        if (!plan.kept.marked) plan.sheet.customProperties.add(OUTPUT_MARKER, OUTPUT_MARKER_VALUE);
      }
      for (const stale of staleTemps) {
        await swap.reserve();
        sheets.getItem(stale.id).delete();
      }
      for (const plan of plans) {
        await renderFormats(swap, plan.sheet, plan.model);
        await writeLinks(swap, plan.sheet, plan.model.rows, targets);
      }
      await swap.sync();
    } catch (error) {
      const staging = plans.flatMap((p) => (p.stagingName ? [p.stagingName] : []));
      throw new WriteIncompleteError(staging, errorCode(error), errorDetail(error));
    }

    // Sync 5: the look, best effort.
    const warnings = await this.writeCosmetics(context, plans, release);
    return plans.map((p, i) => ({
      requested: p.model.name,
      name: p.name,
      replaced: p.kept !== null,
      ...(warnings[i]?.length ? { warnings: warnings[i] } : {}),
    }));
  }

  /**
   * Page layout, freeze panes, charts: one request; when Excel refuses it, each setting is
   * tried in a request of its own, so one refusal costs only itself and is named.
   */
  private async writeCosmetics(context: Excel.RequestContext, plans: readonly Plan[], release: () => () => void): Promise<string[][]> {
    const tasks = plans.map((p) => cosmeticTasks(p.sheet, p.model));
    const warnings = plans.map((): string[] => []);
    try {
      for (const list of tasks) for (const task of list) task.queue();
      const released = release();
      await context.sync();
      released();
      return warnings;
    } catch {
      // Excel may have applied some of them; each is set again on its own (they are idempotent).
    }
    for (const [i, list] of tasks.entries()) {
      for (const task of list) {
        try {
          task.queue();
          await context.sync();
        } catch (error) {
          warnings[i]?.push(`Kunne ikke sette ${task.label} i «${plans[i]?.name}» (${errorDetail(error)}). Tabellen er skrevet.`);
        }
      }
    }
    return warnings;
  }
}

/** Rows and columns a model fills from A1. */
function extent(model: SheetModel): { rows: number; columns: number } {
  const columns = model.rows.reduce((max, row) => Math.max(max, row.length), 0);
  return { rows: model.rows.length, columns };
}
