import Papa from "papaparse";
import { CellValue, isBlank, RowStream, SheetGrid, StreamFallback } from "../domain/cells";
import { decodeText, detectEncoding, ENCODING_LABELS, TextEncoding, validUtf8 } from "./text-decode";

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
  let best = { delimiter: ";", lines: 0, fields: 0 };
  for (const delimiter of DELIMITERS) {
    // The line break given, as papaparse would guess it: it would otherwise scan the first megabyte once per delimiter.
    const sample = Papa.parse<string[]>(text, { delimiter, newline, preview: SAMPLE_LINES, skipEmptyLines: true }).data;
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

export interface StreamOptions {
  /** Files smaller than this are read whole (tests lower it to stream small files). */
  readonly minBytes?: number;
  /** Filled rows after the first 20 that make the head (tests lower it). */
  readonly headRows?: number;
  /** Bytes decoded at a time (tests lower it to split records across chunks). */
  readonly chunkBytes?: number;
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
  const source = new TextSource(bytes, options.chunkBytes ?? CHUNK_BYTES);
  const headRows = options.headRows ?? HEAD_FILLED_ROWS;
  // The delimiter and line break from the text's first megabyte (and at least its first 2,000 lines), as csvToGrid decides them.
  const prefix = source.prefix(NEWLINE_SAMPLE, 2000);
  const newline = guessLineEndings(prefix.text.substring(0, NEWLINE_SAMPLE));
  const delimiter = detectDelimiter(prefix.text, newline);
  const head: CellValue[][] = [];
  let filled = 0;
  let complete: boolean;
  try {
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
    each: async (visit) => {
      let r = 0;
      source.records(delimiter, newline, (row) => {
        visit(row, r++);
        return true;
      });
    },
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
 * buffer, valid until the next is asked for.
 */
function* pieces(bytes: Uint8Array | ByteSource, from: number, size: number, cutAtLine: boolean): Generator<Uint8Array> {
  if (bytes instanceof Uint8Array) {
    for (let i = from; i < bytes.length;) {
      let end = Math.min(bytes.length, i + size);
      if (cutAtLine && end < bytes.length) {
        const k = bytes.lastIndexOf(10, end - 1);
        if (k >= i) end = k + 1;
      }
      yield bytes.subarray(i, end);
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
      yield buf.subarray(0, end);
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

  constructor(
    private readonly bytes: Uint8Array | ByteSource,
    private readonly chunkBytes: number,
  ) {
    // The byte-order mark and the UTF-16 sniff look at the first 4,096 bytes; UTF-8 is checked to the end.
    const { encoding, skip } = detectEncoding(headBytes(bytes, 4096), (from) => validUtf8From(bytes, from, chunkBytes));
    this.encoding = encoding;
    this.start = skip;
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
    let first = true;
    for (const piece of pieces(this.bytes, this.start, this.chunkBytes, cutAtLine)) {
      let text = decoder.decode(piece, { stream: true });
      if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (text.length > 0) first = false;
      yield text;
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  }

  /** The first `chars` characters of the text, and on to the end of its `lines`-th line break. */
  prefix(chars: number, lines: number): { text: string } {
    let text = "";
    for (const chunk of this.chunks()) {
      text += chunk;
      if (text.length >= chars && countBreaks(text, lines) >= lines) break;
    }
    return { text };
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

  private split(it: Generator<string>, delimiter: string, newline: string, each: (row: CellValue[]) => boolean): boolean {
    let res = it.next();
    let carry = "";
    const row: CellValue[] = [];
    const nlen = newline.length;
    const dc = delimiter.charCodeAt(0);
    while (!res.done) {
      const s = carry + res.value;
      res = it.next();
      const eof = res.done === true;
      const n = s.length;
      let pos = 0;
      // One record per turn, from pos; `incomplete` when it runs past the text decoded so far.
      records: for (;;) {
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
          if (end < 0 && !eof) break records;
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
              break records;
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
            if (closed < 0) break records;
            row.push(fieldValue(value));
            const after = closed + 1;
            if (after >= n) {
              // The end of the text.
              each(row);
              pos = n;
              break records;
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
            if (nlen === 2 && after + 1 >= n && s.charCodeAt(after) === 13 && !eof) break records;
            throw new StreamFallback("a quote that does not end its field");
          }
          if (nl >= 0 && nl < p) nl = s.indexOf(newline, p);
          if (nl < 0 && !eof) break records;
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
            break records;
          }
          p = nl + nlen;
          break;
        }
        // A record ended by a line break.
        if (!each(row)) return false;
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
      carry = pos < n ? s.slice(pos) : "";
    }
    return true;
  }
}

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
