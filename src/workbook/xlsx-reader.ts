import { readFile, readdir, stat } from "fs/promises";
import JSZip from "jszip";
import { SaxesParser, type SaxesTagPlain } from "saxes";
import { extname } from "path";
import { StringDecoder } from "string_decoder";
import { TextDecoder } from "util";
import { createInflateRaw } from "zlib";
import { CellValue, RowStream, SheetGrid, StreamFallback, UNCALCULATED_CODE } from "../domain/cells";

/**
 * Reads an .xlsx/.xlsm workbook into grids of cell values, and nothing else.
 *
 * The zip is opened with jszip; workbook.xml, the relationships, the shared strings,
 * the number formats of styles.xml and each worksheet's <sheetData> and <mergeCells>
 * are parsed with saxes as they are inflated. Data validations, conditional formats,
 * column widths, drawings, the dimension tag and cell styles are skipped unread, so a
 * rule over A1:XFD1048576 or a stray value at XFD1048576 costs next to nothing: only
 * cells that hold a value are kept, empty rows share one empty array, and a row is only
 * as long as its last value.
 *
 * Values are those Excel shows (the cached result of a formula), typed as the domain
 * wants them: numbers in a date format are dates, error values are errors, and a formula
 * with no cached result is the UNCALCULATED marker (never a blank, never 0).
 *
 * A file that is no .xlsx (an encrypted workbook, an old .xls, .xlsb, .ods, Numbers, a
 * CSV renamed, an empty or damaged file) gives an UnreadableWorkbookError with one
 * Norwegian sentence saying what the file is and what to do; never a library's message.
 */

/** Thrown when a file cannot be read as a workbook at all (the command line exits with 2). */
export class UnreadableWorkbookError extends Error {}

// ------------------------------------------------------------------ messages

const SAVE_AS_XLSX = "lagre den på nytt fra Excel som .xlsx (Fil → Lagre som → Excel-arbeidsbok) og prøv igjen";
const OPEN_AND_SAVE = "åpne den i Excel og lagre den på nytt som .xlsx (Fil → Lagre som → Excel-arbeidsbok), og prøv igjen";

/** One sentence per kind of file that is not a readable .xlsx. */
export const UNREADABLE = {
  empty: (p: string) => `${p} kan ikke leses som en Excel-arbeidsbok: filen er tom (0 byte); ${SAVE_AS_XLSX}.`,
  directory: (p: string) => `${p} kan ikke leses som en Excel-arbeidsbok: det er en mappe, ikke en fil; oppgi selve arbeidsboken (.xlsx) og prøv igjen.`,
  corrupt: (p: string) => `${p} kan ikke leses som en Excel-arbeidsbok: filen er skadet eller ufullstendig (kanskje avbrutt under kopiering eller nedlasting); ${SAVE_AS_XLSX}.`,
  damagedPart: (p: string, part: string) => `${p} kan ikke leses som en Excel-arbeidsbok: innholdet er skadet (${part} kan ikke tolkes); ${OPEN_AND_SAVE}.`,
  missingSheet: (p: string, sheet: string) =>
    `${p} kan ikke leses som en Excel-arbeidsbok: arket «${sheet}» mangler i filen, så den er skadet eller ufullstendig; ${OPEN_AND_SAVE}.`,
  encrypted: (p: string) =>
    `${p} er passordbeskyttet eller kryptert og kan ikke leses; åpne den i Excel, fjern passordet (Fil → Informasjon → Beskytt arbeidsbok → Krypter med passord), lagre den som .xlsx og prøv igjen.`,
  encryptedOrXls: (p: string) =>
    `${p} er passordbeskyttet eller kryptert, eller en gammel .xls-fil, og kan ikke leses; åpne den i Excel, fjern et eventuelt passord og lagre den som .xlsx (Fil → Lagre som → Excel-arbeidsbok), og prøv igjen.`,
  xls: (p: string) => `${p} er en gammel Excel-fil (.xls, Excel 97–2003), som Avstem ikke leser; ${SAVE_AS_XLSX}.`,
  xlsb: (p: string) => `${p} er en binær Excel-arbeidsbok (.xlsb), som Avstem ikke leser; ${SAVE_AS_XLSX}.`,
  ods: (p: string) =>
    `${p} er et OpenDocument-regneark (.ods, fra LibreOffice eller OpenOffice), som Avstem ikke leser; lagre det som .xlsx (i LibreOffice: Fil → Lagre som → Excel 2007–365; i Excel: Fil → Lagre som → Excel-arbeidsbok) og prøv igjen.`,
  numbers: (p: string) => `${p} er et Numbers-dokument (Apple Numbers), som Avstem ikke leser; eksporter det fra Numbers som Excel (Fil → Eksporter til → Excel) og prøv igjen.`,
  spreadsheetMl2003: (p: string) => `${p} er et XML-regneark (Excel 2003 XML), som Avstem ikke leser; ${OPEN_AND_SAVE.replace(/\bden\b/g, "det")}.`,
  html: (p: string) => `${p} kan ikke leses som en Excel-arbeidsbok: det er en nettside (HTML) med et Excel-filnavn; ${OPEN_AND_SAVE}.`,
  text: (p: string) => `${p} kan ikke leses som en Excel-arbeidsbok: det er en tekstfil (for eksempel CSV) med et Excel-filnavn; gi den endelsen .csv, eller ${OPEN_AND_SAVE}.`,
  pdf: (p: string) => `${p} kan ikke leses som en Excel-arbeidsbok: det er en PDF-fil; hent grunnlaget som Excel-arbeidsbok (.xlsx) eller CSV og prøv igjen.`,
  otherOffice: (p: string, what: string) => `${p} kan ikke leses som en Excel-arbeidsbok: det er ${what}; oppgi arbeidsboken med regnskapet (.xlsx) og prøv igjen.`,
  zipWithoutWorkbook: (p: string) =>
    `${p} kan ikke leses som en Excel-arbeidsbok: det er en zip-fil uten en arbeidsbok i seg; oppgi arbeidsboken med regnskapet (.xlsx), eller ${SAVE_AS_XLSX}.`,
  unknown: (p: string) => `${p} kan ikke leses som en Excel-arbeidsbok: filen er i et format Avstem ikke kjenner; ${SAVE_AS_XLSX}.`,
} as const;

