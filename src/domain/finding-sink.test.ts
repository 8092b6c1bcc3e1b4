import { finding } from "./findings";
import { FindingSink } from "./finding-sink";
import { ore } from "./money";

describe("FindingSink", () => {
  it("keeps the first findings of a kind per sheet and sums the rest into one, dropping nothing", () => {
    const sink = new FindingSink(3);
    for (let i = 0; i < 5; i++) sink.add(finding("AMOUNT_INVALID", "Regnskap", `F${i + 2}`, "x", { amount: ore(100) }));
    sink.add(finding("AMOUNT_INVALID", "Budsjett", "E2", "y"));
    const out = sink.findings((code, sheet, count) => `${count} more ${code} in ${sheet}`);
    expect(out.map((f) => f.cell)).toEqual(["F2", "F3", "F4", "E2", ""]);
    expect(out[4]).toMatchObject({ code: "AMOUNT_INVALID", severity: "error", sheet: "Regnskap", count: 2, amount: 200, message: "2 more AMOUNT_INVALID in Regnskap" });
    expect(sink.count("AMOUNT_INVALID")).toBe(6);
  });
});
