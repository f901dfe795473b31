import { crc32, deflateSync } from 'node:zlib';

const WIDTH = 240;
const HEIGHT = 140;
/** DingTalk's blue, the bars' heights in tenths of the picture, and the page behind them. */
const BAR = [0x1f, 0x6f, 0xeb];
const HEIGHTS = [4, 7, 5, 9];
const BACKGROUND = [0xf5, 0xf7, 0xfa];

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

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
  const header = Buffer.alloc(13);
  header.writeUInt32BE(WIDTH, 0);
  header.writeUInt32BE(HEIGHT, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows: number[] = [];
  for (let y = 0; y < HEIGHT; y++) {
    rows.push(0);
    for (let x = 0; x < WIDTH; x++) rows.push(...pixel(x, y));
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.from(rows))), chunk('IEND', Buffer.alloc(0))]);
}
