import * as React from "react";
import {
  Button,
  CounterBadge,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Tab,
  TabList,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { SheetGrid } from "../../domain/cells";
import { countBySeverity } from "../../domain/findings";
import type { Report } from "../../domain/pipeline";
import type { CategoryDecision, Language } from "../../domain/settings";
import type { SavedState } from "../../domain/settings-sheet";
import type { WorkbookPort } from "../../workbook/port";
import { stringsFor } from "../i18n";
import { acceptAll, applyForm, formFromSettings, withDecision, type FormErrors, type SettingsForm } from "../state";
import { buildReport, isAbortError, missingColumns, readWorkbook, saveState } from "../workflow";
import { CategoriesStep, decidableProjects } from "./CategoriesStep";
import { ChecksStep } from "./ChecksStep";
import { ProgressView } from "./ProgressView";
import { SetupStep } from "./SetupStep";
import { TablesStep } from "./TablesStep";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", minHeight: "100vh", backgroundColor: tokens.colorNeutralBackground1 },
  header: {
    display: "flex",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  headerText: { display: "flex", flexDirection: "column" },
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

type Load =
  | { kind: "loading"; label: string; fraction: number }
  | { kind: "ready" }
  | { kind: "cancelled" }
  | { kind: "failed"; message: string };

export interface AppProps {
  readonly port: WorkbookPort;
  readonly language: Language;
  /** Opened by the ribbon's "Lag tabeller": once the workbook is read, build the tables with the saved choices. */
  readonly buildOnOpen?: boolean;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function App({ port, language, buildOnOpen = false }: AppProps) {
  const styles = useStyles();
  const t = stringsFor(language);
  const [load, setLoad] = React.useState<Load>({ kind: "loading", label: t.loading, fraction: 0 });
  const [grids, setGrids] = React.useState<readonly SheetGrid[]>([]);
  const [state, setState] = React.useState<SavedState>({ settings: {}, mapping: {}, decisions: {} });
  const [form, setForm] = React.useState<SettingsForm>(formFromSettings({}));
  const [formErrors, setFormErrors] = React.useState<FormErrors>({});
  const [step, setStep] = React.useState<Step>(buildOnOpen ? "tables" : "setup");
  // The ribbon's request is taken once: going back to Tabeller later does not build again.
  const pendingBuild = React.useRef(buildOnOpen);
  const [saving, setSaving] = React.useState(false);
  const [message, setMessage] = React.useState<{ step: Step; text: string } | undefined>();
  const abort = React.useRef<AbortController | null>(null);

  const start = React.useCallback(async () => {
    const controller = new AbortController();
    abort.current = controller;
    setLoad({ kind: "loading", label: t.loading, fraction: 0 });
    try {
      const loaded = await readWorkbook(port, {
        signal: controller.signal,
        onProgress: (p) => setLoad({ kind: "loading", label: p.sheet ? t.loadingSheet(p.sheet) : t.loading, fraction: p.fraction }),
      });
      setGrids(loaded.grids);
      setState(loaded.saved);
      setForm(formFromSettings(loaded.saved.settings));
      setLoad({ kind: "ready" });
    } catch (e) {
      setLoad(isAbortError(e) || controller.signal.aborted ? { kind: "cancelled" } : { kind: "failed", message: errorText(e) });
    } finally {
      abort.current = null;
    }
  }, [port, t]);

  React.useEffect(() => {
    void start();
    return () => abort.current?.abort();
  }, [start]);

  // A column chosen in Oppsett that the first read skipped (only the columns in use travel): read the sheets again with the new choice.
  React.useEffect(() => {
    if (load.kind !== "ready" || missingColumns(grids, state.mapping).length === 0) return;
    let cancelled = false;
    setLoad({ kind: "loading", label: t.loading, fraction: 0 });
    readWorkbook(port, { mapping: state.mapping, onProgress: (p) => setLoad({ kind: "loading", label: p.sheet ? t.loadingSheet(p.sheet) : t.loading, fraction: p.fraction }) })
      .then((loaded) => {
        if (cancelled) return;
        setGrids(loaded.grids);
        setLoad({ kind: "ready" });
      })
      .catch((e) => !cancelled && setLoad({ kind: "failed", message: errorText(e) }));
    return () => {
      cancelled = true;
    };
    // Only a change of mapping asks for columns the grids may lack.
  }, [state.mapping]);

  // The engine runs on every change; deferred so typing stays responsive on large workbooks.
  const deferredState = React.useDeferredValue(state);
  const deferredGrids = React.useDeferredValue(grids);
  const computed = React.useMemo((): { report: Report } | { error: string } | undefined => {
    if (load.kind !== "ready") return undefined;
    try {
      return { report: buildReport(deferredGrids, deferredState, language) };
    } catch (e) {
      return { error: errorText(e) };
    }
  }, [load.kind, deferredGrids, deferredState, language]);
  const report = computed && "report" in computed ? computed.report : undefined;

  const sheetNames = React.useMemo(() => new Set(grids.map((g) => g.name)), [grids]);
  const counts = report ? countBySeverity(report.findings) : { error: 0, warning: 0, info: 0 };

  const onForm = (next: SettingsForm) => {
    setForm(next);
    const applied = applyForm(state.settings, next);
    setFormErrors(applied.errors);
    setState((s) => ({ ...s, settings: applied.settings }));
    setMessage(undefined);
  };

  const save = async (s: SavedState, where: Step, text: string) => {
    setSaving(true);
    try {
      await saveState(port, s);
      setMessage({ step: where, text });
    } catch (e) {
      setMessage({ step: where, text: `${t.errorTitle}: ${errorText(e)}` });
    } finally {
      setSaving(false);
    }
  };

  const select = (sheet: string, cell: string) => {
    port.selectCell?.(sheet, cell).catch(() => undefined);
  };

  const onDecision = (nr: string, d: CategoryDecision | undefined) => {
    setState((s) => withDecision(s, nr, d));
    setMessage(undefined);
  };

  const onAcceptAll = () => {
    if (!report) return;
    const next = acceptAll(state, decidableProjects(report.projects));
    setState(next);
    void save(next, "categories", t.acceptedAll);
  };

  /** The grids just read, once, when the ribbon asked for the tables: the build need not read the workbook twice. */
  const takeBuildRequest = React.useCallback((): readonly SheetGrid[] | undefined => {
    if (!pendingBuild.current) return undefined;
    pendingBuild.current = false;
    return grids;
  }, [grids]);

  // In a pane too narrow for the four tabs, the list scrolls: keep the focused and the selected tab in view
  // (focus moved by the arrow keys does not scroll the list by itself).
  const showTab = (e: React.FocusEvent<HTMLElement>) => e.currentTarget.scrollIntoView?.({ block: "nearest", inline: "nearest" });
  React.useEffect(() => {
    if (load.kind === "ready") document.getElementById(`avstem-tab-${step}`)?.scrollIntoView?.({ block: "nearest", inline: "nearest" });
  }, [step, load.kind]);

  const index = STEPS.indexOf(step);
  const go = (i: number) => {
    setStep(STEPS[i]);
    setMessage(undefined);
    window.scrollTo?.(0, 0);
  };

  return (
    <div className={styles.root}>
      <header className={styles.header}>
        <img src="assets/icon-32.png" alt="" width={32} height={32} />
        <div className={styles.headerText}>
          <Text as="h1" size={500} weight="semibold" className={styles.title}>
            {t.appTitle}
          </Text>
          <Text size={200}>{report ? `${t.appSubtitle} · ${report.year}` : t.appSubtitle}</Text>
        </div>
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
          <nav aria-label={t.stepsLabel}>
            <TabList className={styles.tabs} selectedValue={step} onTabSelect={(_, d) => go(STEPS.indexOf(d.value as Step))} size="small">
              {STEPS.map((s) => (
                <Tab key={s} value={s} className={styles.tab} id={`avstem-tab-${s}`} aria-controls="avstem-panel" onFocus={showTab}>
                  <span className={styles.tabLabel}>
                    {t.steps[s]}
                    {s === "checks" && counts.error > 0 && <CounterBadge count={counts.error} color="danger" size="small" aria-label={`${counts.error} ${t.severity.error.toLowerCase()}`} />}
                  </span>
                </Tab>
              ))}
            </TabList>
          </nav>
          <main className={styles.main} id="avstem-panel" role="tabpanel" aria-labelledby={`avstem-tab-${step}`}>
            {computed && "error" in computed && (
              <MessageBar intent="error">
                <MessageBarBody>
                  <MessageBarTitle>{t.errorTitle}</MessageBarTitle>
                  {computed.error}
                </MessageBarBody>
              </MessageBar>
            )}
            {report && step === "setup" && (
              <SetupStep
                t={t}
                form={form}
                errors={formErrors}
                detected={report.settings}
                grids={grids}
                layout={report.layout}
                mapping={state.mapping}
                onForm={onForm}
                onMapping={(mapping) => {
                  setState((s) => ({ ...s, mapping }));
                  setMessage(undefined);
                }}
                onSave={() => void save(state, "setup", t.saved)}
                saving={saving}
                savedMessage={message?.step === "setup" ? message.text : undefined}
              />
            )}
            {report && step === "checks" && <ChecksStep t={t} findings={report.findings} sheets={sheetNames} onSelect={select} />}
            {report && step === "categories" && (
              <CategoriesStep
                t={t}
                projects={report.projects}
                decisions={state.decisions}
                onDecision={onDecision}
                onAcceptAll={onAcceptAll}
                onSave={() => void save(state, "categories", t.saved)}
                saving={saving}
                message={message?.step === "categories" ? message.text : undefined}
              />
            )}
            {step === "tables" && (
              <TablesStep t={t} port={port} state={state} language={language} onGrids={setGrids} onSelect={select} takeBuildRequest={takeBuildRequest} />
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
