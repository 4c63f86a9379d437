import { describe, expect, it } from 'vitest';
import { measureStartup } from '../../../local/bench.js';
import { fixtureTemplates } from '../../fixtures/local/templates.js';

describe('measuring the local cloud startup', () => {
  it('reports each phase, the first API answer after the services are up, and stops the cloud', async () => {
    const result = await measureStartup({ templates: fixtureTemplates() });
    expect(result.synthesisMs).toBe(0);
    for (const phase of [
      'servicesMs',
      'firstApiResponseMs',
      'warmApiResponseMs',
      'firstCdnResponseMs',
      'stopMs',
    ] as const) {
      expect(Number.isFinite(result[phase]), phase).toBe(true);
      expect(result[phase], phase).toBeGreaterThan(0);
    }
    expect(result.readyMs).toBe(result.synthesisMs + result.servicesMs + result.customResourcesMs);
  });
});
