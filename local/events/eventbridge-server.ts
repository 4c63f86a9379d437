/**
 * A local EventBridge endpoint speaking the AWS JSON 1.1 protocol the SDK uses: `POST /` with
 * `X-Amz-Target: AWSEvents.<Operation>`. It answers PutEvents (through the `EventRouter`), and the
 * read-only calls tools make to inspect a bus: DescribeEventBus, ListEventBuses, ListRules, DescribeRule,
 * ListTargetsByRule, and TestEventPattern. Signatures are not verified. Errors are JSON 1.1 errors:
 * status 400, `{ "__type": "<Code>", "message": "..." }`.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isBadgeError } from '../../shared/errors.js';
import type { EventRouter, RouterBus, RouterRule } from './event-router.js';
import { operationOf, readBodyText, sendJson, startJsonEndpoint } from './json-endpoint.js';
import { compileEventPattern } from './pattern.js';
import { RequestRejected } from './put-events.js';

export interface EventBridgeServerOptions {
  readonly router: EventRouter;
  readonly host?: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
}

export interface EventBridgeServer {
  /** The value for the SDK's `endpoint` option or AWS_ENDPOINT_URL_EVENTBRIDGE. */
  readonly endpoint: string;
  readonly port: number;
  /** Stops accepting requests and resolves once the requests in progress are answered. */
  close(): Promise<void>;
}

const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';
// Comfortably above the 256 KB of entries plus their JSON framing; anything bigger is not a valid request.
const MAX_BODY_BYTES = 1024 * 1024;
const TARGET_PREFIX = 'AWSEvents.';

type Operation = (router: EventRouter, input: Record<string, unknown>) => Promise<unknown> | unknown;

const operations: Readonly<Record<string, Operation>> = {
  PutEvents: (router, input) => router.putEvents(input),
  DescribeEventBus: (router, input) => {
    const bus = requireBus(router, input.Name);
    return { Name: bus.name, Arn: bus.arn };
  },
  ListEventBuses: (router, input) => ({
    EventBuses: router
      .listBuses()
      .filter((bus) => typeof input.NamePrefix !== 'string' || bus.name.startsWith(input.NamePrefix))
      .map((bus) => ({ Name: bus.name, Arn: bus.arn })),
  }),
  ListRules: (router, input) => ({
    Rules: requireBus(router, input.EventBusName)
      .rules.filter((rule) => typeof input.NamePrefix !== 'string' || rule.name.startsWith(input.NamePrefix))
      .map(describeRule),
  }),
  DescribeRule: (router, input) => describeRule(requireRule(router, input)),
  ListTargetsByRule: (router, input) => ({
    Targets: requireRule(router, { Name: input.Rule, EventBusName: input.EventBusName }).targets.map(
      (target) => ({
        Id: target.id,
        Arn: target.queue.arn,
      }),
    ),
  }),
  TestEventPattern: (_router, input) => {
    const event = parseJsonField(input.Event, 'Event');
    try {
      return { Result: compileEventPattern(input.EventPattern).matches(event) };
    } catch (error) {
      if (isBadgeError(error)) throw new RequestRejected('InvalidEventPatternException', error.message);
      throw error;
    }
  },
};

export async function startEventBridgeServer(options: EventBridgeServerOptions): Promise<EventBridgeServer> {
  return startJsonEndpoint(options, (request, response) => handle(options.router, request, response));
}

async function handle(
  router: EventRouter,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const requestId = randomUUID();
  try {
    const { target, operation } = operationOf(request, TARGET_PREFIX, operations);
    const body = await readBody(request);
    if (operation === undefined) {
      throw new RequestRejected('UnknownOperationException', `Unsupported operation ${String(target)}`);
    }
    const input = parseJsonField(body === '' ? '{}' : body, 'request body');
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new RequestRejected('SerializationException', 'The request body must be a JSON object');
    }
    const output = await operation(router, input as Record<string, unknown>);
    send(response, 200, requestId, output);
  } catch (error) {
    if (error instanceof RequestRejected) {
      send(
        response,
        error.status,
        requestId,
        {
          __type: error.type,
          message: error.message,
        },
        error.type,
      );
      return;
    }
    // Internal details stay in the local log; the client gets a generic JSON 1.1 error.
    console.error('[eventbridge] request failed', error);
    send(
      response,
      500,
      requestId,
      { __type: 'InternalException', message: 'Internal error' },
      'InternalException',
    );
  }
}

function send(
  response: ServerResponse,
  status: number,
  requestId: string,
  body: unknown,
  errorType?: string,
): void {
  sendJson(
    response,
    status,
    JSON_CONTENT_TYPE,
    requestId,
    body,
    errorType === undefined ? {} : { 'x-amzn-errortype': errorType },
  );
}

function readBody(request: IncomingMessage): Promise<string> {
  return readBodyText(
    request,
    MAX_BODY_BYTES,
    () => new RequestRejected('RequestEntityTooLarge', 'Request size exceeded the limit.'),
  );
}

function parseJsonField(text: unknown, field: string): unknown {
  if (typeof text !== 'string') throw new RequestRejected('ValidationException', `${field} must be a string`);
  try {
    return JSON.parse(text);
  } catch {
    throw new RequestRejected('SerializationException', `${field} is not valid JSON`);
  }
}

function requireBus(router: EventRouter, name: unknown): RouterBus {
  const busName = typeof name === 'string' && name !== '' ? name : 'default';
  const bus = router.resolveBus(busName);
  if (bus === undefined)
    throw new RequestRejected('ResourceNotFoundException', `Event bus ${busName} does not exist.`);
  return bus;
}

function requireRule(router: EventRouter, input: Record<string, unknown>): RouterRule {
  const bus = requireBus(router, input.EventBusName);
  const rule = bus.rules.find((candidate) => candidate.name === input.Name);
  if (rule === undefined) {
    throw new RequestRejected(
      'ResourceNotFoundException',
      `Rule ${String(input.Name)} does not exist on EventBus ${bus.name}.`,
    );
  }
  return rule;
}

function describeRule(rule: RouterRule): Record<string, unknown> {
  return {
    Name: rule.name,
    Arn: rule.arn,
    EventPattern: rule.eventPatternText,
    State: rule.enabled ? 'ENABLED' : 'DISABLED',
    EventBusName: rule.busName,
  };
}
