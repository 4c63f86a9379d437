import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { readEndpointsFile } from '../local/endpoints.js';
import { issueLocalToken } from '../local/token-issuer.js';
import { directoryDocumentFetcher } from '../shared/adapters/directory-fetcher.js';
import { FileKeyStore } from '../shared/adapters/file-key-store.js';
import { bakePng, bakeSvg, detectImageType, unbake } from '../shared/baking/index.js';
import { CITIZEN21_BADGES, CITIZEN21_ISSUER } from '../shared/catalogue/citizen21.js';
import { type KeyAlgorithm, newKeyRing, rotateKey } from '../shared/crypto/keys.js';
import { BadgeError } from '../shared/errors.js';
import { issueToDirectory } from '../shared/issuance/issue-to-directory.js';
import { httpDocumentFetcher } from '../shared/ports/fetcher.js';
import { verify } from '../shared/verify/index.js';
import { listAwards } from './awards-command.js';

type Values = Record<string, string | boolean | undefined>;
interface Command {
  synopsis: string;
  summary: string;
  options: Record<string, { type: 'string' | 'boolean'; short?: string }>;
  run(values: Values, positionals: string[]): Promise<number>;
}

const DEFAULT_KEYS = '.data/keys/keyring.json';

function required(values: Values, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new BadgeError('USAGE', `--${name} is required`);
  return value;
}

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

