import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodePng } from '../electron/core/base/png.js';

/**
 * Draws the app icon and the tray icons (one per state; colour for Linux and Windows, template images for the
 * macOS menu bar) as signed distances, so edges are smooth at every size. Run `npm run icons` after a change.
 */
type Rgba = [number, number, number, number];
type Shape = (x: number, y: number) => number;

const clamp = (v: number) => Math.min(1, Math.max(0, v));

function roundedRect(x: number, y: number, w: number, h: number, r: number): Shape {
  return (px, py) => {
    const qx = Math.abs(px - (x + w / 2)) - (w / 2 - r);
    const qy = Math.abs(py - (y + h / 2)) - (h / 2 - r);
    return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
  };
}

const circle = (cx: number, cy: number, r: number): Shape => (px, py) => Math.hypot(px - cx, py - cy) - r;
const ring = (cx: number, cy: number, r: number, width: number): Shape => (px, py) => Math.abs(Math.hypot(px - cx, py - cy) - r) - width / 2;
const union = (...shapes: Shape[]): Shape => (px, py) => Math.min(...shapes.map((shape) => shape(px, py)));

/** The bridge: an arch over a deck, in a 512-unit box. */
const bridge = union(
  (px, py) => (py < 360 ? Math.abs(Math.hypot(px - 256, py - 360) - 150) - 22 : Infinity),
  roundedRect(80, 330, 352, 44, 22),
  roundedRect(150, 250, 36, 120, 12),
  roundedRect(326, 250, 36, 120, 12),
);

/** Paints layers (shape, colour) over a transparent square of `size` pixels. */
function render(size: number, layers: Array<[Shape, Rgba]>): Buffer {
  const pixels = new Uint8Array(size * size * 4);
  const unit = size / 512;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let [r, g, b, a] = [0, 0, 0, 0];
      for (const [shape, [cr, cg, cb, ca]] of layers) {
        const cover = clamp(0.5 - shape((x + 0.5) / unit, (y + 0.5) / unit) * unit) * ca;
        const out = cover + a * (1 - cover);
        if (out > 0) {
          r = (cr * cover + r * a * (1 - cover)) / out;
          g = (cg * cover + g * a * (1 - cover)) / out;
          b = (cb * cover + b * a * (1 - cover)) / out;
        }
        a = out;
      }
      const i = (y * size + x) * 4;
      pixels.set([Math.round(r), Math.round(g), Math.round(b), Math.round(a * 255)], i);
    }
  }
  return encodePng(size, size, pixels);
}

const BLUE: Rgba = [22, 119, 255, 1];
const WHITE: Rgba = [255, 255, 255, 1];
const INK: Rgba = [60, 64, 72, 1];
const BLACK: Rgba = [0, 0, 0, 1];

const STATE_COLOURS: Record<string, Rgba | undefined> = {
  idle: undefined,
  connected: [46, 160, 67, 1],
  reconnecting: [230, 160, 20, 1],
  error: [220, 50, 47, 1],
  working: [22, 119, 255, 1],
  waiting: [150, 80, 220, 1],
};

/** A badge in the lower right corner; template images tell states apart by its shape, not its colour. */
const BADGE: Record<string, Shape | undefined> = {
  idle: undefined,
  connected: undefined,
  reconnecting: ring(410, 410, 70, 36),
  error: roundedRect(360, 300, 100, 190, 30),
  working: union(circle(330, 440, 34), circle(420, 440, 34)),
  waiting: circle(410, 410, 90),
};

const out = join(import.meta.dirname, '..', 'resources');
mkdirSync(join(out, 'tray'), { recursive: true });
const appIcon = (size: number) => render(size, [[roundedRect(32, 32, 448, 448, 96), BLUE], [bridge, WHITE]]);
// macOS and Windows installers are made from the 1024 px icon; Linux desktops pick from the sized set.
writeFileSync(join(out, 'icon.png'), appIcon(1024));
mkdirSync(join(out, 'icons'), { recursive: true });
for (const size of [16, 24, 32, 48, 64, 128, 256, 512]) writeFileSync(join(out, 'icons', `${size}x${size}.png`), appIcon(size));
for (const state of Object.keys(STATE_COLOURS)) {
  const colour = STATE_COLOURS[state];
  const dot: Array<[Shape, Rgba]> = colour ? [[circle(410, 410, 110), WHITE], [circle(410, 410, 90), colour]] : [];
  writeFileSync(join(out, 'tray', `${state}.png`), render(32, [[bridge, state === 'idle' ? [...INK.slice(0, 3), 0.55] as Rgba : INK], ...dot]));
  const badge = BADGE[state];
  const template = (size: number) => render(size, [[bridge, state === 'idle' ? [0, 0, 0, 0.5] : BLACK], ...(badge ? [[badge, BLACK] as [Shape, Rgba]] : [])]);
  writeFileSync(join(out, 'tray', `${state}Template.png`), template(16));
  writeFileSync(join(out, 'tray', `${state}Template@2x.png`), template(32));
}
console.log('wrote resources/icon.png, resources/icons/*.png and resources/tray/*.png');
