import { describe, expect, it } from 'vitest';
import { awardIdFor, participantKeyOf } from '../../../shared/awards/award-record.js';
import {
  citizen21Rules,
  parseRuleInput,
  type RecordedParticipation,
  satisfiedScopes,
} from '../../../shared/awards/rules.js';

const event = (
  role: RecordedParticipation['role'],
  activityId: string,
  occurredAt: string,
  n = 0,
): RecordedParticipation => ({
  eventKey: `${role}-${activityId}-${occurredAt}-${n}`,
  role,
  activityId,
  occurredAt,
});

const rule = (input: Record<string, unknown>) => parseRuleInput({ ruleId: 'r', badge: 'witness', ...input });

describe('award rules', () => {
  const cases: Array<[string, ReturnType<typeof rule>, RecordedParticipation[], string[]]> = [
    [
      'one matching event earns an overall award',
      rule({ roles: ['attended'] }),
      [event('attended', 'a', '2026-01-01T10:00:00Z')],
      ['overall'],
    ],
    [
      'a role that does not count earns nothing',
      rule({ roles: ['spoke'] }),
      [event('attended', 'a', '2026-01-01T10:00:00Z')],
      [],
    ],
    [
      'a threshold is met only at the Nth event',
      rule({ roles: ['attended'], condition: { minCount: 3 } }),
      [event('attended', 'a', '2026-01-01T10:00:00Z'), event('attended', 'b', '2026-01-02T10:00:00Z')],
      [],
    ],
    [
      'a threshold of three is met by three events',
      rule({ roles: ['attended'], condition: { minCount: 3 } }),
      [
        event('attended', 'a', '2026-01-01T10:00:00Z'),
        event('attended', 'b', '2026-01-02T10:00:00Z'),
        event('attended', 'c', '2026-01-03T10:00:00Z'),
      ],
      ['overall'],
    ],
    [
      'all of several roles are needed when roles is all',
      rule({ roles: ['attended', 'spoke'], condition: { roles: 'all' } }),
      [event('attended', 'a', '2026-01-01T10:00:00Z'), event('attended', 'b', '2026-01-02T10:00:00Z')],
      [],
    ],
    [
      'all of several roles, each present',
      rule({ roles: ['attended', 'spoke'], condition: { roles: 'all' } }),
      [event('attended', 'a', '2026-01-01T10:00:00Z'), event('spoke', 'b', '2026-01-02T10:00:00Z')],
      ['overall'],
    ],
    [
      'per activity: one award per activity that meets the count',
      rule({ roles: ['attended'], condition: { scope: 'per-activity', minCount: 2 } }),
      [
        event('attended', 'x', '2026-01-01T10:00:00Z', 1),
        event('attended', 'x', '2026-01-01T11:00:00Z', 2),
        event('attended', 'y', '2026-01-02T10:00:00Z'),
        event('attended', 'z', '2026-01-03T10:00:00Z', 1),
        event('attended', 'z', '2026-01-03T12:00:00Z', 2),
      ],
      ['activity:x', 'activity:z'],
    ],
    [
      'within a window: events too far apart do not count together',
      rule({ roles: ['attended'], condition: { scope: { windowDays: 7 }, minCount: 2 } }),
      [event('attended', 'a', '2026-01-01T10:00:00Z'), event('attended', 'b', '2026-01-20T10:00:00Z')],
      [],
    ],
    [
      'within a window: two events inside seven days',
      rule({ roles: ['attended'], condition: { scope: { windowDays: 7 }, minCount: 2 } }),
      [
        event('attended', 'a', '2026-01-01T10:00:00Z'),
        event('attended', 'b', '2026-01-20T10:00:00Z'),
        event('attended', 'c', '2026-01-25T09:00:00Z'),
      ],
      ['window'],
    ],
  ];

  it.each(cases)('%s', (_name, definition, events, expected) => {
    expect(satisfiedScopes(definition, events)).toEqual(expected);
  });

  it('gives the same result whatever order the events are read in (replays are safe)', () => {
    const definition = rule({ roles: ['attended'], condition: { scope: { windowDays: 3 }, minCount: 3 } });
    const events = [0, 1, 2, 5, 6, 7].map((day) =>
      event('attended', `a${day}`, `2026-02-${String(day + 1).padStart(2, '0')}T08:00:00Z`),
    );
    const reversed = [...events].reverse();
    expect(satisfiedScopes(definition, events)).toEqual(satisfiedScopes(definition, reversed));
  });

  it('seeds the four Citizen 2.1 rules, one role each, issued automatically', () => {
    const rules = citizen21Rules(new Date('2026-01-01T00:00:00Z'));
    expect(rules.map((r) => [r.badge, r.roles, r.mode])).toEqual([
      ['witness', ['attended'], 'auto'],
      ['knowledgeable-witness', ['spoke'], 'auto'],
      ['innovative-pioneer', ['presented_practice'], 'auto'],
      ['innovative-project-builder', ['organized'], 'auto'],
    ]);
  });

  it('refuses an invalid rule with RULE_INVALID naming the field', () => {
    expect(() => parseRuleInput({ ruleId: 'Bad Id', badge: 'witness', roles: [] })).toThrowError(
      expect.objectContaining({
        code: 'RULE_INVALID',
        details: {
          fields: expect.arrayContaining([
            expect.objectContaining({ field: 'ruleId' }),
            expect.objectContaining({ field: 'roles' }),
          ]),
        },
      }),
    );
  });

  it('derives one award id per rule, participant and scope, whatever the email casing', () => {
    const a = awardIdFor('r', participantKeyOf('Ada@Example.org'), 'overall');
    expect(a).toBe(awardIdFor('r', participantKeyOf(' ada@example.org'), 'overall'));
    expect(a).not.toBe(awardIdFor('r', participantKeyOf('ada@example.org'), 'activity:x'));
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
