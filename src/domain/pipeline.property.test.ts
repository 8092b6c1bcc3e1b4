import fc from "fast-check";
import { ARTSGRUPPER } from "./artsgrupper";
import { avvik, type ProjectAmounts } from "./amounts";
import { at } from "./at";
import { cellError, type CellValue } from "./cells";
import { ore, roundKroner, type Ore } from "./money";
import { formatNorwegian, parseNorwegianAmount } from "./norwegian-number";
import { runPipeline, type Report } from "./pipeline";
import { accountColumns, categoryColumns, projectColumns } from "./report/columns";
import { checkExistingTable } from "./report/table-check";
import type { AccountRow, CategoryAmounts } from "./report/tables";
import { oppsettSheet, sheet, workbook, type BudgetLine, type LedgerLine, type ProjectLine } from "../../test/support/grids";

/** Runs per property; the default keeps this file well under 20 s. */
const RUNS = Number(process.env.AVSTEM_PROPERTY_RUNS ?? 200);
const YEAR = 2024;

// ------------------------------------------------------------------ generators

/** Mostly large amounts, some tiny ones so deviations that round to 0 kr occur. */
const oreArb = fc.oneof({ weight: 5, arbitrary: fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }) }, { weight: 1, arbitrary: fc.integer({ min: -120, max: 120 }) });

/** Half away from zero, in BigInt: independent of money.ts. */
function halfAwayFromZero(o: number): number {
  const a = BigInt(Math.abs(o));
  const k = Number(a / 100n + (a % 100n >= 50n ? 1n : 0n));
  return o < 0 && k !== 0 ? -k : k;
}

/** The Norwegian forms of docs/input-workbook.md, for an amount in øre. */
const TEXT_FORMS: readonly ((o: number) => string)[] = [
  (o) => formatNorwegian(ore(o), 2),
  (o) => formatNorwegian(ore(o), 2).replace(/\u00a0/g, " "),
  (o) => formatNorwegian(ore(o), 2).replace(/\u00a0/g, "\u202f"),
  (o) => formatNorwegian(ore(o), 2).replace(/\u00a0/g, "."),
  (o) => (o < 0 ? `(${formatNorwegian(ore(-o), 2)})` : formatNorwegian(ore(o), 2)),
  (o) => (o < 0 ? `\u2212${formatNorwegian(ore(-o), 2)}` : formatNorwegian(ore(o), 2)),
  (o) => `kr ${formatNorwegian(ore(o), 2)}`,
];

/** An amount cell and the øre it holds (null: not an amount, must be left out and reported). */
type Amount = { readonly cell: CellValue; readonly ore: number | null };
const amountArb: fc.Arbitrary<Amount> = fc.oneof(
  { weight: 6, arbitrary: oreArb.map((o) => ({ cell: o / 100, ore: o })) },
  { weight: 3, arbitrary: fc.tuple(oreArb, fc.integer({ min: 0, max: TEXT_FORMS.length - 1 })).map(([o, f]) => ({ cell: at(TEXT_FORMS, f)(o), ore: o })) },
  { weight: 1, arbitrary: fc.constantFrom<CellValue>("abc", "12,34,56", "1.2.3", "#N/A", "#VALUE!", "31.12.2024", cellError("#REF!")).map((cell) => ({ cell, ore: null })) },
);
const budgetAmountArb: fc.Arbitrary<Amount> = fc.oneof(
  { weight: 4, arbitrary: oreArb.map((o) => ({ cell: o / 100, ore: o })) },
  { weight: 1, arbitrary: oreArb.map((o) => ({ cell: formatNorwegian(ore(o), 2), ore: o })) },
  { weight: 1, arbitrary: fc.constant({ cell: null, ore: null }) },
);

