import {
  ChangeMessageVisibilityBatchCommand,
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  QueueDoesNotExist,
  ReceiptHandleIsInvalid,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEventPlane, type EventPlane } from '../../../local/events/index.js';
import { waitFor } from '../../unit/local/events/wait-for.js';

const region = 'eu-west-1';
let plane: EventPlane;
let sqs: SQSClient;
let awardsUrl: string;
let deadLetterUrl: string;

beforeEach(async () => {
  plane = await createEventPlane({
    inMemory: true,
    region,
    buses: [],
    queues: [
      {
        name: 'awards',
        visibilityTimeoutSeconds: 30,
        deadLetter: { queueName: 'awards-dlq', maxReceiveCount: 3 },
      },
      { name: 'awards-dlq' },
    ],
  });
  sqs = new SQSClient({
    endpoint: plane.sqsEndpoint,
    region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  awardsUrl = (await sqs.send(new GetQueueUrlCommand({ QueueName: 'awards' }))).QueueUrl as string;
  deadLetterUrl = (await sqs.send(new GetQueueUrlCommand({ QueueName: 'awards-dlq' }))).QueueUrl as string;
});

afterEach(async () => {
  sqs.destroy();
  await plane.stop();
});

async function counts(queueUrl: string): Promise<Record<string, string> | undefined> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return Attributes;
}

async function rejection(promise: Promise<unknown>): Promise<Error & { Code?: string }> {
  return promise.then(
    () => {
      throw new Error('expected the call to be rejected');
    },
    (error: Error & { Code?: string }) => error,
  );
}

describe('SQS endpoint: messages through @aws-sdk/client-sqs', () => {
  it('sends a permanent failure to the DLQ with its reason as attributes, and receives, then deletes it', async () => {
    const sent = await sqs.send(
      new SendMessageCommand({
        QueueUrl: deadLetterUrl,
        MessageBody: '{"participant":"p-1"}',
        MessageAttributes: {
          errorCode: { DataType: 'String', StringValue: 'EVENT_INVALID' },
          errorMessage: { DataType: 'String', StringValue: 'detail.session is missing' },
          attempts: { DataType: 'Number', StringValue: '1' },
          digest: { DataType: 'Binary', BinaryValue: Uint8Array.of(0, 1, 254, 255) },
        },
      }),
    );

    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: deadLetterUrl,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      }),
    );
    const [message] = Messages ?? [];
    expect(message).toMatchObject({
      MessageId: sent.MessageId,
      Body: '{"participant":"p-1"}',
      Attributes: { ApproximateReceiveCount: '1' },
      MD5OfMessageAttributes: sent.MD5OfMessageAttributes,
      MessageAttributes: {
        errorCode: { DataType: 'String', StringValue: 'EVENT_INVALID' },
        errorMessage: { DataType: 'String', StringValue: 'detail.session is missing' },
        attempts: { DataType: 'Number', StringValue: '1' },
      },
    });
    expect(Object.keys(message?.Attributes ?? {})).toEqual(['ApproximateReceiveCount']);
    expect([...(message?.MessageAttributes?.digest?.BinaryValue ?? [])]).toEqual([0, 1, 254, 255]);
    expect(await counts(deadLetterUrl)).toEqual({
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '1',
    });

    await sqs.send(
      new DeleteMessageCommand({ QueueUrl: deadLetterUrl, ReceiptHandle: message?.ReceiptHandle }),
    );
    expect(await counts(deadLetterUrl)).toEqual({
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '0',
    });
  });

  it('returns the MD5 of message attributes that SQS computes', async () => {
    // AWS's published example: two string attributes, digest d53f3b558fe951154770f25cb63dbba9.
    const sent = await sqs.send(
      new SendMessageCommand({
        QueueUrl: awardsUrl,
        MessageBody: 'x',
        MessageAttributes: {
          test_attribute_name_1: { DataType: 'String', StringValue: 'test_attribute_value_1' },
          test_attribute_name_2: { DataType: 'String', StringValue: 'test_attribute_value_2' },
        },
      }),
    );
    expect(sent.MD5OfMessageAttributes).toBe('d53f3b558fe951154770f25cb63dbba9');
    expect(sent.MD5OfMessageBody).toBe('9dd4e461268c8034f5c8564e155c67a6');
  });

  it('returns only the message attributes asked for, with a digest of those', async () => {
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: awardsUrl,
        MessageBody: 'x',
        MessageAttributes: {
          errorCode: { DataType: 'String', StringValue: 'EVENT_INVALID' },
          errorMessage: { DataType: 'String', StringValue: 'detail.session is missing' },
        },
      }),
    );
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: awardsUrl, MessageAttributeNames: ['errorCode'] }),
    );
    const [message] = Messages ?? [];
    expect(Object.keys(message?.MessageAttributes ?? {})).toEqual(['errorCode']);
    expect(message?.Attributes).toBeUndefined();
    const single = await sqs.send(
      new SendMessageCommand({
        QueueUrl: deadLetterUrl,
        MessageBody: 'x',
        MessageAttributes: { errorCode: { DataType: 'String', StringValue: 'EVENT_INVALID' } },
      }),
    );
    expect(message?.MD5OfMessageAttributes).toBe(single.MD5OfMessageAttributes);
  });

  it('answers a long poll as soon as a message arrives', async () => {
    const receive = vi.spyOn(plane.queue('awards'), 'receive');
    const polling = sqs.send(
      new ReceiveMessageCommand({ QueueUrl: awardsUrl, WaitTimeSeconds: 20, MessageAttributeNames: ['All'] }),
    );
    // The poll is waiting in the queue before anything is sent to it.
    await waitFor(() => receive.mock.calls.length > 0, { description: 'the long poll to reach the queue' });
    expect(plane.queue('awards').counts().total).toBe(0);

    await sqs.send(
      new SendMessageCommand({
        QueueUrl: awardsUrl,
        MessageBody: 'late',
        MessageAttributes: { errorCode: { DataType: 'String', StringValue: 'NONE' } },
      }),
    );

    const { Messages } = await polling;
    expect(Messages?.map((message) => message.Body)).toEqual(['late']);
    expect(Messages?.[0]?.MessageAttributes?.errorCode?.StringValue).toBe('NONE');
  }, 10_000);

  it('answers a long poll with no messages when the plane stops', async () => {
    const receive = vi.spyOn(plane.queue('awards'), 'receive');
    const polling = sqs.send(new ReceiveMessageCommand({ QueueUrl: awardsUrl, WaitTimeSeconds: 20 }));
    await waitFor(() => receive.mock.calls.length > 0, { description: 'the long poll to reach the queue' });

    await plane.stop();

    expect((await polling).Messages).toBeUndefined();
  }, 10_000);

  it('hides a received message for its visibility timeout until ChangeMessageVisibility releases it', async () => {
    await sqs.send(new SendMessageCommand({ QueueUrl: awardsUrl, MessageBody: 'retry me' }));
    const first = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: awardsUrl,
        VisibilityTimeout: 600,
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      }),
    );
    const handle = first.Messages?.[0]?.ReceiptHandle;
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: awardsUrl }))).Messages).toBeUndefined();

    await sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: awardsUrl,
        ReceiptHandle: handle,
        VisibilityTimeout: 0,
      }),
    );

    const second = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: awardsUrl, AttributeNames: ['All'], VisibilityTimeout: 600 }),
    );
    expect(second.Messages?.[0]).toMatchObject({
      Body: 'retry me',
      Attributes: { ApproximateReceiveCount: '2', SenderId: '000000000000' },
    });
    // The first receipt handle is stale now: only the latest one acts on the message.
    const stale = await rejection(
      sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: awardsUrl,
          ReceiptHandle: handle,
          VisibilityTimeout: 0,
        }),
      ),
    );
    expect(stale.name).toBe('InvalidParameterValue');
    await sqs.send(new DeleteMessageCommand({ QueueUrl: awardsUrl, ReceiptHandle: handle }));
    expect(plane.queue('awards').counts().total).toBe(1);
  });

  it('reports the failing entries of a batch and carries out the others', async () => {
    const sent = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: awardsUrl,
        Entries: [
          { Id: 'valid', MessageBody: 'ok' },
          { Id: 'control-character', MessageBody: 'bad\u0000body' },
          {
            Id: 'reserved-attribute',
            MessageBody: 'ok too',
            MessageAttributes: { 'AWS.trace': { DataType: 'String', StringValue: 'x' } },
          },
          { Id: 'second-valid', MessageBody: 'ok again' },
        ],
      }),
    );
    expect(sent.Successful?.map((entry) => entry.Id)).toEqual(['valid', 'second-valid']);
    expect(sent.Failed).toEqual([
      expect.objectContaining({ Id: 'control-character', Code: 'InvalidMessageContents', SenderFault: true }),
      expect.objectContaining({ Id: 'reserved-attribute', Code: 'InvalidParameterValue', SenderFault: true }),
    ]);

    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: awardsUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 600 }),
    );
    expect(Messages.map((message) => message.Body).sort()).toEqual(['ok', 'ok again']);
    const [kept, removed] = Messages;

    const visibility = await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: awardsUrl,
        Entries: [
          { Id: 'release', ReceiptHandle: kept?.ReceiptHandle, VisibilityTimeout: 0 },
          { Id: 'too-long', ReceiptHandle: removed?.ReceiptHandle, VisibilityTimeout: 43_201 },
        ],
      }),
    );
    expect(visibility.Successful).toEqual([{ Id: 'release' }]);
    expect(visibility.Failed).toEqual([
      expect.objectContaining({ Id: 'too-long', Code: 'InvalidParameterValue' }),
    ]);

    const deleted = await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: awardsUrl,
        Entries: [
          { Id: 'removed', ReceiptHandle: removed?.ReceiptHandle },
          { Id: 'forged', ReceiptHandle: 'not-a-receipt-handle' },
        ],
      }),
    );
    expect(deleted.Successful).toEqual([{ Id: 'removed' }]);
    expect(deleted.Failed).toEqual([
      expect.objectContaining({ Id: 'forged', Code: 'ReceiptHandleIsInvalid' }),
    ]);
    expect(plane.queue('awards').counts()).toMatchObject({ visible: 1, inFlight: 0 });
  });

  it('rejects a whole batch that is empty, too long or has repeated ids', async () => {
    const entries = (count: number) =>
      Array.from({ length: count }, (_, index) => ({ Id: `m${index}`, MessageBody: 'x' }));
    const tooMany = await rejection(
      sqs.send(new SendMessageBatchCommand({ QueueUrl: awardsUrl, Entries: entries(11) })),
    );
    const empty = await rejection(
      sqs.send(new SendMessageBatchCommand({ QueueUrl: awardsUrl, Entries: [] })),
    );
    const repeated = await rejection(
      sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: awardsUrl,
          Entries: [
            { Id: 'a', ReceiptHandle: 'x' },
            { Id: 'a', ReceiptHandle: 'y' },
          ],
        }),
      ),
    );
    const oversized = await rejection(
      sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: awardsUrl,
          Entries: [
            { Id: 'first', MessageBody: 'a'.repeat(200_000) },
            { Id: 'second', MessageBody: 'b'.repeat(200_000) },
          ],
        }),
      ),
    );

    expect([tooMany.name, empty.name, repeated.name, oversized.name]).toEqual([
      'TooManyEntriesInBatchRequest',
      'EmptyBatchRequest',
      'BatchEntryIdsNotDistinct',
      'BatchRequestTooLong',
    ]);
    expect(tooMany.Code).toBe('AWS.SimpleQueueService.TooManyEntriesInBatchRequest');
    expect(plane.queue('awards').counts().total).toBe(0);
  });

  it('answers calls on a queue that does not exist with QueueDoesNotExist', async () => {
    const calls = [
      sqs.send(new GetQueueUrlCommand({ QueueName: 'badges' })),
      sqs.send(
        new SendMessageCommand({ QueueUrl: awardsUrl.replace(/awards$/, 'badges'), MessageBody: 'x' }),
      ),
      sqs.send(new ReceiveMessageCommand({ QueueUrl: `arn:aws:sqs:${region}:000000000000:badges` })),
      sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: awardsUrl.replace('000000000000', '123456789012') }),
      ),
    ];
    for (const call of calls) {
      const error = await rejection(call);
      expect(error).toBeInstanceOf(QueueDoesNotExist);
      expect(error.Code).toBe('AWS.SimpleQueueService.NonExistentQueue');
    }
  });

  it('rejects receipt handles it never issued', async () => {
    const error = await rejection(
      sqs.send(new DeleteMessageCommand({ QueueUrl: awardsUrl, ReceiptHandle: 'AQEBzbVv...forged' })),
    );
    expect(error).toBeInstanceOf(ReceiptHandleIsInvalid);
  });

  it('validates parameters as SQS does', async () => {
    const atLimit = 'x'.repeat(256 * 1024);
    await sqs.send(new SendMessageCommand({ QueueUrl: awardsUrl, MessageBody: atLimit }));

    const cases = await Promise.all([
      rejection(sqs.send(new ReceiveMessageCommand({ QueueUrl: awardsUrl, MaxNumberOfMessages: 11 }))),
      rejection(sqs.send(new ReceiveMessageCommand({ QueueUrl: awardsUrl, MaxNumberOfMessages: 0 }))),
      rejection(sqs.send(new ReceiveMessageCommand({ QueueUrl: awardsUrl, WaitTimeSeconds: 21 }))),
      rejection(sqs.send(new SendMessageCommand({ QueueUrl: awardsUrl, MessageBody: `${atLimit}x` }))),
      rejection(
        sqs.send(
          new SendMessageCommand({
            QueueUrl: awardsUrl,
            MessageBody: atLimit.slice(10),
            MessageAttributes: { errorCode: { DataType: 'String', StringValue: 'EVENT_INVALID' } },
          }),
        ),
      ),
      rejection(sqs.send(new SendMessageCommand({ QueueUrl: awardsUrl, MessageBody: '' }))),
      rejection(sqs.send(new SendMessageCommand({ QueueUrl: awardsUrl, MessageBody: 'x', DelaySeconds: 5 }))),
      rejection(
        sqs.send(new GetQueueAttributesCommand({ QueueUrl: awardsUrl, AttributeNames: ['Colour' as 'All'] })),
      ),
    ]);

    expect(cases.map((error) => error.name)).toEqual([
      'InvalidParameterValue',
      'InvalidParameterValue',
      'InvalidParameterValue',
      'InvalidParameterValue',
      'InvalidParameterValue',
      'MissingParameter',
      'UnsupportedOperation',
      'InvalidAttributeName',
    ]);
    expect(plane.queue('awards').counts().total).toBe(1);
  });
});
