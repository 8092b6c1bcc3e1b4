import { artsgruppe, kostraName, type Part } from "../artsgrupper";
import { at } from "../at";
import { artAmounts, type ArtTotals } from "../aggregate";
import { avvik, sumAmounts } from "../amounts";
import { CATEGORIES, CATEGORY_TITLES } from "../categorise";
import type { Finding, Severity } from "../findings";
import type { BudgetChange } from "../input";
import { addOre, Ore, oreToKronerNumber, roundKroner, subOre, sumBy } from "../money";
import { FINDINGS_SHEET } from "../messages";
import type { Language, Materiality } from "../settings";
import { projectTree, SheetBuilder, ref, sumFormula } from "./builder";
import { ACCOUNT_MEASURES, PROJECT_MEASURES } from "./columns";
import { accountDrafts, categoryDrafts, projectDrafts } from "./drafts";
import { withLayoutMetrics } from "./layout-metrics";
import { AMOUNT_FORMAT, cellArea, CellStyle, ChartModel, SheetModel, TEXT_FORMAT } from "./sheet-model";
import type { AccountRow, AccountTable, CategoryTable, ProjectTable, ReportTables } from "./tables";

/**
 * The layout of the report sheets, as in the published reports (docs/report-tables.md):
 * title, a row of roman column numbers, the header, the rows, footnote and caption.
 * Every sum and deviation is a formula over the cells above, carrying its computed
 * value; amounts are exact kroner shown as whole kroner by the number format.
 */

export interface ReportContext {
  readonly year: number;
  readonly chapter: number | undefined;
  readonly agency: string;
  readonly errorCount: number;
  /** Arter of artsgruppe 7 counted as project cost. */
  readonly internalArter: readonly string[];
  /** For the text drafts under the tables: the short name ("UKE"; default the agency's initials). */
  readonly agencyShort?: string;
  /** For the text drafts: deviations at or above it are listed as needing an explanation. */
  readonly materiality?: Materiality;
  /** For the text drafts: the budget changes, one sentence each. */
  readonly changes?: readonly BudgetChange[];
  /** The language of the Kontroll sheet's words (default Norwegian); the report tables are Norwegian always. */
  readonly language?: Language;
}

const SHEET_NAMES = {
  "3.1": "Tabell 3.1",
  "3.3": "Tabell 3.3",
  "3.4.1": "Tabell 3.4.1",
  "3.4.2": "Tabell 3.4.2",
  findings: "Kontroll",
  regulations: "Reguleringer",
  basis: "Grunnlag",
} as const;

const ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"];
const HEADER_FILL = "DDEBF7";
const SUM_FILL = "F2F2F2";

/** The report sheets' cell styles (the tertial sheets use them too). */
export const S = {
  title: { bold: true, fontSize: 13 } as CellStyle,
  mark: { bold: true, color: "C00000" } as CellStyle,
  roman: { italic: true, align: "center", boxed: true, fill: HEADER_FILL } as CellStyle,
  header: { bold: true, wrap: true, align: "center", boxed: true, fill: HEADER_FILL } as CellStyle,
  headerLeft: { bold: true, wrap: true, align: "left", boxed: true, fill: HEADER_FILL } as CellStyle,
  label: { boxed: true, numberFormat: TEXT_FORMAT } as CellStyle,
  subLabel: { boxed: true, indent: 1, numberFormat: TEXT_FORMAT } as CellStyle,
  amount: { numberFormat: AMOUNT_FORMAT, boxed: true } as CellStyle,
  sumLabel: { bold: true, boxed: true, fill: SUM_FILL, numberFormat: TEXT_FORMAT } as CellStyle,
  sumAmount: { bold: true, numberFormat: AMOUNT_FORMAT, boxed: true, fill: SUM_FILL } as CellStyle,
  text: { boxed: true, numberFormat: TEXT_FORMAT, align: "center" } as CellStyle,
  footnote: { italic: true, fontSize: 9 } as CellStyle,
  caption: { italic: true, bold: true } as CellStyle,
  note: { color: "595959", numberFormat: TEXT_FORMAT } as CellStyle,
  draftHeading: { italic: true, bold: true, color: "7F7F7F", numberFormat: TEXT_FORMAT } as CellStyle,
  draft: { italic: true, color: "7F7F7F", numberFormat: TEXT_FORMAT, wrap: true } as CellStyle,
  noteHeader: { bold: true, color: "595959", wrap: true } as CellStyle,
};

