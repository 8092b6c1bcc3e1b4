import { countBySeverity } from "../domain/findings";
import { createExcelPort, officeDisplayLanguage } from "../taskpane/excel";
import { languageFor, stringsFor } from "../taskpane/i18n";
import { buildTablesWithSavedState } from "../taskpane/workflow";

/**
 * The ribbon's "Lag tabeller": runs the whole pipeline with the settings saved in the
 * workbook (the Avstem-innstillinger sheet), without opening the task pane.
 */
async function buildTables(event: Office.AddinCommands.Event): Promise<void> {
  const language = languageFor(officeDisplayLanguage());
  const t = stringsFor(language);
  let status: string;
  try {
    const port = createExcelPort();
    const { report, written } = await buildTablesWithSavedState(port, language);
    const errors = countBySeverity(report.findings).error;
    status = `${t.done(written.length)} ${written.map((w) => w.name).join(", ")}.${errors > 0 ? ` ${t.withErrors(errors)}` : ""}`;
    // Show the result: the first table the command wrote.
    const first = written.find((w) => report.sheets.some((s) => s.name === w.requested && s.role === "table")) ?? written[0];
    if (first) await port.selectCell?.(first.name, "A1");
  } catch (e) {
    status = `${t.errorTitle}: ${e instanceof Error ? e.message : String(e)}`;
  }
  showStatus(status, event);
}

/** Excel has no notification bar for add-ins: the status goes to a small dialog, and the command completes when it closes. */
function showStatus(message: string, event: Office.AddinCommands.Event): void {
  console.info(`Avstem: ${message}`);
  const url = new URL("status.html", window.location.href);
  url.hash = encodeURIComponent(message);
  try {
    Office.context.ui.displayDialogAsync(url.toString(), { height: 25, width: 30, displayInIframe: true }, (result) => {
      if (result.status !== Office.AsyncResultStatus.Succeeded) {
        event.completed();
        return;
      }
      const dialog = result.value;
      const close = () => {
        dialog.close();
        event.completed();
      };
      dialog.addEventHandler(Office.EventType.DialogEventReceived, () => event.completed());
      dialog.addEventHandler(Office.EventType.DialogMessageReceived, close);
    });
  } catch {
    event.completed();
  }
}

Office.onReady(() => {
  Office.actions.associate("buildTables", buildTables);
});
