/** Messages between the local Lambda runtime (main thread) and a function's worker thread. */

export interface WorkerSetup {
  entryPath: string;
  handlerName: string;
}

export interface LambdaContextFields {
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
  logGroupName: string;
  logStreamName: string;
  /** Epoch milliseconds at which the invocation times out. */
  deadlineMs: number;
}

export interface WorkerInvocation {
  id: string;
  event: unknown;
  context: LambdaContextFields;
}

export interface SerializedError {
  errorType: string;
  errorMessage: string;
  stack: string[];
}

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'init-error'; error: SerializedError }
  | { type: 'result'; id: string; ok: true; value: unknown }
  | { type: 'result'; id: string; ok: false; error: SerializedError };
