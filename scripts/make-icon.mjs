#!/usr/bin/env node
// Draws build/icon.png (512×512): a yellow five-pointed star on a red rounded square, the colours of the flag.
// electron-builder makes the Windows .ico and the Linux icon sizes from it. Run again after changing the drawing:
// node scripts/make-icon.mjs
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const SIZE = 512;
const RED = [218, 37, 29];
const YELLOW = [255, 255, 0];
const CORNER = 96;
const SAMPLES = 4; // per axis, for smooth edges

// The star: ten vertices alternating between the outer and inner radius, first point straight up.
const centre = { x: SIZE / 2, y: SIZE / 2 + 14 };
const outer = 190;
const inner = outer * (Math.sin(Math.PI / 10) / Math.sin((3 * Math.PI) / 10));
const star = Array.from({ length: 10 }, (_, i) => {
  const r = i % 2 === 0 ? outer : inner;
  const a = -Math.PI / 2 + (i * Math.PI) / 5;
  return [centre.x + r * Math.cos(a), centre.y + r * Math.sin(a)];
});

function inStar(x, y) {
  let inside = false;
  for (let i = 0, j = star.length - 1; i < star.length; j = i++) {
    const [xi, yi] = star[i];
    const [xj, yj] = star[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function inSquare(x, y) {
  const cx = Math.min(Math.max(x, CORNER), SIZE - CORNER);
  const cy = Math.min(Math.max(y, CORNER), SIZE - CORNER);
  return (x - cx) ** 2 + (y - cy) ** 2 <= CORNER ** 2;
}

const rows = [];
for (let y = 0; y < SIZE; y++) {
  const row = Buffer.alloc(1 + SIZE * 4); // filter byte 0, then RGBA
  for (let x = 0; x < SIZE; x++) {
    let square = 0;
    let yellow = 0;
    for (let sy = 0; sy < SAMPLES; sy++) {
      for (let sx = 0; sx < SAMPLES; sx++) {
        const px = x + (sx + 0.5) / SAMPLES;
        const py = y + (sy + 0.5) / SAMPLES;
        if (!inSquare(px, py)) continue;
        square++;
        if (inStar(px, py)) yellow++;
      }
    }
    const alpha = square / SAMPLES ** 2;
    const t = square ? yellow / square : 0;
    const colour = RED.map((c, k) => Math.round(c + (YELLOW[k] - c) * t));
    row.set([...colour, Math.round(alpha * 255)], 1 + x * 4);
  }
  rows.push(row);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', zlib.deflateSync(Buffer.concat(rows), { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
const target = path.resolve(import.meta.dirname, '..', 'build', 'icon.png');
fs.writeFileSync(target, png);
console.log(`${path.relative(process.cwd(), target)}: ${SIZE}×${SIZE}, ${png.length} bytes`);