const unreadable = (message: string) => new UnreadableWorkbookError(message);

// ------------------------------------------------------------------ dates

/** A JavaScript Date → Excel serial, as the exceljs path always gave it (exported again by exceljs-reader.ts). */
export function dateToSerial(d: Date): number {
  const days = (d.getTime() - Date.UTC(1899, 11, 30)) / 86400000;
  return days < 61 ? days - 1 : days;
}

/**
 * The serial of a number in a date-formatted cell, exactly as the exceljs path gave it
 * (exceljs's excelToDate, rounded to the millisecond, then dateToSerial), so grids stay
 * identical to the ones read before.
 */
function serialOfDateNumber(v: number, date1904: boolean): number {
  return dateToSerial(new Date(Math.round((v - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000)));
}

/**
 * A `t="d"` cell: an ISO 8601 date, date-time or time, as an Excel serial (1900 system;
 * serial 1 = 1900-01-01, a time alone is the fraction of a day). Without a zone it is
 * taken as it stands.
 */
function isoDateCell(text: string): CellValue {
  const s = text.trim();
  let iso = /^\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(s) ? `1899-12-30T${s.padStart(s.indexOf(":") === 1 ? s.length + 1 : s.length, "0")}` : s;
  if (/^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(iso)) iso += "Z";
  const ms = new Date(iso).getTime();
  if (Number.isNaN(ms)) return s === "" ? null : s;
  const days = (ms - Date.UTC(1899, 11, 30)) / 86400000;
  // Excel counts a 1900-02-29 that never was: its serials before 1900-03-01 are one less.
  return { kind: "date", serial: days >= 1 && days < 61 ? days - 1 : days };
}

// ------------------------------------------------------------------ number formats

/** Built-in number formats that are dates or times (ECMA-376 §18.8.30, and the East Asian date ids). */
const BUILTIN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81,
]);

/** True when a format code shows a date or a time (its first section has d, m, y, h or s outside quotes and escapes). */
export function isDateFormatCode(code: string): boolean {
  const section =
    code
      .replace(/"[^"]*"/g, "")
      .replace(/\\./g, "")
      .replace(/[_*]./g, "")
      // Elapsed time ([h], [mm], [ss]) is time; any other bracket (colour, locale, condition) is not.
      .replace(/\[(h+|m+|s+)\]/gi, "h")
      .replace(/\[[^\]]*\]/g, "")
      .replace(/general/gi, "")
      .split(";")[0] ?? "";
  return /[dmyhs]/i.test(section);
}

// ------------------------------------------------------------------ XML plumbing

const local = (name: string): string => {
  const i = name.indexOf(":");
  return i < 0 ? name : name.slice(i + 1);
};

/** An attribute by local name (`r:id`, `id` …); the relationship id is the prefixed `id`. */
function attr(node: SaxesTagPlain, name: string): string | undefined {
  const a = node.attributes as Record<string, string>;
  if (name in a) return a[name];
  for (const k in a) if (local(k) === name && k.includes(":")) return a[k];
  return undefined;
}

interface XmlHandlers {
  open(name: string, node: SaxesTagPlain): void;
  close?(name: string): void;
  text?(t: string): void;
}

class XmlPartError extends Error {}

const CHUNK = 256 * 1024;

/**
 * An entry's bytes, inflated as they are read. jszip finds the entries; the inflating is
 * node's zlib over the entry's compressed bytes, because jszip's own pipeline throws
 * "uncompressed data size mismatch" from a timer (an uncaught exception, the process
 * gone) when a writer put a wrong size in the zip, and it is slower.
 */
async function* entryChunks(entry: JSZip.JSZipObject): AsyncGenerator<Uint8Array> {
  const data = (entry as unknown as { _data?: { compressedContent?: unknown; compression?: { magic?: string } } })._data;
  const raw = data?.compressedContent;
  const magic = data?.compression?.magic;
  if (raw instanceof Uint8Array && magic === "\x00\x00") {
    for (let i = 0; i < raw.length; i += CHUNK) yield raw.subarray(i, i + CHUNK);
    return;
  }
  if (raw instanceof Uint8Array && magic === "\x08\x00") {
    const inflate = createInflateRaw({ chunkSize: CHUNK });
    inflate.end(raw);
    for await (const chunk of inflate) yield chunk as Buffer;
    return;
  }
  // Not what jszip 3 gives after loadAsync: its own reading, then.
  yield await entry.async("uint8array");
}

/** A small part as text (the `mimetype` of an OpenDocument file). */
async function entryText(entry: JSZip.JSZipObject): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of entryChunks(entry)) parts.push(Buffer.from(c));
  return Buffer.concat(parts).toString("utf8");
}

