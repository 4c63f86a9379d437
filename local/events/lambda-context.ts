import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { LOCAL_ACCOUNT_ID } from './durable-queue.js';

export interface LambdaContextOptions {
  readonly functionName: string;
  readonly region: string;
  readonly timeoutMs: number;
  readonly memoryLimitInMB?: number;
  readonly now?: () => number;
}

/** The `context` a Lambda handler receives, with the deadline measured from the start of the invocation. */
export function createLambdaContext(options: LambdaContextOptions): Context {
  const now = options.now ?? Date.now;
  const deadline = now() + options.timeoutMs;
  const requestId = randomUUID();
  const today = new Date(now()).toISOString().slice(0, 10).replaceAll('-', '/');
  const unsupported = (): void => {
    // Callback-style completion does not exist for async handlers on current Node.js runtimes.
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: options.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${options.region}:${LOCAL_ACCOUNT_ID}:function:${options.functionName}`,
    memoryLimitInMB: String(options.memoryLimitInMB ?? 1024),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${options.functionName}`,
    logStreamName: `${today}/[$LATEST]${requestId.replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}
