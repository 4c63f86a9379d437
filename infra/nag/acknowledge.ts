import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** Records on `scope` (and so on everything under it) why a cdk-nag rule does not apply or is accepted. */
export function acknowledge(scope: IConstruct, rule: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: rule, reason });
}

type CfnValue = string | number | boolean | null | undefined | CfnValue[] | { [key: string]: CfnValue };

/** The same flattening cdk-nag applies to a policy resource before naming an `IAM5[Resource::…]` finding. */
export function flattenReference(value: CfnValue): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value.replace(/\$\{/g, '<').replace(/\}/g, '>');
  if (typeof value !== 'object' || Array.isArray(value)) return JSON.stringify(value);
  const join = value['Fn::Join'];
  if (Array.isArray(join)) {
    const [delimiter, items] = join as [string, CfnValue[]];
    return items.map(flattenReference).join(delimiter);
  }
  if (value['Fn::Sub'] !== undefined) return flattenReference(value['Fn::Sub']);
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt)) return `<${flattenReference(getAtt[0])}.${flattenReference(getAtt[1])}>`;
  if (value['Fn::ImportValue'] !== undefined) return flattenReference(value['Fn::ImportValue']);
  if (value.Ref !== undefined) return `<${flattenReference(value.Ref)}>`;
  return JSON.stringify(value);
}

/** Acknowledges the wildcard finding a policy resource (e.g. `arn/*` for objects) produces, with its evidence. */
export function acknowledgeWildcardResource(scope: IConstruct, resource: string, reason: string): void {
  const flattened = flattenReference(Stack.of(scope).resolve(resource) as CfnValue);
  acknowledge(scope, `AwsSolutions-IAM5[Resource::${flattened}]`, reason);
}
