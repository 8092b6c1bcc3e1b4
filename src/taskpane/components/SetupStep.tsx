import * as React from "react";
import { Accordion, AccordionHeader, AccordionItem, AccordionPanel, Badge, Button, Dropdown, Field, Input, Option, Text, makeStyles, tokens } from "@fluentui/react-components";
import { columnLetters } from "../../domain/cells";
import { FIELDS, SHEET_KINDS, SHEET_TITLES, type Layout, type LayoutMapping, type SheetKind } from "../../domain/layout";
import type { Settings } from "../../domain/settings";
import { periodKey, type ReportPeriod } from "../../domain/tertial/period";
import type { Strings } from "../i18n";
import { materialityText, setColumn, setSheet, type FormErrors, type SettingsForm } from "../state";
import { at as checkedAt } from "../../domain/at";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalL },
  section: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM, margin: 0, padding: 0, border: "none" },
  legend: { padding: 0, marginBottom: tokens.spacingVerticalS },
  row: { display: "grid", gridTemplateColumns: "1fr 1fr", columnGap: tokens.spacingHorizontalM },
  header: { display: "flex", flexWrap: "wrap", alignItems: "center", columnGap: tokens.spacingHorizontalS, rowGap: tokens.spacingVerticalXXS },
  panel: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS, paddingBottom: tokens.spacingVerticalM },
  hint: { color: tokens.colorNeutralForeground2 },
  dropdown: { minWidth: "0", width: "100%" },
  input: { minWidth: "0", width: "100%" },
  actions: { display: "flex", alignItems: "center", columnGap: tokens.spacingHorizontalM, flexWrap: "wrap" },
});

const NO_COLUMN = "none";

export interface SetupStepProps {
  readonly t: Strings;
  readonly form: SettingsForm;
  readonly errors: FormErrors;
  /** What the workbook's Oppsett sheet (or the engine's defaults) gives, shown as hints. */
  readonly detected: Settings & { year?: number; chapter?: number; agency?: string };
  /** The workbook's input sheets, by name. */
  readonly sheetNames: readonly string[];
  readonly layout: Layout;
  readonly mapping: LayoutMapping;
  readonly onForm: (form: SettingsForm) => void;
  readonly onMapping: (mapping: LayoutMapping) => void;
  readonly onSave: () => void;
  readonly saving: boolean;
  readonly savedMessage: string | undefined;
  /** The tertial report's period; undefined: the annual report. */
  readonly period?: ReportPeriod;
  /** The report year the period choices are made in. */
  readonly reportYear?: number;
  readonly onPeriod?: (period: ReportPeriod | undefined) => void;
}

const ANNUAL = "annual";

/** The report's choices: the annual report, the 1st and 2nd tertial, then the other months of the year. */
function periodOptions(t: Strings, year: number, current: ReportPeriod | undefined): { value: string; text: string; period: ReportPeriod | undefined }[] {
  const at = (month: number) => ({ year, month });
  const options = [
    { value: ANNUAL, text: t.annualReport, period: undefined },
    ...[4, 8].map((m) => ({ value: periodKey(at(m)), text: t.tertialOption(m / 4, periodKey(at(m))), period: at(m) })),
    ...[1, 2, 3, 5, 6, 7, 9, 10, 11, 12].map((m) => ({ value: periodKey(at(m)), text: t.monthOption(t.monthNames[m - 1] ?? String(m), periodKey(at(m))), period: at(m) })),
  ];
  // A saved period of another year (the report year changed since): shown as it is, so the officer sees why it is refused.
  if (current && current.year !== year)
    options.push({ value: periodKey(current), text: t.monthOption(t.monthNames[current.month - 1] ?? String(current.month), periodKey(current)), period: current });
  return options;
}