async function readInput(source: string): Promise<string | Uint8Array | URL> {
  if (/^https?:\/\//.test(source)) return new URL(source);
  const bytes = await readFile(source);
  return detectImageType(bytes) === 'png' ? bytes : bytes.toString('utf8');
}

export const commands: Record<string, Command> = {
  awards: {
    synopsis: '--email <address> [--endpoints <file>] | --email <address> --table <name> [--region <region>]',
    summary: "Prints a participant's awards (badge, status, time, public URLs) from the local cloud or a deployed table.",
    options: { email: { type: 'string' }, endpoints: { type: 'string' }, table: { type: 'string' }, region: { type: 'string' } },
    async run(values) {
      print(await listAwards(values));
      return 0;
    },
  },
  issue: {
    synopsis: '--badge <slug> --email <address> [--name <name>] --base-url <url> --out <dir> [--keys <file>] [--issuer-name <name>] [--issuer-url <url>] [--issuer-email <email>] [--no-jwt] [--ob2-signed]',
    summary: `Issues a Citizen 2.1 badge (${CITIZEN21_BADGES.map((b) => b.slug).join(', ')}) into <dir>, laid out as the CDN serves it.`,
    options: {
      badge: { type: 'string' },
      email: { type: 'string' },
      name: { type: 'string' },
      'base-url': { type: 'string' },
      out: { type: 'string' },
      keys: { type: 'string' },
      'issuer-name': { type: 'string' },
      'issuer-url': { type: 'string' },
      'issuer-email': { type: 'string' },
      'no-jwt': { type: 'boolean' },
      'ob2-signed': { type: 'boolean' },
    },
    async run(values) {
      const baseUrl = required(values, 'base-url');
      const result = await issueToDirectory({
        badgeSlug: required(values, 'badge'),
        email: required(values, 'email'),
        ...(typeof values.name === 'string' ? { name: values.name } : {}),
        outDir: resolve(required(values, 'out')),
        keyStore: new FileKeyStore(resolve((values.keys as string | undefined) ?? DEFAULT_KEYS)),
        issuer: {
          baseUrl,
          name: (values['issuer-name'] as string | undefined) ?? CITIZEN21_ISSUER.name,
          url: (values['issuer-url'] as string | undefined) ?? baseUrl,
          email: (values['issuer-email'] as string | undefined) ?? 'badges@example.org',
          description: CITIZEN21_ISSUER.description,
          formats: { vcJwt: values['no-jwt'] !== true, ob2Signed: values['ob2-signed'] === true },
        },
      });
      print(result.files);
      return 0;
    },
  },
  verify: {
    synopsis: '<file|url> [--email <address>] [--site <dir> --base-url <url>]',
    summary: 'Verifies a credential (JSON, JWS, baked PNG or SVG, or URL); exit code 0 only when it verifies.',
    options: { email: { type: 'string' }, site: { type: 'string' }, 'base-url': { type: 'string' } },
    async run(values, positionals) {
      const source = positionals[0];
      if (!source) throw new BadgeError('USAGE', 'name a file or URL to verify');
      const network = httpDocumentFetcher({ loopbackHttpFallback: true });
      const fetcher =
        typeof values.site === 'string' ? directoryDocumentFetcher(required(values, 'base-url'), resolve(values.site), network) : network;
      const result = await verify(await readInput(source), {
        fetcher,
        ...(typeof values.email === 'string' ? { recipientEmail: values.email } : {}),
      });
      print({ verified: result.verified, format: result.format, checks: result.checks });
      return result.verified ? 0 : 1;
    },
  },
  bake: {
    synopsis: '--image <png|svg> [--ob3 <file>] [--ob2 <file>] --out <file>',
    summary: 'Bakes an OB 3.0 credential (JSON or JWT) and/or an OB 2.0 assertion into a PNG or SVG image.',
    options: { image: { type: 'string' }, ob3: { type: 'string' }, ob2: { type: 'string' }, out: { type: 'string' } },
    async run(values) {
      const image = await readFile(required(values, 'image'));
      const payloads = {
        ...(typeof values.ob3 === 'string' ? { ob3: (await readFile(values.ob3, 'utf8')).trim() } : {}),
        ...(typeof values.ob2 === 'string' ? { ob2: (await readFile(values.ob2, 'utf8')).trim() } : {}),
      };
      if (!payloads.ob3 && !payloads.ob2) throw new BadgeError('USAGE', 'give --ob3 and/or --ob2');
      const type = detectImageType(image);
      if (!type) throw new BadgeError('IMAGE_FORMAT_UNKNOWN', 'the image is neither a PNG nor an SVG');
      const baked = type === 'png' ? bakePng(image, payloads) : bakeSvg(image.toString('utf8'), payloads);
      await writeFile(required(values, 'out'), baked);
      print({ out: resolve(required(values, 'out')), imageType: type, keywords: Object.keys(payloads) });
      return 0;
    },
  },
  unbake: {
    synopsis: '<file>',
    summary: 'Prints the credentials baked into a PNG or SVG image.',
    options: {},
    async run(_values, positionals) {
      const source = positionals[0];
      if (!source) throw new BadgeError('USAGE', 'name an image file');
      print(unbake(await readFile(source)));
      return 0;
    },
  },
  keys: {
    synopsis: '[--keys <file>] [--rotate EdDSA|RS256]',
    summary: 'Creates the key ring if missing, optionally rotates a key, and prints the public keys (never the private ones).',
    options: { keys: { type: 'string' }, rotate: { type: 'string' } },
    async run(values) {
      const store = new FileKeyStore(resolve((values.keys as string | undefined) ?? DEFAULT_KEYS));
      const now = new Date();
      let ring = (await store.load()) ?? (await newKeyRing(now));
      if (typeof values.rotate === 'string') {
        if (values.rotate !== 'EdDSA' && values.rotate !== 'RS256') throw new BadgeError('USAGE', '--rotate takes EdDSA or RS256');
        ring = await rotateKey(ring, values.rotate as KeyAlgorithm, now);
      }
      await store.save(ring);
      print(ring.keys.map((key) => ({ kid: key.kid, algorithm: key.algorithm, status: key.status, createdAt: key.createdAt, publicJwk: key.publicJwk })));
      return 0;
    },
  },
  token: {
    synopsis: '--role organizer|admin [--data-dir <dir>] [--expires-in <seconds>]',
    summary: 'Prints an access token for the organiser API of the running local cloud (npm start), with its API URL.',
    options: { role: { type: 'string' }, 'data-dir': { type: 'string' }, 'expires-in': { type: 'string' } },
    async run(values) {
      const role = required(values, 'role');
      if (role !== 'organizer' && role !== 'admin')
        throw new BadgeError('USAGE', '--role takes organizer or admin');
      const expiresIn = typeof values['expires-in'] === 'string' ? Number(values['expires-in']) : 3600;
      if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > 86_400)
        throw new BadgeError('USAGE', '--expires-in takes 1 to 86400 seconds');
      const dataDir = resolve(
        (values['data-dir'] as string | undefined) ?? process.env.BADGES_DATA_DIR ?? '.data',
      );
      // The endpoints file exists only while a local cloud runs on that data directory.
      const { api } = readEndpointsFile(dataDir);
      const token = await issueLocalToken({ role, dataDir, expiresIn });
      print({ token, tokenType: 'Bearer', role, expiresIn, api });
      return 0;
    },
  },
};