/**
 * Styles made from S that the tables give row after row: one object each, made once, so the
 * report writer works each out once (it knows a style by its object first) and no row makes
 * a style of its own.
 */
const ROW = {
  amountBold: { ...S.amount, bold: true } as CellStyle,
  labelWrap: { ...S.label, wrap: true } as CellStyle,
  labelBoldWrap: { ...S.label, bold: true, wrap: true } as CellStyle,
  subLabelWrap: { ...S.subLabel, wrap: true } as CellStyle,
  noteWrap: { ...S.note, wrap: true } as CellStyle,
  noteCategory: { ...S.note, numberFormat: "0", align: "center" } as CellStyle,
  noteChosen: { ...S.note, bold: true, color: "1F4E79" } as CellStyle,
  count: { boxed: true, numberFormat: "#,##0" } as CellStyle,
};

/** A project row's label: a sub-project indented, a parent in bold, wrapped. */
const projectLabel = (r: { readonly parent: string | null; readonly isParent: boolean }): CellStyle =>
  r.parent !== null ? ROW.subLabelWrap : r.isParent ? ROW.labelBoldWrap : ROW.labelWrap;

export const kroner = (o: Ore) => oreToKronerNumber(o);

export function chapterText(ctx: ReportContext): string {
  return ctx.chapter !== undefined ? `kap. ${ctx.chapter}` : "kapitlet";
}

export function markRow(b: SheetBuilder, ctx: ReportContext, lastCol: number): void {
  if (ctx.errorCount > 0) {
    b.text(1, 0, `UTKAST: ${ctx.errorCount} feil i arket Kontroll er ikke rettet. Tallene kan være feil.`, S.mark);
    b.merge(1, 0, lastCol);
  }
}

const TITLES: Record<Part, string> = { drift: "Driftsregnskap", investering: "Investeringsregnskap" };
const FOOTNOTES: Record<Part, string> = {
  drift: "* Bystyret vedtar kun sum driftsutgifter, sum driftsinntekter og nettoresultat pr. kapittel, jf. Dok 3.",
  investering: "* Bystyret vedtok sum utgifter (sum finansieringsbehov), sum inntekter (sum finansiering) og resultat (netto finansieringsbehov) pr. kapittel",
};

const FIRST_DATA_ROW = 4;

const DRAFT_HEADING = "Utkast til tekst (rediger før bruk)";

/**
 * The text drafts under a table, from `row` on: a grey italic heading, then each
 * sentence in a row of its own, merged across the table and wrapped, written as text.
 */
export function draftRows(b: SheetBuilder, row: number, lastCol: number, sentences: readonly string[]): void {
  if (sentences.length === 0) return;
  b.text(row, 0, DRAFT_HEADING, S.draftHeading);
  sentences.forEach((text, i) => {
    b.text(row + 1 + i, 0, text, S.draft);
    b.merge(row + 1 + i, 0, lastCol);
  });
} // 0-based: title, mark, roman numerals, header

/** Height of a chart in rows (default height, 15 pt each: about 9.5 cm). */
export const CHART_ROWS = 18;

/** A clustered column chart over `rows` (contiguous) of the label column A and the amount columns `columns`. */
function columnChart(title: string, rows: readonly number[], columns: readonly { col: number; name: string }[], anchorRow: number, width: number): ChartModel | null {
  if (rows.length === 0) return null;
  const first = Math.min(...rows);
  const last = Math.max(...rows);
  return {
    kind: "bar",
    title,
    series: columns.map(({ col, name }) => ({ name, categoriesRange: cellArea(first, 0, last, 0), valuesRange: cellArea(first, col, last, col) })),
    anchor: { row: anchorRow, column: 0 },
    size: { rows: CHART_ROWS, columns: width },
  };
}

