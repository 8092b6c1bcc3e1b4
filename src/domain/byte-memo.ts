/**
 * What was worked out from a field's text, found again by the field's bytes: a ledger repeats
 * a few hundred texts (chapters, parts, arts, projects, years) over a million lines, and a
 * line read as bytes (ByteLine) is then classified without decoding or parsing anything.
 * A text of one to four ASCII digits (an art, a chapter, a year: most key cells) is kept in
 * an array by its number and length (`digitIndex`), with no hashing; any other text in an
 * open-addressing hash table over the bytes themselves (FNV-1a), compared byte by byte.
 */
export class ByteMemo<T> {
  private keys = new Uint8Array(1024);
  private used = 0;
  private starts = new Int32Array(256);
  private lengths = new Int32Array(256).fill(-1);
  private hashes = new Int32Array(256);
  private values: (T | undefined)[] = new Array<T | undefined>(256).fill(undefined);
  private size = 0;
  /**
   * The text found last of each length below LAST_LENGTHS (where its key starts among `keys`, or
   * -1) and its value: a column repeats its text from line to line, or takes turns between texts
   * of different lengths (`Drift` and `Investering`).
   */
  private readonly lastAt = new Int32Array(LAST_LENGTHS).fill(-1);
  private readonly last: (T | undefined)[] = new Array<T | undefined>(LAST_LENGTHS).fill(undefined);
  /** The texts of one to four digits, by digitIndex (made with the first of them). */
  private digitValues: (T | undefined)[] | undefined;
  private digitSet: Uint8Array | undefined;

  /** At most `limit` texts are kept; past that, `set` keeps nothing (the caller then works it out each time). */
  constructor(private readonly limit = 1 << 16) {}

  get(b: Uint8Array, s: number, e: number): T | undefined {
    const d = digitIndex(b, s, e);
    if (d >= 0) {
      const set = this.digitSet;
      return set !== undefined && set[d] === 1 ? this.digitValues![d] : undefined;
    }
    const len = e - s;
    if (len >= LAST_LENGTHS) {
      const k = this.find(b, s, e);
      return k < 0 ? undefined : this.values[k];
    }
    const at = this.lastAt[len]!;
    if (at >= 0 && this.same(at, b, s, len)) return this.last[len];
    const k = this.find(b, s, e);
    if (k < 0) return undefined;
    this.lastAt[len] = this.starts[k]!;
    return (this.last[len] = this.values[k]);
  }

  /** Whether a value is kept for the text (an undefined one too). */
  has(b: Uint8Array, s: number, e: number): boolean {
    const d = digitIndex(b, s, e);
    if (d >= 0) return this.digitSet !== undefined && this.digitSet[d] === 1;
    return this.find(b, s, e) >= 0;
  }

  /** The slot that holds the text, or -1. */
  private find(b: Uint8Array, s: number, e: number): number {
    const mask = this.lengths.length - 1;
    const len = e - s;
    for (let k = hash(b, s, e) & mask; ; k = (k + 1) & mask) {
      const l = this.lengths[k]!;
      if (l < 0) return -1;
      if (l === len && this.same(this.starts[k]!, b, s, len)) return k;
    }
  }

  /** Keeps `value` for the text, and gives it back. */
  set(b: Uint8Array, s: number, e: number, value: T): T {
    if (this.size >= this.limit) return value;
    const d = digitIndex(b, s, e);
    if (d >= 0) {
      this.digitSet ??= new Uint8Array(DIGIT_TEXTS);
      this.digitValues ??= new Array<T | undefined>(DIGIT_TEXTS).fill(undefined);
      if (this.digitSet[d] !== 1) this.size++;
      this.digitSet[d] = 1;
      this.digitValues[d] = value;
      return value;
    }
    const len = e - s;
    if ((this.size + 1) * 2 > this.lengths.length) this.grow();
    if (this.used + len > this.keys.length) {
      const keys = new Uint8Array(Math.max(this.keys.length * 2, this.used + len));
      keys.set(this.keys.subarray(0, this.used));
      this.keys = keys;
    }
    // Byte by byte: a key is a few bytes, and subarray would make a view object (through Buffer's own class for a Buffer) for each.
    const keys = this.keys;
    for (let i = s, j = this.used; i < e; i++, j++) keys[j] = b[i]!;
    this.place(this.used, len, value, hash(b, s, e));
    this.used += len;
    this.size++;
    return value;
  }

  private same(at: number, b: Uint8Array, s: number, len: number): boolean {
    const keys = this.keys;
    for (let i = 0; i < len; i++) if (keys[at + i] !== b[s + i]) return false;
    return true;
  }

  private place(at: number, len: number, value: T | undefined, h: number): void {
    const mask = this.lengths.length - 1;
    let k = h & mask;
    while (this.lengths[k]! >= 0) k = (k + 1) & mask;
    this.starts[k] = at;
    this.lengths[k] = len;
    this.hashes[k] = h;
    this.values[k] = value;
  }

  private grow(): void {
    const { starts, lengths, hashes, values } = this;
    const cap = lengths.length * 2;
    this.starts = new Int32Array(cap);
    this.lengths = new Int32Array(cap).fill(-1);
    this.hashes = new Int32Array(cap);
    this.values = new Array<T | undefined>(cap).fill(undefined);
    for (let k = 0; k < lengths.length; k++) if (lengths[k]! >= 0) this.place(starts[k]!, lengths[k]!, values[k], hashes[k]!);
  }
}

/** Texts shorter than this have a last-found text of their length (ByteMemo.lastAt). */
const LAST_LENGTHS = 32;

/** Where the texts of each length start in digitIndex's numbering: `0`–`9` from 0, `00`–`99` from 10, and so on. */
const DIGIT_BASE = [0, 0, 10, 110, 1110] as const;
/** The texts of one to four digits. */
const DIGIT_TEXTS = 11110;

/**
 * The number of a text of one to four ASCII digits among all such texts (a distinct number for
 * each distinct text: `010` and `10` apart), or -1 for any other text.
 */
function digitIndex(b: Uint8Array, s: number, e: number): number {
  const len = e - s;
  if (len < 1 || len > 4) return -1;
  let v = 0;
  for (let i = s; i < e; i++) {
    const d = b[i]! - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v + DIGIT_BASE[len]!;
}

/** FNV-1a over the bytes, as a non-negative 31-bit number. */
function hash(b: Uint8Array, s: number, e: number): number {
  let h = 0x811c9dc5;
  for (let i = s; i < e; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return h >>> 1;
}