/** Streams one zip entry through saxes: never holds the whole part as a string. */
async function parsePart(entry: JSZip.JSZipObject, h: XmlHandlers, stop?: () => boolean): Promise<void> {
  const parser = new SaxesParser({ position: false });
  let failure: Error | undefined;
  parser.on("error", (e) => {
    failure ??= e;
  });
  parser.on("opentag", (node) => h.open(local(node.name), node as SaxesTagPlain));
  if (h.close) {
    const close = h.close;
    parser.on("closetag", (node) => close(local(node.name)));
  }
  if (h.text) {
    parser.on("text", h.text);
    parser.on("cdata", h.text);
  }
  let decoder: TextDecoder | undefined;
  // UTF-8 (nearly every part) through node's StringDecoder: the same text as TextDecoder's, in less time.
  let utf8: StringDecoder | undefined;
  for await (const chunk of entryChunks(entry)) {
    if (chunk.length === 0) continue;
    if (!decoder && !utf8) {
      if ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff)) decoder = new TextDecoder(chunk[0] === 0xff ? "utf-16le" : "utf-16be");
      else {
        utf8 = new StringDecoder("utf8");
        // TextDecoder's way with a byte order mark: left out.
        const text = utf8.write(chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf ? chunk.subarray(3) : chunk);
        parser.write(text);
        if (failure) throw new XmlPartError(failure.message);
        if (stop?.()) return;
        continue;
      }
    }
    parser.write(utf8 ? utf8.write(chunk as Buffer) : decoder!.decode(chunk, { stream: true }));
    if (failure) throw new XmlPartError(failure.message);
    // Enough read (the head of a streamed sheet, or a stream that falls back): the rest is left uninflated.
    if (stop?.()) return;
  }
  if (utf8) parser.write(utf8.end());
  else if (decoder) parser.write(decoder.decode());
  parser.close();
  if (failure) throw new XmlPartError(failure.message);
}

// ------------------------------------------------------------------ the package

/** Zip entries by normalised, lower-cased path (part names are case-insensitive in OPC). */
type Entries = Map<string, JSZip.JSZipObject>;

const normalisePath = (p: string): string => p.replace(/\\/g, "/").replace(/^\/+/, "").toLowerCase();

