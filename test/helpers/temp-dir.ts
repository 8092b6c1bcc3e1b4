import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";

/**
 * A test's scratch folder under the system's temp folder, removed when the test file's tests
 * are done (one `npm test` used to leave some 25 MB of generated ledgers and reports in /tmp).
 * The hook is registered when a test file imports this module: each file has its own list.
 */
const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
