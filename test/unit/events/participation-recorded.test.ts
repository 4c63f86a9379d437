import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import {
  parseParticipationRecorded,
  participationRecordedJsonSchema,
} from '../../../shared/events/participation-recorded.js';

const published = JSON.parse(
  readFileSync(new URL('../../../docs/events/participation-recorded.schema.json', import.meta.url), 'utf8'),
);

const valid = {
  specVersion: '1.0',
  eventId: 'reg-2026-0001',
  occurredAt: '2026-03-12T09:30:00+01:00',
  activity: {
    id: 'course-lyon-2026',
    name: 'Digital tools in vocational training',
    type: 'course',
    startDate: '2026-03-12T09:00:00+01:00',
    url: 'https://citizen21.example.org/courses/lyon',
  },
  participant: { email: 'ada@example.org', name: 'Ada', id: 'p-17' },
  role: 'attended',
  evidence: { url: 'https://citizen21.example.org/attendance/17', name: 'Attendance sheet' },
  narrative: 'Took part in both days.',
};

describe('the Participation Recorded contract', () => {
  it('is published as a JSON Schema equal to the runtime schema', () => {
    expect(published).toEqual(participationRecordedJsonSchema());
  });

  it('accepts the same events in the published schema and at run time', () => {
    const ajv = new Ajv2020.default({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(published);
    const samples: unknown[] = [
      valid,
      { ...valid, role: 'lectured' },
      { ...valid, participant: { email: 'not-an-email' } },
      { ...valid, extra: true },
      { ...valid, evidence: [{ name: 'Slides' }, { url: 'https://x.example/slides.pdf' }] },
      { ...valid, occurredAt: 'yesterday' },
      { ...valid, specVersion: '2.0' },
    ];
    for (const sample of samples) {
      let runtime = true;
      try {
        parseParticipationRecorded(sample);
      } catch {
        runtime = false;
      }
      expect(validate(sample), JSON.stringify(sample)).toBe(runtime);
    }
  });

  it('names every invalid field in an EVENT_INVALID error', () => {
    expect(() =>
      parseParticipationRecorded({ ...valid, role: 'lectured', participant: { email: 'x' } }),
    ).toThrowError(
      expect.objectContaining({
        code: 'EVENT_INVALID',
        details: {
          fields: expect.arrayContaining([
            expect.objectContaining({ field: 'role' }),
            expect.objectContaining({ field: 'participant.email' }),
          ]),
        },
      }),
    );
  });
});
