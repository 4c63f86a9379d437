/**
 * Benchmarks of the organiser API on the local cloud (the real handlers, the HTTP API emulation and the award
 * function): a bulk award of 10,000 rows (rows per second through the API), and 1,000 revocations (per second
 * through the API, and the time until every one is visible in the status list the CDN serves). Rates depend on
 * the machine and on everything else running: compare them within one run only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeStatusList, readStatusBit } from '../shared/ob3/status-list.js';

export interface ApiBenchTarget {
  /** The API's base URL. */
  api: string;
  /** A token with the organizer role. */
  organizerToken: string;
}

export interface BulkAwardBench {
  rows: number;
  created: number;
  requests: number;
  seconds: number;
  rowsPerSecond: number;
}

export interface RevocationBench {
  revocations: number;
  seconds: number;
  perSecond: number;
  /** From the first revocation request until the CDN's status list shows every one. */
  visibleAfterSeconds: number;
}

interface BulkRowResult {
  row: number;
  status: 'created' | 'skipped' | 'invalid' | 'failed';
  awardId?: string;
}

/**
 * A kept-alive connection the server has just closed fails the next request before it is sent (undici: "other
 * side closed"); such a request is sent again on a new connection. Every call here is safe to repeat.
 */
export async function fetchOnFreshSocket(url: string, init?: RequestInit, attempts = 3): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(url, init);
    } catch (error) {
      const code = (error as { cause?: { code?: string } }).cause?.code;
      if (attempt >= attempts || (code !== 'UND_ERR_SOCKET' && code !== 'ECONNRESET')) throw error;
    }
  }
}

