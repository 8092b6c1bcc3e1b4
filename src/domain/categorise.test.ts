import { avvik } from "./amounts";
import { at } from "./at";
import { applyDecision, splitMismatch, suggestCategory } from "./categorise";
import { parseProjectDate } from "./dates";
import type { RegisteredProject } from "./input";
import { ore } from "./money";
import { runPipeline } from "./pipeline";
import { categoryColumns } from "./report/columns";
import { workbook, type ProjectLine } from "../../test/support/grids";

type P = Parameters<typeof suggestCategory>[0];
const project = (p: { type?: RegisteredProject["type"]; status?: RegisteredProject["status"]; vedtatt?: string; forventet?: string }): P => ({
  type: p.type,
  status: p.status,
  vedtattFerdig: parseProjectDate(p.vedtatt ?? null),
  forventetFerdig: parseProjectDate(p.forventet ?? null),
});
const cat = (p: Parameters<typeof project>[0], year = 2024) => suggestCategory(project(p), year).category;

describe("suggestCategory: the four rules", () => {
  it("1. Type Uforutsett → 4", () => {
    expect(cat({ type: "uforutsett" })).toBe(4);
    expect(cat({ type: "avsetning" })).toBe(1);
  });
  it("2. finished → 2: Status, Forventet ferdig Avsluttet/Ferdig, or a date in or before Y", () => {
    expect(cat({ status: "ferdig" })).toBe(2);
    expect(cat({ forventet: "Avsluttet" })).toBe(2);
    expect(cat({ forventet: "Ferdig" })).toBe(2);
    expect(cat({ forventet: "4/2024" })).toBe(2);
    expect(cat({ forventet: "31.12.2024" })).toBe(2);
    expect(cat({ forventet: "2024" })).toBe(2);
    expect(cat({ forventet: "2019" })).toBe(2);
    expect(cat({ forventet: "1/2025" })).not.toBe(2);
  });
  it("3. Forventet ferdig later than Bystyrevedtatt ferdig → 3", () => {
    expect(cat({ vedtatt: "2025", forventet: "2026" })).toBe(3);
    expect(cat({ vedtatt: "2/2025", forventet: "3/2025" })).toBe(3);
    expect(cat({ vedtatt: "30.06.2025", forventet: "07.2025" })).toBe(3);
  });
  it("'1/2025' is not later than '2025' (each compared by its last day)", () => {
    expect(cat({ vedtatt: "2025", forventet: "1/2025" })).toBe(1);
    expect(cat({ vedtatt: "1/2025", forventet: "2025" })).toBe(3);
    expect(cat({ vedtatt: "Q4 2025", forventet: "2025" })).toBe(1);
  });
  it("4. otherwise → 1: within the frame, Løpende, or dates unknown", () => {
    expect(cat({ vedtatt: "2026", forventet: "2025" })).toBe(1);
    expect(cat({ forventet: "Løpende" })).toBe(1);
    expect(cat({ vedtatt: "Løpende", forventet: "2027" })).toBe(1);
    expect(cat({})).toBe(1);
  });
  it("the order: the first rule that applies wins", () => {
    expect(cat({ type: "uforutsett", status: "ferdig", vedtatt: "2024", forventet: "2026" })).toBe(4);
    // finished in Y beats late against the adopted date
    expect(cat({ vedtatt: "2/2024", forventet: "4/2024" })).toBe(2);
    expect(cat({ status: "ferdig", vedtatt: "2025", forventet: "2027" })).toBe(2);
  });
  it("each suggestion carries its reason in words", () => {
    expect(suggestCategory({ ...project({ status: "ferdig", forventet: "4/2024" }), statusText: "Ferdig" }, 2024).reason).toBe("Ferdig 4/2024: reell besparelse");
    expect(suggestCategory(project({ vedtatt: "2025", forventet: "2026" }), 2024).reason).toContain("reell forsinkelse");
  });
});

describe("applyDecision", () => {
  const s = { category: 1 as const, reason: "" };
  it("places the deviation in the suggested category", () => {
    expect(applyDecision(ore(500), s, undefined)).toEqual({ split: { 1: 500, 2: 0, 3: 0, 4: 0 }, source: "suggested", splitDifference: 0 });
  });
  it("an override wins over the suggestion", () => {
    expect(applyDecision(ore(-500), s, { category: 3 })).toEqual({ split: { 1: 0, 2: 0, 3: -500, 4: 0 }, source: "override", splitDifference: 0 });
  });
  it("a split wins over an override and reports its shortfall", () => {
    const a = applyDecision(ore(1000), s, { category: 3, split: [ore(600), ore(300), ore(0), ore(0)] });
    expect(a).toEqual({ split: { 1: 600, 2: 300, 3: 0, 4: 0 }, source: "split", splitDifference: 100 });
    expect(splitMismatch(a)).toBe(true);
    expect(splitMismatch(applyDecision(ore(1000), s, { split: [ore(901), ore(0), ore(0), ore(0)] }))).toBe(false);
  });
});

