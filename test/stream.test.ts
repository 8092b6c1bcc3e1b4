import { createHash } from "crypto";
import fc from "fast-check";
import { readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { type CellValue, isBlank, type SheetGrid, StreamFallback } from "../src/domain/cells";
import { runPipeline, runPipelineStreamed } from "../src/domain/pipeline";
import { fileBytes } from "../src/cli/file-bytes";
import { textFileToGrid, textFileToStreamGrid } from "../src/workbook/csv";
import { ENCODING_LABELS } from "../src/workbook/text-decode";
import { readXlsxFile } from "../src/workbook/xlsx-reader";
import { allText, type Example, loadExample, type TextSpec, YEAR_STYLES, NB, EN } from "./exports/exports";
import { tempDir } from "./helpers/temp-dir";

const gen = require("../scripts/bench/gen.js");

/**
 * The command line reads a large text export line by line (textFileToStreamGrid, runPipelineStreamed)
 * instead of as a grid of every cell. It must split every line as papaparse does and give the
 * same report, byte for byte, as the grid path the add-in and the tests use.
 */

async function streamedRows(g: SheetGrid): Promise<CellValue[][]> {
  if (!g.stream) return g.rows.map((r) => [...r]);
  const rows: CellValue[][] = [];
  await g.stream.each((row, r) => {
    expect(r).toBe(rows.length);
    rows.push([...row]);
  });
  return rows;
}

const withoutTrailingBlank = (rows: readonly (readonly CellValue[])[]) => {
  const out = rows.map((r) => [...r]);
  while (out.length > 0 && out[out.length - 1]?.every((v) => isBlank(v) && v === null)) out.pop();
  return out;
};

/**
 * What ByteLine says of a line's fields, worked out from their texts: the filled ones among the first
 * 31 as bits, and whether a filled one starts or ends with a character that is no printable ASCII one
 * (a byte outside 33–126 in UTF-8 and Windows-1252 is such a character, or part of one).
 */
function shapeOf(fields: readonly CellValue[]): [number, boolean] {
  let filled = 0;
  let odd = false;
  const plain = (c: number) => c > 32 && c < 127;
  fields.forEach((f, i) => {
    if (typeof f !== "string") return;
    if (i < 31) filled |= 1 << i;
    if (!plain(f.charCodeAt(0)) || !plain(f.charCodeAt(f.length - 1))) odd = true;
  });
  return [filled, odd];
}

function encode(text: string, encoding: "utf-8" | "utf-8-bom" | "utf-16le-bom" | "windows-1252"): Buffer {
  switch (encoding) {
    case "utf-8":
      return Buffer.from(text, "utf8");
    case "utf-8-bom":
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]);
    case "utf-16le-bom":
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    default:
      return Buffer.from(text, "latin1");
  }
}

