import * as React from "react";
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Button,
  CounterBadge,
  Link,
  MessageBar,
  MessageBarBody,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { countBySeverity, sortFindings, type Finding, type Severity } from "../../domain/findings";
import type { Strings } from "../i18n";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
  header: { display: "flex", alignItems: "center", columnGap: tokens.spacingHorizontalS },
  list: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
  item: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXXS,
    paddingBottom: tokens.spacingVerticalS,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  where: { color: tokens.colorNeutralForeground2 },
});

const SEVERITIES: readonly Severity[] = ["error", "warning", "info"];
const PAGE = 50;
const A1 = /^\$?[A-Z]{1,3}\$?\d+$/;

/** An amount stays on one line with its "kr" and its digit groups: the spaces between them become no-break spaces. */
export function keepAmountsTogether(text: string): string {
  return text.replace(/(\d) (?=\d{3}(?!\d))/g, "$1\u00a0").replace(/(\d) (kr|NOK|%)(?![\p{L}\d])/gu, "$1\u00a0$2");
}

const BADGE_COLOR: Record<Severity, "danger" | "important" | "informative"> = { error: "danger", warning: "important", info: "informative" };

export interface ChecksStepProps {
  readonly t: Strings;
  readonly findings: readonly Finding[];
  /** Sheets the officer can be taken to (the input sheets). */
  readonly sheets: ReadonlySet<string>;
  readonly onSelect: (sheet: string, cell: string) => void;
}

export function ChecksStep({ t, findings, sheets, onSelect }: ChecksStepProps) {
  const styles = useStyles();
  const counts = countBySeverity(findings);
  const sorted = React.useMemo(() => sortFindings(findings), [findings]);
  const open = SEVERITIES.filter((s) => counts[s] > 0 && s !== "info");

  return (
    <div className={styles.root}>
      <MessageBar intent={counts.error > 0 ? "error" : counts.warning > 0 ? "warning" : "success"}>
        <MessageBarBody>
          {findings.length === 0 ? t.noFindings : t.checksIntro(counts.error, counts.warning, counts.info)}
          {counts.error > 0 && ` ${t.errorsRemain}`}
        </MessageBarBody>
      </MessageBar>
      <Accordion multiple collapsible defaultOpenItems={open}>
        {SEVERITIES.filter((s) => counts[s] > 0).map((s) => (
          <AccordionItem key={s} value={s}>
            <AccordionHeader>
              <span className={styles.header}>
                <Text weight="semibold">{t.severity[s]}</Text>
                <CounterBadge count={counts[s]} overflowCount={9999} color={BADGE_COLOR[s]} appearance="filled" size="small" />
              </span>
            </AccordionHeader>
            <AccordionPanel>
              <FindingList t={t} findings={sorted.filter((f) => f.severity === s)} sheets={sheets} onSelect={onSelect} />
            </AccordionPanel>
          </AccordionItem>
        ))}
      </Accordion>
    </div>
  );
}

function FindingList({ t, findings, sheets, onSelect }: Omit<ChecksStepProps, "findings"> & { findings: readonly Finding[] }) {
  const styles = useStyles();
  const [shown, setShown] = React.useState(PAGE);
  return (
    <>
      <ul className={styles.list}>
        {findings.slice(0, shown).map((f, i) => {
          const selectable = f.sheet !== "" && A1.test(f.cell) && sheets.has(f.sheet);
          // Sheet!A1 only for a cell the officer can be taken to; another location (a table's row, "Tabell 3.1, 000-099") must not look like a link.
          const where = f.sheet ? (f.cell ? (selectable ? `${f.sheet}!${f.cell}` : t.location(f.sheet, f.cell)) : f.sheet) : "";
          return (
            <li key={`${f.code}-${f.sheet}-${f.cell}-${i}`} className={styles.item}>
              {selectable ? (
                <Link as="button" onClick={() => onSelect(f.sheet, f.cell)} aria-label={`${t.showCell(where)}: ${f.message}`}>
                  {where}
                </Link>
              ) : (
                where && (
                  <Text size={200} className={styles.where}>
                    {where}
                  </Text>
                )
              )}
              <Text size={300}>{keepAmountsTogether(f.message)}</Text>
            </li>
          );
        })}
      </ul>
      {findings.length > shown && (
        <Button appearance="subtle" onClick={() => setShown(shown + PAGE)}>
          {t.showMore(Math.min(PAGE, findings.length - shown))}
        </Button>
      )}
    </>
  );
}
