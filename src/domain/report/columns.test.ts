import { avvik } from "../amounts";
import { ore } from "../money";
import { ACCOUNT_MEASURES, accountColumns, categoryColumns, PROJECT_MEASURES, projectColumns } from "./columns";

const a = { regnskap: ore(1), regnskapFjor: ore(2), dok3: ore(3), regulert: ore(5) };

describe("the column order, in one place", () => {
  test("3.1/3.3: I–IV in the order of ACCOUNT_MEASURES, V the deviation III − I", () => {
    expect(accountColumns(a)).toEqual([...ACCOUNT_MEASURES.map((m) => a[m]), avvik(a)]);
    expect(accountColumns(a)).toEqual([1, 3, 5, 2, 4]);
  });
  test("3.4.1: VI–VIII in the order of PROJECT_MEASURES, IX the deviation VII − VIII", () => {
    expect(projectColumns(a)).toEqual([...PROJECT_MEASURES.map((m) => a[m]), avvik(a)]);
    expect(projectColumns(a)).toEqual([3, 5, 1, 4]);
  });
  test("3.4.2: kategori 1–4, then Sum prosjekt", () => {
    expect(categoryColumns({ split: { 1: ore(1), 2: ore(2), 3: ore(3), 4: ore(4) }, total: ore(10) })).toEqual([1, 2, 3, 4, 10]);
  });
});
