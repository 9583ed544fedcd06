// Writes the app's PNG icons (no dependencies: zlib + a tiny PNG encoder).
// Run once with `node scripts/make-icons.mjs`; the PNGs in public/icons are committed.
import { writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";

const BG = [0x1f, 0x4e, 0x79]; // theme colour
const FG = [0xff, 0xff, 0xff];

function crc32(buf) {
  let c, crc = 0xffffffff;
  for (let n = 0; n < buf.length; n++) {
    c = (crc ^ buf[n]) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function png(size, pixel) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel(x / size, y / size);
      const o = y * (size * 4 + 1) + 1 + x * 4;
      raw[o] = r; raw[o + 1] = g; raw[o + 2] = b; raw[o + 3] = a;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

// A "pulse that settles" polyline, in unit coordinates of the safe zone.
const LINE = [[0.1, 0.55], [0.3, 0.55], [0.38, 0.3], [0.48, 0.75], [0.56, 0.45], [0.64, 0.6], [0.9, 0.6]];

function distToSegment(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function glyph(u, v, inset) {
  // map to the inner (safe) square
  const x = (u - inset) / (1 - 2 * inset), y = (v - inset) / (1 - 2 * inset);
  let d = Infinity;
  for (let i = 0; i < LINE.length - 1; i++) d = Math.min(d, distToSegment(x, y, LINE[i], LINE[i + 1]));
  return d < 0.045;
}

function icon(maskable) {
  return (u, v) => {
    if (!maskable) {
      // rounded square with transparent corners
      const r = 0.2, cx = Math.min(Math.max(u, r), 1 - r), cy = Math.min(Math.max(v, r), 1 - r);
      if (Math.hypot(u - cx, v - cy) > r) return [0, 0, 0, 0];
    }
    return glyph(u, v, maskable ? 0.2 : 0.08) ? [...FG, 255] : [...BG, 255];
  };
}

const out = new URL("../public/icons/", import.meta.url);
writeFileSync(new URL("icon-192.png", out), png(192, icon(false)));
writeFileSync(new URL("icon-512.png", out), png(512, icon(false)));
writeFileSync(new URL("maskable-512.png", out), png(512, icon(true)));
writeFileSync(new URL("apple-touch-icon.png", out), png(180, icon(true)));
console.log("icons written to public/icons/");
