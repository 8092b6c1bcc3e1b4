/**
 * The task pane end to end, in headless Chromium: the real bundle and taskpane.html (with its
 * Content-Security-Policy), an in-memory workbook behind the WorkbookPort, office.js replaced by
 * a local stub, and no network beyond a local server.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as http from "http";
import type { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { chromium, type Browser, type Page } from "playwright-core";
import type { SheetGrid } from "../../src/domain/cells";
import type { CellValue } from "../../src/domain/cells";
import { runPipeline } from "../../src/domain/pipeline";
import type { SheetModel } from "../../src/domain/report/sheet-model";
import { parseSettingsSheet } from "../../src/domain/settings-sheet";
import { forecastKey } from "../../src/domain/tertial/tables";
import type { Ore } from "../../src/domain/money";
import { withPeriods } from "../support/tertial-example";
import { readGrids } from "./read-grids";
import { group } from "../../src/domain/at";

const ROOT = path.resolve(__dirname, "..", "..");
const HARNESS = path.join(__dirname, "harness");
const ARTIFACTS = path.join(ROOT, "test-artifacts", "taskpane");
const INPUT = path.join(ROOT, "examples", "uke-2022", "input.xlsx");
const OFFICE_JS = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
const CHROMIUM = "/usr/bin/chromium";

jest.setTimeout(180_000);

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".map": "application/json",
  ".png": "image/png",
  ".xml": "application/xml",
};

/** Serves the build at /, the harness at /harness/ and axe-core at /vendor/, on 127.0.0.1 only. */
function serve(buildDir: string): Promise<http.Server> {
  const roots: [string, string][] = [
    ["/harness/", HARNESS],
    ["/vendor/", path.join(ROOT, "node_modules", "axe-core")],
    ["/", buildDir],
  ];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const [prefix, dir] = roots.find(([p]) => url.pathname.startsWith(p))!;
    const file = path.normalize(path.join(dir, decodeURIComponent(url.pathname.slice(prefix.length))));
    if (!file.startsWith(dir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "Content-Type": TYPES[path.extname(file)] ?? "application/octet-stream" });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

async function axe(page: Page, origin: string): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ url: `${origin}/vendor/axe.min.js` });
  return page.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> } };
    // Tabster's focus sentinels (<i data-tabster-dummy aria-hidden tabindex=0>, used by Fluent UI to move focus)
    // hand focus on at once and are never a focus stop: a known false positive of aria-hidden-focus.
    const result = await w.axe.run({ exclude: [["[data-tabster-dummy]"]] } as unknown as Document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
}

/** A written sheet's values as a grid from A1, as the workbook gives them back. */
function asGrid(model: SheetModel | undefined): SheetGrid {
  if (!model) throw new Error("The sheet was not written");
  return { name: model.name, firstRow: 0, firstColumn: 0, rows: model.rows.map((r) => r.map((c): CellValue => (c ? c.value : null))) };
}

function serious(violations: AxeViolation[]): AxeViolation[] {
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}

