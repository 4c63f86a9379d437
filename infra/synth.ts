import { buildApp } from './build-app.js';

export interface SynthesizeOptions {
  stage?: string;
  outdir: string;
  skipBundling?: boolean;
  context?: Record<string, unknown>;
}

export interface SynthesizedTemplates {
  stateful: Record<string, unknown>;
  stateless: Record<string, unknown>;
}

/**
 * Builds and synthesizes the app in-process and returns the two CloudFormation templates. The tests and the
 * local cloud call this with `skipBundling` (no esbuild) and an `outdir` under a temporary directory.
 * Throws when cdk-nag reports an unacknowledged finding.
 */
export function synthesize(options: SynthesizeOptions): SynthesizedTemplates {
  const { app, stateful, stateless } = buildApp(options);
  const assembly = app.synth();
  return {
    stateful: assembly.getStackArtifact(stateful.artifactId).template as Record<string, unknown>,
    stateless: assembly.getStackArtifact(stateless.artifactId).template as Record<string, unknown>,
  };
}
