import { cellAddress, cellText, CellValue, isBlank, SheetGrid } from "../cells";
import { finding, Finding } from "../findings";
import { numberToOre, Ore } from "../money";
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
  readonly values: number[][];
  readonly sheetRows: number[];
  readonly sheetCols: number[];
  readonly columnNames: string[];
  readonly relations: Relation[];
}

function amount(v: CellValue): number | undefined {
  if (isBlank(v)) return 0;
  if (typeof v === "number") return numberToOre(v).ore;
  if (typeof v === "string") {
    const t = v.trim();
    if (/^[-\u2212\u2013]$/.test(t)) return 0;
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
  const headerRow = grid.rows[headerIndex];
  const headerTexts = headerRow.map((c) => cellText(c).trim());
  const labelCol = 0;
  // Amount columns: for 3.1/3.3 the five after the label; 3.4.1 the last four (VI–IX); 3.4.2 the five after the label.
  let amountCols: number[];
  if (kind === "project") {
    const first = headerTexts.findIndex((t) => /^dok\.? ?3/i.test(t));
    amountCols = first >= 0 ? [first, first + 1, first + 2, first + 3] : [5, 6, 7, 8];
  } else amountCols = [1, 2, 3, 4, 5];
  const labels: string[] = [];
  const keys: string[] = [];
  const values: number[][] = [];
  const sheetRows: number[] = [];
  for (let i = headerIndex + 1; i < grid.rows.length; i++) {
    const row = grid.rows[i] ?? [];
    const label = cellText(row[labelCol]).trim();
    if (!label) continue;
    const nums = amountCols.map((c) => amount(row[c] ?? null));
    if (nums.every((n, k) => n === 0 && isBlank(row[amountCols[k]] ?? null))) continue; // footnotes, captions, roman numerals
    if (/^(i|ii|iii|iv|v|vi|vii|viii|ix)$/i.test(label)) continue;
    const bad = nums.findIndex((n) => n === undefined);
    if (bad >= 0) {
      const addr = cellAddress(grid.firstRow + i, grid.firstColumn + amountCols[bad]);
      return { error: finding("TABLE_UNREADABLE", grid.name, addr, T.tableCellNotAmount({ at: `${grid.name}!${addr}`, value: cellText(row[amountCols[bad]]) })) };
    }
    labels.push(label);
    keys.push(kind === "project" ? cellText(row[1]).trim() : label);
    values.push(nums as number[]);
    sheetRows.push(grid.firstRow + i);
  }
  const sheetCols = amountCols.map((c) => grid.firstColumn + c);
  const relations: Relation[] = [];
  const R = (rows: number[], col: number, target: number, what: RelationName, coefs?: (1 | -1)[]) =>
    relations.push({
      target: { row: target, col, coef: 1 },
      terms: [{ row: target, col, coef: 1 }, ...rows.map((r, i) => ({ row: r, col, coef: (coefs ? -coefs[i] : -1) as 1 | -1 }))],
      what,
    });
  if (kind === "account") {
    const lower = labels.map(norm);
    const groups = lower.map((l) => /^\d{3}\s*-\s*\d{3}/.exec(l)?.[0].replace(/\s/g, "") ?? null);
    const exp: number[] = [];
    const rev: number[] = [];
    groups.forEach((g, i) => g && (Number(g.slice(0, 3)) < 600 ? exp : rev).push(i));
    const sumU = lower.findIndex((l) => l.startsWith("sum") && l.includes("utgift"));
    const sumI = lower.findIndex((l) => l.startsWith("sum") && l.includes("inntekt"));
    const netto = lower.findIndex((l) => l.includes("netto"));
    for (let c = 0; c < 5; c++) {
      if (sumU >= 0) R(exp, c, sumU, { kind: "groups", label: labels[sumU], range: "000-599" });
      if (sumI >= 0) R(rev, c, sumI, { kind: "groups", label: labels[sumI], range: "600-999" });
      if (netto >= 0 && sumU >= 0 && sumI >= 0) R([sumU, sumI], c, netto, { kind: "netto", label: labels[netto] });
    }
    // V = III − I on every row
    for (let r = 0; r < labels.length; r++)
      relations.push({
        target: { row: r, col: 4, coef: 1 },
        terms: [
          { row: r, col: 4, coef: 1 },
          { row: r, col: 2, coef: -1 },
          { row: r, col: 0, coef: 1 },
        ],
        what: { kind: "deviation", label: labels[r] },
      });
  } else {
    const isSum = (i: number) => /^sum\b/i.test(labels[i]);
    // 3.4.1 has the number in its own column; 3.4.2 labels rows `NNNNNN-Prosjektnavn`.
    const projectNr = (i: number) => (kind === "project" && keys[i] ? keys[i] : labels[i].split("-")[0].trim());
    const tops: number[] = [];
    const children = new Map<number, number[]>();
    let lastTop = -1;
    for (let i = 0; i < labels.length; i++) {
      if (isSum(i)) continue;
      const nr = projectNr(i);
      // Under a parent: its sub-projects (8 digits), and its own lines, shown again under its own number.
      const sub = lastTop >= 0 && (/^\d{6}(\d{2}|xx)$/i.test(nr) ? projectNr(lastTop) === nr.slice(0, 6) : /^\d{6}$/.test(nr) && projectNr(lastTop) === nr);
      if (sub) children.set(lastTop, [...(children.get(lastTop) ?? []), i]);
      else {
        tops.push(i);
        lastTop = i;
      }
    }
    const sumRow = labels.findIndex((_, i) => isSum(i));
    const cols = kind === "project" ? [0, 1, 2, 3] : [0, 1, 2, 3, 4];
    for (const c of cols) {
      for (const [parent, subs] of children) R(subs, c, parent, { kind: "subProjects", label: labels[parent] });
      if (sumRow >= 0) R(tops, c, sumRow, { kind: "projects", label: labels[sumRow] });
    }
    for (let r = 0; r < labels.length; r++) {
      if (kind === "project")
        relations.push({
          target: { row: r, col: 3, coef: 1 },
          terms: [
            { row: r, col: 3, coef: 1 },
            { row: r, col: 1, coef: -1 },
            { row: r, col: 2, coef: 1 },
          ],
          what: { kind: "projectDeviation", label: labels[r] },
        });
      else
        relations.push({
          target: { row: r, col: 4, coef: 1 },
          terms: [{ row: r, col: 4, coef: 1 }, ...[0, 1, 2, 3].map((c) => ({ row: r, col: c, coef: -1 as const }))],
          what: { kind: "categories", label: labels[r] },
        });
    }
  }
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

const ROUNDING = 100; // 1 krone, in øre

function diffOf(rel: Relation, v: number[][]): number {
  return rel.terms.reduce((s, t) => s + t.coef * v[t.row][t.col], 0);
}

function solve(t: ParsedTable): Finding[] {
  const v = t.values.map((r) => [...r]);
  const out: Finding[] = [];
  const addr = (row: number, col: number) => cellAddress(t.sheetRows[row], t.sheetCols[col]);
  const kr = (o: number) => formatNorwegian(o as Ore);
  // Greedy: flip the sign of the cell that makes the most failing relations hold and breaks none.
  for (let guard = 0; guard < 20; guard++) {
    const failing = t.relations.filter((r) => Math.abs(diffOf(r, v)) > ROUNDING);
    if (failing.length === 0) break;
    let best: { row: number; col: number; fixed: number } | undefined;
    const candidates = new Map<string, { row: number; col: number }>();
    for (const rel of failing) for (const term of rel.terms) if (v[term.row][term.col] !== 0) candidates.set(`${term.row}:${term.col}`, term);
    for (const c of candidates.values()) {
      const involved = t.relations.filter((r) => r.terms.some((x) => x.row === c.row && x.col === c.col));
      const before = involved.map((r) => Math.abs(diffOf(r, v)) <= ROUNDING);
      v[c.row][c.col] = -v[c.row][c.col];
      const after = involved.map((r) => Math.abs(diffOf(r, v)) <= ROUNDING);
      v[c.row][c.col] = -v[c.row][c.col];
      if (!after.every(Boolean) || before.some((ok, i) => ok && !after[i])) continue;
      const fixed = after.filter((ok, i) => ok && !before[i]).length;
      if (!best || fixed > best.fixed) best = { ...c, fixed };
    }
    if (!best) break;
    const printed = v[best.row][best.col];
    out.push(
      finding(
        "TABLE_SIGN_ERROR",
        t.sheet,
        addr(best.row, best.col),
        T.tableSignError({ at: `${t.sheet}!${addr(best.row, best.col)}`, label: t.labels[best.row], column: t.columnNames[best.col], printed: kr(printed), flipped: kr(-printed) }),
        { amount: printed },
      ),
    );
    v[best.row][best.col] = -printed;
  }
  // What is left: rounding (1 krone) or arithmetic errors, one finding per target cell.
  const byCell = new Map<string, { rel: Relation; diff: number }[]>();
  for (const rel of t.relations) {
    const d = diffOf(rel, v);
    if (d === 0 || Math.abs(d) < 50) continue;
    const key = `${rel.target.row}:${rel.target.col}`;
    byCell.set(key, [...(byCell.get(key) ?? []), { rel, diff: d }]);
  }
  for (const items of byCell.values()) {
    const { row, col } = items[0].rel.target;
    const shown = v[row][col];
    const worst = items.reduce((a, b) => (Math.abs(b.diff) > Math.abs(a.diff) ? b : a));
    const expected = shown - worst.diff;
    const rounding = items.every((i) => Math.abs(i.diff) <= ROUNDING);
    const where = { at: `${t.sheet}!${addr(row, col)}`, label: t.labels[row], column: t.columnNames[col] };
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
