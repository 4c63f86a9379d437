import { createHash } from 'node:crypto';
import { BadgeError } from '../shared/errors.js';

/**
 * Resolves CloudFormation intrinsic functions (Ref, Fn::GetAtt, Fn::ImportValue, Fn::Join, Fn::Sub, ...) across
 * a set of stacks, with the names, ARNs and URLs CloudFormation would give the resources. Names the template
 * leaves to CloudFormation are derived deterministically from the stack name and logical ID, so they stay the
 * same across restarts of the local cloud.
 */

export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
  Condition?: string;
}

export interface CfnTemplate {
  Parameters?: Record<string, { Type?: string; Default?: unknown }>;
  Conditions?: Record<string, unknown>;
  Mappings?: Record<string, Record<string, Record<string, unknown>>>;
  Resources?: Record<string, CfnResource>;
  Outputs?: Record<string, { Value: unknown; Export?: { Name: unknown } }>;
}

export interface StackTemplate {
  stackName: string;
  template: CfnTemplate;
}

export interface ResourceRef {
  stackName: string;
  logicalId: string;
  resource: CfnResource;
}

/** Marks `Ref: AWS::NoValue`: removed from the enclosing object or list. */
const NO_VALUE = Symbol('AWS::NoValue');

export class TemplateResolver {
  readonly region: string;
  readonly accountId: string;
  private readonly stacks = new Map<string, CfnTemplate>();
  private readonly exports = new Map<string, { stackName: string; value: unknown }>();
  private readonly resolvingExports = new Set<string>();

  constructor(stacks: StackTemplate[], pseudo: { region: string; accountId: string }) {
    this.region = pseudo.region;
    this.accountId = pseudo.accountId;
    for (const { stackName, template } of stacks) this.stacks.set(stackName, template);
    for (const { stackName, template } of stacks) {
      for (const output of Object.values(template.Outputs ?? {})) {
        if (output.Export === undefined) continue;
        const name = this.resolveString(stackName, output.Export.Name);
        this.exports.set(name, { stackName, value: output.Value });
      }
    }
  }

  stackNames(): string[] {
    return [...this.stacks.keys()];
  }

