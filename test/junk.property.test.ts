import fc from "fast-check";
import { ARTSGRUPPER } from "../src/domain/artsgrupper";
import { cellAddress, cellError, type CellValue, type SheetGrid } from "../src/domain/cells";
import { ore } from "../src/domain/money";
import { formatNorwegian } from "../src/domain/norwegian-number";
import { at } from "../src/domain/at";
import { InputError, runPipeline, type Report } from "../src/domain/pipeline";

/**
 * Random ledgers with random junk in every column: no exception escapes runPipeline,
 * and nothing is lost. Each generated cell carries what it must mean (an oracle built
 * with the cell, not from the engine), so the test knows which lines belong in the
 * tables, which are left out, and what the ledger's readable total is.
 */

const RUNS = process.env.CI ? 1000 : 150;
const YEAR = 2024;
const CHAPTER = 125;

// ------------------------------------------------------------------ junk

const ERROR_CODES = ["#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!", "#GETTING_DATA", "#WHAT?", ""];

/** Cells that are never an amount, an art, a year, a part or a chapter. */
const junkArb: fc.Arbitrary<CellValue> = fc.oneof(
  fc.constantFrom(...ERROR_CODES).map((c) => cellError(c)),
  fc.constantFrom(...ERROR_CODES.filter(Boolean)).map((c) => ` ${c.toLowerCase()} `),
  fc.constantFrom(...ERROR_CODES.filter(Boolean)),
  fc.boolean(),
  // Dates (serials; some far outside any calendar).
  fc.oneof(fc.integer({ min: -100, max: 3_000_000 }), fc.constantFrom(1e9, 1e300, -1e15, 45_657.75)).map((serial): CellValue => ({ kind: "date", serial })),
  // Huge and odd numbers.
  fc.constantFrom<CellValue>(1e300, -1e300, Number.MAX_VALUE, 1e20, -9e15, 1e16, Number.NaN, Infinity, -Infinity),
  // Garbage text: never only digits, separators and signs (a letter or symbol first).
  fc.string({ maxLength: 30 }).map((s) => `x${s}`),
  fc.string({ unit: "grapheme", maxLength: 20 }).map((s) => `¤${s}`),
  fc.constantFrom<CellValue>(
    "NaN",
    "Infinity",
    "-Infinity",
    "1e5",
    "0x10",
    "١٢٣",
    "12,34,56",
    "1.2.3",
    "1 2 3 4",
    "--5",
    "(-5)",
    "5--",
    "kr",
    "- ",
    "31.12.2024",
    "=1+1",
    "+",
    "@",
    "\u0000",
    "\uffff",
    "9".repeat(400),
  ),
);

// ------------------------------------------------------------------ cells with their meaning

/** An amount cell: the øre it holds, null when unreadable (reported, left out, not in the total), "blank" when empty. */
type Amount = { readonly cell: CellValue; readonly ore: number | null | "blank" };
const oreArb = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }) },
  { weight: 1, arbitrary: fc.integer({ min: -100_000_000_000_000, max: 100_000_000_000_000 }) }, // up to ±1 000 milliarder kr
  { weight: 1, arbitrary: fc.constantFrom(0, -0, 1, -1) },
);
const TEXT_FORMS: readonly ((o: number) => string)[] = [
  (o) => formatNorwegian(ore(o), 2),
  (o) => formatNorwegian(ore(o), 2).replace(/\u00a0/g, " "),
  (o) => formatNorwegian(ore(o), 2).replace(/\u00a0/g, "\u202f"),
  (o) => formatNorwegian(ore(o), 2).replace(/\u00a0/g, "."),
  (o) => (o < 0 ? `(${formatNorwegian(ore(-o), 2)})` : `kr ${formatNorwegian(ore(o), 2)}`),
  (o) => (o < 0 ? `\u2212${formatNorwegian(ore(-o), 2)}` : ` ${formatNorwegian(ore(o), 2)} `),
];
const amountArb: fc.Arbitrary<Amount> = fc.oneof(
  { weight: 6, arbitrary: oreArb.map((o) => ({ cell: o / 100, ore: o === 0 ? 0 : o })) },
  { weight: 3, arbitrary: fc.tuple(oreArb, fc.nat(TEXT_FORMS.length - 1)).map(([o, f]) => ({ cell: at(TEXT_FORMS, f)(o), ore: o === 0 ? 0 : o })) },
  { weight: 3, arbitrary: junkArb.map((cell) => ({ cell, ore: null })) },
  { weight: 1, arbitrary: fc.constantFrom<CellValue>(null, "", "   ").map((cell) => ({ cell, ore: "blank" as const })) },
);

