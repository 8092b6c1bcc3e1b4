import { ARTSGRUPPER, FIRST_REVENUE_GROUP, groupOfArt, Part, PARTS } from "./artsgrupper";
import type { Aggregates, LeftOutReason } from "./aggregate";
import { splitMismatch } from "./categorise";
import { finding, Finding } from "./findings";
import { cellAddress } from "./cells";
import { T } from "./messages";
import type { BudgetChange, RegisteredProject } from "./input";
import { avvik, type Amounts, type Measure } from "./amounts";
import { CATEGORIES } from "./categorise";
import { ore, Ore, roundKroner, subOre, sumBy, sumOre } from "./money";
import { formatNorwegian } from "./norwegian-number";
import type { AccountSumKey, AccountTable, ReportTables } from "./report/tables";
import type { Settings } from "./settings";

/**
 * The checks of docs/checks.md that look at the whole input: one small function each,
 * all registered in CHECKS and run by runChecks. Cell-level input checks happen while
 * reading (input.ts, aggregate.ts), where the cell is at hand.
 */
export interface CheckContext {
  readonly year: number;
  readonly chapter: number | undefined;
  readonly settings: Settings;
  readonly agg: Aggregates;
  readonly register: ReadonlyMap<string, RegisteredProject>;
  readonly registerSheet: string | undefined;
  readonly changes: readonly BudgetChange[];
  readonly changesSheet: string | undefined;
  readonly tables: ReportTables;
  readonly ledgerSheet: string;
  readonly budgetSheet: string | undefined;
  readonly oppsettSheet: string | undefined;
  /** Adopted figure's key → its Verdi cell in the Oppsett sheet. */
  readonly adoptedCells?: Readonly<Record<string, string>>;
}

const kr = (o: Ore) => `${formatNorwegian(o)} kr`;

const accountTable = (ctx: CheckContext, part: Part): AccountTable => ctx.tables[part === "drift" ? "3.1" : "3.3"];

function checkYearOutside(ctx: CheckContext): Finding[] {
  const t = ctx.agg.leftOut.get("year");
  if (!t) return [];
  return [
    finding("YEAR_OUTSIDE", ctx.ledgerSheet, t.first?.cell ?? "", T.yearOutside({ count: t.count, sheet: ctx.ledgerSheet, year: ctx.year, total: kr(ore(t.ore)) }), {
      count: t.count,
      amount: ore(t.ore),
    }),
  ];
}

function checkOtherChapters(ctx: CheckContext): Finding[] {
  return [...ctx.agg.otherChapters].map(([chapter, t]) =>
    finding(
      "CHAPTER_OTHER",
      t.first?.sheet ?? ctx.ledgerSheet,
      t.first?.cell ?? "",
      T.chapterOther({ count: t.count, chapter, wanted: ctx.chapter, total: t.ore ? kr(ore(t.ore)) : undefined }),
      { count: t.count, amount: ore(t.ore) },
    ),
  );
}

function checkKostraArter(ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  for (const [art, t] of ctx.agg.unknownArter)
    out.push(finding("ART_UNKNOWN", t.first!.sheet, t.first!.cell, T.artUnknown({ art, count: t.count, first: `${t.first!.sheet}!${t.first!.cell}` }), { count: t.count }));
  for (const [key, t] of ctx.agg.wrongPartArter) {
    const art = key.slice(key.indexOf("|") + 1);
    out.push(
      finding("ART_WRONG_PART", t.first!.sheet, t.first!.cell, T.artWrongPart({ art, part: t.part, count: t.count, first: `${t.first!.sheet}!${t.first!.cell}` }), {
        count: t.count,
      }),
    );
  }
  return out;
}

const ADOPTED: readonly { part: Part; key: keyof NonNullable<Settings["adopted"]>; row: AccountSumKey }[] = [
  { part: "drift", key: "driftUtgifter", row: "sumUtgifter" },
  { part: "drift", key: "driftInntekter", row: "sumInntekter" },
  { part: "drift", key: "driftNetto", row: "netto" },
  { part: "investering", key: "investeringUtgifter", row: "sumUtgifter" },
  { part: "investering", key: "investeringInntekter", row: "sumInntekter" },
  { part: "investering", key: "investeringNetto", row: "netto" },
];

