// Draws Lenden's icons with signed-distance shapes and writes PNG, ICO and ICNS files with
// plain Node (zlib only), so the committed images can be regenerated anywhere:
//   node build/generate-icons.mjs
// Output: build/icon.png (512), build/icons/{256x256,512x512}.png, build/icon.ico,
// build/icon.icns, build/tray/tray-<state>[Template][@2x].png.
import { Buffer } from 'node:buffer';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

// ---- PNG ----
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---- shapes (coordinates in 0..1, distances negative inside) ----
const circle = (cx, cy, r) => (x, y) => Math.hypot(x - cx, y - cy) - r;
const roundRect = (x0, y0, x1, y1, r) => (x, y) => {
  const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2, hx = (x1 - x0) / 2 - r, hy = (y1 - y0) / 2 - r;
  const qx = Math.abs(x - cx) - hx, qy = Math.abs(y - cy) - hy;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
};
const segment = (ax, ay, bx, by, w) => (x, y) => {
  const px = x - ax, py = y - ay, dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, (px * dx + py * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - dx * t, py - dy * t) - w;
};
const union = (...shapes) => (x, y) => Math.min(...shapes.map((s) => s(x, y)));
/** A ring with a gap between angles (radians, 0 = right, clockwise in image space). */
const arc = (cx, cy, r, w, gapFrom, gapTo) => (x, y) => {
  const a = Math.atan2(y - cy, x - cx);
  const inGap = a > gapFrom && a < gapTo;
  if (!inGap) return Math.abs(Math.hypot(x - cx, y - cy) - r) - w;
  const end = (ang) => Math.hypot(x - (cx + r * Math.cos(ang)), y - (cy + r * Math.sin(ang))) - w;
  return Math.min(end(gapFrom), end(gapTo));
};
const triangle = (ax, ay, bx, by, cx, cy) => (x, y) => {
  const edge = (x0, y0, x1, y1) => ((x1 - x0) * (y - y0) - (y1 - y0) * (x - x0)) / Math.hypot(x1 - x0, y1 - y0);
  const sign = Math.sign((bx - ax) * (cy - ay) - (by - ay) * (cx - ax));
  return -Math.min(sign * edge(ax, ay, bx, by), sign * edge(bx, by, cx, cy), sign * edge(cx, cy, ax, ay));
};

/** Render layers [{ shape, color: [r,g,b,a] }] with analytic anti-aliasing. */
function render(size, layers) {
  const out = Buffer.alloc(size * size * 4);
  const px = 1 / size;
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      const x = (i + 0.5) / size, y = (j + 0.5) / size;
      let r = 0, g = 0, b = 0, a = 0;
      for (const layer of layers) {
        const d = layer.shape(x, y);
        const cover = Math.max(0, Math.min(1, 0.5 - d / px));
        if (!cover) continue;
        const c = typeof layer.color === 'function' ? layer.color(x, y) : layer.color;
        if (layer.erase) {
          // Cut a hole (template images: the glyph shows through as transparent).
          const keep = 1 - cover;
          r *= keep; g *= keep; b *= keep; a *= keep;
          continue;
        }
        const la = (c[3] / 255) * cover;
        r = c[0] * la + r * (1 - la); g = c[1] * la + g * (1 - la); b = c[2] * la + b * (1 - la);
        a = la + a * (1 - la);
      }
      const o = (j * size + i) * 4;
      // r,g,b are premultiplied by a: un-premultiply for PNG.
      out[o] = a ? Math.round(r / a) : 0;
      out[o + 1] = a ? Math.round(g / a) : 0;
      out[o + 2] = a ? Math.round(b / a) : 0;
      out[o + 3] = Math.round(a * 255);
    }
  }
  return encodePng(size, out);
}

// ---- the app icon: a white khata (ledger book) on a teal tile ----
const hex = (h, a = 255) => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16), a];
const teal = (x, y) => {
  const top = hex('#14B8A6'), bottom = hex('#0F766E');
  const t = Math.min(1, Math.max(0, (x + y) / 2));
  return top.map((v, k) => Math.round(v + (bottom[k] - v) * t));
};
const appLayers = [
  { shape: roundRect(0.04, 0.04, 0.96, 0.96, 0.2), color: teal },
  { shape: roundRect(0.25, 0.2, 0.77, 0.8, 0.05), color: hex('#000000', 40) }, // soft shadow
  { shape: roundRect(0.23, 0.18, 0.75, 0.78, 0.05), color: hex('#FFFFFF') },
  { shape: roundRect(0.23, 0.18, 0.32, 0.78, 0.04), color: hex('#CCFBF1') }, // spine
  { shape: segment(0.4, 0.34, 0.66, 0.34, 0.022), color: hex('#F59E0B') },
  { shape: segment(0.4, 0.46, 0.66, 0.46, 0.018), color: hex('#0F766E') },
  { shape: segment(0.4, 0.56, 0.66, 0.56, 0.018), color: hex('#0F766E') },
  { shape: segment(0.4, 0.66, 0.58, 0.66, 0.018), color: hex('#0F766E') },
];
const appIcon = (size) => render(size, appLayers);

