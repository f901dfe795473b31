import { cpus, totalmem, platform, release } from 'node:os';

export interface Summary {
  name: string;
  samples: number;
  min: number;
  p50: number;
  p99: number;
  max: number;
  unit: string;
  target?: string;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;

export function summarize(name: string, values: number[], unit: string, target?: string): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    name,
    samples: sorted.length,
    min: sorted[0] ?? NaN,
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    max: sorted.at(-1) ?? NaN,
    unit,
    ...(target ? { target } : {}),
  };
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));

/** A markdown table, ready to paste into the README's performance section. */
export function printTable(rows: Summary[]): void {
  console.log('| measure | n | min | p50 | p99 | max | target |');
  console.log('|---|---:|---:|---:|---:|---:|---|');
  for (const r of rows) {
    console.log(`| ${r.name} (${r.unit}) | ${r.samples} | ${fmt(r.min)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.max)} | ${r.target ?? ''} |`);
  }
}

export function machine(): string {
  const cpu = cpus();
  return `${cpu[0]?.model ?? 'unknown CPU'} × ${cpu.length}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${platform()} ${release()}, Node ${process.version}`;
}
