import * as React from "react";
import {
  Badge,
  Button,
  Card,
  Dropdown,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Option,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { CategorisedProject } from "../../domain/pipeline";
import type { CategoryDecision } from "../../domain/settings";
import { roundKroner, type Ore } from "../../domain/money";
import { formatNorwegian } from "../../domain/norwegian-number";
import type { Strings } from "../i18n";
import { choiceOf, kr, parseSplit, type DecisionChoice } from "../state";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
  intro: { color: tokens.colorNeutralForeground2 },
  actions: { display: "flex", flexWrap: "wrap", alignItems: "center", columnGap: tokens.spacingHorizontalM, rowGap: tokens.spacingVerticalS },
  list: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
  card: { rowGap: tokens.spacingVerticalXS },
  title: { display: "flex", justifyContent: "space-between", alignItems: "baseline", columnGap: tokens.spacingHorizontalS },
  amount: { fontVariantNumeric: "tabular-nums", whiteSpace: "nowrap" },
  reason: { color: tokens.colorNeutralForeground2 },
  choose: { display: "flex", alignItems: "flex-end", columnGap: tokens.spacingHorizontalS },
  dropdown: { minWidth: "0", width: "100%" },
  input: { minWidth: "0", width: "100%" },
  grow: { flexGrow: 1, minWidth: 0 },
  split: { display: "flex", flexDirection: "column", columnGap: tokens.spacingHorizontalS, rowGap: tokens.spacingVerticalXS, margin: 0, padding: tokens.spacingVerticalS, border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium },
  splitLegend: { padding: `0 ${tokens.spacingHorizontalXS}` },
  splitSummary: { display: "flex", flexDirection: "column", alignItems: "flex-start", rowGap: tokens.spacingVerticalXS },
});

export interface CategoriesStepProps {
  readonly t: Strings;
  readonly projects: readonly CategorisedProject[];
  readonly decisions: Readonly<Record<string, CategoryDecision>>;
  readonly onDecision: (nr: string, d: CategoryDecision | undefined) => void;
  readonly onAcceptAll: () => void;
  readonly onSave: () => void;
  readonly saving: boolean;
  readonly message: string | undefined;
}

/** Projects the officer decides on: those with a deviation, sub-projects on their own (a parent shows their sum). */
export function decidableProjects(projects: readonly CategorisedProject[]): CategorisedProject[] {
  const parents = new Set(projects.map((p) => p.parent).filter((p): p is string => p !== null));
  return projects.filter((p) => p.avvik !== 0 && !parents.has(p.nr));
}

export function CategoriesStep(props: CategoriesStepProps) {
  const styles = useStyles();
  const { t } = props;
  const projects = decidableProjects(props.projects);
  return (
    <div className={styles.root}>
      <Text className={styles.intro}>{t.categoriesIntro}</Text>
      <div className={styles.actions}>
        <Button appearance="primary" onClick={props.onAcceptAll} disabled={projects.length === 0 || props.saving}>
          {t.acceptAll}
        </Button>
        <Button onClick={props.onSave} disabled={props.saving}>
          {props.saving ? t.saving : t.saveDecisions}
        </Button>
      </div>
      {props.message && (
        <MessageBar intent="success">
          <MessageBarBody>{props.message}</MessageBarBody>
        </MessageBar>
      )}
      {projects.length === 0 ? (
        <Text>{t.noProjects}</Text>
      ) : (
        <ul className={styles.list} aria-label={t.steps.categories}>
          {projects.map((p) => (
            <li key={p.nr}>
              <ProjectCard t={t} project={p} decision={props.decisions[p.nr]} onDecision={props.onDecision} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function ProjectCard({ t, project: p, decision, onDecision }: { t: Strings; project: CategorisedProject; decision: CategoryDecision | undefined; onDecision: CategoriesStepProps["onDecision"] }) {
  const styles = useStyles();
  const choice = choiceOf(decision);
  const [editing, setEditing] = React.useState(false);
  const label = `${p.nr} ${p.name}`;
  const choiceText = (c: DecisionChoice) =>
    c === "suggested" ? `${t.useSuggestion(p.suggested)}` : c === "split" ? t.splitOption : `${c}. ${t.categoryNames[c - 1]}`;
  const accepted = choice === p.suggested;
  const status = choice === "suggested" ? t.sourceLabel.suggested : accepted ? t.sourceLabel.suggested : t.sourceLabel[p.source] ?? p.source;

  const choose = (value: string | undefined) => {
    if (value === "suggested") onDecision(p.nr, undefined);
    else if (value === "split") {
      onDecision(p.nr, { split: initialSplit(p) });
      setEditing(true);
    } else if (value) onDecision(p.nr, { category: Number(value) as 1 | 2 | 3 | 4 });
  };

  return (
    <Card className={styles.card} size="small" aria-label={label}>
      <div className={styles.title}>
        <Text weight="semibold">{label}</Text>
        <Badge appearance={choice === "suggested" || accepted ? "tint" : "filled"} color={choice === "suggested" ? "informative" : "brand"} size="small">
          {status}
        </Badge>
      </div>
      <Text className={styles.amount}>
        {t.deviation}: {kr(p.avvik)} {t.kr}
      </Text>
      <Text size={200} className={styles.reason}>
        {t.suggestion}: {p.suggested}. {t.categoryNames[p.suggested - 1]} – {p.reason}
      </Text>
      <div className={styles.choose}>
        <Field label={t.category} className={styles.grow}>
          <Dropdown
            className={styles.dropdown}
            aria-label={t.categoryFor(label)}
            value={choiceText(choice)}
            selectedOptions={[String(choice)]}
            onOptionSelect={(_, data) => choose(data.optionValue)}
          >
            <Option value="suggested" text={choiceText("suggested")}>
              {choiceText("suggested")}
            </Option>
            {([1, 2, 3, 4] as const).map((c) => (
              <Option key={c} value={String(c)} text={choiceText(c)}>
                {choiceText(c)}
              </Option>
            ))}
            <Option value="split" text={t.splitOption}>
              {t.splitOption}
            </Option>
          </Dropdown>
        </Field>
        <Button onClick={() => (editing ? setEditing(false) : choose("split"))} aria-expanded={editing} aria-label={editing ? t.splitClose : `${t.splitEdit}: ${label}`}>
          {editing ? t.splitClose : t.splitEdit}
        </Button>
      </div>
      {editing && decision?.split && <SplitEditor t={t} project={p} split={decision.split} onSplit={(s) => onDecision(p.nr, s ? { split: s } : undefined)} />}
    </Card>
  );
}

function initialSplit(p: CategorisedProject): readonly [Ore, Ore, Ore, Ore] {
  return p.applied.some((v) => v !== 0) ? p.applied : ([0, 1, 2, 3].map((i) => (i === p.suggested - 1 ? p.avvik : 0)) as unknown as [Ore, Ore, Ore, Ore]);
}

function SplitEditor({ t, project: p, split, onSplit }: { t: Strings; project: CategorisedProject; split: readonly [Ore, Ore, Ore, Ore]; onSplit: (s: readonly [Ore, Ore, Ore, Ore] | undefined) => void }) {
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