async function call(
  target: ApiBenchTarget,
  method: string,
  path: string,
  json?: unknown,
): Promise<{ status: number; body: unknown }> {
  const response = await fetchOnFreshSocket(`${target.api}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${target.organizerToken}`,
      ...(json === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** Awards every row, chunk by chunk; rows the API reports `failed` (e.g. not processed in time) are sent again. */
async function awardAll(
  target: ApiBenchTarget,
  rows: Array<{ badge: string; email: string }>,
  chunkRows: number,
): Promise<{ awardIds: string[]; requests: number }> {
  const awardIds = new Array<string>(rows.length);
  let pending = rows.map((_, index) => index);
  let requests = 0;
  for (let round = 0; pending.length > 0; round++) {
    if (round > 20) throw new Error(`${pending.length} rows were still not accepted after 20 rounds`);
    const next: number[] = [];
    for (let offset = 0; offset < pending.length; offset += chunkRows) {
      const indexes = pending.slice(offset, offset + chunkRows);
      const { status, body } = await call(target, 'POST', '/v1/awards/bulk', {
        rows: indexes.map((index) => rows[index]),
      });
      requests += 1;
      if (status !== 200) {
        next.push(...indexes);
        continue;
      }
      for (const result of (body as { results: BulkRowResult[] }).results) {
        const index = indexes[result.row - 1] as number;
        if (result.awardId && (result.status === 'created' || result.status === 'skipped'))
          awardIds[index] = result.awardId;
        else if (result.status === 'failed') next.push(index);
        else throw new Error(`row ${index} was refused: ${JSON.stringify(result)}`);
      }
    }
    pending = next;
  }
  return { awardIds, requests };
}

export async function benchBulkAward(
  options: {
    rows?: number;
    chunkRows?: number;
    badge?: string;
    label?: string;
    target?: ApiBenchTarget;
  } = {},
): Promise<BulkAwardBench> {
  const count = options.rows ?? 10_000;
  return withTarget(options.target, async (target) => {
    const label = options.label ?? 'bulk';
    const rows = Array.from({ length: count }, (_, index) => ({
      badge: options.badge ?? 'witness',
      email: `${label}-${index}@bench.example.org`,
    }));
    const started = performance.now();
    const { awardIds, requests } = await awardAll(target, rows, options.chunkRows ?? 1000);
    const seconds = (performance.now() - started) / 1000;
    return {
      rows: count,
      created: awardIds.filter(Boolean).length,
      requests,
      seconds,
      rowsPerSecond: count / seconds,
    };
  });
}

export async function benchRevocations(
  options: {
    count?: number;
    concurrency?: number;
    badge?: string;
    label?: string;
    target?: ApiBenchTarget;
    timeoutMs?: number;
  } = {},
): Promise<RevocationBench> {
  const count = options.count ?? 1000;
  return withTarget(options.target, async (target) => {
    const label = options.label ?? 'revoke';
    const rows = Array.from({ length: count }, (_, index) => ({
      badge: options.badge ?? 'knowledgeable-witness',
      email: `${label}-${index}@bench.example.org`,
    }));
    const { awardIds } = await awardAll(target, rows, 1000);
    const positions = await inParallel(awardIds, 50, async (awardId) => {
      const { body } = await call(target, 'GET', `/v1/awards/${awardId}`);
      return (body as { credentialStatus: { statusListCredential: string; statusListIndex: number } })
        .credentialStatus;
    });

    const started = performance.now();
    await inParallel(awardIds, options.concurrency ?? 50, async (awardId) => {
      const { status } = await call(target, 'POST', `/v1/awards/${awardId}/revoke`, { reason: 'benchmark' });
      if (status !== 202) throw new Error(`revoking ${awardId} answered ${status}`);
    });
    const seconds = (performance.now() - started) / 1000;

    const lists = new Map<string, number[]>();
    for (const position of positions) {
      lists.set(position.statusListCredential, [
        ...(lists.get(position.statusListCredential) ?? []),
        position.statusListIndex,
      ]);
    }
    const deadline = Date.now() + (options.timeoutMs ?? 600_000);
    for (const [url, indexes] of lists) {
      for (;;) {
        const bits = await publishedBits(url);
        if (bits && indexes.every((index) => readStatusBit(bits, index))) break;
        if (Date.now() > deadline) throw new Error(`not every revocation was visible in ${url} in time`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    const visibleAfterSeconds = (performance.now() - started) / 1000;
    return { revocations: count, seconds, perSecond: count / seconds, visibleAfterSeconds };
  });
}

/**
 * The bits of a published status list, or undefined while it cannot be read whole: the local S3 rewrites a file
 * in place, so a read racing the next upload can fail or come back cut short.
 */
async function publishedBits(url: string): Promise<Uint8Array | undefined> {
  try {
    const response = await fetchOnFreshSocket(url);
    if (!response.ok) return undefined;
    const list = (await response.json()) as { credentialSubject: { encodedList: string } };
    return decodeStatusList(list.credentialSubject.encodedList);
  } catch {
    return undefined;
  }
}

async function inParallel<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/** Runs against the given API, or against a local cloud of its own (in memory), stopped afterwards. */
async function withTarget<R>(
  target: ApiBenchTarget | undefined,
  run: (target: ApiBenchTarget) => Promise<R>,
): Promise<R> {
  if (target) return run(target);
  const { startLocalCloud } = await import('../local/start.js');
  const dataDir = mkdtempSync(join(tmpdir(), 'badges-api-bench-'));
  const cloud = await startLocalCloud({ dataDir, inMemory: true, onFunctionLog: () => undefined });
  try {
    return await run({
      api: cloud.endpoints.api,
      organizerToken: await cloud.issueToken({ role: 'organizer', expiresIn: '4h' }),
    });
  } finally {
    await cloud.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function runApiBench(options: { rows?: number; revocations?: number } = {}): Promise<{
  bulk: BulkAwardBench;
  revocations: RevocationBench;
}> {
  return {
    bulk: await benchBulkAward({ rows: options.rows }),
    revocations: await benchRevocations({ count: options.revocations }),
  };
}

export function printApiBench(result: { bulk: BulkAwardBench; revocations: RevocationBench }): void {
  const { bulk, revocations } = result;
  console.log(
    `api bulk award: ${bulk.rowsPerSecond.toFixed(0)} rows/s (${bulk.rows} rows in ${bulk.seconds.toFixed(1)} s, ${bulk.requests} requests)`,
  );
  console.log(
    `api revocations: ${revocations.perSecond.toFixed(0)}/s (${revocations.revocations} in ${revocations.seconds.toFixed(1)} s); all visible at the CDN after ${revocations.visibleAfterSeconds.toFixed(1)} s`,
  );
}
