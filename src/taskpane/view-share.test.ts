import type { PaneProject, PaneView } from "./engine-core";
import { shareView } from "./view-share";
import { at } from "../domain/at";

const project = (nr: string, applied: [number, number, number, number], source: PaneProject["source"] = "suggested"): PaneProject =>
  ({ nr, name: `Prosjekt ${nr}`, parent: null, avvik: 100, suggested: 1, reason: "r", applied, source, material: undefined }) as unknown as PaneProject;

const view = (projects: PaneProject[]): PaneView =>
  ({
    year: 2024,
    chapter: 125,
    agency: "UKE",
    layout: { ledger: { sheet: "Regnskap", columns: { art: 2 } } },
    settings: { year: 2024 },
    findings: [{ code: "X", severity: "warning", message: "m" }],
    projects,
    ledgerLines: 10,
    errorCount: 0,
  }) as unknown as PaneView;

// A worker's answer arrives as a new copy: the same data, new objects.
const copy = <T>(x: T): T => structuredClone(x);

describe("engine client: the view shares the previous answer's objects", () => {
  it("keeps the whole previous view when the answer is equal", () => {
    const before = view([project("1", [100, 0, 0, 0]), project("2", [100, 0, 0, 0])]);
    expect(shareView(before, copy(before))).toBe(before);
    expect(shareView(undefined, before)).toBe(before);
  });

  it("after one decision: a new view and list, the decided project new, every other object the previous one", () => {
    const before = view([project("1", [100, 0, 0, 0]), project("2", [100, 0, 0, 0]), project("3", [100, 0, 0, 0])]);
    const answer = copy(before) as { -readonly [K in keyof PaneView]: PaneView[K] };
    answer.projects = [at(answer.projects, 0), project("2", [0, 100, 0, 0], "decided" as PaneProject["source"]), at(answer.projects, 2)];
    const shared = shareView(before, answer);
    expect(shared).toEqual(answer);
    expect(shared).not.toBe(before);
    expect(shared.projects).not.toBe(before.projects);
    expect(shared.projects[0]).toBe(before.projects[0]);
    expect(shared.projects[1]).not.toBe(before.projects[1]);
    expect(shared.projects[2]).toBe(before.projects[2]);
    expect(shared.findings).toBe(before.findings);
    expect(shared.layout).toBe(before.layout);
    expect(shared.settings).toBe(before.settings);
  });

  it("takes the new objects where the lists differ in length or a field is added or dropped", () => {
    const before = view([project("1", [100, 0, 0, 0])]);
    const longer = view([project("1", [100, 0, 0, 0]), project("2", [100, 0, 0, 0])]);
    const shared = shareView(before, longer);
    expect(shared.projects).toEqual(longer.projects);
    expect(shared.projects[0]).toBe(before.projects[0]);
    const fewerKeys = { ...copy(before), chapter: undefined };
    delete (fewerKeys as { chapter?: number }).chapter;
    expect(shareView(before, fewerKeys as PaneView)).toEqual(fewerKeys);
    expect("chapter" in shareView(before, fewerKeys as PaneView)).toBe(false);
  });

  it("tells a field left out from one renamed, as many fields either way", () => {
    const a = { ...view([]), x: undefined } as unknown as PaneView;
    const b = { ...view([]), y: undefined } as unknown as PaneView;
    expect("y" in shareView(a, b)).toBe(true);
  });

  it("never takes a Map or Set for equal by its (absent) keys", () => {
    const a = { ...view([]), extra: new Map([["a", 1]]) } as unknown as PaneView;
    const b = { ...view([]), extra: new Map([["b", 2]]) } as unknown as PaneView;
    expect((shareView(a, b) as unknown as { extra: Map<string, number> }).extra.get("b")).toBe(2);
  });
});
