import { ARTSGRUPPER, FIRST_REVENUE_GROUP, GROUP_COUNT, Part, PARTS } from "./artsgrupper";
import type { Aggregates, LeftOutReason } from "./aggregate";
import { splitMismatch } from "./categorise";
import { finding, Finding } from "./findings";
import { T } from "./messages";
import type { BudgetChange, RegisteredProject } from "./input";
import { Ore, roundKroner } from "./money";
import { formatNorwegian } from "./norwegian-number";
import type { ReportTables } from "./report/tables";
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

const kr = (o: number) => `${formatNorwegian(o as Ore)} kr`;

function checkYearOutside(ctx: CheckContext): Finding[] {
  const t = ctx.agg.leftOut.get("year");
  if (!t) return [];
  return [
    finding("YEAR_OUTSIDE", ctx.ledgerSheet, t.first?.cell ?? "", T.yearOutside({ count: t.count, sheet: ctx.ledgerSheet, year: ctx.year, total: kr(t.ore) }), {
      count: t.count,
      amount: t.ore,
    }),
  ];
}

function checkOtherChapters(ctx: CheckContext): Finding[] {
  return [...ctx.agg.otherChapters].map(([chapter, t]) =>
    finding(
      "CHAPTER_OTHER",
      t.first?.sheet ?? ctx.ledgerSheet,
      t.first?.cell ?? "",
      T.chapterOther({ count: t.count, chapter, wanted: ctx.chapter, total: t.ore ? kr(t.ore) : undefined }),
      { count: t.count, amount: t.ore },
    ),
  );
}

function checkKostraArter(ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  for (const [art, t] of ctx.agg.unknownArter)
    out.push(finding("ART_UNKNOWN", t.first!.sheet, t.first!.cell, T.artUnknown({ art, count: t.count, first: `${t.first!.sheet}!${t.first!.cell}` }), { count: t.count }));
  for (const [key, t] of ctx.agg.wrongPartArter) {
    const art = key.split("|")[1];
    out.push(
      finding("ART_WRONG_PART", t.first!.sheet, t.first!.cell, T.artWrongPart({ art, part: t.part, count: t.count, first: `${t.first!.sheet}!${t.first!.cell}` }), {
        count: t.count,
      }),
    );
  }
  return out;
}

const ADOPTED: readonly { part: Part; key: keyof NonNullable<Settings["adopted"]>; row: string }[] = [
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
    const table = ctx.tables[a.part === "drift" ? "3.1" : "3.3"];
    const have = table.rows.find((r) => r.key === a.row)!.values[1];
    const cell = ctx.oppsettSheet ? ctx.adoptedCells?.[a.key] : undefined;
    if (roundKroner(have) !== roundKroner(want))
      out.push(
        // It points at the adopted figure in Oppsett; the message names the budget's sum beside it.
        finding(
          "DOK3_MISMATCH",
          cell ? ctx.oppsettSheet! : (ctx.budgetSheet ?? ""),
          cell ?? "",
          T.dok3Mismatch({ label: a.key, have: kr(have), want: kr(want), difference: kr(have - want) }),
          { amount: have - want },
        ),
      );
  }
  return out;
}

