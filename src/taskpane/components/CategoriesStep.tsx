import * as React from "react";
import { Badge, Button, Card, Checkbox, Dropdown, Field, Input, Option, SearchBox, Text, makeStyles, tokens, useEventCallback } from "@fluentui/react-components";
import type { CategorisedProject } from "../../domain/pipeline";
import type { CategoryDecision } from "../../domain/settings";
import { roundKroner, type Ore } from "../../domain/money";
import { formatNorwegian } from "../../domain/norwegian-number";
import type { PaneProject } from "../engine-core";
import type { Strings } from "../i18n";
import { AcceptSaveBar } from "./AcceptSaveBar";
import { Pager } from "./Pager";
import { choiceOf, kr, parseSplit, type DecisionChoice } from "../state";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
  intro: { color: tokens.colorNeutralForeground2 },
  list: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
  card: { rowGap: tokens.spacingVerticalXS },
  // The badges keep their width and sit at the top right; a long project name wraps beside them.
  title: { display: "flex", justifyContent: "space-between", alignItems: "flex-start", columnGap: tokens.spacingHorizontalS },
  name: { minWidth: 0, overflowWrap: "anywhere" },
  badges: { display: "flex", flexShrink: 0, columnGap: tokens.spacingHorizontalXS, whiteSpace: "nowrap", paddingTop: "2px" },
  dropdownButton: { whiteSpace: "nowrap", overflow: "hidden", textOverflow: "ellipsis", minWidth: 0 },
  filters: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
  row: { display: "grid", gridTemplateColumns: "minmax(0, 1fr) minmax(0, 1fr)", columnGap: tokens.spacingHorizontalS },
  checks: { display: "flex", flexDirection: "column" },
  summary: { color: tokens.colorNeutralForeground2 },
  amount: { fontVariantNumeric: "tabular-nums", whiteSpace: "nowrap" },
  reason: { color: tokens.colorNeutralForeground2 },
  choose: { display: "flex", alignItems: "flex-end", columnGap: tokens.spacingHorizontalS },
  dropdown: { minWidth: "0", width: "100%" },
  input: { minWidth: "0", width: "100%" },
  grow: { flexGrow: 1, minWidth: 0 },
  split: {
    display: "flex",
    flexDirection: "column",
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
    padding: tokens.spacingVerticalS,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  splitLegend: { padding: `0 ${tokens.spacingHorizontalXS}` },
  splitSummary: { display: "flex", flexDirection: "column", alignItems: "flex-start", rowGap: tokens.spacingVerticalXS },
});

export interface CategoriesStepProps {
  readonly t: Strings;
  readonly projects: readonly PaneProject[];
  readonly decisions: Readonly<Record<string, CategoryDecision>>;
  readonly onDecision: (nr: string, d: CategoryDecision | undefined) => void;
  /** Accept the suggestions of these projects (the filtered set); `all` when no filter narrowed it. */
  readonly onAccept: (projects: readonly PaneProject[], all: boolean) => void;
  readonly onSave: () => void;
  readonly saving: boolean;
  readonly message: string | undefined;
}

/** Projects the officer decides on: those with a deviation, sub-projects on their own (a parent shows their sum). */
export function decidableProjects<P extends CategorisedProject>(projects: readonly P[]): P[] {
  const parents = new Set(projects.map((p) => p.parent).filter((p): p is string => p !== null));
  return projects.filter((p) => p.avvik !== 0 && !parents.has(p.nr));
}

export type ProjectStatus = "suggested" | "accepted" | "override" | "split";

/** Where a project stands: its suggestion untouched, the suggestion accepted, another category chosen, or split. */
export function statusOf(p: CategorisedProject, decision: CategoryDecision | undefined): ProjectStatus {
  if (!decision) return p.source === "suggested" ? "suggested" : p.source;
  if (decision.split) return "split";
  return decision.category === undefined ? "suggested" : decision.category === p.suggested ? "accepted" : "override";
}

