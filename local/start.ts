import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { BadgeError } from '../shared/errors.js';
import {
  type LocalCloudOptions,
  readTemplatesDirectory,
  type ServiceName,
  startLocalCloud,
} from './local-cloud.js';

/**
 * `npm start`: the whole system on this machine, built from the synthesized templates. Settings come from
 * the environment:
 * - `BADGES_DATA_DIR` (default `.data`): state, keys and `endpoints.json`;
 * - `BADGES_IN_MEMORY=1`: nothing survives a restart;
 * - `BADGES_STAGE` (default `dev`): the CDK stage to synthesize;
 * - `BADGES_TEMPLATES_DIR`: use templates synthesized beforehand (`cdk synth` output) instead;
 * - `BADGES_PORT_API`, `_CDN`, `_EVENTBRIDGE`, `_SQS`, `_DYNAMODB`, `_S3`, `_SECRETS_MANAGER`, `_TOKEN_ISSUER`: fixed ports;
 * - `BADGES_ENV_<NAME>=<value>`: sets `<NAME>` for every function, over the template's value;
 * - `BADGES_CDN_TLS_CERT`, `BADGES_CDN_TLS_KEY` (PEM files): serve the CDN over HTTPS, so did:web resolves as
 *   verifiers outside this machine's tools expect (they must trust the certificate).
 * SIGINT or SIGTERM stops it cleanly: requests and batches in flight finish first.
 */

export { type LocalCloud, type LocalCloudOptions, startLocalCloud } from './local-cloud.js';

const PORT_VARIABLES: Record<ServiceName, string> = {
  api: 'BADGES_PORT_API',
  cdn: 'BADGES_PORT_CDN',
  eventbridge: 'BADGES_PORT_EVENTBRIDGE',
  sqs: 'BADGES_PORT_SQS',
  dynamodb: 'BADGES_PORT_DYNAMODB',
  s3: 'BADGES_PORT_S3',
  secretsManager: 'BADGES_PORT_SECRETS_MANAGER',
  tokenIssuer: 'BADGES_PORT_TOKEN_ISSUER',
};

export function optionsFromEnvironment(env: NodeJS.ProcessEnv = process.env): LocalCloudOptions {
  const ports: Partial<Record<ServiceName, number>> = {};
  for (const [service, variable] of Object.entries(PORT_VARIABLES) as [ServiceName, string][]) {
    const value = env[variable];
    if (value === undefined || value === '') continue;
    const port = Number(value);
    if (!Number.isInteger(port) || port < 0 || port > 65_535)
      throw new BadgeError('LOCAL_CONFIG_INVALID', `${variable} must be a port number`);
    ports[service] = port;
  }
  const environment: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (name.startsWith('BADGES_ENV_') && value !== undefined)
      environment[name.slice('BADGES_ENV_'.length)] = value;
  }
  return {
    dataDir: env.BADGES_DATA_DIR ?? '.data',
    inMemory: env.BADGES_IN_MEMORY === '1',
    ...(env.BADGES_STAGE ? { stage: env.BADGES_STAGE } : {}),
    ...(env.BADGES_TEMPLATES_DIR ? { templates: readTemplatesDirectory(env.BADGES_TEMPLATES_DIR) } : {}),
    ports,
    environment,
    ...(env.BADGES_CDN_TLS_CERT && env.BADGES_CDN_TLS_KEY
      ? {
          cdnTls: {
            cert: readFileSync(env.BADGES_CDN_TLS_CERT, 'utf8'),
            key: readFileSync(env.BADGES_CDN_TLS_KEY, 'utf8'),
          },
        }
      : {}),
  };
}

async function main(): Promise<void> {
  const startedAt = performance.now();
  // Node 20 is this machine's, not the deployed runtime's: the SDK's end-of-support notice is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const options: LocalCloudOptions = {
    ...optionsFromEnvironment(),
    // As Lambda logs an invocation error in the function's log, and API Gateway shows the caller only a 500.
    onIntegrationError: (routeKey, error) =>
      console.error(`${routeKey}: ${error instanceof Error ? error.message : String(error)}`),
  };
  console.log(
    options.templates
      ? 'Starting the local cloud...'
      : 'Starting the local cloud (synthesizing the CDK app)...',
  );
  const cloud = await startLocalCloud(options);
  const { endpoints } = cloud;
  const { synthesisMs, servicesMs, customResourcesMs } = cloud.timings;
  console.log(
    `Local cloud ready in ${Math.round(performance.now() - startedAt)} ms (synthesis ${Math.round(synthesisMs)} ms, ` +
      `services ${Math.round(servicesMs)} ms, custom resources ${Math.round(customResourcesMs)} ms)`,
  );
  console.log(`  API            ${endpoints.api}`);
  console.log(`  CDN            ${endpoints.cdn}`);
  console.log(
    `  EventBridge    ${endpoints.eventbridge}  (bus "${endpoints.eventBusName}", region ${endpoints.region})`,
  );
  console.log(`  SQS            ${endpoints.sqs}`);
  console.log(`  DynamoDB       ${endpoints.dynamodb}`);
  console.log(`  S3             ${endpoints.s3}  (credentials S3RVER / S3RVER)`);
  console.log(`  SecretsManager ${endpoints.secretsManager}`);
  console.log(`  Token issuer   ${endpoints.tokenIssuer}`);
  console.log(`Endpoints written to ${cloud.endpointsFile}`);
  console.log(
    `Organiser token: curl -s -X POST ${endpoints.tokenIssuer}/token -d '{"role":"organizer"}'  (or "admin")`,
  );
  cloud.runtime.warm().catch((error: unknown) => console.error('A function failed to load:', error));

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      console.error(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    console.log(`${signal}: stopping (work in flight finishes first)...`);
    cloud.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('The local cloud did not stop cleanly:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error('The local cloud failed to start:', error);
    process.exit(1);
  });
}