describe("task pane in Chromium", () => {
  let buildDir: string;
  let server: http.Server;
  let origin: string;
  let browser: Browser;
  let page: Page;
  let grids: SheetGrid[];
  const foreignRequests: string[] = [];
  const pageErrors: string[] = [];
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    const t0 = Date.now();
    buildDir = fs.mkdtempSync(path.join(os.tmpdir(), "avstem-e2e-"));
    await promisify(execFile)(process.execPath, [path.join(ROOT, "node_modules", "webpack", "bin", "webpack.js"), "--mode", "development", "--env", `outputPath=${buildDir}`], {
      cwd: ROOT,
      maxBuffer: 64 * 1024 * 1024,
    });
    timings.build = Date.now() - t0;
    grids = await readGrids(INPUT);
    server = await serve(buildDir);
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    if (buildDir) fs.rmSync(buildDir, { recursive: true, force: true });
  });

  interface PaneOptions {
    /** Appended to taskpane.html, as Office and the manifest's URLs do (`?run=tables&_host_Info=…`). */
    readonly query?: string;
    /** What office.js is answered with: the stub inside "Excel" (default), or a script's text. */
    readonly officeJs?: string;
    /** Without the in-memory workbook: the page as a browser opens it. */
    readonly noHarness?: boolean;
    readonly locale?: string;
    /** Milliseconds per block read and sheet written, from the first read on. */
    readonly delayMs?: number;
    readonly width?: number;
    /** The workbook's sheets (default: the example's). */
    readonly grids?: SheetGrid[];
  }

  async function openPane(displayLanguage = "nb-NO", options: PaneOptions = {}): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: options.width ?? 360, height: 900 },
      locale: options.locale ?? "nb-NO",
      serviceWorkers: "block",
    });
    const p = await context.newPage();
    // No network: the local server, and office.js answered by the stub; everything else is refused and recorded.
    await context.route("**/*", async (route) => {
      const url = route.request().url();
      if (url === OFFICE_JS && options.officeJs !== undefined) return route.fulfill({ body: options.officeJs, contentType: "text/javascript" });
      if (url === OFFICE_JS) return route.fulfill({ path: path.join(HARNESS, "office-stub.js"), contentType: "text/javascript" });
      if (url.startsWith(`${origin}/`) || url.startsWith("data:")) return route.continue();
      foreignRequests.push(url);
      return route.abort("blockedbyclient");
    });
    p.on("pageerror", (e) => pageErrors.push(e.message));
    p.on("console", (m) => {
      if (m.type() === "error") pageErrors.push(m.text());
    });
    await p.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
    });
    if (!options.noHarness) {
      await p.addInitScript(
        (input) => {
          (window as unknown as { __avstemInput: unknown }).__avstemInput = input;
        },
        { grids: options.grids ?? grids, displayLanguage },
      );
      await p.addInitScript({ path: path.join(HARNESS, "memory-workbook.js") });
      if (options.delayMs) {
        await p.addInitScript((ms) => {
          (window as unknown as { __avstemWorkbook: { delayMs: number } }).__avstemWorkbook.delayMs = ms;
        }, options.delayMs);
      }
    }
    await p.goto(`${origin}/taskpane.html${options.query ?? ""}`);
    return p;
  }

  /** The tabs' rows: the distinct top edges of the four step tabs, and whether the tab list scrolls sideways. */
  async function tabRows(p: Page): Promise<{ tops: number[]; scrolls: boolean }> {
    return p.evaluate(() => {
      const list = document.querySelector('[role="tablist"]') as HTMLElement;
      const tops = [...list.querySelectorAll('[role="tab"]')].map((tab) => Math.round(tab.getBoundingClientRect().top));
      return { tops: [...new Set(tops)], scrolls: list.scrollWidth > list.clientWidth };
    });
  }

  const outputs = () => page.evaluate(() => (window as unknown as { __avstemWorkbook: { outputs: Record<string, SheetModel> } }).__avstemWorkbook.outputs);
  const selections = () => page.evaluate(() => (window as unknown as { __avstemWorkbook: { selections: { sheet: string; address: string }[] } }).__avstemWorkbook.selections);

  async function shot(name: string): Promise<void> {
    // What the pane shows (a task pane is a narrow viewport), and the whole step below it.
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), animations: "disabled" });
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}-full.png`), fullPage: true, animations: "disabled" });
  }

  async function expectAccessible(step: string): Promise<void> {
    const violations = serious(await axe(page, origin));
    expect({ step, violations }).toEqual({ step, violations: [] });
  }

  it("walks the four steps and writes the tables", async () => {
    const t0 = Date.now();
    page = await openPane();

    // 1. Oppsett: the settings from the Oppsett sheet, and the sheets found.
    await page.getByRole("tab", { name: /^Oppsett/ }).waitFor();
    await expect(page.getByRole("tab", { name: /^Oppsett/ }).getAttribute("aria-selected")).resolves.toBe("true");
    // The four step tabs fit on one line at the default pane width (360 px), without scrolling.
    await expect(tabRows(page)).resolves.toEqual({ tops: [expect.any(Number)], scrolls: false });
    // The port's "no such sheet" is an error named SheetNotFoundError, as Excel's adapter gives it.
    await expect(
      page.evaluate(() =>
        (window as unknown as { __avstemWorkbook: { readSheet: (n: string) => Promise<unknown> } }).__avstemWorkbook.readSheet("Finnes ikke").then(
          () => "read",
          (e: Error) => `${e.name}: ${e.message}`,
        ),
      ),
    ).resolves.toBe("SheetNotFoundError: Fant ikke arket «Finnes ikke».");
    await expect(page.getByLabel("Rapportår").getAttribute("placeholder")).resolves.toBe("2022");
    await expect(page.getByLabel("Kapittel").getAttribute("placeholder")).resolves.toBe("125");
    for (const sheet of ["Regnskap", "Budsjett", "Prosjekter", "Reguleringer", "Oppsett"]) {
      await expect(page.getByRole("button", { name: new RegExp(`^${sheet} «${sheet}»`) }).count()).resolves.toBe(1);
    }
    // Open the ledger's columns: the dropdowns show the recognised columns.
    await page.getByRole("button", { name: /^Regnskap «Regnskap»/ }).click();
    await expect(page.getByRole("combobox", { name: /^Art/ }).textContent()).resolves.toContain("C: Art");
    await expect(page.getByRole("combobox", { name: /^Beløp/ }).textContent()).resolves.toContain("H: Beløp");
    await page.getByLabel("Vesentlighetsgrense").fill("500 000");
    await shot("1-oppsett");
    await expectAccessible("oppsett");
    await page.getByRole("button", { name: "Lagre innstillinger" }).click();
    await page.getByText("Innstillingene er lagret").waitFor();
    const saved = (await outputs())["Avstem-innstillinger"];
    expect(saved?.role).toBe("settings");
    expect(saved?.rows.some((r) => r[0]?.value === "Vesentlighetsgrense" && r[1]?.value === 500000)).toBe(true);

    // 2. Kontroll: findings by severity; a click on a finding selects its cell.
    await page.getByRole("button", { name: "Neste", exact: true }).click();
    await page.getByText(/\d+ feil, \d+ advarsler og \d+ merknader\./).waitFor();
    await shot("2-kontroll");
    await expectAccessible("kontroll");
    const cellLinks = page.getByRole("button", { name: /^Vis \S+![A-Z]+\d+: / });
    if ((await cellLinks.count()) > 0) {
      const label = (await cellLinks.first().getAttribute("aria-label"))!;
      const [, sheet, cell] = /^Vis (.+)!([A-Z]+\d+):/.exec(label)!;
      await cellLinks.first().click();
      await expect(selections()).resolves.toContainEqual({ sheet, address: cell });
    }

    // 3. Kategorisering: one card per project with a deviation; accept all suggestions.
    await page.getByRole("button", { name: "Neste", exact: true }).click();
    await page.getByRole("button", { name: "Godta alle forslag" }).waitFor();
    const cards = page.getByRole("list", { name: "Kategorisering" }).getByRole("listitem");
    expect(await cards.count()).toBeGreaterThan(0);
    // Every project with a deviation, over all pages (the list shows one page of them).
    const projectCount = Number((await page.getByText(/^Viser \d+–\d+ av \d+ prosjekter/).textContent())!.match(/av (\d+) prosjekter/)![1]);
    expect(projectCount).toBeGreaterThanOrEqual(await cards.count());
    // Whole kroner with Norwegian grouping (no-break spaces).
    // Whole kroner with Norwegian grouping, and "kr" held to its number (no-break spaces).
    await expect(cards.first().textContent()).resolves.toMatch(/Avvik: -?\d{1,3}(\u00a0\d{3})*\u00a0kr/);
    await shot("3-kategorisering");
    await expectAccessible("kategorisering");
    // The split editor adds up the four categories against the deviation.
    await cards
      .first()
      .getByRole("button", { name: /^Fordel: / })
      .click();
    await cards.first().getByText("Stemmer med avviket.").waitFor();
    await shot("3b-fordeling");
    await expectAccessible("fordeling");
    await cards.first().getByRole("button", { name: "Fjern fordelingen" }).click();
    await page.getByRole("button", { name: "Godta alle forslag" }).click();
    await page.getByText("Alle forslag er godtatt.").waitFor();
    const decisions = (await outputs())["Avstem-innstillinger"]?.rows.filter((r) => /^\d{6,8}$/.test(String(r[0]?.value ?? "")) && typeof r[1]?.value === "number");
    expect(decisions).toHaveLength(projectCount);

    // 4. Tabeller: a cancelled run changes nothing; then the tables are written.
    await page.getByRole("button", { name: "Neste", exact: true }).click();
    await page.evaluate(() => ((window as unknown as { __avstemWorkbook: { delayMs: number } }).__avstemWorkbook.delayMs = 300));
    const writesBefore = await page.evaluate(() => (window as unknown as { __avstemWorkbook: { writes: unknown[] } }).__avstemWorkbook.writes.length);
    await page.getByRole("button", { name: "Lag tabeller" }).click();
    await page.getByRole("progressbar").waitFor();
    await shot("4a-fremdrift");
    await page.getByRole("button", { name: "Avbryt" }).click();
    await page.getByText("Avbrutt. Ingenting er endret i arbeidsboken.").waitFor();
    await expect(page.evaluate(() => (window as unknown as { __avstemWorkbook: { writes: unknown[] } }).__avstemWorkbook.writes.length)).resolves.toBe(writesBefore);
    await page.evaluate(() => ((window as unknown as { __avstemWorkbook: { delayMs: number } }).__avstemWorkbook.delayMs = 0));

    await page.getByRole("button", { name: "Lag tabeller" }).click();
    await page.getByText(/\d+ ark er skrevet:/).waitFor();
    await shot("4-tabeller");
    await expectAccessible("tabeller");

    const written = await outputs();
    const table = (id: string) => Object.values(written).find((m) => m.role === "table" && m.tableId === id);
    for (const id of ["3.1", "3.3", "3.4.1", "3.4.2"]) expect(table(id)).toBeDefined();
    const t31 = table("3.1")!;
    expect(t31.name).toBe("Tabell 3.1");
    const netto = t31.rows.find((r) => r[0]?.value === "Kapitlets nettoresultat")!;
    expect(netto).toBeDefined();
    const kroner = (i: number) => Math.round(Number(netto[i]?.value));
    // I Regnskap 2022, II Dok. 3, III Regulert, V Avvik = III − I.
    expect([kroner(1), kroner(2), kroner(3)]).toEqual([712145115, 704551000, 754473000]);
    expect(kroner(5)).toBe(754473000 - 712145115);

    // 3.4.2: every category row adds up to its Sum prosjekt, and the Sum row to 3.4.1's total deviation.
    const t342 = table("3.4.2")!;
    const sum342 = t342.rows.find((r) => r[0]?.value === "Sum")!;
    const t341 = table("3.4.1")!;
    const sum341 = t341.rows.find((r) => typeof r[0]?.value === "string" && /^Sum kap\.\s?125/.test(r[0].value))!;
    expect(Math.round(Number(sum342[5]?.value))).toBe(Math.round(Number(sum341[8]?.value)));

    // The links in the summary select each written sheet.
    await page.getByRole("button", { name: "Gå til arket Tabell 3.1" }).click();
    await expect(selections()).resolves.toContainEqual({ sheet: "Tabell 3.1", address: "A1" });
    // The settings sheet went with the tables, decisions included.
    expect(written["Avstem-innstillinger"]?.rows.some((r) => r[0]?.value === "Kategorisering av avvik")).toBe(true);

    timings.walk = Date.now() - t0;
    expect(pageErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });

  it("walks a tertial report: the period in Oppsett, forecasts proposed, one typed, the rest accepted, the Tertial sheets written", async () => {
    const tertialGrids = withPeriods(grids);
    const period = { year: 2022, month: 8 };
    page = await openPane("nb-NO", { grids: tertialGrids });

    // 1. Oppsett: the annual report by default; choose the 2nd tertial.
    await page.getByRole("tab", { name: /^Oppsett/ }).waitFor();
    const kind = page.getByRole("combobox", { name: "Rapporttype" });
    await expect(kind.textContent()).resolves.toContain("Årsberetning");
    await expect(page.getByRole("tab", { name: /^Kategorisering/ }).count()).resolves.toBe(1);
    await kind.click();
    await page.getByRole("option", { name: "2. tertial (2022-08)" }).waitFor();
    await shot("9a0-rapporttype");
    await page.getByRole("option", { name: "2. tertial (2022-08)" }).click();
    // The third step becomes the forecasts; the header names the report.
    await page.getByRole("tab", { name: /^Prognoser/ }).waitFor();
    await page.getByText("Tertialrapport, 2. tertial 2022").waitFor();
    await expect(tabRows(page)).resolves.toEqual({ tops: [expect.any(Number)], scrolls: false });
    await shot("9a-oppsett-tertial");
    await expectAccessible("oppsett, tertial");
    await page.getByRole("button", { name: "Lagre innstillinger" }).click();
    await page.getByText("Innstillingene er lagret").waitFor();
    expect(parseSettingsSheet(asGrid((await outputs())["Avstem-innstillinger"])).period).toEqual(period);

    // 2. Kontroll, then 3. Prognoser: a card per artsgruppe and project, with its suggestion and method.
    await page.getByRole("button", { name: "Neste", exact: true }).click();
    await page.getByText(/\d+ feil, \d+ advarsler og \d+ merknader\./).waitFor();
    await page.getByRole("button", { name: "Neste", exact: true }).click();
    const list = page.getByRole("list", { name: "Prognoser" });
    await list.waitFor();
    const cards = list.getByRole("listitem");
    await expect(cards.count()).resolves.toBe(10);
    const summary = page.getByText(/^Viser \d+–\d+ av \d+ rader/);
    const total = Number((await summary.textContent())!.match(/av (\d+) rader/)![1]);
    expect(total).toBeGreaterThan(10);
    const first = cards.first();
    const firstText = (await first.textContent())!;
    for (const part of ["Regulert budsjett", "Regnskap per 31.08.2022", "Prognose", "Forventet avvik", "Metode: ", "forslag"]) expect(firstText).toContain(part);
    expect(firstText).toMatch(/Metode: (Sesong|Lineær|Regulert budsjett)/);
    await shot("9b-prognoser");
    await expectAccessible("prognoser");

    // The officer's own figure for the first row: the card says so, its prognose is the figure, and Avstem's suggestion stays beside it.
    const suggestedFirst = (await first
      .getByText(/^Prognose$/)
      .locator("xpath=../following-sibling::dd[1]")
      .textContent())!;
    await first.getByRole("textbox").fill("1 234 567");
    await first.getByText("din prognose", { exact: true }).waitFor();
    await first.getByText(/^1\u00a0234\u00a0567\u00a0kr$/).waitFor();
    await first.getByText(`Avstems forslag: ${suggestedFirst} (`, { exact: false }).waitFor();
    await shot("9c-egen-prognose");

    // Only the rows still on a suggestion: one fewer.
    await page.getByRole("checkbox", { name: "Bare forslag (uten egen prognose)" }).check();
    await page.getByText(`av ${total - 1} rader`, { exact: false }).waitFor();
    await page.getByRole("checkbox", { name: "Bare forslag (uten egen prognose)" }).uncheck();
    // A suggestion accepted by keyboard, row by row.
    await cards
      .nth(1)
      .getByRole("button", { name: /^Godta forslaget for / })
      .focus();
    await page.keyboard.press("Enter");
    await cards.nth(1).getByText("din prognose", { exact: true }).waitFor();
    await expect(
      cards
        .nth(1)
        .getByRole("button", { name: /^Bruk forslaget for / })
        .count(),
    ).resolves.toBe(1);
    // Projects by the filter; a search narrows them.
    await page.getByRole("combobox", { name: "Del" }).click();
    await page.getByRole("option", { name: "Prosjekter" }).click();
    const projects = Number((await summary.textContent())!.match(/av (\d+) rader/)![1]);
    expect(projects).toBeGreaterThan(0);
    await expect(cards.first().textContent()).resolves.toMatch(/^\d{6,8} /);
    await shot("9b2-prognoser-prosjekter");
    await expectAccessible("prognoser, prosjekter");
    await page.getByRole("combobox", { name: "Del" }).click();
    await page.getByRole("option", { name: "Alle" }).click();

    // Every other suggestion accepted: saved as the officer's figures for 2022-08.
    await page.getByRole("button", { name: "Godta alle forslag" }).click();
    await page.getByText("Alle forslag er godtatt.").waitFor();
    const saved = parseSettingsSheet(asGrid((await outputs())["Avstem-innstillinger"]));
    const typed = saved.forecasts?.["2022-08"] ?? {};
    expect(Object.keys(typed)).toHaveLength(total);
    await expect(cards.first().getByText("din prognose", { exact: true }).count()).resolves.toBe(1);

    // What the engine gives for these choices, worked out here: the suggestions without any figure, the first row typed over.
    const suggested = runPipeline({ grids: tertialGrids, language: "nb", period }).tertial!;
    const expectedForecasts: Record<string, Ore> = {};
    for (const part of ["drift", "investering"] as const) for (const r of suggested[part].rows) if (r.kind === "group") expectedForecasts[`${part}:${r.key}`] = r.amounts.prognose;
    for (const r of suggested.projects.rows) if (!r.isParent) expectedForecasts[forecastKey.project(r.key.replace(/-0$/, ""))] = r.amounts.prognose;
    const firstKey = Object.keys(expectedForecasts).find((k) => typed[k] === 123456700)!;
    expect(firstKey).toBeDefined();
    expect(firstKey).toMatch(/^drift:/);
    expect(firstText).toContain(firstKey.split(":")[1]);
    expectedForecasts[firstKey] = 123456700 as Ore;
    expect(typed).toEqual(expectedForecasts);

    // 4. Tabeller: says which sheets it writes, and writes them.
    await page.getByRole("button", { name: "Neste", exact: true }).click();
    await page.getByText("Lager eller oppdaterer arkene Tertial Drift, Tertial Investering, Tertial Prosjekter, Kontroll og Reguleringer for 2. tertial 2022.").waitFor();
    await page.getByRole("button", { name: "Lag tabeller" }).click();
    await page.getByText(/\d+ ark er skrevet:/).waitFor({ timeout: 60_000 });
    await shot("9d-tertial-tabeller");
    await expectAccessible("tertial, tabeller");
    const written = await outputs();
    const expected = runPipeline({ grids: tertialGrids, language: "nb", period, forecasts: expectedForecasts });
    for (const name of ["Tertial Drift", "Tertial Investering", "Tertial Prosjekter"]) {
      const want = expected.sheets.find((m) => m.name === name)!;
      expect(want).toBeDefined();
      expect(written[name]).toEqual(JSON.parse(JSON.stringify(want)));
    }
    expect(written["Tabell 3.1"]).toBeUndefined();
    // The typed figure is in Tertial Drift or Investering as the officer's prognose, in kroner.
    const figures = ["Tertial Drift", "Tertial Investering", "Tertial Prosjekter"].flatMap((n) => written[n]?.rows.flat().map((c) => c?.value) ?? []);
    expect(figures).toContain(1234567);
    expect(pageErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });

  it("refuses a tertial report for a ledger without a month column, in the engine's one sentence", async () => {
    // The example without its Periode column: years only.
    const yearsOnly = withPeriods(grids, null);
    page = await openPane("nb-NO", { grids: yearsOnly });
    await page.getByRole("tab", { name: /^Oppsett/ }).waitFor();
    let sentence = "";
    try {
      runPipeline({ grids: yearsOnly, language: "nb", period: { year: 2022, month: 4 } });
    } catch (e) {
      sentence = (e as Error).message;
    }
    expect(sentence).toMatch(/^En tertialrapport \(.*\) trenger måneden/);
    await page.getByRole("combobox", { name: "Rapporttype" }).click();
    await page.getByRole("option", { name: "1. tertial (2022-04)" }).click();
    await page.getByText(sentence).waitFor();
    await shot("9e-uten-periode");
    await expectAccessible("uten periode");
    // The third step says why it has no forecasts; back to the annual report, the sentence goes.
    await page.getByRole("tab", { name: /^Prognoser/ }).click();
    await page.getByText("Prognosene vises når regnskapet er lest med periode per linje", { exact: false }).waitFor();
    await page.getByRole("tab", { name: /^Oppsett/ }).click();
    await page.getByRole("combobox", { name: "Rapporttype" }).click();
    await page.getByRole("option", { name: "Årsberetning" }).click();
    await page.getByText(sentence).waitFor({ state: "detached" });
    await expect(page.getByRole("tab", { name: /^Kategorisering/ }).count()).resolves.toBe(1);
    expect(pageErrors).toEqual([]);
  });

  it("builds the tables when the ribbon's Lag tabeller opens the pane (?run=tables), once", async () => {
    // Office appends its own parameters to the manifest's URL. Each sheet's write takes 300 ms, so the
    // progress is on screen long enough to be seen on a loaded machine (with 40 ms it could be over first).
    page = await openPane("nb-NO", { query: "?run=tables&_host_Info=Excel$Win32$16.01$nb-NO$$$$0", delayMs: 300 });
    await page.getByRole("tab", { name: /^Tabeller/ }).waitFor();
    await expect(page.getByRole("tab", { name: /^Tabeller/ }).getAttribute("aria-selected")).resolves.toBe("true");
    await page.getByText("«Lag tabeller» på båndet").waitFor();
    // Progress and a cancel button while it writes: no dialog, no time limit.
    await page.getByRole("progressbar").waitFor();
    await expect(page.getByRole("button", { name: "Avbryt" }).count()).resolves.toBe(1);
    await shot("5a-fra-baandet");
    await page.getByText(/\d+ ark er skrevet:/).waitFor({ timeout: 60_000 });
    await shot("5b-fra-baandet-ferdig");
    await expectAccessible("fra båndet");
    const writes = () => page.evaluate(() => (window as unknown as { __avstemWorkbook: { writes: string[][] } }).__avstemWorkbook.writes);
    const first = await writes();
    expect(first).toHaveLength(1);
    expect(first[0]).toEqual(expect.arrayContaining(["Tabell 3.1", "Tabell 3.3", "Tabell 3.4.1", "Tabell 3.4.2", "Avstem-innstillinger"]));
    // The request is taken off the address (a reload does not build again); Office's own parameter stays.
    const search = await page.evaluate(() => window.location.search);
    expect(search).not.toMatch(/(^|[?&])run=/);
    expect(search).toContain("_host_Info=Excel$Win32$16.01$nb-NO$$$$0");
    // Leaving the step and coming back does not build again.
    await page.getByRole("tab", { name: /^Oppsett/ }).click();
    await page.getByRole("tab", { name: /^Tabeller/ }).click();
    // The result is still there (the build belongs to the pane, not to the step).
    await page.getByText(/\d+ ark er skrevet:/).waitFor();
    await expect(writes()).resolves.toHaveLength(1);
    // The ribbon's build used what the pane had just read: the workbook was read once, not twice.
    const reads = () => page.evaluate(() => (window as unknown as { __avstemWorkbook: { reads: string[] } }).__avstemWorkbook.reads.length);
    const openingReads = await reads();
    expect(openingReads).toBeGreaterThan(0);
    // A build from the button with no input changed since: no read either.
    await page.getByRole("button", { name: "Lag tabellene på nytt" }).click();
    await page.getByText(/\d+ ark er skrevet:/).waitFor({ timeout: 60_000 });
    await expect(writes()).resolves.toHaveLength(2);
    await expect(reads()).resolves.toBe(openingReads);
    // The officer edits the ledger in Excel: the next build reads the workbook afresh (as many reads as the opening made).
    await page.evaluate(() =>
      (window as unknown as { __avstemWorkbook: { edit: (s: string, r: number, c: number, v: unknown) => void } }).__avstemWorkbook.edit("Regnskap", 1, 7, 1000),
    );
    await page.getByRole("button", { name: "Lag tabellene på nytt" }).click();
    await page.getByText("Arbeidsboken er endret siden den ble lest").waitFor();
    await page.getByText(/\d+ ark er skrevet:/).waitFor({ timeout: 60_000 });
    await expect(writes()).resolves.toHaveLength(3);
    await expect(reads()).resolves.toBe(2 * openingReads);
    expect(pageErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });

  it("at a large agency's scale: hundreds of projects filtered, searched, accepted in bulk and split; a build survives a step switch", async () => {
    // The benchmark's generator (scripts/bench/gen.js): some 470 projects to decide on.

    const gen = require("../../scripts/bench/gen.js") as { makeDataset: (lines: number) => unknown; toGrids: (ds: unknown) => SheetGrid[] };
    page = await openPane("nb-NO", { grids: gen.toGrids(gen.makeDataset(5000)) });
    await page.getByRole("tab", { name: /^Oppsett/ }).waitFor();
    const root = page.locator("[data-engine-aggregations]");
    await root.waitFor({ state: "attached" });
    // The engine ran in a Web Worker, and aggregated the ledger once.
    await expect(root.getAttribute("data-engine-worker")).resolves.toBe("true");
    await expect(root.getAttribute("data-engine-aggregations")).resolves.toBe("1");
    const rebuilds = async () => Number(await root.getAttribute("data-engine-rebuilds"));
    const domSize = () => page.evaluate(() => document.getElementsByTagName("*").length);
    // The workbook's materiality as the placeholder, not an example amount.
    await expect(page.getByLabel("Vesentlighetsgrense").getAttribute("placeholder")).resolves.toBe("5 %");
    expect(await domSize()).toBeLessThan(3000);

    // Materiality typed in Oppsett: the tables are rebuilt, the ledger is not aggregated again.
    const before = await rebuilds();
    await page.getByLabel("Vesentlighetsgrense").fill("2 %");
    await page.waitForFunction((n) => Number(document.querySelector("[data-engine-rebuilds]")!.getAttribute("data-engine-rebuilds")) > n, before);
    await expect(root.getAttribute("data-engine-aggregations")).resolves.toBe("1");

    await page.getByRole("tab", { name: /^Kategorisering/ }).click();
    const list = page.getByRole("list", { name: "Kategorisering" });
    const cards = list.getByRole("listitem");
    await list.waitFor();
    const summary = page.getByText(/^Viser \d+–\d+ av \d+ prosjekter/);
    const total = Number((await summary.textContent())!.match(/av (\d+) prosjekter/)![1]);
    expect(total).toBeGreaterThan(300);
    // One page of cards, largest deviation first; the whole step stays small.
    await expect(cards.count()).resolves.toBe(10);
    const deviations = async () => (await cards.allTextContents()).map((text) => Math.abs(Number(group(text.match(/Avvik: (-?[\d\u00a0]+)\u00a0kr/)!, 1).replace(/\u00a0/g, ""))));
    const firstPage = await deviations();
    expect(firstPage).toEqual([...firstPage].sort((a, b) => b - a));
    expect(await domSize()).toBeLessThan(3000);
    await shot("8a-mange-prosjekter");
    await expectAccessible("mange prosjekter");

    // Next page by keyboard: still sorted, and below the first page's smallest.
    await page.getByRole("button", { name: "Neste side" }).focus();
    await page.keyboard.press("Enter");
    await page.getByText(/^Viser 11–20 av/).waitFor();
    const secondPage = await deviations();
    expect(Math.max(...secondPage)).toBeLessThanOrEqual(Math.min(...firstPage));
    const nr = group((await cards.nth(3).textContent())!.match(/^(\d{6,8}) /)!, 1);

    // Search by number: that project alone.
    await page.getByRole("searchbox").fill(nr);
    await page.getByText("Viser 1–1 av 1 prosjekter", { exact: false }).waitFor();
    await expect(cards.first().textContent()).resolves.toContain(nr);
    await page.getByRole("searchbox").fill("");

    // Filter by suggested category 3, undecided only: every card suggests 3; accept the filtered set in bulk.
    await page.getByRole("combobox", { name: "Foreslått kategori" }).click();
    await page.getByRole("option", { name: /^3\. Reelle forsinkelser/ }).click();
    await page.getByRole("checkbox", { name: "Bare uavgjorte" }).check();
    const filteredCount = Number((await summary.textContent())!.match(/av (\d+) prosjekter/)![1]);
    expect(filteredCount).toBeGreaterThan(0);
    expect(filteredCount).toBeLessThan(total);
    for (const text of await cards.allTextContents()) expect(text).toContain("Forslag: 3.");
    await shot("8b-filtrert");
    await expectAccessible("filtrert");
    await page.getByRole("button", { name: `Godta forslagene for ${filteredCount} prosjekter` }).click();
    await page.getByText(`${filteredCount} forslag er godtatt.`).waitFor();
    const saved = (await outputs())["Avstem-innstillinger"];
    const decided = saved?.rows.filter((r) => /^\d{6,8}$/.test(String(r[0]?.value ?? "")) && typeof r[1]?.value === "number");
    expect(decided).toHaveLength(filteredCount);
    expect(decided?.every((r) => r[1]?.value === 3)).toBe(true);
    // Accepted, they are no longer undecided: the filter now shows none; by status "godtatt" shows them all.
    await page.getByText("Ingen prosjekter passer til søket og filtrene.").waitFor();
    await page.getByRole("checkbox", { name: "Bare uavgjorte" }).uncheck();
    await page.getByRole("combobox", { name: "Status" }).click();
    await page.getByRole("option", { name: "godtatt" }).click();
    await page.getByText(new RegExp(`av ${filteredCount} prosjekter`)).waitFor();
    // The dropdown of an accepted card shows a short name on one line.
    const dropdownHeight = await cards
      .first()
      .getByRole("combobox")
      .evaluate((el) => el.getBoundingClientRect().height);
    expect(dropdownHeight).toBeLessThan(40);
    await expect(root.getAttribute("data-engine-aggregations")).resolves.toBe("1");

    // A split on the first card of all: the editor, the sum against the deviation, the status.
    await page.getByRole("combobox", { name: "Status" }).click();
    await page.getByRole("option", { name: "Alle" }).click();
    await page.getByRole("combobox", { name: "Foreslått kategori" }).click();
    await page.getByRole("option", { name: "Alle kategorier" }).click();
    const card = cards.first();
    await card.getByRole("button", { name: /^Fordel: / }).click();
    await card.getByText("Stemmer med avviket.").waitFor();
    const inputs = card.getByRole("group").getByRole("textbox");
    await inputs.nth(0).fill("1 000");
    await card.getByText(/Avviker fra avviket med/).waitFor();
    await expect(card.getByText("fordelt", { exact: true }).count()).resolves.toBe(1);
    await shot("8c-fordeling");
    await expectAccessible("fordeling, mange prosjekter");
    await expect(root.getAttribute("data-engine-aggregations")).resolves.toBe("1");

    // Lag tabeller, then away to Kategorisering while it writes: it keeps running, its progress shown there.
    const wb = "window.__avstemWorkbook";
    const readsBefore = await page.evaluate(`${wb}.reads.length`);
    const writesBefore = (await page.evaluate(`${wb}.writes.length`)) as number;
    await page.evaluate(`${wb}.delayMs = 250`);
    await page.getByRole("tab", { name: /^Tabeller/ }).click();
    await page.getByRole("button", { name: "Lag tabeller" }).click();
    await page.getByText("Arbeidsboken er uendret siden den ble lest").waitFor();
    await page.getByRole("tab", { name: /^Kategorisering/ }).click();
    await page.getByText("Tabellene lages", { exact: true }).waitFor();
    await page.getByText(/^Skriver «/).waitFor();
    await shot("8d-bygger-i-bakgrunnen");
    await expectAccessible("bygger i bakgrunnen");
    await page.getByText("Tabellene lages", { exact: true }).waitFor({ state: "detached", timeout: 60_000 });
    await page.getByRole("tab", { name: /^Tabeller/ }).click();
    await page.getByText(/\d+ ark er skrevet:/).waitFor();
    await expect(page.evaluate(`${wb}.writes.length`)).resolves.toBe(writesBefore + 1);
    // Built from the pane's read: no sheet read again.
    await expect(page.evaluate(`${wb}.reads.length`)).resolves.toBe(readsBefore);
    // Once more, cancelled from the other step: it says so on return, and nothing more is written.
    await page.getByRole("button", { name: "Lag tabellene på nytt" }).click();
    await page.getByRole("tab", { name: /^Kontroll/ }).click();
    await page.getByText("Tabellene lages", { exact: true }).waitFor();
    await page.getByRole("button", { name: "Avbryt" }).click();
    await page.getByRole("tab", { name: /^Tabeller/ }).click();
    await page.getByText("Avbrutt. Ingenting er endret i arbeidsboken. Tabellene ble ikke skrevet.").waitFor();
    await expect(page.evaluate(`${wb}.writes.length`)).resolves.toBe(writesBefore + 1);
    await page.evaluate(`${wb}.delayMs = 0`);
    expect(pageErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });

  it("says what could not be set when a write comes back with warnings, and refuses calmly when another run holds the workbook", async () => {
    page = await openPane("nb-NO");
    await page.getByRole("tab", { name: /^Tabeller/ }).click();
    // Evaluated as page JavaScript: the in-memory workbook's switches.
    const wb = "window.__avstemWorkbook";
    // Another run holds the workbook: a warning, not an error, and nothing written.
    await page.evaluate(`${wb}.busySince = new Date()`);
    await page.getByRole("button", { name: "Lag tabeller" }).click();
    await page.getByText("Arbeidsboken er opptatt").waitFor();
    await expect(page.getByText("Avstem skriver allerede tabeller i denne arbeidsboken").count()).resolves.toBe(1);
    await expect(page.evaluate(`${wb}.writes.length`)).resolves.toBe(0);
    await expect(page.getByText("Noe gikk galt").count()).resolves.toBe(0);
    await expectAccessible("opptatt");
    // Free again; the page layout of one table fails: the tables are written, and the pane says what was not set.
    await page.evaluate(`${wb}.busySince = null; ${wb}.writeWarnings = { "Tabell 3.1": ["Tabell 3.1: utskriftsoppsettet kunne ikke settes."] }`);
    await page.getByRole("button", { name: "Lag tabeller" }).click();
    await page.getByText(/\d+ ark er skrevet:/).waitFor();
    await page.getByText("Tabellene er skrevet, men dette kunne ikke settes:").waitFor();
    await expect(page.getByText("Tabell 3.1: utskriftsoppsettet kunne ikke settes.").count()).resolves.toBe(1);
    await expect(page.evaluate(`${wb}.writes.length`)).resolves.toBe(1);
    await shot("4c-advarsler");
    await expectAccessible("advarsler");
    expect(pageErrors).toEqual([]);
  });

  it("opened without ?run=tables, the pane starts at Oppsett and writes nothing", async () => {
    page = await openPane("nb-NO", { query: "?_host_Info=Excel$Win32$16.01$nb-NO$$$$0" });
    await page.getByRole("tab", { name: /^Oppsett/ }).waitFor();
    await expect(page.getByRole("tab", { name: /^Oppsett/ }).getAttribute("aria-selected")).resolves.toBe("true");
    await page.waitForTimeout(300);
    await expect(page.evaluate(() => (window as unknown as { __avstemWorkbook: { writes: unknown[] } }).__avstemWorkbook.writes.length)).resolves.toBe(0);
  });

  it("a pane narrower than 360 px scrolls its tabs sideways rather than wrapping them", async () => {
    page = await openPane("nb-NO", { width: 280 });
    await page.getByRole("tab", { name: /^Oppsett/ }).waitFor();
    await expect(tabRows(page)).resolves.toEqual({ tops: [expect.any(Number)], scrolls: true });
    // The last tab is reached with the keyboard: the list scrolls it into view.
    await page.getByRole("tab", { name: /^Oppsett/ }).focus();
    await page.keyboard.press("End");
    await page.keyboard.press("Enter");
    const tabeller = page.getByRole("tab", { name: /^Tabeller/ });
    await expect(tabeller.getAttribute("aria-selected")).resolves.toBe("true");
    const visible = await tabeller.evaluate((tab) => {
      const r = tab.getBoundingClientRect();
      const l = tab.closest('[role="tablist"]')!.getBoundingClientRect();
      return r.left >= l.left - 1 && r.right <= l.right + 1;
    });
    expect(visible).toBe(true);
    await shot("6-smal-rute");
    await expectAccessible("smal rute");
  });

  describe("outside Office", () => {
    // What a browser gets from office.js when the page is not in Office: onReady with no host.
    const NO_HOST = "window.Office = { onReady: function (cb) { var info = { host: null, platform: null }; if (cb) cb(info); return Promise.resolve(info); } };";

    it("says in one Norwegian sentence that Avstem runs inside Excel, without a script error", async () => {
      page = await openPane("nb-NO", { officeJs: NO_HOST, noHarness: true });
      const sentence = page.locator("#outside-office");
      await sentence.waitFor();
      await expect(sentence.textContent()).resolves.toBe("Avstem virker bare inne i Excel: åpne arbeidsboken i Excel og velg «Åpne Avstem» på fanen Hjem.");
      await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe("nb");
      await expect(page.getByRole("tab").count()).resolves.toBe(0);
      await shot("7-utenfor-office");
      await expectAccessible("utenfor Office");
      expect(pageErrors).toEqual([]);
      expect(foreignRequests).toEqual([]);
    });

    it("in English for an English browser, and also when office.js did not load at all", async () => {
      page = await openPane("en-US", { officeJs: "", noHarness: true, locale: "en-US" });
      const sentence = page.locator("#outside-office");
      await sentence.waitFor();
      await expect(sentence.textContent()).resolves.toBe("Avstem works only inside Excel: open the workbook in Excel and choose “Open Avstem” on the Home tab.");
      await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe("en");
      expect(pageErrors).toEqual([]);
      expect(foreignRequests).toEqual([]);
    });
  });

  it("speaks English when Office's display language is English", async () => {
    page = await openPane("en-US");
    await page.getByRole("tab", { name: /^Setup/ }).waitFor();
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe("en");
    await page.getByRole("tab", { name: /^Categories/ }).click();
    await page.getByRole("button", { name: "Accept all suggestions" }).waitFor();
    await shot("en-categories");
    expect(pageErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
    process.stdout.write(`e2e timings (ms): ${JSON.stringify(timings)}\n`);
  });
});
