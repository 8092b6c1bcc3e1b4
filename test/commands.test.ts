/**
 * The ribbon's "Lag tabeller": a task pane command that opens the pane at ?run=tables, not a
 * function command (whose runtime Office ends after five minutes, leaving a dialog without a parent).
 */
import { readFileSync } from "fs";
import { join } from "path";
import { RUN_PARAMETER, ribbonRequest, withoutRibbonRequest } from "../src/commands/ribbon-request";

const ROOT = join(__dirname, "..");
const HOST_INFO = "_host_Info=Excel$Win32$16.01$nb-NO$$$$0";
const PANE = "https://avstem.oslo.kommune.no/taskpane.html";

describe("the request in the pane's URL", () => {
  test("is read by name, with Office's own parameters appended after it or before it", () => {
    expect(ribbonRequest(`${PANE}?run=tables`)).toBe("tables");
    expect(ribbonRequest(`${PANE}?run=tables&${HOST_INFO}`)).toBe("tables");
    expect(ribbonRequest(`${PANE}?${HOST_INFO}&run=tables`)).toBe("tables");
    // Office on the web has added a hash of its own to pane URLs; the request is not in it.
    expect(ribbonRequest(`${PANE}?run=tables&${HOST_INFO}#/`)).toBe("tables");
  });

  test("is absent from the plain pane URL, from other values and from a #fragment", () => {
    expect(ribbonRequest(PANE)).toBeUndefined();
    expect(ribbonRequest(`${PANE}?${HOST_INFO}`)).toBeUndefined();
    expect(ribbonRequest(`${PANE}?run=other&${HOST_INFO}`)).toBeUndefined();
    expect(ribbonRequest(`${PANE}?${HOST_INFO}#run=tables`)).toBeUndefined();
    expect(ribbonRequest(`${PANE}?truerun=tables`)).toBeUndefined();
    expect(ribbonRequest("not a url")).toBeUndefined();
  });

  test("is taken off the URL with Office's parameters and the hash left byte for byte", () => {
    expect(withoutRibbonRequest(`${PANE}?run=tables&${HOST_INFO}`)).toBe(`${PANE}?${HOST_INFO}`);
    expect(withoutRibbonRequest(`${PANE}?${HOST_INFO}&run=tables#/x`)).toBe(`${PANE}?${HOST_INFO}#/x`);
    expect(withoutRibbonRequest(`${PANE}?run=tables`)).toBe(PANE);
    // Nothing to take: the very same string.
    const plain = `${PANE}?${HOST_INFO}`;
    expect(withoutRibbonRequest(plain)).toBe(plain);
    // Taken off, nothing is left to ask for a second build.
    expect(ribbonRequest(withoutRibbonRequest(`${PANE}?run=tables&run=tables&${HOST_INFO}`))).toBeUndefined();
  });
});

describe("the manifest's ribbon buttons", () => {
  const manifest = readFileSync(join(ROOT, "manifest.xml"), "utf8");
  /** The <Control> element with this id, whole. */
  const control = (id: string) => new RegExp(`<Control xsi:type="Button" id="${id.replace(/\./g, "\\.")}">([\\s\\S]*?)</Control>`).exec(manifest)?.[1] ?? "";
  const url = (resid: string) => new RegExp(`<bt:Url id="${resid.replace(/\./g, "\\.")}" DefaultValue="([^"]+)"`).exec(manifest)?.[1];

  test("Lag tabeller opens the same task pane as Åpne Avstem, at the pane's URL with ?run=tables", () => {
    const open = control("Avstem.OpenTaskpane");
    const build = control("Avstem.BuildTables");
    expect(build).toMatch(/<Action xsi:type="ShowTaskpane">/);
    const paneId = (c: string) => /<TaskpaneId>([^<]+)<\/TaskpaneId>/.exec(c)?.[1];
    expect(paneId(build)).toBeDefined();
    expect(paneId(build)).toBe(paneId(open));
    const resid = (c: string) => /<SourceLocation resid="([^"]+)"\/>/.exec(c)?.[1] ?? "";
    const openUrl = url(resid(open))!;
    const buildUrl = url(resid(build))!;
    expect(ribbonRequest(openUrl)).toBeUndefined();
    expect(ribbonRequest(buildUrl)).toBe("tables");
    expect(new URL(buildUrl).searchParams.get(RUN_PARAMETER)).toBe("tables");
    expect(withoutRibbonRequest(buildUrl)).toBe(openUrl);
  });

  test("no function command and no function file are left (nothing runs under the five-minute limit)", () => {
    expect(manifest).not.toMatch(/ExecuteFunction|<FunctionFile|commands\.html|status\.html/);
  });

  test("the build no longer makes pages for a function file or a status dialog", () => {
    const webpack = readFileSync(join(ROOT, "webpack.config.js"), "utf8");
    expect(webpack).not.toMatch(/commands\.html|status\.html|src\/commands\/(commands|status)/);
  });
});
