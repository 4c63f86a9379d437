/**
 * Stack and export names. The stateless stack imports the stateful stack's resources by these export names
 * (not through CDK's generated ones), so the IAM policies and the local cloud see stable, readable references.
 */
export function stackNames(stage: string): { stateful: string; stateless: string } {
  return { stateful: `Badges-${stage}-Stateful`, stateless: `Badges-${stage}-Stateless` };
}

export const STATEFUL_EXPORTS = [
  'TableName',
  'TableArn',
  'PublicBucketName',
  'PublicBucketArn',
  'PublicBucketRegionalDomainName',
  'AccessLogBucketName',
  'AccessLogBucketArn',
  'AccessLogBucketRegionalDomainName',
  'SigningKeySecretArn',
  'IngestHmacSecretArn',
  'UserPoolId',
  'UserPoolArn',
  'UserPoolClientId',
] as const;

export type StatefulExport = (typeof STATEFUL_EXPORTS)[number];

export function exportName(stage: string, name: StatefulExport): string {
  return `badges-${stage}-${name}`;
}
