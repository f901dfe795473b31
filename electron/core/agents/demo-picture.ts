import { encodePng } from '../base/png.js';

const WIDTH = 240;
const HEIGHT = 140;
/** DingTalk's blue, the bars' heights in tenths of the picture, and the page behind them. */
const BAR = [0x1f, 0x6f, 0xeb, 0xff];
const HEIGHTS = [4, 7, 5, 9];
const BACKGROUND = [0xf5, 0xf7, 0xfa, 0xff];

/** The colour of one pixel of the chart: a bar where one stands, else the page. */
function pixel(x: number, y: number): number[] {
  const slot = Math.floor((x - 20) / 55);
  const inBar = x >= 20 && slot < HEIGHTS.length && (x - 20) % 55 < 35;
  const top = HEIGHT - 10 - ((HEIGHTS[slot] ?? 0) * (HEIGHT - 20)) / 10;
  return inBar && y >= top && y < HEIGHT - 10 ? BAR : BACKGROUND;
}

/**
 * A small bar chart as a PNG, drawn here so the demo can send a picture the way an agent does (as ACP image
 * content) without shipping one.
 */
export function demoChartPng(): Buffer {
  const rgba = new Uint8Array(WIDTH * HEIGHT * 4);
  for (let y = 0; y < HEIGHT; y++) for (let x = 0; x < WIDTH; x++) rgba.set(pixel(x, y), (y * WIDTH + x) * 4);
  return encodePng(WIDTH, HEIGHT, rgba);
}
