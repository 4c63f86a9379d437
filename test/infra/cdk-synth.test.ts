import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stackNames } from '../../infra/config/names.js';
import { REPO_ROOT } from '../../infra/paths.js';
import { ENV_NAMES } from '../../shared/config/env.js';
import { type CfnTemplate, scratchDir, synthesizeTemplates } from './templates.js';

interface RunResult {
  code: number;
  stdout: string;
  /** stdout and stderr, for failure messages. */
  output: string;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let output = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, output }));
  });
}

/** What the CLI adds on top of the app's own template (version reporting, asset and path metadata, code keys). */
function withoutCliExtras(template: CfnTemplate): CfnTemplate {
  const copy = structuredClone(template) as CfnTemplate & { Conditions?: Record<string, unknown> };
  delete copy.Resources.CDKMetadata;
  if (copy.Conditions) delete copy.Conditions.CDKMetadataAvailable;
  if (copy.Conditions && Object.keys(copy.Conditions).length === 0) delete copy.Conditions;
  for (const resource of Object.values(copy.Resources)) {
    if (resource.Metadata) {
      for (const key of Object.keys(resource.Metadata))
        if (key.startsWith('aws:')) delete resource.Metadata[key];
      if (Object.keys(resource.Metadata).length === 0) delete resource.Metadata;
    }
    if (resource.Type === 'AWS::Lambda::Function' && resource.Properties)
      resource.Properties.Code = 'bundled code';
  }
  return copy;
}

const out = scratchDir();
const names = stackNames('dev');
let synth: RunResult;

beforeAll(async () => {
  synth = await run('npx', ['cdk', 'synth', '--quiet', '--output', out.path], { ...process.env, CI: 'true' });
}, 240_000);

afterAll(() => out.remove());

describe('npx cdk synth', () => {
  it('synthesizes both stacks offline, bundling the functions with local esbuild', () => {
    expect(synth.output).not.toMatch(/docker/i);
    expect(synth.code, synth.output).toBe(0);
    expect(existsSync(join(out.path, `${names.stateful}.template.json`))).toBe(true);
    expect(existsSync(join(out.path, `${names.stateless}.template.json`))).toBe(true);
  });

  it('builds the same templates as the in-process synthesis the tests and the local cloud use', () => {
    const inProcess = synthesizeTemplates();
    for (const [name, template] of [
      [names.stateful, inProcess.stateful],
      [names.stateless, inProcess.stateless],
    ] as const) {
      const fromCli = JSON.parse(
        readFileSync(join(out.path, `${name}.template.json`), 'utf8'),
      ) as CfnTemplate;
      expect(withoutCliExtras(fromCli)).toEqual(withoutCliExtras(template));
    }
  });

  it('emits minified ESM bundles with source maps and the run-time assets, that load and export the handler', async () => {
    const manifest = JSON.parse(readFileSync(join(out.path, `${names.stateless}.assets.json`), 'utf8')) as {
      files: Record<string, { displayName: string; source: { path: string } }>;
    };
    const bundles = Object.values(manifest.files).filter((file) =>
      file.displayName.endsWith('/Function/Code'),
    );
    expect(bundles.map((bundle) => bundle.displayName).sort()).toEqual([
      'Api/Function/Code',
      'Award/Function/Code',
      'Seed/Function/Code',
    ]);
    const env = { ...process.env, AWS_REGION: 'eu-west-1' } as NodeJS.ProcessEnv;
    for (const name of ENV_NAMES)
      env[name] ??=
        name === 'ISSUER_EMAIL'
          ? 'badges@example.org'
          : name === 'CREDENTIAL_FORMATS'
            ? 'vc-jwt'
            : 'https://example.org';
    env.NODE_OPTIONS = '--enable-source-maps';
    for (const bundle of bundles) {
      const entry = join(out.path, bundle.source.path, 'app', 'index.mjs');
      expect(existsSync(`${entry}.map`)).toBe(true);
      expect(existsSync(join(out.path, bundle.source.path, 'assets', 'contexts'))).toBe(true);
      expect(readFileSync(entry, 'utf8').split('\n')[0]).toMatch(/^import \{ createRequire/);
      const loaded = await run(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const m = await import(${JSON.stringify(entry)}); console.log(typeof m.handler);`,
        ],
        env,
      );
      expect(loaded.stdout.trim(), `${bundle.displayName}: ${loaded.output}`).toBe('function');
    }
  });
});
