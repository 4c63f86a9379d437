import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { DomainEvent, EventPublisher } from '../awards/ports.js';
import { BadgeError } from '../errors.js';
import { ISSUER_SOURCE } from '../events/participation-recorded.js';

/** Puts the issuer's own events on the bus, ten at a time; a partly failed batch is an error, so the caller retries. */
export class EventBridgeEventPublisher implements EventPublisher {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
  ) {}

  async publish(events: DomainEvent[]): Promise<void> {
    for (let offset = 0; offset < events.length; offset += 10) {
      const batch = events.slice(offset, offset + 10);
      const result = await this.client.send(
        new PutEventsCommand({
          Entries: batch.map((event) => ({
            EventBusName: this.busName,
            Source: ISSUER_SOURCE,
            DetailType: event.detailType,
            Detail: JSON.stringify(event.detail),
          })),
        }),
      );
      if (result.FailedEntryCount) {
        throw new BadgeError(
          'EVENT_PUBLISH_FAILED',
          `${result.FailedEntryCount} of ${batch.length} events were not accepted by the bus`,
          { status: 503 },
        );
      }
    }
  }
}
