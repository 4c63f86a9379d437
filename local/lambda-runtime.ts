import { randomUUID } from 'node:crypto';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { BadgeError } from '../shared/errors.js';
import type { FunctionConfig } from './cloud-config.js';
import type { LambdaContextFields, SerializedError, WorkerMessage, WorkerSetup } from './lambda-protocol.js';

/**
 * Runs the functions of the templates, unchanged, from their TypeScript entry files.
 *
 * Each function runs in worker threads of its own (`node:worker_threads`), not in the main thread: two
 * functions set different values for the same variables (POWERTOOLS_SERVICE_NAME at least, and any binding
 * the CDK gives one function and not the other), and a handler reads `process.env` when its module loads, so
 * one shared `process.env` cannot serve both. A worker also gives what a Lambda sandbox gives: module state
 * per execution environment, a cold start, one invocation at a time, and a kill on timeout. A function gets up
 * to `maxConcurrency` workers (its reserved concurrency if lower); further invocations wait for a free one.
 */

const REPOSITORY_ROOT = fileURLToPath(new URL('..', import.meta.url));
const BOOTSTRAP = new URL('./lambda-worker-bootstrap.mjs', import.meta.url);

export interface LambdaRuntimeOptions {
  functions: FunctionConfig[];
  /** Variables every function gets besides its own: local endpoints, credentials, region. */
  commonEnvironment: Record<string, string>;
  /** Where `badges:entry` paths are relative to; the repository root by default. */
  rootDir?: string;
  /** Workers per function at most (default 2: this runs on small machines). */
  maxConcurrency?: number;
  /** Receives the functions' stdout/stderr lines; they go to the process's own streams when omitted. */
  onLog?: (functionName: string, line: string) => void;
}

export interface InvokeOptions {
  /** Overrides the function's configured timeout (API Gateway's integration timeout is shorter, for example). */
  timeoutMs?: number;
}

interface Invocation {
  event: unknown;
  timeoutMs: number | undefined;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

class ExecutionEnvironment {
  readonly ready: Promise<void>;
  busy = false;
  private current: { id: string; invocation: Invocation; timer: NodeJS.Timeout } | undefined;
  private readonly worker: Worker;
  private hasExited = false;

