import { Validations } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { buildTestApp } from './templates.js';

function acknowledgements(root: IConstruct): Array<{ path: string; id: string; reason: unknown }> {
  const found: Array<{ path: string; id: string; reason: unknown }> = [];
  for (const node of root.node.findAll()) {
    for (const entry of node.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, value] of Object.entries(entry.data as Record<string, unknown>)) {
        const reason =
          typeof value === 'object' && value !== null ? (value as { reason?: unknown }).reason : value;
        found.push({ path: node.node.path, id, reason });
      }
    }
  }
  return found;
}

describe('cdk-nag AwsSolutions', () => {
  it.each([
    ['dev', {}],
    [
      'prod',
      {
        domainName: 'badges.example.org',
        certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc',
        oidcIssuer: 'https://login.example.org/realms/badges',
        oidcAudience: 'badges-api,badges-console',
        alarmEmail: 'ops@example.org',
      },
    ],
  ])('finds nothing unacknowledged in the %s stage, and synthesis succeeds', (stage, context) => {
    const { app, remove } = buildTestApp({ stage, context });
    try {
      const report = new AwsSolutionsChecks(app).validateScope(app);
      expect(report.violations.map((violation) => violation.ruleName)).toEqual([]);
      expect(report.success).toBe(true);
      expect(() => app.synth()).not.toThrow();
    } finally {
      remove();
    }
  });

  it('fails synthesis on a finding nobody acknowledged', () => {
    const { app, stateless, remove } = buildTestApp();
    try {
      new Bucket(stateless, 'UncheckedBucket');
      expect(() => app.synth()).toThrow(/AwsSolutions-S1/);
    } finally {
      remove();
    }
  });

  it('gives every acknowledgement a reason a reviewer can check', () => {
    const { app, remove } = buildTestApp();
    try {
      const acknowledged = acknowledgements(app);
      expect(acknowledged.length).toBeGreaterThan(0);
      for (const { id, reason } of acknowledged) {
        expect(typeof reason, id).toBe('string');
        expect((reason as string).length, id).toBeGreaterThanOrEqual(40);
      }
    } finally {
      remove();
    }
  });
});
