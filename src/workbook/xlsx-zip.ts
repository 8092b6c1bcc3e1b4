import { crc32 as nodeCrc32, deflateRaw, deflateRawSync, inflateRawSync } from "zlib";

/**
 * The zip container of the report file, read and written with Node's zlib. exceljs packs its
 * parts with jszip, whose deflate is pako (JavaScript); the writer lets exceljs store the parts
 * uncompressed, adds the charts to them here, and deflates each part once, natively. The parts
 * (their names, order and bytes) are what exceljs wrote; only the compression differs.
 */

/** A package's parts by name, in the order they are written; a folder entry ("xl/") has no bytes. */
export type ZipParts = Map<string, Buffer>;

/** Sets a part, after the folder entries above it that are missing (as jszip adds them, in that order). */
export function addPart(zip: ZipParts, name: string, data: Buffer): void {
  for (let i = name.indexOf("/"); i >= 0 && i < name.length - 1; i = name.indexOf("/", i + 1)) {
    const folder = name.slice(0, i + 1);
    if (!zip.has(folder)) zip.set(folder, Buffer.alloc(0));
  }
  zip.set(name, data);
}

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
/** General purpose flag 11: the names are UTF-8. */
const UTF8_NAMES = 0x0800;

/** The parts of a zip (stored or deflated entries, as jszip and exceljs write them). */
export function readZip(bytes: Uint8Array): ZipParts {
  const b = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 0xffff); i--)
    if (b.readUInt32LE(i) === END) {
      end = i;
      break;
    }
  if (end < 0) throw new Error("not a zip file (no end of central directory)");
  const count = b.readUInt16LE(end + 10);
  let p = b.readUInt32LE(end + 16);
  const parts: ZipParts = new Map();
  for (let k = 0; k < count; k++) {
    if (b.readUInt32LE(p) !== CENTRAL) throw new Error("a damaged zip central directory");
    const method = b.readUInt16LE(p + 10);
    const size = b.readUInt32LE(p + 20);
    const nameLength = b.readUInt16LE(p + 28);
    const extraLength = b.readUInt16LE(p + 30);
    const commentLength = b.readUInt16LE(p + 32);
    const offset = b.readUInt32LE(p + 42);
    const name = b.toString("utf8", p + 46, p + 46 + nameLength);
    p += 46 + nameLength + extraLength + commentLength;
    if (b.readUInt32LE(offset) !== LOCAL) throw new Error(`a damaged zip entry ${name}`);
    const start = offset + 30 + b.readUInt16LE(offset + 26) + b.readUInt16LE(offset + 28);
    const data = b.subarray(start, start + size);
    if (method === 0) parts.set(name, data);
    else if (method === 8) parts.set(name, inflateRawSync(data));
    else throw new Error(`zip entry ${name}: compression method ${method} is not supported`);
  }
  return parts;
}

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/** CRC-32 of the bytes (zlib's crc32 from Node 20.15 and 22.2; a table where it is missing). */
function crc32(data: Buffer): number {
  if (typeof nodeCrc32 === "function") return nodeCrc32(data) >>> 0;
  let c = -1;
  // The index is a byte: always in the table.
  for (const byte of data) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

/** MS-DOS time and date of a moment (local time, two-second steps), as zip headers hold them. */
function dosDateTime(d: Date): { time: number; date: number } {
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1),
    date: (Math.max(0, d.getFullYear() - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

/**
 * Parts deflated ahead, on libuv's threads, while the main thread goes on building the others
 * (a large part's deflate takes milliseconds the main thread need not wait for). Found again by
 * the Buffer they were made from: a part replaced since (put again) is deflated when written.
 * The bytes are what deflateRawSync gives, with the same defaults.
 */
export class Deflates {
  private readonly pending = new Map<Buffer, Promise<Buffer>>();

  /** Starts deflating a part that will not change. */
  start(data: Buffer): void {
    const body = new Promise<Buffer>((resolve, reject) => deflateRaw(data, (e, out) => (e ? reject(e) : resolve(out))));
    // Awaited in done(); a write that fails before then must not leave a rejection unhandled.
    body.catch(() => undefined);
    this.pending.set(data, body);
  }

  /** Every part started, deflated (a failure fails the write). */
  async done(): Promise<Map<Buffer, Buffer>> {
    const out = new Map<Buffer, Buffer>();
    for (const [data, body] of this.pending) out.set(data, await body);
    return out;
  }
}

/** The parts as a zip: each deflated (stored when empty; taken from `deflated` when it holds the part), names in UTF-8, dated now. */
export function writeZip(parts: ZipParts, now = new Date(), deflated?: ReadonlyMap<Buffer, Buffer>): Buffer {
  const { time, date } = dosDateTime(now);
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of parts) {
    const nameBytes = Buffer.from(name, "utf8");
    const folder = name.endsWith("/");
    const deflate = data.length > 0;
    const body = deflate ? (deflated?.get(data) ?? deflateRawSync(data)) : data;
    const crc = data.length > 0 ? crc32(data) : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(UTF8_NAMES, 6);
    local.writeUInt16LE(deflate ? 8 : 0, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(CENTRAL, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(UTF8_NAMES, 8);
    entry.writeUInt16LE(deflate ? 8 : 0, 10);
    entry.writeUInt16LE(time, 12);
    entry.writeUInt16LE(date, 14);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(body.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(nameBytes.length, 28);
    // Extra field, comment, disk number and internal attributes are 0; MS-DOS attributes mark a folder.
    entry.writeUInt32LE(folder ? 0x10 : 0, 38);
    entry.writeUInt32LE(offset, 42);
    chunks.push(local, nameBytes, body);
    central.push(entry, nameBytes);
    offset += 30 + nameBytes.length + body.length;
  }
  const centralSize = central.reduce((n, c) => n + c.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END, 0);
  end.writeUInt16LE(parts.size, 8);
  end.writeUInt16LE(parts.size, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, ...central, end]);
}
