import type { Part } from "../artsgrupper";
import { CATEGORY_TITLES } from "../categorise";
import { projectTree, SheetBuilder, ref, sumFormula } from "../report/builder";
import { withLayoutMetrics } from "../report/layout-metrics";
import { CHART_ROWS, chapterText, draftRows, kroner, markRow, type ReportContext, S } from "../report/sheets";
import { cellArea, type CellStyle, type ChartModel, type SheetModel } from "../report/sheet-model";
import type { ForecastMethod } from "./forecast";
import { addOre, ore, type Ore } from "../money";
import { tertialAccountDrafts, tertialProjectDrafts } from "./drafts";
import { MONTH_SHORT, periodEnd, periodEndShort, periodName, type ReportPeriod } from "./period";
import type { MonthSeries, TertialAccountRow, TertialAccountTable, TertialProjectTable, TertialTables } from "./tables";

/**
 * The tertial sheets (docs/tertial.md): laid out as the annual tables, with live formulas
 * for sums, forbruk and deviations. The forecast cells are figures the officer may
 * overwrite in the sheet; the deviations and sums follow.
 */

export const TERTIAL_SHEET_NAMES = { drift: "Tertial Drift", investering: "Tertial Investering", projects: "Tertial Prosjekter" } as const;

const TITLES: Record<Part, string> = { drift: "Driftsregnskap", investering: "Investeringsregnskap" };
const PERCENT: CellStyle = { numberFormat: "0.0 %", boxed: true, align: "right" };
const PERCENT_SUM: CellStyle = { ...PERCENT, bold: true, fill: "F2F2F2" };
const FIRST_DATA_ROW = 4;

const METHOD_TEXT: Record<ForecastMethod, string> = {
  officer: "Virksomhetens prognose",
  seasonal: "Sesong (som i fjor)",
  linear: "Lineær",
  budget: "Regulert budsjett",
};

/** "Sesong (56,3 % i fjor)": the method, with last year's share for a seasonal forecast. */
export function methodText(method: ForecastMethod | null, share?: number): string {
  if (method === null) return "";
  if (method === "seasonal" && share !== undefined) return `Sesong (${(Math.round(share * 1000) / 10).toFixed(1).replace(".", ",")} % i fjor)`;
  return METHOD_TEXT[method];
}

const forbruk = (row: number) => `IF(${ref(row, 1)}=0,"",${ref(row, 2)}/${ref(row, 1)})`;
const share = (hittil: number, regulert: number) => (regulert === 0 ? null : hittil / regulert);

function heading(b: SheetBuilder, title: string, ctx: ReportContext, period: ReportPeriod, last: number): void {
  b.text(0, 0, `${title} for ${chapterText(ctx)} ${ctx.agency}, ${periodName(period)}`.replace(/\s+/g, " ").trim(), S.title).merge(0, 0, last);
  markRow(b, ctx, last);
  b.text(2, 0, `Regnskap per ${periodEnd(period)}. Prognosen er for hele ${period.year}; avviket er regulert budsjett minus prognose (positivt: mindreforbruk).`, S.footnote);
}

/** The month block under a table and its line chart: netto regnskap per month, accumulated, this year and last, against the regulert budsjett. */
function monthBlock(b: SheetBuilder, start: number, series: MonthSeries, period: ReportPeriod, budgetCell: string): ChartModel {
  const y = period.year;
  ["Måned", `Regnskap ${y} (akkumulert)`, `Regnskap ${y - 1} (akkumulert)`, `Regulert budsjett ${y}`].forEach((h, i) => b.text(start, i, h, i === 0 ? S.headerLeft : S.header));
  let acc = ore(0);
  let accFjor = ore(0);
  for (let m = 0; m < 12; m++) {
    const row = start + 1 + m;
    const v = series.year[m];
    accFjor = addOre(accFjor, series.lastYear[m] ?? ore(0));
    b.text(row, 0, MONTH_SHORT[m]!, S.label);
    // The months after the period stay empty (no cell at all), so the line of the year stops there.
    if (v !== null && v !== undefined) {
      acc = addOre(acc, v);
      b.set(row, 1, { value: kroner(acc), style: S.amount });
    }
    b.set(row, 2, { value: kroner(accFjor), style: S.amount });
    b.set(row, 3, { value: kroner(series.regulert), formula: budgetCell, style: S.amount });
  }
  const first = start + 1;
  const last = start + 12;
  const names = [`Regnskap ${y}`, `Regnskap ${y - 1}`, `Regulert budsjett ${y}`];
  return {
    kind: "line",
    title: `${series.part === "drift" ? "Netto drift" : "Netto investering"}: regnskap per måned (akkumulert) mot budsjettet`,
    series: names.map((name, i) => ({ name, categoriesRange: cellArea(first, 0, last, 0), valuesRange: cellArea(first, i + 1, last, i + 1) })),
    anchor: { row: last + 2, column: 0 },
    size: { rows: CHART_ROWS, columns: 6 },
    pageBreakBefore: true,
  };
}

