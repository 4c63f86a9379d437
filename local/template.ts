import { BadgeError } from '../shared/errors.js';
import type {
  AttributeDefinition,
  BucketConfig,
  CloudConfig,
  CustomResourceConfig,
  EventBusConfig,
  EventSourceMappingConfig,
  FunctionConfig,
  KeySchemaElement,
  QueueConfig,
  RuleConfig,
  SecondaryIndexConfig,
  SecretConfig,
  TableConfig,
} from './cloud-config.js';
import { readDistributions } from './template-cdn.js';
import { readHttpApis } from './template-http-api.js';
import { functionNameOf, numberOr, props } from './template-props.js';
import { type CfnTemplate, type StackTemplate, TemplateResolver } from './template-resolver.js';

export type { CfnTemplate, StackTemplate } from './template-resolver.js';

/** The local account ID every ARN carries (the one the event plane stamps on events too). */
export const LOCAL_ACCOUNT_ID = '000000000000';

export interface ReadCloudConfigOptions {
  region: string;
  accountId?: string;
}

/**
 * Turns the synthesized templates into the local cloud's configuration: what to create (tables, buckets,
 * queues, secrets), what to run (functions with their resolved environment), and how to route (rules, event
 * source mappings, HTTP routes, CDN behaviors). Stacks are given by name, e.g. `{ stateful, stateless }` as
 * `synthesize()` returns them, or as a list when the stack names matter for generated names.
 */
export function readCloudConfig(
  templates: Record<string, CfnTemplate> | StackTemplate[],
  options: ReadCloudConfigOptions,
): CloudConfig {
  const stacks = Array.isArray(templates)
    ? templates
    : Object.entries(templates).map(([stackName, template]) => ({ stackName, template }));
  const resolver = new TemplateResolver(stacks, {
    region: options.region,
    accountId: options.accountId ?? LOCAL_ACCOUNT_ID,
  });
  const queues = readQueues(resolver);
  const functions = readFunctions(resolver);
  const rules = readRules(resolver, queues, functions);
  return {
    region: resolver.region,
    accountId: resolver.accountId,
    tables: readTables(resolver),
    buckets: readBuckets(resolver),
    eventBuses: readEventBuses(resolver, rules),
    rules,
    queues,
    eventSourceMappings: readEventSourceMappings(resolver, queues, functions),
    functions,
    httpApis: readHttpApis(resolver, functions),
    distributions: readDistributions(resolver),
    secrets: readSecrets(resolver),
    customResources: readCustomResources(resolver, functions),
  };
}

function readTables(resolver: TemplateResolver): TableConfig[] {
  const refs = [
    ...resolver.resourcesOfType('AWS::DynamoDB::Table'),
    ...resolver.resourcesOfType('AWS::DynamoDB::GlobalTable'),
  ];
  return refs.map((ref) => {
    const p = props(resolver, ref, [
      'KeySchema',
      'AttributeDefinitions',
      'GlobalSecondaryIndexes',
      'LocalSecondaryIndexes',
      'TimeToLiveSpecification',
    ]);
    const ttl = p.TimeToLiveSpecification as { AttributeName?: string; Enabled?: boolean } | undefined;
    const indexes = (list: unknown): SecondaryIndexConfig[] =>
      ((list as SecondaryIndexConfig[] | undefined) ?? []).map((index) => ({
        IndexName: index.IndexName,
        KeySchema: index.KeySchema,
        Projection: index.Projection ?? { ProjectionType: 'ALL' },
      }));
    return {
      logicalId: ref.logicalId,
      name: resolver.ref(ref),
      arn: resolver.getAtt(ref, 'Arn'),
      keySchema: p.KeySchema as KeySchemaElement[],
      attributeDefinitions: p.AttributeDefinitions as AttributeDefinition[],
      globalSecondaryIndexes: indexes(p.GlobalSecondaryIndexes),
      localSecondaryIndexes: indexes(p.LocalSecondaryIndexes),
      timeToLiveAttribute: ttl?.Enabled === false ? undefined : ttl?.AttributeName,
    };
  });
}

function readBuckets(resolver: TemplateResolver): BucketConfig[] {
  return resolver.resourcesOfType('AWS::S3::Bucket').map((ref) => ({
    logicalId: ref.logicalId,
    name: resolver.ref(ref),
    arn: resolver.getAtt(ref, 'Arn'),
  }));
}

function readEventBuses(resolver: TemplateResolver, rules: RuleConfig[]): EventBusConfig[] {
  const buses = resolver.resourcesOfType('AWS::Events::EventBus').map((ref) => ({
    logicalId: ref.logicalId,
    name: resolver.ref(ref),
    arn: resolver.getAtt(ref, 'Arn'),
  }));
  // Rules without an EventBusName listen on the account's default bus, which no template declares.
  if (rules.some((rule) => rule.eventBusName === 'default') && !buses.some((bus) => bus.name === 'default')) {
    buses.push({ logicalId: 'default', name: 'default', arn: resolver.eventBusArn('default') });
  }
  return buses;
}

