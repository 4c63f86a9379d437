import { verifyCredential } from '@digitalcredentials/verifier-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchBulkAward, benchRevocations, fetchOnFreshSocket } from '../../bench/api.js';
import { decodeStatusList, readStatusBit } from '../../shared/ob3/status-list.js';
import { httpDocumentFetcher } from '../../shared/ports/fetcher.js';
import { verify } from '../../shared/verify/index.js';
import { answerSchemaUrlsOffline } from '../support/offline-schemas.js';
import { type ApiCloud, eventually, startApiCloud } from './support/api-cloud.js';

/**
 * Revocation through the API, as verifiers see it: our `verify` and the DCC verifier over HTTPS (the local CDN
 * serves the issuer's did:web with the test certificate authority's certificate), the OB 2.0 hosted assertion,
 * and the status list under a burst of concurrent revocations.
 */
let env: ApiCloud;
let organizer: string;
let restoreFetch: () => void;
const fetcher = httpDocumentFetcher();

beforeAll(async () => {
  restoreFetch = answerSchemaUrlsOffline();
  env = await startApiCloud();
  organizer = await env.token('organizer');
});

afterAll(async () => {
  restoreFetch?.();
  await env?.stop();
});

/** Every command the API put on the bus has been handled by the award function (and deleted from its queue). */
async function commandsProcessed(): Promise<void> {
  const queue = env.cloud.config.queues.find((candidate) =>
    candidate.logicalId.startsWith('CommandConsumerQueue'),
  );
  if (!queue) throw new Error('no command queue in the template');
  await eventually(
    async () => (env.cloud.eventPlane.queue(queue.name).counts().total === 0 ? true : undefined),
    240_000,
    'commands processed',
  );
}

async function statusBits(url: string): Promise<{ bits: Uint8Array; cacheControl: string | null }> {
  const response = await fetchOnFreshSocket(url);
  expect(response.status).toBe(200);
  const list = (await response.json()) as { credentialSubject: { encodedList: string } };
  return {
    bits: decodeStatusList(list.credentialSubject.encodedList),
    cacheControl: response.headers.get('cache-control'),
  };
}

const dccLog = async (credential: object) => {
  const result = await verifyCredential({ credential, knownDIDRegistries: [] });
  return Object.fromEntries(
    (result.log as Array<{ id: string; valid: boolean }>).map((entry) => [entry.id, entry.valid]),
  );
};

describe('a revoked credential', () => {
  it('fails verify with STATUS REVOKED, fails the DCC verifier’s revocation check, and its OB 2.0 assertion reads revoked', async () => {
    const created = await env.call('POST', '/v1/awards', {
      token: organizer,
      json: { badge: 'witness', email: 'revoked@example.org', name: 'Rex' },
    });
    expect(created.status).toBe(201);
    const award = await eventually(async () => {
      const result = await env.call('GET', `/v1/awards/${created.body.award.awardId}`, { token: organizer });
      return result.body.status === 'published' ? result.body : undefined;
    }, 90_000);
    const credential = (await (await fetch(award.urls.credential)).json()) as object;
    expect((await verify(new URL(award.urls.credential), { fetcher })).verified).toBe(true);
    expect(await dccLog(credential)).toMatchObject({ valid_signature: true, revocation_status: true });
    expect((await verify(new URL(award.urls.assertion), { fetcher })).verified).toBe(true);

    const revoked = await env.call('POST', `/v1/awards/${award.awardId}/revoke`, {
      token: organizer,
      json: { reason: 'Awarded in error' },
    });
    expect([revoked.status, revoked.body.status]).toEqual([202, 'revoked']);
    await commandsProcessed();

    // Right after the award function published the revocation, the CDN serves it, with a short cache lifetime.
    const { bits, cacheControl } = await statusBits(award.credentialStatus.statusListCredential);
    expect(readStatusBit(bits, award.credentialStatus.statusListIndex)).toBe(true);
    expect(Number(/max-age=(\d+)/.exec(cacheControl ?? '')?.[1])).toBeLessThanOrEqual(60);
    expect(cacheControl).not.toContain('immutable');
    const ob2List = await fetch(`${env.publicBaseUrl}/status/revocations.ob2.json`);
    expect(Number(/max-age=(\d+)/.exec(ob2List.headers.get('cache-control') ?? '')?.[1])).toBeLessThanOrEqual(
      60,
    );
    expect(JSON.stringify(await ob2List.json())).toContain(award.awardId);

    const ours = await verify(new URL(award.urls.credential), { fetcher });
    expect(ours.verified).toBe(false);
    expect(ours.checks.find((check) => check.code === 'STATUS')).toMatchObject({
      status: 'failed',
      reason: 'REVOKED',
    });
    expect(ours.checks.filter((check) => check.status === 'failed').map((check) => check.code)).toEqual([
      'STATUS',
    ]);
    expect(await dccLog(credential)).toMatchObject({ valid_signature: true, revocation_status: false });

    const hosted = (await (await fetch(award.urls.assertion)).json()) as { revoked?: boolean };
    expect(hosted.revoked).toBe(true);
    const ob2 = await verify(new URL(award.urls.assertion), { fetcher });
    expect(ob2.verified).toBe(false);
    expect(ob2.checks.find((check) => check.code === 'STATUS')).toMatchObject({
      status: 'failed',
      reason: 'REVOKED',
    });
  });
});

