import { cellAddress, cellText, CellValue, isBlank, SheetGrid } from "../cells";
import { finding, Finding } from "../findings";
import { at } from "../at";
import { negOre, numberToOre, ore, Ore, subOre, sumOre } from "../money";
import { formatNorwegian, parseNorwegianAmount } from "../norwegian-number";
import { T, type Relation as RelationName } from "../messages";
import type { Language } from "../settings";
import { localiseFindings } from "../findings";

/**
 * Checking the arithmetic of an existing table laid out as 3.1, 3.3, 3.4.1 or 3.4.2
 * (last year's, or one pasted from elsewhere). Every relation the layout implies
 * (V = III − I, sum rows, netto, parents, Sum prosjekt) is checked; a difference of
 * 1 krone is rounding, a larger one an error. A single cell whose sign, flipped,
 * makes every relation it takes part in hold is reported as a sign error.
 */

export type TableKind = "account" | "project" | "category";

interface Term {
  readonly row: number; // index into the parsed rows
  readonly col: number; // index into the parsed amount columns
  readonly coef: 1 | -1;
}

interface Relation {
  readonly terms: readonly Term[];
  /** The cell the relation computes (where a difference is reported). */
  readonly target: Term;
  readonly what: RelationName;
}

interface ParsedTable {
  readonly kind: TableKind;
  readonly sheet: string;
  readonly labels: string[];
  readonly keys: string[];
  /** øre, per parsed row and amount column */
  readonly values: Ore[][];
  readonly sheetRows: number[];
  readonly sheetCols: number[];
  readonly columnNames: string[];
  readonly relations: Relation[];
}

function amount(v: CellValue): Ore | undefined {
  if (isBlank(v)) return ore(0);
  if (typeof v === "number") return numberToOre(v).ore;
  if (typeof v === "string") {
    const t = v.trim();
    if (/^[-\u2212\u2013]$/.test(t)) return ore(0);
    const p = parseNorwegianAmount(t);
    return p.ok ? p.ore : undefined;
  }
  return undefined;
}

const norm = (s: string) => s.toLowerCase().replace(/\s+/g, " ").trim();

function findHeader(grid: SheetGrid): { index: number; kind: TableKind } | undefined {
  for (let i = 0; i < Math.min(grid.rows.length, 30); i++) {
    const texts = (grid.rows[i] ?? []).map((c) => norm(cellText(c)));
    if (texts.some((t) => t.startsWith("artsgruppe"))) return { index: i, kind: texts.some((t) => t === "prosjektnavn") ? "project" : "account" };
    if (texts.some((t) => t === "prosjektnavn")) return { index: i, kind: "project" };
    if (texts.some((t) => t.startsWith("sum prosjekt"))) return { index: i, kind: "category" };
  }
  return undefined;
}

/** Checks a table's arithmetic; the findings' messages are in `language` (default Norwegian). */
export function checkExistingTable(grid: SheetGrid, language: Language = "nb"): { kind: TableKind | undefined; findings: Finding[] } {
  const header = findHeader(grid);
  const sheet = grid.name;
  if (!header) return { kind: undefined, findings: localiseFindings([finding("TABLE_UNREADABLE", sheet, "", T.tableNotFound({ sheet }))], language) };
  const parsed = parseTable(grid, header.index, header.kind);
  if ("error" in parsed) return { kind: header.kind, findings: localiseFindings([parsed.error], language) };
  return { kind: header.kind, findings: localiseFindings(solve(parsed), language) };
}

function parseTable(grid: SheetGrid, headerIndex: number, kind: TableKind): ParsedTable | { error: Finding } {
  const headerTexts = (grid.rows[headerIndex] ?? []).map((c) => cellText(c).trim());
  const labelCol = 0;
  // Amount columns: for 3.1/3.3 the five after the label; 3.4.1 the last four (VI–IX); 3.4.2 the five after the label.
  let amountCols: number[];
  if (kind === "project") {
    const first = headerTexts.findIndex((t) => /^dok\.? ?3/i.test(t));
    amountCols = first >= 0 ? [first, first + 1, first + 2, first + 3] : [5, 6, 7, 8];
  } else amountCols = [1, 2, 3, 4, 5];
  const labels: string[] = [];
  const keys: string[] = [];
  const values: Ore[][] = [];
  const sheetRows: number[] = [];
  for (let i = headerIndex + 1; i < grid.rows.length; i++) {
    const row = grid.rows[i] ?? [];
    const label = cellText(row[labelCol]).trim();
    if (!label) continue;
    const cells = amountCols.map((c) => ({ col: c, cell: row[c] ?? null }));
    const nums = cells.map((c) => amount(c.cell));
    if (cells.every((c, k) => nums[k] === 0 && isBlank(c.cell))) continue; // footnotes, captions, roman numerals
    if (/^(i|ii|iii|iv|v|vi|vii|viii|ix)$/i.test(label)) continue;
    const parsed: Ore[] = [];
    for (const [k, c] of cells.entries()) {
      const n = nums[k];
      if (n === undefined) {
        const addr = cellAddress(grid.firstRow + i, grid.firstColumn + c.col);
        return { error: finding("TABLE_UNREADABLE", grid.name, addr, T.tableCellNotAmount({ at: `${grid.name}!${addr}`, value: cellText(c.cell) })) };
      }
      parsed.push(n);
    }
    labels.push(label);
    keys.push(kind === "project" ? cellText(row[1]).trim() : label);
    values.push(parsed);
    sheetRows.push(grid.firstRow + i);
  }
  const sheetCols = amountCols.map((c) => grid.firstColumn + c);
  const relations = kind === "account" ? accountRelations(labels) : projectRelations(kind, labels, keys);
  return {
    kind,
    sheet: grid.name,
    labels,
    keys,
    values,
    sheetRows,
    sheetCols,
    columnNames: kind === "project" ? ["VI", "VII", "VIII", "IX"] : ["I", "II", "III", "IV", "V"].slice(0, amountCols.length),
    relations,
  };
}

