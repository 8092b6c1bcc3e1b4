import Papa from "papaparse";
import { type ByteLine, type ByteLineVisitor, CellValue, isBlank, RowStream, SheetGrid, StreamFallback } from "../domain/cells";
import { asciiOnly, decodeText, detectEncoding, ENCODING_LABELS, TextEncoding, validUtf8 } from "./text-decode";

/**
 * A text export as a grid: every cell as text so that leading zeros (`010`) survive and
 * amounts are parsed by the domain's number rules; empty cells are null. The delimiter
 * (semicolon, tab, comma or bar) is decided from the first hundred lines, not the first:
 * a title or filter line above the header does not decide it. Each row keeps exactly
 * the fields its line had, so the domain can refuse a line with more or fewer fields
 * than the header (a comma-separated file with unquoted decimal commas).
 */

const DELIMITERS = [";", "\t", ",", "|"] as const;
/** A line break as papaparse knows them. */
type Newline = "\n" | "\r" | "\r\n";
const SAMPLE_LINES = 100;

/**
 * The delimiter that splits the most sample lines into the same number (> 1) of fields.
 * Ties go to the earlier in DELIMITERS (semicolon first: the Norwegian Excel export).
 */
export function detectDelimiter(text: string, newline: Newline = guessLineEndings(text.substring(0, NEWLINE_SAMPLE))): string {
  const sampled = sampleText(text, newline);
  let best = { delimiter: ";", lines: 0, fields: 0 };
  for (const delimiter of DELIMITERS) {
    // The line break given, as papaparse would guess it: it would otherwise scan the first megabyte once per delimiter.
    const sample = Papa.parse<string[]>(sampled, { delimiter, newline, preview: SAMPLE_LINES, skipEmptyLines: true }).data;
    const counts = new Map<number, number>();
    for (const row of sample) if (row.length > 1) counts.set(row.length, (counts.get(row.length) ?? 0) + 1);
    for (const [fields, lines] of counts) if (lines > best.lines || (lines === best.lines && fields > best.fields)) best = { delimiter, lines, fields };
  }
  return best.delimiter;
}

/**
 * The part of `text` papaparse's preview of SAMPLE_LINES reads, where that is plain to see: a
 * text with no quote (papaparse's fast mode) is split at every line break before the preview
 * stops, so a megabyte was split into some 20,000 lines for each delimiter tried (13–18 ms for a
 * ledger's first megabyte). Its rows past SAMPLE_LINES + 1 are never looked at: the text is cut
 * after the line break that ends them, and the preview gives the same rows. A text with a quote
 * is given whole (the parser then reads its records one by one and stops at the preview).
 */
function sampleText(text: string, newline: Newline): string {
  if (text.indexOf('"') >= 0) return text;
  let at = -newline.length;
  for (let n = 0; n <= SAMPLE_LINES + 1; n++) {
    at = text.indexOf(newline, at + newline.length);
    if (at < 0) return text;
  }
  return text.slice(0, at + newline.length);
}

export interface TextGridOptions {
  /** The encoding the bytes were decoded from, for messages. */
  readonly encoding?: TextEncoding;
}

