import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { DurableQueue, md5 } from '../../../../local/events/durable-queue.js';
import { type EventSourcePoller, type PollerOptions, startPoller } from '../../../../local/events/poller.js';
import { gate, waitFor } from './wait-for.js';

const running: EventSourcePoller[] = [];
const queues: DurableQueue[] = [];
const quiet = { warn: () => undefined };

async function memoryQueue(name: string, options: Partial<Parameters<typeof DurableQueue.open>[0]> = {}) {
  // Short enough to keep retries quick, long enough that a loaded machine does not expire a batch mid-invocation.
  const queue = await DurableQueue.open({ name, visibilityTimeoutSeconds: 0.5, ...options });
  queues.push(queue);
  return queue;
}

function poll(options: PollerOptions): EventSourcePoller {
  const poller = startPoller({ logger: quiet, ...options });
  running.push(poller);
  return poller;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((poller) => poller.stop()));
  await Promise.all(queues.splice(0).map((queue) => queue.close()));
});

describe('SQS event source poller', () => {
  it('invokes the handler with an SQS event and a Lambda context shaped as Lambda builds them', async () => {
    const queue = await memoryQueue('awards');
    const invocations: { event: SQSEvent; context: Context; remaining: number }[] = [];
    const { messageId } = await queue.send('{"id":"e1"}', {
      messageAttributes: { origin: { dataType: 'String', stringValue: 'test' } },
    });
    poll({
      queue,
      functionName: 'award',
      region: 'eu-west-1',
      handler: (event, context) => {
        invocations.push({ event, context, remaining: context.getRemainingTimeInMillis() });
      },
    });

    const [invocation] = await waitFor(() => invocations.length > 0 && invocations);

    const record = invocation?.event.Records[0] as SQSRecord;
    expect(record).toMatchObject({
      messageId,
      body: '{"id":"e1"}',
      md5OfBody: md5('{"id":"e1"}'),
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:eu-west-1:000000000000:awards',
      awsRegion: 'eu-west-1',
      attributes: { ApproximateReceiveCount: '1', SenderId: '000000000000' },
      messageAttributes: {
        origin: { dataType: 'String', stringValue: 'test', stringListValues: [], binaryListValues: [] },
      },
    });
    expect(record.receiptHandle).toEqual(expect.any(String));
    expect(record.attributes.SentTimestamp).toMatch(/^\d+$/);
    expect(record.attributes.ApproximateFirstReceiveTimestamp).toMatch(/^\d+$/);
    expect(invocation?.context).toMatchObject({
      functionName: 'award',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:award',
      logGroupName: '/aws/lambda/award',
    });
    expect(invocation?.context.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(invocation?.remaining).toBeGreaterThan(0);
    expect(invocation?.remaining).toBeLessThanOrEqual(30_000);
  });

  it('deletes the messages of a successful invocation', async () => {
    const queue = await memoryQueue('awards');
    await queue.sendBatch([{ body: 'a' }, { body: 'b' }, { body: 'c' }]);
    const poller = poll({ queue, handler: () => undefined });

    await waitFor(() => poller.stats().recordsDeleted === 3);
    expect(queue.counts().total).toBe(0);
  });

  it('retries only the records named in batchItemFailures', async () => {
    const queue = await memoryQueue('awards');
    await queue.sendBatch([{ body: 'ok-1' }, { body: 'fails-once' }, { body: 'ok-2' }]);
    const seen: { body: string; receiveCount: string }[] = [];
    poll({
      queue,
      reportBatchItemFailures: true,
      handler: (event) => {
        for (const record of event.Records) {
          seen.push({ body: record.body, receiveCount: record.attributes.ApproximateReceiveCount });
        }
        const failed = event.Records.filter(
          (record) => record.body === 'fails-once' && record.attributes.ApproximateReceiveCount === '1',
        );
        return { batchItemFailures: failed.map((record) => ({ itemIdentifier: record.messageId })) };
      },
    });

    await waitFor(() => queue.counts().total === 0);
    expect(seen).toEqual([
      { body: 'ok-1', receiveCount: '1' },
      { body: 'fails-once', receiveCount: '1' },
      { body: 'ok-2', receiveCount: '1' },
      { body: 'fails-once', receiveCount: '2' },
    ]);
  });

  it('retries the whole batch when the handler throws', async () => {
    const queue = await memoryQueue('awards');
    await queue.sendBatch([{ body: 'a' }, { body: 'b' }]);
    const attempts: string[][] = [];
    const poller = poll({
      queue,
      reportBatchItemFailures: true,
      handler: (event) => {
        attempts.push(
          event.Records.map((record) => `${record.body}#${record.attributes.ApproximateReceiveCount}`),
        );
        if (attempts.length === 1) throw new Error('database unavailable');
      },
    });

    await waitFor(() => queue.counts().total === 0);
    expect(attempts).toEqual([
      ['a#1', 'b#1'],
      ['a#2', 'b#2'],
    ]);
    expect(poller.stats().outcomes).toEqual({ success: 1, 'partial-failure': 0, failure: 1 });
  });

  it.each([
    ['an unknown message id', { batchItemFailures: [{ itemIdentifier: 'not-in-batch' }] }],
    ['an empty identifier', { batchItemFailures: [{ itemIdentifier: '' }] }],
    ['a null identifier', { batchItemFailures: [{ itemIdentifier: null }] }],
    ['a misspelt key', { batchItemFailures: [{ itemId: 'x' }] }],
    ['a list that is not a list', { batchItemFailures: 'all' }],
    ['a response that is not an object', 'done'],
  ])('fails the whole batch for a response with %s', async (_case, response) => {
    const queue = await memoryQueue('awards');
    await queue.sendBatch([{ body: 'a' }, { body: 'b' }]);
    let calls = 0;
    const poller = poll({
      queue,
      reportBatchItemFailures: true,
      handler: () => {
        calls += 1;
        return calls === 1 ? response : undefined;
      },
    });

    await waitFor(() => queue.counts().total === 0);
    expect(poller.stats()).toMatchObject({ invocations: 2, recordsRetried: 2, recordsDeleted: 2 });
  });

  it.each([
    ['nothing', undefined],
    ['an empty object', {}],
    ['a null list', { batchItemFailures: null }],
    ['an empty list', { batchItemFailures: [] }],
  ])('treats %s as a complete success', async (_case, response) => {
    const queue = await memoryQueue('awards');
    await queue.sendBatch([{ body: 'a' }, { body: 'b' }]);
    const poller = poll({ queue, reportBatchItemFailures: true, handler: () => response });

    await waitFor(() => poller.stats().invocations === 1);
    expect(poller.stats()).toMatchObject({ recordsDeleted: 2, recordsRetried: 0 });
  });

  it('ignores batchItemFailures unless ReportBatchItemFailures is enabled', async () => {
    const queue = await memoryQueue('awards');
    await queue.send('a');
    const poller = poll({
      queue,
      handler: (event) => ({ batchItemFailures: [{ itemIdentifier: event.Records[0]?.messageId }] }),
    });

    await waitFor(() => poller.stats().invocations === 1);
    expect(poller.stats()).toMatchObject({ recordsDeleted: 1, recordsRetried: 0 });
  });

  it('sends a poison message to the dead-letter queue after its retries and processes the rest of its batch', async () => {
    const deadLetter = await memoryQueue('awards-dlq');
    const queue = await memoryQueue('awards', { deadLetter: { queue: deadLetter, maxReceiveCount: 3 } });
    await queue.sendBatch([{ body: 'good-1' }, { body: 'poison' }, { body: 'good-2' }]);
    const processed: string[] = [];
    let poisonAttempts = 0;
    poll({
      queue,
      reportBatchItemFailures: true,
      handler: (event) => {
        const failures = [];
        for (const record of event.Records) {
          if (record.body === 'poison') {
            poisonAttempts += 1;
            failures.push({ itemIdentifier: record.messageId });
          } else {
            processed.push(record.body);
          }
        }
        return { batchItemFailures: failures };
      },
    });

    await waitFor(() => deadLetter.counts().total === 1);
    const [moved] = await deadLetter.receive();
    expect(moved?.body).toBe('poison');
    // Like SQS, the count carries over: three receives in the source queue, this one in the dead-letter queue.
    expect(moved?.attributes.ApproximateReceiveCount).toBe('4');
    expect(poisonAttempts).toBe(3);
    expect(processed).toEqual(['good-1', 'good-2']);
    expect(queue.counts().total).toBe(0);
  });

  it('never hands more than batchSize records to one invocation and gathers within the batching window', async () => {
    const queue = await memoryQueue('awards', { visibilityTimeoutSeconds: 30 });
    const batchSizes: number[] = [];
    poll({
      queue,
      batchSize: 4,
      maximumBatchingWindowSeconds: 5,
      maximumConcurrency: 1,
      handler: (event) => {
        batchSizes.push(event.Records.length);
      },
    });
    // Sent one by one after the poller started: the window lets the first invocation wait for a full batch.
    for (let index = 0; index < 8; index++) await queue.send(`message-${index}`);

    await waitFor(() => queue.counts().total === 0 && batchSizes.length === 2);
    expect(batchSizes).toEqual([4, 4]);
  });

  it('runs at most maximumConcurrency invocations at once', async () => {
    const queue = await memoryQueue('awards', { visibilityTimeoutSeconds: 30 });
    await queue.sendBatch(Array.from({ length: 12 }, (_, index) => ({ body: String(index) })));
    const release = gate();
    let active = 0;
    let maxActive = 0;
    const poller = poll({
      queue,
      batchSize: 1,
      maximumConcurrency: 3,
      handler: async () => {
        active += 1;
        maxActive = Math.max(maxActive, active);
        await release.promise;
        active -= 1;
      },
    });

    await waitFor(() => active === 3);
    // Busy workers do not poll, so nothing beyond the three running batches is taken from the queue.
    expect(queue.counts()).toEqual({ visible: 9, inFlight: 3, total: 12 });
    release.open();
    await waitFor(() => poller.stats().recordsDeleted === 12);
    expect(maxActive).toBe(3);
  });

  it('fails a batch whose invocation outlives the function timeout', async () => {
    const queue = await memoryQueue('awards');
    await queue.send('slow');
    const hang = gate();
    let calls = 0;
    const poller = poll({
      queue,
      functionTimeoutSeconds: 0.05,
      handler: async () => {
        calls += 1;
        if (calls === 1) await hang.promise;
      },
    });

    await waitFor(() => poller.stats().invocations === 2);
    expect(poller.stats().outcomes).toMatchObject({ failure: 1, success: 1 });
    hang.open();
  });

  it('waits for running invocations when stopped', async () => {
    const queue = await memoryQueue('awards', { visibilityTimeoutSeconds: 30 });
    await queue.send('in-flight');
    const release = gate();
    let started = false;
    const poller = poll({
      queue,
      handler: async () => {
        started = true;
        await release.promise;
      },
    });
    await waitFor(() => started);

    let stopped = false;
    const stopping = poller.stop().then(() => {
      stopped = true;
    });
    await Promise.resolve();
    expect(stopped).toBe(false);
    release.open();
    await stopping;

    expect(stopped).toBe(true);
    expect(queue.counts().total).toBe(0);
  });

  it('rejects an invalid mapping with a coded error', async () => {
    const queue = await memoryQueue('awards');
    expect(() => startPoller({ queue, handler: () => undefined, batchSize: 0 })).toThrow(
      expect.objectContaining({ code: 'EVENT_SOURCE_MAPPING_INVALID' }),
    );
  });
});
