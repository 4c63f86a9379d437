import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BadgeError } from '../shared/errors.js';

/**
 * Where the running local cloud listens, as `<dataDir>/endpoints.json` gives it to scripts, the CLI and
 * registration systems: `{"region", "eventBusName", "eventbridge", "api", "cdn", ...}`.
 */
export interface LocalEndpoints {
  region: string;
  eventBusName: string;
  eventbridge: string;
  /** The queues of the templates over the SQS API (`<sqs>/000000000000/<queue name>`). */
  sqs: string;
  api: string;
  cdn: string;
  dynamodb: string;
  s3: string;
  secretsManager: string;
  tokenIssuer: string;
  /** The table of the stateful stack, for operators' tools (`npx badges awards`). */
  tableName: string;
}

export const ENDPOINTS_FILE = 'endpoints.json';

export function writeEndpointsFile(dataDir: string, endpoints: LocalEndpoints): string {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, ENDPOINTS_FILE);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(endpoints, null, 2)}\n`);
  renameSync(temporary, file);
  return file;
}

export function readEndpointsFile(dataDir: string): LocalEndpoints {
  try {
    return JSON.parse(readFileSync(join(dataDir, ENDPOINTS_FILE), 'utf8')) as LocalEndpoints;
  } catch {
    throw new BadgeError(
      'LOCAL_CLOUD_NOT_STARTED',
      `no local cloud runs on ${dataDir}: start it with npm start`,
    );
  }
}

export function removeEndpointsFile(dataDir: string): void {
  rmSync(join(dataDir, ENDPOINTS_FILE), { force: true });
}

/**
 * Deployed values the local cloud replaces in the functions' environment: the API's execute-api URL, the
 * distribution's domain (as `https://<domain>` and bare), the JWT issuer the authorizers trust, and the SQS
 * endpoint in queue URLs.
 */
export interface EndpointBindings {
  /** `https://<id>.execute-api.<region>.amazonaws.com` → local API URL. */
  apis: Map<string, string>;
  /** `<id>.cloudfront.net` (and aliases) → local CDN URL. */
  distributions: Map<string, string>;
  /** Issuer URL of a template authorizer → the local token issuer's URL. */
  issuers: Map<string, string>;
  /** `https://sqs.<region>.amazonaws.com` (queue URLs) → the local SQS endpoint. */
  queueEndpoints?: Map<string, string>;
}

export function bindValue(value: string, bindings: EndpointBindings): string {
  const issuer = bindings.issuers.get(value) ?? bindings.issuers.get(value.replace(/\/+$/, ''));
  if (issuer !== undefined) return issuer;
  let bound = value;
  for (const [deployed, local] of bindings.apis) bound = bound.split(deployed).join(local);
  for (const [deployed, local] of bindings.queueEndpoints ?? []) bound = bound.split(deployed).join(local);
  for (const [domain, local] of bindings.distributions) {
    bound = bound.split(`https://${domain}`).join(local);
    bound = bound.split(domain).join(new URL(local).host);
  }
  return bound;
}

export function bindEnvironment(
  environment: Record<string, string>,
  bindings: EndpointBindings,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(environment).map(([name, value]) => [name, bindValue(value, bindings)]),
  );
}
