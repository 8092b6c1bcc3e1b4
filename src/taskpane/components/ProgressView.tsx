import * as React from "react";
import { Button, Field, ProgressBar, makeStyles, tokens } from "@fluentui/react-components";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS, paddingBlock: tokens.spacingVerticalM },
  actions: { display: "flex", justifyContent: "flex-end", columnGap: tokens.spacingHorizontalS },
});

/** A labelled progress bar with a cancel button, for reads and writes that take a while. */
export function ProgressView(props: {
  label: string;
  fraction: number | undefined;
  cancelLabel: string;
  onCancel?: () => void;
  progressLabel: string;
  children?: React.ReactNode;
}) {
  const styles = useStyles();
  return (
    <div className={styles.root} role="status" aria-live="polite">
      <Field label={props.progressLabel} validationMessage={props.label} validationState="none">
        <ProgressBar value={props.fraction} max={1} thickness="large" aria-valuetext={props.fraction !== undefined ? `${Math.round(props.fraction * 100)} %` : undefined} />
      </Field>
      {(props.onCancel || props.children) && (
        <div className={styles.actions}>
          {props.children}
          {props.onCancel && <Button onClick={props.onCancel}>{props.cancelLabel}</Button>}
        </div>
      )}
    </div>
  );
}