function readQueues(resolver: TemplateResolver): QueueConfig[] {
  const refs = resolver.resourcesOfType('AWS::SQS::Queue');
  const byArn = new Map(refs.map((ref) => [resolver.getAtt(ref, 'Arn'), resolver.physicalName(ref)]));
  return refs.map((ref) => {
    const p = props(resolver, ref, [
      'FifoQueue',
      'VisibilityTimeout',
      'MessageRetentionPeriod',
      'DelaySeconds',
      'ReceiveMessageWaitTimeSeconds',
      'RedrivePolicy',
    ]);
    const name = resolver.physicalName(ref);
    const redrive = (typeof p.RedrivePolicy === 'string' ? JSON.parse(p.RedrivePolicy) : p.RedrivePolicy) as
      | { deadLetterTargetArn?: string; maxReceiveCount?: number | string }
      | undefined;
    let deadLetter: QueueConfig['deadLetter'];
    if (redrive?.deadLetterTargetArn) {
      const queueName = byArn.get(redrive.deadLetterTargetArn);
      if (!queueName) {
        throw new BadgeError(
          'LOCAL_TEMPLATE_UNSUPPORTED',
          `queue ${name}: DLQ ${redrive.deadLetterTargetArn} is not in the templates`,
        );
      }
      deadLetter = {
        queueName,
        arn: redrive.deadLetterTargetArn,
        maxReceiveCount: numberOr(redrive.maxReceiveCount, 10),
      };
    }
    return {
      logicalId: ref.logicalId,
      name,
      arn: resolver.getAtt(ref, 'Arn'),
      url: resolver.queueUrl(name),
      fifo: p.FifoQueue === true || p.FifoQueue === 'true',
      visibilityTimeoutSeconds: numberOr(p.VisibilityTimeout, 30),
      messageRetentionPeriodSeconds: numberOr(p.MessageRetentionPeriod, 345_600),
      delaySeconds: numberOr(p.DelaySeconds, 0),
      receiveMessageWaitTimeSeconds: numberOr(p.ReceiveMessageWaitTimeSeconds, 0),
      deadLetter,
    };
  });
}

