import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { recordParticipation } from '../../shared/awards/record-participation.js';
import { BadgeError } from '../../shared/errors.js';
import { composeAwardRuntime } from '../shared/composition.js';

/**
 * The award pipeline's consumer: each SQS record is an EventBridge `Participation Recorded` event. Records are
 * processed in parallel. An invalid event can never succeed, so it goes straight to the dead-letter queue with
 * its reason (and is counted); any other failure is reported alone (partial batch response), comes back after the
 * visibility timeout, and reaches the dead-letter queue after its last try. Nothing accepted is dropped.
 */
const logger = new Logger({ serviceName: 'award' });
const metrics = new Metrics({ namespace: 'Badges', serviceName: 'award' });
const runtime = composeAwardRuntime();
const processor = new BatchProcessor(EventType.SQS);

async function processRecord(record: SQSRecord): Promise<void> {
  try {
    const envelope = parseEnvelope(record.body);
    const outcome = await recordParticipation({ source: envelope.source, detail: envelope.detail }, runtime.deps, runtime.cache);
    logger.info('participation processed', { messageId: record.messageId, eventKey: outcome.eventKey, duplicate: outcome.duplicate, awards: outcome.awards });
  } catch (error) {
    const code = error instanceof BadgeError ? error.code : 'UNEXPECTED';
    if (code === 'EVENT_INVALID' && runtime.deadLetters) {
      await runtime.deadLetters.send(record.body, { code, message: (error as Error).message, sourceMessageId: record.messageId });
      metrics.addMetric('InvalidEvents', MetricUnit.Count, 1);
      logger.warn('invalid event sent to the dead-letter queue', { messageId: record.messageId, details: (error as BadgeError).details });
      return;
    }
    logger.error('participation failed', { messageId: record.messageId, code, error: error as Error });
    throw error;
  }
}

function parseEnvelope(body: string): { source: string; detail: unknown } {
  try {
    const envelope = JSON.parse(body) as { source?: unknown; detail?: unknown };
    return { source: String(envelope.source ?? 'unknown'), detail: envelope.detail };
  } catch (cause) {
    throw new BadgeError('EVENT_INVALID', 'the message body is not an EventBridge event (not JSON)', { cause });
  }
}

export const handler = middy(async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  try {
    return await processPartialResponse(event, processRecord, processor, { context, throwOnFullBatchFailure: false });
  } finally {
    metrics.publishStoredMetrics();
  }
});
