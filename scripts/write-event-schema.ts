/** Writes the published JSON Schema of `Participation Recorded` from its runtime schema (run after changing it). */
import { writeFileSync } from 'node:fs';
import { participationRecordedJsonSchema } from '../shared/events/participation-recorded.js';

const target = new URL('../docs/events/participation-recorded.schema.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(participationRecordedJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target.pathname}`);