describe("the streamed split of a text file is papaparse's", () => {
  const field = fc.oneof(
    fc.stringMatching(/^[a-z0-9 ,.\-øå€\ufeff]{0,6}$/),
    fc.stringMatching(/^"[a-z;,\t\n\r ø]{0,6}"$/),
    fc.stringMatching(/^"[a-z]{0,3}""[a-z;]{0,3}"$/),
    fc.constant('="010"'),
    fc.stringMatching(/^[a-z"; ]{0,5}$/),
    fc.stringMatching(/^[a-z]{0,2}[\r\n][a-z]{0,2}$/),
  );
  const text = fc.record({
    delimiter: fc.constantFrom(";", "\t", ",", "|"),
    eol: fc.constantFrom("\n", "\r\n", "\r"),
    lines: fc.array(fc.array(field, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 60 }),
    finalEol: fc.boolean(),
    encoding: fc.constantFrom("utf-8", "utf-8-bom", "utf-16le-bom", "windows-1252" as const),
    chunk: fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 64, max: 400 })),
    head: fc.integer({ min: 1, max: 10 }),
  });

  const dir = tempDir("avstem-stream-");

  it("rows, head and encoding as textFileToGrid gives them (or a fallback where a quote is malformed)", async () => {
    await fc.assert(
      fc.asyncProperty(text, async (t) => {
        const body = t.lines.map((l) => l.join(t.delimiter)).join(t.eol) + (t.finalEol ? t.eol : "");
        const bytes = encode(body, t.encoding);
        const whole = textFileToGrid("Regnskap", bytes);
        // The bytes in memory (the tests, the add-in), and read from a file piece by piece (the command line).
        const file = join(dir, "Regnskap.csv");
        writeFileSync(file, bytes);
        for (const source of [bytes, fileBytes(file)]) {
          const streamed = textFileToStreamGrid("Regnskap", source, { minBytes: 0, headRows: t.head, chunkBytes: t.chunk });
          expect(streamed.source).toEqual(whole.source);
          // The head is the grid's first rows, exactly.
          expect(streamed.rows.map((r) => [...r])).toEqual(whole.rows.slice(0, streamed.rows.length).map((r) => [...r]));
          let rows: CellValue[][];
          try {
            rows = await streamedRows(streamed);
          } catch (e) {
            expect(e).toBeInstanceOf(StreamFallback);
            expect(body).toContain('"');
            expect(withoutTrailingBlank((await streamed.stream!.grid()).rows)).toEqual(withoutTrailingBlank(whole.rows));
            continue;
          }
          expect(withoutTrailingBlank(rows)).toEqual(withoutTrailingBlank(whole.rows));
          // Read from bytes (eachLine): a line taken as bytes reads, field by field, as the row it would be given as.
          for (const take of streamed.stream ? [() => false, () => true, (r: number) => r % 3 === 1] : []) {
            const viaLines: CellValue[][] = [];
            let asBytes = 0;
            await streamed.stream!.eachLine!(
              (line, r) => {
                expect(r).toBe(viaLines.length);
                if (!take(r)) return false;
                asBytes++;
                viaLines.push(Array.from({ length: line.count }, (_, i) => line.text(i)));
                expect([line.filled, line.oddEdge]).toEqual(shapeOf(viaLines[viaLines.length - 1]!));
                return true;
              },
              (row, r) => {
                expect(r).toBe(viaLines.length);
                viaLines.push([...row]);
              },
            );
            expect(viaLines).toEqual(rows);
            if (t.encoding === "utf-16le-bom" || t.eol === "\r") expect(asBytes).toBe(0);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it("a line's filled fields and odd edges, past the 31st field too", async () => {
    const wide = Array.from({ length: 34 }, (_, i) => (i % 3 === 0 ? "" : `f${i}`));
    const lines = [
      wide,
      wide.map((v, i) => (i === 32 ? " x" : v)),
      wide.map((v, i) => (i === 2 ? "x\u00f8" : v)),
      wide.map((v, i) => (i === 30 ? '"q "' : v)),
      wide.map((v, i) => (i === 4 ? "\u00f8x" : v)),
      wide.map((v, i) => (i === 5 ? "x\u007f" : v)),
      wide.map((v, i) => (i === 7 ? "~!" : v)),
    ];
    for (const encoding of ["utf-8", "windows-1252"] as const) {
      // Past the head (its first 20 rows and one more) and the first piece read: the lines after them are offered as bytes.
      const filler = Array.from({ length: 40 }, () => wide.join(";"));
      const body = ["h;".repeat(33) + "h", ...filler, ...lines.map((l) => l.join(";"))].join("\n") + "\n";
      const streamed = textFileToStreamGrid("Regnskap", encode(body, encoding), { minBytes: 0, headRows: 1, chunkBytes: 1024 });
      const seen: [number, boolean][] = [];
      await streamed.stream!.eachLine!(
        (line) => {
          seen.push([line.filled, line.oddEdge]);
          expect([line.filled, line.oddEdge]).toEqual(shapeOf(Array.from({ length: line.count }, (_, i) => line.text(i))));
          return true;
        },
        () => undefined,
      );
      // Fields 0, 3, …, 30 empty: bits 1, 2, 4, 5, … 29 set; the 31st field and on are not counted.
      const bits = wide.slice(0, 31).reduce((m, v, i) => (v ? m | (1 << i) : m), 0);
      expect(seen.slice(-7)).toEqual([
        [bits, false],
        [bits, true],
        [bits, true],
        [bits | (1 << 30), true],
        [bits, true],
        [bits, true],
        [bits, false],
      ]);
    }
  });

  it("a long file is read from bytes, all but its first piece; a quoted line break or a stray quote sends only its own piece to the text rules", async () => {
    const plain = Array.from({ length: 400 }, (_, i) => `125;Drift;${String(i % 1000).padStart(3, "0")};;${i};"Tekst; med semikolon";2024;-1 234,5${i % 10}`);
    const odd = [...plain];
    odd[200] = '125;Drift;010;;1;"to\nlinjer";2024;1,00';
    odd[300] = '125;Drift;010;;1;="010";2024;1,00';
    odd[301] = '125;Drift;010;;1;"med ""sitat""";2024;1,00';
    // A U+FEFF that starts a field is the field's text (only the file's first is left out).
    odd[350] = "125;Drift;010;;1;\ufeffTekst;2024;1,00";
    odd[351] = '125;Drift;010;;1;"\ufeffTekst ""sitert""";2024;1,00';
    // A line wider than the reader's first arrays (64 fields).
    odd[360] = Array.from({ length: 150 }, (_, i) => (i % 7 === 3 ? "" : `f${i}`)).join(";");
    for (const lines of [plain, odd])
      for (const eol of ["\n", "\r\n"]) {
        const body = ["Kapittel;Del;Art;Prosjekt;Bilag;Tekst;År;Beløp", ...lines].join(eol) + eol;
        for (const encoding of ["utf-8", "windows-1252"] as const) {
          const bytes = encode(body, encoding);
          const whole = textFileToGrid("Regnskap", bytes);
          const streamed = textFileToStreamGrid("Regnskap", bytes, { minBytes: 0, headRows: 5, chunkBytes: 1024 });
          const rows: CellValue[][] = [];
          let asBytes = 0;
          await streamed.stream!.eachLine!(
            (line) => {
              asBytes++;
              rows.push(Array.from({ length: line.count }, (_, i) => line.text(i)));
              return true;
            },
            (row) => rows.push([...row]),
          );
          expect(withoutTrailingBlank(rows)).toEqual(withoutTrailingBlank(whole.rows));
          // The first piece (about 20 lines of 1 KB) as text; the odd records and, at most, the rest of the piece of a quoted line break.
          expect(asBytes).toBeGreaterThan(lines === plain ? 360 : 320);
        }
      }
  });
});

describe("runPipelineStreamed gives runPipeline's report", () => {
  let example: Example;
  let truth: string;
  beforeAll(async () => {
    ({ example, truth } = await loadExample());
  });

  it.each<[string, Partial<TextSpec>]>([
    ["Norwegian amounts, År", {}],
    ["English amounts (read twice)", { amount: EN }],
    ["Debet/Kredit, Kredit signed (read twice)", { debetKredit: { debet: "Debet", kredit: "Kredit", signed: true } }],
    ["ERP subtotals", { subtotals: "erp" }],
    ["unlabelled subtotals", { subtotals: "unlabelled" }],
    ["Periode YYYYMM", { year: YEAR_STYLES["Periode YYYYMM"] }],
    ["quoted fields, UTF-16, CRLF", { quoteAll: true, encoding: "utf-16le-bom", eol: "\r\n" }],
  ])("%s", async (_name, spec) => {
    const files = allText({ encoding: "utf-8", delimiter: ";", eol: "\n", amount: NB, ...spec } as TextSpec)(example);
    const grids = Object.entries(files).map(([name, bytes]) => textFileToGrid(name.replace(/\.csv$/, ""), bytes));
    const streamed = Object.entries(files).map(([name, bytes]) => textFileToStreamGrid(name.replace(/\.csv$/, ""), bytes, { minBytes: 0, headRows: 5, chunkBytes: 997 }));
    expect(streamed.some((g) => g.stream)).toBe(true);
    const a = runPipeline({ grids });
    // The ledger's passes counted as they end; ledgerRead (the command line's cue to V8) must come once, after the last.
    const ledger = streamed.find((g) => g.name === "Regnskap")!;
    const passes = { ended: 0, atLedgerRead: [] as number[] };
    const stream = ledger.stream!;
    const counted = {
      ...ledger,
      stream: {
        ...stream,
        each: async (...args: Parameters<typeof stream.each>) => {
          await stream.each(...args);
          passes.ended++;
        },
        ...(stream.eachLine
          ? {
              eachLine: async (...args: Parameters<NonNullable<typeof stream.eachLine>>) => {
                await stream.eachLine!(...args);
                passes.ended++;
              },
            }
          : {}),
      },
    };
    const withCount = streamed.map((g) => (g === ledger ? counted : g));
    const ledgerRead = () => passes.atLedgerRead.push(passes.ended);
    const b = await runPipelineStreamed({ grids: withCount }, { ledgerRead });
    expect(JSON.stringify(b.json)).toBe(JSON.stringify(a.json));
    expect(b.findings).toEqual(a.findings);
    expect(JSON.stringify(b.json.tables)).toBe(truth);
    expect(passes.atLedgerRead).toEqual([passes.ended]);
    expect(passes.ended).toBeGreaterThanOrEqual(1);
    // Without the year and chapter from settings, the ledger is tallied first, then read: still one cue, after both passes.
    passes.ended = 0;
    passes.atLedgerRead = [];
    const c = await runPipelineStreamed({ grids: withCount.filter((g) => g.name !== "Oppsett") }, { ledgerRead });
    expect(JSON.stringify(c.json)).toBe(JSON.stringify(runPipeline({ grids: grids.filter((g) => g.name !== "Oppsett") }).json));
    expect(passes.ended).toBe(2);
    expect(passes.atLedgerRead).toEqual([2]);
  });
});

describe("a large file taken for UTF-8 by its first bytes is checked as it is read", () => {
  const dir = tempDir("avstem-utf8-");
  let files: string[];
  beforeAll(() => {
    // Past the first megabyte read for the delimiter and line-break guess, so the bad byte below is met by the passes.
    files = gen.writeCsvs(gen.makeDataset(30_000), join(dir, "csv"));
  }, 60_000);
  const name = (f: string) => f.replace(/^.*\//, "").replace(/\.csv$/, "");
  // The ledger's first 4 KB are checked at once (the generated texts have æ, ø and å early), the rest as it is read.
  const options = { utf8HeadBytes: 4096, minBytes: 0, headRows: 5 };
  const ledger = () => files.find((f) => name(f) === "Regnskap")!;

  it("valid to the end: streamed as UTF-8, the grid's report", async () => {
    const bytes = readFileSync(ledger());
    expect(bytes.subarray(0, 4096).some((b) => b >= 0x80)).toBe(true);
    const grid = textFileToStreamGrid("Regnskap", fileBytes(ledger()), options);
    expect(grid.source).toEqual(textFileToGrid("Regnskap", bytes).source);
    await expect(
      grid.stream!.eachLine!(
        () => true,
        () => undefined,
      ),
    ).resolves.toBeUndefined();
  });

  it("a Windows-1252 byte far past the first bytes: the reading stops, and the report is the whole grid's (Windows-1252)", async () => {
    // A late line typed in Windows-1252 (ø as the byte F8): the file as a whole is not UTF-8, so textFileToGrid reads all of it as Windows-1252.
    const mixed = join(dir, "Regnskap.csv");
    writeFileSync(mixed, Buffer.concat([readFileSync(ledger()), Buffer.from("125;Drift;010;;999999;Str\xf8m;2024;12,50\n", "latin1")]));
    const whole = textFileToGrid("Regnskap", readFileSync(mixed));
    expect(whole.source!.encoding).toBe(ENCODING_LABELS["windows-1252"]);
    const streamed = textFileToStreamGrid("Regnskap", fileBytes(mixed), options);
    await expect(
      streamed.stream!.eachLine!(
        () => true,
        () => undefined,
      ),
    ).rejects.toBeInstanceOf(StreamFallback);
    await expect(streamed.stream!.each(() => undefined)).rejects.toBeInstanceOf(StreamFallback);
    // What a run gives: the report, or the one sentence it stops with.
    const outcome = async (run: () => Promise<{ json: unknown }> | { json: unknown }) => {
      try {
        return JSON.stringify((await run()).json);
      } catch (e) {
        return `stopped: ${(e as Error).message}`;
      }
    };
    const others = files.filter((f) => name(f) !== "Regnskap");
    const wholeOthers = (skip: string) => others.filter((f) => name(f) !== skip).map((f) => textFileToGrid(name(f), readFileSync(f)));
    const a = await outcome(() => runPipeline({ grids: [whole, ...wholeOthers("")] }));
    // Read whole as Windows-1252, the header's Beløp and År are no longer those words: the run stops, and says how the ledger was read.
    expect(a).toMatch(/^stopped: .*Windows-1252.*BelÃ¸p/);
    expect(await outcome(() => runPipelineStreamed({ grids: [streamed, ...others.map((f) => textFileToStreamGrid(name(f), fileBytes(f), options))] }))).toBe(a);
    // Without the settings the ledger is tallied before it is read: the reading stops in the tally.
    const c = await outcome(() => runPipelineStreamed({ grids: [textFileToStreamGrid("Regnskap", fileBytes(mixed), options), ...wholeOthers("Oppsett")] }));
    expect(c).toBe(await outcome(() => runPipeline({ grids: [whole, ...wholeOthers("Oppsett")] })));
  }, 60_000);

  it("a Windows-1252 byte late in a ledger whose header is ASCII: the same report as the whole grid's", async () => {
    // Headers without æ, ø, å (Belop, Aar), so that the whole file read as Windows-1252 still has a ledger; and an
    // art cell ending in a no-break space (UTF-8 C2 A0), which read as Windows-1252 is "010Â" and no art: the two
    // readings give different reports.
    const [header, ...rest] = readFileSync(ledger(), "utf8").replace("Beløp", "Belop").replace("År", "Aar").split("\n");
    const text = [header, "125;Drift;010\u00a0;;999998;Strøm;2024;7,25", ...rest].join("\n");
    const mixed = join(dir, "Regnskap2.csv");
    writeFileSync(mixed, Buffer.concat([Buffer.from(text, "utf8"), Buffer.from("125;Drift;010;;999999;Str\xf8m;2024;12,50\n", "latin1")]));
    const whole = textFileToGrid("Regnskap", readFileSync(mixed));
    expect(whole.source!.encoding).toBe(ENCODING_LABELS["windows-1252"]);
    const others = files.filter((f) => name(f) !== "Regnskap");
    const a = runPipeline({ grids: [whole, ...others.map((f) => textFileToGrid(name(f), readFileSync(f)))] });
    const streamed = textFileToStreamGrid("Regnskap", fileBytes(mixed), options);
    expect(streamed.stream).toBeDefined();
    const b = await runPipelineStreamed({ grids: [streamed, ...others.map((f) => textFileToStreamGrid(name(f), fileBytes(f), options))] });
    expect(JSON.stringify(b.json)).toBe(JSON.stringify(a.json));
    expect(b.findings).toEqual(a.findings);
    // The art read as Windows-1252 is no art: a finding names it (the UTF-8 reading would have taken it).
    expect(a.findings.some((f) => f.message.includes("010Â"))).toBe(true);
  }, 60_000);

  it("a first part of ASCII alone says nothing: the whole file is checked before it is read", () => {
    const ascii = join(dir, "ascii.csv");
    const lines = readFileSync(ledger(), "utf8").split("\n");
    const plain = lines.map((l) => l.replace(/[\u0080-\uffff]/g, "o")).join("\n");
    writeFileSync(ascii, Buffer.concat([Buffer.from(plain, "utf8"), Buffer.from("125;Drift;010;;999999;Str\xf8m;2024;12,50\n", "latin1")]));
    const grid = textFileToStreamGrid("Regnskap", fileBytes(ascii), options);
    expect(grid.source!.encoding).toBe(ENCODING_LABELS["windows-1252"]);
  });
});

describe("the bench's generated 100,000-line ledger: today's JSON, byte for byte", () => {
  // SHA-256 of the report JSON (JSON.stringify(report.json, null, 2) + "\n", as --json writes it) that the grid
  // path gave for `node scripts/bench/gen.js 100000` before streaming (commit 6090173), from the CSVs and from the .xlsx.
  const TODAY = "dc621c317aaef1e21b574292aea3a51902119be93c7ad4b6eb5c336579ad03ab";
  const dir = tempDir("avstem-stream-");
  let files: string[];
  beforeAll(async () => {
    const ds = gen.makeDataset(100_000);
    files = gen.writeCsvs(ds, join(dir, "csv"));
    await gen.writeXlsx(ds, join(dir, "input.xlsx"));
  }, 120_000);
  const hash = (json: unknown) =>
    createHash("sha256")
      .update(`${JSON.stringify(json, null, 2)}\n`)
      .digest("hex");
  const name = (f: string) => f.replace(/^.*\//, "").replace(/\.csv$/, "");

  it("streamed CSV (the command line) and the CSV grid", async () => {
    const streamed = files.map((f) => textFileToStreamGrid(name(f), readFileSync(f)));
    expect(streamed.find((g) => g.name === "Regnskap")!.stream).toBeDefined();
    expect(hash((await runPipelineStreamed({ grids: streamed })).json)).toBe(TODAY);
    expect(hash(runPipeline({ grids: files.map((f) => textFileToGrid(name(f), readFileSync(f))) }).json)).toBe(TODAY);
  }, 120_000);

  it("the .xlsx", async () => {
    const grids = await readXlsxFile(join(dir, "input.xlsx"));
    expect(hash((await runPipelineStreamed({ grids })).json)).toBe(TODAY);
  }, 120_000);

  it("the .xlsx with its ledger sheet streamed (the command line)", async () => {
    const grids = await readXlsxFile(join(dir, "input.xlsx"), { stream: true });
    expect(grids.find((g) => g.name === "Regnskap")!.stream).toBeDefined();
    expect(hash((await runPipelineStreamed({ grids })).json)).toBe(TODAY);
    // Without the settings sheet the ledger is read twice (tallied, then read): the same report as the grid's.
    const noSettings = grids.filter((g) => g.name !== "Oppsett");
    const whole = (await readXlsxFile(join(dir, "input.xlsx"))).filter((g) => g.name !== "Oppsett");
    expect(hash((await runPipelineStreamed({ grids: noSettings })).json)).toBe(hash(runPipeline({ grids: whole }).json));
  }, 120_000);
});
