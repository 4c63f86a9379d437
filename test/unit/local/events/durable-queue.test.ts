import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DurableQueue, md5 } from '../../../../local/events/durable-queue.js';

let directory: string;
const opened: DurableQueue[] = [];

async function openQueue(
  options: Partial<Parameters<typeof DurableQueue.open>[0]> = {},
): Promise<DurableQueue> {
  const queue = await DurableQueue.open({
    name: 'awards',
    directory,
    visibilityTimeoutSeconds: 30,
    ...options,
  });
  opened.push(queue);
  return queue;
}

async function logLines(name: string): Promise<number> {
  const text = await readFile(join(directory, `${name}.log`), 'utf8');
  return text.split('\n').filter((line) => line !== '').length;
}

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'durable-queue-'));
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((queue) => queue.close()));
  await rm(directory, { recursive: true, force: true });
});

describe('DurableQueue', () => {
  it('delivers a sent message with SQS attributes', async () => {
    const queue = await openQueue();
    const sent = await queue.send('{"hello":"world"}', {
      messageAttributes: { kind: { dataType: 'String', stringValue: 'greeting' } },
    });

    const [message] = await queue.receive({ maxMessages: 10 });

    expect(message).toMatchObject({
      messageId: sent.messageId,
      body: '{"hello":"world"}',
      md5OfBody: md5('{"hello":"world"}'),
      attributes: { ApproximateReceiveCount: '1', SenderId: '000000000000' },
      messageAttributes: { kind: { dataType: 'String', stringValue: 'greeting' } },
    });
    expect(Number(message?.attributes.SentTimestamp)).toBeGreaterThan(0);
    expect(Number(message?.attributes.ApproximateFirstReceiveTimestamp)).toBeGreaterThanOrEqual(
      Number(message?.attributes.SentTimestamp),
    );
    expect(sent.md5OfBody).toBe(md5('{"hello":"world"}'));
  });

  it('hides a received message until its visibility timeout ends, then delivers it again', async () => {
    const queue = await openQueue({ visibilityTimeoutSeconds: 1 });
    await queue.send('a');
    const [first] = await queue.receive();

    expect(await queue.receive()).toEqual([]);
    const [again] = await queue.receive({ waitTimeSeconds: 10 });

    expect(again?.messageId).toBe(first?.messageId);
    expect(again?.attributes.ApproximateReceiveCount).toBe('2');
    expect(again?.receiptHandle).not.toBe(first?.receiptHandle);
  });

  it('deletes a message only with its latest receipt handle', async () => {
    const queue = await openQueue();
    await queue.send('a');
    const [first] = await queue.receive();
    queue.changeVisibility(first?.receiptHandle ?? '', 0);
    const [second] = await queue.receive();

    expect(await queue.delete(first?.receiptHandle ?? '')).toBe(false);
    expect(await queue.delete(second?.receiptHandle ?? '')).toBe(true);
    expect(queue.counts()).toEqual({ visible: 0, inFlight: 0, total: 0 });
  });

  it('rejects a malformed receipt handle with a coded error', async () => {
    const queue = await openQueue();
    await expect(queue.delete('not-a-handle')).rejects.toMatchObject({ code: 'RECEIPT_HANDLE_INVALID' });
  });

  it('returns at most maxMessages and refuses more than ten', async () => {
    const queue = await openQueue();
    await queue.sendBatch(Array.from({ length: 15 }, (_, index) => ({ body: String(index) })));

    expect(await queue.receive({ maxMessages: 10 })).toHaveLength(10);
    expect(await queue.receive({ maxMessages: 10 })).toHaveLength(5);
    await expect(queue.receive({ maxMessages: 11 })).rejects.toMatchObject({ code: 'QUEUE_RECEIVE_INVALID' });
  });

  it('wakes a long poll as soon as a message is sent', async () => {
    const queue = await openQueue();
    const polling = queue.receive({ waitTimeSeconds: 20 });
    await queue.send('late');

    expect((await polling).map((message) => message.body)).toEqual(['late']);
  });

  it('ends a long poll early when its signal aborts', async () => {
    const queue = await openQueue();
    const controller = new AbortController();
    const polling = queue.receive({ waitTimeSeconds: 20, signal: controller.signal });
    controller.abort();

    expect(await polling).toEqual([]);
  });

  it('moves a message received maxReceiveCount times to the dead-letter queue on the next receive', async () => {
    const deadLetter = await openQueue({ name: 'awards-dlq' });
    const queue = await openQueue({ deadLetter: { queue: deadLetter, maxReceiveCount: 2 } });
    const { messageId } = await queue.send('poison');

    for (let attempt = 1; attempt <= 2; attempt++) {
      const [message] = await queue.receive();
      expect(message?.attributes.ApproximateReceiveCount).toBe(String(attempt));
      queue.changeVisibility(message?.receiptHandle ?? '', 0);
    }

    expect(await queue.receive()).toEqual([]);
    expect(queue.counts().total).toBe(0);
    const [moved] = await deadLetter.receive();
    expect(moved).toMatchObject({ messageId, body: 'poison' });
  });

  it('keeps every undeleted message, visible again, with its receive count after a restart', async () => {
    const queue = await openQueue();
    const sent = await queue.sendBatch([{ body: 'kept' }, { body: 'deleted' }, { body: 'in-flight' }]);
    const received = await queue.receive({ maxMessages: 3 });
    const deleted = received.find((message) => message.body === 'deleted');
    await queue.delete(deleted?.receiptHandle ?? '');
    await queue.close();

    const reopened = await openQueue();
    const after = await reopened.receive({ maxMessages: 10 });

    expect(after.map((message) => message.body).sort()).toEqual(['in-flight', 'kept']);
    expect(after.map((message) => message.attributes.ApproximateReceiveCount)).toEqual(['2', '2']);
    expect(after.map((message) => message.messageId).sort()).toEqual(
      sent
        .filter((_, index) => index !== 1)
        .map((message) => message.messageId)
        .sort(),
    );
  });

  it('recovers from a line torn by a crash and keeps appending', async () => {
    const queue = await openQueue();
    await queue.send('whole');
    await queue.close();
    await appendFile(join(directory, 'awards.log'), '{"t":"s","id":"torn","bo');

    const reopened = await openQueue();
    await reopened.send('after');
    await reopened.close();
    const third = await openQueue();

    expect((await third.receive({ maxMessages: 10 })).map((message) => message.body)).toEqual([
      'whole',
      'after',
    ]);
  });

  it('compacts a log that holds mostly deleted messages without losing live ones', async () => {
    const queue = await openQueue();
    for (let round = 0; round < 200; round++) {
      await queue.sendBatch(Array.from({ length: 10 }, (_, index) => ({ body: `${round}-${index}` })));
      const received = await queue.receive({ maxMessages: 10 });
      await queue.deleteBatch(received.map((message) => message.receiptHandle));
    }
    await queue.send('survivor');
    await queue.close();

    // 200 rounds write 6,000 lines; compaction keeps the file near its live content.
    expect(await logLines('awards')).toBeLessThan(2_100);
    const reopened = await openQueue();
    expect((await reopened.receive({ maxMessages: 10 })).map((message) => message.body)).toEqual([
      'survivor',
    ]);
  });

  it('works the same in memory', async () => {
    const queue = await DurableQueue.open({ name: 'memory', visibilityTimeoutSeconds: 30 });
    opened.push(queue);
    await queue.send('x');
    const [message] = await queue.receive();

    expect(await queue.delete(message?.receiptHandle ?? '')).toBe(true);
    expect(queue.counts().total).toBe(0);
  });

  it('rejects an invalid queue name', async () => {
    await expect(DurableQueue.open({ name: 'bad name!' })).rejects.toMatchObject({
      code: 'QUEUE_NAME_INVALID',
    });
  });
});
