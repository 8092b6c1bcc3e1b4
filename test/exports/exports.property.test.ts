import fc from "fast-check";
import { runPipeline } from "../../src/domain/pipeline";
import { textFileToGrid } from "../../src/workbook/csv";
import { allText, type AmountStyle, type Encoding, type Example, loadExample, type TextSpec, YEAR_STYLES } from "./exports";

/**
 * Any export written in any supported form reads to the same tables as the workbook:
 * encodings × delimiters × line ends × number forms × signs × currency × amount headers
 * × Debet/Kredit × year and period columns × preambles × subtotal rows × quoting.
 */

let example: Example;
let truth: string;

beforeAll(async () => {
  ({ example, truth } = await loadExample());
});

const encoding = fc.constantFrom<Encoding>("utf-8", "utf-8-bom", "utf-16le-bom", "utf-16le", "utf-16be-bom", "utf-16be", "windows-1252");
const amount = fc
  .record({
    english: fc.boolean(),
    group: fc.constantFrom("", "space", "nbsp", "narrow", "dot"),
    negative: fc.constantFrom<AmountStyle["negative"]>("lead", "trail", "paren", "uminus"),
    currency: fc.constantFrom<AmountStyle["currency"] | undefined>(undefined, "kr-before", "NOK-after"),
  })
  .map(({ english, group, negative, currency }): AmountStyle => {
    // The thousands separator must differ from the decimal one: "." is English's decimal, "," Norwegian's.
    const g = group === "space" ? " " : group === "nbsp" ? "\u00a0" : group === "narrow" ? "\u202f" : group === "dot" ? (english ? "," : ".") : "";
    return { decimal: english ? "." : ",", group: g as AmountStyle["group"], negative, currency };
  });

const spec = fc
  .record({
    encoding,
    delimiter: fc.constantFrom<TextSpec["delimiter"]>(";", "\t", ",", "|"),
    eol: fc.constantFrom<TextSpec["eol"]>("\r\n", "\n"),
    amount,
    amountHeader: fc.constantFrom("Beløp", "Beløp NOK", "Beløp (kr)", "Amount", "Beløp i kr"),
    debetKredit: fc.option(fc.record({ debet: fc.constantFrom("Debet", "Debit"), kredit: fc.constantFrom("Kredit", "Credit"), signed: fc.boolean() }), { nil: undefined }),
    year: fc.constantFrom(...Object.values(YEAR_STYLES)),
    monthBefore: fc.boolean(),
    preamble: fc.constantFrom<readonly string[]>([], ["Hovedbok"], ["Hovedbok", "Utskrevet 15.01.2023", ""]),
    quoteAll: fc.boolean(),
    subtotals: fc.constantFrom<TextSpec["subtotals"]>(undefined, "erp", "excel", "unlabelled", "grand"),
  })
  // Characters Windows-1252 cannot hold are not written in it.
  .filter((s) => s.encoding !== "windows-1252" || (s.amount.group !== "\u202f" && s.amount.negative !== "uminus"));

describe("any supported export form reads to the workbook's tables", () => {
  it("encodings, delimiters, number forms, year columns, Debet/Kredit, preambles, subtotals", () => {
    fc.assert(
      fc.property(spec, (s) => {
        const files = allText(s as TextSpec)(example);
        const grids = Object.entries(files).map(([name, bytes]) => textFileToGrid(name.replace(/\.csv$/, ""), bytes));
        const report = runPipeline({ grids });
        expect(report.findings.filter((f) => f.severity === "error")).toEqual([]);
        expect(JSON.stringify(report.json.tables)).toBe(truth);
      }),
      { numRuns: Number(process.env.EXPORT_RUNS ?? 60) },
    );
  });
});