function checkDok3AgainstAdopted(ctx: CheckContext): Finding[] {
  const adopted = ctx.settings.adopted;
  if (!adopted) return [];
  const out: Finding[] = [];
  for (const a of ADOPTED) {
    const want = adopted[a.key];
    if (want === undefined) continue;
    const have = accountTable(ctx, a.part)[a.row].amounts.dok3;
    const cell = ctx.oppsettSheet ? ctx.adoptedCells?.[a.key] : undefined;
    if (roundKroner(have) !== roundKroner(want))
      out.push(
        // It points at the adopted figure in Oppsett; the message names the budget's sum beside it.
        finding(
          "DOK3_MISMATCH",
          cell ? ctx.oppsettSheet! : (ctx.budgetSheet ?? ""),
          cell ?? "",
          T.dok3Mismatch({ label: a.key, have: kr(have), want: kr(want), difference: kr(subOre(have, want)) }),
          { amount: subOre(have, want) },
        ),
      );
  }
  return out;
}

function checkRegulations(ctx: CheckContext): Finding[] {
  if (!ctx.budgetSheet) return [];
  const out: Finding[] = [];
  for (const part of PARTS) {
    const netto = accountTable(ctx, part).netto.amounts;
    const change = subOre(netto.regulert, netto.dok3);
    const explained = sumBy(
      ctx.changes.filter((c) => c.part === part),
      (c) => c.amount,
    );
    const rest = subOre(change, explained);
    if (roundKroner(rest) !== 0)
      out.push(
        finding(
          "REGULATION_UNEXPLAINED",
          ctx.changesSheet ?? ctx.budgetSheet,
          "",
          T.regulationUnexplained({ part, change: kr(change), explained: kr(explained), rest: kr(rest) }),
          { amount: rest },
        ),
      );
  }
  return out;
}

function checkSpendingWithoutBudget(ctx: CheckContext): Finding[] {
  if (!ctx.budgetSheet) return [];
  const out: Finding[] = [];
  const keys = ctx.agg.budgetKeys;
  // Whether a project has a budget, per part: a ledger has many tallies (arts) of each project.
  const projectBudgeted: Record<Part, Map<string, boolean>> = { drift: new Map(), investering: new Map() };
  const spending = ctx.agg.spending;
  for (let i = 0; i < spending.length; i++) {
    if (spending.ore(i) <= 0) continue;
    const part = spending.part(i);
    const project = spending.project(i);
    let budgeted: boolean;
    if (project) {
      // Investment budgets are held per project: a project with any budget is budgeted.
      const known = projectBudgeted[part].get(project);
      budgeted = known ?? keys.has(`${part}|p${project}`);
      if (known === undefined) projectBudgeted[part].set(project, budgeted);
    } else budgeted = keys.has(`${part}|${spending.art(i)}`) || keys.has(`${part}|g${groupOfArt(Number(spending.art(i)))}`);
    if (budgeted) continue;
    const t = spending.at(i);
    out.push(
      finding("NO_BUDGET", t.sheet, cellAddress(t.row, t.col), T.noBudget({ total: kr(ore(t.ore)), count: t.count, project: t.project, art: t.art, part: t.part }), {
        amount: ore(t.ore),
        count: t.count,
      }),
    );
  }
  return out;
}

export function materialityLimit(ctx: Pick<CheckContext, "settings">, regulert: Ore): number | undefined {
  const m = ctx.settings.materiality;
  if (!m) return undefined;
  return m.kind === "amount" ? Math.abs(m.ore) : (Math.abs(regulert) * m.percent) / 100;
}