function tertialAccountSheet(t: TertialAccountTable, series: MonthSeries, period: ReportPeriod, ctx: ReportContext): SheetModel {
  const b = new SheetBuilder();
  const y = period.year;
  const last = 7;
  heading(b, `Tertialrapport: ${TITLES[t.part].toLowerCase()}`, ctx, period, last);
  [
    "Artsgrupper",
    `Regulert bud. ${y}`,
    `Regnskap per ${periodEndShort(period)}`,
    "Forbruk i % av regulert",
    `Prognose ${y}`,
    "Forventet avvik (B-E)",
    `Regnskap per ${periodEndShort(period)}.${y - 1}`,
    "Prognosemetode",
  ].forEach((h, i) => b.text(3, i, h, i === 0 ? S.headerLeft : S.header));
  const rowOf = new Map<string, number>();
  const groupRows: number[][] = [[], []];
  const amountCols: { col: number; of: (r: TertialAccountRow) => Ore }[] = [
    { col: 1, of: (r) => r.amounts.regulert },
    { col: 2, of: (r) => r.amounts.hittil },
    { col: 4, of: (r) => r.amounts.prognose },
    { col: 6, of: (r) => r.amounts.hittilFjor },
  ];
  t.rows.forEach((r, i) => {
    const row = FIRST_DATA_ROW + i;
    rowOf.set(r.key, row);
    const sum = r.kind !== "group";
    b.text(row, 0, r.label, sum ? S.sumLabel : S.label);
    const style = sum ? S.sumAmount : S.amount;
    if (r.kind === "group") groupRows[r.key < "600" ? 0 : 1]!.push(row);
    for (const { col, of } of amountCols) {
      const value = kroner(of(r));
      if (r.kind === "group") b.set(row, col, { value, style });
      else if (r.key === "sumUtgifter") b.set(row, col, { value, formula: sumFormula(col, groupRows[0]!), style });
      else if (r.key === "sumInntekter") b.set(row, col, { value, formula: sumFormula(col, groupRows[1]!), style });
      else b.set(row, col, { value, formula: `${ref(rowOf.get("sumUtgifter")!, col)}+${ref(rowOf.get("sumInntekter")!, col)}`, style });
    }
    b.set(row, 3, { value: share(r.amounts.hittil, r.amounts.regulert), formula: forbruk(row), style: sum ? PERCENT_SUM : PERCENT });
    b.set(row, 5, { value: kroner(r.amounts.avvik), formula: `${ref(row, 1)}-${ref(row, 4)}`, style });
    b.text(row, 7, methodText(r.method, r.share), sum ? S.sumLabel : { ...S.label, wrap: true });
  });
  const after = FIRST_DATA_ROW + t.rows.length + 1;
  b.text(after, 0, `Tabell: ${TITLES[t.part]} ${periodName(period)}, prognose for ${y}`, S.caption);
  draftRows(b, after + 2, last, tertialAccountDrafts(t, period, { ...ctx, year: y }));
  const nettoRow = rowOf.get("netto")!;
  const chart = monthBlock(b, b.rowCount + 1, series, period, ref(nettoRow, 1).replace(/^([A-Z]+)(\d+)$/, "$$$1$$$2"));
  const model = b.build(TERTIAL_SHEET_NAMES[t.part], "table", [62, 16, 16, 13, 16, 16, 16, 30], {
    print: { orientation: "landscape", paperSize: "A4", fitToWidth: true, repeatRows: [4, 4] },
    freezeRows: 4,
  });
  return withLayoutMetrics({ ...model, charts: [chart] });
}

