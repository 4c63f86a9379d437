/**
 * An SQS-like queue for the local cloud, kept in memory or persisted under a directory.
 *
 * Semantics follow SQS standard queues: `receive` hides messages for the visibility timeout and counts
 * receives (`ApproximateReceiveCount`); a message not deleted in time becomes visible again; a message
 * already received `maxReceiveCount` times moves to the dead-letter queue on the next receive; only the
 * latest receipt handle deletes a message. A `send` resolves only once the message is on stable storage.
 *
 * Persistence is an append-only log per queue (`<directory>/<name>.log`): sends are written durably
 * (group commit), receive counts and deletes are written without waiting for the disk, so after a crash
 * every message not deleted is back and visible, with its receive count. The log is compacted when it
 * holds mostly dead entries.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { BadgeError } from '../../shared/errors.js';
import { AppendLog } from './append-log.js';
import {
  LOCAL_ACCOUNT_ID,
  type LogEntry,
  md5,
  queueArn,
  type ReceivedMessage,
  type SendOptions,
  type SentMessage,
  type StoredMessage,
  toReceived,
  toSnapshotEntry,
} from './queue-message.js';

export {
  LOCAL_ACCOUNT_ID,
  type MessageAttributeValue,
  md5,
  queueArn,
  type ReceivedMessage,
  type SendOptions,
  type SentMessage,
} from './queue-message.js';
export const MAX_MESSAGES_PER_RECEIVE = 10;
const COMPACTION_MIN_LINES = 2_000;
const COMPACTION_DEAD_RATIO = 4;

export interface ReceiveOptions {
  /** 1 to 10, as SQS allows. */
  readonly maxMessages?: number;
  /** Defaults to the queue's visibility timeout; fractions of a second are allowed locally. */
  readonly visibilityTimeoutSeconds?: number;
  /** Long polling: wait up to this long for a first message. */
  readonly waitTimeSeconds?: number;
  readonly signal?: AbortSignal;
}

export interface DeadLetterTarget {
  readonly queue: DurableQueue;
  readonly maxReceiveCount: number;
}

export interface QueueOptions {
  readonly name: string;
  /** Omit for an in-memory queue. */
  readonly directory?: string;
  readonly visibilityTimeoutSeconds?: number;
  readonly deadLetter?: DeadLetterTarget;
  /** The region in the queue's ARN. */
  readonly region?: string;
  readonly now?: () => number;
}

export interface QueueCounts {
  readonly visible: number;
  readonly inFlight: number;
  readonly total: number;
}

export class DurableQueue {
  readonly name: string;
  readonly region: string;
  readonly visibilityTimeoutSeconds: number;
  private readonly messages = new Map<string, StoredMessage>();
  /** Visible messages in arrival order; may hold ids that were since received or deleted. */
  private visibleOrder: string[] = [];
  private visibleHead = 0;
  private readonly inFlight = new Set<string>();
  private readonly waiters = new Set<() => void>();
  private deadLetter: DeadLetterTarget | undefined;
  private closed = false;

  private constructor(
    options: QueueOptions,
    private readonly log: AppendLog<LogEntry> | undefined,
    private readonly now: () => number,
  ) {
    this.name = options.name;
    this.region = options.region ?? 'us-east-1';
    this.visibilityTimeoutSeconds = options.visibilityTimeoutSeconds ?? 30;
    this.deadLetter = options.deadLetter;
  }