/** The target cell minus the sum of `rows` in column `col`. */
function sumRelation(rows: readonly number[], col: number, target: number, what: RelationName): Relation {
  return {
    target: { row: target, col, coef: 1 },
    terms: [{ row: target, col, coef: 1 }, ...rows.map((r): Term => ({ row: r, col, coef: -1 }))],
    what,
  };
}

/** A deviation column of row `row`: target = minuend − subtrahend (V = III − I, IX = VII − VIII). */
function deviationRelation(row: number, target: number, minuend: number, subtrahend: number, what: RelationName): Relation {
  return {
    target: { row, col: target, coef: 1 },
    terms: [
      { row, col: target, coef: 1 },
      { row, col: minuend, coef: -1 },
      { row, col: subtrahend, coef: 1 },
    ],
    what,
  };
}

// The parsed amount columns of each layout, by their roman numerals.
const ACCOUNT = { I: 0, III: 2, V: 4, count: 5 } as const;
const PROJECT = { VII: 1, VIII: 2, IX: 3, count: 4 } as const;
const CATEGORY = { sum: 4, categories: [0, 1, 2, 3], count: 5 } as const;

/** 3.1/3.3: the two sums of groups, netto = the two sums, and V = III − I on every row. */
function accountRelations(labels: readonly string[]): Relation[] {
  const relations: Relation[] = [];
  const lower = labels.map(norm);
  const exp: number[] = [];
  const rev: number[] = [];
  lower.forEach((l, i) => {
    const g = /^\d{3}\s*-\s*\d{3}/.exec(l)?.[0].replace(/\s/g, "");
    if (g) (Number(g.slice(0, 3)) < 600 ? exp : rev).push(i);
  });
  const sumU = lower.findIndex((l) => l.startsWith("sum") && l.includes("utgift"));
  const sumI = lower.findIndex((l) => l.startsWith("sum") && l.includes("inntekt"));
  const netto = lower.findIndex((l) => l.includes("netto"));
  for (let c = 0; c < ACCOUNT.count; c++) {
    if (sumU >= 0) relations.push(sumRelation(exp, c, sumU, { kind: "groups", label: at(labels, sumU), range: "000-599" }));
    if (sumI >= 0) relations.push(sumRelation(rev, c, sumI, { kind: "groups", label: at(labels, sumI), range: "600-999" }));
    if (netto >= 0 && sumU >= 0 && sumI >= 0) relations.push(sumRelation([sumU, sumI], c, netto, { kind: "netto", label: at(labels, netto) }));
  }
  labels.forEach((label, r) => relations.push(deviationRelation(r, ACCOUNT.V, ACCOUNT.III, ACCOUNT.I, { kind: "deviation", label })));
  return relations;
}

/** 3.4.1/3.4.2: parents = their sub-projects, the sum row = the top rows, and IX = VII − VIII or Sum prosjekt = Σ categories on every row. */
function projectRelations(kind: "project" | "category", labels: readonly string[], keys: readonly string[]): Relation[] {
  const relations: Relation[] = [];
  const isSum = (label: string) => /^sum\b/i.test(label);
  // 3.4.1 has the number in its own column; 3.4.2 labels rows `NNNNNN-Prosjektnavn`.
  const projectNr = (i: number) => {
    const key = keys[i];
    return kind === "project" && key ? key : (at(labels, i).split("-")[0] ?? "").trim();
  };
  const tops: number[] = [];
  const children = new Map<number, number[]>();
  let lastTop = -1;
  labels.forEach((label, i) => {
    if (isSum(label)) return;
    const nr = projectNr(i);
    // Under a parent: its sub-projects (8 digits), and its own lines, shown again under its own number.
    const sub = lastTop >= 0 && (/^\d{6}(\d{2}|xx)$/i.test(nr) ? projectNr(lastTop) === nr.slice(0, 6) : /^\d{6}$/.test(nr) && projectNr(lastTop) === nr);
    if (sub) children.set(lastTop, [...(children.get(lastTop) ?? []), i]);
    else {
      tops.push(i);
      lastTop = i;
    }
  });
  const sumRow = labels.findIndex(isSum);
  const count = kind === "project" ? PROJECT.count : CATEGORY.count;
  for (let c = 0; c < count; c++) {
    for (const [parent, subs] of children) relations.push(sumRelation(subs, c, parent, { kind: "subProjects", label: at(labels, parent) }));
    if (sumRow >= 0) relations.push(sumRelation(tops, c, sumRow, { kind: "projects", label: at(labels, sumRow) }));
  }
  labels.forEach((label, r) => {
    if (kind === "project") relations.push(deviationRelation(r, PROJECT.IX, PROJECT.VII, PROJECT.VIII, { kind: "projectDeviation", label }));
    else
      relations.push({
        target: { row: r, col: CATEGORY.sum, coef: 1 },
        terms: [{ row: r, col: CATEGORY.sum, coef: 1 }, ...CATEGORY.categories.map((c) => ({ row: r, col: c, coef: -1 as const }))],
        what: { kind: "categories", label },
      });
  });
  return relations;
}

