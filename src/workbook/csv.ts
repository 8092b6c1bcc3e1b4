import Papa from "papaparse";
import { CellValue, SheetGrid } from "../domain/cells";
import { decodeText, ENCODING_LABELS, TextEncoding } from "./text-decode";

/**
 * A text export as a grid: every cell as text so that leading zeros (`010`) survive and
 * amounts are parsed by the domain's number rules; empty cells are null. The delimiter
 * (semicolon, tab, comma or bar) is decided from the first hundred lines, not the first:
 * a title or filter line above the header does not decide it. Each row keeps exactly
 * the fields its line had, so the domain can refuse a line with more or fewer fields
 * than the header (a comma-separated file with unquoted decimal commas).
 */

const DELIMITERS = [";", "\t", ",", "|"] as const;
const SAMPLE_LINES = 100;

/**
 * The delimiter that splits the most sample lines into the same number (> 1) of fields.
 * Ties go to the earlier in DELIMITERS (semicolon first: the Norwegian Excel export).
 */
export function detectDelimiter(text: string): string {
  let best = { delimiter: ";", lines: 0, fields: 0 };
  for (const delimiter of DELIMITERS) {
    const sample = Papa.parse<string[]>(text, { delimiter, preview: SAMPLE_LINES, skipEmptyLines: true }).data;
    const counts = new Map<number, number>();
    for (const row of sample) if (row.length > 1) counts.set(row.length, (counts.get(row.length) ?? 0) + 1);
    for (const [fields, lines] of counts) if (lines > best.lines || (lines === best.lines && fields > best.fields)) best = { delimiter, lines, fields };
  }
  return best.delimiter;
}

export interface TextGridOptions {
  /** The encoding the bytes were decoded from, for messages. */
  readonly encoding?: TextEncoding;
}

export function csvToGrid(name: string, text: string, options: TextGridOptions = {}): SheetGrid {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const delimiter = detectDelimiter(body);
  const parsed = Papa.parse<string[]>(body, { delimiter, skipEmptyLines: false });
  // Empty cells become null in place: a million-line export is not copied a second time.
  const rows = parsed.data as CellValue[][];
  for (const row of rows)
    for (let i = 0; i < row.length; i++) {
      const v = row[i] as string;
      if (v === "") row[i] = null;
      // ="010": Excel's way of keeping a text (leading zeros) in a CSV file; the text is what is meant.
      else if (v.charCodeAt(0) === 61 && v.length >= 3 && v.charCodeAt(1) === 34 && v.charCodeAt(v.length - 1) === 34) row[i] = v.slice(2, -1);
    }
  while (rows.length > 0 && rows[rows.length - 1].every((c) => c === null)) rows.pop();
  return {
    name,
    rows,
    firstRow: 0,
    firstColumn: 0,
    source: { kind: "text", delimiter, encoding: ENCODING_LABELS[options.encoding ?? "utf-8"] },
  };
}

/** A text export from its bytes: encoding detected (UTF-8, UTF-16, Windows-1252), then as csvToGrid. */
export function textFileToGrid(name: string, bytes: Uint8Array): SheetGrid {
  const decoded = decodeText(bytes);
  return csvToGrid(name, decoded.text, { encoding: decoded.encoding });
}
