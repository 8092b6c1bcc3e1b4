import * as React from "react";
import { Badge, Button, Card, Checkbox, Dropdown, Field, Input, Option, SearchBox, Text, makeStyles, tokens } from "@fluentui/react-components";
import type { Ore } from "../../domain/money";
import { formatNorwegian, parseNorwegianAmount } from "../../domain/norwegian-number";
import { periodEnd } from "../../domain/tertial/period";
import type { OfficerForecasts } from "../../domain/tertial/tables";
import type { PaneForecastRow, PaneTertial } from "../engine-core";
import type { Strings } from "../i18n";
import { AcceptSaveBar } from "./AcceptSaveBar";
import { Pager } from "./Pager";
import { kr } from "../state";

/**
 * The third step of a tertial report: a forecast for the year per artsgruppe (drift, investering)
 * and per project. Each row shows its suggestion and how it was made; the officer accepts it,
 * row by row or all at once, or types their own figure. Built like the Kategorisering step:
 * search, filters, pages of ten.
 */

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
  intro: { color: tokens.colorNeutralForeground2 },
  filters: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
  list: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
  card: { rowGap: tokens.spacingVerticalXS },
  title: { display: "flex", justifyContent: "space-between", alignItems: "flex-start", columnGap: tokens.spacingHorizontalS },
  name: { minWidth: 0, overflowWrap: "anywhere" },
  badges: { display: "flex", flexShrink: 0, columnGap: tokens.spacingHorizontalXS, whiteSpace: "nowrap", paddingTop: "2px" },
  // Label and amount side by side; the amounts right-aligned, in tabular figures.
  amounts: { display: "grid", gridTemplateColumns: "minmax(0, 1fr) auto", columnGap: tokens.spacingHorizontalS, rowGap: "2px", margin: 0 },
  term: { color: tokens.colorNeutralForeground2, minWidth: 0 },
  amount: { margin: 0, fontVariantNumeric: "tabular-nums", whiteSpace: "nowrap", textAlign: "right" },
  method: { color: tokens.colorNeutralForeground2 },
  choose: { display: "flex", alignItems: "flex-start", columnGap: tokens.spacingHorizontalS },
  // The button lines up with the input, below the field's label.
  chooseButton: { marginTop: "26px", flexShrink: 0 },
  grow: { flexGrow: 1, minWidth: 0 },
  input: { minWidth: "0", width: "100%" },
  dropdown: { minWidth: "0", width: "100%" },
  summary: { color: tokens.colorNeutralForeground2 },
});

export type ForecastStatus = "suggested" | "officer" | "sheet";

/** The officer's own figure typed in the pane, one from the Prognose sheet, or the engine's suggestion. */
function forecastStatus(row: PaneForecastRow, typed: OfficerForecasts): ForecastStatus {
  if (typed[row.key] !== undefined) return "officer";
  return row.method === "officer" ? "sheet" : "suggested";
}

type Part = PaneForecastRow["part"];

export interface ForecastFilter {
  readonly query: string;
  readonly part: Part | undefined;
  readonly openOnly: boolean;
}

const NO_FILTER: ForecastFilter = { query: "", part: undefined, openOnly: false };

/** The rows the filter lets through, in the tables' order (drift, investering, projects). */
function filterForecastRows(rows: readonly PaneForecastRow[], typed: OfficerForecasts, f: ForecastFilter): PaneForecastRow[] {
  const q = f.query.trim().toLocaleLowerCase("nb");
  return rows.filter((r) => {
    if (q && !r.label.toLocaleLowerCase("nb").includes(q) && !r.key.toLocaleLowerCase("nb").includes(q)) return false;
    if (f.part && r.part !== f.part) return false;
    return !f.openOnly || forecastStatus(r, typed) === "suggested";
  });
}

export interface ForecastStepProps {
  readonly t: Strings;
  /** The tertial rows; undefined while the engine refuses the period (its sentence is shown above the step). */
  readonly tertial: PaneTertial | undefined;
  /** The officer's figures for the chosen period, typed or accepted in the pane. */
  readonly typed: OfficerForecasts;
  readonly onForecast: (key: string, ore: Ore | undefined) => void;
  /** Accept the suggestions of these rows (the filtered set); `all` when no filter narrowed it. */
  readonly onAccept: (rows: readonly PaneForecastRow[], all: boolean) => void;
  readonly onSave: () => void;
  readonly saving: boolean;
  readonly message: string | undefined;
}