describe('concurrent revocations', () => {
  it('lose none of 500 revocations made at once against one status list', async () => {
    const rows = Array.from({ length: 500 }, (_, index) => ({
      badge: 'innovative-project-builder',
      email: `burst-${index}@example.org`,
    }));
    const awardIds = new Array<string>(rows.length);
    let pending = rows.map((_, index) => index);
    // Rows the API had no time for come back `failed` (NOT_PROCESSED), to be sent again.
    for (let round = 0; pending.length > 0 && round < 5; round++) {
      const bulk = await env.call('POST', '/v1/awards/bulk', {
        token: organizer,
        json: { rows: pending.map((index) => rows[index]) },
      });
      expect(bulk.status).toBe(200);
      const next: number[] = [];
      for (const result of bulk.body.results as Array<{ row: number; status: string; awardId?: string }>) {
        const index = pending[result.row - 1] as number;
        if (result.status === 'created') awardIds[index] = result.awardId as string;
        else if (result.status === 'failed') next.push(index);
        else throw new Error(`row ${index}: ${JSON.stringify(result)}`);
      }
      pending = next;
    }
    expect(pending).toEqual([]);

    const revocations = await Promise.all(
      awardIds.map((awardId) =>
        env.call('POST', `/v1/awards/${awardId}/revoke`, { token: organizer, json: { reason: 'burst' } }),
      ),
    );
    expect(revocations.map((result) => result.status)).toEqual(awardIds.map(() => 202));
    const positions = revocations.map(
      (result) => result.body.credentialStatus as { statusListCredential: string; statusListIndex: number },
    );
    expect(new Set(positions.map((position) => position.statusListCredential)).size).toBe(1);
    expect(new Set(positions.map((position) => position.statusListIndex)).size).toBe(500);

    // Polls the list the CDN serves until every bit is set (the award function's publishers race; the last one
    // to publish after the last revocation carries them all).
    const url = positions[0]?.statusListCredential as string;
    const bits = await eventually(
      async () => {
        // The local S3 rewrites a file in place, so a read racing the award function's next upload of the list
        // can fail or come back cut short: that is only "not yet".
        const published = await statusBits(url).then(
          (list) => list.bits,
          () => undefined,
        );
        if (!published) return undefined;
        return positions.every((position) => readStatusBit(published, position.statusListIndex))
          ? published
          : undefined;
      },
      180_000,
      'all 500 revocations published',
    );
    // Nothing else is marked: the list holds exactly this file's revocations (the one above and these 500).
    let setBits = 0;
    for (let index = 0; index < bits.length * 8; index++) if (readStatusBit(bits, index)) setBits += 1;
    expect(setBits).toBe(501);

    const deadLetters = env.cloud.config.queues.find((candidate) =>
      candidate.logicalId.startsWith('CommandConsumerDeadLetters'),
    );
    expect(deadLetters && env.cloud.eventPlane.queue(deadLetters.name).counts().total).toBe(0);
  }, 300_000);
});

describe('the API benchmarks', () => {
  it('measure a bulk award and revocations through the API (small sizes here)', async () => {
    const target = { api: env.api, organizerToken: organizer };
    const bulk = await benchBulkAward({
      rows: 40,
      chunkRows: 15,
      badge: 'knowledgeable-witness',
      label: 'bench-bulk',
      target,
    });
    expect([bulk.rows, bulk.created, bulk.requests]).toEqual([40, 40, 3]);
    expect(bulk.rowsPerSecond).toBeGreaterThan(0);
    const revocations = await benchRevocations({
      count: 20,
      badge: 'knowledgeable-witness',
      label: 'bench-revoke',
      target,
    });
    expect(revocations.revocations).toBe(20);
    expect(revocations.visibleAfterSeconds).toBeGreaterThanOrEqual(revocations.seconds);
  });
});
