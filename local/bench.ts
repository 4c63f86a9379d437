/**
 * How long `npm start` takes to be useful: synthesizing the CDK app, starting every service from the
 * templates (the local cloud's own startup), its custom resources (the issuer seed), the first API response (the API function's cold start), the
 * first CDN response, and a clean stop. Runs in memory on a temporary data directory with ephemeral ports.
 *
 *   import { measureStartup } from './local/bench.js';
 *   const result = await measureStartup();
 *
 * Run directly (`npx tsx local/bench.ts`) it prints the result as JSON.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { startLocalCloud, synthesizeTemplates } from './local-cloud.js';
import type { StackTemplate } from './template.js';

export interface StartupOptions {
  /** Templates to start from instead of synthesizing `stage` (then synthesisMs is 0). */
  templates?: StackTemplate[];
  stage?: string;
}

export interface StartupMeasurement {
  /** In-process CDK synthesis with bundling skipped. */
  synthesisMs: number;
  /** From the templates to every endpoint listening (services, tables, buckets, event plane, servers). */
  servicesMs: number;
  /** The custom resources (the issuer seed: keys, catalogue, published files), cold starts included. */
  customResourcesMs: number;
  /** synthesisMs + servicesMs + customResourcesMs: what `npm start` takes before it prints its endpoints. */
  readyMs: number;
  /** The first request to an API route without authorization: includes the function's cold start. */
  firstApiResponseMs: number;
  /** The same request again, from a warm execution environment. */
  warmApiResponseMs: number;
  /** The first CDN request (a missing object: 403 from the bucket). */
  firstCdnResponseMs: number;
  /** Stopping cleanly: servers, pollers, functions, services. */
  stopMs: number;
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await work();
  return [value, performance.now() - started];
}

/** An open route of the first HTTP API: a request that needs no token. */
function openRoutePath(
  templatesApiRoutes: { method: string | undefined; path: string | undefined; authorizer: unknown }[],
): string {
  const open = templatesApiRoutes.find(
    (route) =>
      !route.authorizer && route.method === 'GET' && route.path !== undefined && !route.path.includes('{'),
  );
  return open?.path ?? '/';
}

export async function measureStartup(options: StartupOptions = {}): Promise<StartupMeasurement> {
  const dataDir = mkdtempSync(join(tmpdir(), 'badges-startup-bench-'));
  try {
    const [templates, synthesisMs] = options.templates
      ? [options.templates, 0]
      : await timed(() => synthesizeTemplates(options.stage ?? 'dev'));
    const cloud = await startLocalCloud({
      templates,
      dataDir,
      inMemory: true,
      onFunctionLog: () => undefined,
    });
    const { servicesMs, customResourcesMs } = cloud.timings;
    try {
      const path = openRoutePath(cloud.config.httpApis[0]?.routes ?? []);
      const request = async () => {
        const response = await fetch(`${cloud.endpoints.api}${path}`);
        await response.arrayBuffer();
      };
      const [, firstApiResponseMs] = await timed(request);
      const [, warmApiResponseMs] = await timed(request);
      const [, firstCdnResponseMs] = await timed(async () => {
        const response = await fetch(`${cloud.endpoints.cdn}/credentials/startup-bench-missing.json`);
        await response.arrayBuffer();
      });
      const [, stopMs] = await timed(() => cloud.stop());
      return {
        synthesisMs,
        servicesMs,
        customResourcesMs,
        readyMs: synthesisMs + servicesMs + customResourcesMs,
        firstApiResponseMs,
        warmApiResponseMs,
        firstCdnResponseMs,
        stopMs,
      };
    } finally {
      await cloud.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const result = await measureStartup();
  console.log(
    JSON.stringify(result, (_key, value) => (typeof value === 'number' ? Math.round(value) : value), 2),
  );
}