/** Cards per page, as in Kategorisering (kept here: that step is changed on its own). */
const PAGE_SIZE = 10;
const ALL = "all";
const PARTS: readonly Part[] = ["drift", "investering", "prosjekter"];

export function ForecastStep(props: ForecastStepProps) {
  const styles = useStyles();
  const { t, tertial, typed } = props;
  const [filter, setFilter] = React.useState<ForecastFilter>(NO_FILTER);
  const [page, setPage] = React.useState(0);
  const listTop = React.useRef<HTMLDivElement>(null);
  const rows = React.useMemo(() => tertial?.rows ?? [], [tertial]);
  const shown = React.useMemo(() => filterForecastRows(rows, typed, filter), [rows, typed, filter]);
  const filtered = filter.query.trim() !== "" || filter.part !== undefined || filter.openOnly;
  const open = shown.filter((r) => forecastStatus(r, typed) === "suggested");
  const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
  const current = Math.min(page, pages - 1);
  const onPage = shown.slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE);
  const change = (next: Partial<ForecastFilter>) => {
    setFilter((f) => ({ ...f, ...next }));
    setPage(0);
  };
  const turn = (to: number) => {
    setPage(to);
    listTop.current?.scrollIntoView?.({ block: "start" });
  };

  if (!tertial) return <Text>{t.noForecastRows}</Text>;
  const end = periodEnd(tertial.period);

  return (
    <div className={styles.root}>
      <Text className={styles.intro}>{t.forecastIntro(t.periodName(tertial.period.year, tertial.period.month))}</Text>
      <div className={styles.filters} role="search" aria-label={t.search}>
        <Field label={t.search}>
          <SearchBox className={styles.input} placeholder={t.searchPlaceholder} value={filter.query} onChange={(_, d) => change({ query: d.value })} />
        </Field>
        <Field label={t.filterPart}>
          <Dropdown
            className={styles.dropdown}
            value={filter.part ? t.forecastParts[filter.part] : t.allParts}
            selectedOptions={[filter.part ?? ALL]}
            onOptionSelect={(_, d) => change({ part: d.optionValue && d.optionValue !== ALL ? (d.optionValue as Part) : undefined })}
          >
            <Option value={ALL}>{t.allParts}</Option>
            {PARTS.map((p) => (
              <Option key={p} value={p}>
                {t.forecastParts[p]}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Checkbox label={t.filterOpenForecasts} checked={filter.openOnly} onChange={(_, d) => change({ openOnly: d.checked === true })} />
      </div>
      <AcceptSaveBar
        acceptLabel={filtered ? t.acceptShownRows(open.length) : t.acceptAll}
        onAccept={() => props.onAccept(open, !filtered)}
        nothingOpen={open.length === 0}
        saveLabel={t.saveForecasts}
        savingLabel={t.saving}
        onSave={props.onSave}
        saving={props.saving}
        message={props.message}
      />
      <div ref={listTop} className={styles.summary} role="status" aria-live="polite">
        <Text size={200}>{shown.length === 0 ? t.noRowsMatch : t.showingRows(current * PAGE_SIZE + 1, current * PAGE_SIZE + onPage.length, shown.length)}</Text>
      </div>
      {onPage.length > 0 && (
        <ul className={styles.list} aria-label={t.forecastsLabel}>
          {onPage.map((r) => (
            <li key={r.key}>
              <ForecastCard t={t} row={r} end={end} typed={typed[r.key]} onForecast={props.onForecast} />
            </li>
          ))}
        </ul>
      )}
      <Pager current={current} pages={pages} onTurn={turn} label={t.pagesLabel} previous={t.previousPage} next={t.nextPage} />
    </div>
  );
}

const figureText = (o: Ore | undefined) => (o === undefined ? "" : formatNorwegian(o, o % 100 === 0 ? 0 : 2));

type CardProps = { t: Strings; row: PaneForecastRow; end: string; typed: Ore | undefined; onForecast: ForecastStepProps["onForecast"] };

/** One row; re-rendered only when its own figures change. */
const ForecastCard = React.memo(function ForecastCard({ t, row: r, end, typed, onForecast }: CardProps) {
  const styles = useStyles();
  const status: ForecastStatus = typed !== undefined ? "officer" : r.method === "officer" ? "sheet" : "suggested";
  const [text, setText] = React.useState(() => figureText(typed));
  const parsed = text.trim() === "" ? ({ ok: true, ore: undefined } as const) : parseNorwegianAmount(text);
  const invalid = !parsed.ok;
  // A figure set from outside (accepted, or removed): the field shows it, unless it already says the same.
  React.useEffect(() => {
    setText((current) => {
      const p = current.trim() === "" ? undefined : parseNorwegianAmount(current);
      const same = p === undefined ? typed === undefined : p.ok && p.ore === typed;
      return same ? current : figureText(typed);
    });
  }, [typed]);

  const type = (value: string) => {
    setText(value);
    if (value.trim() === "") return onForecast(r.key, undefined);
    const p = parseNorwegianAmount(value);
    if (p.ok) onForecast(r.key, p.ore);
  };

  return (
    // Drift and investering have the same artsgrupper: the part names the card.
    <Card className={styles.card} size="small" aria-label={`${t.forecastParts[r.part]}: ${r.label}`}>
      <div className={styles.title}>
        <Text weight="semibold" className={styles.name}>
          {r.label}
        </Text>
        <span className={styles.badges}>
          <Badge appearance="outline" color="informative" size="small">
            {t.forecastParts[r.part]}
          </Badge>
          <Badge appearance={status === "suggested" ? "tint" : "filled"} color={status === "suggested" ? "informative" : "brand"} size="small">
            {t.forecastStatus[status]}
          </Badge>
        </span>
      </div>
      <dl className={styles.amounts}>
        <dt className={styles.term}>
          <Text size={200}>{t.regulert}</Text>
        </dt>
        <dd className={styles.amount}>
          <Text size={200}>
            {kr(r.amounts.regulert)}&nbsp;{t.kr}
          </Text>
        </dd>
        <dt className={styles.term}>
          <Text size={200}>{t.hittil(end)}</Text>
        </dt>
        <dd className={styles.amount}>
          <Text size={200}>
            {kr(r.amounts.hittil)}&nbsp;{t.kr}
          </Text>
        </dd>
        <dt className={styles.term}>
          <Text size={200} weight="semibold">
            {t.prognose}
          </Text>
        </dt>
        <dd className={styles.amount}>
          <Text size={200} weight="semibold">
            {kr(r.amounts.prognose)}&nbsp;{t.kr}
          </Text>
        </dd>
        <dt className={styles.term}>
          <Text size={200}>{t.expectedDeviation}</Text>
        </dt>
        <dd className={styles.amount}>
          <Text size={200}>
            {kr(r.amounts.avvik)}&nbsp;{t.kr}
          </Text>
        </dd>
      </dl>
      <Text size={200} className={styles.method}>
        {t.method}: {t.methodName(r.method, r.share)}
      </Text>
      {r.suggestion && (
        <Text size={200} className={styles.method}>
          {t.suggestionBeside(`${kr(r.suggestion.prognose)}\u00a0${t.kr}`, t.methodName(r.suggestion.method, r.suggestion.share))}
        </Text>
      )}
      <div className={styles.choose}>
        <Field label={t.yourForecast} className={styles.grow} validationState={invalid ? "error" : "none"} validationMessage={invalid ? t.forecastInvalid : undefined}>
          <Input
            className={styles.input}
            inputMode="decimal"
            value={text}
            placeholder={status === "suggested" ? kr(r.amounts.prognose) : undefined}
            onChange={(_, d) => type(d.value)}
          />
        </Field>
        {status === "officer" ? (
          <Button className={styles.chooseButton} onClick={() => onForecast(r.key, undefined)} aria-label={t.useSuggestionFor(r.label)}>
            {t.useSuggestionShort}
          </Button>
        ) : (
          <Button className={styles.chooseButton} onClick={() => onForecast(r.key, r.amounts.prognose)} disabled={status === "sheet"} aria-label={t.acceptRowFor(r.label)}>
            {t.acceptRow}
          </Button>
        )}
      </div>
    </Card>
  );
});