  /** Every resource of the given type in every stack, skipping those whose Condition is false. */
  resourcesOfType(type: string): ResourceRef[] {
    const found: ResourceRef[] = [];
    for (const [stackName, template] of this.stacks) {
      for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
        if (resource.Type !== type) continue;
        if (resource.Condition !== undefined && !this.condition(stackName, resource.Condition)) continue;
        found.push({ stackName, logicalId, resource });
      }
    }
    return found;
  }

  /** Every resource of one stack, in template order, skipping those whose Condition is false. */
  resourcesOfStack(stackName: string): ResourceRef[] {
    const template = this.stacks.get(stackName);
    return Object.entries(template?.Resources ?? {})
      .filter(
        ([, resource]) => resource.Condition === undefined || this.condition(stackName, resource.Condition),
      )
      .map(([logicalId, resource]) => ({ stackName, logicalId, resource }));
  }

  resource(stackName: string, logicalId: string): CfnResource {
    const resource = this.stacks.get(stackName)?.Resources?.[logicalId];
    if (!resource) {
      throw new BadgeError('LOCAL_TEMPLATE_INVALID', `stack ${stackName} has no resource ${logicalId}`);
    }
    return resource;
  }

  /** Deeply resolves every intrinsic function in `value`. */
  resolve(stackName: string, value: unknown): unknown {
    const resolved = this.resolveValue(stackName, value);
    return resolved === NO_VALUE ? undefined : resolved;
  }

  resolveString(stackName: string, value: unknown): string {
    const resolved = this.resolve(stackName, value);
    if (typeof resolved === 'string') return resolved;
    if (typeof resolved === 'number' || typeof resolved === 'boolean') return String(resolved);
    throw new BadgeError('LOCAL_TEMPLATE_INVALID', `expected a string, got ${JSON.stringify(resolved)}`);
  }

  /** The physical name CloudFormation gives the resource (its `Ref` for named resources). */
  physicalName(ref: ResourceRef): string {
    const props = ref.resource.Properties ?? {};
    const explicit = (key: string): string | undefined =>
      props[key] === undefined ? undefined : this.resolveString(ref.stackName, props[key]);
    const generated = `${ref.stackName}-${ref.logicalId}`;
    switch (ref.resource.Type) {
      case 'AWS::DynamoDB::Table':
      case 'AWS::DynamoDB::GlobalTable':
        return explicit('TableName') ?? generated;
      case 'AWS::S3::Bucket':
        return explicit('BucketName') ?? bucketSafeName(generated);
      case 'AWS::Events::EventBus':
        return explicit('Name') ?? generated;
      case 'AWS::Events::Rule':
        return explicit('Name') ?? generated.slice(0, 64);
      case 'AWS::SQS::Queue': {
        const fifo = props.FifoQueue === true || props.FifoQueue === 'true';
        return explicit('QueueName') ?? (fifo ? `${generated.slice(0, 75)}.fifo` : generated.slice(0, 80));
      }
      case 'AWS::Lambda::Function':
        return explicit('FunctionName') ?? generated.slice(0, 64);
      case 'AWS::SecretsManager::Secret':
        return explicit('Name') ?? generated;
      case 'AWS::IAM::Role':
        return explicit('RoleName') ?? generated.slice(0, 64);
      case 'AWS::Logs::LogGroup':
        return explicit('LogGroupName') ?? generated;
      case 'AWS::SNS::Topic':
        return explicit('TopicName') ?? generated;
      case 'AWS::CloudFront::Function':
        return explicit('Name') ?? generated.slice(0, 64);
      case 'AWS::ApiGatewayV2::Api':
        return explicit('Name') ?? ref.logicalId;
      default:
        return generated;
    }
  }

  /** What `Ref` returns for the resource. */
  ref(ref: ResourceRef): string {
    const name = this.physicalName(ref);
    switch (ref.resource.Type) {
      case 'AWS::SQS::Queue':
        return this.queueUrl(name);
      case 'AWS::SecretsManager::Secret':
        return this.secretArn(name);
      case 'AWS::SNS::Topic':
        return this.arn('sns', name);
      case 'AWS::ApiGatewayV2::Api':
        return this.shortId(ref, 10, 'abcdefghijklmnopqrstuvwxyz0123456789');
      case 'AWS::CloudFront::Distribution':
        return `E${this.shortId(ref, 13, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}`;
      case 'AWS::Cognito::UserPool':
        return `${this.region}_${this.shortId(ref, 9, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')}`;
      case 'AWS::Cognito::UserPoolClient':
        return this.shortId(ref, 26, 'abcdefghijklmnopqrstuvwxyz0123456789');
      case 'AWS::DynamoDB::Table':
      case 'AWS::DynamoDB::GlobalTable':
      case 'AWS::S3::Bucket':
      case 'AWS::Events::EventBus':
      case 'AWS::Events::Rule':
      case 'AWS::Lambda::Function':
      case 'AWS::IAM::Role':
      case 'AWS::Logs::LogGroup':
      case 'AWS::CloudFront::Function':
        return name;
      default:
        // Sub-resources (routes, integrations, policies, ...) are referred to by ID; the logical ID is one.
        return ref.logicalId;
    }
  }

  /** What `Fn::GetAtt` returns for the resource's attribute. */
  getAtt(ref: ResourceRef, attribute: string): string {
    const name = this.physicalName(ref);
    const type = ref.resource.Type;
    const unsupported = (): never => {
      throw new BadgeError(
        'LOCAL_TEMPLATE_UNSUPPORTED',
        `Fn::GetAtt ${ref.logicalId}.${attribute} (${type})`,
      );
    };
    switch (type) {
      case 'AWS::DynamoDB::Table':
      case 'AWS::DynamoDB::GlobalTable':
        if (attribute === 'Arn') return this.arn('dynamodb', `table/${name}`);
        if (attribute === 'StreamArn')
          return this.arn('dynamodb', `table/${name}/stream/1970-01-01T00:00:00.000`);
        if (attribute === 'TableId') return this.ref(ref);
        return unsupported();
      case 'AWS::S3::Bucket':
        if (attribute === 'Arn') return `arn:aws:s3:::${name}`;
        if (attribute === 'DomainName') return `${name}.s3.amazonaws.com`;
        if (attribute === 'RegionalDomainName') return bucketRegionalDomainName(name, this.region);
        if (attribute === 'DualStackDomainName') return `${name}.s3.dualstack.${this.region}.amazonaws.com`;
        if (attribute === 'WebsiteURL') return `http://${name}.s3-website-${this.region}.amazonaws.com`;
        return unsupported();
      case 'AWS::Events::EventBus':
        if (attribute === 'Arn') return this.eventBusArn(name);
        if (attribute === 'Name') return name;
        return unsupported();
      case 'AWS::Events::Rule':
        if (attribute === 'Arn') return this.arn('events', `rule/${name}`);
        return unsupported();
      case 'AWS::SQS::Queue':
        if (attribute === 'Arn') return this.arn('sqs', name);
        if (attribute === 'QueueName') return name;
        if (attribute === 'QueueUrl') return this.queueUrl(name);
        return unsupported();
      case 'AWS::Lambda::Function':
        if (attribute === 'Arn') return this.functionArn(name);
        return unsupported();
      case 'AWS::SecretsManager::Secret':
        if (attribute === 'Id' || attribute === 'Arn') return this.secretArn(name);
        return unsupported();
      case 'AWS::IAM::Role':
        if (attribute === 'Arn') return `arn:aws:iam::${this.accountId}:role/${name}`;
        if (attribute === 'RoleId') return this.ref(ref);
        return unsupported();
      case 'AWS::ApiGatewayV2::Api':
        if (attribute === 'ApiEndpoint') return apiEndpoint(this.ref(ref), this.region);
        if (attribute === 'ApiId') return this.ref(ref);
        return unsupported();
      case 'AWS::CloudFront::Distribution':
        if (attribute === 'DomainName') return distributionDomainName(this.ref(ref));
        if (attribute === 'Id') return this.ref(ref);
        return unsupported();
      case 'AWS::CloudFront::Function':
        if (attribute === 'FunctionARN') return `arn:aws:cloudfront::${this.accountId}:function/${name}`;
        return unsupported();
      case 'AWS::Cognito::UserPool': {
        const poolId = this.ref(ref);
        if (attribute === 'Arn') return this.arn('cognito-idp', `userpool/${poolId}`);
        if (attribute === 'ProviderName') return `cognito-idp.${this.region}.amazonaws.com/${poolId}`;
        if (attribute === 'ProviderURL') return `https://cognito-idp.${this.region}.amazonaws.com/${poolId}`;
        if (attribute === 'UserPoolId') return poolId;
        return unsupported();
      }
      default:
        if (attribute === 'Arn') return this.arn(serviceOf(type), this.ref(ref));
        if (attribute === 'Id' || attribute.endsWith('Id')) return this.ref(ref);
        return unsupported();
    }
  }

  arn(service: string, resource: string): string {
    return `arn:aws:${service}:${this.region}:${this.accountId}:${resource}`;
  }

  functionArn(name: string): string {
    return this.arn('lambda', `function:${name}`);
  }

  eventBusArn(name: string): string {
    return this.arn('events', `event-bus/${name}`);
  }

  queueUrl(name: string): string {
    return `https://sqs.${this.region}.amazonaws.com/${this.accountId}/${name}`;
  }

  /** Secrets Manager appends six random characters to a secret's name in its ARN; these are derived. */
  secretArn(name: string): string {
    return this.arn('secretsmanager', `secret:${name}-${secretArnSuffix(name)}`);
  }

  private shortId(ref: ResourceRef, length: number, alphabet: string): string {
    const digest = createHash('sha256').update(`${ref.stackName}/${ref.logicalId}`).digest();
    let id = '';
    for (let i = 0; i < length; i++) id += alphabet[(digest[i] ?? 0) % alphabet.length];
    return id;
  }

  private lookup(stackName: string, logicalId: string): ResourceRef {
    return { stackName, logicalId, resource: this.resource(stackName, logicalId) };
  }

  private condition(stackName: string, name: string): boolean {
    const expression = this.stacks.get(stackName)?.Conditions?.[name];
    if (expression === undefined) {
      throw new BadgeError('LOCAL_TEMPLATE_INVALID', `stack ${stackName} has no condition ${name}`);
    }
    return Boolean(this.resolveValue(stackName, expression));
  }

  private pseudoParameter(stackName: string, name: string): string | typeof NO_VALUE | undefined {
    switch (name) {
      case 'AWS::Region':
        return this.region;
      case 'AWS::AccountId':
        return this.accountId;
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::StackName':
        return stackName;
      case 'AWS::StackId':
        return this.arn('cloudformation', `stack/${stackName}/00000000-0000-0000-0000-000000000000`);
      case 'AWS::NoValue':
        return NO_VALUE;
      default:
        return undefined;
    }
  }

  private refName(stackName: string, name: string): unknown {
    const pseudo = this.pseudoParameter(stackName, name);
    if (pseudo !== undefined) return pseudo;
    const template = this.stacks.get(stackName);
    const parameter = template?.Parameters?.[name];
    if (parameter) {
      if (parameter.Default === undefined) {
        throw new BadgeError(
          'LOCAL_TEMPLATE_UNSUPPORTED',
          `parameter ${name} of ${stackName} has no default`,
        );
      }
      return parameter.Default;
    }
    return this.ref(this.lookup(stackName, name));
  }

  private resolveValue(stackName: string, value: unknown): unknown {
    if (Array.isArray(value)) {
      return value.map((item) => this.resolveValue(stackName, item)).filter((item) => item !== NO_VALUE);
    }
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value as Record<string, unknown>);
    const [first] = entries;
    if (entries.length === 1 && first && isIntrinsic(first[0], first[1])) {
      return this.intrinsic(stackName, first[0], first[1]);
    }
    const result: Record<string, unknown> = {};
    for (const [key, item] of entries) {
      const resolved = this.resolveValue(stackName, item);
      if (resolved !== NO_VALUE) result[key] = resolved;
    }
    return result;
  }

  private intrinsic(stackName: string, name: string, argument: unknown): unknown {
    const args = (): unknown[] => {
      const resolved = this.resolveValue(stackName, argument);
      if (!Array.isArray(resolved)) throw new BadgeError('LOCAL_TEMPLATE_INVALID', `${name} expects a list`);
      return resolved;
    };
    switch (name) {
      case 'Ref':
        return this.refName(stackName, this.resolveString(stackName, argument));
      case 'Condition':
        return this.condition(stackName, this.resolveString(stackName, argument));
      case 'Fn::GetAtt': {
        const [logicalId, ...attribute] =
          typeof argument === 'string' ? argument.split('.') : (args() as string[]).map(String);
        if (!logicalId || attribute.length === 0)
          throw new BadgeError('LOCAL_TEMPLATE_INVALID', 'bad Fn::GetAtt');
        return this.getAtt(this.lookup(stackName, logicalId), attribute.join('.'));
      }
      case 'Fn::ImportValue':
        return this.importValue(this.resolveString(stackName, argument));
      case 'Fn::Join': {
        const [delimiter, list] = args();
        if (typeof delimiter !== 'string' || !Array.isArray(list)) {
          throw new BadgeError('LOCAL_TEMPLATE_INVALID', 'bad Fn::Join');
        }
        return list.map((item) => stringOf(item)).join(delimiter);
      }
      case 'Fn::Select': {
        const [index, list] = args();
        const item = Array.isArray(list) ? list[Number(index)] : undefined;
        if (item === undefined) throw new BadgeError('LOCAL_TEMPLATE_INVALID', 'bad Fn::Select');
        return item;
      }
      case 'Fn::Split': {
        const [delimiter, source] = args();
        return stringOf(source).split(stringOf(delimiter));
      }
      case 'Fn::Sub':
        return this.sub(stackName, argument);
      case 'Fn::If': {
        const [conditionName, whenTrue, whenFalse] = Array.isArray(argument) ? argument : [];
        const chosen = this.condition(stackName, stringOf(conditionName)) ? whenTrue : whenFalse;
        return this.resolveValue(stackName, chosen);
      }
      case 'Fn::Equals': {
        const [left, right] = args();
        return JSON.stringify(left) === JSON.stringify(right);
      }
      case 'Fn::Not':
        return !args()[0];
      case 'Fn::And':
        return args().every(Boolean);
      case 'Fn::Or':
        return args().some(Boolean);
      case 'Fn::FindInMap': {
        const [map, top, second] = args().map(stringOf);
        const found = this.stacks.get(stackName)?.Mappings?.[map ?? '']?.[top ?? '']?.[second ?? ''];
        if (found === undefined)
          throw new BadgeError('LOCAL_TEMPLATE_INVALID', `Fn::FindInMap ${map}.${top}.${second}`);
        return this.resolveValue(stackName, found);
      }
      case 'Fn::Base64':
        return Buffer.from(stringOf(this.resolveValue(stackName, argument))).toString('base64');
      case 'Fn::GetAZs':
        return ['a', 'b', 'c'].map((zone) => `${this.region}${zone}`);
      default:
        throw new BadgeError('LOCAL_TEMPLATE_UNSUPPORTED', `intrinsic function ${name}`);
    }
  }

  private importValue(exportName: string): unknown {
    const found = this.exports.get(exportName);
    if (!found) throw new BadgeError('LOCAL_TEMPLATE_INVALID', `no stack exports ${exportName}`);
    if (this.resolvingExports.has(exportName)) {
      throw new BadgeError('LOCAL_TEMPLATE_INVALID', `export ${exportName} refers to itself`);
    }
    this.resolvingExports.add(exportName);
    try {
      return this.resolve(found.stackName, found.value);
    } finally {
      this.resolvingExports.delete(exportName);
    }
  }

  private sub(stackName: string, argument: unknown): string {
    const [source, variables] = Array.isArray(argument) ? argument : [argument, {}];
    if (typeof source !== 'string') throw new BadgeError('LOCAL_TEMPLATE_INVALID', 'bad Fn::Sub');
    const bound = (this.resolveValue(stackName, variables ?? {}) ?? {}) as Record<string, unknown>;
    return source.replace(/\$\{([^}]*)\}/g, (_whole, expression: string) => {
      if (expression.startsWith('!')) return `\${${expression.slice(1)}}`;
      if (expression in bound) return stringOf(bound[expression]);
      const dot = expression.indexOf('.');
      if (dot > 0 && !expression.startsWith('AWS::')) {
        return this.getAtt(this.lookup(stackName, expression.slice(0, dot)), expression.slice(dot + 1));
      }
      return stringOf(this.refName(stackName, expression));
    });
  }
}