function PeriodField({ t, period, year, onPeriod }: { t: Strings; period: ReportPeriod | undefined; year: number; onPeriod: (p: ReportPeriod | undefined) => void }) {
  const styles = useStyles();
  const options = periodOptions(t, year, period);
  const selected = period ? periodKey(period) : ANNUAL;
  const current = options.find((o) => o.value === selected) ?? checkedAt(options, 0, "report choice");
  return (
    <Field label={t.reportKind} hint={t.reportKindHint}>
      <Dropdown
        className={styles.dropdown}
        value={current.text}
        selectedOptions={[current.value]}
        onOptionSelect={(_, data) => {
          const chosen = options.find((o) => o.value === data.optionValue);
          if (chosen) onPeriod(chosen.period);
        }}
      >
        {options.map((o) => (
          <Option key={o.value} value={o.value}>
            {o.text}
          </Option>
        ))}
      </Dropdown>
    </Field>
  );
}

export function SetupStep(props: SetupStepProps) {
  const styles = useStyles();
  const { t, form, errors, detected } = props;
  const set = (key: keyof SettingsForm) => (_: unknown, data: { value: string }) => props.onForm({ ...form, [key]: data.value });

  return (
    <div className={styles.root}>
      <fieldset className={styles.section}>
        <legend className={styles.legend}>
          <Text weight="semibold" size={400}>
            {t.reportSection}
          </Text>
        </legend>
        {props.onPeriod && props.reportYear !== undefined && <PeriodField t={t} period={props.period} year={props.reportYear} onPeriod={props.onPeriod} />}
        <div className={styles.row}>
          <Field
            label={t.year}
            validationState={errors.year ? "error" : "none"}
            validationMessage={errors.year ? "1900–2999" : undefined}
            hint={!form.year && detected.year ? t.fromWorkbook(String(detected.year)) : undefined}
          >
            <Input className={styles.input} inputMode="numeric" value={form.year} placeholder={detected.year ? String(detected.year) : undefined} onChange={set("year")} />
          </Field>
          <Field
            label={t.chapter}
            validationState={errors.chapter ? "error" : "none"}
            validationMessage={errors.chapter ? "125" : undefined}
            hint={!form.chapter && detected.chapter ? t.fromWorkbook(String(detected.chapter)) : undefined}
          >
            <Input
              className={styles.input}
              inputMode="numeric"
              value={form.chapter}
              placeholder={detected.chapter ? String(detected.chapter) : undefined}
              onChange={set("chapter")}
            />
          </Field>
        </div>
        <Field label={t.agency} hint={!form.agency && detected.agency ? t.fromWorkbook(detected.agency) : undefined}>
          <Input className={styles.input} value={form.agency} placeholder={detected.agency} onChange={set("agency")} />
        </Field>
        <Field
          label={t.materiality}
          validationState={errors.materiality ? "error" : "none"}
          validationMessage={errors.materiality ? t.materialityInvalid : undefined}
          hint={!form.materiality && detected.materiality ? t.fromWorkbook(materialityText(detected.materiality)) : t.materialityHint}
        >
          {/* The workbook's own value as the placeholder (an example amount would read as the value in force). */}
          <Input
            className={styles.input}
            value={form.materiality}
            placeholder={detected.materiality ? materialityText(detected.materiality) : undefined}
            onChange={set("materiality")}
          />
        </Field>
      </fieldset>

      <section className={styles.section} aria-labelledby="avstem-sheets-heading">
        <Text id="avstem-sheets-heading" as="h2" weight="semibold" size={400} style={{ margin: 0 }}>
          {t.sheetsSection}
        </Text>
        <Text className={styles.hint} size={200}>
          {t.sheetsHint}
        </Text>
        <SheetMappings t={t} layout={props.layout} sheetNames={props.sheetNames} mapping={props.mapping} onMapping={props.onMapping} />
      </section>

      <div className={styles.actions}>
        <Button appearance="primary" onClick={props.onSave} disabled={props.saving}>
          {props.saving ? t.saving : t.save}
        </Button>
        {props.savedMessage && (
          <Text size={200} role="status">
            {props.savedMessage}
          </Text>
        )}
      </div>
    </div>
  );
}