const artArb: fc.Arbitrary<CellValue> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 999 }).map((a) => String(a).padStart(3, "0")) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 999 }) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 99 })).map(([a, x]) => `${String(a).padStart(3, "0")}${String(x).padStart(2, "0")}`),
  },
  { weight: 2, arbitrary: fc.constantFrom(...ARTSGRUPPER).map((g) => `${g.key} ${g.name}`) },
  { weight: 1, arbitrary: fc.constantFrom(...ARTSGRUPPER).map((g) => g.key) },
  { weight: 1, arbitrary: fc.constantFrom<CellValue>("l20", "1000", "-10", null) },
);
const delArb = fc.constantFrom<CellValue>("Drift", "Investering", "D", "I", "Inv", null, "investering");
const yearArb = fc.constantFrom<CellValue>(YEAR, YEAR, YEAR, YEAR - 1, YEAR - 1, YEAR - 3, `${YEAR}05`, String(YEAR - 1));
const kapArb = fc.constantFrom<CellValue>(null, 125, 125, "125", 130);

interface Generated {
  readonly ledger: (LedgerLine & { readonly amount: Amount })[];
  readonly budget: BudgetLine[];
  readonly projects: ProjectLine[];
  readonly internal: boolean;
}

const generatedArb: fc.Arbitrary<Generated> = fc
  .uniqueArray(fc.integer({ min: 100_000, max: 999_999 }), { minLength: 1, maxLength: 5 })
  .chain((tops) =>
    fc
      .tuple(
        ...tops.map((t) => fc.uniqueArray(fc.integer({ min: 1, max: 99 }), { maxLength: 3 }).map((subs) => [String(t), ...subs.map((s) => `${t}${String(s).padStart(2, "0")}`)])),
      )
      .map((groups) => groups.flat()),
  )
  .chain((numbers) => {
    const prosjektArb = fc.option(
      fc.constantFrom(...numbers).chain((nr) => fc.constantFrom<CellValue>(nr, Number(nr))),
      { freq: 3 },
    );
    const ledgerLine = fc.record({ kap: kapArb, del: delArb, art: artArb, prosjekt: prosjektArb, aar: yearArb, amount: amountArb }).map((l) => ({ ...l, belop: l.amount.cell }));
    const budgetLine = fc
      .record({ kap: kapArb, del: delArb, art: artArb, prosjekt: prosjektArb, dok3: budgetAmountArb, regulert: budgetAmountArb })
      .map((b) => ({ ...b, dok3: b.dok3.cell, regulert: b.regulert.cell }));
    const dateArb = fc.constantFrom<CellValue>(null, "2023", "2024", "4/2024", "1/2025", "2025", "Q2 2026", "Løpende", "Avsluttet", "Ferdig", "06.2024");
    const projectLine = (nr: string) =>
      fc.record({
        nr: fc.constant<CellValue>(nr),
        navn: fc.constant<CellValue>(`Prosjekt ${nr}`),
        vedtattFerdig: dateArb,
        forventetFerdig: dateArb,
        status: fc.constantFrom<CellValue>(null, "Pågående", "Ferdig", "Avsluttet"),
        type: fc.constantFrom<CellValue>(null, "Ordinær", "Avsetning", "Uforutsett"),
        kategori: fc.constantFrom<CellValue>(null, null, null, 1, 2, 3, 4),
      });
    return fc.record({
      ledger: fc.array(ledgerLine, { minLength: 1, maxLength: 60 }),
      budget: fc.array(budgetLine, { maxLength: 30 }),
      // Some projects are missing from the register.
      projects: fc.subarray(numbers).chain((inRegister) => fc.tuple(...inRegister.map(projectLine))),
      internal: fc.boolean(),
    });
  });

function runGenerated(g: Generated): Report {
  return runPipeline({
    grids: workbook({
      year: YEAR,
      chapter: 125,
      oppsett: g.internal ? [["Interne arter i prosjekt", "790, 795"]] : [],
      ledger: g.ledger,
      budget: g.budget,
      projects: g.projects,
    }),
  });
}

const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);

// ------------------------------------------------------------------ properties

