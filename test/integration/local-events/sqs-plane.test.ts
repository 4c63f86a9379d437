import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEventPlane, type EventPlane } from '../../../local/events/index.js';
import { waitFor } from '../../unit/local/events/wait-for.js';

const region = 'eu-west-1';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
let plane: EventPlane;
let sqs: SQSClient;

const url = (name: string): string => `${plane.sqsEndpoint}/000000000000/${name}`;

beforeEach(async () => {
  plane = await createEventPlane({
    inMemory: true,
    region,
    buses: [
      {
        name: 'badges',
        rules: [
          {
            name: 'participation-to-awards',
            eventPattern: { source: ['badges.registration'] },
            targets: [{ queueName: 'awards' }],
          },
        ],
      },
    ],
    queues: [
      {
        name: 'awards',
        visibilityTimeoutSeconds: 30,
        deadLetter: { queueName: 'awards-dlq', maxReceiveCount: 2 },
      },
      { name: 'awards-dlq' },
      { name: 'notifications' },
    ],
    logger: { warn: () => undefined },
  });
  sqs = new SQSClient({ endpoint: plane.sqsEndpoint, region, credentials, maxAttempts: 1 });
});

afterEach(async () => {
  sqs.destroy();
  await plane.stop();
});

describe('SQS endpoint on the event plane', () => {
  it('shows a message sent to the DLQ through the API to the queue, and the other way round', async () => {
    const sent = await sqs.send(
      new SendMessageCommand({
        QueueUrl: url('awards-dlq'),
        MessageBody: '{"participant":"p-1"}',
        MessageAttributes: { errorCode: { DataType: 'String', StringValue: 'EVENT_INVALID' } },
      }),
    );
    const [fromQueue] = await plane.queue('awards-dlq').receive();
    expect(fromQueue).toMatchObject({
      messageId: sent.MessageId,
      body: '{"participant":"p-1"}',
      messageAttributes: { errorCode: { dataType: 'String', stringValue: 'EVENT_INVALID' } },
    });

    await plane.queue('awards-dlq').send('{"participant":"p-2"}', {
      messageAttributes: { errorCode: { dataType: 'String', stringValue: 'RULE_MISSING' } },
    });
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url('awards-dlq'), MessageAttributeNames: ['All'] }),
    );
    expect(
      Messages?.map((message) => [message.Body, message.MessageAttributes?.errorCode?.StringValue]),
    ).toEqual([['{"participant":"p-2"}', 'RULE_MISSING']]);
  });

  it('redrives a message received too often to the DLQ, where the API finds it with its attributes', async () => {
    const sent = await sqs.send(
      new SendMessageCommand({
        QueueUrl: url('awards'),
        MessageBody: 'poison',
        MessageAttributes: { source: { DataType: 'String', StringValue: 'registration' } },
      }),
    );
    for (let attempt = 0; attempt < 2; attempt++) {
      const { Messages } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: url('awards'), VisibilityTimeout: 0 }),
      );
      expect(Messages).toHaveLength(1);
    }
    // The receive after maxReceiveCount moves the message instead of delivering it.
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url('awards') }))).Messages).toBeUndefined();

    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url('awards-dlq'),
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      }),
    );
    expect(Messages?.[0]).toMatchObject({
      MessageId: sent.MessageId,
      Body: 'poison',
      MessageAttributes: { source: { DataType: 'String', StringValue: 'registration' } },
      MD5OfMessageAttributes: sent.MD5OfMessageAttributes,
    });
  });

  it('hands the handler an SQS event carrying the messageAttributes sent through the API', async () => {
    const events: SQSEvent[] = [];
    plane.startPoller({
      queueName: 'notifications',
      reportBatchItemFailures: true,
      handler: (event) => {
        events.push(event);
        return { batchItemFailures: [] };
      },
    });

    await sqs.send(
      new SendMessageCommand({
        QueueUrl: url('notifications'),
        MessageBody: '{"badge":"witness"}',
        MessageAttributes: {
          errorCode: { DataType: 'String', StringValue: 'EVENT_INVALID' },
          digest: { DataType: 'Binary', BinaryValue: Uint8Array.of(1, 2, 3) },
        },
      }),
    );

    const [event] = await waitFor(() => events.length > 0 && events, { description: 'the handler to run' });
    expect(event?.Records[0]).toMatchObject({
      body: '{"badge":"witness"}',
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:${region}:000000000000:notifications`,
      messageAttributes: {
        errorCode: {
          dataType: 'String',
          stringValue: 'EVENT_INVALID',
          stringListValues: [],
          binaryListValues: [],
        },
        digest: { dataType: 'Binary', binaryValue: 'AQID', stringListValues: [], binaryListValues: [] },
      },
    });
    await waitFor(() => plane.queue('notifications').counts().total === 0, {
      description: 'the handled message to be deleted',
    });
  });

  it('lets the API receive what an EventBridge rule delivered', async () => {
    await plane.putEvents([
      {
        EventBusName: 'badges',
        Source: 'badges.registration',
        DetailType: 'attended',
        Detail: '{"participant":"p-3"}',
      },
    ]);

    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url('awards') }));
    expect(JSON.parse(Messages?.[0]?.Body ?? '{}')).toMatchObject({
      source: 'badges.registration',
      'detail-type': 'attended',
      detail: { participant: 'p-3' },
    });
  });

  it('is found through AWS_ENDPOINT_URL_SQS by a client configured with nothing else', async () => {
    const previous = process.env.AWS_ENDPOINT_URL_SQS;
    process.env.AWS_ENDPOINT_URL_SQS = plane.sqsEndpoint;
    const fromEnvironment = new SQSClient({ region, credentials, maxAttempts: 1 });
    try {
      const { QueueUrl } = await fromEnvironment.send(new GetQueueUrlCommand({ QueueName: 'awards-dlq' }));
      expect(QueueUrl).toBe(url('awards-dlq'));
      await fromEnvironment.send(new SendMessageCommand({ QueueUrl, MessageBody: 'via environment' }));
      expect(plane.queue('awards-dlq').counts().total).toBe(1);
    } finally {
      fromEnvironment.destroy();
      if (previous === undefined) delete process.env.AWS_ENDPOINT_URL_SQS;
      else process.env.AWS_ENDPOINT_URL_SQS = previous;
    }
  });

  it('accepts a template-style queue URL on another host, and the queue ARN, as QueueUrl', async () => {
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: `https://sqs.${region}.amazonaws.com/000000000000/awards-dlq`,
        MessageBody: 'by url',
      }),
    );
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: `arn:aws:sqs:${region}:000000000000:awards-dlq`,
        MessageBody: 'by arn',
      }),
    );
    expect(plane.queue('awards-dlq').counts().total).toBe(2);
  });

  it('lists queues by prefix, a page at a time when MaxResults is set', async () => {
    const all = await sqs.send(new ListQueuesCommand({}));
    expect(all.QueueUrls).toEqual([url('awards'), url('awards-dlq'), url('notifications')]);
    expect(all.NextToken).toBeUndefined();

    const first = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'awards', MaxResults: 1 }));
    expect(first.QueueUrls).toEqual([url('awards')]);
    const second = await sqs.send(
      new ListQueuesCommand({ QueueNamePrefix: 'awards', MaxResults: 1, NextToken: first.NextToken }),
    );
    expect(second.QueueUrls).toEqual([url('awards-dlq')]);
    expect(second.NextToken).toBeUndefined();
  });

  it('reports the queue ARN, its redrive policy and its message counts', async () => {
    await plane.queue('awards').send('one');
    await plane.queue('awards').send('two');
    await plane.queue('awards').receive();

    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url('awards'), AttributeNames: ['All'] }),
    );
    expect(Attributes).toMatchObject({
      QueueArn: `arn:aws:sqs:${region}:000000000000:awards`,
      ApproximateNumberOfMessages: '1',
      ApproximateNumberOfMessagesNotVisible: '1',
      VisibilityTimeout: '30',
    });
    expect(JSON.parse(Attributes?.RedrivePolicy ?? '{}')).toEqual({
      deadLetterTargetArn: `arn:aws:sqs:${region}:000000000000:awards-dlq`,
      maxReceiveCount: 2,
    });
    const dlq = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url('awards-dlq'), AttributeNames: ['All'] }),
    );
    expect(dlq.Attributes?.RedrivePolicy).toBeUndefined();
  });

  it('purges the visible messages without moving any to the DLQ, and keeps the redrive policy', async () => {
    await plane.queue('awards').send('worn out');
    for (let attempt = 0; attempt < 2; attempt++) {
      await sqs.send(new ReceiveMessageCommand({ QueueUrl: url('awards'), VisibilityTimeout: 0 }));
    }
    await plane.queue('awards').send('fresh');

    await sqs.send(new PurgeQueueCommand({ QueueUrl: url('awards') }));

    expect(plane.queue('awards').counts().total).toBe(0);
    expect(plane.queue('awards-dlq').counts().total).toBe(0);
    await plane.queue('awards').send('poison');
    for (let attempt = 0; attempt < 3; attempt++) {
      await sqs.send(new ReceiveMessageCommand({ QueueUrl: url('awards'), VisibilityTimeout: 0 }));
    }
    expect(plane.queue('awards-dlq').counts().total).toBe(1);
  });
});
