import * as React from "react";
import { Button, CounterBadge, MessageBar, MessageBarBody, MessageBarTitle, Spinner, Tab, TabList, Text, makeStyles, tokens } from "@fluentui/react-components";
import { countBySeverity } from "../../domain/findings";
import type { LayoutMapping } from "../../domain/layout";
import type { CategoryDecision, Language } from "../../domain/settings";
import type { SavedState } from "../../domain/settings-sheet";
import { EngineClient } from "../engine-client";
import type { EngineStats, PaneProject, PaneView } from "../engine-core";
import { stringsFor, type Strings } from "../i18n";
import type { PanePort } from "../pane-port";
import { acceptAll, acceptForecasts, applyForm, formFromSettings, withDecision, withForecast, type FormErrors, type SettingsForm } from "../state";
import { columnsReadBySheet, forecastsFor, isAbortError, readWorkbook, saveState, writeSheetsWithState, writeWarnings, type ReadProgress } from "../workflow";
import type { Ore } from "../../domain/money";
import type { ReportPeriod } from "../../domain/tertial/period";
import type { PaneForecastRow } from "../engine-core";
import { CategoriesStep } from "./CategoriesStep";
import { ChecksStep } from "./ChecksStep";
import { ForecastStep } from "./ForecastStep";
import { ProgressView } from "./ProgressView";
import { SetupStep } from "./SetupStep";
import { isWorkbookBusy, TablesStep, type BuildPhase } from "./TablesStep";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", minHeight: "100vh", backgroundColor: tokens.colorNeutralBackground1 },
  header: {
    display: "flex",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  headerText: { display: "flex", flexDirection: "column", flexGrow: 1, minWidth: 0 },
  computing: { flexShrink: 0, minWidth: 0 },
  computingText: { display: "inline-flex", alignItems: "center", columnGap: tokens.spacingHorizontalXS, color: tokens.colorNeutralForeground2 },
  buildBar: { padding: `0 ${tokens.spacingHorizontalL}`, borderBottom: `1px solid ${tokens.colorNeutralStroke2}` },
  title: { margin: 0 },
  // One line at the default pane width (360 px); a narrower pane scrolls the tabs sideways instead of wrapping them.
  tabs: {
    flexWrap: "nowrap",
    overflowX: "auto",
    scrollbarWidth: "thin",
    paddingLeft: tokens.spacingHorizontalXXS,
    paddingRight: tokens.spacingHorizontalXXS,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  main: { flexGrow: 1, padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalL}` },
  engineError: { marginBottom: tokens.spacingVerticalL },
  footer: {
    display: "flex",
    justifyContent: "space-between",
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    borderTop: `1px solid ${tokens.colorNeutralStroke2}`,
    position: "sticky",
    bottom: 0,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  // Physical sides, so they win over the Tab's own padding (2 px instead of 6 px a side: the four fit in 360 px
  // even in a font as wide as DejaVu Sans; Office's Segoe UI is narrower).
  tab: { paddingLeft: tokens.spacingHorizontalXXS, paddingRight: tokens.spacingHorizontalXXS, flexShrink: 0, whiteSpace: "nowrap" },
  tabLabel: { display: "inline-flex", alignItems: "center", columnGap: tokens.spacingHorizontalXS },
});

const STEPS = ["setup", "checks", "categories", "tables"] as const;
type Step = (typeof STEPS)[number];

type Load = { kind: "loading"; label: string; fraction: number } | { kind: "ready" } | { kind: "cancelled" } | { kind: "failed"; message: string };

export interface AppProps {
  readonly port: PanePort;
  readonly language: Language;
  /** Opened by the ribbon's "Lag tabeller": once the workbook is read, build the tables with the saved choices. */
  readonly buildOnOpen?: boolean;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

const nb = (n: number) => n.toLocaleString("nb-NO");

export function App({ port, language, buildOnOpen = false }: AppProps) {
  const styles = useStyles();
  const t = stringsFor(language);
  const [engine] = React.useState(() => new EngineClient());
  React.useEffect(() => () => engine.close(), [engine]);
  const [load, setLoad] = React.useState<Load>({ kind: "loading", label: t.loading, fraction: 0 });
  // The grids live in the engine's worker; the page keeps their names.
  const [sheetNames, setSheetNames] = React.useState<readonly string[]>([]);
  // Bumped for every set of grids handed to the engine: the view is computed again.
  const [generation, setGeneration] = React.useState(0);
  const [state, setState] = React.useState<SavedState>({ settings: {}, mapping: {}, decisions: {} });
  const [form, setForm] = React.useState<SettingsForm>(formFromSettings({}));
  const [formErrors, setFormErrors] = React.useState<FormErrors>({});
  const [step, setStep] = React.useState<Step>(buildOnOpen ? "tables" : "setup");
  const [saving, setSaving] = React.useState(false);
  const [message, setMessage] = React.useState<{ step: Step; text: string } | undefined>();
  const [view, setView] = React.useState<PaneView | undefined>();
  const [engineError, setEngineError] = React.useState<string | undefined>();
  const [computing, setComputing] = React.useState(false);
  // How often the engine aggregated the ledger and rebuilt the tables since the last read (on the root element, for tests and the benchmark).
  const [stats, setStats] = React.useState<EngineStats | undefined>();
  const [build, setBuild] = React.useState<BuildPhase>({ kind: "idle" });
  const [fromRibbon, setFromRibbon] = React.useState(false);
  const abort = React.useRef<AbortController | null>(null);
  const buildAbort = React.useRef<AbortController | null>(null);
  // True once an input sheet changed after the last read (or when the port cannot tell): a build reads again.
  const inputsChanged = React.useRef(true);
  const stopWatching = React.useRef<(() => Promise<void>) | null>(null);
  const pendingBuild = React.useRef(buildOnOpen);

  /** Reads the workbook and hands the grids to the engine; the page drops them. Starts listening for changes to the inputs. */
  const readInto = React.useCallback(
    async (options: { mapping?: LayoutMapping; signal?: AbortSignal; onProgress?: (p: ReadProgress) => void }) => {
      const loaded = await readWorkbook(port, { ...options, rowCounts: port.usedRowCounts ? (names) => port.usedRowCounts!(names) : undefined });
      await engine.load(loaded.grids, columnsReadBySheet(loaded.grids));
      const names = loaded.grids.map((g) => g.name);
      await stopWatching.current?.();
      stopWatching.current = null;
      inputsChanged.current = true;
      if (port.watchInputs) {
        stopWatching.current = await port.watchInputs(names, () => (inputsChanged.current = true)).catch(() => null);
        inputsChanged.current = stopWatching.current === null;
      }
      setSheetNames(names);
      setGeneration((g) => g + 1);
      return loaded;
    },
    [port, engine],
  );
  React.useEffect(() => () => void stopWatching.current?.(), []);

  const readProgress = React.useCallback(
    (p: ReadProgress): string => (p.rows && p.sheet ? t.readingRows(p.sheet, nb(p.rows.done), nb(p.rows.total)) : p.sheet ? t.loadingSheet(p.sheet) : t.loading),
    [t],
  );

  const start = React.useCallback(async () => {
    const controller = new AbortController();
    abort.current = controller;
    setLoad({ kind: "loading", label: t.loading, fraction: 0 });
    try {
      const loaded = await readInto({ signal: controller.signal, onProgress: (p) => setLoad({ kind: "loading", label: readProgress(p), fraction: p.fraction }) });
      setState(loaded.saved);
      setForm(formFromSettings(loaded.saved.settings));
      setLoad({ kind: "ready" });
    } catch (e) {
      setLoad(isAbortError(e) || controller.signal.aborted ? { kind: "cancelled" } : { kind: "failed", message: errorText(e) });
    } finally {
      abort.current = null;
    }
  }, [readInto, readProgress, t]);

  React.useEffect(() => {
    void start();
    return () => abort.current?.abort();
  }, [start]);

  /** A column chosen in Oppsett that the read skipped (only the columns in use travel): read the sheets again with the new choice, once. */
  const rereadForMapping = React.useCallback(
    async (mapping: LayoutMapping) => {
      setLoad({ kind: "loading", label: t.loading, fraction: 0 });
      try {
        await readInto({ mapping, onProgress: (p) => setLoad({ kind: "loading", label: readProgress(p), fraction: p.fraction }) });
        setLoad({ kind: "ready" });
      } catch (e) {
        setLoad({ kind: "failed", message: errorText(e) });
      }
    },
    [readInto, readProgress, t],
  );

  // The engine, in its worker, on every change of the choices: the page stays responsive and says it is computing.
  const latestCompute = React.useRef(0);
  React.useEffect(() => {
    if (load.kind !== "ready" || generation === 0) return;
    const ticket = ++latestCompute.current;
    setComputing(true);
    void engine.compute(state, language).then((answer) => {
      if (answer.kind === "superseded" || ticket !== latestCompute.current) return;
      setComputing(false);
      if (answer.kind === "view" || answer.kind === "sheets") {
        setView(answer.view);
        setStats(answer.stats);
        setEngineError(undefined);
      } else if (answer.kind === "missing") void rereadForMapping(state.mapping);
      else if (answer.kind === "error") setEngineError(answer.message);
    });
  }, [engine, state, language, generation, load.kind, rereadForMapping]);

  const sheetSet = React.useMemo(() => new Set(sheetNames), [sheetNames]);
  const errorCount = view ? countBySeverity(view.findings).error : 0;

  const onForm = (next: SettingsForm) => {
    setForm(next);
    const applied = applyForm(state.settings, next);
    setFormErrors(applied.errors);
    setState((s) => ({ ...s, settings: applied.settings }));
    setMessage(undefined);
  };

  const onMapping = React.useCallback((mapping: LayoutMapping) => {
    setState((s) => ({ ...s, mapping }));
    setMessage(undefined);
  }, []);

  const save = React.useCallback(
    async (s: SavedState, where: Step, text: string) => {
      setSaving(true);
      try {
        await saveState(port, s);
        setMessage({ step: where, text });
      } catch (e) {
        setMessage({ step: where, text: `${t.errorTitle}: ${errorText(e)}` });
      } finally {
        setSaving(false);
      }
    },
    [port, t],
  );

  const select = (sheet: string, cell: string) => {
    port.selectCell?.(sheet, cell).catch(() => undefined);
  };

  const onDecision = React.useCallback((nr: string, d: CategoryDecision | undefined) => {
    setState((s) => withDecision(s, nr, d));
    setMessage(undefined);
  }, []);

  // The Kategorisering step's callbacks change only with the state (the step renders again then anyway):
  // the engine's answers and the computing indicator leave the step as it was.
  /** The suggestions of these projects (those without a decision) become decisions, and are saved. */
  const onAccept = React.useCallback(
    (projects: readonly PaneProject[], all: boolean) => {
      const open = projects.filter((p) => !state.decisions[p.nr]);
      const next = acceptAll(state, open);
      setState(next);
      void save(next, "categories", all ? t.acceptedAll : t.acceptedN(open.length));
    },
    [state, save, t],
  );
  const onSaveDecisions = React.useCallback(() => void save(state, "categories", t.saved), [state, save, t]);

  // A tertial report: the period chosen in Oppsett, and the officer's forecasts in the third step.
  const onPeriod = React.useCallback((period: ReportPeriod | undefined) => {
    setState((s) => ({ ...s, period }));
    setMessage(undefined);
  }, []);
  const onForecast = React.useCallback((key: string, ore: Ore | undefined) => {
    setState((s) => withForecast(s, key, ore));
    setMessage(undefined);
  }, []);
  const onAcceptForecasts = (rows: readonly PaneForecastRow[], all: boolean) => {
    const next = acceptForecasts(state, rows);
    setState(next);
    void save(next, "categories", all ? t.acceptedAll : t.acceptedN(rows.length));
  };
  const periodName = state.period ? t.periodName(state.period.year, state.period.month) : undefined;

  /**
   * «Lag tabeller»: the grids the pane read when no input sheet changed since (else a new read), one
   * engine run in the worker (none when these choices were just computed), then the write. Lives
   * here, not in the Tabeller step: switching steps leaves it running, with its progress shown.
   */
  const runBuild = React.useCallback(
    async (snapshot: SavedState) => {
      const controller = new AbortController();
      buildAbort.current = controller;
      const { signal } = controller;
      const cancelled = () => {
        if (signal.aborted) throw Object.assign(new Error(t.cancelled), { name: "AbortError" });
      };
      try {
        const reread = inputsChanged.current;
        setBuild({ kind: "busy", stage: "computing", label: t.computing, fraction: undefined, reread });
        if (reread) {
          await readInto({
            mapping: snapshot.mapping,
            signal,
            onProgress: (p) => setBuild({ kind: "busy", stage: "reading", label: readProgress(p), fraction: p.fraction, reread }),
          });
          setBuild({ kind: "busy", stage: "computing", label: t.computing, fraction: undefined, reread });
        }
        cancelled();
        let answer = await engine.sheets(snapshot, language);
        if (answer.kind === "missing") {
          await readInto({
            mapping: snapshot.mapping,
            signal,
            onProgress: (p) => setBuild({ kind: "busy", stage: "reading", label: readProgress(p), fraction: p.fraction, reread: true }),
          });
          answer = await engine.sheets(snapshot, language);
        }
        cancelled();
        if (answer.kind === "error") throw new Error(answer.message);
        if (answer.kind !== "sheets") throw new Error(t.errorTitle);
        setView(answer.view);
        setStats(answer.stats);
        const sheets = answer.sheets;
        const written = await writeSheetsWithState(port, sheets, snapshot, {
          signal,
          onProgress: (p) =>
            setBuild({ kind: "busy", stage: "writing", label: t.writingSheet(p.sheet, p.done, p.total), fraction: p.total > 0 ? p.done / p.total : undefined, reread }),
        });
        setBuild({ kind: "done", written, errors: answer.view.errorCount, warnings: writeWarnings(written) });
      } catch (e) {
        if (isAbortError(e) || signal.aborted) setBuild({ kind: "cancelled" });
        else setBuild({ kind: "failed", message: errorText(e), busy: isWorkbookBusy(e) });
      } finally {
        if (buildAbort.current === controller) buildAbort.current = null;
      }
    },
    [engine, language, port, readInto, readProgress, t],
  );
  React.useEffect(() => () => buildAbort.current?.abort(), []);

  // The ribbon's request, taken once when the workbook is read (going back to Tabeller later does not build again).
  React.useEffect(() => {
    if (load.kind !== "ready" || !pendingBuild.current) return;
    pendingBuild.current = false;
    setFromRibbon(true);
    // Just read: the build uses that read, whether or not the port can watch for changes.
    inputsChanged.current = false;
    void runBuild(state);
  }, [load.kind, runBuild, state]);

  // In a pane too narrow for the four tabs, the list scrolls: keep the selected tab in view (and the focused one: StepTabs).
  React.useEffect(() => {
    if (load.kind === "ready") document.getElementById(`avstem-tab-${step}`)?.scrollIntoView?.({ block: "nearest", inline: "nearest" });
  }, [step, load.kind]);

  const index = STEPS.indexOf(step);
  const go = React.useCallback((i: number) => {
    setStep((s) => STEPS[i] ?? s);
    setMessage(undefined);
    window.scrollTo?.(0, 0);
  }, []);

  return (
    <div
      className={styles.root}
      data-engine-aggregations={stats?.aggregations}
      data-engine-rebuilds={stats?.rebuilds}
      data-engine-ms={stats ? Math.round(stats.ms) : undefined}
      data-engine-worker={engine.inWorker}
    >
      <header className={styles.header}>
        <img src="assets/icon-32.png" alt="" width={32} height={32} />
        <div className={styles.headerText}>
          <Text as="h1" size={500} weight="semibold" className={styles.title}>
            {t.appTitle}
          </Text>
          <Text size={200}>{periodName ? t.tertialSubtitle(periodName) : view ? `${t.appSubtitle} · ${view.year}` : t.appSubtitle}</Text>
        </div>
        <span className={styles.computing} role="status" aria-live="polite">
          {load.kind === "ready" && computing && (
            <span className={styles.computingText}>
              <Spinner size="extra-tiny" aria-hidden="true" />
              <Text size={200}>{t.recomputing}</Text>
            </span>
          )}
        </span>
      </header>

      {load.kind === "loading" && (
        <main className={styles.main}>
          <ProgressView label={load.label} fraction={load.fraction} progressLabel={t.progressLabel} cancelLabel={t.cancel} onCancel={() => abort.current?.abort()} />
        </main>
      )}
      {(load.kind === "cancelled" || load.kind === "failed") && (
        <main className={styles.main}>
          <MessageBar intent={load.kind === "failed" ? "error" : "warning"}>
            <MessageBarBody>
              {load.kind === "failed" && <MessageBarTitle>{t.errorTitle}</MessageBarTitle>}
              {load.kind === "failed" ? load.message : t.cancelled}
            </MessageBarBody>
          </MessageBar>
          <p>
            <Button onClick={() => void start()}>{t.retry}</Button>
          </p>
        </main>
      )}

      {load.kind === "ready" && (
        <>
          <StepTabs t={t} step={step} errorCount={errorCount} onStep={go} forecast={state.period !== undefined} />
          {build.kind === "busy" && step !== "tables" && (
            <div className={styles.buildBar}>
              <ProgressView label={build.label} fraction={build.fraction} progressLabel={t.buildRunning} cancelLabel={t.cancel} onCancel={() => buildAbort.current?.abort()}>
                <Button onClick={() => go(STEPS.indexOf("tables"))}>{t.showBuild}</Button>
              </ProgressView>
            </div>
          )}
          <main className={styles.main} id="avstem-panel" role="tabpanel" aria-labelledby={`avstem-tab-${step}`}>
            {engineError && (
              <MessageBar intent="error" className={styles.engineError}>
                <MessageBarBody>
                  <MessageBarTitle>{t.errorTitle}</MessageBarTitle>
                  {engineError}
                </MessageBarBody>
              </MessageBar>
            )}
            {view && step === "setup" && (
              <SetupStep
                t={t}
                form={form}
                errors={formErrors}
                detected={view.settings}
                sheetNames={sheetNames}
                layout={view.layout}
                mapping={state.mapping}
                onForm={onForm}
                onMapping={onMapping}
                onSave={() => void save(state, "setup", t.saved)}
                saving={saving}
                savedMessage={message?.step === "setup" ? message.text : undefined}
                period={state.period}
                reportYear={state.settings.year ?? view.year}
                onPeriod={onPeriod}
              />
            )}
            {view && step === "checks" && <ChecksStep t={t} findings={view.findings} sheets={sheetSet} onSelect={select} />}
            {view && step === "categories" && state.period && (
              <ForecastStep
                t={t}
                tertial={view.tertial}
                typed={forecastsFor(state)}
                onForecast={onForecast}
                onAccept={onAcceptForecasts}
                onSave={() => void save(state, "categories", t.saved)}
                saving={saving}
                message={message?.step === "categories" ? message.text : undefined}
              />
            )}
            {view && step === "categories" && !state.period && (
              <CategoriesStep
                t={t}
                projects={view.projects}
                decisions={state.decisions}
                onDecision={onDecision}
                onAccept={onAccept}
                onSave={onSaveDecisions}
                saving={saving}
                message={message?.step === "categories" ? message.text : undefined}
              />
            )}
            {step === "tables" && (
              <TablesStep
                t={t}
                phase={build}
                fromRibbon={fromRibbon}
                tertial={periodName}
                onBuild={() => void runBuild(state)}
                onCancel={() => buildAbort.current?.abort()}
                onSelect={select}
              />
            )}
          </main>
          <footer className={styles.footer}>
            <Button onClick={() => go(index - 1)} disabled={index === 0}>
              {t.back}
            </Button>
            <Button appearance="primary" onClick={() => go(index + 1)} disabled={index === STEPS.length - 1}>
              {t.next}
            </Button>
          </footer>
        </>
      )}
    </div>
  );
}

// Focus moved by the arrow keys does not scroll a scrolling tab list by itself.
const showTab = (e: React.FocusEvent<HTMLElement>) => e.currentTarget.scrollIntoView?.({ block: "nearest", inline: "nearest" });

/** The steps' tabs: rendered again when the step or the count of errors changes, not on every answer of the engine or decision. */
const StepTabs = React.memo(function StepTabs({
  t,
  step,
  errorCount,
  onStep,
  forecast,
}: {
  t: Strings;
  step: Step;
  errorCount: number;
  onStep: (i: number) => void;
  /** A tertial report: the third step is Prognoser. */
  forecast: boolean;
}) {
  const styles = useStyles();
  return (
    <nav aria-label={t.stepsLabel}>
      <TabList className={styles.tabs} selectedValue={step} onTabSelect={(_, d) => onStep(STEPS.indexOf(d.value as Step))} size="small">
        {STEPS.map((s) => (
          <Tab key={s} value={s} className={styles.tab} id={`avstem-tab-${s}`} aria-controls="avstem-panel" onFocus={showTab}>
            <span className={styles.tabLabel}>
              {s === "categories" && forecast ? t.forecastStep : t.steps[s]}
              {s === "checks" && errorCount > 0 && <CounterBadge count={errorCount} color="danger" size="small" aria-label={`${errorCount} ${t.severity.error.toLowerCase()}`} />}
            </span>
          </Tab>
        ))}
      </TabList>
    </nav>
  );
});