export function accountSheet(t: AccountTable, ctx: ReportContext): SheetModel {
  const b = new SheetBuilder();
  const y = ctx.year;
  b.text(0, 0, `${TITLES[t.part]} for ${chapterText(ctx)} ${ctx.agency}`.trim(), S.title).merge(0, 0, 5);
  markRow(b, ctx, 5);
  b.text(2, 0, "", S.roman);
  ROMAN.slice(0, 5).forEach((r, i) => b.text(2, i + 1, r, S.roman));
  ["Artsgrupper", `Regnskap ${y}`, `Dok. 3 ${y}*`, `Regulert bud. ${y}`, `Regnskap ${y - 1}`, `Avvik ${y} (III-I)`].forEach((h, i) =>
    b.text(3, i, h, i === 0 ? S.headerLeft : S.header),
  );
  // The rows in the order of the sheet: the expense groups, their sum, the revenue groups, their sum, netto.
  const expenses = t.groups.filter((r) => r.key < "600");
  const revenues = t.groups.filter((r) => r.key >= "600");
  const rowOf = new Map<AccountRow, number>();
  [...expenses, t.sumUtgifter, ...revenues, t.sumInntekter, t.netto].forEach((r, i) => rowOf.set(r, FIRST_DATA_ROW + i));
  const at = (r: AccountRow): number => rowOf.get(r) ?? FIRST_DATA_ROW;
  const groupRows = [expenses.map(at), revenues.map(at)] as const;
  const write = (r: AccountRow, formula: ((col: number) => string) | undefined) => {
    const row = at(r);
    const sum = r.kind !== "group";
    b.text(row, 0, r.label, sum ? S.sumLabel : S.label);
    const style = sum ? S.sumAmount : S.amount;
    // Columns I–IV, then V = III − I.
    ACCOUNT_MEASURES.forEach((m, k) => {
      const value = kroner(r.amounts[m]);
      b.set(row, k + 1, formula ? { value, formula: formula(k + 1), style } : { value, style });
    });
    b.set(row, 5, { value: kroner(avvik(r.amounts)), formula: `${ref(row, 3)}-${ref(row, 1)}`, style });
  };
  for (const r of t.groups) write(r, undefined);
  write(t.sumUtgifter, (col) => sumFormula(col, groupRows[0]));
  write(t.sumInntekter, (col) => sumFormula(col, groupRows[1]));
  write(t.netto, (col) => `${ref(at(t.sumUtgifter), col)}+${ref(at(t.sumInntekter), col)}`);
  const after = FIRST_DATA_ROW + rowOf.size + 1;
  b.text(after, 0, FOOTNOTES[t.part], S.footnote);
  b.text(after + 1, 0, `Tabell ${t.id}: ${TITLES[t.part]}`, S.caption);
  draftRows(b, after + 3, 5, accountDrafts(t, ctx));
  // Charts below the drafts: regnskap against Dok. 3 and regulert budsjett per artsgruppe.
  const columns = [
    { col: 1, name: `Regnskap ${y}` },
    { col: 2, name: `Dok. 3 ${y}` },
    { col: 3, name: `Regulert budsjett ${y}` },
  ];
  const chartRow = b.rowCount + 1;
  const what = t.part === "drift" ? ["Driftsutgifter", "Driftsinntekter"] : ["Investeringsutgifter", "Investeringsinntekter"];
  const charts = [
    columnChart(`${what[0]} ${y} per artsgruppe`, groupRows[0], columns, chartRow, 6),
    columnChart(`${what[1]} ${y} per artsgruppe`, groupRows[1], columns, chartRow + CHART_ROWS + 1, 6),
  ].filter((c): c is ChartModel => c !== null);
  const model = b.build(SHEET_NAMES[t.id], "table", [62, 16, 16, 16, 16, 17], {
    tableId: t.id,
    print: { orientation: "portrait", paperSize: "A4", fitToWidth: true, repeatRows: [3, 4] },
    freezeRows: 4,
  });
  return withLayoutMetrics({ ...model, charts });
}