/** An art cell: the artsgruppe it lands in, null when it is no art, "blank" when empty. */
type Art = { readonly cell: CellValue; readonly group: number | null | "blank" };
const groupOf = (art: number) => (art < 100 ? 0 : art < 300 ? 1 : Math.floor(art / 100) - 1);
const artArb: fc.Arbitrary<Art> = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 0, max: 999 }).map((a) => ({ cell: String(a).padStart(3, "0"), group: groupOf(a) })) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 999 }).map((a) => ({ cell: a, group: groupOf(a) })) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 100, max: 999 }), fc.integer({ min: 10, max: 99 })).map(([a, x]) => ({ cell: `${a}${x}`, group: groupOf(a) })) },
  { weight: 1, arbitrary: fc.nat(ARTSGRUPPER.length - 1).map((g) => ({ cell: `${ARTSGRUPPER[g]?.key} ${ARTSGRUPPER[g]?.name}`, group: g })) },
  { weight: 1, arbitrary: fc.constant({ cell: -0, group: 0 }) },
  // Junk, but not all digits: "999…9" is a long account whose first three digits are art 999.
  { weight: 3, arbitrary: junkArb.filter((v) => !(typeof v === "string" && /^\s*\d+\s*$/.test(v))).map((cell) => ({ cell, group: null })) },
  // 12345678901234567890 is meant to lose precision: a number beyond what a double holds exactly.
  {
    weight: 1,
    // eslint-disable-next-line no-loss-of-precision
    arbitrary: fc.constantFrom<CellValue>("l20", "1000", 1000, "-10", -10, "10.5", 10.5, "0100-0999", "1e3", 12345678901234567890).map((cell) => ({ cell, group: null })),
  },
  { weight: 1, arbitrary: fc.constantFrom<CellValue>(null, " ").map((cell) => ({ cell, group: "blank" as const })) },
);

/** A year cell: the year, or null when it is no year. */
type Year = { readonly cell: CellValue; readonly year: number | null };
const yearArb: fc.Arbitrary<Year> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(YEAR, YEAR - 1, YEAR - 3, YEAR + 1).map((y) => ({ cell: y, year: y })) },
  { weight: 2, arbitrary: fc.constantFrom(YEAR, YEAR - 1).map((y) => ({ cell: String(y), year: y })) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Year>(
      { cell: `${YEAR}05`, year: YEAR },
      { cell: 202312, year: YEAR - 1 },
      { cell: { kind: "date", serial: 45_500 }, year: YEAR },
      { cell: { kind: "date", serial: 18_264 }, year: 1950 },
    ),
  },
  // Junk, but not dates: a date is a year (of its own, in or outside the report years).
  { weight: 2, arbitrary: junkArb.filter((v) => !(typeof v === "object" && v !== null && v.kind === "date") && v !== "31.12.2024").map((cell) => ({ cell, year: null })) },
  { weight: 1, arbitrary: fc.constant({ cell: null, year: null }) },
);

/** A part cell: drift, investering, or null when it is neither (blank is drift). */
type PartCell = { readonly cell: CellValue; readonly part: "drift" | "investering" | null };
const partArb: fc.Arbitrary<PartCell> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom<PartCell>(
      { cell: "Drift", part: "drift" },
      { cell: null, part: "drift" },
      { cell: "Investering", part: "investering" },
      { cell: " inv ", part: "investering" },
      { cell: "D", part: "drift" },
      { cell: "I", part: "investering" },
    ),
  },
  { weight: 1, arbitrary: junkArb.map((cell) => ({ cell, part: null })) },
);

/** A chapter cell: true when the line is this chapter's (or blank), false when left out. */
type Chapter = { readonly cell: CellValue; readonly ours: boolean };
const chapterArb: fc.Arbitrary<Chapter> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.constantFrom<Chapter>({ cell: CHAPTER, ours: true }, { cell: String(CHAPTER), ours: true }, { cell: null, ours: true }, { cell: "kap. 125", ours: true }),
  },
  { weight: 1, arbitrary: fc.constantFrom<Chapter>({ cell: 130, ours: false }, { cell: "4125", ours: false }) },
  { weight: 1, arbitrary: junkArb.map((cell) => ({ cell, ours: false })) },
);

/** Anything: projects (a bad number only loses the project, never the line) and columns the engine ignores. */
const anyArb: fc.Arbitrary<CellValue> = fc.oneof(fc.constantFrom<CellValue>(null, "122006", 11801101, "118011"), junkArb, fc.string({ maxLength: 12 }));

