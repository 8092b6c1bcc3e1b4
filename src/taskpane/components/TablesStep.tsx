import * as React from "react";
import { Button, Link, MessageBar, MessageBarBody, MessageBarTitle, Text, makeStyles, tokens } from "@fluentui/react-components";
import type { SheetGrid } from "../../domain/cells";
import { countBySeverity } from "../../domain/findings";
import type { Language } from "../../domain/settings";
import type { SavedState } from "../../domain/settings-sheet";
import { WorkbookBusyError, type WorkbookPort, type WrittenSheet } from "../../workbook/port";
import type { Strings } from "../i18n";
import { buildReport, isAbortError, readWorkbook, writeReport, writeWarnings } from "../workflow";
import { ProgressView } from "./ProgressView";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
  intro: { color: tokens.colorNeutralForeground2 },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalXS },
  note: { color: tokens.colorNeutralForeground2 },
  warnings: { marginTop: tokens.spacingVerticalM },
});

type Phase =
  | { kind: "idle" }
  | { kind: "busy"; label: string; fraction: number | undefined }
  | { kind: "done"; written: WrittenSheet[]; errors: number; warnings: string[] }
  | { kind: "cancelled" }
  | { kind: "failed"; message: string; busy: boolean };

/**
 * Another run (the pane, or the pane opened by the ribbon) holds the workbook: a refusal,
 * nothing written; not a failure. Also recognised by name, as from a port in another bundle.
 */
function isWorkbookBusy(e: unknown): boolean {
  return e instanceof WorkbookBusyError || (typeof e === "object" && e !== null && (e as { name?: unknown }).name === "WorkbookBusyError");
}

export interface TablesStepProps {
  readonly t: Strings;
  readonly port: WorkbookPort;
  readonly state: SavedState;
  readonly language: Language;
  /** The freshly read inputs, so the other steps show what the tables were built from. */
  readonly onGrids: (grids: readonly SheetGrid[]) => void;
  readonly onSelect: (sheet: string, cell: string) => void;
  /**
   * The ribbon's "Lag tabeller" opened the pane: returns, once, the grids just read, and the
   * step builds from them as soon as it is shown. Undefined when there is no such request.
   */
  readonly takeBuildRequest?: () => readonly SheetGrid[] | undefined;
}

const nextFrame = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export function TablesStep({ t, port, state, language, onGrids, onSelect, takeBuildRequest }: TablesStepProps) {
  const styles = useStyles();
  const [phase, setPhase] = React.useState<Phase>({ kind: "idle" });
  const [fromRibbon, setFromRibbon] = React.useState(false);
  const abort = React.useRef<AbortController | null>(null);
  React.useEffect(() => () => abort.current?.abort(), []);

  /** Reads the workbook afresh and writes the tables; `justRead` skips the read when the pane has only just read it. */
  const run = async (justRead?: readonly SheetGrid[]) => {
    const controller = new AbortController();
    abort.current = controller;
    const { signal } = controller;
    try {
      let grids: readonly SheetGrid[];
      if (justRead) {
        grids = justRead;
      } else {
        setPhase({ kind: "busy", label: t.loading, fraction: 0 });
        const loaded = await readWorkbook(port, {
          signal,
          mapping: state.mapping,
          onProgress: (p) => setPhase({ kind: "busy", label: p.sheet ? t.reading(p.sheet) : t.computing, fraction: p.fraction }),
        });
        grids = loaded.grids;
        onGrids(loaded.grids);
      }
      setPhase({ kind: "busy", label: t.computing, fraction: undefined });
      await nextFrame();
      if (signal.aborted) throw Object.assign(new Error(t.cancelled), { name: "AbortError" });
      const report = buildReport(grids, state, language);
      const written = await writeReport(port, report, state, {
        signal,
        onProgress: (p) => setPhase({ kind: "busy", label: t.writing(p.sheet), fraction: p.total > 0 ? p.done / p.total : undefined }),
      });
      setPhase({ kind: "done", written, errors: countBySeverity(report.findings).error, warnings: writeWarnings(written) });
    } catch (e) {
      if (isAbortError(e) || signal.aborted) setPhase({ kind: "cancelled" });
      else setPhase({ kind: "failed", message: e instanceof Error ? e.message : String(e), busy: isWorkbookBusy(e) });
    } finally {
      abort.current = null;
    }
  };

  // The ribbon's request, taken when the step is first shown (once: coming back to the step does not build again).
  React.useEffect(() => {
    const justRead = takeBuildRequest?.();
    if (justRead) {
      setFromRibbon(true);
      void run(justRead);
    }
    // On mount only: the request is for this opening of the pane.
  }, []);

  const busy = phase.kind === "busy";
  return (
    <div className={styles.root}>
      <Text className={styles.intro}>{t.tablesIntro}</Text>
      {fromRibbon && <Text className={styles.note}>{t.fromRibbon}</Text>}
      <div>
        <Button appearance="primary" onClick={() => void run()} disabled={busy}>
          {phase.kind === "done" ? t.rebuild : t.build}
        </Button>
      </div>
      {phase.kind === "busy" && <ProgressView label={phase.label} fraction={phase.fraction} progressLabel={t.progressLabel} cancelLabel={t.cancel} onCancel={() => abort.current?.abort()} />}
      {phase.kind === "cancelled" && (
        <MessageBar intent="warning">
          <MessageBarBody>{t.cancelled}</MessageBarBody>
        </MessageBar>
      )}
      {phase.kind === "failed" && (
        <MessageBar intent={phase.busy ? "warning" : "error"}>
          <MessageBarBody>
            <MessageBarTitle>{phase.busy ? t.busyTitle : t.errorTitle}</MessageBarTitle>
            {phase.message}
          </MessageBarBody>
        </MessageBar>
      )}
      {phase.kind === "done" && (
        <section aria-labelledby="avstem-written" role="status">
          <MessageBar intent={phase.errors > 0 ? "warning" : "success"}>
            <MessageBarBody>
              <span id="avstem-written">{t.done(phase.written.length)}</span>
              {phase.errors > 0 && ` ${t.withErrors(phase.errors)}`}
            </MessageBarBody>
          </MessageBar>
          <ul className={styles.list}>
            {phase.written.map((w) => (
              <li key={w.name}>
                <Link as="button" onClick={() => onSelect(w.name, "A1")} aria-label={t.openSheet(w.name)}>
                  {w.name}
                </Link>{" "}
                <Text size={200} className={styles.note}>
                  ({w.replaced ? t.replaced : t.created}){w.name !== w.requested ? ` ${t.renamed(w.requested)}` : ""}
                </Text>
              </li>
            ))}
          </ul>
          {phase.warnings.length > 0 && (
            <MessageBar intent="warning" layout="multiline" className={styles.warnings}>
              <MessageBarBody>
                <MessageBarTitle>{t.writeWarningsTitle}</MessageBarTitle>
                <ul className={styles.list}>
                  {phase.warnings.map((w, i) => (
                    <li key={i}>{w}</li>
                  ))}
                </ul>
              </MessageBarBody>
            </MessageBar>
          )}
        </section>
      )}
    </div>
  );
}