function tertialProjectSheet(t: TertialProjectTable, period: ReportPeriod, ctx: ReportContext): SheetModel {
  const b = new SheetBuilder();
  const y = period.year;
  const last = 8;
  heading(b, "Tertialrapport: investeringsprosjekter", ctx, period, last);
  [
    "Prosjekt",
    `Regulert bud. ${y}`,
    `Regnskap per ${periodEndShort(period)}`,
    "Forbruk i % av regulert",
    `Prognose ${y}`,
    "Forventet avvik (B-E)",
    "Forventet ferdig",
    "Foreslått kategori for avviket",
    "Prognosemetode",
  ].forEach((h, i) => b.text(3, i, h, i === 0 ? S.headerLeft : S.header));
  const { topRows, children } = projectTree(t.rows, FIRST_DATA_ROW);
  t.rows.forEach((r, i) => {
    const row = FIRST_DATA_ROW + i;
    const style = r.isParent ? { ...S.amount, bold: true } : S.amount;
    const nr = r.key.replace(/-0$/, "");
    b.text(row, 0, `${nr}-${r.label}`, { ...(r.parent !== null ? S.subLabel : r.isParent ? { ...S.label, bold: true } : S.label), wrap: true });
    const cols: [number, Ore][] = [
      [1, r.amounts.regulert],
      [2, r.amounts.hittil],
      [4, r.amounts.prognose],
    ];
    for (const [col, v] of cols) {
      if (r.isParent) b.set(row, col, { value: kroner(v), formula: sumFormula(col, children.get(r.key) ?? []), style });
      else b.set(row, col, { value: kroner(v), style });
    }
    b.set(row, 3, { value: share(r.amounts.hittil, r.amounts.regulert), formula: forbruk(row), style: r.isParent ? { ...PERCENT, bold: true } : PERCENT });
    b.set(row, 5, { value: kroner(r.amounts.avvik), formula: `${ref(row, 1)}-${ref(row, 4)}`, style });
    b.text(row, 6, r.forventetFerdig, S.text);
    b.text(row, 7, r.suggested ? CATEGORY_TITLES[r.suggested] : "", { ...S.label, wrap: true });
    b.text(row, 8, methodText(r.method, r.share), { ...S.label, wrap: true });
  });
  const sumRow = FIRST_DATA_ROW + t.rows.length;
  b.text(sumRow, 0, `Sum ${ctx.chapter !== undefined ? `kap.${ctx.chapter}` : "kapitlet"}`, S.sumLabel);
  const sums: [number, Ore][] = [
    [1, t.sum.regulert],
    [2, t.sum.hittil],
    [4, t.sum.prognose],
  ];
  for (const [col, v] of sums) b.set(sumRow, col, { value: kroner(v), formula: sumFormula(col, topRows), style: S.sumAmount });
  b.set(sumRow, 3, { value: share(t.sum.hittil, t.sum.regulert), formula: forbruk(sumRow), style: PERCENT_SUM });
  b.set(sumRow, 5, { value: kroner(t.sum.avvik), formula: `${ref(sumRow, 1)}-${ref(sumRow, 4)}`, style: S.sumAmount });
  for (const c of [6, 7, 8]) b.text(sumRow, c, "", S.sumLabel);
  b.text(sumRow + 2, 0, `Tabell: Investeringsprosjekter ${periodName(period)}, prognose for ${y}`, S.caption);
  draftRows(b, sumRow + 4, last, tertialProjectDrafts(t, period, { ...ctx, year: y }));
  return withLayoutMetrics(
    b.build(TERTIAL_SHEET_NAMES.projects, "table", [50, 16, 16, 13, 16, 16, 14, 34, 30], {
      print: { orientation: "landscape", paperSize: "A4", fitToWidth: true, repeatRows: [4, 4] },
      freezeRows: 4,
    }),
  );
}

/** The three tertial sheets. */
export function tertialSheets(t: TertialTables, ctx: ReportContext): SheetModel[] {
  return [
    tertialAccountSheet(t.drift, t.months.drift, t.period, ctx),
    tertialAccountSheet(t.investering, t.months.investering, t.period, ctx),
    tertialProjectSheet(t.projects, t.period, ctx),
  ];
}
