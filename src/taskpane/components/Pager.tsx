import * as React from "react";
import { Button, Text, makeStyles, tokens } from "@fluentui/react-components";

const useStyles = makeStyles({
  pager: { display: "flex", alignItems: "center", justifyContent: "space-between", columnGap: tokens.spacingHorizontalS },
});

/** Previous / page of pages / next, under a list shown a page at a time (Kategorisering, Prognoser). Nothing when there is one page. */
export function Pager(props: { current: number; pages: number; onTurn: (page: number) => void; label: string; previous: string; next: string }): React.JSX.Element | null {
  const styles = useStyles();
  const { current, pages, onTurn } = props;
  if (pages <= 1) return null;
  return (
    <nav className={styles.pager} aria-label={props.label}>
      <Button size="small" onClick={() => onTurn(current - 1)} disabled={current === 0}>
        {props.previous}
      </Button>
      <Text size={200}>
        {current + 1} / {pages}
      </Text>
      <Button size="small" onClick={() => onTurn(current + 1)} disabled={current >= pages - 1}>
        {props.next}
      </Button>
    </nav>
  );
}