export interface ProjectFilter {
  readonly query: string;
  readonly materialOnly: boolean;
  readonly undecidedOnly: boolean;
  readonly category: 1 | 2 | 3 | 4 | undefined;
  readonly status: ProjectStatus | undefined;
}

export const NO_FILTER: ProjectFilter = { query: "", materialOnly: false, undecidedOnly: false, category: undefined, status: undefined };

/** The projects the filter lets through, largest deviation first (then by number). */
export function filterProjects(projects: readonly PaneProject[], decisions: Readonly<Record<string, CategoryDecision>>, f: ProjectFilter): PaneProject[] {
  return filterSorted(byDeviation(projects), decisions, f);
}

/** Largest deviation first (then by number): the order of the list, which decisions do not change. */
function byDeviation(projects: readonly PaneProject[]): PaneProject[] {
  return [...projects].sort((a, b) => Math.abs(b.avvik) - Math.abs(a.avvik) || (a.nr < b.nr ? -1 : a.nr > b.nr ? 1 : 0));
}

/** The projects (already in order) the filter lets through. */
function filterSorted(sorted: readonly PaneProject[], decisions: Readonly<Record<string, CategoryDecision>>, f: ProjectFilter): PaneProject[] {
  const q = f.query.trim().toLocaleLowerCase("nb");
  return sorted.filter((p) => {
    if (q && !p.nr.toLocaleLowerCase("nb").includes(q) && !p.name.toLocaleLowerCase("nb").includes(q)) return false;
    if (f.materialOnly && !p.material) return false;
    if (f.category !== undefined && p.suggested !== f.category) return false;
    const status = statusOf(p, decisions[p.nr]);
    if (f.undecidedOnly && status !== "suggested") return false;
    return f.status === undefined || status === f.status;
  });
}

/** Cards per page: a page is what the officer reads before deciding, and keeps the step's DOM small (hundreds of projects). */
export const PAGE_SIZE = 10;
const ALL = "all";
const STATUSES: readonly ProjectStatus[] = ["suggested", "accepted", "override", "split"];

/** Rendered again only when its own props change (not when the engine's answer leaves its projects as they were). */
export const CategoriesStep = React.memo(function CategoriesStep(props: CategoriesStepProps) {
  const styles = useStyles();
  const { t, decisions } = props;
  const [filter, setFilter] = React.useState<ProjectFilter>(NO_FILTER);
  const [page, setPage] = React.useState(0);
  const listTop = React.useRef<HTMLDivElement>(null);
  // Sorted once per answer of the engine; a decision only filters again.
  const projects = React.useMemo(() => byDeviation(decidableProjects(props.projects)), [props.projects]);
  const shown = React.useMemo(() => filterSorted(projects, decisions, filter), [projects, decisions, filter]);
  const hasMateriality = projects.some((p) => p.material !== undefined);
  const filtered = filter.query.trim() !== "" || filter.materialOnly || filter.undecidedOnly || filter.category !== undefined || filter.status !== undefined;
  const open = shown.filter((p) => !decisions[p.nr]);
  const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
  const current = Math.min(page, pages - 1);
  const onPage = shown.slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE);
  const change = React.useCallback((next: Partial<ProjectFilter>) => {
    setFilter((f) => ({ ...f, ...next }));
    setPage(0);
  }, []);
  const turn = (to: number) => {
    setPage(to);
    listTop.current?.scrollIntoView?.({ block: "start" });
  };

  return (
    <div className={styles.root}>
      <Text className={styles.intro}>{t.categoriesIntro}</Text>
      <Filters t={t} filter={filter} hasMateriality={hasMateriality} onChange={change} />
      <AcceptSaveBar
        acceptLabel={filtered ? t.acceptShown(open.length) : t.acceptAll}
        onAccept={() => props.onAccept(shown, !filtered)}
        nothingOpen={open.length === 0}
        saveLabel={t.saveDecisions}
        savingLabel={t.saving}
        onSave={props.onSave}
        saving={props.saving}
        message={props.message}
      />
      {projects.length === 0 ? (
        <Text>{t.noProjects}</Text>
      ) : (
        <>
          <div ref={listTop} className={styles.summary} role="status" aria-live="polite">
            <Text size={200}>{shown.length === 0 ? t.noMatch : t.showing(current * PAGE_SIZE + 1, current * PAGE_SIZE + onPage.length, shown.length)}</Text>
          </div>
          {onPage.length > 0 && (
            <ul className={styles.list} aria-label={t.steps.categories}>
              {onPage.map((p) => (
                <li key={p.nr}>
                  <ProjectCard t={t} project={p} decision={decisions[p.nr]} onDecision={props.onDecision} />
                </li>
              ))}
            </ul>
          )}
          <Pager current={current} pages={pages} onTurn={turn} label={t.pagesLabel} previous={t.previousPage} next={t.nextPage} />
        </>
      )}
    </div>
  );
});