export function projectSheet(t: ProjectTable, ctx: ReportContext): SheetModel {
  const b = new SheetBuilder();
  const y = ctx.year;
  b.text(0, 0, `Investeringsregnskap på prosjektnivå for ${chapterText(ctx)} ${ctx.agency}`.trim(), S.title).merge(0, 0, 8);
  markRow(b, ctx, 8);
  ROMAN.forEach((r, i) => b.text(2, i, r, S.roman));
  [
    "Prosjektnavn",
    "Prosjektnummer",
    "Artsgruppe",
    "Bystyrevedtatt ferdig",
    "Faktisk/forventet ferdig",
    `Dok 3 ${y}*`,
    `Reg.budsj. ${y} (inkl. y.disp. fra ${y - 1})*`,
    `Regnskap ${y}*${ctx.internalArter.length ? "*" : ""}`,
    "Avvik (VII-VIII)",
  ].forEach((h, i) => b.text(3, i, h, i === 0 ? S.headerLeft : S.header));
  // The register's comments, beside the table (not printed): material for the explanations.
  const hasComments = t.rows.some((r) => r.comment !== "");
  if (hasComments) b.text(3, 10, "Kommentar (fra prosjektregisteret)", S.noteHeader);
  const { topRows, children } = projectTree(t.rows, FIRST_DATA_ROW);
  t.rows.forEach((r, i) => {
    const row = FIRST_DATA_ROW + i;
    const style = r.isParent ? ROW.amountBold : S.amount;
    b.text(row, 0, r.label, projectLabel(r));
    b.text(row, 1, r.key.replace(/-0$/, ""), S.text);
    b.text(row, 2, r.groups, S.text);
    b.text(row, 3, r.vedtattFerdig, S.text);
    b.text(row, 4, r.forventetFerdig, S.text);
    // Columns VI–VIII, then IX = VII − VIII.
    PROJECT_MEASURES.forEach((m, k) => {
      const value = kroner(r.amounts[m]);
      if (r.isParent) b.set(row, 5 + k, { value, formula: sumFormula(5 + k, children.get(r.key) ?? []), style });
      else b.set(row, 5 + k, { value, style });
    });
    b.set(row, 8, { value: kroner(avvik(r.amounts)), formula: `${ref(row, 6)}-${ref(row, 7)}`, style });
    if (r.comment) b.text(row, 10, r.comment, ROW.noteWrap);
  });
  const sumRow = FIRST_DATA_ROW + t.rows.length;
  b.text(sumRow, 0, `Sum ${ctx.chapter !== undefined ? `kap.${ctx.chapter}` : "kapitlet"}`, S.sumLabel);
  for (let c = 1; c < 5; c++) b.text(sumRow, c, "", S.sumLabel);
  PROJECT_MEASURES.forEach((m, k) => b.set(sumRow, 5 + k, { value: kroner(t.sum[m]), formula: sumFormula(5 + k, topRows), style: S.sumAmount }));
  b.set(sumRow, 8, { value: kroner(avvik(t.sum)), formula: `${ref(sumRow, 6)}-${ref(sumRow, 7)}`, style: S.sumAmount });
  let note = sumRow + 2;
  b.text(note++, 0, "* Budsjett- og regnskapstall skal kun være sum investeringsutgifter, dvs. sum artsgruppene 000-599", S.footnote);
  if (ctx.internalArter.length)
    b.text(
      note++,
      0,
      `**Tallene i tabellen inkluderer kostnader knyttet til interne transaksjoner i virksomheten for å få frem korrekt kostnadsbilde (gjelder ${ctx.internalArter.length} arter i artsgruppe 7)`,
      S.footnote,
    );
  b.text(note, 0, "Tabell 3.4.1: Investeringsregnskap på prosjektnivå", S.caption);
  draftRows(b, note + 2, 8, projectDrafts(t, ctx));
  return withLayoutMetrics(
    b.build(SHEET_NAMES["3.4.1"], "table", [50, 15, 17, 14, 14, 14, 16, 14, 14, ...(hasComments ? [2, 60] : [])], {
      tableId: "3.4.1",
      print: { orientation: "landscape", paperSize: "A4", fitToWidth: true, repeatRows: [3, 4] },
      freezeRows: 4,
    }),
  );
}

const SOURCE_TEXT = { suggested: "Forslag", override: "Overstyrt", split: "Fordelt" } as const;

