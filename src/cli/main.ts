import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync, writeSync } from "fs";
import { basename, dirname, extname, resolve } from "path";
import { parseArgs } from "util";
import type { SheetGrid } from "../domain/cells";
import { countBySeverity } from "../domain/findings";
import { formatNorwegian } from "../domain/norwegian-number";
import { InputError, runPipelineStreamed } from "../domain/pipeline";
import { checkExistingTable } from "../domain/report/table-check";
import { textFileToGrid, textFileToStreamGrid } from "../workbook/csv";
import { fileBytes } from "./file-bytes";
import { optimiseNoMore } from "./one-shot";
import type * as XlsxReader from "../workbook/xlsx-reader";
import { avvik, type ProjectAmounts } from "../domain/amounts";
import { CATEGORIES } from "../domain/categorise";
import type { Language } from "../domain/settings";
import { parsePeriod, periodKey, type ReportPeriod } from "../domain/tertial/period";
import type { TertialAmounts, TertialTables } from "../domain/tertial/tables";

const USAGE = `Avstem: tabeller for årsberetningens kapittel 3 (budsjett mot regnskap).

Bruk:
  avstem build <input.xlsx|ark.csv …> -o <rapport.xlsx> [--json <rapport.json>] [--year ÅÅÅÅ] [--period ÅÅÅÅ-MM] [--summary] [--lang nb|en]
  avstem check-table <fil.xlsx> --sheet <navn> [--json <ut.json>] [--lang nb|en]

--period ÅÅÅÅ-MM gir tertialrapporten for perioden (2024-04: 1. tertial, 2024-08: 2. tertial):
regnskap hittil, prognose for året og forventet avvik (arkene Tertial Drift, Tertial Investering,
Tertial Prosjekter). Regnskapet må ha en kolonne Periode eller Bilagsdato.

--lang en gir kontrollens meldinger, kategoribegrunnelsene, arket Kontroll og utskriften
på engelsk (standard nb: norsk). Tabellene 3.1–3.4.2 er alltid på norsk.

Exit status: 0 uten feil, 1 når kontrollen fant feil (rapporten skrives likevel, merket),
2 når grunnlaget ikke kan brukes (fil mangler, ikke en arbeidsbok, fant ikke regnskapet).`;

/** The .xlsx reader (jszip, saxes), loaded when a workbook is read: a CSV run does without. */
let xlsxReader: typeof XlsxReader | undefined;
async function loadXlsxReader(): Promise<typeof XlsxReader> {
  return (xlsxReader ??= await import("../workbook/xlsx-reader"));
}

/** The input cannot be used at all: one clear sentence on stderr, exit 2. */
class UsageError extends Error {}

/** Where the command line writes its text: standard output and error (tests give their own). */
interface Io {
  readonly out: { write(text: string): unknown };
  readonly err: { write(text: string): unknown };
}

/**
 * A standard stream written straight to its file descriptor. Node's process.stdout for a pipe
 * (how other programs and the bench run the command line) loads its network streams and took
 * 4–7 ms of every run; the command line writes a few lines. Only where a write does not go
 * through at once (a full non-blocking pipe, a closed reader) does the rest go to Node's stream,
 * which then does as it always did.
 */
export function standard(fd: number, stream: () => NodeJS.WriteStream): Io["out"] {
  let fallback: NodeJS.WriteStream | undefined;
  return {
    write(text: string): boolean {
      if (fallback) return fallback.write(text);
      const bytes = Buffer.from(text, "utf8");
      let done = 0;
      try {
        while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
        return true;
      } catch {
        fallback = stream();
        return fallback.write(bytes.subarray(done));
      }
    },
  };
}

const STANDARD: Io = { out: standard(1, () => process.stdout), err: standard(2, () => process.stderr) };

/** How the command line runs: `ownProcess` when it is the process's own program (bin/avstem.js), which ends with the command. */
interface Run {
  readonly ownProcess?: boolean;
}

