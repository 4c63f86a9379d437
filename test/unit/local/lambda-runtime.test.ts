import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunctionConfig } from '../../../local/cloud-config.js';
import { LambdaRuntime } from '../../../local/lambda-runtime.js';

function fn(
  name: string,
  environment: Record<string, string>,
  overrides: Partial<FunctionConfig> = {},
): FunctionConfig {
  return {
    logicalId: name,
    name,
    arn: `arn:aws:lambda:eu-west-1:000000000000:function:${name}`,
    entry: 'test/fixtures/local/handlers/api.ts',
    handler: 'handler',
    environment,
    timeoutSeconds: 1,
    memorySizeMb: 256,
    reservedConcurrency: undefined,
    ...overrides,
  };
}

function event(rawPath: string) {
  return { rawPath, routeKey: 'GET /x', headers: {}, requestContext: { http: { method: 'GET' } } };
}

const logs: string[] = [];
let runtime: LambdaRuntime;

beforeAll(() => {
  runtime = new LambdaRuntime({
    functions: [
      fn('first', { POWERTOOLS_SERVICE_NAME: 'first', TABLE_NAME: 'table-one' }),
      fn('second', { POWERTOOLS_SERVICE_NAME: 'second', TABLE_NAME: 'table-two' }),
      fn('broken', {}, { entry: 'test/fixtures/local/handlers/does-not-exist.ts' }),
    ],
    commonEnvironment: { AWS_REGION: 'eu-west-1', TABLE_NAME: 'overridden-by-the-function' },
    maxConcurrency: 1,
    onLog: (name, line) => logs.push(`${name}: ${line}`),
  });
});

afterAll(async () => {
  await runtime?.stop();
});

function body(result: unknown): Record<string, unknown> {
  return JSON.parse((result as { body: string }).body) as Record<string, unknown>;
}

describe('the local Lambda runtime', () => {
  it('gives each function its own environment, even for the same variable names', async () => {
    const [first, second] = await Promise.all([
      runtime.invoke('first', event('/x')),
      runtime.invoke('second', event('/x')),
    ]);
    expect(body(first).loadedWith).toEqual({ service: 'first', table: 'table-one' });
    expect(body(second).loadedWith).toEqual({ service: 'second', table: 'table-two' });
  });

  it('returns the handler result as JSON, a string as is', async () => {
    expect(await runtime.invoke('first', event('/v1/plain'))).toBe('plain text result');
  });

  it('reports a thrown error as LAMBDA_FUNCTION_ERROR with its type and message', async () => {
    await expect(runtime.invoke('first', event('/v1/fail'))).rejects.toMatchObject({
      code: 'LAMBDA_FUNCTION_ERROR',
      details: { errorType: 'Error', errorMessage: 'the handler failed on purpose' },
    });
  });

  it('stops an invocation at the function timeout with LAMBDA_TIMEOUT, then starts a fresh environment', async () => {
    await expect(runtime.invoke('second', event('/v1/hang'))).rejects.toMatchObject({
      code: 'LAMBDA_TIMEOUT',
    });
    const next = body(await runtime.invoke('second', event('/x')));
    expect(next.invocations).toBe(1);
  });

  it('runs one invocation at a time per environment and queues the rest', async () => {
    const results = await Promise.all([1, 2, 3].map(() => runtime.invoke('first', event('/x'))));
    const counts = results.map((result) => body(result).invocations as number).sort((a, b) => a - b);
    // One environment (maxConcurrency 1): the module state counts every invocation in turn.
    expect(counts[1]).toBe((counts[0] as number) + 1);
    expect(counts[2]).toBe((counts[0] as number) + 2);
  });

  it('reports a module that fails to load as LAMBDA_INIT_ERROR', async () => {
    await expect(runtime.invoke('broken', event('/x'))).rejects.toMatchObject({ code: 'LAMBDA_INIT_ERROR' });
  });

  it('refuses an unknown function with LAMBDA_FUNCTION_NOT_FOUND', async () => {
    await expect(runtime.invoke('nobody', event('/x'))).rejects.toMatchObject({
      code: 'LAMBDA_FUNCTION_NOT_FOUND',
    });
  });

  it('waits for invocations in flight when it stops, and refuses new ones', async () => {
    const own = new LambdaRuntime({
      functions: [fn('solo', { POWERTOOLS_SERVICE_NAME: 'solo' })],
      commonEnvironment: {},
      onLog: () => undefined,
    });
    const inFlight = own.invoke('solo', event('/x'));
    const stopped = own.stop();
    await expect(own.invoke('solo', event('/x'))).rejects.toMatchObject({ code: 'LAMBDA_RUNTIME_STOPPED' });
    expect(body(await inFlight).loadedWith).toEqual({ service: 'solo' });
    await stopped;
  });
});