interface Line {
  readonly chapter: Chapter;
  readonly part: PartCell;
  readonly art: Art;
  readonly project: CellValue;
  readonly year: Year;
  readonly amount: Amount;
  readonly note: CellValue;
}

const lineArb: fc.Arbitrary<Line> = fc.record({ chapter: chapterArb, part: partArb, art: artArb, project: anyArb, year: yearArb, amount: amountArb, note: anyArb });

const HEADER = ["Kapittel", "Del", "Art", "Prosjekt", "År", "Beløp", "Tekst"];
const COLUMN = { art: 2, amount: 5 } as const;

interface Ledger {
  readonly lines: readonly (Line | null)[]; // null: an empty row
  readonly titleRows: number;
}

const ledgerArb: fc.Arbitrary<Ledger> = fc.record({
  lines: fc.array(fc.option(lineArb, { freq: 8 }), { minLength: 1, maxLength: 40 }),
  titleRows: fc.nat(3),
});

// ------------------------------------------------------------------ the oracle

interface Expected {
  readonly lines: number;
  readonly leftOut: number;
  readonly total: number;
  readonly tables: Record<"drift" | "investering", number[][]>; // [group][I, IV]
  /** Amount cells that must be named (not readable, not blank). */
  readonly badAmounts: string[];
}

function expected(l: Ledger): Expected {
  const tables = { drift: ARTSGRUPPER.map((): [number, number] => [0, 0]), investering: ARTSGRUPPER.map((): [number, number] => [0, 0]) };
  let lines = 0;
  let leftOut = 0;
  let total = 0;
  const badAmounts: string[] = [];
  l.lines.forEach((x, i) => {
    if (!x) return;
    const row = l.titleRows + 1 + i;
    const a = x.amount.ore;
    if (a === "blank") {
      // A row with neither amount nor art is a note: not a line. An art without an amount is a line, left out.
      if (x.art.group !== "blank") {
        lines++;
        leftOut++;
      }
      return;
    }
    lines++;
    if (a === null) {
      leftOut++;
      badAmounts.push(cellAddress(row, COLUMN.amount));
      return;
    }
    total += a;
    const y = x.year.year;
    const ok = (y === YEAR || y === YEAR - 1) && x.chapter.ours && x.part.part !== null && typeof x.art.group === "number";
    if (!ok) {
      leftOut++;
      return;
    }
    at(tables[x.part.part!], x.art.group as number, "artsgruppe")[y === YEAR ? 0 : 1] += a;
  });
  return { lines, leftOut, total, tables, badAmounts };
}

function grids(l: Ledger): [SheetGrid, SheetGrid] {
  const title: CellValue[][] = Array.from({ length: l.titleRows }, (_, i) => (i === 0 ? ["Hovedbok, uttrekk"] : []));
  const rows = l.lines.map((x): CellValue[] => (x ? [x.chapter.cell, x.part.cell, x.art.cell, x.project, x.year.cell, x.amount.cell, x.note] : []));
  return [
    {
      name: "Oppsett",
      rows: [
        ["Nøkkel", "Verdi"],
        ["Rapportår", YEAR],
        ["Kapittel", CHAPTER],
      ],
      firstRow: 0,
      firstColumn: 0,
    },
    { name: "Regnskap", rows: [...title, HEADER, ...rows], firstRow: 0, firstColumn: 0 },
  ];
}

function checkReport(r: Report, e: Expected): void {
  const balance = r.findings.filter((f) => f.code === "LEDGER_BALANCE");
  expect(balance).toHaveLength(1);
  const b = balance[0];
  let inTables = 0;
  for (const [part, id] of [
    ["drift", "3.1"],
    ["investering", "3.3"],
  ] as const) {
    const groups = r.tables[id].rows.filter((x) => x.kind === "group");
    groups.forEach((g, i) => {
      inTables += g.amounts.regnskap + g.amounts.regnskapFjor;
      expect([part, g.key, g.amounts.regnskap, g.amounts.regnskapFjor]).toEqual([part, ARTSGRUPPER[i]?.key, e.tables[part][i]?.[0], e.tables[part][i]?.[1]]);
    });
  }
  // Conservation: tables' I + IV over both parts + Σ left out = the ledger's readable total.
  expect(inTables + (b?.amount ?? 0)).toBe(e.total);
  // Lines: in the tables + left out = ledger lines.
  expect(r.ledgerLines).toBe(e.lines);
  expect(b?.count ?? 0).toBe(e.leftOut);
  // Every unreadable amount is named by its cell.
  const named = new Set(r.findings.filter((f) => f.sheet === "Regnskap" && (f.code === "AMOUNT_INVALID" || f.code === "CELL_ERROR")).map((f) => f.cell));
  for (const cell of e.badAmounts) expect(named).toContain(cell);
  // Findings point at real cells.
  for (const f of r.findings) if (f.sheet === "Regnskap" && f.cell) expect(f.cell).toMatch(/^[A-G][1-9]\d*$/);
}

