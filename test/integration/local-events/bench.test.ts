import { describe, expect, it } from 'vitest';
import { runEventsBenchmark } from '../../../local/events/bench.js';

describe('event path benchmark', () => {
  it('delivers every published event to the handler and reports latency percentiles', async () => {
    const result = await runEventsBenchmark({ events: 205, concurrency: 4 });

    expect(result.events).toBe(205);
    expect(result.durable).toBe(true);
    expect(result.throughputPerSecond).toBeGreaterThan(0);
    expect(result.latencyMs.p50).toBeGreaterThan(0);
    expect(result.latencyMs.p50).toBeLessThanOrEqual(result.latencyMs.p99);
    expect(result.latencyMs.p99).toBeLessThanOrEqual(result.latencyMs.max);
  });
});
