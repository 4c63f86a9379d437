import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { recordParticipation } from '../../shared/awards/record-participation.js';
import { BadgeError } from '../../shared/errors.js';
import { composeAwardRuntime } from '../shared/composition.js';

/**
 * The award pipeline's consumer: each SQS record is an EventBridge `Participation Recorded` event. Records are
 * processed in parallel; a failed one is reported alone (partial batch response) and comes back after the
 * visibility timeout, then waits in the dead-letter queue after its last try. Invalid events fail the same way, so
 * nothing accepted is ever dropped, and are logged with the fields at fault.
 */
const logger = new Logger({ serviceName: 'award' });
const runtime = composeAwardRuntime();
const processor = new BatchProcessor(EventType.SQS);

async function processRecord(record: SQSRecord): Promise<void> {
  let envelope: { source?: unknown; detail?: unknown };
  try {
    envelope = JSON.parse(record.body);
  } catch (cause) {
    throw new BadgeError('EVENT_INVALID', 'the message body is not an EventBridge event (not JSON)', {
      cause,
    });
  }
  try {
    const outcome = await recordParticipation(
      { source: String(envelope.source ?? 'unknown'), detail: envelope.detail },
      runtime.deps,
      runtime.cache,
    );
    logger.info('participation processed', {
      messageId: record.messageId,
      eventKey: outcome.eventKey,
      duplicate: outcome.duplicate,
      awards: outcome.awards,
    });
  } catch (error) {
    const code = error instanceof BadgeError ? error.code : 'UNEXPECTED';
    logger.error('participation failed', {
      messageId: record.messageId,
      code,
      details: error instanceof BadgeError ? error.details : undefined,
      error: error as Error,
    });
    throw error;
  }
}

export const handler = middy(
  async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
    processPartialResponse(event, processRecord, processor, { context, throwOnFullBatchFailure: false }),
);
