/**
 * The queues the SQS endpoint serves, found by queue URL or ARN. A URL is matched on its path
 * (`/<account>/<name>`) whatever its host, so the `https://sqs.<region>.amazonaws.com/...` URLs that a
 * template's `Ref` yields reach the same local queue as the endpoint's own `http://127.0.0.1:<port>/...` URLs.
 */
import type { DeadLetterTarget, DurableQueue } from './durable-queue.js';
import { LOCAL_ACCOUNT_ID } from './queue-message.js';
import { queueDoesNotExist, SqsRequestRejected } from './sqs-errors.js';

export interface SqsQueueBinding {
  readonly queue: DurableQueue;
  /** The queue's RedrivePolicy, reported by GetQueueAttributes and kept across PurgeQueue. */
  readonly deadLetter?: DeadLetterTarget;
}

export class SqsQueueDirectory {
  private readonly byName: ReadonlyMap<string, SqsQueueBinding>;

  /** `baseUrl` gives the endpoint (`http://127.0.0.1:<port>`) that queue URLs start with, once listening. */
  constructor(
    bindings: readonly SqsQueueBinding[],
    private readonly baseUrl: () => string,
  ) {
    this.byName = new Map(bindings.map((binding) => [binding.queue.name, binding]));
  }

  urlOf(queue: DurableQueue): string {
    return `${this.baseUrl()}/${LOCAL_ACCOUNT_ID}/${queue.name}`;
  }

  /** Queues in name order, as ListQueues returns them. */
  list(): SqsQueueBinding[] {
    return [...this.byName.values()].sort((a, b) => (a.queue.name < b.queue.name ? -1 : 1));
  }

  /** A queue by name or ARN, as GetQueueUrl's QueueName. */
  named(nameOrArn: string, ownerAccountId?: string): SqsQueueBinding {
    if (ownerAccountId !== undefined && ownerAccountId !== LOCAL_ACCOUNT_ID) throw queueDoesNotExist();
    return nameOrArn.startsWith('arn:') ? this.fromArn(nameOrArn) : this.require(nameOrArn);
  }

  /** A queue by the QueueUrl member of a request: a queue URL, or the queue's ARN. */
  resolve(queueUrl: string): SqsQueueBinding {
    if (queueUrl.startsWith('arn:')) return this.fromArn(queueUrl);
    let path: string;
    try {
      path = new URL(queueUrl).pathname;
    } catch {
      throw invalidAddress(queueUrl);
    }
    const segments = path.split('/').filter((segment) => segment !== '');
    if (segments.length !== 2) throw invalidAddress(queueUrl);
    const [account, name] = segments as [string, string];
    if (account !== LOCAL_ACCOUNT_ID) throw queueDoesNotExist();
    // Queue names are letters, digits, '-' and '_': nothing in them is percent-encoded.
    return this.require(name);
  }

  private fromArn(arn: string): SqsQueueBinding {
    const [prefix, , service, region, account, name, ...rest] = arn.split(':');
    if (prefix !== 'arn' || service !== 'sqs' || name === undefined || rest.length > 0) {
      throw invalidAddress(arn);
    }
    const binding = this.require(name);
    if (account !== LOCAL_ACCOUNT_ID || region !== binding.queue.region) throw queueDoesNotExist();
    return binding;
  }

  private require(name: string): SqsQueueBinding {
    const binding = this.byName.get(name);
    if (binding === undefined) throw queueDoesNotExist();
    return binding;
  }
}

function invalidAddress(address: string): SqsRequestRejected {
  return new SqsRequestRejected('InvalidAddress', `The address ${address} is not valid for this endpoint.`);
}