function checkMateriality(ctx: CheckContext): Finding[] {
  if (!ctx.settings.materiality) return [];
  const out: Finding[] = [];
  const material = (a: Pick<Amounts, "regulert" | "regnskap">): Ore | undefined => {
    const limit = materialityLimit(ctx, a.regulert);
    const d = avvik(a);
    return limit !== undefined && d !== 0 && Math.abs(d) >= limit ? d : undefined;
  };
  for (const id of ["3.1", "3.3"] as const) {
    for (const r of ctx.tables[id].groups) {
      const d = material(r.amounts);
      if (d !== undefined) out.push(finding("MATERIAL_DEVIATION", `Tabell ${id}`, r.key, T.materialGroup({ table: id, label: r.label, deviation: kr(d) }), { amount: d }));
    }
  }
  for (const r of ctx.tables["3.4.1"].rows) {
    if (r.parent !== null) continue;
    const d = material(r.amounts);
    if (d !== undefined) out.push(finding("MATERIAL_DEVIATION", "Tabell 3.4.1", r.key, T.materialProject({ nr: r.key, label: r.label, deviation: kr(d) }), { amount: d }));
  }
  return out;
}

function checkInvestmentNotProjectCost(ctx: CheckContext): Finding[] {
  const t = ctx.agg.notProjectCost;
  if (t.count === 0) return [];
  return [
    finding(
      "INVESTMENT_NOT_PROJECT_COST",
      t.first?.sheet ?? ctx.ledgerSheet,
      t.first?.cell ?? "",
      T.investmentNotProjectCost({ count: t.count, internal: !!ctx.settings.internalArter?.length, total: kr(ore(t.ore)) }),
      { count: t.count, amount: ore(t.ore) },
    ),
  ];
}

function checkInvestmentProjects(ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  const t = ctx.agg.investNoProject;
  if (t.count > 0)
    out.push(
      finding("INVESTMENT_NO_PROJECT", t.first?.sheet ?? ctx.ledgerSheet, t.first?.cell ?? "", T.investmentNoProject({ count: t.count, total: kr(ore(t.ore)) }), {
        count: t.count,
        amount: ore(t.ore),
      }),
    );
  if (ctx.registerSheet === undefined && ctx.agg.projects.size === 0) return out;
  for (const [nr, p] of ctx.agg.projects) {
    if (ctx.register.has(nr)) continue;
    out.push(
      finding(
        "PROJECT_NOT_IN_REGISTER",
        p.first.sheet,
        p.first.cell,
        T.projectNotInRegister({ nr, regnskap: p.regnskap ? kr(ore(p.regnskap)) : undefined, budget: kr(ore(p.regulert)), registerSheet: ctx.registerSheet }),
        { amount: ore(p.regnskap) },
      ),
    );
  }
  return out;
}

function checkProjectParents(ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  for (const p of ctx.register.values()) {
    if (p.parent && !ctx.register.has(p.parent)) out.push(finding("PROJECT_PARENT_MISSING", p.sheet, p.cells.parent, T.projectParentMissing({ nr: p.nr, parent: p.parent })));
  }
  return out;
}

function checkProjectsAgainstTable33(ctx: CheckContext): Finding[] {
  const sumRow = ctx.tables["3.3"].sumUtgifter.amounts;
  const projects = ctx.tables["3.4.1"].sum;
  const out: Finding[] = [];
  for (const m of ["dok3", "regulert"] as const) {
    if (roundKroner(projects[m]) !== roundKroner(sumRow[m]))
      out.push(
        finding(
          "PROJECTS_VS_TABLE_3_3",
          "Tabell 3.4.1",
          "sum",
          T.projectsVsTable33({ measure: { kind: m }, projects: kr(projects[m]), table: kr(sumRow[m]), difference: kr(subOre(sumRow[m], projects[m])) }),
          { amount: subOre(sumRow[m], projects[m]) },
        ),
      );
  }
  return out;
}

function checkSplits(ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  for (const r of ctx.tables["3.4.2"].rows) {
    if (!r.applied || !splitMismatch(r.applied)) continue;
    const reg = ctx.register.get(r.key);
    const split = sumOre(CATEGORIES.map((c) => r.amounts.split[c]));
    out.push(
      finding(
        "SPLIT_MISMATCH",
        reg?.sheet ?? ctx.registerSheet ?? "Tabell 3.4.2",
        reg ? (reg.cells.split ?? reg.cells.nr) : r.key,
        T.splitMismatch({ nr: r.key, split: kr(split), deviation: kr(r.avvik), difference: kr(subOre(r.avvik, split)) }),
        { amount: subOre(r.avvik, split) },
      ),
    );
  }
  return out;
}

