import fc from "fast-check";
import type { SheetGrid } from "../src/domain/cells";
import { FindingSink } from "../src/domain/finding-sink";
import { GridReader } from "../src/domain/input";
import { detectLayout } from "../src/domain/layout";
import { resolveYearSource } from "../src/domain/ledger-columns";
import { LedgerScan } from "../src/domain/ledger-scan";
import { runPipeline, runPipelineStreamed } from "../src/domain/pipeline";
import { parsePeriod } from "../src/domain/tertial/period";
import { textFileToGrid, textFileToStreamGrid } from "../src/workbook/csv";
import { countingLines, type LineCounts, outcome } from "./support/streamed";

/**
 * The command line reads a ledger's common lines from their bytes (TextSource.lines, and the
 * ledger reader's byte path in aggregate.ts) and every other line as a row. Random ledgers of
 * common lines with every kind of odd cell mixed in must give, read so, the report the whole
 * grid gives: the same JSON and the same findings, in the same order.
 */

const RUNS = Number(process.env.AVSTEM_PROPERTY_RUNS ?? 150);

const pick = <T>(common: T, odd: readonly T[]) => fc.oneof({ weight: 12, arbitrary: fc.constant(common) }, { weight: 1, arbitrary: fc.constantFrom(...odd) });
const oneOf = <T>(...xs: readonly T[]) => fc.constantFrom(...xs);

const art = fc.oneof(
  { weight: 10, arbitrary: oneOf("010", "020", "050", "090", "100", "120", "195", "270", "429", "470", "690", "730", "750", "790", "850", "870", "990") },
  // The art of the line above: runs of one art, whose sums a later line may equal.
  { weight: 6, arbitrary: fc.constant("@") },
  { weight: 1, arbitrary: oneOf("01001", "0100", "abc", "", " 010", "010 ", "#N/A", "Sum art 010", "010 Totalt", "1", "Drift", "999", "Å10", '="010"', '"010"', '"0""10"') },
);
const part = pick("Drift", ["Investering", "drift", "I", "inv", "", "Sum", "Totalt", "Xyz", " Drift"]);
// @CH and @Y stand for the ledger's own chapter and year (which the pass without settings must find).
const chapter = pick("@CH", ["125", "126", "", "12a", "Sum", "125 "]);
const project = fc.oneof(
  { weight: 6, arbitrary: fc.constant("") },
  { weight: 4, arbitrary: oneOf("118000", "11800001", "118007", "11800702") },
  { weight: 1, arbitrary: oneOf("12345", " 118000", "abc", "Totalt", " ", "\u00a0") },
);
const year = fc.oneof(
  { weight: 8, arbitrary: fc.constant("@Y") },
  { weight: 4, arbitrary: fc.constant("2023") },
  { weight: 1, arbitrary: oneOf("2024", "2022", "", "20x4", "Sum", "2024 ") },
);
const text = pick("Kurs", [
  "Sum",
  "Sum drift",
  "Totalt",
  "Utgifter i alt",
  "i\u00a0alt",
  "Strøm",
  " mellomrom ",
  '"med; semikolon"',
  '"med ""sitat"""',
  '="010"',
  "Tot",
  "SUMMER",
  "Øvrig",
  "Leie i bygg",
  " ",
  "\u00a0",
  "\t",
  "ø",
  "",
]);
const amount = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.integer({ min: -99_999_999, max: 99_999_999 }).map((o) => `${o < 0 ? "-" : ""}${Math.floor(Math.abs(o) / 100)},${String(Math.abs(o) % 100).padStart(2, "0")}`),
  },
  { weight: 2, arbitrary: fc.integer({ min: -9_999_999, max: 9_999_999 }).map(String) },
  {
    weight: 1,
    arbitrary: oneOf(
      "1 234,50",
      "-12 345 678,9",
      "1\u00a0234,50",
      "1.234,50",
      "(100,00)",
      "100,00-",
      "abc",
      "",
      "12,345",
      "1,234.50",
      "0,00",
      "-0",
      " 12,00",
      "12,00 ",
      "#VALUE!",
      "1 23,00",
    ),
  },
);

interface Line {
  readonly cells: readonly string[];
}
const line = fc.tuple(chapter, part, art, project, fc.integer({ min: 1, max: 999_999 }).map(String), text, year, amount).map((cells): Line => ({ cells }));
/**
 * A row that sums the k lines above it: a subtotal as ERP exports write it (no art, with or
 * without a label), or a line like the one above it, of its art, whose amount is their sum.
 */