describe("properties over random ledgers", () => {
  it("3.1 and 3.3: every sum row equals its rows, netto the sums, and V = III − I, exactly in øre", () => {
    fc.assert(
      fc.property(generatedArb, (g) => {
        const r = runGenerated(g);
        for (const id of ["3.1", "3.3"] as const) {
          const t = r.tables[id];
          const rows = t.rows;
          const groups = rows.filter((x) => x.kind === "group");
          expect(groups).toEqual(t.groups);
          expect(groups.map((x) => x.key)).toEqual(ARTSGRUPPER.map((a) => a.key));
          const col = (x: AccountRow, m: number) => at(accountColumns(x.amounts), m);
          for (let m = 0; m < 5; m++) {
            expect(col(t.sumUtgifter, m)).toBe(sum(groups.slice(0, 5).map((x) => col(x, m))));
            expect(col(t.sumInntekter, m)).toBe(sum(groups.slice(5).map((x) => col(x, m))));
            expect(col(t.netto, m)).toBe(col(t.sumUtgifter, m) + col(t.sumInntekter, m));
          }
          for (const row of rows) expect(col(row, 4)).toBe(col(row, 2) - col(row, 0));
          // Displayed kroner: every figure, totals included, rounded from the exact øre (not a sum of rounded rows).
          expect(r.json.tables[id].rows.map((x) => x.values)).toEqual(rows.map((x) => accountColumns(x.amounts).map(halfAwayFromZero)));
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("3.4.1: IX = VII − VIII, a parent is the sum of its rows, Sum of the top rows", () => {
    fc.assert(
      fc.property(generatedArb, (g) => {
        const t = runGenerated(g).tables["3.4.1"];
        const col = (a: ProjectAmounts, m: number) => at(projectColumns(a), m);
        for (const row of t.rows) expect(col(row.amounts, 3)).toBe(col(row.amounts, 1) - col(row.amounts, 2));
        const tops = t.rows.filter((x) => x.parent === null);
        for (const p of tops.filter((x) => x.isParent)) {
          const subs = t.rows.filter((x) => x.parent === p.key);
          expect(subs.length).toBeGreaterThan(0);
          for (let m = 0; m < 4; m++) expect(col(p.amounts, m)).toBe(sum(subs.map((s) => col(s.amounts, m))));
        }
        for (let m = 0; m < 4; m++) expect(col(t.sum, m)).toBe(sum(tops.map((x) => col(x.amounts, m))));
      }),
      { numRuns: RUNS },
    );
  });

  it("3.4.2: every row adds up to its project's 3.4.1 deviation, and the Sum to the 3.4.1 total (less the omitted ones)", () => {
    fc.assert(
      fc.property(generatedArb, (g) => {
        const r = runGenerated(g);
        const t341 = r.tables["3.4.1"];
        const t342 = r.tables["3.4.2"];
        const avvik341 = new Map(t341.rows.map((x) => [x.key, avvik(x.amounts) as number]));
        const leaves341 = t341.rows.filter((x) => !x.isParent);
        const omitted = leaves341.filter((x) => roundKroner(avvik(x.amounts)) === 0);
        // Exactly the leaves whose deviation rounds to 0 kr are absent.
        expect(
          t342.rows
            .filter((x) => !x.isParent)
            .map((x) => x.key)
            .sort(),
        ).toEqual(
          leaves341
            .filter((x) => roundKroner(avvik(x.amounts)) !== 0)
            .map((x) => x.key)
            .sort(),
        );
        const col = (a: CategoryAmounts, m: number) => at(categoryColumns(a), m);
        for (const row of t342.rows) {
          const cols = categoryColumns(row.amounts);
          expect(cols[4]).toBe(sum(cols.slice(0, 4)));
          if (!row.isParent) {
            expect(cols[4]).toBe(avvik341.get(row.key));
            expect(cols.slice(0, 4).filter((v) => v !== 0).length).toBeLessThanOrEqual(1);
          } else {
            const subs = t342.rows.filter((x) => x.parent === row.key);
            const gone = omitted.filter((x) => x.parent === row.key);
            for (let m = 0; m < 5; m++) expect(cols[m]).toBe(sum(subs.map((s) => col(s.amounts, m))));
            expect(cols[4] + sum(gone.map((x) => avvik(x.amounts)))).toBe(avvik341.get(row.key));
          }
        }
        for (let m = 0; m < 5; m++) expect(col(t342.sum, m)).toBe(sum(t342.rows.filter((x) => x.parent === null).map((x) => col(x.amounts, m))));
        expect(t342.sum.total + sum(omitted.map((x) => avvik(x.amounts)))).toBe(avvik(t341.sum));
        expect(Math.abs(t342.sum.total - avvik(t341.sum))).toBeLessThanOrEqual(49 * omitted.length);
      }),
      { numRuns: RUNS },
    );
  });

  it("3.4.2: a register split that adds up to the deviation moves money between categories, never the Sum", () => {
    fc.assert(
      fc.property(generatedArb, fc.integer({ min: -1_000_000, max: 1_000_000 }), (g, part) => {
        const before = runGenerated(g);
        const avvik = new Map(before.tables["3.4.2"].rows.filter((x) => !x.isParent).map((x) => [x.key, x.avvik as number]));
        const projects = g.projects.map((p) => {
          const a = avvik.get(String(p.nr));
          return a === undefined ? p : { ...p, kat: [part / 100, 0, 0, (a - part) / 100] as const };
        });
        const after = runGenerated({ ...g, projects });
        expect(after.findings.filter((f) => f.code === "SPLIT_MISMATCH")).toEqual([]);
        expect(after.tables["3.4.2"].sum.total).toBe(before.tables["3.4.2"].sum.total);
        for (const row of after.tables["3.4.2"].rows) {
          if (row.isParent || !projects.some((p) => String(p.nr) === row.key && p.kat)) continue;
          expect(row.applied?.source).toBe("split");
          expect(categoryColumns(row.amounts)).toEqual([part, 0, 0, row.avvik - part, row.avvik]);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("3.3 against 3.4.1: the difference in regnskap is the investment spending with no project", () => {
    fc.assert(
      fc.property(generatedArb, (g) => {
        const r = runGenerated({ ...g, internal: false });
        const sumU = r.tables["3.3"].rows.find((x) => x.key === "sumUtgifter")!.amounts.regnskap;
        const noProject = r.findings.find((f) => f.code === "INVESTMENT_NO_PROJECT")?.amount ?? 0;
        expect(r.tables["3.4.1"].sum.regnskap + noProject).toBe(sumU);
      }),
      { numRuns: RUNS },
    );
  });

  it("conservation: regnskap in the tables + Σ left out = the ledger's total of parseable amounts", () => {
    fc.assert(
      fc.property(generatedArb, (g) => {
        const r = runGenerated(g);
        const expected = sum(g.ledger.map((l) => l.amount.ore ?? 0));
        let inTables = 0;
        for (const id of ["3.1", "3.3"] as const) for (const row of r.tables[id].rows) if (row.kind === "group") inTables += row.amounts.regnskap + row.amounts.regnskapFjor;
        const balance = r.findings.find((f) => f.code === "LEDGER_BALANCE")!;
        expect(inTables + (balance.amount ?? 0)).toBe(expected);
        // Every amount that is not an amount is reported, never read as zero.
        const unreadable = g.ledger.filter((l) => l.amount.ore === null).length;
        const reported = r.findings.filter((f) => f.code === "AMOUNT_INVALID" || f.code === "CELL_ERROR").reduce((n, f) => n + (f.count ?? 1), 0);
        expect(reported).toBeGreaterThanOrEqual(unreadable);
      }),
      { numRuns: RUNS },
    );
  });
});

describe("checkExistingTable against the engine's own tables", () => {
  const asGrid = (r: Report, id: "3.1" | "3.3") =>
    sheet(`Tabell ${id}`, [
      ["Artsgrupper", `Regnskap ${YEAR}`, `Dok. 3 ${YEAR}*`, `Regulert bud. ${YEAR}`, `Regnskap ${YEAR - 1}`, `Avvik ${YEAR} (III-I)`],
      ...r.tables[id].rows.map((row) => [row.label, ...accountColumns(row.amounts).map((v) => v / 100)]),
    ]);

  it("finds nothing in a table the engine built, and a flipped sign at its cell", () => {
    fc.assert(
      fc.property(generatedArb, fc.constantFrom("3.1" as const, "3.3" as const), fc.nat(), (g, id, pick) => {
        const r = runGenerated(g);
        const grid = asGrid(r, id);
        expect(checkExistingTable(grid)).toEqual({ kind: "account", findings: [] });
        // Flip one group cell of at least 2 kr (smaller ones can pass as rounding).
        const cells: [number, number][] = [];
        grid.rows.forEach((row, i) => {
          if (i > 0 && /^\d{3}-\d{3}/.test(String(row[0]))) for (let c = 1; c <= 5; c++) if (Math.abs(row[c] as number) >= 2) cells.push([i, c]);
        });
        fc.pre(cells.length > 0);
        const [i, c] = at(cells, pick % cells.length);
        const rows = grid.rows.map((row, k) => (k === i ? row.map((v, j) => (j === c ? -(v as number) : v)) : row));
        const f = checkExistingTable({ ...grid, rows }).findings;
        expect(f).toEqual([expect.objectContaining({ code: "TABLE_SIGN_ERROR", cell: `${"ABCDEF"[c]}${i + 1}` })]);
      }),
      { numRuns: RUNS },
    );
  });
});

describe("properties over random wide ledgers (Regnskap 2024 / Regnskap 2023 columns)", () => {
  const cellOrBlank = fc.option(amountArb, { freq: 4 });
  const wideArb = fc.array(fc.record({ del: delArb, art: artArb, amounts: fc.tuple(cellOrBlank, cellOrBlank, cellOrBlank) }), { minLength: 1, maxLength: 40 });

  it("conservation, and sums equal their rows", () => {
    fc.assert(
      fc.property(wideArb, (rows) => {
        const grid = sheet("Regnskap", [
          ["Del", "Art", `Regnskap ${YEAR}`, `Regnskap ${YEAR - 1}`, `Regnskap ${YEAR - 3}`],
          ...rows.map((r) => [r.del, r.art, ...r.amounts.map((a) => (a ? a.cell : null))]),
        ]);
        const report = runPipeline({ grids: [oppsettSheet([["Rapportår", YEAR]]), grid] });
        const expected = sum(rows.flatMap((r) => r.amounts.map((a) => a?.ore ?? 0)));
        let inTables = 0;
        for (const id of ["3.1", "3.3"] as const) {
          const t = report.tables[id];
          for (const row of t.groups) inTables += row.amounts.regnskap + row.amounts.regnskapFjor;
          const col = (x: AccountRow, m: number) => at(accountColumns(x.amounts), m);
          for (let m = 0; m < 5; m++) expect(col(t.netto, m)).toBe(sum(t.groups.map((x) => col(x, m))));
        }
        const balance = report.findings.find((f) => f.code === "LEDGER_BALANCE")!;
        expect(inTables + (balance.amount ?? 0)).toBe(expected);
      }),
      { numRuns: RUNS },
    );
  });
});

describe("properties of money and number texts", () => {
  const safeOre = fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });

  it("parse(format(x)) = x for any safe øre value, in every accepted form", () => {
    fc.assert(
      fc.property(safeOre, fc.integer({ min: 0, max: TEXT_FORMS.length - 1 }), (o, f) => {
        const p = parseNorwegianAmount(at(TEXT_FORMS, f)(o));
        expect(p).toEqual({ ok: true, ore: o, rounded: false });
      }),
      { numRuns: RUNS * 20 },
    );
  });

  it("roundKroner is half away from zero (checked in BigInt)", () => {
    fc.assert(
      fc.property(safeOre, (o) => {
        expect(roundKroner(o as Ore)).toBe(halfAwayFromZero(o));
      }),
      { numRuns: RUNS * 20 },
    );
  });
});
