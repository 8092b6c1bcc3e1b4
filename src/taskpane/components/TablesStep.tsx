import * as React from "react";
import { Button, Link, MessageBar, MessageBarBody, MessageBarTitle, Text, makeStyles, tokens } from "@fluentui/react-components";
import { WorkbookBusyError, type WrittenSheet } from "../../workbook/port";
import type { Strings } from "../i18n";
import { ProgressView } from "./ProgressView";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
  intro: { color: tokens.colorNeutralForeground2 },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalXS },
  note: { color: tokens.colorNeutralForeground2 },
  warnings: { marginTop: tokens.spacingVerticalM },
});

/** The build's state, kept by the App so that it survives a switch of steps. */
export type BuildPhase =
  | { kind: "idle" }
  | { kind: "busy"; stage: "reading" | "computing" | "writing"; label: string; fraction: number | undefined; reread: boolean }
  | { kind: "done"; written: WrittenSheet[]; errors: number; warnings: string[] }
  | { kind: "cancelled" }
  | { kind: "failed"; message: string; busy: boolean };

/**
 * Another run (the pane, or the pane opened by the ribbon) holds the workbook: a refusal,
 * nothing written; not a failure. Also recognised by name, as from a port in another bundle.
 */
export function isWorkbookBusy(e: unknown): boolean {
  return e instanceof WorkbookBusyError || (typeof e === "object" && e !== null && (e as { name?: unknown }).name === "WorkbookBusyError");
}

export interface TablesStepProps {
  readonly t: Strings;
  readonly phase: BuildPhase;
  /** The ribbon's "Lag tabeller" opened the pane and started the build. */
  readonly fromRibbon: boolean;
  readonly onBuild: () => void;
  readonly onCancel: () => void;
  readonly onSelect: (sheet: string, cell: string) => void;
  /** The tertial report's period by name ("2. tertial 2022"); undefined for the annual report. */
  readonly tertial?: string;
}

export function TablesStep({ t, phase, fromRibbon, onBuild, onCancel, onSelect, tertial }: TablesStepProps) {
  const styles = useStyles();
  const busy = phase.kind === "busy";
  return (
    <div className={styles.root}>
      <Text className={styles.intro}>{tertial ? t.tertialTablesIntro(tertial) : t.tablesIntro}</Text>
      {fromRibbon && <Text className={styles.note}>{t.fromRibbon}</Text>}
      <div>
        <Button appearance="primary" onClick={onBuild} disabled={busy}>
          {phase.kind === "done" ? t.rebuild : t.build}
        </Button>
      </div>
      {phase.kind === "busy" && (
        <>
          <Text size={200} className={styles.note}>
            {phase.reread ? t.buildReread : t.buildFromRead}
          </Text>
          <ProgressView label={phase.label} fraction={phase.fraction} progressLabel={t.progressLabel} cancelLabel={t.cancel} onCancel={onCancel} />
        </>
      )}
      {phase.kind === "cancelled" && (
        <MessageBar intent="warning">
          <MessageBarBody>{t.buildCancelled}</MessageBarBody>
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
