import { sumFormula } from "./builder";

describe("sumFormula", () => {
  it("sums the rows of one column in as few ranges as possible, in row order", () => {
    expect(sumFormula(1, [3, 4, 5, 9])).toBe("SUM(B4:B6,B10)");
    expect(sumFormula(2, [9, 3, 5, 4])).toBe("SUM(C4:C6,C10)");
    expect(sumFormula(0, [7])).toBe("SUM(A8)");
    expect(sumFormula(0, [2, 4, 6])).toBe("SUM(A3,A5,A7)");
  });

  it("is 0 with no rows, and keeps a row given twice", () => {
    expect(sumFormula(0, [])).toBe("0");
    expect(sumFormula(0, [4, 4, 5])).toBe("SUM(A5,A5:A6)");
  });
});
