import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeEventBusCommand,
  EventBridgeClient,
  ListRulesCommand,
  PutEventsCommand,
  TestEventPatternCommand,
} from '@aws-sdk/client-eventbridge';
import type { SQSEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEventPlane, type EventPlane, type EventPlaneConfig } from '../../../local/events/index.js';
import { waitFor } from '../../unit/local/events/wait-for.js';

const region = 'eu-west-1';
let dataDir: string;
let plane: EventPlane | undefined;

const config = (): EventPlaneConfig => ({
  dataDir,
  region,
  buses: [
    {
      name: 'badges',
      rules: [
        {
          name: 'participation-to-awards',
          eventPattern: { source: ['badges.registration'], 'detail-type': ['attended', 'spoke'] },
          targets: [{ queueName: 'awards' }],
        },
      ],
    },
  ],
  queues: [
    {
      name: 'awards',
      visibilityTimeoutSeconds: 30,
      deadLetter: { queueName: 'awards-dlq', maxReceiveCount: 3 },
    },
    { name: 'awards-dlq' },
  ],
  logger: { warn: () => undefined },
});

function client(endpoint: string): EventBridgeClient {
  return new EventBridgeClient({
    endpoint,
    region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
}

const attended = (participant: string) => ({
  EventBusName: 'badges',
  Source: 'badges.registration',
  DetailType: 'attended',
  Detail: JSON.stringify({ participant, session: 'citizen-2.1-lisbon' }),
});

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'event-plane-'));
});

afterEach(async () => {
  await plane?.stop();
  plane = undefined;
  await rm(dataDir, { recursive: true, force: true });
});

