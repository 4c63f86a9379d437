import type { Clock, IngestKeys } from './ports.js';

/** How long a read of the keys is reused: a key added to (or removed from) the secret counts within this time. */
export const KEYS_CACHE_MILLISECONDS = 5 * 60 * 1000;

/**
 * Reads the keys once per `ttlMs` and shares the read in flight between concurrent requests. A failed read is not
 * remembered, so the next request tries again.
 */
export function cachedIngestKeys(
  load: () => Promise<ReadonlyMap<string, string>>,
  options: { clock: Clock; ttlMs?: number },
): IngestKeys {
  const ttlMs = options.ttlMs ?? KEYS_CACHE_MILLISECONDS;
  let cached: { keys: Promise<ReadonlyMap<string, string>>; readAt: number } | undefined;
  return () => {
    const now = options.clock.now().getTime();
    if (cached === undefined || now - cached.readAt >= ttlMs) {
      const entry = {
        readAt: now,
        keys: load().catch((error: unknown) => {
          if (cached === entry) cached = undefined;
          throw error;
        }),
      };
      cached = entry;
    }
    return cached.keys;
  };
}
