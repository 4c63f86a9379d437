import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerInvocation, WorkerMessage, WorkerSetup } from './lambda-protocol.js';

/**
 * One function's execution environment, in its own worker thread with its own `process.env`: loads the
 * handler module once (the cold start), then runs one invocation at a time, as a Lambda sandbox does.
 */

type Handler = (event: unknown, context: unknown) => unknown;

const setup = workerData as WorkerSetup;
const port = parentPort;
if (!port) throw new Error('lambda-worker runs in a worker thread');

function post(message: WorkerMessage): void {
  port?.postMessage(message);
}

function serializeError(error: unknown): { errorType: string; errorMessage: string; stack: string[] } {
  if (error instanceof Error) {
    return {
      errorType: error.name === 'Error' ? error.constructor.name : error.name,
      errorMessage: error.message,
      stack: (error.stack ?? '').split('\n'),
    };
  }
  return { errorType: 'Error', errorMessage: String(error), stack: [] };
}

/** Lambda hands the caller the JSON serialization of the result: undefined becomes null, dates strings. */
function asJson(value: unknown): unknown {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value)) as unknown;
}

/**
 * The nodejs24.x runtime supports async handlers only (callback handlers are gone), so the handler's return
 * value, awaited, is the result.
 */
async function runHandler(handler: Handler, invocation: WorkerInvocation): Promise<unknown> {
  const context = {
    ...invocation.context,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, invocation.context.deadlineMs - Date.now()),
  };
  return await handler(invocation.event, context);
}

async function main(): Promise<void> {
  let handler: Handler;
  try {
    const module = (await import(pathToFileURL(setup.entryPath).href)) as Record<string, unknown>;
    const exported =
      module[setup.handlerName] ??
      (module.default as Record<string, unknown> | undefined)?.[setup.handlerName];
    if (typeof exported !== 'function') {
      throw new Error(`${setup.entryPath} does not export a function named ${setup.handlerName}`);
    }
    handler = exported as Handler;
  } catch (error) {
    post({ type: 'init-error', error: serializeError(error) });
    return;
  }
  port?.on('message', (invocation: WorkerInvocation) => {
    runHandler(handler, invocation).then(
      (result) => {
        try {
          post({ type: 'result', id: invocation.id, ok: true, value: asJson(result) });
        } catch (error) {
          post({ type: 'result', id: invocation.id, ok: false, error: serializeError(error) });
        }
      },
      (error: unknown) =>
        post({ type: 'result', id: invocation.id, ok: false, error: serializeError(error) }),
    );
  });
  post({ type: 'ready' });
}

await main();
