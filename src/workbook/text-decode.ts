/**
 * Text exports as finance offices have them, decoded from their bytes: UTF-8 with or
 * without a byte-order mark, UTF-16 LE/BE with or without one (Excel's "Unicode-tekst"),
 * and Windows-1252 (Norwegian Excel's "CSV (semikolondelt)"). Decided per file from the
 * bytes, never from the file name. TextDecoder is a web standard: the same code runs in
 * Node and in the browser.
 */

export type TextEncoding = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";

export interface DecodedText {
  readonly text: string;
  readonly encoding: TextEncoding;
  /** True when the file started with a byte-order mark. */
  readonly bom: boolean;
}

/** The encoding's name as the officer knows it, for messages. */
export const ENCODING_LABELS: Record<TextEncoding, string> = {
  "utf-8": "UTF-8",
  "utf-16le": "UTF-16 (Unicode-tekst)",
  "utf-16be": "UTF-16 BE",
  "windows-1252": "Windows-1252 (ANSI)",
};

/** UTF-16 without a BOM: text in Latin script has a zero byte in every other position. */
function sniffUtf16(bytes: Uint8Array): "utf-16le" | "utf-16be" | undefined {
  const n = Math.min(bytes.length - (bytes.length % 2), 4096);
  if (n < 4) return undefined;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.4 && evenZero < pairs * 0.05) return "utf-16le";
  if (evenZero > pairs * 0.4 && oddZero < pairs * 0.05) return "utf-16be";
  return undefined;
}

export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { text: new TextDecoder("utf-8").decode(bytes.subarray(3)), encoding: "utf-8", bom: true };
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder("utf-16le").decode(bytes.subarray(2)), encoding: "utf-16le", bom: true };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder("utf-16be").decode(bytes.subarray(2)), encoding: "utf-16be", bom: true };
  const utf16 = sniffUtf16(bytes);
  if (utf16) return { text: new TextDecoder(utf16).decode(bytes), encoding: utf16, bom: false };
  try {
    // Valid UTF-8 is taken as UTF-8 (pure ASCII is both); anything else is the Windows code page.
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "utf-8", bom: false };
  } catch {
    return { text: new TextDecoder("windows-1252").decode(bytes), encoding: "windows-1252", bom: false };
  }
}

/** One of Node's byte checks in its buffer module (simdutf), when there is one (not in a browser, nor in an older Node). */
function nodeBufferCheck(name: "isUtf8" | "isAscii"): ((b: Uint8Array) => boolean) | undefined {
  try {
    const f = typeof process !== "undefined" && process.versions?.node ? (require("buffer") as Record<string, unknown>)[name] : undefined;
    return typeof f === "function" ? (f as (b: Uint8Array) => boolean) : undefined;
  } catch {
    return undefined;
  }
}

/** Node's UTF-8 check: far faster than decoding to find out. */
const nodeIsUtf8 = nodeBufferCheck("isUtf8");
/** Node's ASCII check. */
const nodeIsAscii = nodeBufferCheck("isAscii");

/** Whether every byte is below 128 (Node's check where there is one). */
export function asciiOnly(bytes: Uint8Array): boolean {
  if (nodeIsAscii) return nodeIsAscii(bytes);
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return false;
  return true;
}

/** Whether the bytes are valid UTF-8 (Node's check where there is one). */
export function validUtf8(bytes: Uint8Array): boolean {
  if (nodeIsUtf8) return nodeIsUtf8(bytes);
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * decodeText's decision without decoding: the encoding, how many bytes of byte-order mark
 * to skip, and whether the rest is valid UTF-8 (a reader may then decode it any way it likes).
 * `bytes` may be only the file's first 4,096 bytes (or more) when `valid` tells whether the
 * file from a given byte on is valid UTF-8 (a file read piece by piece).
 */
export function detectEncoding(
  bytes: Uint8Array,
  valid: (skip: number) => boolean = (skip) => validUtf8(bytes.subarray(skip)),
): { encoding: TextEncoding; skip: number; validUtf8: boolean } {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: "utf-8", skip: 3, validUtf8: valid(3) };
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: "utf-16le", skip: 2, validUtf8: false };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: "utf-16be", skip: 2, validUtf8: false };
  const utf16 = sniffUtf16(bytes);
  if (utf16) return { encoding: utf16, skip: 0, validUtf8: false };
  return valid(0) ? { encoding: "utf-8", skip: 0, validUtf8: true } : { encoding: "windows-1252", skip: 0, validUtf8: false };
}