const subtotal = fc
  .tuple(fc.integer({ min: 2, max: 4 }), oneOf("", "Sum", "Delsum", "Kurs"), fc.boolean(), fc.boolean())
  .map(([k, label, likeAbove, noVoucher]) => ({ k, label, likeAbove, noVoucher }));

interface Ledger {
  readonly lines: readonly (Line | { readonly k: number; readonly label: string; readonly likeAbove: boolean; readonly noVoucher: boolean })[];
  readonly eol: string;
  readonly encoding: "utf-8" | "windows-1252";
  readonly oppsett: boolean;
  readonly chunk: number;
  readonly width: number;
  /** The chapter and year of most lines, and whether every third amount is written in English form. */
  readonly chapter: string;
  readonly year: string;
  readonly english: boolean;
  /** A Periode column (YYYYMM) instead of År: the year and the month of each line from it. */
  readonly periode: boolean;
}
const ledger: fc.Arbitrary<Ledger> = fc.record({
  lines: fc.array(fc.oneof({ weight: 12, arbitrary: line as fc.Arbitrary<Ledger["lines"][number]> }, { weight: 1, arbitrary: subtotal as fc.Arbitrary<Ledger["lines"][number]> }), {
    minLength: 25,
    maxLength: 150,
    size: "max",
  }),
  eol: oneOf("\n", "\r\n"),
  encoding: oneOf<"utf-8" | "windows-1252">("utf-8", "windows-1252"),
  oppsett: fc.boolean(),
  chunk: fc.integer({ min: 40, max: 700 }),
  width: oneOf(0, 0, 0, 1, -1),
  chapter: oneOf("125", "126"),
  year: oneOf("2024", "2025"),
  english: fc.boolean(),
  periode: fc.boolean(),
});

const HEADER = ["Kapittel", "Del", "Art", "Prosjekt", "Bilag", "Tekst", "År", "Beløp"];

const kroner = (o: number) => `${o < 0 ? "-" : ""}${Math.floor(Math.abs(o) / 100)},${String(Math.abs(o) % 100).padStart(2, "0")}`;

function ledgerText(t: Ledger): string {
  const rows: string[] = [(t.periode ? HEADER.map((h) => (h === "År" ? "Periode" : h)) : HEADER).join(";")];
  const period = (y: string) => (t.periode && /^\d{4}$/.test(y) ? `${y}${String((rows.length % 13) + 1).padStart(2, "0")}` : y);
  const amounts: number[] = [];
  let above: string[] = [t.chapter, "Drift", "010", "", "1", "Kurs", t.year, "0,00"];
  for (const l of t.lines) {
    if ("k" in l) {
      const sum = amounts.slice(-l.k).reduce((a, b) => a + b, 0);
      // Like the line above, of its art (with no Bilag, it is blank where the line above is filled: shaped like a total).
      const like = [...above.slice(0, 4), l.noVoucher ? "" : above[4]!, l.label || "Kurs", above[6]!, kroner(sum)];
      rows.push((l.likeAbove ? like : [t.chapter, "Drift", "", "", "", l.label, period(t.year), kroner(sum)]).join(";"));
      continue;
    }
    const cells = [...l.cells];
    if (cells[2] === "@") cells[2] = above[2]!;
    if (cells[0] === "@CH") cells[0] = t.chapter;
    if (cells[6] === "@Y") cells[6] = t.year;
    cells[6] = period(cells[6]!);
    if (t.english && rows.length % 3 === 0) cells[7] = cells[7]!.replace(/^(-?\d+),(\d\d)$/, "$1.$2");
    above = [...cells];
    const m = /^(-?)(\d+),(\d\d)$/.exec(cells[7]!);
    amounts.push(m ? (m[1] ? -1 : 1) * (Number(m[2]) * 100 + Number(m[3])) : 0);
    // Now and then a line of another width than the header's.
    if (t.width === 1 && rows.length % 17 === 5) cells.push("ekstra");
    if (t.width === -1 && rows.length % 19 === 7) cells.pop();
    rows.push(cells.join(";"));
  }
  return rows.join(t.eol) + t.eol;
}

const encode = (s: string, encoding: "utf-8" | "windows-1252") => (encoding === "utf-8" ? Buffer.from(s, "utf8") : Buffer.from(s, "latin1"));

