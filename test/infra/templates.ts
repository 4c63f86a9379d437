import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BuildAppOptions, buildApp } from '../../infra/build-app.js';
import { type SynthesizedTemplates, synthesize } from '../../infra/synth.js';

export type CfnResource = {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
};
export type CfnTemplate = { Resources: Record<string, CfnResource>; Outputs?: Record<string, unknown> };

/** A scratch cloud-assembly directory, so test synths leave no `cdk.out*` folders behind. */
export function scratchDir(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'badges-infra-test-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Both templates of a stage, synthesized in-process without bundling (cdk-nag runs as in every synth). */
export function synthesizeTemplates(options: { stage?: string; context?: Record<string, unknown> } = {}): {
  stateful: CfnTemplate;
  stateless: CfnTemplate;
} {
  const dir = scratchDir();
  try {
    const templates: SynthesizedTemplates = synthesize({ ...options, outdir: dir.path, skipBundling: true });
    return templates as unknown as { stateful: CfnTemplate; stateless: CfnTemplate };
  } finally {
    dir.remove();
  }
}

/** The app before synthesis, for tests that look at the construct tree. Call `remove()` when done. */
export function buildTestApp(options: Omit<BuildAppOptions, 'outdir' | 'skipBundling'> = {}) {
  const dir = scratchDir();
  return { ...buildApp({ ...options, outdir: dir.path, skipBundling: true }), remove: dir.remove };
}

export function resourcesOfType(template: CfnTemplate, type: string): Array<[string, CfnResource]> {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

/** CloudFormation JSON is untyped; tests navigate it freely and let the assertions do the checking. */
// biome-ignore lint/suspicious/noExplicitAny: template JSON has no static type
export type CfnJson = any;

export function props(resource: CfnResource): Record<string, CfnJson> {
  return resource.Properties ?? {};
}
