// Generates every icon the desktop app ships, as real PNGs drawn in code (node:zlib only, no image tools):
//   build/icon.png                     1024×1024 app icon (electron-builder derives .icns / .ico from it)
//   build/tray/tray-<state>.png        16×16 coloured tray icons (+ @2x 32×32) for Windows / Linux
//   build/tray/tray-<state>Template.png  black + alpha macOS template images (+ @2x), told apart by shape
// states: connected, connecting, disconnected, error.  Run: node build/generate-icons.mjs
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

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
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
/** rgba: Float32Array-like of size*size*4 in 0..1 (straight alpha). */
export function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size * 4; x++) raw[y * (size * 4 + 1) + 1 + x] = Math.round(Math.max(0, Math.min(1, rgba[(y * size) * 4 + x])) * 255);
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** Draws shapes given as signed-distance functions in unit coordinates (0..1), 4×4 supersampled. */
function render(size, layers) {
  const out = new Float32Array(size * size * 4);
  const S = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const u = (x + (sx + 0.5) / S) / size;
          const v = (y + (sy + 0.5) / S) / size;
          // Composite layers back to front (straight "over").
          let cr = 0, cg = 0, cb = 0, ca = 0;
          for (const { sdf, color } of layers) {
            if (sdf(u, v) > 0) continue;
            const [lr, lg, lb, la = 1] = color;
            const na = la + ca * (1 - la);
            if (na > 0) {
              cr = (lr * la + cr * ca * (1 - la)) / na;
              cg = (lg * la + cg * ca * (1 - la)) / na;
              cb = (lb * la + cb * ca * (1 - la)) / na;
            }
            ca = na;
          }
          r += cr * ca; g += cg * ca; b += cb * ca; a += ca;
        }
      }
      const i = (y * size + x) * 4;
      const n = S * S;
      out[i + 3] = a / n;
      if (a > 0) {
        out[i] = r / a; out[i + 1] = g / a; out[i + 2] = b / a;
      }
    }
  }
  return out;
}

const circle = (cx, cy, r) => (u, v) => Math.hypot(u - cx, v - cy) - r;
const ring = (cx, cy, r, w) => (u, v) => Math.abs(Math.hypot(u - cx, v - cy) - r) - w / 2;
const box = (x0, y0, x1, y1) => (u, v) => Math.max(x0 - u, u - x1, y0 - v, v - y1);
const roundBox = (x0, y0, x1, y1, rad) => (u, v) => {
  const cx = Math.max(x0 + rad, Math.min(x1 - rad, u));
  const cy = Math.max(y0 + rad, Math.min(y1 - rad, v));
  return Math.hypot(u - cx, v - cy) - rad;
};
const minus = (a, b) => (u, v) => Math.max(a(u, v), -b(u, v));
const rotated = (sdf, angle) => (u, v) => {
  const c = Math.cos(angle), s = Math.sin(angle);
  const du = u - 0.5, dv = v - 0.5;
  return sdf(0.5 + du * c + dv * s, 0.5 - du * s + dv * c);
};
const cross = (w) => (u, v) => Math.min(rotated(box(0.5 - w / 2, 0.28, 0.5 + w / 2, 0.72), Math.PI / 4)(u, v), rotated(box(0.5 - w / 2, 0.28, 0.5 + w / 2, 0.72), -Math.PI / 4)(u, v));
/** A quarter cut out of a ring: "in progress". */
const arc = (u, v) => Math.max(ring(0.5, 0.5, 0.33, 0.16)(u, v), -Math.min(box(0.5, -1, 2, 0.5)(u, v), Infinity));

const BLACK = [0, 0, 0, 1];
const STATES = {
  // Coloured tray icons: the colour carries the state, the shape repeats it for colour-blind users.
  connected: { color: [[0.13, 0.70, 0.33, 1], circle(0.5, 0.5, 0.42)], template: [circle(0.5, 0.5, 0.42)] },
  connecting: { color: [[0.96, 0.65, 0.14, 1], arc], template: [arc, circle(0.5, 0.5, 0.1)] },
  disconnected: { color: [[0.55, 0.57, 0.6, 1], ring(0.5, 0.5, 0.36, 0.14)], template: [ring(0.5, 0.5, 0.36, 0.14)] },
  error: { color: [[0.86, 0.18, 0.18, 1], circle(0.5, 0.5, 0.44)], template: [minus(circle(0.5, 0.5, 0.44), cross(0.14))], mark: cross(0.14) },
};

function trayLayers(state, template) {
  const s = STATES[state];
  if (template) return s.template.map((sdf) => ({ sdf, color: BLACK }));
  const layers = [{ sdf: s.color[1], color: s.color[0] }];
  if (s.mark) layers.push({ sdf: s.mark, color: [1, 1, 1, 1] });
  return layers;
}

function appIconLayers() {
  const bars = [box(0.3, 0.27, 0.66, 0.35), box(0.3, 0.46, 0.6, 0.54), box(0.3, 0.65, 0.66, 0.73), box(0.3, 0.27, 0.38, 0.73)];
  return [
    { sdf: roundBox(0.06, 0.06, 0.94, 0.94, 0.2), color: [0.07, 0.1, 0.16, 1] },
    ...bars.map((sdf) => ({ sdf, color: [0.93, 0.95, 0.98, 1] })),
    { sdf: circle(0.72, 0.69, 0.07), color: [0.13, 0.7, 0.33, 1] },
  ];
}

export function generateIcons(outDir = here) {
  const written = [];
  const write = (rel, size, layers) => {
    const file = path.join(outDir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, encodePng(size, render(size, layers)));
    written.push(rel);
  };
  for (const state of Object.keys(STATES)) {
    for (const [suffix, size] of [['', 16], ['@2x', 32]]) {
      write(`tray/tray-${state}${suffix}.png`, size, trayLayers(state, false));
      write(`tray/tray-${state}Template${suffix}.png`, size, trayLayers(state, true));
    }
  }
  write('icon.png', 1024, appIconLayers());
  return written;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(generateIcons().join('\n'));
}