function isIntrinsic(key: string, argument: unknown): boolean {
  return key === 'Ref' || key.startsWith('Fn::') || (key === 'Condition' && typeof argument === 'string');
}

function stringOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new BadgeError('LOCAL_TEMPLATE_INVALID', `expected a string, got ${JSON.stringify(value)}`);
}

function serviceOf(type: string): string {
  return (type.split('::')[1] ?? 'unknown').toLowerCase();
}

function secretArnSuffix(name: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  const digest = createHash('sha256').update(name).digest();
  return Array.from(digest.subarray(0, 6), (byte) => alphabet[byte % alphabet.length]).join('');
}

/** S3 bucket names: 3-63 characters, lower-case letters, digits, hyphens, starting and ending alphanumeric. */
function bucketSafeName(name: string): string {
  const cleaned = name
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/-+/g, '-');
  return cleaned.slice(0, 63).replace(/^-+|-+$/g, '');
}

export function bucketRegionalDomainName(bucketName: string, region: string): string {
  return `${bucketName}.s3.${region}.amazonaws.com`;
}

export function apiEndpoint(apiId: string, region: string): string {
  return `https://${apiId}.execute-api.${region}.amazonaws.com`;
}

export function distributionDomainName(distributionId: string): string {
  return `${distributionId.toLowerCase()}.cloudfront.net`;
}