export function categorySheet(t: CategoryTable, ctx: ReportContext): SheetModel {
  const b = new SheetBuilder();
  b.text(0, 0, `Kategorisering av avvik for ${chapterText(ctx)} ${ctx.agency}`.trim(), S.title).merge(0, 0, 5);
  markRow(b, ctx, 5);
  ["Prosjekt", ...CATEGORIES.map((c) => CATEGORY_TITLES[c]), "Sum prosjekt"].forEach((h, i) => b.text(3, i, h, i === 0 ? S.headerLeft : S.header));
  // The officer's working columns, beside the report table.
  ["Foreslått kategori", "Begrunnelse", "Valg"].forEach((h, i) => b.text(3, 7 + i, h, S.noteHeader));
  const { topRows, children } = projectTree(t.rows, FIRST_DATA_ROW);
  t.rows.forEach((r, i) => {
    const row = FIRST_DATA_ROW + i;
    const style = r.isParent ? ROW.amountBold : S.amount;
    b.text(row, 0, r.label, projectLabel(r));
    // Columns kategori 1–4 (column 1 + c − 1), then Sum prosjekt.
    for (const c of CATEGORIES) {
      const value = kroner(r.amounts.split[c]);
      if (r.isParent) b.set(row, c, { value, formula: sumFormula(c, children.get(r.key) ?? []), style });
      else b.set(row, c, { value, style });
    }
    b.set(row, 5, { value: kroner(r.amounts.total), formula: `SUM(${ref(row, 1)}:${ref(row, 4)})`, style });
    const applied = r.applied;
    if (r.suggested !== null && applied) {
      b.set(row, 7, { value: r.suggested, style: ROW.noteCategory });
      b.text(row, 8, r.reason, S.note);
      const chosen =
        applied.source === "override" ? `Overstyrt: kategori ${CATEGORIES.find((c) => applied.split[c] !== 0) ?? 0} (forslag ${r.suggested})` : SOURCE_TEXT[applied.source];
      b.text(row, 9, chosen, applied.source === "suggested" ? S.note : ROW.noteChosen);
    }
  });
  const sumRow = FIRST_DATA_ROW + t.rows.length;
  b.text(sumRow, 0, "Sum", S.sumLabel);
  for (const c of CATEGORIES) b.set(sumRow, c, { value: kroner(t.sum.split[c]), formula: sumFormula(c, topRows), style: S.sumAmount });
  b.set(sumRow, 5, { value: kroner(t.sum.total), formula: `SUM(${ref(sumRow, 1)}:${ref(sumRow, 4)})`, style: S.sumAmount });
  b.text(sumRow + 2, 0, "Tabell 3.4.2: Kategorisering avvik", S.caption);
  draftRows(b, sumRow + 4, 5, categoryDrafts(t));
  // The four categories' sums, below the drafts.
  const chart: ChartModel = {
    kind: "bar",
    title: `Avvik ${ctx.year} per kategori`,
    series: [{ name: "Avvik", categoriesRange: cellArea(3, 1, 3, 4), valuesRange: cellArea(sumRow, 1, sumRow, 4) }],
    anchor: { row: b.rowCount + 1, column: 0 },
    size: { rows: CHART_ROWS + 2, columns: 6 },
    // The landscape table and its drafts fill the page: the chart goes on a page of its own.
    pageBreakBefore: true,
  };
  const model = b.build(SHEET_NAMES["3.4.2"], "table", [56, 21, 21, 21, 21, 16, 2, 11, 60, 30], {
    tableId: "3.4.2",
    print: { orientation: "landscape", paperSize: "A4", fitToWidth: true, repeatRows: [4, 4] },
    freezeRows: 4,
  });
  return withLayoutMetrics({ ...model, charts: [chart] });
}

const SEVERITY_COLOR: Record<Severity, string> = { error: "C00000", warning: "9C5700", info: "1F4E79" };
/** The severity column's style, one object per severity (made once, as ROW's). */
const SEVERITY_STYLE = Object.fromEntries(Object.entries(SEVERITY_COLOR).map(([severity, color]) => [severity, { boxed: true, bold: true, color }])) as Record<Severity, CellStyle>;

