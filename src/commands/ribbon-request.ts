/**
 * The ribbon's "Lag tabeller" is a task pane command, not a function command.
 *
 * Office ends a function command's runtime after five minutes (and on the web leaves a
 * dialog opened from it without a parent), which a large ledger can outlast. So the button
 * opens the task pane (the same pane as "Åpne Avstem", so there is one pane and one
 * runtime) at `taskpane.html?run=tables`, and the pane builds the tables itself, with a
 * progress bar and a cancel button and no time limit.
 *
 * The request travels as a query parameter: Office appends its own (`_host_Info=…`) to
 * the pane's URL, so a `#fragment` would not survive, and the parameters are read by name.
 */

/** The query parameter the manifest's "Lag tabeller" URL carries. */
export const RUN_PARAMETER = "run";

/** What the ribbon asked the pane to do when it opened it. */
export type RibbonRequest = "tables";

/** The request in a pane URL (`…/taskpane.html?run=tables&_host_Info=…`), or undefined. */
export function ribbonRequest(href: string): RibbonRequest | undefined {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return undefined;
  }
  return url.searchParams.getAll(RUN_PARAMETER).includes("tables") ? "tables" : undefined;
}

/**
 * The same URL without the request, everything else (Office's own parameters, the hash)
 * kept: the pane puts it in the address bar once it has taken the request, so that a
 * reload of the page does not build the tables a second time.
 */
export function withoutRibbonRequest(href: string): string {
  const url = new URL(href);
  if (!url.searchParams.has(RUN_PARAMETER)) return href;
  // The other pairs stay byte for byte (URLSearchParams would re-encode Office's `$` and `|`).
  const kept = url.search
    .slice(1)
    .split("&")
    .filter((pair) => pair !== "" && decodeURIComponent((pair.split("=")[0] ?? "").replace(/\+/g, " ")) !== RUN_PARAMETER);
  url.search = kept.length > 0 ? `?${kept.join("&")}` : "";
  return url.toString();
}
