#!/usr/bin/env node
"use strict";
/**
 * Draws Avstem's icons as PNGs with nothing but Node's zlib: a rounded square in
 * Oslo green shading to blue, with a white table (header bar and rows) and a check mark.
 * Run: node scripts/make-icons.js  (writes assets/icon-{16,32,64,80,128}.png and assets/logo-filled.png)
 */
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");

const OUT = path.join(__dirname, "..", "assets");
const SUPERSAMPLE = 4;

const GREEN = [0x03, 0x7a, 0x4b];
const BLUE = [0x1f, 0x42, 0xaa];
const WHITE = [255, 255, 255];

// --- PNG encoding -------------------------------------------------------------------
const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** rgba: Uint8Array of size*size*4 → PNG file bytes (8-bit RGBA, no interlace). */
function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, y * size * 4, size * 4).copy(raw, y * (size * 4 + 1) + 1);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk("IHDR", ihdr), chunk("IDAT", zlib.deflateSync(raw, { level: 9 })), chunk("IEND", Buffer.alloc(0))]);
}

// --- Shapes in unit coordinates (0..1) -------------------------------------------------
function inRoundedRect(x, y, x0, y0, x1, y1, r) {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

function distToSegment(px, py, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** Colour at a unit point, or null for transparent. Small sizes get a simpler glyph with thicker strokes. */
function shade(x, y, size) {
  const small = size <= 20;
  const pad = small ? 0.02 : 0.04;
  const radius = small ? 0.14 : 0.18;
  if (!inRoundedRect(x, y, pad, pad, 1 - pad, 1 - pad, radius)) return null;
  // White glyph: a table of three rows with a header bar, on the left/top; a check mark on the lower right.
  const stroke = small ? 0.085 : 0.06;
  const t0 = small ? 0.16 : 0.2;
  const t1 = small ? 0.84 : 0.8;
  const tableRight = small ? 0.84 : 0.8;
  const tableBottom = small ? 0.84 : 0.8;
  const onTable = (() => {
    if (x < t0 || x > tableRight || y < t0 || y > tableBottom) return false;
    if (y < t0 + (small ? 0.2 : 0.16)) return true; // header bar
    if (x < t0 + stroke || x > tableRight - stroke || y > tableBottom - stroke) return true; // frame
    const rows = small ? [0.58] : [0.48, 0.64];
    if (rows.some((ry) => Math.abs(y - ry) < stroke / 2)) return true;
    const colX = small ? 0.5 : 0.46;
    return Math.abs(x - colX) < stroke / 2;
  })();
  // The check mark sits over the table's lower right with a coloured halo so it reads at small sizes.
  const ck = small ? [0.4, 0.62, 0.55, 0.8, 0.9, 0.36] : [0.5, 0.7, 0.64, 0.85, 0.94, 0.5];
  const d1 = distToSegment(x, y, ck[0], ck[1], ck[2], ck[3]);
  const d2 = distToSegment(x, y, ck[2], ck[3], ck[4], ck[5]);
  const d = Math.min(d1, d2);
  const checkWidth = small ? 0.08 : 0.065;
  const halo = checkWidth + (small ? 0.07 : 0.06);
  // Background: diagonal gradient green → blue.
  const g = Math.min(1, Math.max(0, (x + y) / 2));
  const bg = GREEN.map((c, i) => Math.round(c + (BLUE[i] - c) * g));
  if (d < checkWidth) return WHITE;
  if (d < halo) return bg;
  if (onTable && !small) return WHITE;
  if (onTable && small) return WHITE;
  return bg;
}

function render(size) {
  const rgba = new Uint8Array(size * size * 4);
  const n = SUPERSAMPLE * SUPERSAMPLE;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const c = shade((px + (sx + 0.5) / SUPERSAMPLE) / size, (py + (sy + 0.5) / SUPERSAMPLE) / size, size);
          if (!c) continue;
          r += c[0];
          g += c[1];
          b += c[2];
          a++;
        }
      }
      const o = (py * size + px) * 4;
      if (a > 0) {
        rgba[o] = Math.round(r / a);
        rgba[o + 1] = Math.round(g / a);
        rgba[o + 2] = Math.round(b / a);
      }
      rgba[o + 3] = Math.round((255 * a) / n);
    }
  }
  return encodePng(size, rgba);
}

fs.mkdirSync(OUT, { recursive: true });
for (const size of [16, 32, 64, 80, 128]) {
  fs.writeFileSync(path.join(OUT, `icon-${size}.png`), render(size));
}
// The logo shown in the task pane header (and in the admin centre): the 300px icon.
fs.writeFileSync(path.join(OUT, "logo-filled.png"), render(300));
process.stdout.write(`Icons written to ${path.relative(process.cwd(), OUT) || "."}\n`);
