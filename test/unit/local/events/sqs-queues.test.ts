import { afterEach, describe, expect, it } from 'vitest';
import { DurableQueue } from '../../../../local/events/durable-queue.js';
import { SqsQueueDirectory } from '../../../../local/events/sqs-queues.js';

const opened: DurableQueue[] = [];

async function directory(): Promise<SqsQueueDirectory> {
  const awards = await DurableQueue.open({ name: 'awards', region: 'eu-west-1' });
  const deadLetter = await DurableQueue.open({ name: 'awards-dlq', region: 'eu-west-1' });
  opened.push(awards, deadLetter);
  return new SqsQueueDirectory(
    [{ queue: awards, deadLetter: { queue: deadLetter, maxReceiveCount: 3 } }, { queue: deadLetter }],
    () => 'http://127.0.0.1:4576',
  );
}

const rejection = (type: string) => expect.objectContaining({ code: 'SQS_REQUEST_REJECTED', type });

afterEach(async () => {
  await Promise.all(opened.splice(0).map((queue) => queue.close()));
});

describe('SqsQueueDirectory', () => {
  it('builds queue URLs on the endpoint with the local account', async () => {
    const queues = await directory();
    expect(queues.urlOf(queues.named('awards-dlq').queue)).toBe(
      'http://127.0.0.1:4576/000000000000/awards-dlq',
    );
  });

  it('finds a queue by the path of its URL, whatever the host', async () => {
    const queues = await directory();
    expect(queues.resolve('http://127.0.0.1:4576/000000000000/awards').queue.name).toBe('awards');
    expect(queues.resolve('https://sqs.eu-west-1.amazonaws.com/000000000000/awards-dlq').queue.name).toBe(
      'awards-dlq',
    );
  });

  it('finds a queue by its ARN, in QueueUrl and in QueueName', async () => {
    const queues = await directory();
    expect(queues.resolve('arn:aws:sqs:eu-west-1:000000000000:awards').queue.name).toBe('awards');
    expect(queues.named('arn:aws:sqs:eu-west-1:000000000000:awards-dlq').queue.name).toBe('awards-dlq');
  });

  it('keeps the redrive policy with the queue', async () => {
    const queues = await directory();
    const { deadLetter } = queues.resolve('http://127.0.0.1:4576/000000000000/awards');
    expect(deadLetter?.queue.name).toBe('awards-dlq');
    expect(deadLetter?.maxReceiveCount).toBe(3);
  });

  it.each([
    ['an unknown name', 'http://127.0.0.1:4576/000000000000/badges'],
    ['another account', 'http://127.0.0.1:4576/123456789012/awards'],
    ['an ARN in another region', 'arn:aws:sqs:us-east-1:000000000000:awards'],
  ])('answers %s with QueueDoesNotExist', async (_case, address) => {
    const queues = await directory();
    expect(() => queues.resolve(address)).toThrow(rejection('QueueDoesNotExist'));
  });

  it('answers GetQueueUrl for another owner account with QueueDoesNotExist', async () => {
    const queues = await directory();
    expect(() => queues.named('awards', '123456789012')).toThrow(rejection('QueueDoesNotExist'));
  });

  it.each([
    ['text that is not a URL', 'awards'],
    ['a URL without the account', 'http://127.0.0.1:4576/awards'],
    ['an ARN of another service', 'arn:aws:sns:eu-west-1:000000000000:awards'],
  ])('answers %s with InvalidAddress', async (_case, address) => {
    const queues = await directory();
    expect(() => queues.resolve(address)).toThrow(rejection('InvalidAddress'));
  });
});
