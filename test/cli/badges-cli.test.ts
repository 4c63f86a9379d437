import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpsSite } from '../support/https-site.js';

const run = promisify(execFile);
const repo = new URL('../../', import.meta.url).pathname;

async function badges(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', [join(repo, 'bin/badges.js'), ...args], {
      cwd: repo,
      env: process.env,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

describe('the badges command line', () => {
  const root = mkdtempSync(join(tmpdir(), 'badges-cli-'));
  const out = join(root, 'site');
  const keys = join(root, 'keys', 'keyring.json');
  let site: Awaited<ReturnType<typeof startHttpsSite>>;
  let written: Record<string, string>;

  beforeAll(async () => {
    site = await startHttpsSite(out);
    const result = await badges([
      'issue',
      '--badge',
      'innovative-pioneer',
      '--email',
      'grace@example.org',
      '--name',
      'Grace',
      '--base-url',
      site.baseUrl,
      '--out',
      out,
      '--keys',
      keys,
    ]);
    expect(result.code, result.stderr).toBe(0);
    written = JSON.parse(result.stdout);
  });
  afterAll(async () => site?.close());

  it('issue prints the files it wrote, laid out under the base URL', () => {
    for (const name of ['credential', 'png', 'assertion', 'didDocument', 'credentialJwt']) {
      expect(written[name], name).toMatch(new RegExp(`^${out}/`));
      expect(statSync(written[name] as string).size).toBeGreaterThan(0);
    }
    expect(written.didDocument).toBe(join(out, '.well-known/did.json'));
  });

  it('keeps private keys in the key store, readable by its owner only, and out of the site', () => {
    expect(statSync(keys).mode & 0o777).toBe(0o600);
    const ring = JSON.parse(readFileSync(keys, 'utf8'));
    const secret = ring.keys[0].privateJwk.d as string;
    for (const file of Object.values(written)) expect(readFileSync(file, 'utf8')).not.toContain(secret);
  });

  it('verify accepts the credential by URL, as JSON, as VC-JWT and as baked PNG', async () => {
    const credentialUrl = `${site.baseUrl}/${(written.credential as string).slice(out.length + 1)}`;
    for (const source of [
      credentialUrl,
      written.credential,
      written.credentialJwt,
      written.png,
      written.assertion,
    ] as string[]) {
      const result = await badges(['verify', source, '--email', 'grace@example.org']);
      expect(result.code, `${source}: ${result.stdout}${result.stderr}`).toBe(0);
      expect(JSON.parse(result.stdout).verified).toBe(true);
    }
  });

  it('verify fails with the recipient check for another email, and with the proof check for a changed byte', async () => {
    const wrongRecipient = await badges([
      'verify',
      written.credential as string,
      '--email',
      'someone.else@example.org',
    ]);
    expect(wrongRecipient.code).toBe(1);
    expect(JSON.parse(wrongRecipient.stdout).checks).toContainEqual(
      expect.objectContaining({ code: 'RECIPIENT', status: 'failed' }),
    );

    const tampered = join(root, 'tampered.json');
    writeFileSync(
      tampered,
      readFileSync(written.credential as string, 'utf8').replace(
        '"Innovative Pioneer"',
        '"Innovative Pioneer!"',
      ),
    );
    const result = await badges(['verify', tampered]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).checks).toContainEqual(
      expect.objectContaining({ code: 'PROOF', status: 'failed' }),
    );
  });

  it('unbake returns both payloads, and bake writes them into another image', async () => {
    const unbaked = await badges(['unbake', written.png as string]);
    expect(unbaked.code).toBe(0);
    const payloads = JSON.parse(unbaked.stdout);
    expect(JSON.parse(payloads.ob3).type).toContain('OpenBadgeCredential');
    expect(JSON.parse(payloads.ob2).type).toBe('Assertion');

    const rebaked = join(root, 'rebaked.png');
    const baked = await badges([
      'bake',
      '--image',
      written.png as string,
      '--ob3',
      written.credentialJwt as string,
      '--out',
      rebaked,
    ]);
    expect(baked.code, baked.stderr).toBe(0);
    const again = JSON.parse((await badges(['unbake', rebaked])).stdout);
    expect(again.ob3).toBe(readFileSync(written.credentialJwt as string, 'utf8').trim());
    expect(again.ob2).toBe(payloads.ob2);
  });

  it('keys prints public keys only, and rotation keeps the old key published', async () => {
    const before = JSON.parse((await badges(['keys', '--keys', keys])).stdout);
    expect(JSON.stringify(before)).not.toMatch(/"d"\s*:/);
    const after = JSON.parse((await badges(['keys', '--keys', keys, '--rotate', 'EdDSA'])).stdout);
    expect(after).toHaveLength(before.length + 1);
    expect(after.filter((key: { status: string }) => key.status === 'retired')).toHaveLength(1);
  });

  it('answers bad usage with a typed error and exit code 2', async () => {
    const result = await badges(['issue', '--badge', 'witness']);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stderr.split('\n')[0] as string).error.code).toBe('USAGE');
    const unknown = await badges([
      'issue',
      '--badge',
      'nope',
      '--email',
      'a@b.c',
      '--base-url',
      site.baseUrl,
      '--out',
      out,
      '--keys',
      keys,
    ]);
    expect(unknown.code).toBe(1);
    expect(JSON.parse(unknown.stderr).error.code).toBe('BADGE_NOT_FOUND');
  });
});