/** The search and filters: not rendered again by a decision (only by their own changes). */
const Filters = React.memo(function Filters({
  t,
  filter,
  hasMateriality,
  onChange: change,
}: {
  t: Strings;
  filter: ProjectFilter;
  hasMateriality: boolean;
  onChange: (next: Partial<ProjectFilter>) => void;
}) {
  const styles = useStyles();
  const categoryText = (c: number) => `${c}. ${t.categoryShort[c - 1]}`;
  return (
    <div className={styles.filters} role="search" aria-label={t.search}>
      <Field label={t.search}>
        <SearchBox className={styles.input} placeholder={t.searchPlaceholder} value={filter.query} onChange={(_, d) => change({ query: d.value })} />
      </Field>
      <div className={styles.row}>
        <Field label={t.filterCategory}>
          <Dropdown
            className={styles.dropdown}
            button={{ className: styles.dropdownButton }}
            value={filter.category ? categoryText(filter.category) : t.allCategories}
            selectedOptions={[filter.category ? String(filter.category) : ALL]}
            onOptionSelect={(_, d) => change({ category: d.optionValue && d.optionValue !== ALL ? (Number(d.optionValue) as 1 | 2 | 3 | 4) : undefined })}
          >
            <Option value={ALL}>{t.allCategories}</Option>
            {([1, 2, 3, 4] as const).map((c) => (
              <Option key={c} value={String(c)} text={categoryText(c)}>
                {`${c}. ${t.categoryNames[c - 1]}`}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Field label={t.filterStatus}>
          <Dropdown
            className={styles.dropdown}
            button={{ className: styles.dropdownButton }}
            value={filter.status ? t.status[filter.status] : t.allStatuses}
            selectedOptions={[filter.status ?? ALL]}
            onOptionSelect={(_, d) => change({ status: d.optionValue && d.optionValue !== ALL ? (d.optionValue as ProjectStatus) : undefined })}
          >
            <Option value={ALL}>{t.allStatuses}</Option>
            {STATUSES.map((st) => (
              <Option key={st} value={st}>
                {t.status[st] ?? st}
              </Option>
            ))}
          </Dropdown>
        </Field>
      </div>
      <div className={styles.checks}>
        <Checkbox
          label={hasMateriality ? t.filterMaterial : `${t.filterMaterial} ${t.noMateriality}`}
          checked={filter.materialOnly}
          disabled={!hasMateriality}
          onChange={(_, d) => change({ materialOnly: d.checked === true })}
        />
        <Checkbox label={t.filterUndecided} checked={filter.undecidedOnly} onChange={(_, d) => change({ undecidedOnly: d.checked === true })} />
      </div>
    </div>
  );
});

type CardProps = { t: Strings; project: PaneProject; decision: CategoryDecision | undefined; onDecision: CategoriesStepProps["onDecision"] };

/**
 * One project; re-rendered only when its own project or decision changes (a decision repaints one card, not the page).
 * A decision shows on the card at once: the card holds it until the pane's state (the step, the engine's
 * recompute) catches up, which is rendered after the card's frame, as a transition.
 */
const ProjectCard = React.memo(function ProjectCard({ t, project: p, decision: saved, onDecision }: CardProps) {
  const styles = useStyles();
  // The decision just made here, shown at once. The pane's state (the step, the engine's recompute) takes it once the
  // frame showing it is painted, as a transition that also drops this copy: one commit, so the card never shows
  // the decision it replaced again. Only the newest of quick decisions drops it.
  const [pending, setPending] = React.useState<{ readonly decision: CategoryDecision | undefined }>();
  const newest = React.useRef(0);
  const decision = pending ? pending.decision : saved;
  const decide = (d: CategoryDecision | undefined) => {
    const n = ++newest.current;
    setPending({ decision: d });
    afterPaint(() =>
      React.startTransition(() => {
        onDecision(p.nr, d);
        if (newest.current === n) setPending(undefined);
      }),
    );
  };
  const choice = choiceOf(decision);
  const [editing, setEditing] = React.useState(false);
  const label = `${p.nr} ${p.name}`;
  const status = statusOf(p, decision);

  const choose = (value: string | undefined) => {
    if (value === "suggested") decide(undefined);
    else if (value === "split") {
      decide({ split: initialSplit(p) });
      setEditing(true);
    } else if (value) decide({ category: Number(value) as 1 | 2 | 3 | 4 });
  };
  // The same function on every render: the dropdown renders again only when the choice it shows changes.
  const onChoose = useEventCallback(choose);

  return (
    <Card className={styles.card} size="small" aria-label={label}>
      <div className={styles.title}>
        <Text weight="semibold" className={styles.name}>
          {label}
        </Text>
        <span className={styles.badges}>
          {p.material && (
            <Badge appearance="outline" color="warning" size="small">
              {t.material}
            </Badge>
          )}
          <Badge appearance={status === "suggested" || status === "accepted" ? "tint" : "filled"} color={status === "suggested" ? "informative" : "brand"} size="small">
            {t.status[status]}
          </Badge>
        </span>
      </div>
      <Text className={styles.amount}>
        {t.deviation}: {kr(p.avvik)}&nbsp;{t.kr}
      </Text>
      <Text size={200} className={styles.reason}>
        {t.suggestion}: {p.suggested}. {t.categoryNames[p.suggested - 1]} – {p.reason}
      </Text>
      <div className={styles.choose}>
        <CategoryChoice t={t} choice={choice} suggested={p.suggested} label={label} onChoose={onChoose} />
        <Button onClick={() => (editing ? setEditing(false) : choose("split"))} aria-expanded={editing} aria-label={editing ? t.splitClose : `${t.splitEdit}: ${label}`}>
          {editing ? t.splitCloseShort : t.splitEdit}
        </Button>
      </div>
      {editing && decision?.split && <SplitEditor t={t} project={p} split={decision.split} onSplit={(s) => decide(s ? { split: s } : undefined)} />}
    </Card>
  );
});

/** A project's category dropdown (a Fluent Dropdown renders, and positions its list, on every render: only when its choice changes). */
const CategoryChoice = React.memo(function CategoryChoice({
  t,
  choice,
  suggested,
  label,
  onChoose,
}: {
  t: Strings;
  choice: DecisionChoice;
  suggested: 1 | 2 | 3 | 4;
  label: string;
  onChoose: (value: string | undefined) => void;
}) {
  const styles = useStyles();
  // The dropdown shows a short name on one line; its options carry the full category names.
  const shortText = (c: DecisionChoice) => (c === "suggested" ? t.useSuggestion(suggested) : c === "split" ? t.splitOption : `${c}. ${t.categoryShort[c - 1]}`);
  const fullText = (c: DecisionChoice) => (c === "suggested" ? `${t.useSuggestion(suggested)}` : c === "split" ? t.splitOption : `${c}. ${t.categoryNames[c - 1]}`);
  return (
    <Field label={t.category} className={styles.grow}>
      <Dropdown
        className={styles.dropdown}
        button={{ className: styles.dropdownButton, title: fullText(choice) }}
        aria-label={t.categoryFor(label)}
        value={shortText(choice)}
        selectedOptions={[String(choice)]}
        onOptionSelect={(_, data) => onChoose(data.optionValue)}
      >
        <Option value="suggested" text={shortText("suggested")}>
          {fullText("suggested")}
        </Option>
        {([1, 2, 3, 4] as const).map((c) => (
          <Option key={c} value={String(c)} text={shortText(c)}>
            {fullText(c)}
          </Option>
        ))}
        <Option value="split" text={t.splitOption}>
          {t.splitOption}
        </Option>
      </Dropdown>
    </Field>
  );
});

/** Runs `f` once the browser has painted the next frame (by a timer alone where no frames come, as in a hidden pane). */
function afterPaint(f: () => void): void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    f();
  };
  if (typeof requestAnimationFrame === "function") requestAnimationFrame(() => setTimeout(once, 0));
  setTimeout(once, 100);
}

function initialSplit(p: CategorisedProject): readonly [Ore, Ore, Ore, Ore] {
  if (p.applied.some((v) => v !== 0)) return p.applied;
  // The whole deviation in the suggested category, the others 0.
  const of = (category: 1 | 2 | 3 | 4): Ore => (category === p.suggested ? p.avvik : (0 as Ore));
  return [of(1), of(2), of(3), of(4)];
}

function SplitEditor({
  t,
  project: p,
  split,
  onSplit,
}: {
  t: Strings;
  project: CategorisedProject;
  split: readonly [Ore, Ore, Ore, Ore];
  onSplit: (s: readonly [Ore, Ore, Ore, Ore] | undefined) => void;
}) {
  const styles = useStyles();
  const [texts, setTexts] = React.useState<string[]>(() => split.map((o) => (o === 0 ? "" : formatNorwegian(o, o % 100 === 0 ? 0 : 2))));
  const parsed = parseSplit(texts);
  const sum = parsed ? parsed.reduce((a, b) => a + b, 0) : undefined;
  const diff = sum !== undefined ? p.avvik - sum : undefined;
  // "To the krone": the split and the deviation agree when both round to the same whole kroner.
  const matches = sum !== undefined && roundKroner(sum as Ore) === roundKroner(p.avvik);
  const legendId = `avstem-split-${p.nr}`;

  const change = (i: number, value: string) => {
    const next = texts.map((s, j) => (j === i ? value : s));
    setTexts(next);
    const s = parseSplit(next);
    if (s) onSplit(s);
  };

  return (
    <fieldset className={styles.split} aria-labelledby={legendId}>
      <legend id={legendId} className={styles.splitLegend}>
        <Text size={200} weight="semibold">
          {t.splitLegend(`${p.nr} ${p.name}`)}
        </Text>
      </legend>
      {texts.map((text, i) => (
        <Field key={i} label={`${i + 1}. ${t.categoryNames[i]}`} size="small">
          <Input className={styles.input} size="small" inputMode="decimal" value={text} onChange={(_, d) => change(i, d.value)} />
        </Field>
      ))}
      <div className={styles.splitSummary} role="status" aria-live="polite">
        {parsed === undefined ? (
          <Text size={200}>{t.splitInvalid}</Text>
        ) : (
          <Text size={200}>
            {t.splitSum}: {kr(sum!)} / {kr(p.avvik)} {t.kr}. {matches ? t.splitMatches : t.splitDiff(kr(diff!))}
          </Text>
        )}
        <Button size="small" appearance="subtle" onClick={() => onSplit(undefined)}>
          {t.splitRemove}
        </Button>
      </div>
    </fieldset>
  );
}