  static async open(options: QueueOptions): Promise<DurableQueue> {
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(options.name)) {
      throw new BadgeError('QUEUE_NAME_INVALID', `Queue name ${options.name} is not a valid SQS queue name`);
    }
    const now = options.now ?? Date.now;
    if (options.directory === undefined) return new DurableQueue(options, undefined, now);
    const { log, entries } = await AppendLog.open<LogEntry>(join(options.directory, `${options.name}.log`));
    const queue = new DurableQueue(options, log, now);
    queue.replay(entries);
    return queue;
  }

  get arn(): string {
    return queueArn(this.name, this.region);
  }

  setDeadLetter(deadLetter: DeadLetterTarget | undefined): void {
    this.deadLetter = deadLetter;
  }

  async send(body: string, options: SendOptions = {}): Promise<SentMessage> {
    const [sent] = await this.sendBatch([{ body, ...options }]);
    return sent as SentMessage;
  }

  /** Sends several messages with one durable write. */
  async sendBatch(batch: readonly ({ readonly body: string } & SendOptions)[]): Promise<SentMessage[]> {
    this.assertOpen();
    const sentAt = this.now();
    const entries: LogEntry[] = batch.map((message) => ({
      t: 's',
      id: randomUUID(),
      body: message.body,
      sent: sentAt,
      sender: message.senderId ?? LOCAL_ACCOUNT_ID,
      ...(message.messageAttributes === undefined ? {} : { attrs: { ...message.messageAttributes } }),
    }));
    await this.log?.append(entries, true);
    // Visible only once durable, so a consumer never sees a message a crash could take back.
    for (const entry of entries) this.apply(entry);
    this.wakeWaiters();
    return entries.map((entry) => ({
      messageId: entry.id,
      md5OfBody: md5((entry as { body: string }).body),
    }));
  }

  async receive(options: ReceiveOptions = {}): Promise<ReceivedMessage[]> {
    const maxMessages = options.maxMessages ?? 1;
    if (!Number.isInteger(maxMessages) || maxMessages < 1 || maxMessages > MAX_MESSAGES_PER_RECEIVE) {
      throw new BadgeError(
        'QUEUE_RECEIVE_INVALID',
        `maxMessages must be an integer from 1 to ${MAX_MESSAGES_PER_RECEIVE}`,
      );
    }
    const deadline = this.now() + (options.waitTimeSeconds ?? 0) * 1000;
    this.assertOpen();
    for (;;) {
      // A queue closed during a long poll answers like an empty one, as a stopping consumer expects.
      if (this.closed) return [];
      const received = await this.takeVisible(maxMessages, options.visibilityTimeoutSeconds);
      if (received.length > 0 || this.now() >= deadline || options.signal?.aborted) return received;
      await this.waitForChange(deadline, options.signal);
    }
  }

  /** Deletes the message if the handle is its latest one; returns whether a message was deleted. */
  async delete(receiptHandle: string): Promise<boolean> {
    const [deleted] = await this.deleteBatch([receiptHandle]);
    return deleted === true;
  }

  async deleteBatch(receiptHandles: readonly string[]): Promise<boolean[]> {
    this.assertOpen();
    const deletions = receiptHandles.map((handle) => {
      const message = this.messages.get(messageIdOf(handle));
      return message !== undefined && message.receiptHandle === handle ? message : undefined;
    });
    const entries: LogEntry[] = [];
    for (const message of deletions) {
      if (message === undefined || !this.messages.has(message.id)) continue;
      entries.push({ t: 'd', id: message.id });
      this.apply({ t: 'd', id: message.id });
    }
    await this.log?.append(entries, false);
    this.compactIfWorthIt();
    return deletions.map((message) => message !== undefined);
  }

  /** SQS ChangeMessageVisibility: 0 makes the message visible now. Returns false for a stale handle. */
  changeVisibility(receiptHandle: string, visibilityTimeoutSeconds: number): boolean {
    this.assertOpen();
    const message = this.messages.get(messageIdOf(receiptHandle));
    if (
      message === undefined ||
      message.receiptHandle !== receiptHandle ||
      message.invisibleUntil === undefined
    ) {
      return false;
    }
    message.invisibleUntil = this.now() + visibilityTimeoutSeconds * 1000;
    if (visibilityTimeoutSeconds <= 0) this.makeVisible(message);
    this.wakeWaiters();
    return true;
  }

  counts(): QueueCounts {
    this.returnExpired();
    return {
      visible: this.messages.size - this.inFlight.size,
      inFlight: this.inFlight.size,
      total: this.messages.size,
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.wakeWaiters();
    await this.log?.close();
  }

  /** Takes a message moved in from another queue's redrive, keeping its id (idempotent on that id). */
  async acceptMoved(message: ReceivedMessage): Promise<void> {
    if (this.messages.has(message.messageId)) return;
    const entry: LogEntry = {
      t: 's',
      id: message.messageId,
      body: message.body,
      sent: Number(message.attributes.SentTimestamp),
      sender: message.attributes.SenderId,
      attrs: { ...message.messageAttributes },
      rc: Number(message.attributes.ApproximateReceiveCount),
      first: Number(message.attributes.ApproximateFirstReceiveTimestamp),
    };
    await this.log?.append([entry], true);
    this.apply(entry);
    this.wakeWaiters();
  }

  private async takeVisible(
    maxMessages: number,
    visibilitySeconds: number | undefined,
  ): Promise<ReceivedMessage[]> {
    this.returnExpired();
    const received: ReceivedMessage[] = [];
    const poisoned: StoredMessage[] = [];
    const receivedAt = this.now();
    const hideFor = (visibilitySeconds ?? this.visibilityTimeoutSeconds) * 1000;
    while (received.length < maxMessages) {
      const message = this.nextVisible();
      if (message === undefined) break;
      const deadLetter = this.deadLetter;
      if (deadLetter !== undefined && message.receiveCount >= deadLetter.maxReceiveCount) {
        // Hidden while it moves, so that no other receive takes it.
        message.invisibleUntil = Number.POSITIVE_INFINITY;
        this.inFlight.add(message.id);
        poisoned.push(message);
        continue;
      }
      message.receiveCount += 1;
      message.firstReceiveTimestamp ??= receivedAt;
      message.invisibleUntil = receivedAt + hideFor;
      message.receiptHandle = `${message.id}#${randomUUID()}`;
      this.inFlight.add(message.id);
      received.push(toReceived(message));
    }
    if (received.length > 0) {
      // Not awaited for the disk: a lost receive count only means one more delivery after a crash.
      void this.log
        ?.append(
          received.map((message) => ({ t: 'r', id: message.messageId, at: receivedAt })),
          false,
        )
        .catch(() => undefined);
    }
    if (poisoned.length > 0) await this.moveToDeadLetter(poisoned);
    return received;
  }

  private async moveToDeadLetter(messages: StoredMessage[]): Promise<void> {
    const deadLetter = this.deadLetter;
    if (deadLetter === undefined) return;
    for (const [index, message] of messages.entries()) {
      try {
        await deadLetter.queue.acceptMoved(toReceived(message));
      } catch (error) {
        for (const unmoved of messages.slice(index)) this.makeVisible(unmoved);
        throw error;
      }
      // Written after the dead-letter copy is durable: a crash in between leaves a copy in both, never none.
      await this.log?.append([{ t: 'd', id: message.id }], false);
      this.apply({ t: 'd', id: message.id });
    }
  }

  private nextVisible(): StoredMessage | undefined {
    while (this.visibleHead < this.visibleOrder.length) {
      const id = this.visibleOrder[this.visibleHead++] as string;
      const message = this.messages.get(id);
      if (message !== undefined && message.invisibleUntil === undefined) {
        if (this.visibleHead > 4096 && this.visibleHead * 2 > this.visibleOrder.length) {
          this.visibleOrder = this.visibleOrder.slice(this.visibleHead);
          this.visibleHead = 0;
        }
        return message;
      }
    }
    this.visibleOrder = [];
    this.visibleHead = 0;
    return undefined;
  }

  private returnExpired(): void {
    const now = this.now();
    for (const id of this.inFlight) {
      const message = this.messages.get(id);
      if (message?.invisibleUntil !== undefined && message.invisibleUntil <= now) this.makeVisible(message);
    }
  }

  private makeVisible(message: StoredMessage): void {
    message.invisibleUntil = undefined;
    this.inFlight.delete(message.id);
    this.visibleOrder.push(message.id);
  }

  private nextVisibilityChange(): number | undefined {
    let earliest: number | undefined;
    for (const id of this.inFlight) {
      const until = this.messages.get(id)?.invisibleUntil;
      if (until !== undefined && (earliest === undefined || until < earliest)) earliest = until;
    }
    return earliest;
  }

  private waitForChange(deadline: number, signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve) => {
      const wakeAt = Math.min(deadline, this.nextVisibilityChange() ?? deadline);
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, wakeAt - this.now()));
      this.waiters.add(done);
      signal?.addEventListener('abort', done);
    });
  }

  private wakeWaiters(): void {
    for (const wake of [...this.waiters]) wake();
  }

  private replay(entries: readonly LogEntry[]): void {
    for (const entry of entries) this.apply(entry);
  }

  private apply(entry: LogEntry): void {
    switch (entry.t) {
      case 's': {
        if (this.messages.has(entry.id)) return;
        this.messages.set(entry.id, {
          id: entry.id,
          body: entry.body,
          md5OfBody: md5(entry.body),
          sentTimestamp: entry.sent,
          senderId: entry.sender,
          messageAttributes: entry.attrs ?? {},
          receiveCount: entry.rc ?? 0,
          firstReceiveTimestamp: entry.first,
          invisibleUntil: undefined,
          receiptHandle: undefined,
        });
        this.visibleOrder.push(entry.id);
        return;
      }
      case 'r': {
        const message = this.messages.get(entry.id);
        if (message === undefined || message.invisibleUntil !== undefined) return;
        // Replaying a receive only restores the count; after a restart every message is visible.
        message.receiveCount += 1;
        message.firstReceiveTimestamp ??= entry.at;
        return;
      }
      case 'd':
        this.messages.delete(entry.id);
        this.inFlight.delete(entry.id);
        return;
    }
  }

  private compactIfWorthIt(): void {
    const log = this.log;
    if (log === undefined || log.size < COMPACTION_MIN_LINES) return;
    if (log.size < COMPACTION_DEAD_RATIO * (this.messages.size + 1)) return;
    log.requestCompaction(() => [...this.messages.values()].map(toSnapshotEntry));
  }

  private assertOpen(): void {
    if (this.closed) throw new BadgeError('QUEUE_CLOSED', `Queue ${this.name} is closed`, { status: 503 });
  }
}

function messageIdOf(receiptHandle: string): string {
  const separator = receiptHandle.indexOf('#');
  if (separator <= 0) throw new BadgeError('RECEIPT_HANDLE_INVALID', 'The receipt handle is not valid');
  return receiptHandle.slice(0, separator);
}
