import { at, got, group, need } from "./at";

describe("checked reads", () => {
  it("at: the item, or an error naming the list and the index", () => {
    expect(at(["a", "b"], 1)).toBe("b");
    expect(at([undefined], 0)).toBeUndefined();
    expect(() => at(["a"], 1, "row")).toThrow("row 1 is out of range (1 in all)");
    expect(() => at(["a"], -1)).toThrow(RangeError);
    expect(() => at(["a"], 0.5)).toThrow(RangeError);
  });
  it("got and need: a map's or a record's value, or an error naming the key", () => {
    expect(got(new Map([["x", 1]]), "x")).toBe(1);
    expect(() => got(new Map<string, number>(), "y", "project")).toThrow("project y is missing");
    expect(need({ art: 3 }, "art")).toBe(3);
    expect(() => need<number>({}, "kapittel")).toThrow("column «kapittel» is missing");
  });
  it("group: a capture that always matches, or an error", () => {
    expect(group(/^(\d+)-(\d+)$/.exec("12-34")!, 2)).toBe("34");
    expect(() => group(/^(\d+)(x)?$/.exec("12")!, 2)).toThrow(RangeError);
  });
});