  constructor(
    private readonly fn: FunctionConfig,
    environment: Record<string, string>,
    rootDir: string,
    onLog: LambdaRuntimeOptions['onLog'],
    private readonly events: { idle: () => void; exit: (environment: ExecutionEnvironment) => void },
  ) {
    const setup: WorkerSetup = {
      entryPath: isAbsolute(fn.entry) ? fn.entry : resolve(rootDir, fn.entry),
      handlerName: fn.handler,
    };
    this.worker = new Worker(BOOTSTRAP, {
      workerData: setup,
      env: environment,
      // The parent's loader flags do not apply inside workers on Node 20; the bootstrap registers tsx itself.
      execArgv: [],
      stdout: onLog !== undefined,
      stderr: onLog !== undefined,
      resourceLimits: { maxOldGenerationSizeMb: Math.max(fn.memorySizeMb, 256) },
    });
    if (onLog) {
      for (const stream of [this.worker.stdout, this.worker.stderr]) {
        let pending = '';
        stream.setEncoding('utf8');
        stream.on('data', (chunk: string) => {
          pending += chunk;
          const lines = pending.split('\n');
          pending = lines.pop() ?? '';
          for (const line of lines) onLog(fn.name, line);
        });
      }
    }
    this.ready = new Promise((resolveReady, rejectReady) => {
      this.worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'ready') resolveReady();
        else if (message.type === 'init-error')
          rejectReady(functionError(fn.name, message.error, 'LAMBDA_INIT_ERROR'));
        else this.finish(message.id, message.ok ? { value: message.value } : { error: message.error });
      });
      this.worker.on('error', (error) => {
        rejectReady(error);
        this.fail(error);
      });
      this.worker.on('exit', (code) => {
        this.hasExited = true;
        const error = new BadgeError(
          'LAMBDA_RUNTIME_EXITED',
          `${fn.name}: execution environment exited (code ${code})`,
          {
            status: 502,
          },
        );
        rejectReady(error);
        this.fail(error);
        this.events.exit(this);
      });
    });
    // A failed cold start is reported to the invocation that waits on it; nobody else must see it unhandled.
    this.ready.catch(() => undefined);
  }

  run(invocation: Invocation): void {
    this.busy = true;
    const timeoutMs = invocation.timeoutMs ?? this.fn.timeoutSeconds * 1000;
    const id = randomUUID();
    const context: LambdaContextFields = {
      functionName: this.fn.name,
      functionVersion: '$LATEST',
      invokedFunctionArn: this.fn.arn,
      memoryLimitInMB: String(this.fn.memorySizeMb),
      awsRequestId: id,
      logGroupName: `/aws/lambda/${this.fn.name}`,
      logStreamName: logStreamName(),
      deadlineMs: Date.now() + timeoutMs,
    };
    const timer = setTimeout(() => {
      // Lambda stops a timed-out sandbox; the next invocation gets a fresh one (a cold start).
      const error = new BadgeError(
        'LAMBDA_TIMEOUT',
        `${this.fn.name}: Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`,
        {
          status: 504,
        },
      );
      this.fail(error);
      void this.terminate();
    }, timeoutMs);
    this.current = { id, invocation, timer };
    this.worker.postMessage({ id, event: invocation.event, context });
  }

  get exited(): boolean {
    return this.hasExited;
  }

  terminate(): Promise<number> {
    if (this.hasExited) return Promise.resolve(0);
    return this.worker.terminate();
  }

  private finish(id: string, outcome: { value: unknown } | { error: SerializedError }): void {
    if (!this.current || this.current.id !== id) return;
    const { invocation, timer } = this.current;
    clearTimeout(timer);
    this.current = undefined;
    this.busy = false;
    if ('error' in outcome)
      invocation.reject(functionError(this.fn.name, outcome.error, 'LAMBDA_FUNCTION_ERROR'));
    else invocation.resolve(outcome.value);
    this.events.idle();
  }

  private fail(error: unknown): void {
    if (!this.current) return;
    const { invocation, timer } = this.current;
    clearTimeout(timer);
    this.current = undefined;
    invocation.reject(error);
  }
}

function logStreamName(): string {
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  return `${day}/[$LATEST]${randomUUID().replaceAll('-', '')}`;
}

function functionError(functionName: string, error: SerializedError, code: string): BadgeError {
  return new BadgeError(code, `${functionName}: ${error.errorType}: ${error.errorMessage}`, {
    status: 502,
    details: { errorType: error.errorType, errorMessage: error.errorMessage, stack: error.stack },
  });
}