function checkRegulations(ctx: CheckContext): Finding[] {
  if (!ctx.budgetSheet) return [];
  const out: Finding[] = [];
  for (const part of PARTS) {
    const netto = ctx.tables[part === "drift" ? "3.1" : "3.3"].rows.find((r) => r.key === "netto")!.values;
    const change = netto[2] - netto[1];
    const explained = ctx.changes.filter((c) => c.part === part).reduce((s, c) => s + c.amount, 0);
    const rest = change - explained;
    if (roundKroner(rest as Ore) !== 0)
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
  for (const t of ctx.agg.spending.values()) {
    if (t.ore <= 0) continue;
    const g = ARTSGRUPPER.findIndex((a) => +t.art >= a.from && +t.art <= a.to);
    // Investment budgets are held per project: a project with any budget is budgeted.
    const budgeted = t.project ? keys.has(`${t.part}|p${t.project}`) : keys.has(`${t.part}|${t.art}`) || keys.has(`${t.part}|g${g}`);
    if (budgeted) continue;
    out.push(
      finding("NO_BUDGET", t.first!.sheet, t.first!.cell, T.noBudget({ total: kr(t.ore), count: t.count, project: t.project, art: t.art, part: t.part }), {
        amount: t.ore,
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
  for (const id of ["3.1", "3.3"] as const) {
    for (const r of ctx.tables[id].rows) {
      if (r.kind !== "group") continue;
      const limit = materialityLimit(ctx, r.values[2])!;
      if (r.values[4] !== 0 && Math.abs(r.values[4]) >= limit)
        out.push(finding("MATERIAL_DEVIATION", `Tabell ${id}`, r.key, T.materialGroup({ table: id, label: r.label, deviation: kr(r.values[4]) }), { amount: r.values[4] }));
    }
  }
  for (const r of ctx.tables["3.4.1"].rows) {
    if (r.parent !== null) continue;
    const limit = materialityLimit(ctx, r.values[1])!;
    if (r.values[3] !== 0 && Math.abs(r.values[3]) >= limit)
      out.push(finding("MATERIAL_DEVIATION", "Tabell 3.4.1", r.key, T.materialProject({ nr: r.key, label: r.label, deviation: kr(r.values[3]) }), { amount: r.values[3] }));
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
      T.investmentNotProjectCost({ count: t.count, internal: !!ctx.settings.internalArter?.length, total: kr(t.ore) }),
      { count: t.count, amount: t.ore },
    ),
  ];
}

function checkInvestmentProjects(ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  const t = ctx.agg.investNoProject;
  if (t.count > 0)
    out.push(
      finding("INVESTMENT_NO_PROJECT", t.first?.sheet ?? ctx.ledgerSheet, t.first?.cell ?? "", T.investmentNoProject({ count: t.count, total: kr(t.ore) }), {
        count: t.count,
        amount: t.ore,
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
        T.projectNotInRegister({ nr, regnskap: p.regnskap ? kr(p.regnskap) : undefined, budget: kr(p.regulert), registerSheet: ctx.registerSheet }),
        { amount: p.regnskap },
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
  const sumRow = ctx.tables["3.3"].rows.find((r) => r.key === "sumUtgifter")!.values;
  const projects = ctx.tables["3.4.1"].sum;
  const out: Finding[] = [];
  const names = [{ kind: "dok3" }, { kind: "regulert" }] as const;
  for (const [i, m] of [
    [0, 1],
    [1, 2],
  ] as const) {
    if (roundKroner(projects[i]) !== roundKroner(sumRow[m]))
      out.push(
        finding(
          "PROJECTS_VS_TABLE_3_3",
          "Tabell 3.4.1",
          "sum",
          T.projectsVsTable33({ measure: names[i], projects: kr(projects[i]), table: kr(sumRow[m]), difference: kr(sumRow[m] - projects[i]) }),
          { amount: sumRow[m] - projects[i] },
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
    const split = r.values.slice(0, 4).reduce((s, v) => s + v, 0);
    out.push(
      finding(
        "SPLIT_MISMATCH",
        reg?.sheet ?? ctx.registerSheet ?? "Tabell 3.4.2",
        reg ? (reg.cells.split ?? reg.cells.nr) : r.key,
        T.splitMismatch({ nr: r.key, split: kr(split), deviation: kr(r.avvik), difference: kr(r.avvik - split) }),
        { amount: r.avvik - split },
      ),
    );
  }
  return out;
}

function checkSigns(ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  const measures = [
    { i: 0, name: { kind: "regnskap", year: ctx.year } },
    { i: 1, name: { kind: "dok3" } },
    { i: 2, name: { kind: "regulert" } },
    { i: 3, name: { kind: "regnskap", year: ctx.year - 1 } },
  ] as const;
  for (const id of ["3.1", "3.3"] as const) {
    ctx.tables[id].rows.forEach((r) => {
      if (r.kind !== "group") return;
      const g = ARTSGRUPPER.findIndex((a) => a.key === r.key);
      const revenue = g >= FIRST_REVENUE_GROUP;
      for (const m of measures) {
        const v = r.values[m.i];
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
  let inTables = 0;
  for (const part of PARTS) for (let g = 0; g < GROUP_COUNT; g++) inTables += agg.get(part, g, "regnskap") + agg.get(part, g, "regnskapFjor");
  const parts: { why: LeftOutReason; count: number; total: string }[] = [];
  let leftOut = 0;
  let leftCount = 0;
  for (const [reason, t] of agg.leftOut) {
    leftOut += t.ore;
    leftCount += t.count;
    parts.push({ why: reason, count: t.count, total: kr(t.ore) });
  }
  const msg = T.ledgerBalance({ sheet: ctx.ledgerSheet, lines: agg.ledgerLines, total: kr(agg.ledgerTotal), year: ctx.year, inTables: kr(inTables), leftOut: parts });
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