// ---- tray glyphs, one per sync state ----
const GLYPHS = {
  'local-only': { color: '#64748B', glyph: roundRect(0.32, 0.34, 0.68, 0.6, 0.04), extra: segment(0.4, 0.7, 0.6, 0.7, 0.045) }, // a computer: data stays here
  synced: { color: '#16A34A', glyph: union(segment(0.3, 0.52, 0.44, 0.66, 0.07), segment(0.44, 0.66, 0.7, 0.36, 0.07)) }, // check
  syncing: { color: '#2563EB', glyph: union(arc(0.5, 0.5, 0.22, 0.06, -1.9, -0.9), triangle(0.6, 0.18, 0.8, 0.3, 0.6, 0.42)) }, // circular arrow
  offline: { color: '#D97706', glyph: union(arc(0.5, 0.5, 0.2, 0.06, 10, 11), segment(0.3, 0.3, 0.7, 0.7, 0.065)) }, // crossed ring
  error: { color: '#DC2626', glyph: union(segment(0.5, 0.27, 0.5, 0.56, 0.075), circle(0.5, 0.72, 0.08)) }, // !
};

function trayIcon(state, size, template) {
  const g = GLYPHS[state];
  const glyphs = [g.glyph, ...(g.extra ? [g.extra] : [])];
  if (template) {
    // macOS draws template images in the menu bar's own colour: black disc, glyph cut out.
    return render(size, [{ shape: circle(0.5, 0.5, 0.46), color: hex('#000000') }, ...glyphs.map((shape) => ({ shape, color: hex('#000000'), erase: true }))]);
  }
  return render(size, [{ shape: circle(0.5, 0.5, 0.46), color: hex(g.color) }, ...glyphs.map((shape) => ({ shape, color: hex('#FFFFFF') }))]);
}

// ---- containers ----
function ico(images) {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, k) => {
    const e = 6 + 16 * k;
    header[e] = size >= 256 ? 0 : size;
    header[e + 1] = size >= 256 ? 0 : size;
    header.writeUInt16LE(1, e + 4); // planes
    header.writeUInt16LE(32, e + 6); // bits per pixel
    header.writeUInt32LE(png.length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map((i) => i.png)]);
}

function icns(entries) {
  const parts = entries.map(({ type, png }) => {
    const h = Buffer.alloc(8);
    h.write(type, 0, 'latin1');
    h.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([h, png]);
  });
  const body = Buffer.concat(parts);
  const h = Buffer.alloc(8);
  h.write('icns', 0, 'latin1');
  h.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([h, body]);
}

const write = (rel, data) => {
  const file = path.join(here, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, data);
  process.stdout.write(`${rel} ${data.length} bytes\n`);
};

const sizes = {};
for (const s of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) sizes[s] = appIcon(s);
write('icon.png', sizes[512]);
write('icons/256x256.png', sizes[256]);
write('icons/512x512.png', sizes[512]);
write('icon.ico', ico([16, 24, 32, 48, 64, 128, 256].map((size) => ({ size, png: sizes[size] }))));
write(
  'icon.icns',
  icns([
    { type: 'icp4', png: sizes[16] },
    { type: 'icp5', png: sizes[32] },
    { type: 'icp6', png: sizes[64] },
    { type: 'ic07', png: sizes[128] },
    { type: 'ic08', png: sizes[256] },
    { type: 'ic09', png: sizes[512] },
    { type: 'ic10', png: sizes[1024] },
    { type: 'ic11', png: sizes[32] },
    { type: 'ic12', png: sizes[64] },
    { type: 'ic13', png: sizes[256] },
    { type: 'ic14', png: sizes[512] },
  ]),
);
for (const state of Object.keys(GLYPHS)) {
  write(`tray/tray-${state}.png`, trayIcon(state, 16, false));
  write(`tray/tray-${state}@2x.png`, trayIcon(state, 32, false));
  write(`tray/tray-${state}Template.png`, trayIcon(state, 16, true));
  write(`tray/tray-${state}Template@2x.png`, trayIcon(state, 32, true));
}