describe('local event plane with the AWS SDK', () => {
  it('routes a PutEvents call from the SDK through a rule to a queue and into the handler', async () => {
    plane = await createEventPlane(config());
    const received: SQSEvent[] = [];
    plane.startPoller({
      queueName: 'awards',
      reportBatchItemFailures: true,
      handler: (event) => {
        received.push(event);
        return { batchItemFailures: [] };
      },
    });

    const before = Date.now();
    const output = await client(plane.endpoint).send(
      new PutEventsCommand({ Entries: [{ ...attended('ada@example.org'), Resources: ['urn:session:1'] }] }),
    );

    expect(output.FailedEntryCount).toBe(0);
    const eventId = output.Entries?.[0]?.EventId;
    expect(eventId).toMatch(/^[0-9a-f-]{36}$/);
    await waitFor(() => received.length > 0);
    const record = received[0]?.Records[0];
    expect(record).toMatchObject({
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:${region}:000000000000:awards`,
      awsRegion: region,
    });
    const envelope = JSON.parse(record?.body ?? '{}');
    expect(Object.keys(envelope)).toEqual([
      'version',
      'id',
      'detail-type',
      'source',
      'account',
      'time',
      'region',
      'resources',
      'detail',
    ]);
    expect(envelope).toMatchObject({
      version: '0',
      id: eventId,
      'detail-type': 'attended',
      source: 'badges.registration',
      account: '000000000000',
      region,
      resources: ['urn:session:1'],
      detail: { participant: 'ada@example.org', session: 'citizen-2.1-lisbon' },
    });
    expect(envelope.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Date.parse(envelope.time)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    await waitFor(() => plane?.queue('awards').counts().total === 0);
  });

  it('is found by an unmodified SDK client through AWS_ENDPOINT_URL_EVENTBRIDGE', async () => {
    plane = await createEventPlane(config());
    const previous = process.env.AWS_ENDPOINT_URL_EVENTBRIDGE;
    process.env.AWS_ENDPOINT_URL_EVENTBRIDGE = plane.endpoint;
    try {
      const events = new EventBridgeClient({
        region,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        maxAttempts: 1,
      });
      const output = await events.send(new PutEventsCommand({ Entries: [attended('env@example.org')] }));

      expect(output.FailedEntryCount).toBe(0);
      expect(plane.queue('awards').counts().total).toBe(1);
    } finally {
      if (previous === undefined) delete process.env.AWS_ENDPOINT_URL_EVENTBRIDGE;
      else process.env.AWS_ENDPOINT_URL_EVENTBRIDGE = previous;
    }
  });

  it('accepts the bus by ARN and keeps the Time the caller set', async () => {
    plane = await createEventPlane(config());
    const output = await client(plane.endpoint).send(
      new PutEventsCommand({
        Entries: [
          {
            ...attended('grace@example.org'),
            EventBusName: `arn:aws:events:${region}:000000000000:event-bus/badges`,
            Time: new Date('2026-03-01T10:20:30.456Z'),
          },
        ],
      }),
    );

    expect(output.FailedEntryCount).toBe(0);
    const [message] = await plane.queue('awards').receive();
    expect(JSON.parse(message?.body ?? '{}').time).toBe('2026-03-01T10:20:30Z');
  });

  it('reports invalid entries one by one and still delivers the valid ones', async () => {
    plane = await createEventPlane(config());
    const output = await client(plane.endpoint).send(
      new PutEventsCommand({
        Entries: [
          { EventBusName: 'badges', Source: 'badges.registration', DetailType: 'attended' },
          { ...attended('x'), Detail: 'not json' },
          { ...attended('x'), Detail: '["an array"]' },
          { ...attended('x'), EventBusName: 'no-such-bus' },
          { ...attended('x'), Source: 'aws.ec2' },
          { ...attended('x'), DetailType: '' },
          attended('valid@example.org'),
        ],
      }),
    );

    expect(output.FailedEntryCount).toBe(6);
    expect(output.Entries?.map((entry) => entry.ErrorCode ?? 'accepted')).toEqual([
      'InvalidArgument',
      'MalformedDetail',
      'MalformedDetail',
      'ResourceNotFoundException',
      'NotAuthorizedForSourceException',
      'InvalidArgument',
      'accepted',
    ]);
    expect(output.Entries?.[0]?.ErrorMessage).toBe(
      'Parameter Detail is not valid. Reason: Detail is a required argument.',
    );
    expect(output.Entries?.[3]?.ErrorMessage).toBe('Event bus no-such-bus does not exist.');
    expect(plane.queue('awards').counts().total).toBe(1);
  });

  it('delivers only the events the rule pattern matches', async () => {
    plane = await createEventPlane(config());
    const output = await client(plane.endpoint).send(
      new PutEventsCommand({
        Entries: [
          { ...attended('a'), DetailType: 'organized' },
          { ...attended('b'), Source: 'another.system' },
          { ...attended('c'), EventBusName: undefined },
          attended('d'),
        ],
      }),
    );

    expect(output.FailedEntryCount).toBe(0);
    const messages = await plane.queue('awards').receive({ maxMessages: 10 });
    expect(messages.map((message) => JSON.parse(message.body).detail.participant)).toEqual(['d']);
  });

  it('rejects more than ten entries as a whole, as a JSON 1.1 ValidationException', async () => {
    plane = await createEventPlane(config());
    const entries = Array.from({ length: 11 }, (_, index) => attended(String(index)));

    await expect(
      client(plane.endpoint).send(new PutEventsCommand({ Entries: entries })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      $metadata: { httpStatusCode: 400 },
    });
    expect(plane.queue('awards').counts().total).toBe(0);
  });

  it('rejects a request whose entries exceed 256 KB', async () => {
    plane = await createEventPlane(config());
    const big = JSON.stringify({ padding: 'x'.repeat(140 * 1024) });
    const entries = [
      { ...attended('a'), Detail: big },
      { ...attended('b'), Detail: big },
    ];

    await expect(
      client(plane.endpoint).send(new PutEventsCommand({ Entries: entries })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Total size of the entries in the request is over the limit.',
    });
  });

  it('answers the read-only bus calls the SDK offers', async () => {
    plane = await createEventPlane(config());
    const events = client(plane.endpoint);

    const bus = await events.send(new DescribeEventBusCommand({ Name: 'badges' }));
    const rules = await events.send(new ListRulesCommand({ EventBusName: 'badges' }));
    const match = await events.send(
      new TestEventPatternCommand({
        EventPattern: JSON.stringify({ source: [{ prefix: 'badges.' }] }),
        Event: JSON.stringify({ source: 'badges.registration' }),
      }),
    );

    expect(bus).toMatchObject({
      Name: 'badges',
      Arn: `arn:aws:events:${region}:000000000000:event-bus/badges`,
    });
    expect(
      rules.Rules?.map((rule) => [rule.Name, rule.State, JSON.parse(rule.EventPattern ?? '{}')]),
    ).toEqual([
      [
        'participation-to-awards',
        'ENABLED',
        { source: ['badges.registration'], 'detail-type': ['attended', 'spoke'] },
      ],
    ]);
    expect(match.Result).toBe(true);
    await expect(events.send(new DescribeEventBusCommand({ Name: 'missing' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    await expect(
      events.send(new TestEventPatternCommand({ EventPattern: '{"source": "not-a-list"}', Event: '{}' })),
    ).rejects.toMatchObject({ name: 'InvalidEventPatternException' });
  });

  it('answers an unknown operation with a well-formed JSON 1.1 error', async () => {
    plane = await createEventPlane(config());
    const response = await fetch(plane.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSEvents.DeleteEventBus' },
      body: '{"Name":"badges"}',
    });

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(await response.json()).toEqual({
      __type: 'UnknownOperationException',
      message: 'Unsupported operation AWSEvents.DeleteEventBus',
    });
  });

  it('keeps acknowledged events across a restart on the same data directory', async () => {
    plane = await createEventPlane(config());
    const output = await plane.putEvents([attended('kept@example.org')]);
    await plane.stop();

    plane = await createEventPlane(config());
    const [message] = await plane.queue('awards').receive();
    expect(JSON.parse(message?.body ?? '{}').id).toBe((output.Entries[0] as { EventId: string }).EventId);
  });

  it.each([
    [
      'a rule target that is not a configured queue',
      {
        buses: [
          {
            name: 'badges',
            rules: [{ name: 'r', eventPattern: { source: ['a'] }, targets: [{ queueName: 'nope' }] }],
          },
        ],
      },
      'EVENT_PLANE_CONFIG_INVALID',
    ],
    [
      'an invalid event pattern',
      {
        buses: [
          {
            name: 'badges',
            rules: [{ name: 'r', eventPattern: { source: 'a' }, targets: [{ queueName: 'awards' }] }],
          },
        ],
      },
      'INVALID_EVENT_PATTERN',
    ],
    [
      'an unknown dead-letter queue',
      { queues: [{ name: 'awards', deadLetter: { queueName: 'missing', maxReceiveCount: 3 } }] },
      'EVENT_PLANE_CONFIG_INVALID',
    ],
  ])('refuses a configuration with %s', async (_case, override, code) => {
    await expect(createEventPlane({ ...config(), ...override } as EventPlaneConfig)).rejects.toMatchObject({
      code,
    });
  });
});
