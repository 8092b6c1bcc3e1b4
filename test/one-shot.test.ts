import { readFileSync } from "fs";
import { join } from "path";
import { setFlagsFromString } from "v8";
import { main } from "../src/cli/main";
import { tempDir } from "./helpers/temp-dir";

// A stand-in, so that this test's process keeps its optimising compiler.
jest.mock("v8", () => ({ ...jest.requireActual("v8"), setFlagsFromString: jest.fn() }));
const setFlags = setFlagsFromString as jest.MockedFunction<typeof setFlagsFromString>;

const EXAMPLE = join(__dirname, "..", "examples", "uke-2022", "input.xlsx");
const io = { out: { write: () => true }, err: { write: () => true } };

/**
 * The command line tells V8 to optimise no more code once the ledger is read, only when it is the
 * process's own program (bin/avstem.js passes ownProcess): main() called in a process that goes on
 * (these tests, other tools) leaves V8's flags alone.
 */
describe("the command line's cue to V8 after the ledger", () => {
  const dir = tempDir("avstem-one-shot-");
  beforeEach(() => setFlags.mockClear());

  it("is not given when main() runs in a process that goes on", async () => {
    expect(await main(["build", EXAMPLE, "-o", join(dir, "a.xlsx")], io)).toBe(0);
    expect(setFlags).not.toHaveBeenCalled();
  });

  it("is given once, as the program's own run, and the report is the same", async () => {
    expect(await main(["build", EXAMPLE, "-o", join(dir, "b.xlsx"), "--json", join(dir, "b.json")], io, { ownProcess: true })).toBe(0);
    expect(setFlags.mock.calls).toEqual([["--turbo-filter=-*"]]);
    expect(await main(["build", EXAMPLE, "-o", join(dir, "c.xlsx"), "--json", join(dir, "c.json")], io)).toBe(0);
    expect(readFileSync(join(dir, "b.json"), "utf8")).toBe(readFileSync(join(dir, "c.json"), "utf8"));
  });
});
