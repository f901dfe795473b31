import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodePng } from './png.js';

/**
 * Draws the app icon: a rounded blue tile with a white bridge arch over a deck. Drawn as signed distances so
 * edges are anti-aliased at every size; run with `npm run icons` after changing the drawing.
 */
function renderIcon(size: number): Uint8Array {
  const pixels = new Uint8Array(size * size * 4);
  const s = size / 512;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const px = (x + 0.5) / s;
      const py = (y + 0.5) / s;
      const tile = roundedRect(px, py, 32, 32, 448, 448, 96);
      const arch = Math.abs(Math.hypot(px - 256, py - 360) - 150) - 22;
      const deck = roundedRect(px, py, 80, 330, 352, 44, 22);
      const pillars = Math.min(roundedRect(px, py, 150, 250, 36, 120, 12), roundedRect(px, py, 326, 250, 36, 120, 12));
      const white = Math.min(py < 360 ? arch : Infinity, deck, pillars);
      const tileCover = clamp(0.5 - tile * s);
      const whiteCover = clamp(0.5 - white * s) * tileCover;
      const i = (y * size + x) * 4;
      const [r, g, b] = [22, 119, 255];
      pixels[i] = Math.round(r + (255 - r) * whiteCover);
      pixels[i + 1] = Math.round(g + (255 - g) * whiteCover);
      pixels[i + 2] = Math.round(b + (255 - b) * whiteCover);
      pixels[i + 3] = Math.round(255 * tileCover);
    }
  }
  return pixels;
}

function roundedRect(px: number, py: number, x: number, y: number, w: number, h: number, r: number): number {
  const qx = Math.abs(px - (x + w / 2)) - (w / 2 - r);
  const qy = Math.abs(py - (y + h / 2)) - (h / 2 - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

const clamp = (v: number) => Math.min(1, Math.max(0, v));

const out = join(import.meta.dirname, '..', 'resources');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'icon.png'), encodePng(512, 512, renderIcon(512)));
console.log('wrote resources/icon.png');
