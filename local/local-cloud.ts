import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { JWTVerifyGetKey } from 'jose';
import { BadgeError } from '../shared/errors.js';
import { type LocalCdn, startCdn } from './cdn.js';
import type { CloudConfig, HttpApiConfig } from './cloud-config.js';
import { runCustomResources } from './custom-resources.js';
import {
  bindEnvironment,
  bindValue,
  type EndpointBindings,
  type LocalEndpoints,
  removeEndpointsFile,
  writeEndpointsFile,
} from './endpoints.js';
import { createEventPlane, type EventPlane } from './events/index.js';
import { type LocalHttpApi, startHttpApi } from './http-api.js';
import { LambdaRuntime } from './lambda-runtime.js';
import { LOCAL_CREDENTIALS, type RunningServices, startServices } from './services.js';
import { type CfnTemplate, readCloudConfig, type StackTemplate } from './template.js';
import { TemplateResolver } from './template-resolver.js';
import { type IssueTokenOptions, type LocalTokenIssuer, startTokenIssuer } from './token-issuer.js';

/**
 * The whole system on one machine, built from the synthesized templates: DynamoDB, S3 and Secrets Manager,
 * the EventBridge endpoint with its rules and durable queues, one poller per event source mapping, the HTTP
 * API with its authorizers, the CDN, and a local token issuer the authorizers trust in place of the deployed
 * one. Every function runs its unchanged handler with its template environment, where the deployed API
 * URL, CDN domain and JWT issuer are replaced by the local ones, plus the SDK's endpoint variables. Custom
 * resources backed by those functions run as a deployment runs them, before the endpoints are announced.
 */

export type ServiceName =
  | 'api'
  | 'cdn'
  | 'eventbridge'
  | 'sqs'
  | 'dynamodb'
  | 's3'
  | 'secretsManager'
  | 'tokenIssuer';

export interface LocalCloudOptions {
  /** The templates; synthesized from `infra/` (bundling skipped) when omitted. */
  templates?: Record<string, CfnTemplate> | StackTemplate[];
  /** The CDK stage to synthesize (default `BADGES_STAGE` or `dev`). */
  stage?: string;
  /** Where state, keys and `endpoints.json` live (default `BADGES_DATA_DIR` or `.data`). */
  dataDir?: string;
  /** DynamoDB, Secrets Manager, queues in memory; S3 in a temporary directory (tests). */
  inMemory?: boolean;
  region?: string;
  /** Fixed ports; ephemeral where unset. */
  ports?: Partial<Record<ServiceName, number>>;
  /** Where the functions' `badges:entry` paths are relative to (the repository root by default). */
  rootDir?: string;
  /** Variables set for every function, over the template's (e.g. a local ISSUER_URL). */
  environment?: Record<string, string>;
  /** Execution environments per function (default 2). */
  maxConcurrency?: number;
  /** Load every function's module before returning, so the first request pays no cold start. */
  warm?: boolean;
  /**
   * Serve the CDN over HTTPS with this certificate, so the issuer's did:web resolves as the specification says
   * (over https); verifiers must trust the certificate (NODE_EXTRA_CA_CERTS).
   */
  cdnTls?: { cert: string; key: string };
  /** Where the functions' log lines go; the process's stdout/stderr when omitted. */
  onFunctionLog?: (functionName: string, line: string) => void;
  /** Integration failures (a handler that threw or timed out) besides API Gateway's generic answer. */
  onIntegrationError?: (routeKey: string, error: unknown) => void;
}

export interface StartupTimings {
  /** Synthesizing the templates (0 when they were given). */
  synthesisMs: number;
  /** Services, event plane, servers and function runtime, up to the custom resources. */
  servicesMs: number;
  /** Running the custom resources (the issuer seed), cold starts included. */
  customResourcesMs: number;
}