class FunctionPool {
  private readonly environments: ExecutionEnvironment[] = [];
  private readonly waiting: Invocation[] = [];
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];
  stopped = false;

  constructor(
    private readonly fn: FunctionConfig,
    private readonly environment: Record<string, string>,
    private readonly rootDir: string,
    private readonly maxEnvironments: number,
    private readonly onLog: LambdaRuntimeOptions['onLog'],
  ) {}

  invoke(event: unknown, timeoutMs: number | undefined): Promise<unknown> {
    if (this.stopped) {
      return Promise.reject(
        new BadgeError('LAMBDA_RUNTIME_STOPPED', `${this.fn.name}: the local cloud is stopping`, {
          status: 503,
        }),
      );
    }
    this.inFlight += 1;
    return new Promise<unknown>((resolveInvocation, rejectInvocation) => {
      this.waiting.push({ event, timeoutMs, resolve: resolveInvocation, reject: rejectInvocation });
      this.dispatch();
    }).finally(() => {
      this.inFlight -= 1;
      if (this.inFlight === 0) for (const wake of this.idleWaiters.splice(0)) wake();
    });
  }

  /** Starts one execution environment ahead of the first invocation, so it does not pay the cold start. */
  async warm(): Promise<void> {
    if (this.environments.length > 0) return;
    await this.spawn().ready;
  }

  whenIdle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolveIdle) => this.idleWaiters.push(resolveIdle));
  }

  async terminate(): Promise<void> {
    await Promise.all(this.environments.splice(0).map((environment) => environment.terminate()));
  }

  private spawn(): ExecutionEnvironment {
    const environment = new ExecutionEnvironment(this.fn, this.environment, this.rootDir, this.onLog, {
      idle: () => this.dispatch(),
      exit: (gone) => {
        const index = this.environments.indexOf(gone);
        if (index >= 0) this.environments.splice(index, 1);
        this.dispatch();
      },
    });
    this.environments.push(environment);
    // A module that fails to load fails the invocation waiting for it; the environment is not reused.
    environment.ready.catch(() => environment.terminate());
    return environment;
  }

  private dispatch(): void {
    while (this.waiting.length > 0) {
      let environment = this.environments.find((candidate) => !candidate.busy && !candidate.exited);
      if (!environment) {
        if (this.environments.length >= this.maxEnvironments) return;
        environment = this.spawn();
      }
      const invocation = this.waiting.shift() as Invocation;
      const chosen = environment;
      chosen.busy = true;
      chosen.ready.then(
        () => {
          if (chosen.exited) {
            this.waiting.unshift(invocation);
            this.dispatch();
          } else {
            chosen.run(invocation);
          }
        },
        (error: unknown) => invocation.reject(error),
      );
    }
  }
}

export class LambdaRuntime {
  private readonly pools = new Map<string, FunctionPool>();

  constructor(options: LambdaRuntimeOptions) {
    const rootDir = options.rootDir ?? REPOSITORY_ROOT;
    for (const fn of options.functions) {
      const environment = lambdaEnvironment(fn, options.commonEnvironment);
      const limit = Math.max(
        1,
        Math.min(options.maxConcurrency ?? 2, fn.reservedConcurrency ?? Number.POSITIVE_INFINITY),
      );
      this.pools.set(fn.name, new FunctionPool(fn, environment, rootDir, limit, options.onLog));
    }
  }

  functionNames(): string[] {
    return [...this.pools.keys()];
  }

  /**
   * Invokes a function as Lambda's synchronous Invoke does: resolves with the handler's JSON result, rejects
   * with LAMBDA_FUNCTION_ERROR (the handler threw), LAMBDA_TIMEOUT, LAMBDA_INIT_ERROR (the module failed to load).
   */
  invoke(functionName: string, event: unknown, options: InvokeOptions = {}): Promise<unknown> {
    const pool = this.pools.get(functionName);
    if (!pool) {
      return Promise.reject(
        new BadgeError('LAMBDA_FUNCTION_NOT_FOUND', `no local function named ${functionName}`, {
          status: 404,
        }),
      );
    }
    return pool.invoke(event, options.timeoutMs);
  }

  /** Loads every function's module ahead of time (or only the named ones). */
  async warm(functionNames = this.functionNames()): Promise<void> {
    await Promise.all(functionNames.map((name) => this.pools.get(name)?.warm()));
  }

  /** Refuses new invocations, waits for those in flight, then ends every worker. */
  async stop(): Promise<void> {
    const pools = [...this.pools.values()];
    for (const pool of pools) pool.stopped = true;
    await Promise.all(pools.map((pool) => pool.whenIdle()));
    await Promise.all(pools.map((pool) => pool.terminate()));
  }
}

/** The variables a Lambda execution environment has, then the local endpoints, then the function's own. */
export function lambdaEnvironment(
  fn: FunctionConfig,
  common: Record<string, string>,
): Record<string, string> {
  const inherited: Record<string, string> = {};
  for (const key of ['PATH', 'HOME', 'TMPDIR', 'LANG']) {
    const value = process.env[key];
    if (value !== undefined) inherited[key] = value;
  }
  return {
    ...inherited,
    AWS_LAMBDA_FUNCTION_NAME: fn.name,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySizeMb),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.name}`,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    _HANDLER: `${fn.entry}.${fn.handler}`,
    ...common,
    ...fn.environment,
  };
}