// ------------------------------------------------------------------ properties

describe("random ledgers with junk cells", () => {
  it("no exception escapes runPipeline, nothing is lost, and every unreadable amount is named", () => {
    fc.assert(
      fc.property(ledgerArb, (l) => {
        checkReport(runPipeline({ grids: grids(l) }), expected(l));
      }),
      { numRuns: RUNS },
    );
  });

  it("the same without Rapportår and Kapittel in Oppsett: found in the ledger or an InputError, never a crash", () => {
    fc.assert(
      fc.property(ledgerArb, (l) => {
        const [, ledger] = grids(l);
        let r: Report;
        try {
          r = runPipeline({ grids: [ledger] });
        } catch (e) {
          expect(e).toBeInstanceOf(InputError);
          return;
        }
        const balance = r.findings.find((f) => f.code === "LEDGER_BALANCE")!;
        let inTables = 0;
        for (const id of ["3.1", "3.3"] as const) for (const g of r.tables[id].rows) if (g.kind === "group") inTables += g.amounts.regnskap + g.amounts.regnskapFjor;
        // The readable total does not depend on the year or chapter found.
        expect(inTables + (balance.amount ?? 0)).toBe(expected(l).total);
        expect(r.ledgerLines).toBe(expected(l).lines);
      }),
      { numRuns: RUNS },
    );
  });

  it("a date far outside any calendar in År is named, and is not taken as the report year", () => {
    const ledger: SheetGrid = {
      name: "Regnskap",
      rows: [
        ["Art", "År", "Beløp"],
        ["010", YEAR, 5],
        ["010", { kind: "date", serial: 3_000_000 }, 7],
        ["010", { kind: "date", serial: 1e9 }, 11],
      ],
      firstRow: 0,
      firstColumn: 0,
    };
    const r = runPipeline({ grids: [ledger] });
    expect(r.year).toBe(YEAR);
    expect(r.findings.filter((f) => f.code === "YEAR_INVALID").map((f) => [f.cell, f.message.includes("NaN")])).toEqual([
      ["B3", false],
      ["B4", false],
    ]);
    expect(r.findings.find((f) => f.code === "LEDGER_BALANCE")).toMatchObject({ amount: 1800, count: 2 });
  });

  it("junk anywhere in any sheet (budget, register, regulations, settings): no exception but InputError", () => {
    const sheetArb = fc.record({
      name: fc.constantFrom("Regnskap", "Budsjett", "Prosjekter", "Reguleringer", "Oppsett", "Ark1"),
      header: fc.shuffledSubarray(
        [
          "Kapittel",
          "Del",
          "Art",
          "Prosjekt",
          "År",
          "Beløp",
          "Dok. 3",
          "Regulert budsjett",
          "Prosjektnavn",
          "Status",
          "Kategori",
          "Kat. 1",
          "Kat. 3",
          "Forventet ferdig",
          "Sak",
          "Type",
          "Nøkkel",
          "Verdi",
          "Regnskap 2024",
          "Budsjettype",
        ],
        { minLength: 2 },
      ),
      rows: fc.array(
        fc.array(
          fc.oneof(
            junkArb,
            amountArb.map((a) => a.cell),
            anyArb,
            fc.constantFrom<CellValue>("Rapportår", "Vesentlighetsgrense", "Interne arter i prosjekt", "5 %", 2024),
          ),
          { maxLength: 20 },
        ),
        { maxLength: 25 },
      ),
      firstRow: fc.nat(5),
      firstColumn: fc.nat(3),
    });
    fc.assert(
      fc.property(fc.uniqueArray(sheetArb, { selector: (s) => s.name, minLength: 1, maxLength: 5 }), (sheets) => {
        const gs: SheetGrid[] = sheets.map((s) => ({ name: s.name, rows: [s.header, ...s.rows], firstRow: s.firstRow, firstColumn: s.firstColumn }));
        try {
          const r = runPipeline({ grids: gs });
          expect(r.findings.filter((f) => f.code === "LEDGER_BALANCE")).toHaveLength(1);
        } catch (e) {
          expect(e).toBeInstanceOf(InputError);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