export interface LocalCloud {
  endpoints: LocalEndpoints;
  /** The environment a function runs with here (template values bound to local endpoints), by entry file. */
  environmentOf(entry: string): Record<string, string>;
  timings: StartupTimings;
  endpointsFile: string;
  config: CloudConfig;
  runtime: LambdaRuntime;
  eventPlane: EventPlane;
  /** A token the local authorizers accept (`Authorization: Bearer <token>`). */
  issueToken(options: IssueTokenOptions): Promise<string>;
  /** Stops accepting requests, lets work in flight finish, then stops every service. */
  stop(): Promise<void>;
}

export const DEFAULT_REGION = 'eu-west-1';
const DEFAULT_AUDIENCE = 'badges-local';

/** Templates already synthesized (`<stack name>.json` files, as `cdk synth` writes them into cdk.out). */
export function readTemplatesDirectory(directory: string): StackTemplate[] {
  return readdirSync(directory)
    .filter(
      (file) =>
        file.endsWith('.json') &&
        !file.endsWith('.assets.json') &&
        file !== 'manifest.json' &&
        file !== 'tree.json',
    )
    .map((file) => {
      const template = JSON.parse(readFileSync(join(directory, file), 'utf8')) as CfnTemplate;
      return { stackName: basename(file, '.json').replace(/\.template$/, ''), template };
    })
    .filter(({ template }) => template.Resources !== undefined);
}