const OPPSETT = "Nøkkel;Verdi\nRapportår;2024\nKapittel;125\nVirksomhet;Test\n";
const BUDGET = "Kapittel;Del;Art;Prosjekt;Dok. 3;Regulert budsjett\n125;Drift;010;;1000,00;1200,00\n125;Investering;020;118000;500,00;500,00\n";
const REGISTER = "Prosjekt;Prosjektnavn\n118000;Skole\n11800001;Skole, del 1\n118007;Bad\n11800702;Bad, del 2\n";

describe("a ledger read from its bytes gives the whole grid's report", () => {
  const counts: LineCounts = { bytes: 0, rows: 0 };
  afterAll(() => {
    // The property means something only if many lines took the byte path, and many did not.
    expect(counts.bytes).toBeGreaterThan(RUNS * 20);
    expect(counts.rows).toBeGreaterThan(RUNS);
  });

  it("random ledgers of common lines with odd cells, subtotal rows and lines of another width mixed in", async () => {
    await fc.assert(
      fc.asyncProperty(ledger, async (t) => {
        const files: Record<string, Buffer> = {
          Regnskap: encode(ledgerText(t), t.encoding),
          Budsjett: encode(BUDGET, t.encoding),
          Prosjekter: encode(REGISTER, t.encoding),
          ...(t.oppsett ? { Oppsett: encode(OPPSETT, t.encoding) } : {}),
        };
        const whole: SheetGrid[] = Object.entries(files).map(([name, bytes]) => textFileToGrid(name, bytes));
        const streamed: SheetGrid[] = Object.entries(files).map(([name, bytes]) =>
          countingLines(textFileToStreamGrid(name, bytes, { minBytes: 0, headRows: 3, chunkBytes: t.chunk }), counts),
        );
        // With a Periode column, the tertial report (its months from the lines) half of the time.
        const period = t.periode && t.lines.length % 2 === 0 ? { period: parsePeriod(`${t.year}-08`)! } : {};
        expect(await outcome(() => runPipelineStreamed({ grids: streamed, ...period }))).toBe(await outcome(() => runPipeline({ grids: whole, ...period })));
      }),
      { numRuns: RUNS },
    );
  });
});

describe("the tallying pass (no year or chapter setting) counts a line given as bytes as add() counts its row", () => {
  it("line by line the same latest year and most common chapter; at the end the same number form and findings", async () => {
    let taken = 0;
    await fc.assert(
      fc.asyncProperty(ledger, async (t) => {
        const bytes = encode(ledgerText(t), t.encoding);
        const whole = textFileToGrid("Regnskap", bytes);
        // A ledger the layout does not find is refused alike both ways (the property above).
        const d = detectLayout([whole]).sheets.regnskap;
        if (!d) return;
        const year = resolveYearSource(new GridReader(whole), d);
        if (year.kind === "none") return;
        const want = { year: true, chapter: true };
        const byRows = new LedgerScan(0, d, year, want);
        const byBytes = new LedgerScan(0, d, year, want);
        const pass = byBytes.pass()!;
        expect(pass).toBeDefined();
        const streamed = textFileToStreamGrid("Regnskap", bytes, { minBytes: 0, headRows: 3, chunkBytes: t.chunk });
        if (!streamed.stream?.eachLine) return;
        await streamed.stream.eachLine(
          (l, r) => {
            if (r <= d.headerRow || !pass(l, r)) return false;
            taken++;
            byRows.add(
              Array.from({ length: l.count }, (_, i) => l.text(i)),
              r,
            );
            expect(byBytes.latestYear).toBe(byRows.latestYear);
            expect(byBytes.mostCommonChapter).toBe(byRows.mostCommonChapter);
            return true;
          },
          (row, r) => {
            if (r <= d.headerRow) return;
            byBytes.add(row, r);
            byRows.add(row, r);
          },
        );
        expect(byBytes.mostCommonChapter).toBe(byRows.mostCommonChapter);
        const [a, b] = [new FindingSink(), new FindingSink()];
        expect(JSON.stringify(byBytes.plan(a))).toBe(JSON.stringify(byRows.plan(b)));
        const all = (sink: FindingSink) => sink.findings((code, sheet, count) => `${code} ${sheet} ${count}`);
        expect(all(a)).toEqual(all(b));
      }),
      { numRuns: RUNS },
    );
    expect(taken).toBeGreaterThan(RUNS * 20);
  });
});