function readFunctions(resolver: TemplateResolver): FunctionConfig[] {
  const functions: FunctionConfig[] = [];
  for (const ref of resolver.resourcesOfType('AWS::Lambda::Function')) {
    const entry = ref.resource.Metadata?.['badges:entry'];
    // Functions CDK adds for its own purposes (custom resources, log retention) have no entry and do not run locally.
    if (typeof entry !== 'string') continue;
    const handler = ref.resource.Metadata?.['badges:handler'];
    const p = props(resolver, ref, ['Environment', 'Timeout', 'MemorySize', 'ReservedConcurrentExecutions']);
    const variables = ((p.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ??
      {}) as Record<string, unknown>;
    const environment: Record<string, string> = {};
    for (const [key, value] of Object.entries(variables)) {
      if (value === undefined) continue;
      environment[key] = typeof value === 'string' ? value : JSON.stringify(value);
    }
    const name = resolver.ref(ref);
    functions.push({
      logicalId: ref.logicalId,
      name,
      arn: resolver.functionArn(name),
      entry,
      handler: typeof handler === 'string' ? handler : 'handler',
      environment,
      timeoutSeconds: numberOr(p.Timeout, 3),
      memorySizeMb: numberOr(p.MemorySize, 128),
      reservedConcurrency:
        p.ReservedConcurrentExecutions === undefined
          ? undefined
          : numberOr(p.ReservedConcurrentExecutions, 0),
    });
  }
  return functions;
}

function readRules(
  resolver: TemplateResolver,
  queues: QueueConfig[],
  functions: FunctionConfig[],
): RuleConfig[] {
  return resolver.resourcesOfType('AWS::Events::Rule').flatMap((ref) => {
    const p = props(resolver, ref, ['EventBusName', 'EventPattern', 'State', 'Targets']);
    // Scheduled rules have no pattern: the local cloud routes events, it does not run schedules.
    if (p.EventPattern === undefined) return [];
    const busReference = typeof p.EventBusName === 'string' ? p.EventBusName : 'default';
    const eventPattern = (
      typeof p.EventPattern === 'string' ? JSON.parse(p.EventPattern) : p.EventPattern
    ) as Record<string, unknown>;
    const targets = ((p.Targets as Record<string, unknown>[] | undefined) ?? []).map((target) => {
      const arn = String(target.Arn);
      return {
        id: String(target.Id),
        arn,
        queueName: queues.find((queue) => queue.arn === arn)?.name,
        functionName: functions.find((fn) => fn.name === functionNameOf(arn) && arn.includes(':lambda:'))
          ?.name,
        input: target.Input === undefined ? undefined : String(target.Input),
        inputPath: target.InputPath === undefined ? undefined : String(target.InputPath),
        inputTransformer: target.InputTransformer as RuleConfig['targets'][number]['inputTransformer'],
      };
    });
    return [
      {
        logicalId: ref.logicalId,
        name: resolver.physicalName(ref),
        eventBusName: busReference.startsWith('arn:')
          ? (busReference.split('/').pop() ?? busReference)
          : busReference,
        eventPattern,
        enabled: p.State === undefined || p.State === 'ENABLED',
        targets,
      },
    ];
  });
}

function readEventSourceMappings(
  resolver: TemplateResolver,
  queues: QueueConfig[],
  functions: FunctionConfig[],
): EventSourceMappingConfig[] {
  return resolver.resourcesOfType('AWS::Lambda::EventSourceMapping').flatMap((ref) => {
    const p = props(resolver, ref, [
      'EventSourceArn',
      'FunctionName',
      'BatchSize',
      'MaximumBatchingWindowInSeconds',
      'FunctionResponseTypes',
      'ScalingConfig',
      'Enabled',
    ]);
    const queue = queues.find((candidate) => candidate.arn === p.EventSourceArn);
    // Only SQS sources run locally (the templates have no streams or Kafka sources).
    if (!queue) return [];
    const functionName = functionNameOf(String(p.FunctionName));
    if (!functions.some((fn) => fn.name === functionName)) return [];
    const scaling = p.ScalingConfig as { MaximumConcurrency?: number } | undefined;
    return [
      {
        logicalId: ref.logicalId,
        queueName: queue.name,
        queueArn: queue.arn,
        functionName,
        batchSize: numberOr(p.BatchSize, 10),
        maximumBatchingWindowSeconds: numberOr(p.MaximumBatchingWindowInSeconds, 0),
        reportBatchItemFailures: ((p.FunctionResponseTypes as string[] | undefined) ?? []).includes(
          'ReportBatchItemFailures',
        ),
        maximumConcurrency:
          scaling?.MaximumConcurrency === undefined ? undefined : numberOr(scaling.MaximumConcurrency, 2),
        enabled: p.Enabled === undefined || p.Enabled === true || p.Enabled === 'true',
      },
    ];
  });
}

function readSecrets(resolver: TemplateResolver): SecretConfig[] {
  return resolver.resourcesOfType('AWS::SecretsManager::Secret').map((ref) => {
    const p = props(resolver, ref, ['SecretString', 'GenerateSecretString', 'Description']);
    const name = resolver.physicalName(ref);
    const generate = p.GenerateSecretString as Record<string, unknown> | undefined;
    let initialValue: SecretConfig['initialValue'];
    if (typeof p.SecretString === 'string') {
      initialValue = { kind: 'string', value: p.SecretString };
    } else if (generate) {
      initialValue = {
        kind: 'generated',
        passwordLength: numberOr(generate.PasswordLength, 32),
        excludeCharacters: typeof generate.ExcludeCharacters === 'string' ? generate.ExcludeCharacters : '',
        excludePunctuation: generate.ExcludePunctuation === true,
        excludeUppercase: generate.ExcludeUppercase === true,
        excludeLowercase: generate.ExcludeLowercase === true,
        excludeNumbers: generate.ExcludeNumbers === true,
        includeSpace: generate.IncludeSpace === true,
        secretStringTemplate:
          typeof generate.SecretStringTemplate === 'string' ? generate.SecretStringTemplate : undefined,
        generateStringKey:
          typeof generate.GenerateStringKey === 'string' ? generate.GenerateStringKey : undefined,
      };
    }
    return {
      logicalId: ref.logicalId,
      name,
      arn: resolver.secretArn(name),
      description: typeof p.Description === 'string' ? p.Description : undefined,
      initialValue,
    };
  });
}

/** CloudFormation hands custom resource providers every property value as a string. */
function stringifyScalars(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stringifyScalars);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, stringifyScalars(item)]));
  }
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
}

function readCustomResources(
  resolver: TemplateResolver,
  functions: FunctionConfig[],
): CustomResourceConfig[] {
  const found: CustomResourceConfig[] = [];
  for (const stackName of resolver.stackNames()) {
    const resources = resolver.resourcesOfStack(stackName);
    for (const ref of resources) {
      const type = ref.resource.Type;
      if (type !== 'AWS::CloudFormation::CustomResource' && !type.startsWith('Custom::')) continue;
      const serviceToken = resolver.resolve(stackName, ref.resource.Properties?.ServiceToken);
      const functionName = functionNameOf(String(serviceToken ?? ''));
      // Providers without a badges:entry (CDK's own) do not run locally.
      if (!functions.some((fn) => fn.name === functionName)) continue;
      const properties = resolver.resolve(stackName, ref.resource.Properties ?? {}) as Record<
        string,
        unknown
      >;
      found.push({
        stackName,
        logicalId: ref.logicalId,
        resourceType: type,
        functionName,
        properties: stringifyScalars(properties) as Record<string, unknown>,
      });
    }
  }
  return found;
}
