import { readFileSync } from 'node:fs';
import { ACHIEVEMENT_CREDENTIAL_SCHEMA, ENDORSEMENT_CREDENTIAL_SCHEMA } from '../../shared/ob3/credential.js';

/**
 * The DCC verifier fetches the 1EdTech JSON Schemas from their purl with the global fetch; this machine has no
 * route to the internet, so those URLs are answered from the bundled copies and every other URL goes through.
 * Returns the function that puts the original fetch back.
 */
export function answerSchemaUrlsOffline(): () => void {
  const schemas = new Map([
    [
      ACHIEVEMENT_CREDENTIAL_SCHEMA,
      new URL('../../shared/assets/schemas/achievementcredential.json', import.meta.url),
    ],
    [
      ENDORSEMENT_CREDENTIAL_SCHEMA,
      new URL('../../shared/assets/schemas/endorsementcredential.json', import.meta.url),
    ],
  ]);
  const networkFetch = globalThis.fetch;
  globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const schema = schemas.get(url);
    if (schema)
      return new Response(readFileSync(schema), { headers: { 'content-type': 'application/json' } });
    return networkFetch(input, init);
  }) as typeof fetch;
  return () => {
    globalThis.fetch = networkFetch;
  };
}
