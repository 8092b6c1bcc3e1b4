import { avvik } from "../amounts";
import { CATEGORIES, CATEGORY_TITLES } from "../categorise";
import type { BudgetChange } from "../input";
import { absOre, formatMillions, Ore, subOre } from "../money";
import type { Materiality } from "../settings";
import type { AccountTable, CategoryTable, ProjectTable } from "./tables";

/**
 * Text drafts for the prose under each table, in the fixed form of the published
 * reports: drafted from the figures, for the officer to edit. Pure functions: each
 * returns the sentences of one table, one string per sentence (or list line).
 */

export interface DraftContext {
  readonly year: number;
  readonly chapter: number | undefined;
  readonly agency: string;
  /** The short name ("UKE"); defaults to the agency's initials. */
  readonly agencyShort?: string;
  readonly materiality?: Materiality;
  readonly changes?: readonly BudgetChange[];
}

const mill = (o: Ore) => `${formatMillions(o)} mill.`;
const absMill = (o: Ore) => mill(absOre(o));
/** Ends a sentence with a full stop, not a second one after "mill.". */
const end = (s: string) => (s.endsWith(".") ? s : `${s}.`);

/**
 * The agency's initials: the first letter of each part of its name split at spaces
 * and hyphens, leaving out "og"; a word ending in "etaten" adds the E of "etaten".
 * "Utviklings- og kompetanseetaten" → "UKE", "Plan- og bygningsetaten" → "PBE".
 */
export function agencyInitials(agency: string): string {
  const parts = agency
    .split(/[\s\-–]+/)
    .map((p) => p.replace(/[^\p{L}\p{N}]/gu, ""))
    .filter((p) => p !== "" && p.toLowerCase() !== "og" && p.toLowerCase() !== "i");
  return parts
    .map((p) => {
      const first = p.charAt(0).toUpperCase();
      return /.etaten$/i.test(p) ? `${first}E` : first;
    })
    .join("");
}

/** "Kap. 125 UKE": the chapter and the short name, as the reports start their sentences. */
export function subject(ctx: DraftContext): string {
  const short = ctx.agencyShort?.trim() || agencyInitials(ctx.agency);
  const chapter = ctx.chapter !== undefined ? `Kap. ${ctx.chapter}` : "";
  return [chapter, short].filter(Boolean).join(" ") || "Virksomheten";
}

function shortName(ctx: DraftContext): string {
  return ctx.agencyShort?.trim() || agencyInitials(ctx.agency) || "virksomheten";
}

/** "Kap. 125 UKE viser et positivt avvik på 42,3 mill. i forhold til regulert budsjett." */
export function deviationSentence(avvik: Ore, ctx: DraftContext, what = ""): string {
  const on = what ? ` ${what}` : "";
  if (formatMillions(absOre(avvik)) === "0,0") return `${subject(ctx)} viser ikke noe avvik av betydning${on} i forhold til regulert budsjett (under 0,1 mill.).`;
  return `${subject(ctx)} viser et ${avvik > 0 ? "positivt" : "negativt"} avvik på ${absMill(avvik)}${on} i forhold til regulert budsjett.`;
}

/** "Budsjettet er økt fra 704,6 mill. til 754,5 mill., en økning på 49,9 mill." */
export function budgetChangeSentence(dok3: Ore, regulert: Ore): string {
  const diff = subOre(regulert, dok3);
  if (formatMillions(absOre(diff)) === "0,0") return `Budsjettet er ikke endret av betydning fra Dok. 3 (${mill(dok3)}).`;
  return end(
    diff > 0
      ? `Budsjettet er økt fra ${mill(dok3)} til ${mill(regulert)}, en økning på ${absMill(diff)}`
      : `Budsjettet er redusert fra ${mill(dok3)} til ${mill(regulert)}, en reduksjon på ${absMill(diff)}`,
  );
}

/** "Byrådssak 119/22" → "byrådssak 119/22" inside a sentence; other references as written. */
function sakInSentence(sak: string): string {
  return /^[A-ZÆØÅ][a-zæøå]+(sak|vedtak|melding)\b/.test(sak) ? sak.charAt(0).toLowerCase() + sak.slice(1) : sak;
}

