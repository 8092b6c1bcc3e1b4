import { normaliseArt, type Part } from "../artsgrupper";
import { cellAddress, cellText, isBlank } from "../cells";
import { finding } from "../findings";
import type { FindingSink } from "../finding-sink";
import { type AmountColumn, clip, GridReader, parsePart, parseProject, readAmount } from "../input";
import type { DetectedSheet } from "../layout";
import type { Ore } from "../money";
import { T } from "../messages";

/**
 * The Prognose sheet: the officer's forecast for the whole year, per artsgruppe or art
 * (summed into its artsgruppe) in drift and investering, and per investment project.
 */

/** One forecast row: for a part's artsgruppe (art given) or for a project (Prosjekt given). */
export type ForecastLine =
  | { readonly kind: "group"; readonly part: Part; readonly group: number; readonly art: string | null; readonly ore: Ore; readonly sheet: string; readonly cell: string }
  | { readonly kind: "project"; readonly project: string; readonly ore: Ore; readonly sheet: string; readonly cell: string };

export function parsePrognose(reader: GridReader, d: DetectedSheet, sink: FindingSink, forms: ReadonlyMap<number, AmountColumn> = new Map()): ForecastLine[] {
  const sheet = reader.name;
  const c = d.columns;
  const out: ForecastLine[] = [];
  // The Prognose column is required to find the sheet; a mapping that took it away leaves nothing to read.
  const col = c.prognose;
  if (col === undefined) return out;
  for (const r of reader.dataRows(d.headerRow)) {
    const row = reader.row(r);
    if (!row || row.every((v) => isBlank(v))) continue;
    const at = cellAddress(r, col);
    const amount = readAmount(reader.cell(r, col), sheet, at, sink, "forecast", forms.get(col));
    if (!amount.ok) continue;
    const project = parseProject(reader.cell(r, c.prosjekt));
    if (project.ok && project.nr) {
      out.push({ kind: "project", project: project.nr, ore: amount.ore, sheet, cell: at });
      continue;
    }
    const artCell = reader.cell(r, c.art);
    const art = isBlank(artCell) ? undefined : normaliseArt(typeof artCell === "number" ? artCell : cellText(artCell));
    // Del blank: drift, as a forecast sheet of drift alone is written.
    const partCell = reader.cell(r, c.del);
    const part = parsePart(partCell) ?? (isBlank(partCell) ? "drift" : null);
    if (!art || !art.ok || !project.ok || part === null) {
      const where = cellAddress(r, (!project.ok ? c.prosjekt : part === null ? c.del : c.art) ?? col);
      const value = !project.ok ? project.text : part === null ? cellText(partCell) : cellText(artCell);
      sink.add(finding("FORECAST_ROW_INVALID", sheet, where, T.forecastRowInvalid({ at: `${sheet}!${where}`, value: clip(value) }), { amount: amount.ore }));
      continue;
    }
    out.push({ kind: "group", part, group: art.group, art: art.art, ore: amount.ore, sheet, cell: at });
  }
  return out;
}
