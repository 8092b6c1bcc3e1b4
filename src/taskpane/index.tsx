import * as React from "react";
import { createRoot } from "react-dom/client";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { ribbonRequest, withoutRibbonRequest, type RibbonRequest } from "../commands/ribbon-request";
import type { PanePort } from "./pane-port";
import { App } from "./components/App";
import { createExcelPort, officeDisplayLanguage } from "./excel";
import { languageFor, stringsFor } from "./i18n";

/** The end-to-end test's hook: a page that defines this before the bundle loads gets its port instead of Excel's. */
export interface AvstemHarness {
  readonly port: PanePort;
  readonly displayLanguage?: string;
}

declare global {
  interface Window {
    avstemHarness?: AvstemHarness;
  }
}

function container(): HTMLElement {
  return document.getElementById("container")!;
}

function renderPane(port: PanePort, displayLanguage: string | undefined, request: RibbonRequest | undefined): void {
  const language = languageFor(displayLanguage);
  document.documentElement.lang = language === "en" ? "en" : "nb";
  createRoot(container()).render(
    <FluentProvider theme={webLightTheme}>
      <App port={port} language={language} buildOnOpen={request === "tables"} />
    </FluentProvider>,
  );
}

/**
 * The page opened outside Excel (in a browser, or office.js did not load): one sentence in
 * the browser's language instead of a pane that fails on its first call to Excel.
 */
function showOutsideOffice(): void {
  const language = languageFor(typeof navigator !== "undefined" ? navigator.language : undefined);
  document.documentElement.lang = language === "en" ? "en" : "nb";
  const main = document.createElement("main");
  const sentence = document.createElement("p");
  sentence.id = "outside-office";
  sentence.textContent = stringsFor(language).outsideOffice;
  main.appendChild(sentence);
  container().replaceChildren(main);
}

function start(): void {
  const harness = window.avstemHarness;
  // Read before anything else; taken off the address once the pane has it, so a reload does not build again.
  const request = ribbonRequest(window.location.href);
  const takeRequest = () => {
    if (request) window.history.replaceState(window.history.state, "", withoutRibbonRequest(window.location.href));
    return request;
  };
  if (typeof Office === "undefined" || typeof Office.onReady !== "function") {
    if (harness) renderPane(harness.port, harness.displayLanguage, takeRequest());
    else showOutsideOffice();
    return;
  }
  Office.onReady().then(
    (info) => {
      if (harness) renderPane(harness.port, harness.displayLanguage ?? officeDisplayLanguage(), takeRequest());
      else if (!info || !info.host) showOutsideOffice();
      else renderPane(createExcelPort(), officeDisplayLanguage(), takeRequest());
    },
    () => (harness ? renderPane(harness.port, harness.displayLanguage, takeRequest()) : showOutsideOffice()),
  );
}

start();
