import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname } from 'node:path';
import { BadgeError } from '../shared/errors.js';
import type { CustomResourceConfig } from './cloud-config.js';
import { closeServer, listen, readBody } from './http-server.js';

/**
 * Runs the templates' custom resources as a deployment does: the provider function gets the CloudFormation
 * event (`Create` the first time, `Update` with `OldResourceProperties` when the properties changed since the
 * last start, nothing when they did not) and answers by PUTting its result to `ResponseURL`, here a local
 * endpoint. A `FAILED` answer fails the start, as it fails a deployment. What was applied is remembered in a
 * state file (or, in memory, not at all: every start is a first deployment).
 */

export interface CustomResourceRunOptions {
  resources: CustomResourceConfig[];
  invoke: (functionName: string, event: unknown) => Promise<unknown>;
  region: string;
  accountId: string;
  /** Remembers the properties applied per resource; undefined: every start creates. */
  stateFile: string | undefined;
  /** How long to wait for a provider's answer. */
  timeoutMs: number;
}

interface ProviderResponse {
  Status?: string;
  Reason?: string;
  PhysicalResourceId?: string;
}

type AppliedState = Record<string, { physicalResourceId: string; properties: Record<string, unknown> }>;

function readState(file: string | undefined): AppliedState {
  if (!file) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as AppliedState;
  } catch {
    return {};
  }
}

function writeState(file: string | undefined, state: AppliedState): void {
  if (!file) return;
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(state, null, 2));
  renameSync(temporary, file);
}

/** Runs each custom resource that needs it, in template order; resolves with the logical IDs it ran. */
export async function runCustomResources(options: CustomResourceRunOptions): Promise<string[]> {
  if (options.resources.length === 0) return [];
  const answers = new Map<string, (response: ProviderResponse) => void>();
  const server = createServer((request, response) => {
    const id = (request.url ?? '').replace(/^\//, '');
    readBody(request, 64 * 1024)
      .then((body) => {
        const answer = answers.get(id);
        response.writeHead(answer ? 200 : 404).end();
        answer?.(JSON.parse(body.toString('utf8') || '{}') as ProviderResponse);
      })
      .catch(() => response.writeHead(400).end());
  });
  const url = await listen(server);
  const state = readState(options.stateFile);
  const ran: string[] = [];
  try {
    for (const resource of options.resources) {
      const key = `${resource.stackName}/${resource.logicalId}`;
      const applied = state[key];
      if (applied && JSON.stringify(applied.properties) === JSON.stringify(resource.properties)) continue;
      const requestId = randomUUID();
      const event = {
        RequestType: applied ? 'Update' : 'Create',
        ServiceToken: resource.properties.ServiceToken,
        ResponseURL: `${url}/${requestId}`,
        StackId: `arn:aws:cloudformation:${options.region}:${options.accountId}:stack/${resource.stackName}/00000000-0000-0000-0000-000000000000`,
        RequestId: requestId,
        LogicalResourceId: resource.logicalId,
        ResourceType: resource.resourceType,
        ResourceProperties: resource.properties,
        ...(applied
          ? { PhysicalResourceId: applied.physicalResourceId, OldResourceProperties: applied.properties }
          : {}),
      };
      const answered = new Promise<ProviderResponse>((resolveAnswer) =>
        answers.set(requestId, resolveAnswer),
      );
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new BadgeError(
                'LOCAL_CUSTOM_RESOURCE_FAILED',
                `${key}: no answer from ${resource.functionName}`,
              ),
            ),
          options.timeoutMs,
        );
      });
      try {
        // CloudFormation invokes asynchronously and waits for the answer, not for the function's result.
        const invocation = options.invoke(resource.functionName, event);
        const failedInvocation = invocation.then(
          () => new Promise<never>(() => undefined),
          (error: unknown) => {
            throw new BadgeError('LOCAL_CUSTOM_RESOURCE_FAILED', `${key}: ${(error as Error).message}`, {
              cause: error,
            });
          },
        );
        const answer = await Promise.race([answered, failedInvocation, timedOut]);
        if (answer.Status !== 'SUCCESS') {
          throw new BadgeError('LOCAL_CUSTOM_RESOURCE_FAILED', `${key}: ${answer.Reason ?? 'FAILED'}`);
        }
        await invocation;
        state[key] = {
          physicalResourceId: answer.PhysicalResourceId ?? key,
          properties: resource.properties,
        };
        writeState(options.stateFile, state);
        ran.push(resource.logicalId);
      } finally {
        clearTimeout(timer);
        answers.delete(requestId);
      }
    }
    return ran;
  } finally {
    await closeServer(server);
  }
}
