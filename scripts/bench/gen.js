"use strict";
/**
 * Deterministic synthetic input for the benchmark, in the layout of
 * docs/input-workbook.md: Regnskap (N ledger lines), Budsjett, Prosjekter
 * (300 projects, many with sub-projects), Reguleringer and Oppsett.
 *
 * The dataset is held column-wise in typed arrays (a million lines cost ~30 MB) and is
 * rendered three ways from the same values:
 *   - toGrids(ds):            in-memory SheetGrids as office-js delivers them (amounts mixed:
 *                             numbers and Norwegian number texts "1 234,56", "(5 000)", "kr 1 200" …)
 *   - writeCsvs(ds, dir):     one semicolon-separated file per sheet (Regnskap.csv, …), Norwegian
 *                             decimals ("1234,56" or "1 234,56"), as a ledger export gives them
 *   - writeXlsx(ds, file):    one .xlsx through exceljs's streaming WorkbookWriter
 *
 * Same seed, same size → the same bytes, on every machine.
 */
const fs = require("fs");
const path = require("path");

const REPORT_YEAR = 2024;
const CHAPTER = 125;
const OTHER_CHAPTER = 126;

/** mulberry32: small, fast, good enough for synthetic data. */
function prng(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// KOSTRA arter (a representative spread over all nine artsgrupper). Arter restricted to one
// part (SSB's control list) are used only in that part.
const DRIFT_ARTER = [
  "010",
  "020",
  "030",
  "040",
  "050",
  "070",
  "075",
  "080",
  "089",
  "090",
  "099",
  "100",
  "105",
  "110",
  "114",
  "115",
  "120",
  "130",
  "140",
  "150",
  "160",
  "165",
  "170",
  "180",
  "181",
  "185",
  "190",
  "195",
  "200",
  "209",
  "210",
  "220",
  "230",
  "240",
  "250",
  "260",
  "270",
  "300",
  "330",
  "350",
  "370",
  "380",
  "400",
  "429",
  "430",
  "450",
  "470",
  "480",
  "500",
  "501",
  "510",
  "540",
  "550",
  "570",
  "590",
  "600",
  "620",
  "629",
  "630",
  "640",
  "650",
  "660",
  "700",
  "710",
  "729",
  "730",
  "750",
  "770",
  "780",
  "800",
  "810",
  "830",
  "850",
  "870",
  "880",
  "890",
  "900",
  "901",
  "905",
  "940",
  "950",
  "990",
];
const INVEST_ARTER_COST = [
  "010",
  "020",
  "050",
  "090",
  "099",
  "100",
  "120",
  "130",
  "190",
  "195",
  "200",
  "210",
  "220",
  "230",
  "250",
  "270",
  "280",
  "285",
  "300",
  "350",
  "370",
  "429",
  "470",
  "500",
  "510",
  "529",
];
const INVEST_ARTER_OTHER = ["660", "670", "700", "729", "770", "790", "810", "850", "890", "910", "940", "950", "970"];
const ARTS = [...new Set([...DRIFT_ARTER, ...INVEST_ARTER_COST, ...INVEST_ARTER_OTHER])];
const ART_INDEX = new Map(ARTS.map((a, i) => [a, i]));
const TEXTS = [
  "Leverandør AS",
  "Konsulenttjenester",
  "Lønn fast ansatte",
  "Husleie Q1",
  "Husleie Q2",
  "Strøm",
  "Reiser",
  "Kurs og konferanser",
  "Lisenser",
  "Vedlikehold bygg",
  "Entreprenør",
  "Refusjon NAV",
  "Salg av tjenester",
  "Internsalg",
  "Mva-kompensasjon",
  "Avskrivning",
  "Rammetilskudd",
  "Bruk av fond",
  "Avsetning til fond",
  "Rammeavtale IKT",
  "Prosjektledelse",
  "Grunnarbeider",
  "Rådgivning; byggeledelse",
  "Periodisering",
];
const STATUSES = ["Pågående", "Pågående", "Pågående", "Ferdig", "Ferdigstilt", "Avsluttet"];
const VEDTATT = ["2/2025", "Q3 2025", "2026", "4. kv. 2024", "2027", "Løpende", "2025", "kv1 2026"];
const FORVENTET = ["Q4 2025", "2025", "3/2026", "2024", "Avsluttet", "Løpende", "2028", "1/2025"];

function groupOf(art) {
  const n = Number(art);
  if (n < 100) return 0;
  if (n < 300) return 1;
  return Math.floor(n / 100) - 1;
}

/** Projects: 300 top-level projects; about 40 % have 1–4 sub-projects. Ledger lines go to leaves. */
function makeProjects(rnd) {
  const projects = [];
  const leaves = [];
  for (let i = 0; i < 300; i++) {
    const nr = String(118000 + i * 7);
    const subs = rnd() < 0.4 ? 1 + Math.floor(rnd() * 4) : 0;
    const r = rnd();
    const type = i === 0 ? "Uforutsett" : r < 0.06 ? "Avsetning" : "Ordinær";
    projects.push({
      nr,
      name: `Prosjekt ${nr} ${TEXTS[i % TEXTS.length]}`,
      parent: "",
      type,
      status: STATUSES[i % STATUSES.length],
      vedtatt: VEDTATT[i % VEDTATT.length],
      forventet: FORVENTET[(i * 3) % FORVENTET.length],
    });
    if (subs === 0) leaves.push(nr);
    for (let j = 1; j <= subs; j++) {
      const sub = `${nr}${String(j).padStart(2, "0")}`;
      projects.push({
        nr: sub,
        name: `Delprosjekt ${sub}`,
        parent: nr,
        type: "Ordinær",
        status: STATUSES[(i + j) % STATUSES.length],
        vedtatt: VEDTATT[(i + j) % VEDTATT.length],
        forventet: FORVENTET[(i + 2 * j) % FORVENTET.length],
      });
      leaves.push(sub);
    }
  }
  return { projects, leaves };
}

/** A whole number of øre, sized like real postings (a few kroner to a few million). */
function amountOre(rnd, expense) {
  const kroner = Math.floor(Math.exp(rnd() * 14.5));
  const ore = rnd() < 0.7 ? Math.floor(rnd() * 100) : 0;
  let v = kroner * 100 + ore;
  const sign = expense ? (rnd() < 0.92 ? 1 : -1) : rnd() < 0.92 ? -1 : 1;
  return v === 0 ? 100 : sign * v;
}

/**
 * The dataset: ledger columns in typed arrays, plus the small sheets as plain rows.
 * @param {number} lines ledger lines
 * @param {number} seed
 */
function makeDataset(lines, seed = 20240101) {
  const rnd = prng(seed ^ lines);
  const { projects, leaves } = makeProjects(rnd);
  const L = {
    n: lines,
    chap: new Uint16Array(lines),
    part: new Uint8Array(lines), // 0 drift, 1 investering
    art: new Uint16Array(lines), // index into ARTS
    artForm: new Uint8Array(lines), // 0 text "010", 1 number 10, 2 five-digit account text "01050"
    proj: new Int16Array(lines), // -1: none, else index into leaves
    projForm: new Uint8Array(lines), // 0 text, 1 number
    bilag: new Uint32Array(lines),
    text: new Uint8Array(lines),
    year: new Uint16Array(lines),
    ore: new Float64Array(lines),
    fmt: new Uint8Array(lines), // amount form in the grid/xlsx, see amountCell
    csvFmt: new Uint8Array(lines), // amount form in CSV: 0 "1234,56", 1 "1 234,56"
    sub: new Uint8Array(lines), // 5-digit account suffix
  };
  for (let i = 0; i < lines; i++) {
    const inv = rnd() < 0.25;
    L.part[i] = inv ? 1 : 0;
    let art;
    if (inv) art = rnd() < 0.85 ? INVEST_ARTER_COST[Math.floor(rnd() * INVEST_ARTER_COST.length)] : INVEST_ARTER_OTHER[Math.floor(rnd() * INVEST_ARTER_OTHER.length)];
    else art = DRIFT_ARTER[Math.floor(rnd() * DRIFT_ARTER.length)];
    L.art[i] = ART_INDEX.get(art);
    const af = rnd();
    L.artForm[i] = af < 0.7 ? 0 : af < 0.9 ? 1 : 2;
    L.sub[i] = Math.floor(rnd() * 100);
    L.proj[i] = inv && groupOf(art) <= 4 ? Math.floor(rnd() * leaves.length) : inv && rnd() < 0.3 ? Math.floor(rnd() * leaves.length) : -1;
    L.projForm[i] = rnd() < 0.5 ? 0 : 1;
    L.chap[i] = rnd() < 0.002 ? OTHER_CHAPTER : CHAPTER;
    L.bilag[i] = 100000 + Math.floor(rnd() * 900000);
    L.text[i] = Math.floor(rnd() * TEXTS.length);
    const y = rnd();
    L.year[i] = y < 0.55 ? REPORT_YEAR : y < 0.95 ? REPORT_YEAR - 1 : REPORT_YEAR - 2;
    L.ore[i] = amountOre(rnd, groupOf(art) <= 4);
    const f = rnd();
    L.fmt[i] = f < 0.6 ? 0 : f < 0.7 ? 1 : f < 0.8 ? 2 : f < 0.9 ? 3 : f < 0.95 ? 4 : f < 0.98 ? 5 : 6;
    L.csvFmt[i] = rnd() < 0.8 ? 0 : 1;
  }

  // Budget: one line per drift art, and 2–4 arter per investment leaf project.
  const budget = [];
  const scale = Math.max(1, Math.round(lines / 10000)); // budgets grow with the ledger
  for (const art of DRIFT_ARTER) {
    const expense = groupOf(art) <= 4;
    const dok3 = amountOre(rnd, expense) * 40 * scale;
    const regulert = Math.round(dok3 * (0.9 + rnd() * 0.25));
    budget.push({ chap: CHAPTER, part: "Drift", art, proj: "", dok3, regulert });
  }
  for (const nr of leaves) {
    const k = 2 + Math.floor(rnd() * 3);
    for (let j = 0; j < k; j++) {
      const art = INVEST_ARTER_COST[Math.floor(rnd() * INVEST_ARTER_COST.length)];
      const dok3 = Math.abs(amountOre(rnd, true)) * 2 * scale;
      budget.push({ chap: CHAPTER, part: "Investering", art, proj: nr, dok3, regulert: Math.round(dok3 * (0.8 + rnd() * 0.5)) });
    }
  }
  for (const art of ["660", "729", "910", "970"])
    budget.push({ chap: CHAPTER, part: "Investering", art, proj: "", dok3: -Math.abs(amountOre(rnd, true)) * 100, regulert: -Math.abs(amountOre(rnd, true)) * 100 });

  const changes = [];
  for (let i = 0; i < 60; i++) {
    const inv = i % 3 === 0;
    const ydisp = inv && i % 9 === 0;
    changes.push({
      part: inv ? "Investering" : "Drift",
      sak: ydisp ? `YDISP ${REPORT_YEAR - 1}` : `Byrådssak ${100 + i}/${String(REPORT_YEAR).slice(2)}`,
      date: `${REPORT_YEAR}-${String(1 + (i % 12)).padStart(2, "0")}-${String(1 + (i % 28)).padStart(2, "0")}`,
      ore: (Math.floor(rnd() * 5_000_000) + 100_000) * 100 * (rnd() < 0.8 ? 1 : -1),
      type: ydisp ? "YDISP" : "Regulering",
      proj: inv && i % 2 === 0 ? leaves[i % leaves.length] : "",
      text: `Endring ${i + 1}: ${TEXTS[i % TEXTS.length]}`,
    });
  }
  // A closing change per part so that the changes explain regulert − Dok. 3 exactly.
  for (const part of ["Drift", "Investering"]) {
    const diff = budget.filter((b) => b.part === part).reduce((s, b) => s + b.regulert - b.dok3, 0);
    const explained = changes.filter((c) => c.part === part).reduce((s, c) => s + c.ore, 0);
    changes.push({
      part,
      sak: `Byrådssak 999/${String(REPORT_YEAR).slice(2)}`,
      date: `${REPORT_YEAR}-12-15`,
      ore: diff - explained,
      type: "Regulering",
      proj: "",
      text: "Samlet regulering ved årsslutt",
    });
  }
  const sum = (part, from, to, key) => budget.filter((b) => b.part === part && groupOf(b.art) >= from && groupOf(b.art) <= to).reduce((s, b) => s + b[key], 0);
  const settings = [
    ["Rapportår", REPORT_YEAR],
    ["Kapittel", CHAPTER],
    ["Virksomhet", "Syntetisk etat (benchmark)"],
    ["Vedtatt sum driftsutgifter", sum("Drift", 0, 4, "dok3") / 100],
    ["Vedtatt sum driftsinntekter", sum("Drift", 5, 8, "dok3") / 100],
    ["Vedtatt netto drift", sum("Drift", 0, 8, "dok3") / 100],
    ["Vedtatt sum investeringsutgifter", sum("Investering", 0, 4, "dok3") / 100],
    ["Vedtatt sum investeringsinntekter", sum("Investering", 5, 8, "dok3") / 100],
    ["Vedtatt netto finansieringsbehov", sum("Investering", 0, 8, "dok3") / 100],
    ["Vesentlighetsgrense", "5 %"],
    ["Interne arter i prosjekt", "790"],
  ];
  return { lines, seed, L, projects, leaves, budget, changes, settings };
}

// ------------------------------------------------------------------------------ rendering

const NBSP = "\u00a0";
const NNBSP = "\u202f";

/** Norwegian number text of |ore|: groups separated by `sep` ("" for none), decimal comma. */
function norwegian(absOre, sep, decimals = true) {
  const kr = Math.floor(absOre / 100);
  const o = absOre % 100;
  let int = String(kr);
  if (sep) int = int.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
  return decimals || o !== 0 ? `${int},${String(o).padStart(2, "0")}` : int;
}

/** The amount cell as office-js (or a typed-in sheet) delivers it. */
function amountCell(ore, fmt) {
  const neg = ore < 0;
  const a = Math.abs(ore);
  switch (fmt) {
    case 0:
      return ore / 100;
    case 1:
      return (neg ? "-" : "") + norwegian(a, NBSP, false);
    case 2:
      return (neg ? "-" : "") + norwegian(a, " ");
    case 3:
      return (neg ? "-" : "") + norwegian(a, "");
    case 4:
      return neg ? `(${norwegian(a, " ")})` : norwegian(a, NNBSP);
    case 5:
      return (neg ? "\u2212" : "") + norwegian(a, ".");
    default:
      return neg ? `kr -${norwegian(a, " ")}` : `kr ${norwegian(a, " ")}`;
  }
}

function artCell(L, i) {
  const art = ARTS[L.art[i]];
  switch (L.artForm[i]) {
    case 0:
      return art;
    case 1:
      return Number(art);
    default:
      return art + String(L.sub[i]).padStart(2, "0");
  }
}

function projCell(ds, i) {
  const p = ds.L.proj[i];
  if (p < 0) return null;
  const nr = ds.leaves[p];
  return ds.L.projForm[i] === 0 ? nr : Number(nr);
}

const LEDGER_HEADER = ["Kapittel", "Del", "Art", "Prosjekt", "Bilag", "Tekst", "År", "Beløp"];
const BUDGET_HEADER = ["Kapittel", "Del", "Art", "Prosjekt", "Dok. 3", "Regulert budsjett"];
const PROJECT_HEADER = ["Prosjekt", "Prosjektnavn", "Overordnet prosjekt", "Bystyrevedtatt ferdig", "Forventet ferdig", "Status", "Type", "Kategori", "Kommentar"];
const CHANGE_HEADER = ["Del", "Sak", "Dato", "Beløp", "Type", "Prosjekt", "Beskrivelse"];
const SETTINGS_HEADER = ["Nøkkel", "Verdi"];

function ledgerRow(ds, i) {
  const L = ds.L;
  return [L.chap[i], L.part[i] ? "Investering" : "Drift", artCell(L, i), projCell(ds, i), L.bilag[i], TEXTS[L.text[i]], L.year[i], amountCell(L.ore[i], L.fmt[i])];
}

function smallSheets(ds) {
  return {
    Budsjett: [BUDGET_HEADER, ...ds.budget.map((b, i) => [b.chap, b.part, b.art, b.proj || null, i % 4 === 3 ? amountCell(b.dok3, 2) : b.dok3 / 100, b.regulert / 100])],
    Prosjekter: [PROJECT_HEADER, ...ds.projects.map((p) => [p.nr, p.name, p.parent || null, p.vedtatt, p.forventet, p.status, p.type, null, null])],
    Reguleringer: [CHANGE_HEADER, ...ds.changes.map((c) => [c.part, c.sak, c.date, c.ore / 100, c.type, c.proj || null, c.text])],
    Oppsett: [SETTINGS_HEADER, ...ds.settings],
  };
}

/** In-memory grids, as the office-js adapter hands them to the engine. */
function toGrids(ds) {
  const rows = new Array(ds.lines + 1);
  rows[0] = LEDGER_HEADER;
  for (let i = 0; i < ds.lines; i++) rows[i + 1] = ledgerRow(ds, i);
  const grids = [{ name: "Regnskap", rows, firstRow: 0, firstColumn: 0 }];
  for (const [name, r] of Object.entries(smallSheets(ds))) grids.push({ name, rows: r, firstRow: 0, firstColumn: 0 });
  return grids;
}

function csvField(v) {
  if (v === null || v === undefined) return "";
  const s = String(v);
  return /[";\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csvAmount(ore, form) {
  return (ore < 0 ? "-" : "") + norwegian(Math.abs(ore), form === 1 ? " " : "");
}

/** Writes Regnskap.csv, Budsjett.csv, Prosjekter.csv, Reguleringer.csv, Oppsett.csv; returns their paths. */
function writeCsvs(ds, dir) {
  fs.mkdirSync(dir, { recursive: true });
  const L = ds.L;
  const files = [];
  const ledgerPath = path.join(dir, "Regnskap.csv");
  const fd = fs.openSync(ledgerPath, "w");
  let buf = LEDGER_HEADER.join(";") + "\n";
  for (let i = 0; i < ds.lines; i++) {
    const art = ARTS[L.art[i]];
    const artText = L.artForm[i] === 2 ? art + String(L.sub[i]).padStart(2, "0") : art;
    const p = L.proj[i];
    buf += `${L.chap[i]};${L.part[i] ? "Investering" : "Drift"};${artText};${p < 0 ? "" : ds.leaves[p]};${L.bilag[i]};${csvField(TEXTS[L.text[i]])};${L.year[i]};${csvAmount(L.ore[i], L.csvFmt[i])}\n`;
    if (buf.length > 1 << 20) {
      fs.writeSync(fd, buf);
      buf = "";
    }
  }
  fs.writeSync(fd, buf);
  fs.closeSync(fd);
  files.push(ledgerPath);
  const toCsv = (v) => (typeof v === "number" ? (Number.isInteger(v) && Math.abs(v) < 10000 ? String(v) : csvAmount(Math.round(v * 100), 0)) : csvField(v));
  for (const [name, rows] of Object.entries(smallSheets(ds))) {
    const p = path.join(dir, `${name}.csv`);
    fs.writeFileSync(p, rows.map((r) => r.map(toCsv).join(";")).join("\n") + "\n");
    files.push(p);
  }
  return files;
}

/** Writes one .xlsx with all five sheets through exceljs's streaming writer. */
async function writeXlsx(ds, file) {
  const ExcelJS = require("exceljs");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: false });
  const ws = wb.addWorksheet("Regnskap");
  ws.addRow(LEDGER_HEADER).commit();
  for (let i = 0; i < ds.lines; i++) ws.addRow(ledgerRow(ds, i)).commit();
  ws.commit();
  for (const [name, rows] of Object.entries(smallSheets(ds))) {
    const s = wb.addWorksheet(name);
    for (const r of rows) s.addRow(r).commit();
    s.commit();
  }
  await wb.commit();
  return file;
}

module.exports = { makeDataset, toGrids, writeCsvs, writeXlsx, prng, REPORT_YEAR, CHAPTER, LEDGER_HEADER, ARTS, groupOf };

if (require.main === module) {
  // node scripts/bench/gen.js <lines> <dir> [--xlsx]: writes the CSVs (and the .xlsx) of one size.
  const [lines = "10000", dir = "out/bench/data"] = process.argv.slice(2);
  const ds = makeDataset(Number(lines));
  const files = writeCsvs(ds, path.join(dir, "csv"));
  console.log(files.join("\n"));
  if (process.argv.includes("--xlsx")) writeXlsx(ds, path.join(dir, "input.xlsx")).then((f) => console.log(f));
}