function checkSigns(ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  const measures: readonly { m: Measure; name: Parameters<typeof T.signSuspect>[0]["measure"] }[] = [
    { m: "regnskap", name: { kind: "regnskap", year: ctx.year } },
    { m: "dok3", name: { kind: "dok3" } },
    { m: "regulert", name: { kind: "regulert" } },
    { m: "regnskapFjor", name: { kind: "regnskap", year: ctx.year - 1 } },
  ];
  for (const id of ["3.1", "3.3"] as const) {
    ctx.tables[id].groups.forEach((r) => {
      const g = ARTSGRUPPER.findIndex((a) => a.key === r.key);
      const revenue = g >= FIRST_REVENUE_GROUP;
      for (const m of measures) {
        const v = r.amounts[m.m];
        if (roundKroner(v) === 0) continue;
        if ((revenue && v > 0) || (!revenue && v < 0))
          out.push(finding("SIGN_SUSPECT", `Tabell ${id}`, r.key, T.signSuspect({ table: id, key: r.key, measure: m.name, value: kr(v), revenue }), { amount: v }));
      }
    });
  }
  return out;
}

/** Conservation: regnskap in the tables plus what was left out equals the ledger's total. */
function checkLedgerBalance(ctx: CheckContext): Finding[] {
  const agg = ctx.agg;
  const inTables = sumOre(PARTS.flatMap((part) => ARTSGRUPPER.flatMap((_, g) => [agg.get(part, g, "regnskap"), agg.get(part, g, "regnskapFjor")])));
  const parts: { why: LeftOutReason; count: number; total: string }[] = [];
  const leftOutOre: Ore[] = [];
  let leftCount = 0;
  for (const [reason, t] of agg.leftOut) {
    leftOutOre.push(ore(t.ore));
    leftCount += t.count;
    parts.push({ why: reason, count: t.count, total: kr(ore(t.ore)) });
  }
  const leftOut = sumOre(leftOutOre);
  const msg = T.ledgerBalance({ sheet: ctx.ledgerSheet, lines: agg.ledgerLines, total: kr(ore(agg.ledgerTotal)), year: ctx.year, inTables: kr(inTables), leftOut: parts });
  return [finding("LEDGER_BALANCE", ctx.ledgerSheet, "", msg, { amount: leftOut, count: leftCount })];
}

const CHECKS: readonly { readonly name: string; readonly run: (ctx: CheckContext) => Finding[] }[] = [
  { name: "ledger balance", run: checkLedgerBalance },
  { name: "years outside", run: checkYearOutside },
  { name: "other chapters", run: checkOtherChapters },
  { name: "KOSTRA arter", run: checkKostraArter },
  { name: "Dok. 3 against adopted figures", run: checkDok3AgainstAdopted },
  { name: "unexplained regulations", run: checkRegulations },
  { name: "spending without budget", run: checkSpendingWithoutBudget },
  { name: "materiality", run: checkMateriality },
  { name: "investment not project cost", run: checkInvestmentNotProjectCost },
  { name: "investment projects", run: checkInvestmentProjects },
  { name: "sub-project parents", run: checkProjectParents },
  { name: "projects against table 3.3", run: checkProjectsAgainstTable33 },
  { name: "category splits", run: checkSplits },
  { name: "signs", run: checkSigns },
];

/**
 * Runs every check, each contained: a check that throws becomes a finding naming the check
 * (the report is then a draft), and the others still run.
 */
export function runChecks(ctx: CheckContext, checks: typeof CHECKS = CHECKS): Finding[] {
  return checks.flatMap((c) => {
    try {
      return c.run(ctx);
    } catch (e) {
      return [finding("CHECK_FAILED", "", "", T.checkFailed({ check: c.name, error: e instanceof Error ? e.message : String(e) }))];
    }
  });
}