export async function main(argv: readonly string[], io: Io = STANDARD, run: Run = {}): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === "build") return await build(rest, io, run);
    if (command === "check-table") return await checkTable(rest, io);
    if (command === "--help" || command === "-h" || command === "help") {
      io.out.write(`${USAGE}\n`);
      return 0;
    }
    throw new UsageError(command ? `ukjent kommando «${command}».\n\n${USAGE}` : USAGE);
  } catch (e) {
    if (e instanceof UsageError || e instanceof InputError || (xlsxReader !== undefined && e instanceof xlsxReader.UnreadableWorkbookError)) {
      io.err.write(`avstem: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

/** `--lang nb|en`: the language of the findings and of what the command prints (default nb). */
function languageOf(value: string | undefined): Language {
  if (value === undefined || value === "nb") return "nb";
  if (value === "en") return "en";
  throw new UsageError(`--lang må være nb eller en, ikke «${value}».`);
}

const TEXT_EXTENSIONS = new Set([".csv", ".txt", ".tsv", ".tab"]);
/** Workbook formats: .xlsx and .xlsm are read; the others are named, with how to save them as .xlsx. */
const WORKBOOK_EXTENSIONS = new Set([".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".numbers"]);

/**
 * The input files as grids. With `stream`, a large text file or worksheet is a streamed grid
 * (its head, and its lines or rows read from the bytes as the engine asks for them), so a
 * million-line ledger is never held as a grid of cells; the engine's result is the same.
 */
async function readInputs(paths: readonly string[], { stream = false } = {}): Promise<SheetGrid[]> {
  const grids: SheetGrid[] = [];
  for (const p of paths) {
    if (!existsSync(p)) throw new UsageError(`finner ikke filen ${p}.`);
    const ext = extname(p).toLowerCase();
    const name = basename(p, extname(p));
    if (TEXT_EXTENSIONS.has(ext)) grids.push(stream ? textFileToStreamGrid(name, fileBytes(p)) : textFileToGrid(name, readFileSync(p)));
    else if (WORKBOOK_EXTENSIONS.has(ext)) grids.push(...(await (await loadXlsxReader()).readXlsxFile(p, { stream })));
    else throw new UsageError(`${p} er verken en Excel-arbeidsbok (.xlsx) eller en tekstfil (.csv, .txt, .tsv).`);
  }
  return grids;
}

function ensureDir(file: string): void {
  mkdirSync(dirname(resolve(file)), { recursive: true });
}

function sameFile(a: string, b: string): boolean {
  try {
    return existsSync(a) && existsSync(b) && realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

async function build(args: readonly string[], io: Io, run: Run): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      output: { type: "string", short: "o" },
      json: { type: "string" },
      year: { type: "string" },
      period: { type: "string" },
      summary: { type: "boolean" },
      lang: { type: "string" },
    },
  });
  const language = languageOf(values.lang);
  const en = language === "en";
  if (positionals.length === 0) throw new UsageError("oppgi minst én inndatafil (.xlsx eller .csv).");
  if (!values.output) throw new UsageError("oppgi rapportfilen med -o <rapport.xlsx>.");
  for (const p of positionals)
    if (sameFile(p, values.output)) throw new UsageError(`rapportfilen ${values.output} er samme fil som grunnlaget; velg et annet navn, grunnlaget skrives aldri over.`);
  let year: number | undefined;
  if (values.year !== undefined) {
    year = Number(values.year);
    if (!/^\d{4}$/.test(values.year)) throw new UsageError(`--year må være et årstall, ikke «${values.year}».`);
  }
  let period: ReportPeriod | undefined;
  if (values.period !== undefined) {
    period = parsePeriod(values.period);
    if (!period) throw new UsageError(`--period må være en måned som ÅÅÅÅ-MM (2024-08 for 2. tertial), ikke «${values.period}».`);
    if (year !== undefined && year !== period.year) throw new UsageError(`--period ${periodKey(period)} er ikke i --year ${year}.`);
    year = period.year;
  }
  const grids = await readInputs(positionals, { stream: true });
  const report = await runPipelineStreamed(
    { grids, settings: year ? { year } : undefined, language, ...(period ? { period } : {}) },
    run.ownProcess ? { ledgerRead: optimiseNoMore } : {},
  );
  ensureDir(values.output);
  // The report writer only once there is a report to write (the other commands never load it).
  const { writeWorkbookFile } = await import("../workbook/xlsx-writer");
  await writeWorkbookFile(values.output, report.sheets);
  if (values.json) {
    ensureDir(values.json);
    writeFileSync(values.json, `${JSON.stringify(report.json, null, 2)}\n`);
  }
  const counts = countBySeverity(report.findings);
  if (values.summary && report.tertial) io.out.write(tertialSummary(report.tertial, report, counts, en, resolve(values.output)));
  else if (values.summary) {
    const w = en ? { regnskap: "accounts", regulert: "revised", avvik: "deviation", kat: "cat." } : { regnskap: "regnskap", regulert: "regulert", avvik: "avvik", kat: "kat." };
    const netto = (id: "3.1" | "3.3") => report.tables[id].netto.amounts;
    const line = (name: string, v: ProjectAmounts) =>
      `  ${name.padEnd(28)} ${w.regnskap} ${formatNorwegian(v.regnskap).padStart(14)}  ${w.regulert} ${formatNorwegian(v.regulert).padStart(14)}  ${w.avvik} ${formatNorwegian(avvik(v)).padStart(14)}`;
    const s341 = report.tables["3.4.1"].sum;
    const s342 = report.tables["3.4.2"].sum;
    io.out.write(
      [
        en
          ? `Avstem ${report.year}, chapter ${report.chapter ?? "?"} ${report.agency}: ${report.ledgerLines} ledger lines read.`
          : `Avstem ${report.year}, kap. ${report.chapter ?? "?"} ${report.agency}: ${report.ledgerLines} regnskapslinjer lest.`,
        line(en ? "Table 3.1 net result" : "Tabell 3.1 nettoresultat", netto("3.1")),
        line(en ? "Table 3.3 net financing need" : "Tabell 3.3 netto fin.behov", netto("3.3")),
        line(en ? "Table 3.4.1 sum of projects" : "Tabell 3.4.1 sum prosjekter", s341),
        `  ${(en ? "Table 3.4.2 sum of categories" : "Tabell 3.4.2 sum kategorier").padEnd(28)} ${CATEGORIES.map((c) => `${w.kat} ${c}: ${formatNorwegian(s342.split[c])}`).join("  ")}`,
        en
          ? `Check: ${counts.error} errors, ${counts.warning} warnings, ${counts.info} for information.`
          : `Kontroll: ${counts.error} feil, ${counts.warning} advarsler, ${counts.info} til informasjon.`,
        en
          ? `The report is written to ${resolve(values.output)}${values.json ? ` (JSON: ${resolve(values.json)})` : ""}.`
          : `Rapporten er skrevet til ${resolve(values.output)}${values.json ? ` (JSON: ${resolve(values.json)})` : ""}.`,
        "",
      ].join("\n"),
    );
  } else
    io.out.write(
      en
        ? `${resolve(values.output)}: ${counts.error} errors, ${counts.warning} warnings, ${counts.info} info.\n`
        : `${resolve(values.output)}: ${counts.error} feil, ${counts.warning} advarsler, ${counts.info} info.\n`,
    );
  return counts.error > 0 ? 1 : 0;
}

/** What `--summary` prints for a tertial report: netto per part and the projects' sum, with the expected deviation. */
function tertialSummary(
  t: TertialTables,
  report: { year: number; chapter: number | undefined; agency: string; ledgerLines: number },
  counts: Record<string, number>,
  en: boolean,
  out: string,
): string {
  const w = en
    ? { regulert: "revised", hittil: "to date", prognose: "forecast", avvik: "expected dev." }
    : { regulert: "regulert", hittil: "hittil", prognose: "prognose", avvik: "forv. avvik" };
  const line = (name: string, a: TertialAmounts) =>
    `  ${name.padEnd(28)} ${w.regulert} ${formatNorwegian(a.regulert).padStart(14)}  ${w.hittil} ${formatNorwegian(a.hittil).padStart(14)}  ${w.prognose} ${formatNorwegian(a.prognose).padStart(14)}  ${w.avvik} ${formatNorwegian(a.avvik).padStart(14)}`;
  const netto = (part: "drift" | "investering") => t[part].rows.find((r) => r.key === "netto")!.amounts;
  return [
    en
      ? `Avstem ${periodKey(t.period)} (tertial), chapter ${report.chapter ?? "?"} ${report.agency}: ${report.ledgerLines} ledger lines read.`
      : `Avstem ${periodKey(t.period)} (tertial), kap. ${report.chapter ?? "?"} ${report.agency}: ${report.ledgerLines} regnskapslinjer lest.`,
    line(en ? "Operations, net" : "Drift, netto", netto("drift")),
    line(en ? "Investment, net" : "Investering, netto", netto("investering")),
    line(en ? "Investment projects, sum" : "Investeringsprosjekter, sum", t.projects.sum),
    en
      ? `Check: ${counts.error} errors, ${counts.warning} warnings, ${counts.info} for information.`
      : `Kontroll: ${counts.error} feil, ${counts.warning} advarsler, ${counts.info} til informasjon.`,
    en ? `The report is written to ${out}.` : `Rapporten er skrevet til ${out}.`,
    "",
  ].join("\n");
}

async function checkTable(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: { sheet: { type: "string" }, json: { type: "string" }, lang: { type: "string" } },
  });
  const language = languageOf(values.lang);
  if (positionals.length !== 1) throw new UsageError("oppgi én arbeidsbok: avstem check-table <fil.xlsx> --sheet <navn>.");
  const grids = await readInputs(positionals);
  const grid = values.sheet ? grids.find((g) => g.name === values.sheet) : grids[0];
  if (!grid) throw new UsageError(`fant ikke arket «${values.sheet}» i ${positionals[0]} (arkene er: ${grids.map((g) => g.name).join(", ")}).`);
  const result = checkExistingTable(grid, language);
  if (values.json) {
    ensureDir(values.json);
    writeFileSync(values.json, `${JSON.stringify({ sheet: grid.name, kind: result.kind ?? null, findings: result.findings }, null, 2)}\n`);
  }
  for (const f of result.findings) io.out.write(`${f.severity.padEnd(7)} ${f.code.padEnd(18)} ${f.cell.padEnd(6)} ${f.message}\n`);
  const counts = countBySeverity(result.findings);
  io.out.write(language === "en" ? `${grid.name}: ${counts.error} errors, ${counts.info} roundings.\n` : `${grid.name}: ${counts.error} feil, ${counts.info} avrundinger.\n`);
  if (result.findings.some((f) => f.code === "TABLE_UNREADABLE") && result.kind === undefined) return 2;
  return counts.error > 0 ? 1 : 0;
}