export function findingsSheet(findings: readonly Finding[], ctx: ReportContext): SheetModel {
  const b = new SheetBuilder();
  const words = FINDINGS_SHEET[ctx.language ?? "nb"];
  b.text(0, 0, words.title({ chapter: ctx.chapter, agency: ctx.agency, year: ctx.year }), S.title);
  const counts = { error: 0, warning: 0, info: 0 };
  findings.forEach((f) => counts[f.severity]++);
  b.text(1, 0, words.counts(counts), counts.error ? S.mark : {});
  words.headers.forEach((h, i) => b.text(3, i, h, i === 4 ? S.headerLeft : S.header));
  findings.forEach((f, i) => {
    const row = FIRST_DATA_ROW + i;
    b.text(row, 0, words.severity[f.severity], SEVERITY_STYLE[f.severity]);
    b.text(row, 1, f.code, S.label);
    b.text(row, 2, f.sheet, S.label);
    b.text(row, 3, f.cell, S.label);
    b.text(row, 4, f.message, ROW.labelWrap);
    b.set(row, 5, { value: f.amount !== undefined ? kroner(f.amount) : null, style: S.amount });
    b.set(row, 6, { value: f.count ?? null, style: ROW.count });
  });
  return withLayoutMetrics(
    b.build(SHEET_NAMES.findings, "findings", [12, 30, 14, 9, 90, 16, 9], {
      print: { orientation: "landscape", paperSize: "A4", fitToWidth: true, repeatRows: [4, 4] },
      freezeRows: 4,
    }),
  );
}

export function regulationsSheet(tables: ReportTables, changes: readonly BudgetChange[], ctx: ReportContext): SheetModel {
  const b = new SheetBuilder();
  b.text(0, 0, `Budsjettreguleringer ${ctx.year} for ${chapterText(ctx)} ${ctx.agency}`.trim(), S.title);
  ["Del", "Sak", "Dato", "Type", "Prosjekt", "Beskrivelse", "Beløp"].forEach((h, i) => b.text(2, i, h, i === 5 ? S.headerLeft : S.header));
  let row = 3;
  for (const part of ["drift", "investering"] as const) {
    const netto = tables[part === "drift" ? "3.1" : "3.3"].netto.amounts;
    const partName = part === "drift" ? "Drift" : "Investering";
    const start = row;
    b.text(row, 0, partName, S.sumLabel);
    b.text(row, 5, `Dok. 3 ${part === "drift" ? "netto driftsresultat" : "netto finansieringsbehov"}`, S.sumLabel);
    b.set(row, 6, { value: kroner(netto.dok3), style: S.sumAmount });
    row++;
    const first = row;
    for (const c of changes.filter((x) => x.part === part)) {
      b.text(row, 0, partName, S.label);
      b.text(row, 1, c.sak, S.label);
      b.text(row, 2, c.date, S.label);
      b.text(row, 3, c.ydisp ? "YDISP" : "Regulering", S.label);
      b.text(row, 4, c.project ?? "", S.label);
      b.text(row, 5, c.description, S.label);
      b.set(row, 6, { value: kroner(c.amount), style: S.amount });
      row++;
    }
    const changeRows = Array.from({ length: row - first }, (_, i) => first + i);
    const explained = sumBy(
      changes.filter((x) => x.part === part),
      (c) => c.amount,
    );
    b.text(row, 5, "Dok. 3 + reguleringer", S.sumLabel);
    b.set(row, 6, { value: kroner(addOre(netto.dok3, explained)), formula: `${ref(start, 6)}+${changeRows.length ? sumFormula(6, changeRows) : "0"}`, style: S.sumAmount });
    const computed = row++;
    b.text(row, 5, "Regulert budsjett (fra Budsjett)", S.sumLabel);
    b.set(row, 6, { value: kroner(netto.regulert), style: S.sumAmount });
    const actual = row++;
    const rest = subOre(subOre(netto.regulert, netto.dok3), explained);
    b.text(row, 5, "Uforklart rest", roundKroner(rest) !== 0 ? { ...S.sumLabel, color: "C00000" } : S.sumLabel);
    b.set(row, 6, { value: kroner(rest), formula: `${ref(actual, 6)}-${ref(computed, 6)}`, style: S.sumAmount });
    row += 2;
  }
  return withLayoutMetrics(
    b.build(SHEET_NAMES.regulations, "regulations", [12, 22, 12, 12, 11, 58, 16], {
      print: { orientation: "landscape", paperSize: "A4", fitToWidth: true, repeatRows: [3, 3] },
    }),
  );
}

