import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'npm-start-test-'));
let child: ChildProcess | undefined;

afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

function exited(process: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => process.once('exit', (code) => resolve(code)));
}

async function endpointsWritten(file: string, process: ChildProcess): Promise<Record<string, string>> {
  for (;;) {
    if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    if (process.exitCode !== null) throw new Error(`npm start exited with ${process.exitCode}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('npm start', () => {
  it('serves the templates, then stops cleanly on SIGTERM with exit code 0', async () => {
    child = spawn(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'local/start.ts'], {
      cwd: root,
      env: {
        ...process.env,
        BADGES_DATA_DIR: dataDir,
        BADGES_IN_MEMORY: '1',
        BADGES_TEMPLATES_DIR: join(root, 'test/fixtures/local/templates'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const endpoints = await endpointsWritten(join(dataDir, 'endpoints.json'), child);
    const response = await fetch(`${endpoints.api}/openapi.json`);
    expect(response.status).toBe(200);
    expect(output).toContain(endpoints.api);

    const exit = exited(child);
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(existsSync(join(dataDir, 'endpoints.json'))).toBe(false);
  });
});
