import * as React from "react";
import { createRoot } from "react-dom/client";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import type { WorkbookPort } from "../workbook/port";
import { App } from "./components/App";
import { createExcelPort, officeDisplayLanguage } from "./excel";
import { languageFor } from "./i18n";

/** The end-to-end test's hook: a page that defines this before the bundle loads gets its port instead of Excel's. */
export interface AvstemHarness {
  readonly port: WorkbookPort;
  readonly displayLanguage?: string;
}

declare global {
  interface Window {
    avstemHarness?: AvstemHarness;
  }
}

Office.onReady(() => {
  const harness = window.avstemHarness;
  const port = harness ? harness.port : createExcelPort();
  const language = languageFor(harness?.displayLanguage ?? officeDisplayLanguage());
  document.documentElement.lang = language === "en" ? "en" : "nb";
  const container = document.getElementById("container")!;
  createRoot(container).render(
    <FluentProvider theme={webLightTheme}>
      <App port={port} language={language} />
    </FluentProvider>,
  );
});
