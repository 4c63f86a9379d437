import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { BadgeError } from '../../errors.js';
import { type IngestBus, type IngestBusEntry, type IngestBusOutcome, MAX_ENTRIES_PER_PUT } from '../ports.js';

/** One PutEvents call per batch; an entry EventBridge refuses is reported with its error code, not thrown. */
export class EventBridgeIngestBus implements IngestBus {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
  ) {}

  async putEvents(entries: readonly IngestBusEntry[]): Promise<IngestBusOutcome[]> {
    if (entries.length === 0) return [];
    if (entries.length > MAX_ENTRIES_PER_PUT) {
      throw new BadgeError(
        'PUT_EVENTS_BATCH_TOO_LARGE',
        `PutEvents takes at most ${MAX_ENTRIES_PER_PUT} entries`,
        {
          status: 500,
        },
      );
    }
    const result = await this.client.send(
      new PutEventsCommand({
        Entries: entries.map((entry) => ({
          EventBusName: this.busName,
          Source: entry.source,
          DetailType: entry.detailType,
          Detail: entry.detail,
        })),
      }),
    );
    return entries.map((_, position): IngestBusOutcome => {
      const answer = result.Entries?.[position];
      if (answer?.EventId && !answer.ErrorCode) return { accepted: true };
      return { accepted: false, errorCode: answer?.ErrorCode ?? 'NoAnswer' };
    });
  }
}