/** One sentence per budget change: "I byrådssak 119/22 fikk UKE tilført 34,5 mill. (Mindreforbruk 2021, …)." */
export function changeSentence(c: BudgetChange, ctx: DraftContext): string {
  const desc = c.description ? ` (${c.description})` : "";
  const project = c.project ? ` til prosjekt ${c.project}` : "";
  if (c.ydisp) return `Ubrukte investeringsmidler fra ${ctx.year - 1} (YDISP) på ${absMill(c.amount)} ble overført${project}.`;
  const where = c.sak ? `I ${sakInSentence(c.sak)}` : "Ved en regulering";
  const who = shortName(ctx);
  return end(
    c.amount >= 0
      ? `${where} fikk ${who} tilført ${absMill(c.amount)}${project}${desc}`
      : `${where} ble ${who}s budsjett redusert med ${absMill(c.amount)}${project.replace(" til ", " på ")}${desc}`,
  );
}

/** Whether a deviation needs an explanation: at or above the threshold (kroner, or percent of regulert budsjett). */
export function isMaterial(avvik: Ore, regulert: Ore, m: Materiality): boolean {
  if (m.kind === "amount") return Math.abs(avvik) >= Math.abs(m.ore) && avvik !== 0;
  return avvik !== 0 && Math.abs(avvik) * 100 >= m.percent * Math.abs(regulert);
}

export function thresholdText(m: Materiality): string {
  return m.kind === "amount" ? mill(m.ore) : `${String(m.percent).replace(".", ",")} % av regulert budsjett`;
}

function materialLines(items: { label: string; avvik: Ore; regulert: Ore }[], m: Materiality | undefined): string[] {
  if (!m) return [];
  const hits = items.filter((i) => isMaterial(i.avvik, i.regulert, m));
  if (hits.length === 0) return [`Ingen avvik er på eller over vesentlighetsgrensen (${thresholdText(m)}).`];
  return [
    `Avvik på eller over vesentlighetsgrensen (${thresholdText(m)}) som må forklares:`,
    ...hits.map((h) => end(`– ${h.label}: ${h.avvik > 0 ? "positivt" : "negativt"} avvik på ${absMill(h.avvik)}`)),
  ];
}

/** Drafts for 3.1 (drift) and 3.3 (investering). */
export function accountDrafts(t: AccountTable, ctx: DraftContext): string[] {
  const netto = t.netto.amounts;
  const out = [deviationSentence(avvik(netto), ctx), budgetChangeSentence(netto.dok3, netto.regulert)];
  for (const c of ctx.changes ?? []) if (c.part === t.part) out.push(changeSentence(c, ctx));
  out.push(
    ...materialLines(
      t.groups.map((r) => ({ label: r.label, avvik: avvik(r.amounts), regulert: r.amounts.regulert })),
      ctx.materiality,
    ),
  );
  return out;
}

/** Drafts for 3.4.1: the total deviation on the projects, and the projects that need an explanation. */
export function projectDrafts(t: ProjectTable, ctx: DraftContext): string[] {
  return [
    deviationSentence(avvik(t.sum), ctx, "på investeringsprosjektene"),
    ...materialLines(
      t.rows.filter((r) => r.parent === null).map((r) => ({ label: `${r.key} ${r.label}`, avvik: avvik(r.amounts), regulert: r.amounts.regulert })),
      ctx.materiality,
    ),
  ];
}

/** Drafts for 3.4.2: one line per category with its sum and its projects. */
export function categoryDrafts(t: CategoryTable): string[] {
  const out: string[] = [];
  for (const c of CATEGORIES) {
    const title = CATEGORY_TITLES[c];
    const projects = t.rows.filter((r) => !r.isParent && r.amounts.split[c] !== 0);
    if (projects.length === 0) {
      out.push(`${title}: ingen prosjekter.`);
      continue;
    }
    const list = projects.map((p) => `${p.label.replace(/^(\d+)-/, "$1 ")} (${mill(p.amounts.split[c])})`).join(", ");
    out.push(`${title}: ${mill(t.sum.split[c])} – ${list}.`);
  }
  return out;
}
