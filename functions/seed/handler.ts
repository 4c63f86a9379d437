import { Logger } from '@aws-lambda-powertools/logger';
import middy from '@middy/core';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { seedIssuer } from '../../shared/awards/seed-issuer.js';
import { composeAwardRuntime } from '../shared/composition.js';

/**
 * A CloudFormation custom resource: at every deploy, makes the issuer ready (keys, Citizen 2.1 badge classes and
 * rules, published profiles, DID document, keys, badge classes, status and revocation lists). Deleting the stack
 * deletes nothing: the public files must outlive the issuer's servers.
 */
const logger = new Logger({ serviceName: 'seed' });
const runtime = composeAwardRuntime();

async function respond(
  event: CloudFormationCustomResourceEvent,
  status: 'SUCCESS' | 'FAILED',
  reason?: string,
): Promise<void> {
  const body = JSON.stringify({
    Status: status,
    Reason: reason ?? status,
    PhysicalResourceId:
      event.RequestType === 'Create' ? `issuer-seed-${event.LogicalResourceId}` : event.PhysicalResourceId,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
  });
  const response = await fetch(event.ResponseURL, { method: 'PUT', headers: { 'content-type': '' }, body });
  if (!response.ok) throw new Error(`CloudFormation did not accept the response: HTTP ${response.status}`);
}

export const handler = middy(async (event: CloudFormationCustomResourceEvent): Promise<void> => {
  if (event.RequestType === 'Delete') {
    await respond(event, 'SUCCESS');
    return;
  }
  try {
    const { published } = await seedIssuer(runtime.deps);
    logger.info('issuer seeded', { files: published.length });
    await respond(event, 'SUCCESS');
  } catch (error) {
    logger.error('seeding failed', { error: error as Error });
    await respond(event, 'FAILED', error instanceof Error ? error.message.slice(0, 200) : 'seeding failed');
  }
});