type MappingProps = Pick<SetupStepProps, "t" | "layout" | "sheetNames" | "mapping" | "onMapping">;

/**
 * The sheets and columns: re-rendered only when the layout, the sheets or the mapping change, not on
 * every key typed in the report fields (a new layout object from the engine with the same content counts as unchanged).
 */
const SheetMappings = React.memo(
  function SheetMappings(props: MappingProps) {
    return (
      <Accordion multiple collapsible>
        {SHEET_KINDS.map((kind) => (
          <SheetMapping key={kind} kind={kind} {...props} />
        ))}
      </Accordion>
    );
  },
  (a, b) =>
    a.t === b.t &&
    a.onMapping === b.onMapping &&
    a.mapping === b.mapping &&
    a.sheetNames === b.sheetNames &&
    (a.layout === b.layout || JSON.stringify(a.layout.sheets) === JSON.stringify(b.layout.sheets)),
);

function SheetMapping(props: MappingProps & { kind: SheetKind }) {
  const styles = useStyles();
  const { t, kind, layout, sheetNames, mapping } = props;
  const detected = layout.sheets[kind];
  const fields = FIELDS[kind];
  const found = detected ? fields.filter((f) => detected.columns[f.field] !== undefined).length : 0;
  const headers = detected ? Object.entries(detected.headers).map(([col, text]) => ({ col: Number(col), text })) : [];
  const columnText = (col: number | undefined) => {
    if (col === undefined) return t.noColumn;
    const h = detected?.headers[col];
    return h ? `${columnLetters(col)}: ${h}` : columnLetters(col);
  };
  const sheetId = `avstem-sheet-${kind}`;

  return (
    <AccordionItem value={kind}>
      <AccordionHeader size="small">
        <span className={styles.header}>
          <Text weight="semibold">{SHEET_TITLES[kind]}</Text>
          {detected ? (
            <>
              <Text size={200}>«{detected.sheet}»</Text>
              <Badge appearance="tint" color="success" size="small">
                {t.columnsFound(found)}
              </Badge>
            </>
          ) : (
            <Badge appearance="tint" color={kind === "oppsett" || kind === "reguleringer" ? "informative" : "warning"} size="small">
              {t.notFound}
            </Badge>
          )}
        </span>
      </AccordionHeader>
      <AccordionPanel>
        <div className={styles.panel}>
          <Field label={t.sheetFor(SHEET_TITLES[kind])} hint={detected ? t.recognisedBy[detected.recognisedBy] : undefined}>
            <Dropdown
              id={sheetId}
              className={styles.dropdown}
              value={detected?.sheet ?? t.noSheet}
              selectedOptions={detected ? [detected.sheet] : []}
              onOptionSelect={(_, data) => data.optionValue && props.onMapping(setSheet(mapping, kind, data.optionValue))}
            >
              {sheetNames.map((name) => (
                <Option key={name} value={name}>
                  {name}
                </Option>
              ))}
            </Dropdown>
          </Field>
          {detected &&
            fields.map((f) => {
              const col = detected.columns[f.field];
              return (
                <Field key={f.field} label={f.required ? `${f.title} (${t.required})` : f.title}>
                  <Dropdown
                    className={styles.dropdown}
                    value={columnText(col)}
                    selectedOptions={[col === undefined ? NO_COLUMN : String(col)]}
                    onOptionSelect={(_, data) =>
                      props.onMapping(setColumn(mapping, kind, f.field, data.optionValue === NO_COLUMN || data.optionValue === undefined ? null : Number(data.optionValue)))
                    }
                  >
                    <Option value={NO_COLUMN}>{t.noColumn}</Option>
                    {headers.map((h) => (
                      <Option key={h.col} value={String(h.col)} text={columnText(h.col)}>
                        {columnText(h.col)}
                      </Option>
                    ))}
                  </Dropdown>
                </Field>
              );
            })}
        </div>
      </AccordionPanel>
    </AccordionItem>
  );
}
