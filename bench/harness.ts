/**
 * A small benchmark harness: runs an operation repeatedly for a fixed time after a warm-up and reports the rate.
 * Rates are only compared as ratios within one run (machines here are shared and noisy).
 */
export interface Rate {
  name: string;
  operations: number;
  seconds: number;
  perSecond: number;
}

export async function measure(
  name: string,
  operation: () => unknown | Promise<unknown>,
  options: { seconds?: number; warmup?: number } = {},
): Promise<Rate> {
  const seconds = options.seconds ?? 2;
  for (let i = 0; i < (options.warmup ?? 20); i++) await operation();
  let operations = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(seconds * 1e9));
  let now = start;
  while (now < deadline) {
    for (let i = 0; i < 10; i++) await operation();
    operations += 10;
    now = process.hrtime.bigint();
  }
  const elapsed = Number(now - start) / 1e9;
  return { name, operations, seconds: elapsed, perSecond: operations / elapsed };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

export function formatRate(rate: Rate): string {
  return `${rate.name}: ${rate.perSecond.toFixed(0)}/s (${rate.operations} in ${rate.seconds.toFixed(2)} s)`;
}