describe("table 3.4.2 through the pipeline", () => {
  const inv = (prosjekt: number, regulert: number, regnskap: number) => ({
    ledger: { del: "I", art: "020", prosjekt, belop: regnskap },
    budget: { del: "I", art: "020", prosjekt, regulert },
  });
  const build = (items: ReturnType<typeof inv>[], projects: ProjectLine[], decisions = {}) =>
    runPipeline({ grids: workbook({ ledger: items.map((i) => i.ledger), budget: items.map((i) => i.budget), projects }), decisions });

  it("a sub-project is categorised on its own; the parent row is their sum", () => {
    const r = build(
      [inv(11801101, 1000, 400), inv(11801102, 500, 0), inv(11801103, 200, 200)],
      [
        { nr: 118011, navn: "Hoved" },
        { nr: 11801101, navn: "Del 1", status: "Ferdig" },
        { nr: 11801102, navn: "Del 2", type: "Uforutsett" },
        { nr: 11801103, navn: "Del 3" },
      ],
    );
    const rows = r.tables["3.4.2"].rows;
    expect(rows.map((x) => [x.key, x.isParent, categoryColumns(x.amounts)])).toEqual([
      ["118011", true, [0, 60000, 0, 50000, 110000]],
      ["11801101", false, [0, 60000, 0, 0, 60000]],
      ["11801102", false, [0, 0, 0, 50000, 50000]],
    ]);
    expect(rows[0]?.label).toBe("118011-Hoved");
    expect(r.tables["3.4.2"].sum).toEqual({ split: { 1: 0, 2: 60000, 3: 0, 4: 50000 }, total: 110000 });
    expect(avvik(r.tables["3.4.1"].rows.find((x) => x.key === "118011")!.amounts)).toBe(110000);
  });

  it("a parent's own lines beside its sub-projects are a row of their own, under the parent's number", () => {
    const r = build(
      [inv(118011, 300, 100), inv(11801101, 1000, 400)],
      [
        { nr: 118011, navn: "Hoved" },
        { nr: 11801101, navn: "Del 1" },
      ],
    );
    expect(r.tables["3.4.2"].rows.map((x) => [x.key, x.label, x.amounts.total])).toEqual([
      ["118011", "118011-Hoved", 80000],
      ["118011-0", "118011-Hoved (uten delprosjekt)", 20000],
      ["11801101", "11801101-Del 1", 60000],
    ]);
    expect(r.projects.map((p) => [p.nr, p.name, p.parent])).toEqual([
      ["118011-0", "Hoved (uten delprosjekt)", "118011"],
      ["11801101", "Del 1", "118011"],
    ]);
  });

  it("projects with no deviation (or one that rounds to 0 kr) are absent from 3.4.2", () => {
    const r = build(
      [inv(122006, 1000, 1000), inv(122007, 1000, 999.6), inv(122008, 1000, 999.4)],
      [
        { nr: 122006, navn: "A" },
        { nr: 122007, navn: "B" },
        { nr: 122008, navn: "C" },
      ],
    );
    expect(r.tables["3.4.1"].rows.map((x) => x.key)).toEqual(["122006", "122007", "122008"]);
    expect(r.tables["3.4.2"].rows.map((x) => x.key)).toEqual(["122008"]);
  });

  it("the register's Kategori and Kat. columns, and the task pane's decisions over them", () => {
    const r = build(
      [inv(122006, 1000, 0), inv(122007, 1000, 0)],
      [
        { nr: 122006, navn: "A", kategori: 3 },
        { nr: 122007, navn: "B", kat: [250, 750, 0, 0] },
      ],
    );
    expect(r.tables["3.4.2"].rows.map((x) => [x.key, x.applied?.source, categoryColumns(x.amounts).slice(0, 4)])).toEqual([
      ["122006", "override", [0, 0, 100000, 0]],
      ["122007", "split", [25000, 75000, 0, 0]],
    ]);
    const r2 = build([inv(122006, 1000, 0)], [{ nr: 122006, navn: "A", kategori: 3 }], { "122006": { category: 2 } });
    expect(categoryColumns(at(r2.tables["3.4.2"].rows, 0).amounts)).toEqual([0, 100000, 0, 0, 100000]);
    expect(r2.projects[0]).toMatchObject({ nr: "122006", suggested: 1, source: "override" });
  });

  it("a sub-project missing from the register takes its parent's dates, but not the parent's split amounts", () => {
    const r = build([inv(11801101, 600, 0), inv(11801102, 400, 0)], [{ nr: 118011, navn: "Hoved", forventetFerdig: "2023", kat: [0, 1000, 0, 0] }]);
    const t = r.tables["3.4.2"];
    expect(t.rows.map((x) => [x.key, categoryColumns(x.amounts)])).toEqual([
      ["118011", [0, 100000, 0, 0, 100000]],
      ["11801101", [0, 60000, 0, 0, 60000]],
      ["11801102", [0, 40000, 0, 0, 40000]],
    ]);
    expect(t.sum.total).toBe(avvik(r.tables["3.4.1"].sum));
    expect(r.findings.filter((f) => f.code === "SPLIT_MISMATCH")).toEqual([]);
  });

  it("the suggestion uses the report year", () => {
    const r = build([inv(122006, 1000, 0)], [{ nr: 122006, navn: "A", forventetFerdig: "2/2024" }]);
    expect(r.tables["3.4.2"].rows[0]).toMatchObject({ suggested: 2, reason: "Ferdig 2/2024: reell besparelse" });
  });
});
