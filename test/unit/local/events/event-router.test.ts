import { afterEach, describe, expect, it } from 'vitest';
import { DurableQueue } from '../../../../local/events/durable-queue.js';
import { EventRouter } from '../../../../local/events/event-router.js';
import { entrySize, RequestRejected } from '../../../../local/events/put-events.js';

const queues: DurableQueue[] = [];

async function memoryQueues(...names: string[]): Promise<Map<string, DurableQueue>> {
  const map = new Map<string, DurableQueue>();
  for (const name of names) {
    const queue = await DurableQueue.open({ name });
    queues.push(queue);
    map.set(name, queue);
  }
  return map;
}

afterEach(async () => {
  await Promise.all(queues.splice(0).map((queue) => queue.close()));
});

const fixedNow = () => Date.parse('2026-05-04T03:02:01.999Z');
const entry = (overrides: Record<string, unknown> = {}) => ({
  EventBusName: 'badges',
  Source: 'badges.registration',
  DetailType: 'attended',
  Detail: '{"participant":"ada"}',
  ...overrides,
});

describe('EventRouter', () => {
  it('delivers an event once per matching rule target, across queues', async () => {
    const map = await memoryQueues('awards', 'audit');
    const router = new EventRouter({
      region: 'eu-west-1',
      queues: map,
      buses: [
        {
          name: 'badges',
          rules: [
            {
              name: 'awards',
              eventPattern: { source: ['badges.registration'] },
              targets: [{ queueName: 'awards' }],
            },
            {
              name: 'audit-all',
              eventPattern: { source: [{ prefix: '' }] },
              targets: [{ queueName: 'audit' }, { queueName: 'awards' }],
            },
            {
              name: 'disabled',
              enabled: false,
              eventPattern: { source: ['badges.registration'] },
              targets: [{ queueName: 'audit' }],
            },
          ],
        },
      ],
    });

    const result = await router.putEvents({ Entries: [entry()] });

    expect(result.FailedEntryCount).toBe(0);
    expect(map.get('awards')?.counts().total).toBe(2);
    expect(map.get('audit')?.counts().total).toBe(1);
  });

  it('stamps the envelope with the local account, the region and a second-precision time', async () => {
    const map = await memoryQueues('awards');
    const router = new EventRouter({
      region: 'eu-west-1',
      queues: map,
      now: fixedNow,
      buses: [
        {
          name: 'badges',
          rules: [
            {
              name: 'r',
              eventPattern: { source: ['badges.registration'] },
              targets: [{ queueName: 'awards' }],
            },
          ],
        },
      ],
    });

    await router.putEvents({
      Entries: [entry(), entry({ Time: 1_700_000_000 }), entry({ Time: '2026-01-02T03:04:05+01:00' })],
    });
    const bodies = (await map.get('awards')?.receive({ maxMessages: 10 }))?.map((message) =>
      JSON.parse(message.body),
    );

    expect(bodies?.map((body) => body.time)).toEqual([
      '2026-05-04T03:02:01Z',
      '2023-11-14T22:13:20Z',
      '2026-01-02T02:04:05Z',
    ]);
    expect(bodies?.[0]).toMatchObject({ account: '000000000000', region: 'eu-west-1', resources: [] });
  });

  it.each([
    [
      'a Time that is not a timestamp',
      { Time: 'yesterday' },
      'Parameter Time is not valid. Reason: Time must be a timestamp.',
    ],
    [
      'Resources that are not strings',
      { Resources: [1] },
      'Parameter Resources is not valid. Reason: Resources must be a list of strings.',
    ],
    [
      'a missing Source',
      { Source: undefined },
      'Parameter Source is not valid. Reason: Source is a required argument.',
    ],
    [
      'a missing DetailType',
      { DetailType: undefined },
      'Parameter DetailType is not valid. Reason: DetailType is a required argument.',
    ],
  ])('rejects an entry with %s as InvalidArgument', async (_case, overrides, message) => {
    const router = new EventRouter({ region: 'eu-west-1', queues: new Map(), buses: [{ name: 'badges' }] });

    const result = await router.putEvents({ Entries: [entry(overrides)] });

    expect(result).toEqual({
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: 'InvalidArgument', ErrorMessage: message }],
    });
  });

  it('rejects a request without entries as a whole', async () => {
    const router = new EventRouter({ region: 'eu-west-1', queues: new Map(), buses: [] });

    await expect(router.putEvents({})).rejects.toBeInstanceOf(RequestRejected);
    await expect(router.putEvents({ Entries: [] })).rejects.toMatchObject({
      code: 'EVENTBRIDGE_REQUEST_REJECTED',
      type: 'ValidationException',
    });
  });

  it('counts entry size as EventBridge documents it', () => {
    expect(
      entrySize({ Source: 'abc', DetailType: 'dé', Detail: '{}', Resources: ['r1', 'r2'], Time: 1 }),
    ).toBe(14 + 3 + 3 + 2 + 4);
  });
});