/**
 * The basis of tables 3.1 and 3.3: each artsgruppe row broken down per art, with the
 * ledger lines behind it and the first of them, so every figure can be followed to its
 * source rows. Each group's sum row is a formula and equals the table's row.
 */
/** Arts are three-digit texts: their order is the characters', without a locale's collation (which costs a tenth of a ms a call). */
const ordinal = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function basisSheet(arter: Iterable<ArtTotals>, ctx: ReportContext): SheetModel {
  const b = new SheetBuilder();
  const y = ctx.year;
  b.text(0, 0, `Grunnlag for tabell 3.1 og 3.3: regnskap og budsjett per art, ${chapterText(ctx)} ${ctx.agency} ${y}`.replace(/\s+/g, " ").trim(), S.title);
  b.text(1, 0, "Summen for hver artsgruppe er raden i tabell 3.1 (drift) eller 3.3 (investering). Linjer som er utelatt fra tabellene, står i Kontroll.", S.note);
  ["Del", "Artsgruppe", "Art", "Navn", `Regnskap ${y}`, `Dok. 3 ${y}`, `Regulert bud. ${y}`, `Regnskap ${y - 1}`, "Linjer i regnskapet", "Første linje"].forEach((h, i) =>
    b.text(3, i, h, i === 3 ? S.headerLeft : S.header),
  );
  const sorted = [...arter].sort((a, c) => (a.part === c.part ? 0 : a.part === "drift" ? -1 : 1) || a.group - c.group || ordinal(a.art ?? "", c.art ?? ""));
  // Runs of the same part and artsgruppe, each followed by its sum row.
  const runs: ArtTotals[][] = [];
  for (const a of sorted) {
    const last = runs.at(-1);
    const head = last?.[0];
    if (last && head && head.part === a.part && head.group === a.group) last.push(a);
    else runs.push([a]);
  }
  let row = FIRST_DATA_ROW;
  for (const members of runs) {
    const head = at(members, 0, "art");
    const { part, group } = head;
    const key = artsgruppe(group).key;
    const start = row;
    for (const a of members) {
      b.text(row, 0, part === "drift" ? "Drift" : "Investering", S.label);
      b.text(row, 1, key, S.text);
      b.text(row, 2, a.art ?? "", S.text);
      b.text(row, 3, a.art ? (kostraName(a.art) ?? "(ikke i KOSTRA-kontoplanen)") : "(ført på artsgruppen)", S.label);
      const amounts = artAmounts(a);
      ACCOUNT_MEASURES.forEach((m, k) => b.set(row, 4 + k, { value: kroner(amounts[m]), style: S.amount }));
      b.set(row, 8, { value: a.lines, style: { boxed: true, numberFormat: "#,##0" } });
      b.text(row, 9, a.first ? `${a.first.sheet}!${a.first.cell}` : "", S.label);
      row++;
    }
    const rows = Array.from({ length: row - start }, (_, k) => start + k);
    b.text(row, 0, part === "drift" ? "Drift" : "Investering", S.sumLabel);
    b.text(row, 1, key, S.sumLabel);
    b.text(row, 2, "", S.sumLabel);
    b.text(row, 3, `Sum ${key} (tabell ${part === "drift" ? "3.1" : "3.3"})`, S.sumLabel);
    const total = sumAmounts(members.map(artAmounts));
    ACCOUNT_MEASURES.forEach((m, k) => b.set(row, 4 + k, { value: kroner(total[m]), formula: sumFormula(4 + k, rows), style: S.sumAmount }));
    b.set(row, 8, { value: members.reduce((sum, a) => sum + a.lines, 0), formula: sumFormula(8, rows), style: { ...S.sumAmount, numberFormat: "#,##0" } });
    b.text(row, 9, "", S.sumLabel);
    row += 2;
  }
  return withLayoutMetrics(
    b.build(SHEET_NAMES.basis, "basis", [12, 11, 6, 58, 16, 16, 16, 16, 11, 16], {
      print: { orientation: "landscape", paperSize: "A4", fitToWidth: true, repeatRows: [4, 4] },
      freezeRows: 4,
    }),
  );
}