export function csvToGrid(name: string, text: string, options: TextGridOptions = {}): SheetGrid {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const newline = guessLineEndings(body.substring(0, NEWLINE_SAMPLE));
  const delimiter = detectDelimiter(body, newline);
  const parsed = Papa.parse<string[]>(body, { delimiter, newline, skipEmptyLines: false });
  // Empty cells become null in place: a million-line export is not copied a second time.
  const rows = parsed.data as CellValue[][];
  for (const row of rows)
    for (let i = 0; i < row.length; i++) {
      const v = row[i] as string;
      if (v === "") row[i] = null;
      // ="010": Excel's way of keeping a text (leading zeros) in a CSV file; the text is what is meant.
      else if (v.charCodeAt(0) === 61 && v.length >= 3 && v.charCodeAt(1) === 34 && v.charCodeAt(v.length - 1) === 34) row[i] = v.slice(2, -1);
    }
  while (rows.length > 0 && rows[rows.length - 1]?.every((c) => c === null)) rows.pop();
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

// ------------------------------------------------------------------ streaming

/**
 * Files below this are read whole (csvToGrid): the grid costs little, and the streamed head would
 * be most of it. Above it (about 5,000 ledger lines), streaming is the faster: a 10,000-line
 * ledger read whole cost 30–60 ms more, most of it the collector copying the grid's cells.
 */
const STREAM_MIN_BYTES = 1 << 18;
/** Rows of the head: the layout looks at the first 20, the year source and the widest row at 500 after the header. */
const HEAD_TOP_ROWS = 20;
const HEAD_FILLED_ROWS = 520;
/**
 * Bytes decoded at a time: a chunk's text (up to 128 KB as UTF-16) stays in V8's young
 * generation, whose memory is reused chunk after chunk; a megabyte's text went to the
 * large-object space, fresh pages each time (a cold 1M-line file decoded 2–3 times slower).
 */
const CHUNK_BYTES = 1 << 16;
/** papaparse guesses the line break from the first megabyte of the text. */
const NEWLINE_SAMPLE = 1024 * 1024;
/** A file longer than this whose first UTF8_HEAD_BYTES hold characters beyond ASCII, all valid UTF-8, has the rest checked as it is read (TextSource). */
const UTF8_HEAD_BYTES = 1024 * 1024;

export interface StreamOptions {
  /** Files smaller than this are read whole (tests lower it to stream small files). */
  readonly minBytes?: number;
  /** Filled rows after the first 20 that make the head (tests lower it). */
  readonly headRows?: number;
  /** Bytes decoded at a time (tests lower it to split records across chunks). */
  readonly chunkBytes?: number;
  /** The bytes of a file checked for UTF-8 before it is read (tests lower it; see TextSource). */
  readonly utf8HeadBytes?: number;
}

/**
 * A text export whose lines are read one at a time: the head (the first rows, enough for the
 * layout, the year source and the reading rules' samples) as the grid's rows, and every line
 * from a stream, split from the bytes chunk by chunk. The same rows, fields and encoding as
 * textFileToGrid, line for line; a file it cannot split as papaparse would (a quote that does
 * not close a field where a delimiter or line break follows) falls back to textFileToGrid.
 */
export function textFileToStreamGrid(name: string, bytes: Uint8Array | ByteSource, options: StreamOptions = {}): SheetGrid {
  const size = bytes instanceof Uint8Array ? bytes.length : bytes.size;
  const whole = (): SheetGrid => textFileToGrid(name, bytes instanceof Uint8Array ? bytes : bytes.all());
  if (size < (options.minBytes ?? STREAM_MIN_BYTES)) return whole();
  const source = new TextSource(bytes, options.chunkBytes ?? CHUNK_BYTES, options.utf8HeadBytes ?? UTF8_HEAD_BYTES);
  const headRows = options.headRows ?? HEAD_FILLED_ROWS;
  const head: CellValue[][] = [];
  let filled = 0;
  let complete: boolean;
  let delimiter: string;
  let newline: Newline;
  try {
    // The delimiter and line break from the text's first megabyte (and at least its first 2,000 lines), as csvToGrid decides them.
    const prefix = source.prefix(NEWLINE_SAMPLE, 2000);
    newline = guessLineEndings(prefix.text.substring(0, NEWLINE_SAMPLE));
    delimiter = detectDelimiter(prefix.text, newline);
    complete = source.records(delimiter, newline, (row) => {
      head.push(row.slice());
      if (head.length > HEAD_TOP_ROWS && !isBlankRow(row)) filled++;
      return filled < headRows;
    });
  } catch (e) {
    if (e instanceof StreamFallback) return whole();
    throw e;
  }
  // The whole file fit in the head (or its head is mostly blank): the grid, read whole.
  if (complete) return whole();
  const stream: RowStream = {
    each: async (visit) => source.rows(delimiter, newline, visit),
    eachLine: async (visitLine, visit) => source.lines(delimiter, newline, visitLine, visit),
    grid: async () => whole(),
  };
  return { name, rows: head, firstRow: 0, firstColumn: 0, source: { kind: "text", delimiter, encoding: ENCODING_LABELS[source.encoding] }, stream };
}

function isBlankRow(row: readonly CellValue[]): boolean {
  for (const v of row) if (!isBlank(v)) return false;
  return true;
}

/** papaparse's guessLineEndings: the line break of a text, its quoted parts left out. */
export function guessLineEndings(input: string): Newline {
  // No "\r" at all: leaving out the quoted parts cannot make one, so papaparse's answer is "\n"
  // whatever they hold (without stripping them from a megabyte of text first).
  if (input.indexOf("\r") < 0) return "\n";
  // As papaparse: split at "\r" and at "\n" (here counted, not split: the sample is a megabyte).
  const text = input.indexOf('"') < 0 ? input : input.replace(/"([^]*?)"/gm, "");
  const firstR = text.indexOf("\r");
  const firstN = text.indexOf("\n");
  // n.length > 1 && n[0].length < r[0].length
  const nAppearsFirst = firstN >= 0 && firstN < (firstR < 0 ? text.length : firstR);
  if (firstR < 0 || nAppearsFirst) return "\n";
  // r.length, and the parts of the split at "\r" that start with "\n": the first if the text does, and one after each "\r\n".
  let parts = 1;
  let numWithN = text.charCodeAt(0) === 10 ? 1 : 0;
  for (let i = firstR; i >= 0; i = text.indexOf("\r", i + 1)) {
    parts++;
    if (text.charCodeAt(i + 1) === 10) numWithN++;
  }
  return numWithN >= parts / 2 ? "\r\n" : "\r";
}

const QUOTE = 34;
const CRLF = "\r\n";

/**
 * A text file's bytes read from the file a piece at a time (the command line), not held whole:
 * reading a large file into one buffer, and touching that buffer's fresh pages, cost more than
 * splitting it. `all` reads it whole, for the fallbacks that need the grid.
 */
export interface ByteSource {
  readonly size: number;
  /** Opens the file: `read` copies up to `length` bytes from `position` into `into` at `at` and returns how many. */
  open(): { read(into: Uint8Array, at: number, length: number, position: number): number; close(): void };
  all(): Uint8Array;
}

/**
 * The bytes from `from` on, piece by piece; with `cutAtLine` a piece ends after its last byte 10
 * where it has one (the rest starts the next piece). A piece of a ByteSource is a view of one
 * buffer, valid until the next is asked for; `last` tells the file's last piece.
 */
function* pieces(bytes: Uint8Array | ByteSource, from: number, size: number, cutAtLine: boolean, verifyUtf8 = false): Generator<{ bytes: Uint8Array; last: boolean }> {
  if (verifyUtf8) {
    // The file was taken for UTF-8 by its first bytes (TextSource): each piece is checked before it is given. A
    // piece ends after a line break ("\n" ends no UTF-8 character) or at the end; one that cannot (a line longer
    // than a piece) is not checked apart either. Either way, the whole file is read as textFileToGrid reads it.
    for (const piece of pieces(bytes, from, size, cutAtLine)) {
      const b = piece.bytes;
      if (!piece.last && (b.length === 0 || b[b.length - 1] !== 10)) throw new StreamFallback("a line longer than a piece in a file checked for UTF-8 as it is read");
      if (!validUtf8(b)) throw new StreamFallback("not UTF-8 past its first bytes");
      yield piece;
    }
    return;
  }
  if (bytes instanceof Uint8Array) {
    for (let i = from; i < bytes.length;) {
      let end = Math.min(bytes.length, i + size);
      if (cutAtLine && end < bytes.length) {
        const k = bytes.lastIndexOf(10, end - 1);
        if (k >= i) end = k + 1;
      }
      yield { bytes: bytes.subarray(i, end), last: end >= bytes.length };
      i = end;
    }
    return;
  }
  const file = bytes.open();
  try {
    const buf = new Uint8Array(size);
    let have = 0;
    for (let pos = from; ;) {
      const k = pos < bytes.size ? file.read(buf, have, size - have, pos) : 0;
      pos += k;
      const n = have + k;
      if (n === 0) return;
      const eof = k === 0 || pos >= bytes.size;
      let end = n;
      if (cutAtLine && !eof) {
        const nl = buf.lastIndexOf(10, n - 1);
        if (nl >= 0) end = nl + 1;
      }
      yield { bytes: buf.subarray(0, end), last: eof };
      if (eof) return;
      buf.copyWithin(0, end, n);
      have = n - end;
    }
  } finally {
    file.close();
  }
}

/** Whether the bytes from `from` on are valid UTF-8, a piece at a time (a character split by a piece is checked with the next). */
function validUtf8From(bytes: Uint8Array | ByteSource, from: number, size: number): boolean {
  if (bytes instanceof Uint8Array) return validUtf8(bytes.subarray(from));
  const file = bytes.open();
  try {
    const buf = new Uint8Array(Math.max(4, size));
    let have = 0;
    for (let pos = from; ;) {
      const k = pos < bytes.size ? file.read(buf, have, buf.length - have, pos) : 0;
      pos += k;
      const n = have + k;
      const eof = k === 0 || pos >= bytes.size;
      let cut = n;
      if (!eof) {
        // The last character's lead byte and what follows it wait for the next piece.
        let j = n - 1;
        while (j >= 0 && n - j <= 3 && ((buf[j] ?? 0) & 0xc0) === 0x80) j--;
        if (j >= 0 && (buf[j] ?? 0) >= 0xc0) cut = j;
      }
      if (!validUtf8(buf.subarray(0, cut))) return false;
      if (eof) return true;
      buf.copyWithin(0, cut, n);
      have = n - cut;
    }
  } finally {
    file.close();
  }
}

/** Where the last whole UTF-8 character of `b` ends: before a lead byte whose continuation bytes are cut off at the end. */
function utf8Complete(b: Uint8Array): number {
  const n = b.length;
  let j = n - 1;
  while (j >= 0 && n - j <= 3 && ((b[j] ?? 0) & 0xc0) === 0x80) j--;
  return j >= 0 && (b[j] ?? 0) >= 0xc0 ? j : n;
}

/** The first `n` bytes (fewer when the file is shorter). */
function headBytes(bytes: Uint8Array | ByteSource, n: number): Uint8Array {
  if (bytes instanceof Uint8Array) return bytes;
  const file = bytes.open();
  try {
    const buf = new Uint8Array(Math.min(n, bytes.size));
    let got = 0;
    while (got < buf.length) {
      const k = file.read(buf, got, buf.length - got, got);
      if (k === 0) break;
      got += k;
    }
    return buf.subarray(0, got);
  } finally {
    file.close();
  }
}

/** The bytes of a text file, decoded chunk by chunk in the encoding decodeText decides. */
class TextSource {
  readonly encoding: TextEncoding;
  private readonly start: number;
  /** UTF-8 by its first `utf8HeadBytes`: the rest is checked as it is read (pieces), a StreamFallback where it is not. */
  private readonly verifyUtf8: boolean;

  constructor(
    private readonly bytes: Uint8Array | ByteSource,
    private readonly chunkBytes: number,
    utf8HeadBytes = UTF8_HEAD_BYTES,
  ) {
    // The byte-order mark and the UTF-16 sniff look at the first 4,096 bytes; UTF-8 is checked to the end: at
    // once, or, for a file whose first utf8HeadBytes hold characters beyond ASCII and are valid UTF-8, as the
    // passes read it (the check read the whole file once more: 22-31 ms of a 53 MB ledger). Should a later byte
    // not be UTF-8, the reading stops with a StreamFallback, and the pipeline reads the whole grid, whose
    // encoding textFileToGrid decides from every byte: the same report as when the check came first.
    let lazy = false;
    const valid = (from: number): boolean => {
      if (bytes instanceof Uint8Array || bytes.size - from <= utf8HeadBytes) return validUtf8From(bytes, from, chunkBytes);
      const head = headBytes(bytes, from + utf8HeadBytes).subarray(from);
      const end = utf8Complete(head);
      if (!validUtf8(head.subarray(0, end))) return false;
      // ASCII alone is both UTF-8 and Windows-1252: no sign either way, so the whole file is checked now.
      if (asciiOnly(head)) return validUtf8From(bytes, from, chunkBytes);
      lazy = true;
      return true;
    };
    const { encoding, skip } = detectEncoding(headBytes(bytes, 4096), valid);
    this.encoding = encoding;
    this.start = skip;
    this.verifyUtf8 = lazy && encoding === "utf-8";
  }

  /**
   * Decoded text, chunk by chunk; a leading U+FEFF left out as csvToGrid does. TextDecoder in
   * streaming mode, also for valid UTF-8: in Node 20 it decodes a ledger with Norwegian letters
   * about five times faster than Buffer.toString (which has no fast path for non-ASCII text).
   * A chunk of UTF-8 or Windows-1252 ends after a line break where it has one (a byte 10 is
   * always "\n" in both): the next record then starts a chunk of its own and is not read from
   * text joined to the rest of the chunk before (V8 reads a joined string several times slower).
   */
  *chunks(): Generator<string> {
    const decoder = new TextDecoder(this.encoding);
    const cutAtLine = this.encoding === "utf-8" || this.encoding === "windows-1252";
    const start = new TextStart();
    for (const { bytes: piece } of pieces(this.bytes, this.start, this.chunkBytes, cutAtLine, this.verifyUtf8)) yield start.take(decoder.decode(piece, { stream: true }));
    const rest = decoder.decode();
    if (rest) yield rest;
  }

  /** Every record, with its 0-based row. */
  rows(delimiter: string, newline: string, visit: (row: readonly CellValue[], r: number) => void): void {
    let r = 0;
    this.records(delimiter, newline, (row) => {
      visit(row, r++);
      return true;
    });
  }

  /**
   * The first `chars` characters of the text, and on to the end of its `lines`-th line break ("\n"
   * or "\r", each counted), joined once: a string grown chunk by chunk (+=) is a rope that V8
   * copies flat at its first search, two to three times slower than one join.
   */
  prefix(chars: number, lines: number): { text: string } {
    const chunks: string[] = [];
    let length = 0;
    let breaks = 0;
    for (const chunk of this.chunks()) {
      chunks.push(chunk);
      length += chunk.length;
      if (breaks < lines) breaks += countBreaks(chunk, lines - breaks);
      if (length >= chars && breaks >= lines) break;
    }
    return { text: chunks.join("") };
  }

  /**
   * Splits the text into records as papaparse does (RFC 4180 quotes, the given line break),
   * each as csvToGrid's row (empty fields null, ="010" as its text), in one array reused
   * from record to record; `each` returns false to stop. Returns true when every record was
   * given. Throws StreamFallback at a quote that does not close its field right before a
   * delimiter, a line break or the end (papaparse's own recovery is then what counts).
   */
  records(delimiter: string, newline: string, each: (row: CellValue[]) => boolean): boolean {
    const it = this.chunks();
    try {
      return this.split(it, delimiter, newline, each);
    } finally {
      // Stopped early (the head read): the file is closed.
      it.return(undefined);
    }
  }

  /**
   * Every record, as `records` gives them, but a record of a UTF-8 or Windows-1252 file read
   * from its bytes where it can be: split at the delimiter's and line break's bytes (which
   * stand for themselves in both encodings), and offered to `visitLine` as byte ranges, so a
   * reader that takes it decodes nothing. Those byte ranges are what papaparse's rules give
   * for a record with no quote that does not close its field right before a delimiter or line
   * break, no doubled quote inside a quoted field, and no field like Excel's ="010"; such a
   * record goes to `visit` as a row split by the text rules from its own decoded bytes. At a
   * record the bytes cannot tell (a quoted line break, a record longer than the piece read, a
   * lone "\n" in a file of "\r\n" lines) the rest of the piece is read as text, as `records`
   * reads it, and bytes again from the first piece that starts with a record.
   */
  lines(delimiter: string, newline: Newline, visitLine: ByteLineVisitor, visit: (row: readonly CellValue[], r: number) => void): void {
    const dc = delimiter.charCodeAt(0);
    const crlf = newline === CRLF;
    if ((this.encoding !== "utf-8" && this.encoding !== "windows-1252") || delimiter.length !== 1 || dc >= 128 || dc === QUOTE || newline === "\r") {
      this.rows(delimiter, newline, visit);
      return;
    }
    const stream = new TextDecoder(this.encoding);
    // A record's or a field's own bytes, decoded apart: a U+FEFF at their start is text (only the file's first one is not).
    // Not for Windows-1252, which has no byte-order mark: Node 20's decoder with ignoreBOM drops a leading byte 0xFF (ÿ).
    const whole = this.encoding === "utf-8" ? new TextDecoder("utf-8", { ignoreBOM: true }) : new TextDecoder(this.encoding);
    const row: CellValue[] = [];
    let r = 0;
    const each = (x: CellValue[]): boolean => {
      visit(x, r++);
      return true;
    };
    const line = new BytesOfLine((bytes) => whole.decode(bytes));
    let carry = "";
    // The text's start (a byte-order mark to leave out, unless it starts with ASCII) and a piece after one that did not end a line are read as text.
    const start = new TextStart();
    let atLineStart = false;
    const text = (s: string, eof: boolean) => {
      const all = carry + start.take(s);
      const pos = this.splitText(all, eof, delimiter, newline, row, each);
      carry = pos < all.length ? all.slice(pos) : "";
    };
    for (const { bytes: b, last } of pieces(this.bytes, this.start, this.chunkBytes, true, this.verifyUtf8)) {
      const n = b.length;
      let p = 0;
      // A text that starts with an ASCII byte (past its byte-order mark) has no U+FEFF there to leave
      // out: its first records are read from their bytes too, not as text.
      if (!start.seen && n > 0 && b[0]! < 0x80) {
        start.seen = true;
        atLineStart = true;
      }
      if (carry === "" && atLineStart && start.seen) {
        // Record by record from the bytes: p moves past each; read gives -1 at a record the bytes cannot tell.
        for (;;) {
          const next = line.read(b, p, n, last, dc, crlf);
          if (next < 0) break;
          if (line.plain) {
            if (!visitLine(line, r)) visit(line.row(row), r);
            r++;
          } else {
            // A doubled quote or ="…": the record's own text, split by the text rules.
            this.splitText(whole.decode(b.subarray(p, line.recordEnd)), true, delimiter, newline, row, each);
          }
          p = next;
          if (p >= n) {
            // papaparse gives the empty text after a final line break as a row of one empty field.
            if (last && line.endedByBreak) {
              row.length = 0;
              row.push(null);
              visit(row, r++);
            }
            break;
          }
        }
      }
      if (p < n) {
        const rest = stream.decode(p === 0 ? b : b.subarray(p), { stream: !last });
        text(rest, last);
      } else if (last) {
        const rest = stream.decode();
        if (rest) text(rest, true);
      }
      atLineStart = n > 0 && b[n - 1] === 10;
    }
  }

  private split(it: Generator<string>, delimiter: string, newline: string, each: (row: CellValue[]) => boolean): boolean {
    let res = it.next();
    let carry = "";
    const row: CellValue[] = [];
    while (!res.done) {
      const s = carry + res.value;
      res = it.next();
      const pos = this.splitText(s, res.done === true, delimiter, newline, row, each);
      if (pos < 0) return false;
      carry = pos < s.length ? s.slice(pos) : "";
    }
    return true;
  }

  /**
   * The records of `s` (what was left of the text before, and the next chunk), given to `each`
   * in `row`; `eof` when no text follows. Returns where the text not yet split starts (a record
   * that runs past the text decoded so far), or -1 when `each` asked to stop.
   */
  private splitText(s: string, eof: boolean, delimiter: string, newline: string, row: CellValue[], each: (row: CellValue[]) => boolean): number {
    const nlen = newline.length;
    const dc = delimiter.charCodeAt(0);
    const n = s.length;
    let pos = 0;
    // One record per turn, from pos; a record that runs past the text decoded so far waits for the next chunk.
    for (;;) {
      let p = pos;
      // The common record, no field of which starts with a quote: its line break found with indexOf,
      // then its fields between the delimiters (indexOf again), written over the last record's (the
      // array's length set only when it changes). indexOf searches a flat string natively, far
      // faster than a loop of charCodeAt. A record with a quoted field is read again from its
      // start by the full rules below.
      let quoted = s.charCodeAt(p) === QUOTE;
      if (!quoted) {
        let end = nlen === 1 ? s.indexOf(newline, p) : s.indexOf(CRLF, p);
        // No line break in the text decoded so far: the record waits for the next chunk (at the end of the file, it ends there).
        if (end < 0 && !eof) return pos;
        const last = end < 0;
        if (last) end = n;
        let w = 0;
        for (let start = p; ;) {
          const d = s.indexOf(delimiter, start);
          // fieldValue's test for Excel's ="010" made on the chunk, before the slice: most fields are taken as sliced.
          if (d < 0 || d >= end) {
            row[w++] = start === end ? null : s.charCodeAt(start) === 61 ? fieldValue(s.slice(start, end)) : s.slice(start, end);
            break;
          }
          row[w++] = d === start ? null : s.charCodeAt(start) === 61 ? fieldValue(s.slice(start, d)) : s.slice(start, d);
          start = d + 1;
          if (s.charCodeAt(start) === QUOTE) {
            quoted = true;
            break;
          }
        }
        if (!quoted) {
          if (row.length !== w) row.length = w;
          if (last) {
            each(row);
            pos = n;
            return pos;
          }
          p = end + nlen;
        }
      }
      if (quoted) row.length = 0;
      // The record's line break, found once (again only after a quoted field that held one).
      let nl = quoted ? s.indexOf(newline, p) : -1;
      while (quoted) {
        if (s.charCodeAt(p) === QUOTE) {
          let q = p + 1;
          let from = q;
          let value = "";
          let closed = -1;
          for (;;) {
            const k = s.indexOf('"', q);
            if (k < 0) {
              if (eof) throw new StreamFallback("a quoted field that never closes");
              break;
            }
            if (k + 1 < n && s.charCodeAt(k + 1) === QUOTE) {
              value += s.slice(from, k + 1);
              q = from = k + 2;
              continue;
            }
            if (k + 1 >= n && !eof) break;
            closed = k;
            value += s.slice(from, k);
            break;
          }
          if (closed < 0) return pos;
          row.push(fieldValue(value));
          const after = closed + 1;
          if (after >= n) {
            // The end of the text.
            each(row);
            pos = n;
            return pos;
          }
          if (s.charCodeAt(after) === dc) {
            p = after + 1;
            if (nl >= 0 && nl < p) nl = s.indexOf(newline, p);
            continue;
          }
          if (s.startsWith(newline, after)) {
            p = after + nlen;
            break;
          }
          if (nlen === 2 && after + 1 >= n && s.charCodeAt(after) === 13 && !eof) return pos;
          throw new StreamFallback("a quote that does not end its field");
        }
        if (nl >= 0 && nl < p) nl = s.indexOf(newline, p);
        if (nl < 0 && !eof) return pos;
        const end = nl < 0 ? n : nl;
        const d = s.indexOf(delimiter, p);
        if (d >= 0 && d < end) {
          row.push(fieldValue(s.slice(p, d)));
          p = d + 1;
          continue;
        }
        row.push(fieldValue(s.slice(p, end)));
        if (nl < 0) {
          each(row);
          pos = n;
          return pos;
        }
        p = nl + nlen;
        break;
      }
      // A record ended by a line break.
      if (!each(row)) return -1;
      pos = p;
      if (pos >= n) {
        if (eof) {
          // papaparse gives the empty text after a final line break as a row of one empty field.
          row.length = 0;
          row.push(null);
          each(row);
        }
        break;
      }
    }
    return pos;
  }
}

/** The start of a decoded text: a U+FEFF that begins it is left out, as csvToGrid does (in the first chunk that has text). */
class TextStart {
  /** Whether a chunk with text has been taken. */
  seen = false;

  take(text: string): string {
    if (!this.seen && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.length > 0) this.seen = true;
    return text;
  }
}

/** A record read from bytes (TextSource.lines): its fields' byte ranges. */
class BytesOfLine implements ByteLine {
  bytes: Uint8Array = new Uint8Array(0);
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  count = 0;
  filled = 0;
  oddEdge = false;
  /** No field that needs more than its bytes decoded (a doubled quote, or ="…" to take apart). */
  plain = true;
  /** Where the record's text ends (before its line break). */
  recordEnd = 0;
  endedByBreak = false;

  constructor(private readonly decode: (bytes: Uint8Array) => string) {}

  text(i: number): string | null {
    const s = this.starts[i]!;
    const e = this.ends[i]!;
    return s === e ? null : this.decode(this.bytes.subarray(s, e));
  }

  /** The record as the text rules give it, in `row`. */
  row(row: CellValue[]): CellValue[] {
    row.length = this.count;
    for (let i = 0; i < this.count; i++) row[i] = this.text(i);
    return row;
  }

  private field(f: number, s: number, e: number): void {
    if (f === this.starts.length) {
      const starts = new Int32Array(f * 2);
      const ends = new Int32Array(f * 2);
      starts.set(this.starts);
      ends.set(this.ends);
      this.starts = starts;
      this.ends = ends;
    }
    this.starts[f] = s;
    this.ends[f] = e;
    // What the ledger reader looks at first in each field, noted while the field's bytes are at hand.
    if (s !== e) {
      if (f < 31) this.filled |= 1 << f;
      const c0 = this.bytes[s]!;
      const c1 = this.bytes[e - 1]!;
      if (c0 <= 32 || c0 >= 127 || c1 <= 32 || c1 >= 127) this.oddEdge = true;
    }
  }

  /**
   * Reads the record that starts at `p` in `b` (which holds `n` bytes; `last` when the file ends
   * there). Returns where the next record starts, or -1 when the bytes cannot tell the record
   * as papaparse would split its text (the caller reads it as text). A loop over the bytes:
   * a record's few dozen bytes are scanned faster so than by a call of indexOf per field.
   */
  read(b: Uint8Array, p: number, n: number, last: boolean, dc: number, crlf: boolean): number {
    this.bytes = b;
    this.plain = true;
    this.filled = 0;
    this.oddEdge = false;
    let f = 0;
    let end: number;
    let next: number;
    for (let q = p; ;) {
      if (q < n && b[q] === QUOTE) {
        // A quoted field: to its closing quote (a doubled quote is one quote of the text, to be unescaped: not plain).
        let k = q + 1;
        for (;;) {
          while (k < n && b[k] !== QUOTE) {
            // A quoted line break: the text rules.
            if (b[k] === 10) return -1;
            k++;
          }
          if (k >= n) return -1;
          if (k + 1 < n && b[k + 1] === QUOTE) {
            this.plain = false;
            k += 2;
            continue;
          }
          break;
        }
        this.field(f++, q + 1, k);
        const after = k + 1;
        if (after < n && b[after] === dc) {
          q = after + 1;
          continue;
        }
        if (after === n) {
          if (!last) return -1;
          end = next = n;
        } else if (!crlf && b[after] === 10) {
          end = after;
          next = after + 1;
        } else if (crlf && b[after] === 13 && after + 1 < n && b[after + 1] === 10) {
          end = after;
          next = after + 2;
        } else return -1;
        break;
      }
      let k = q;
      while (k < n) {
        const x = b[k];
        if (x === dc || x === 10) break;
        k++;
      }
      if (k < n && b[k] === dc) {
        if (k > q && b[q] === 61) this.plain = false;
        this.field(f++, q, k);
        q = k + 1;
        continue;
      }
      if (k === n) {
        // No line break in this piece: the record ends here only at the end of the file.
        if (!last) return -1;
        end = next = n;
      } else if (crlf) {
        // A "\n" without "\r" before it is a field's text in a file of "\r\n" lines: the text rules read that record.
        if (k - 1 < q || b[k - 1] !== 13) return -1;
        end = k - 1;
        next = k + 1;
      } else {
        end = k;
        next = k + 1;
      }
      if (end > q && b[q] === 61) this.plain = false;
      this.field(f++, q, end);
      break;
    }
    this.count = f;
    this.recordEnd = end;
    this.endedByBreak = next > end;
    return next;
  }
}

/** The line breaks ("\n" and "\r", each counted) in the text, counted up to `atLeast`. */
function countBreaks(text: string, atLeast: number): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i >= 0 && n < atLeast; i = text.indexOf("\n", i + 1)) n++;
  if (n < atLeast) for (let i = text.indexOf("\r"); i >= 0 && n < atLeast; i = text.indexOf("\r", i + 1)) n++;
  return n;
}

/** A field as csvToGrid keeps it: "" as null, Excel's ="010" as 010. */
function fieldValue(v: string): CellValue {
  if (v === "") return null;
  if (v.charCodeAt(0) === 61 && v.length >= 3 && v.charCodeAt(1) === 34 && v.charCodeAt(v.length - 1) === 34) return v.slice(2, -1);
  return v;
}