/** Synthesizes the CDK app in-process without bundling, under a temporary directory removed afterwards. */
export async function synthesizeTemplates(stage: string): Promise<StackTemplate[]> {
  const { synthesize } = await import('../infra/synth.js');
  const { stackNames } = await import('../infra/config/names.js');
  const outdir = mkdtempSync(join(tmpdir(), 'badges-local-synth-'));
  try {
    const { stateful, stateless } = synthesize({ stage, outdir, skipBundling: true });
    const names = stackNames(stage);
    return [
      { stackName: names.stateful, template: stateful as CfnTemplate },
      { stackName: names.stateless, template: stateless as CfnTemplate },
    ];
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  const region = options.region ?? process.env.AWS_REGION ?? DEFAULT_REGION;
  const dataDir = resolve(options.dataDir ?? process.env.BADGES_DATA_DIR ?? '.data');
  const inMemory = options.inMemory ?? false;
  const ports = options.ports ?? {};
  mkdirSync(dataDir, { recursive: true });

  const startedAt = performance.now();
  const templates =
    options.templates ?? (await synthesizeTemplates(options.stage ?? process.env.BADGES_STAGE ?? 'dev'));
  const synthesizedAt = performance.now();
  const config = readCloudConfig(templates, { region });
  const stacks = Array.isArray(templates)
    ? templates
    : Object.entries(templates).map(([stackName, template]) => ({ stackName, template }));
  const resolver = new TemplateResolver(stacks, { region, accountId: config.accountId });

  // Stopped in this order: no new requests, then the pollers finish their batches, then the functions, then
  // the services they were using.
  const running: {
    endpointsFile?: boolean;
    servers: { stop(): Promise<void> }[];
    eventPlane?: EventPlane;
    runtime?: LambdaRuntime;
    tokenIssuer?: LocalTokenIssuer;
    services?: RunningServices;
  } = { servers: [] };
  let stopping: Promise<void> | undefined;
  const stopAll = () => {
    stopping ??= (async () => {
      if (running.endpointsFile) removeEndpointsFile(dataDir);
      await Promise.all(running.servers.map((server) => server.stop()));
      await running.eventPlane?.stop();
      await running.runtime?.stop();
      await running.tokenIssuer?.stop();
      await running.services?.stop();
    })();
    return stopping;
  };
  try {
    const services: RunningServices = await startServices({
      dataDir,
      inMemory,
      region,
      tables: config.tables,
      buckets: config.buckets,
      secrets: config.secrets,
      secretArnOf: (name) => resolver.secretArn(name),
      ports: { dynamodb: ports.dynamodb, s3: ports.s3, secretsManager: ports.secretsManager },
    });
    running.services = services;

    const authorizers = config.httpApis.flatMap((api) =>
      api.routes.flatMap((route) => (route.authorizer ? [route.authorizer] : [])),
    );
    const tokenIssuer: LocalTokenIssuer = await startTokenIssuer({
      dataDir,
      audience: authorizers[0]?.audience[0] ?? DEFAULT_AUDIENCE,
      port: ports.tokenIssuer,
    });
    running.tokenIssuer = tokenIssuer;
    const issuers = new Map(authorizers.map((authorizer) => [authorizer.issuer, tokenIssuer.url]));
    const localKeys: JWTVerifyGetKey = tokenIssuer.signer.keySet();

    const eventPlane = await createEventPlane({
      ...(inMemory ? { inMemory: true } : { dataDir: join(dataDir, 'events') }),
      region,
      ...(ports.eventbridge === undefined ? {} : { port: ports.eventbridge }),
      ...(ports.sqs === undefined ? {} : { sqsPort: ports.sqs }),
      buses: config.eventBuses.map((bus) => ({
        name: bus.name,
        rules: config.rules
          .filter((rule) => rule.eventBusName === bus.name)
          .map((rule) => ({
            name: rule.name,
            eventPattern: rule.eventPattern,
            enabled: rule.enabled,
            // The event plane delivers into queues; rules that target a function directly are not routed.
            targets: rule.targets.flatMap((target) =>
              target.queueName ? [{ queueName: target.queueName, id: target.id }] : [],
            ),
          })),
      })),
      queues: config.queues.map((queue) => ({
        name: queue.name,
        visibilityTimeoutSeconds: queue.visibilityTimeoutSeconds,
        ...(queue.deadLetter
          ? {
              deadLetter: {
                queueName: queue.deadLetter.queueName,
                maxReceiveCount: queue.deadLetter.maxReceiveCount,
              },
            }
          : {}),
      })),
    });
    running.eventPlane = eventPlane;

    // The servers listen before the functions exist (their URLs go into the functions' environment), so
    // requests wait for the runtime.
    let runtimeReady: (runtime: LambdaRuntime) => void = () => undefined;
    const runtimePromise = new Promise<LambdaRuntime>((resolveRuntime) => {
      runtimeReady = resolveRuntime;
    });
    const invoke = async (name: string, event: unknown) => (await runtimePromise).invoke(name, event);

    const apiServers: { api: HttpApiConfig; server: LocalHttpApi }[] = [];
    for (const [index, api] of config.httpApis.entries()) {
      const localApi: HttpApiConfig = {
        ...api,
        routes: api.routes.map((route) =>
          route.authorizer
            ? { ...route, authorizer: { ...route.authorizer, issuer: tokenIssuer.url } }
            : route,
        ),
      };
      const server = await startHttpApi({
        api: localApi,
        invoke,
        issuerKeys: (issuer) => (issuer === tokenIssuer.url ? localKeys : undefined),
        accountId: config.accountId,
        ...(index === 0 && ports.api !== undefined ? { port: ports.api } : {}),
        ...(options.onIntegrationError ? { onIntegrationError: options.onIntegrationError } : {}),
      });
      apiServers.push({ api, server });
      running.servers.push(server);
    }
    const apiUrls = new Map(apiServers.map(({ api, server }) => [api.id, server.url]));

    const cdnServers: LocalCdn[] = [];
    for (const [index, distribution] of config.distributions.entries()) {
      const cdn = await startCdn({
        distribution,
        s3Endpoint: services.s3,
        region,
        apiUrls,
        ...(index === 0 && ports.cdn !== undefined ? { port: ports.cdn } : {}),
        ...(options.cdnTls ? { tls: options.cdnTls } : {}),
      });
      cdnServers.push(cdn);
      running.servers.push(cdn);
    }

    const bindings: EndpointBindings = {
      apis: new Map(apiServers.map(({ api, server }) => [api.endpoint, server.url])),
      distributions: new Map(
        config.distributions.flatMap((distribution, index) => {
          const url = (cdnServers[index] as LocalCdn).url;
          return [distribution.domainName, ...distribution.aliases].map(
            (domain) => [domain, url] as [string, string],
          );
        }),
      ),
      issuers,
      queueEndpoints: new Map([[`https://sqs.${region}.amazonaws.com`, eventPlane.sqsEndpoint]]),
    };
    const functions = config.functions.map((fn) => ({
      ...fn,
      environment: { ...bindEnvironment(fn.environment, bindings), ...options.environment },
    }));
    const commonEnvironment = {
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: services.dynamodb,
      AWS_ENDPOINT_URL_S3: services.s3,
      AWS_ENDPOINT_URL_EVENTBRIDGE: eventPlane.endpoint,
      AWS_ENDPOINT_URL_SQS: eventPlane.sqsEndpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: services.secretsManager,
      // s3rver corrupts streamed uploads that carry the SDK's default checksums.
      AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
      AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
      // The deployed runtime (nodejs24.x) never warns that Node 20 is going out of SDK support.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    const runtime = new LambdaRuntime({
      functions,
      commonEnvironment,
      ...(options.rootDir ? { rootDir: options.rootDir } : {}),
      ...(options.maxConcurrency ? { maxConcurrency: options.maxConcurrency } : {}),
      ...(options.onFunctionLog ? { onLog: options.onFunctionLog } : {}),
    });
    running.runtime = runtime;
    runtimeReady(runtime);

    for (const mapping of config.eventSourceMappings.filter((candidate) => candidate.enabled)) {
      const fn = functions.find((candidate) => candidate.name === mapping.functionName);
      eventPlane.startPoller({
        queueName: mapping.queueName,
        functionName: mapping.functionName,
        handler: (event) => runtime.invoke(mapping.functionName, event),
        batchSize: mapping.batchSize,
        maximumBatchingWindowSeconds: mapping.maximumBatchingWindowSeconds,
        ...(mapping.maximumConcurrency === undefined
          ? {}
          : { maximumConcurrency: mapping.maximumConcurrency }),
        reportBatchItemFailures: mapping.reportBatchItemFailures,
        ...(fn ? { functionTimeoutSeconds: fn.timeoutSeconds } : {}),
      });
    }
    if (options.warm) await runtime.warm();

    const servicesReadyAt = performance.now();
    await runCustomResources({
      resources: config.customResources,
      invoke: (name, event) => runtime.invoke(name, event),
      region,
      accountId: config.accountId,
      stateFile: inMemory ? undefined : join(dataDir, 'custom-resources.json'),
      timeoutMs:
        Math.max(
          0,
          ...functions
            .filter((fn) => config.customResources.some((resource) => resource.functionName === fn.name))
            .map((fn) => fn.timeoutSeconds),
        ) *
          1000 +
        10_000,
    });

    const customBus = config.eventBuses.find((bus) => bus.name !== 'default');
    const endpoints: LocalEndpoints = {
      region,
      eventBusName: customBus?.name ?? 'default',
      eventbridge: eventPlane.endpoint,
      sqs: eventPlane.sqsEndpoint,
      api: apiServers[0]?.server.url ?? '',
      cdn: cdnServers[0]?.url ?? '',
      dynamodb: services.dynamodb,
      s3: services.s3,
      secretsManager: services.secretsManager,
      tokenIssuer: tokenIssuer.url,
      tableName: config.tables[0]?.name ?? '',
    };
    const endpointsFile = writeEndpointsFile(dataDir, endpoints);
    running.endpointsFile = true;

    return {
      endpoints,
      environmentOf: (entry: string) => {
        const fn = functions.find((candidate) => candidate.entry === entry);
        if (!fn) throw new BadgeError('LOCAL_FUNCTION_UNKNOWN', `no function has the entry ${entry}`);
        return { ...commonEnvironment, ...fn.environment } as Record<string, string>;
      },
      timings: {
        synthesisMs: options.templates ? 0 : synthesizedAt - startedAt,
        servicesMs: servicesReadyAt - synthesizedAt,
        customResourcesMs: performance.now() - servicesReadyAt,
      },
      endpointsFile,
      config: {
        ...config,
        functions,
        queues: config.queues.map((queue) => ({ ...queue, url: bindValue(queue.url, bindings) })),
      },
      runtime,
      eventPlane,
      issueToken: (issue) => tokenIssuer.signer.issue(issue),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
