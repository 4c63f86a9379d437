import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { completeAward } from '../../shared/awards/publish-award.js';
import { recordParticipation } from '../../shared/awards/record-participation.js';
import { publishRevocation } from '../../shared/awards/revoke-award.js';
import { BadgeError } from '../../shared/errors.js';
import { AWARD_REQUESTED, REVOCATION_REQUESTED } from '../../shared/events/participation-recorded.js';
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
    if (envelope.detailType === AWARD_REQUESTED || envelope.detailType === REVOCATION_REQUESTED) {
      await runCommand(envelope.detailType, envelope.detail);
      return;
    }
    const outcome = await recordParticipation(
      { source: envelope.source, detail: envelope.detail },
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
    if (code === 'EVENT_INVALID' && runtime.deadLetters) {
      await runtime.deadLetters.send(record.body, {
        code,
        message: (error as Error).message,
        sourceMessageId: record.messageId,
      });
      metrics.addMetric('InvalidEvents', MetricUnit.Count, 1);
      logger.warn('invalid event sent to the dead-letter queue', {
        messageId: record.messageId,
        details: (error as BadgeError).details,
      });
      return;
    }
    logger.error('participation failed', { messageId: record.messageId, code, error: error as Error });
    throw error;
  }
}

/** Commands from the API: complete an award it recorded, or make a revocation it recorded public. */
async function runCommand(detailType: string, detail: unknown): Promise<void> {
  const awardId = (detail as { awardId?: unknown } | undefined)?.awardId;
  if (typeof awardId !== 'string') throw new BadgeError('EVENT_INVALID', `${detailType} needs an awardId`);
  if (detailType === REVOCATION_REQUESTED) {
    await publishRevocation(awardId, runtime.deps, runtime.cache);
    return;
  }
  const award = await runtime.deps.awards.get(awardId);
  if (!award) throw new BadgeError('EVENT_INVALID', `${detailType} names an award that does not exist`);
  await completeAward(award, runtime.deps, runtime.cache);
}

function parseEnvelope(body: string): { source: string; detailType: string; detail: unknown } {
  try {
    const envelope = JSON.parse(body) as { source?: unknown; 'detail-type'?: unknown; detail?: unknown };
    return {
      source: String(envelope.source ?? 'unknown'),
      detailType: String(envelope['detail-type'] ?? ''),
      detail: envelope.detail,
    };
  } catch (cause) {
    throw new BadgeError('EVENT_INVALID', 'the message body is not an EventBridge event (not JSON)', {
      cause,
    });
  }
}

export const handler = middy(async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  try {
    return await processPartialResponse(event, processRecord, processor, {
      context,
      throwOnFullBatchFailure: false,
    });
  } finally {
    metrics.publishStoredMetrics();
  }
});
