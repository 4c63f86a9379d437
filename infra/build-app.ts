import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { stackNames } from './config/names.js';
import { resolveStage, STAGE_OVERRIDE_KEYS, type StageConfig, type StageOverrides } from './config/stages.js';
import { StatefulStack } from './stacks/stateful-stack.js';
import { StatelessStack } from './stacks/stateless-stack.js';

export interface BuildAppOptions {
  /** Stage name; the `stage` context (`-c stage=prod`) wins when both are given. Default `dev`. */
  stage?: string;
  outdir?: string;
  /** Skips esbuild: the templates are complete, only the code assets are placeholders. */
  skipBundling?: boolean;
  /** Extra context, as `-c key=value` would give (stage overrides such as `domainName`). */
  context?: Record<string, unknown>;
}

export interface BadgesApp {
  app: App;
  config: StageConfig;
  stateful: StatefulStack;
  stateless: StatelessStack;
}

/**
 * Feature flags are set here rather than in cdk.json, so the CLI and the in-process synthesis (tests, local
 * cloud) build the same templates.
 */
const FEATURE_FLAGS = {
  // Log delivery to the access-log bucket through its bucket policy, not the deprecated LogDeliveryWrite ACL.
  '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
};

function overridesFrom(app: App): StageOverrides {
  const overrides: StageOverrides = {};
  for (const key of STAGE_OVERRIDE_KEYS) {
    const value: unknown = app.node.tryGetContext(key);
    if (typeof value === 'string' && value !== '') overrides[key] = value;
  }
  return overrides;
}

/** The whole CDK app, with cdk-nag's AwsSolutions checks: an unacknowledged finding fails synthesis. */
export function buildApp(options: BuildAppOptions = {}): BadgesApp {
  const context: Record<string, unknown> = { ...FEATURE_FLAGS, ...options.context };
  if (options.skipBundling) context['aws:cdk:bundling-stacks'] = [];
  const app = new App({ ...(options.outdir === undefined ? {} : { outdir: options.outdir }), context });

  const stageName = (app.node.tryGetContext('stage') as string | undefined) ?? options.stage;
  const config = resolveStage(stageName, overridesFrom(app));
  const env =
    config.account !== undefined || config.region !== undefined
      ? { account: config.account, region: config.region }
      : undefined;
  const names = stackNames(config.name);

  const stateful = new StatefulStack(app, names.stateful, {
    config,
    env,
    description: `Open Badges issuer (${config.name}): table, public files, keys, organiser accounts`,
  });
  const stateless = new StatelessStack(app, names.stateless, {
    config,
    env,
    description: `Open Badges issuer (${config.name}): bus, queues, functions, API, CDN, alarms`,
  });
  // The stateless stack imports by export name, so CDK cannot infer the order: deploy stateful first.
  stateless.addStackDependency(stateful);

  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, config, stateful, stateless };
}