const ROUNDING = 100; // 1 krone, in øre

/** The parsed amounts, with the signs the solver flips. */
class Cells {
  private readonly v: Ore[][];
  constructor(values: readonly (readonly Ore[])[]) {
    this.v = values.map((r) => [...r]);
  }
  get(row: number, col: number): Ore {
    return at(at(this.v, row, "row"), col, "column");
  }
  flip(row: number, col: number): void {
    at(this.v, row, "row")[col] = negOre(this.get(row, col));
  }
  diff(rel: Relation): Ore {
    return sumOre(rel.terms.map((t) => (t.coef === 1 ? this.get(t.row, t.col) : negOre(this.get(t.row, t.col)))));
  }
}

function solve(t: ParsedTable): Finding[] {
  const v = new Cells(t.values);
  const out: Finding[] = [];
  const addr = (row: number, col: number) => cellAddress(at(t.sheetRows, row, "row"), at(t.sheetCols, col, "column"));
  const kr = (o: Ore) => formatNorwegian(o);
  const holds = (r: Relation) => Math.abs(v.diff(r)) <= ROUNDING;
  // Greedy: flip the sign of the cell that makes the most failing relations hold and breaks none.
  for (let guard = 0; guard < 20; guard++) {
    const failing = t.relations.filter((r) => !holds(r));
    if (failing.length === 0) break;
    let best: { row: number; col: number; fixed: number } | undefined;
    const candidates = new Map<string, { row: number; col: number }>();
    for (const rel of failing) for (const term of rel.terms) if (v.get(term.row, term.col) !== 0) candidates.set(`${term.row}:${term.col}`, term);
    for (const c of candidates.values()) {
      const involved = t.relations.filter((r) => r.terms.some((x) => x.row === c.row && x.col === c.col));
      const before = involved.map(holds);
      v.flip(c.row, c.col);
      const after = involved.map(holds);
      v.flip(c.row, c.col);
      const pairs = before.map((ok, i) => ({ before: ok, after: at(after, i) }));
      if (!after.every(Boolean) || pairs.some((p) => p.before && !p.after)) continue;
      const fixed = pairs.filter((p) => p.after && !p.before).length;
      if (!best || fixed > best.fixed) best = { ...c, fixed };
    }
    if (!best) break;
    const printed = v.get(best.row, best.col);
    out.push(
      finding(
        "TABLE_SIGN_ERROR",
        t.sheet,
        addr(best.row, best.col),
        T.tableSignError({
          at: `${t.sheet}!${addr(best.row, best.col)}`,
          label: at(t.labels, best.row),
          column: at(t.columnNames, best.col),
          printed: kr(printed),
          flipped: kr(negOre(printed)),
        }),
        { amount: printed },
      ),
    );
    v.flip(best.row, best.col);
  }
  // What is left: rounding (1 krone) or arithmetic errors, one finding per target cell.
  const byCell = new Map<string, { rel: Relation; diff: Ore }[]>();
  for (const rel of t.relations) {
    const d = v.diff(rel);
    if (d === 0 || Math.abs(d) < 50) continue;
    const key = `${rel.target.row}:${rel.target.col}`;
    byCell.set(key, [...(byCell.get(key) ?? []), { rel, diff: d }]);
  }
  for (const items of byCell.values()) {
    const worst = items.reduce((a, b) => (Math.abs(b.diff) > Math.abs(a.diff) ? b : a));
    const { row, col } = worst.rel.target;
    const shown = v.get(row, col);
    const expected = subOre(shown, worst.diff);
    const rounding = items.every((i) => Math.abs(i.diff) <= ROUNDING);
    const where = { at: `${t.sheet}!${addr(row, col)}`, label: at(t.labels, row), column: at(t.columnNames, col) };
    out.push(
      finding(
        rounding ? "TABLE_ROUNDING" : "TABLE_ARITHMETIC",
        t.sheet,
        addr(row, col),
        rounding
          ? T.tableRounding({ ...where, shown: kr(shown), expected: kr(expected), relations: items.map((i) => i.rel.what) })
          : T.tableArithmetic({ ...where, shown: kr(shown), relation: worst.rel.what, expected: kr(expected), difference: kr(worst.diff) }),
        { amount: worst.diff },
      ),
    );
  }
  return out;
}
