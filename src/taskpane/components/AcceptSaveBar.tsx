import * as React from "react";
import { Button, MessageBar, MessageBarBody, makeStyles, tokens } from "@fluentui/react-components";

const useStyles = makeStyles({
  actions: { display: "flex", flexWrap: "wrap", alignItems: "center", columnGap: tokens.spacingHorizontalM, rowGap: tokens.spacingVerticalS },
});

/**
 * Accept the suggestions (all, or the rows the filters show) and save the decisions, with the
 * note of what was last saved: the action bar of Kategorisering and Prognoser.
 */
export function AcceptSaveBar(props: {
  acceptLabel: string;
  onAccept: () => void;
  /** Nothing left to accept. */
  nothingOpen: boolean;
  saveLabel: string;
  savingLabel: string;
  onSave: () => void;
  saving: boolean;
  message: string | undefined;
}): React.JSX.Element {
  const styles = useStyles();
  return (
    <>
      <div className={styles.actions}>
        <Button appearance="primary" onClick={props.onAccept} disabled={props.nothingOpen || props.saving}>
          {props.acceptLabel}
        </Button>
        <Button onClick={props.onSave} disabled={props.saving}>
          {props.saving ? props.savingLabel : props.saveLabel}
        </Button>
      </div>
      {props.message && (
        <MessageBar intent="success">
          <MessageBarBody>{props.message}</MessageBarBody>
        </MessageBar>
      )}
    </>
  );
}
