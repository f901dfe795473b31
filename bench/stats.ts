import { cpus, platform, release, totalmem } from 'node:os';

type Statistic = 'p50' | 'p99' | 'max';

/** A number DESIGN.md promises, e.g. p99 ≤ 5 ms. */
export interface Limit {
  statistic: Statistic;
  atMost: number;
}

export const atMost = (statistic: Statistic, limit: number): Limit => ({ statistic, atMost: limit });

export interface Summary {
  name: string;
  samples: number;
  min: number;
  p50: number;
  p99: number;
  max: number;
  unit: string;
  limits: Limit[];
}

/** One figure that is not a distribution: a count, a size. */
export interface Reading {
  name: string;
  value: number;
  unit: string;
  /** The most it may be; absent when there is nothing to hold it to. */
  atMost?: number;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;

export function summarize(name: string, values: number[], unit: string, limits: Limit[] = []): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    name,
    samples: sorted.length,
    min: sorted[0] ?? NaN,
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    max: sorted.at(-1) ?? NaN,
    unit,
    limits,
  };
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));
const verdict = (met: boolean) => (met ? 'met' : '**missed**');

/** Two markdown tables, timings then readings, ready to paste into the README's performance section. */
export function printReport(summaries: Summary[], readings: Reading[]): void {
  console.log(`Machine: ${machine()}`);
  if (summaries.length > 0) {
    console.log('\n| measure | n | min | p50 | p99 | max | target | |');
    console.log('|---|---:|---:|---:|---:|---:|---|---|');
  }
  for (const s of summaries) {
    const target = s.limits.map((limit) => `${limit.statistic} ≤ ${limit.atMost}`).join(', ');
    const met = s.limits.length ? verdict(s.limits.every((limit) => s[limit.statistic] <= limit.atMost)) : '';
    console.log(`| ${s.name} (${s.unit}) | ${s.samples} | ${fmt(s.min)} | ${fmt(s.p50)} | ${fmt(s.p99)} | ${fmt(s.max)} | ${target} | ${met} |`);
  }
  if (readings.length === 0) return;
  console.log('\n| reading | value | target | |');
  console.log('|---|---:|---|---|');
  for (const r of readings) {
    const target = r.atMost === undefined ? '' : `≤ ${r.atMost}`;
    const met = r.atMost === undefined ? '' : verdict(r.value <= r.atMost);
    console.log(`| ${r.name} (${r.unit}) | ${fmt(r.value)} | ${target} | ${met} |`);
  }
}

export function machine(): string {
  const cpu = cpus();
  return `${cpu[0]?.model ?? 'unknown CPU'} × ${cpu.length}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${platform()} ${release()}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
}