/** A relationship target resolved against the folder of its source part ("" = the package root). */
function resolveTarget(sourceDir: string, target: string): string {
  let t = target.replace(/\\/g, "/");
  try {
    t = decodeURIComponent(t);
  } catch {
    // Not percent-encoded after all: take it as written.
  }
  t = t.replace(/[?#].*$/, "");
  const parts = t.startsWith("/") ? [] : sourceDir.split("/").filter(Boolean);
  for (const seg of t.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") parts.pop();
    else parts.push(seg);
  }
  return parts.join("/").toLowerCase();
}

const dirOf = (part: string): string => part.slice(0, part.lastIndexOf("/") + 1);
const relsOf = (part: string): string => `${dirOf(part)}_rels/${part.slice(part.lastIndexOf("/") + 1)}.rels`;

interface Relationship {
  readonly type: string;
  readonly target: string;
}

async function readRels(entries: Entries, part: string): Promise<Map<string, Relationship>> {
  const rels = new Map<string, Relationship>();
  const entry = entries.get(relsOf(part));
  if (!entry) return rels;
  const sourceDir = dirOf(part);
  await parsePart(entry, {
    open(name, node) {
      if (name !== "Relationship") return;
      const id = attr(node, "Id") ?? attr(node, "id");
      const target = attr(node, "Target") ?? attr(node, "target");
      if (id === undefined || target === undefined || /^external$/i.test(attr(node, "TargetMode") ?? "")) return;
      rels.set(id, { type: (attr(node, "Type") ?? attr(node, "type") ?? "").toLowerCase(), target: resolveTarget(sourceDir, target) });
    },
  });
  return rels;
}

const relType = (r: Relationship, kind: string): boolean => r.type.endsWith(`/${kind.toLowerCase()}`);

// ------------------------------------------------------------------ sniffing what a file is

const CFB_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** Names of the entries of an OLE compound file's directory, or undefined when it cannot be walked. */
export function compoundFileNames(b: Buffer): string[] | undefined {
  try {
    if (b.length < 512) return undefined;
    const shift = b.readUInt16LE(0x1e);
    if (shift !== 9 && shift !== 12) return undefined;
    const size = 1 << shift;
    const sector = (n: number) => (n + 1) * size;
    const ENDOFCHAIN = 0xfffffffe;
    // The FAT's own sectors: 109 in the header, then the DIFAT chain.
    const fatSectors: number[] = [];
    for (let i = 0; i < 109; i++) {
      const s = b.readUInt32LE(0x4c + i * 4);
      if (s < 0xfffffffa) fatSectors.push(s);
    }
    let difat = b.readUInt32LE(0x44);
    for (let guard = 0; difat < 0xfffffffa && guard < 10_000; guard++) {
      const off = sector(difat);
      if (off + size > b.length) break;
      for (let i = 0; i < size / 4 - 1; i++) {
        const s = b.readUInt32LE(off + i * 4);
        if (s < 0xfffffffa) fatSectors.push(s);
      }
      difat = b.readUInt32LE(off + size - 4);
    }
    const next = (n: number): number => {
      const per = size / 4;
      const fs = fatSectors[Math.floor(n / per)];
      if (fs === undefined) return ENDOFCHAIN;
      const off = sector(fs) + (n % per) * 4;
      return off + 4 <= b.length ? b.readUInt32LE(off) : ENDOFCHAIN;
    };
    const names: string[] = [];
    let dir = b.readUInt32LE(0x30);
    for (let guard = 0; dir < 0xfffffffa && guard < 100_000; guard++) {
      const off = sector(dir);
      if (off + size > b.length) break;
      for (let e = 0; e < size / 128; e++) {
        const entry = off + e * 128;
        const len = b.readUInt16LE(entry + 0x40);
        const type = b[entry + 0x42];
        if (type === 0 || len < 2 || len > 64) continue;
        names.push(b.toString("utf16le", entry, entry + len - 2));
      }
      dir = next(dir);
    }
    return names.length ? names : undefined;
  } catch {
    return undefined;
  }
}

/** The sentence for an OLE compound file: encrypted OOXML, an old .xls, or something else of Office's. */
function compoundFileMessage(path: string, b: Buffer): string {
  const names = compoundFileNames(b)?.map((n) => n.toLowerCase());
  if (names) {
    if (names.includes("encryptioninfo") || names.includes("encryptedpackage")) return UNREADABLE.encrypted(path);
    if (names.includes("workbook") || names.includes("book")) return UNREADABLE.xls(path);
    if (names.includes("worddocument")) return UNREADABLE.otherOffice(path, "et Word-dokument (.doc)");
    if (names.includes("powerpoint document")) return UNREADABLE.otherOffice(path, "en PowerPoint-presentasjon (.ppt)");
  }
  return UNREADABLE.encryptedOrXls(path);
}

/** The sentence for a file that is neither a zip nor a compound file. */
function notZipMessage(path: string, b: Buffer): string {
  const head = b.subarray(0, 8192);
  if (head.subarray(0, 5).toString("latin1") === "%PDF-") return UNREADABLE.pdf(path);
  const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
  const body = head.subarray(2, 2 + ((head.length - 2) & ~1));
  const text = !utf16 ? head.toString("utf8") : head[0] === 0xff ? body.toString("utf16le") : Buffer.from(body).swap16().toString("utf16le");
  // Control characters no text file holds: the file is binary.
  // eslint-disable-next-line no-control-regex
  const binary = !utf16 && (head.includes(0) || /[\u0000-\u0008\u000e-\u001a]/.test(text));
  if (binary) return UNREADABLE.unknown(path);
  const start = text
    .replace(/^\ufeff/, "")
    .trimStart()
    .slice(0, 4096)
    .toLowerCase();
  if (start.startsWith("<?xml") || start.startsWith("<workbook")) {
    if (start.includes("urn:schemas-microsoft-com:office:spreadsheet")) return UNREADABLE.spreadsheetMl2003(path);
    if (start.includes("<html")) return UNREADABLE.html(path);
    return UNREADABLE.unknown(path);
  }
  if (start.startsWith("<!doctype html") || start.startsWith("<html") || /<(table|html)[\s>]/.test(start)) return UNREADABLE.html(path);
  return UNREADABLE.text(path);
}

/** What a zip that holds no .xlsx workbook part is, when it is something known. */
async function zipKindMessage(path: string, entries: Entries): Promise<string | undefined> {
  const mimetype = entries.get("mimetype");
  if (mimetype) {
    const m = (await entryText(mimetype).catch(() => "")).trim();
    if (m.startsWith("application/vnd.oasis.opendocument.spreadsheet")) return UNREADABLE.ods(path);
    if (m.startsWith("application/vnd.oasis.opendocument.text")) return UNREADABLE.otherOffice(path, "et OpenDocument-tekstdokument (.odt)");
  }
  // Numbers: Index/*.iwa, or Index.zip inside a zipped .numbers package; Numbers '09: index.xml.gz.
  for (const name of entries.keys()) if (/(^|\/)index(\/|\.zip$|\.xml(\.gz)?$)|\.iwa$|\.numbers\//.test(name)) return UNREADABLE.numbers(path);
  if (entries.has("xl/workbook.bin")) return UNREADABLE.xlsb(path);
  if (entries.has("word/document.xml")) return UNREADABLE.otherOffice(path, "et Word-dokument (.docx)");
  if (entries.has("ppt/presentation.xml")) return UNREADABLE.otherOffice(path, "en PowerPoint-presentasjon (.pptx)");
  if (entries.has("content.xml") && entries.has("meta.xml")) return UNREADABLE.ods(path);
  return undefined;
}

// ------------------------------------------------------------------ workbook, strings, styles

interface SheetRef {
  readonly name: string;
  /** Normalised part path, or undefined when the workbook names no worksheet part for it. */
  readonly part: string | undefined;
}

interface WorkbookInfo {
  readonly date1904: boolean;
  /** Worksheets only (chart and dialog sheets left out), in the workbook's order. */
  readonly sheets: readonly SheetRef[];
  readonly sharedStrings: string | undefined;
  readonly styles: string | undefined;
}

async function readWorkbookPart(entries: Entries, workbookPart: string): Promise<WorkbookInfo> {
  const rels = await readRels(entries, workbookPart);
  let date1904 = false;
  const declared: { name: string; id: string | undefined; sheetId: string | undefined }[] = [];
  // Extensions (extLst) repeat element names of their own: x15:workbookPr has no date1904.
  let ext = 0;
  await parsePart(entries.get(workbookPart)!, {
    open(name, node) {
      if (name === "extLst") ext++;
      if (ext > 0) return;
      if (name === "workbookPr") {
        const v = (attr(node, "date1904") ?? "").toLowerCase();
        date1904 = v === "1" || v === "true";
      } else if (name === "sheet") declared.push({ name: attr(node, "name") ?? "", id: attr(node, "id"), sheetId: attr(node, "sheetId") });
    },
    close(name) {
      if (name === "extLst") ext--;
    },
  });
  const sheets: SheetRef[] = [];
  const hasRels = rels.size > 0;
  declared.forEach((d, i) => {
    const name = d.name || `Ark${i + 1}`;
    const rel = d.id === undefined ? undefined : rels.get(d.id);
    if (rel) {
      if (relType(rel, "worksheet")) sheets.push({ name, part: rel.target });
      // Chart sheets, dialog sheets and macro sheets hold no cells.
      return;
    }
    // No relationship for it: the part where writers put it, if it is there.
    const guess = `${dirOf(workbookPart)}worksheets/sheet${d.sheetId ?? i + 1}.xml`;
    if (!hasRels || entries.has(guess)) sheets.push({ name, part: entries.has(guess) ? guess : undefined });
  });
  const firstOf = (kind: string, fallback: string): string | undefined => {
    for (const r of rels.values()) if (relType(r, kind) && entries.has(r.target)) return r.target;
    return entries.has(fallback) ? fallback : undefined;
  };
  return { date1904, sheets, sharedStrings: firstOf("sharedStrings", `${dirOf(workbookPart)}sharedstrings.xml`), styles: firstOf("styles", `${dirOf(workbookPart)}styles.xml`) };
}

/** OOXML escapes characters XML cannot hold as `_xHHHH_` (and a literal `_x` as `_x005F_x`). */
function unescapeOoxml(s: string): string {
  return s.includes("_x") ? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : s;
}

/** The shared strings: rich text runs joined, phonetic readings (<rPh>) left out. */
async function readSharedStrings(entry: JSZip.JSZipObject): Promise<string[]> {
  const strings: string[] = [];
  let inSi = false;
  let inT = false;
  let rPh = 0;
  let text = "";
  await parsePart(entry, {
    open(name) {
      if (name === "si") {
        inSi = true;
        text = "";
      } else if (name === "t" && inSi && rPh === 0) inT = true;
      else if (name === "rPh") rPh++;
    },
    close(name) {
      if (name === "t") inT = false;
      else if (name === "rPh") rPh--;
      else if (name === "si") {
        strings.push(unescapeOoxml(text));
        inSi = false;
      }
    },
    text(t) {
      if (inT) text += t;
    },
  });
  return strings;
}

/** For each cell format (cellXfs index): whether its number format is a date or time. */
async function readDateStyles(entry: JSZip.JSZipObject): Promise<boolean[]> {
  const custom = new Map<number, string>();
  const xfFormats: number[] = [];
  let inCellXfs = false;
  // Only the numFmts list: a conditional format's dxf has a numFmt of its own.
  let inNumFmts = false;
  await parsePart(entry, {
    open(name, node) {
      if (name === "numFmts") inNumFmts = true;
      else if (name === "numFmt" && inNumFmts) {
        const id = Number(attr(node, "numFmtId"));
        if (Number.isInteger(id)) custom.set(id, attr(node, "formatCode") ?? "");
      } else if (name === "cellXfs") inCellXfs = true;
      else if (name === "xf" && inCellXfs) xfFormats.push(Number(attr(node, "numFmtId") ?? 0));
    },
    close(name) {
      if (name === "cellXfs") inCellXfs = false;
      else if (name === "numFmts") inNumFmts = false;
    },
  });
  return xfFormats.map((id) => {
    const code = custom.get(id);
    return code !== undefined ? isDateFormatCode(code) : BUILTIN_DATE_FORMATS.has(id);
  });
}

// ------------------------------------------------------------------ worksheets

/** The one empty row every empty row of every grid shares. */
const EMPTY_ROW: readonly CellValue[] = Object.freeze([]);

const UNCALCULATED: CellValue = Object.freeze({ kind: "error", code: UNCALCULATED_CODE }) as CellValue;

interface RowCells {
  readonly cols: number[];
  readonly values: CellValue[];
}

interface Merge {
  readonly r1: number;
  readonly c1: number;
  readonly r2: number;
  readonly c2: number;
}

/** "AB12" → [row, col] (0-based), or undefined. `$` signs are tolerated. */
function parseRef(ref: string): [number, number] | undefined {
  let i = 0;
  let col = 0;
  const n = ref.length;
  while (i < n) {
    const ch = ref.charCodeAt(i);
    if (ch === 36 /* $ */) {
      i++;
      continue;
    }
    const up = ch & ~32;
    if (up < 65 || up > 90) break;
    col = col * 26 + (up - 64);
    i++;
  }
  if (i < n && ref.charCodeAt(i) === 36) i++;
  let row = 0;
  const digitsStart = i;
  while (i < n) {
    const ch = ref.charCodeAt(i);
    if (ch < 48 || ch > 57) return undefined;
    row = row * 10 + (ch - 48);
    i++;
  }
  if (col === 0 || i === digitsStart || row === 0) return undefined;
  return [row - 1, col - 1];
}

function parseRange(ref: string): Merge | undefined {
  const [a = "", b = a] = ref.split(":");
  const p = parseRef(a);
  const q = parseRef(b);
  if (!p || !q) return undefined;
  return { r1: Math.min(p[0], q[0]), c1: Math.min(p[1], q[1]), r2: Math.max(p[0], q[0]), c2: Math.max(p[1], q[1]) };
}

function toNumber(text: string): number | string {
  const x = Number(text);
  if (!Number.isNaN(x) && text.trim() !== "") return x;
  const y = parseFloat(text);
  return Number.isNaN(y) ? text : y;
}

function toBoolean(text: string): boolean {
  const t = text.trim().toLowerCase();
  if (t === "true") return true;
  if (t === "false") return false;
  return parseInt(t, 10) !== 0;
}

interface SheetContext {
  readonly strings: readonly string[];
  readonly dateStyles: readonly boolean[];
  readonly date1904: boolean;
}

async function readSheet(name: string, entry: JSZip.JSZipObject, ctx: SheetContext): Promise<SheetGrid> {
  const rows = new Map<number, RowCells>();
  const merges: Merge[] = [];
  let current: RowCells | undefined;
  let currentRowIndex = -1;
  await parseSheet(entry, ctx, {
    cell(r, c, v) {
      if (r !== currentRowIndex || !current) {
        current = rows.get(r);
        if (!current) rows.set(r, (current = { cols: [], values: [] }));
        currentRowIndex = r;
      }
      current.cols.push(c);
      current.values.push(v);
    },
    merge: (m) => merges.push(m),
  });
  return toGrid(name, rows, merges);
}

interface SheetHandlers {
  /** A cell with a value (never null), in the order of the file. */
  cell(r: number, c: number, v: CellValue): void;
  /** A merged range (Excel writes them after the cells). */
  merge(m: Merge): void;
}

/** Parses a worksheet part: each cell with a value and each merged range, as they come; `stop` ends it early (checked per chunk). */
async function parseSheet(entry: JSZip.JSZipObject, ctx: SheetContext, out: SheetHandlers, stop?: () => boolean): Promise<void> {
  const { strings, dateStyles, date1904 } = ctx;

  let inSheetData = false;
  let rowIndex = -1;
  // The cell being read.
  let cellRow = 0;
  let cellCol = -1;
  let type = "n";
  let style = 0;
  let hasF = false;
  let hasV = false;
  let inV = false;
  let inIs = false;
  let inT = false;
  let rPh = 0;
  let text = "";

  const number = (t: string): CellValue => {
    const x = toNumber(t);
    if (typeof x === "number" && dateStyles[style]) return { kind: "date", serial: serialOfDateNumber(x, date1904) };
    return x;
  };

  const cellValue = (): CellValue => {
    if (type === "inlineStr") return text === "" ? (hasF && !hasV ? UNCALCULATED : null) : unescapeOoxml(text);
    if (hasF) {
      if (!hasV) return UNCALCULATED;
      // A formula whose text result is empty shows as blank; any other empty result was never calculated.
      if (text === "") return type === "str" ? null : UNCALCULATED;
    } else if (!hasV || text === "") return null;
    switch (type) {
      case "s": {
        const i = Number(text);
        return strings[i] ?? null;
      }
      case "str":
        return unescapeOoxml(text);
      case "b":
        return toBoolean(text);
      case "e":
        return { kind: "error", code: text.trim() };
      case "d":
        return isoDateCell(text);
      default:
        return number(text);
    }
  };

  await parsePart(
    entry,
    {
      open(tag, node) {
        if (!inSheetData) {
          if (tag === "sheetData") inSheetData = true;
          else if (tag === "mergeCell") {
            const m = parseRange(attr(node, "ref") ?? "");
            if (m) out.merge(m);
          }
          return;
        }
        switch (tag) {
          case "c": {
            const a = node.attributes as Record<string, string>;
            const ref = a.r;
            const p = ref === undefined ? undefined : parseRef(ref);
            if (p) {
              cellRow = p[0];
              cellCol = p[1];
              rowIndex = p[0];
            } else {
              // No (usable) address: the cell after the previous one (ECMA-376 §18.3.1.4).
              cellRow = rowIndex < 0 ? (rowIndex = 0) : rowIndex;
              cellCol++;
            }
            type = a.t ?? "n";
            const s = a.s;
            style = s === undefined ? 0 : Number(s) | 0;
            hasF = hasV = inV = inIs = inT = false;
            rPh = 0;
            text = "";
            return;
          }
          case "v":
            hasV = inV = true;
            return;
          case "f":
            hasF = true;
            return;
          case "row": {
            const r = (node.attributes as Record<string, string>).r;
            const n = r === undefined ? NaN : Number(r);
            rowIndex = Number.isInteger(n) && n >= 1 ? n - 1 : rowIndex + 1;
            cellCol = -1;
            return;
          }
          case "is":
            inIs = true;
            return;
          case "t":
            if (inIs && rPh === 0) inT = true;
            return;
          case "rPh":
            rPh++;
            return;
          default:
            return;
        }
      },
      close(tag) {
        if (!inSheetData) return;
        switch (tag) {
          case "v":
            inV = false;
            return;
          case "t":
            inT = false;
            return;
          case "c": {
            const v = cellValue();
            if (v !== null) out.cell(cellRow, cellCol, v);
            inV = inT = inIs = false;
            return;
          }
          case "is":
            inIs = false;
            return;
          case "rPh":
            rPh--;
            return;
          case "sheetData":
            inSheetData = false;
            return;
          default:
            return;
        }
      },
      text(t) {
        if (inV || inT) text += t;
      },
    },
    stop,
  );
}

/** Rows of the used range: firstRow/firstColumn at the first value; each row as long as its last value. */
function toGrid(name: string, rows: Map<number, RowCells>, merges: readonly Merge[]): SheetGrid {
  // A merged range holds its value in its top-left cell only (Excel keeps the others empty).
  const masterHasValue = (m: Merge): boolean => {
    const row = rows.get(m.r1);
    if (!row) return false;
    for (let i = row.cols.length - 1; i >= 0; i--) if (row.cols[i] === m.c1) return row.values[i] !== null;
    return false;
  };
  let extendTo = -1;
  for (const m of merges) {
    const clear = (row: RowCells, r: number) => {
      for (let i = 0; i < row.cols.length; i++) {
        const c = row.cols[i];
        if (c !== undefined && c >= m.c1 && c <= m.c2 && !(r === m.r1 && c === m.c1)) row.values[i] = null;
      }
    };
    if (m.r2 - m.r1 < rows.size) {
      for (let r = m.r1; r <= m.r2; r++) {
        const row = rows.get(r);
        if (row) clear(row, r);
      }
    } else for (const [r, row] of rows) if (r >= m.r1 && r <= m.r2) clear(row, r);
    // The used range reaches to the end of a merged range with a value (as the exceljs path had it).
    if (masterHasValue(m)) extendTo = Math.max(extendTo, m.r2);
  }

  let minRow = Infinity;
  let maxRow = -1;
  let minCol = Infinity;
  const lastCol = new Map<number, number>();
  for (const [r, row] of rows) {
    let last = -1;
    for (let i = 0; i < row.cols.length; i++) {
      const c = row.cols[i];
      if (row.values[i] === null || c === undefined) continue;
      if (c < minCol) minCol = c;
      if (c > last) last = c;
    }
    if (last < 0) continue;
    lastCol.set(r, last);
    if (r < minRow) minRow = r;
    if (r > maxRow) maxRow = r;
  }
  if (maxRow < 0) return { name, rows: [], firstRow: 0, firstColumn: 0 };
  maxRow = Math.max(maxRow, extendTo);

  const out: (readonly CellValue[])[] = new Array<readonly CellValue[]>(maxRow - minRow + 1).fill(EMPTY_ROW);
  for (const [r, last] of lastCol) {
    const row = rows.get(r)!;
    const length = last - minCol + 1;
    let a: CellValue[];
    if (length > 4096 && row.cols.length * 16 < length) {
      // A few values far apart (a stray cell at XFD): a sparse array, its gaps read as undefined.
      // V8 keeps it as a dictionary only when the far end is written first (setting length allocates it all).
      a = [];
      for (let i = row.cols.length - 1; i >= 0; i--)
        if (row.cols[i] === last && row.values[i] !== null) {
          a[last - minCol] = row.values[i] ?? null;
          break;
        }
    } else a = new Array<CellValue>(length).fill(null);
    for (let i = 0; i < row.cols.length; i++) {
      const v = row.values[i];
      const c = row.cols[i];
      if (v !== null && v !== undefined && c !== undefined) a[c - minCol] = v;
    }
    out[r - minRow] = a;
  }
  return { name, rows: out, firstRow: minRow, firstColumn: minCol };
}

// ------------------------------------------------------------------ streaming

/** Worksheet parts smaller than this (inflated) are read whole: the grid costs little. */
const STREAM_MIN_BYTES = 4 << 20;
/** Rows with a value that make the head (the layout looks at the first 20, the year source and the widest row at 500 after the header). */
const HEAD_FILLED_ROWS = 540;

export interface XlsxStreamOptions {
  /** Worksheet parts smaller than this (inflated bytes) are read whole (tests lower it to stream small sheets). */
  readonly minBytes?: number;
  /** Rows with a value that make the head of a streamed sheet (tests lower it). */
  readonly headRows?: number;
}

export interface XlsxReadOptions {
  /** Large worksheets as streamed grids (SheetGrid.stream): their head, and their rows parsed from the file each time they are asked for. */
  readonly stream?: boolean | XlsxStreamOptions;
}

/** The inflated size a zip entry declares, or its compressed size when it declares none. */
function entrySize(entry: JSZip.JSZipObject): number {
  const data = (entry as unknown as { _data?: { uncompressedSize?: number; compressedSize?: number } })._data;
  return data?.uncompressedSize ?? data?.compressedSize ?? Infinity;
}

/**
 * A worksheet as a streamed grid: the head (its first rows with a value, as readSheet's grid
 * gives them) and a RowStream that parses the part again, giving each row as it closes. The
 * same rows and cells as the whole grid, or a StreamFallback where the stream cannot know
 * them without the whole sheet: rows out of order, a cell left of (or a row above) the head,
 * a merged range that reaches below the head or that clears a value in it. Merged ranges
 * come after the cells in the part, so that last check is made when the rows have been given
 * (the caller then starts over from the grid). A sheet whose head is all of it is the grid.
 */
async function streamSheet(name: string, entry: JSZip.JSZipObject, ctx: SheetContext, label: string, options: XlsxStreamOptions): Promise<SheetGrid> {
  const headRows = Math.max(1, options.headRows ?? HEAD_FILLED_ROWS);
  const whole = () => wholeSheet(name, entry, ctx, label);
  const rows = new Map<number, RowCells>();
  const merges: Merge[] = [];
  let current: RowCells | undefined;
  let lastRow = -1;
  let filled = 0;
  let headEnd = -1;
  let done = false;
  let ordered = true;
  await guard(
    () =>
      parseSheet(
        entry,
        ctx,
        {
          cell(r, c, v) {
            if (done) return;
            if (r !== lastRow || !current) {
              if (r < lastRow) {
                ordered = false;
                done = true;
                return;
              }
              if (lastRow >= 0 && ++filled >= headRows) {
                headEnd = lastRow;
                done = true;
                return;
              }
              rows.set(r, (current = { cols: [], values: [] }));
              lastRow = r;
            }
            current.cols.push(c);
            current.values.push(v);
          },
          merge: (m) => merges.push(m),
        },
        () => done,
      ),
    label,
    `arket «${name}»`,
  );
  if (!done) return toGrid(name, rows, merges);
  if (!ordered) return whole();
  const head = toGrid(name, rows, []);
  const { firstRow, firstColumn } = head;

  /** A merged range that changes nothing the head and the stream gave: within the head's rows and over no value but its top-left cell. */
  const harmless = (m: Merge): boolean => {
    if (m.r2 > headEnd) return false;
    for (let r = m.r1; r <= m.r2; r++) {
      const row = rows.get(r);
      if (row) for (const c of row.cols) if (c >= m.c1 && c <= m.c2 && !(r === m.r1 && c === m.c1)) return false;
    }
    return true;
  };

  const stream: RowStream = {
    each: async (visit) => {
      const cols: number[] = [];
      const values: CellValue[] = [];
      const found: Merge[] = [];
      const buffer: CellValue[] = [];
      let r0 = -1;
      let fallback: string | undefined;
      const flush = () => {
        let last = -1;
        for (const c of cols) if (c > last) last = c;
        const length = last - firstColumn + 1;
        let a: CellValue[];
        if (length > 4096 && cols.length * 16 < length) {
          // As toGrid: a few values far apart (a stray cell at XFD) as a sparse array, its gaps undefined.
          a = [];
          for (let i = cols.length - 1; i >= 0; i--)
            if (cols[i] === last) {
              a[last - firstColumn] = values[i] ?? null;
              break;
            }
        } else {
          a = buffer;
          a.length = length;
          a.fill(null);
        }
        for (let i = 0; i < cols.length; i++) {
          const c = cols[i];
          if (c !== undefined) a[c - firstColumn] = values[i] ?? null;
        }
        visit(a, r0);
      };
      // What the engine's visit throws is the engine's: passed on as it is, not taken for a part that cannot be read.
      let thrown: { error: unknown } | undefined;
      try {
        await parseSheet(
          entry,
          ctx,
          {
            cell(r, c, v) {
              if (fallback !== undefined) return;
              if (c < firstColumn) fallback = `a cell left of the head's first column (${r + 1}, ${c + 1})`;
              else if (r < firstRow || r < r0) fallback = `a row out of order (${r + 1})`;
              else {
                if (r !== r0) {
                  if (r0 >= 0)
                    try {
                      flush();
                    } catch (error) {
                      thrown = { error };
                      fallback = "";
                      return;
                    }
                  r0 = r;
                  cols.length = values.length = 0;
                }
                cols.push(c);
                values.push(v);
              }
            },
            merge: (m) => found.push(m),
          },
          () => fallback !== undefined,
        );
      } catch {
        if (thrown) throw thrown.error;
        // A part that cannot be read after all: the grid says so, in its words.
        throw new StreamFallback(`the sheet «${name}» could not be read as a stream`);
      }
      if (thrown) throw thrown.error;
      if (fallback !== undefined) throw new StreamFallback(fallback);
      if (r0 >= 0) flush();
      for (const m of found) if (!harmless(m)) throw new StreamFallback(`a merged range (${m.r1 + 1}:${m.r2 + 1}) outside the head`);
    },
    grid: whole,
  };
  return { name: head.name, rows: head.rows, firstRow, firstColumn, stream };
}

/** A worksheet read whole, its errors in the sentences readXlsxBuffer gives. */
async function wholeSheet(name: string, entry: JSZip.JSZipObject, ctx: SheetContext, label: string): Promise<SheetGrid> {
  try {
    return await guard(() => readSheet(name, entry, ctx), label, `arket «${name}»`);
  } catch (e) {
    if (e instanceof UnreadableWorkbookError) throw e;
    throw unreadable(UNREADABLE.corrupt(label));
  }
}

// ------------------------------------------------------------------ entry point

async function readInput(path: string): Promise<Buffer> {
  const s = await stat(path);
  if (s.isDirectory()) {
    // An Apple Numbers document can be a folder (a macOS package).
    const names = await readdir(path).catch(() => [] as string[]);
    if (extname(path).toLowerCase() === ".numbers" || names.some((n) => n === "Index.zip" || n === "Index")) throw unreadable(UNREADABLE.numbers(path));
    throw unreadable(UNREADABLE.directory(path));
  }
  return readFile(path);
}

/** Reads an .xlsx/.xlsm file: one grid per worksheet, in the workbook's order. */
export async function readXlsxFile(path: string, options: XlsxReadOptions = {}): Promise<SheetGrid[]> {
  return readXlsxBuffer(await readInput(path), path, options);
}

/** Reads .xlsx/.xlsm bytes; `label` names the file in messages. */
export async function readXlsxBuffer(data: Buffer, label: string = "filen", options: XlsxReadOptions = {}): Promise<SheetGrid[]> {
  if (data.length === 0) throw unreadable(UNREADABLE.empty(label));
  if (data.length >= 8 && data.subarray(0, 8).equals(CFB_SIGNATURE)) throw unreadable(compoundFileMessage(label, data));
  if (data.length < 4 || data[0] !== 0x50 || data[1] !== 0x4b) throw unreadable(notZipMessage(label, data));

  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(data);
  } catch (e) {
    if (/encrypt/i.test((e as Error)?.message ?? "")) throw unreadable(UNREADABLE.encrypted(label));
    throw unreadable(UNREADABLE.corrupt(label));
  }
  const entries: Entries = new Map();
  for (const f of Object.values(zip.files)) if (!f.dir) entries.set(normalisePath(f.name), f);

  try {
    return await readPackage(entries, label, options.stream === true ? {} : options.stream || undefined);
  } catch (e) {
    if (e instanceof UnreadableWorkbookError) throw e;
    if (e instanceof XmlPartError) throw unreadable(UNREADABLE.damagedPart(label, "XML-innholdet"));
    // Inflating failed (a damaged or cut-off entry) or anything else of the zip's.
    throw unreadable(UNREADABLE.corrupt(label));
  }
}

async function readPackage(entries: Entries, label: string, stream: XlsxStreamOptions | undefined): Promise<SheetGrid[]> {
  // The workbook part: where the package's relationships say, else where writers put it.
  const root = await readRels(entries, "").catch(() => new Map<string, Relationship>());
  let workbookPart: string | undefined;
  for (const r of root.values()) if (relType(r, "officeDocument") && entries.has(r.target)) workbookPart = r.target;
  if (workbookPart?.endsWith(".bin")) throw unreadable(UNREADABLE.xlsb(label));
  if (!workbookPart) for (const p of ["xl/workbook.xml", "xl/workbook2.xml"]) if (entries.has(p)) workbookPart = p;
  if (!workbookPart) throw unreadable((await zipKindMessage(label, entries)) ?? UNREADABLE.zipWithoutWorkbook(label));

  const info = await guard(() => readWorkbookPart(entries, workbookPart!), label, "arbeidsbokens innholdsliste (workbook.xml)");
  const strings = info.sharedStrings ? await guard(() => readSharedStrings(entries.get(info.sharedStrings!)!), label, "de delte tekstene (sharedStrings.xml)") : [];
  const dateStyles = info.styles ? await guard(() => readDateStyles(entries.get(info.styles!)!), label, "formatene (styles.xml)") : [];
  const ctx: SheetContext = { strings, dateStyles, date1904: info.date1904 };
  const grids: SheetGrid[] = [];
  for (const s of info.sheets) {
    const entry = s.part === undefined ? undefined : entries.get(s.part);
    if (!entry) throw unreadable(UNREADABLE.missingSheet(label, s.name));
    if (stream && entrySize(entry) >= (stream.minBytes ?? STREAM_MIN_BYTES)) grids.push(await streamSheet(s.name, entry, ctx, label, stream));
    else grids.push(await guard(() => readSheet(s.name, entry, ctx), label, `arket «${s.name}»`));
  }
  return grids;
}

/** Runs a part's parse; a part that is not XML is named in the sentence. */
async function guard<T>(f: () => Promise<T>, label: string, part: string): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof XmlPartError) throw unreadable(UNREADABLE.damagedPart(label, part));
    throw e;
  }
}
