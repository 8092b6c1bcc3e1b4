import type { Part } from "../artsgrupper";
import { formatMillions, type Ore } from "../money";
import { type DraftContext, isMaterial, thresholdText } from "../report/drafts";
import { periodEndShort, type ReportPeriod } from "./period";
import type { TertialAccountTable, TertialAmounts, TertialProjectTable } from "./tables";

/**
 * The standard sentences of a tertial report, drafted from the figures for the officer to
 * edit: "Per 31.08 viser kapittel 125 et forventet mindreforbruk på 4,2 mill. kroner i drift."
 */

const mill = (o: number) => `${formatMillions(Math.abs(o) as Ore)} mill. kroner`;
const PART_WORDS: Record<Part, string> = { drift: "i drift", investering: "i investering" };

function chapterWords(ctx: DraftContext): string {
  return ctx.chapter !== undefined ? `kapittel ${ctx.chapter}` : "kapitlet";
}

/** "Per 31.08 viser kapittel 125 et forventet mindreforbruk på 4,2 mill. kroner i drift." */
function expectedDeviationSentence(avvik: number, period: ReportPeriod, ctx: DraftContext, what: string): string {
  const per = `Per ${periodEndShort(period)} viser ${chapterWords(ctx)}`;
  if (formatMillions(Math.abs(avvik) as Ore) === "0,0") return `${per} ikke noe forventet avvik av betydning ${what} (under 0,1 mill. kroner).`;
  return `${per} et forventet ${avvik > 0 ? "mindreforbruk" : "merforbruk"} på ${mill(avvik)} ${what}.`;
}

/** "Regnskapet per 31.08 er 412,3 mill. kroner, 61,2 % av regulert budsjett (58,0 % på samme tid i fjor)." */
function spendingSentence(a: TertialAmounts, period: ReportPeriod): string {
  const share = a.regulert !== 0 ? ` (${percent(a.hittil / a.regulert)} av regulert budsjett)` : "";
  return `Regnskapet per ${periodEndShort(period)} er ${mill(a.hittil)}${share}; samme tid i fjor ${mill(a.hittilFjor)}.`;
}

function percent(x: number): string {
  return `${(Math.round(x * 1000) / 10).toFixed(1).replace(".", ",")} %`;
}

/** The rows whose expected deviation is at or above the materiality: listed for an explanation. */
function materialForecastLines(items: readonly { label: string; amounts: TertialAmounts }[], ctx: DraftContext): string[] {
  const m = ctx.materiality;
  if (!m) return [];
  const hits = items.filter((i) => isMaterial(i.amounts.avvik, i.amounts.regulert, m));
  if (hits.length === 0) return [`Ingen forventede avvik er på eller over vesentlighetsgrensen (${thresholdText(m)}).`];
  return [
    `Forventede avvik på eller over vesentlighetsgrensen (${thresholdText(m)}) som må forklares:`,
    ...hits.map((h) => `– ${h.label}: forventet ${h.amounts.avvik > 0 ? "mindreforbruk" : "merforbruk"} på ${mill(h.amounts.avvik)}.`),
  ];
}

export function tertialAccountDrafts(t: TertialAccountTable, period: ReportPeriod, ctx: DraftContext): string[] {
  const netto = t.rows.find((r) => r.kind === "netto");
  if (!netto) return [];
  return [
    expectedDeviationSentence(netto.amounts.avvik, period, ctx, PART_WORDS[t.part]),
    spendingSentence(netto.amounts, period),
    ...materialForecastLines(
      t.rows.filter((r) => r.kind === "group"),
      ctx,
    ),
  ];
}

export function tertialProjectDrafts(t: TertialProjectTable, period: ReportPeriod, ctx: DraftContext): string[] {
  return [
    expectedDeviationSentence(t.sum.avvik, period, ctx, "på investeringsprosjektene"),
    ...materialForecastLines(
      t.rows.filter((r) => r.parent === null).map((r) => ({ label: `${r.key} ${r.label}`, amounts: r.amounts })),
      ctx,
    ),
  ];
}
