/** Every record of the batch is retried. */
export const WHOLE_BATCH = 'whole-batch';

/**
 * Reads a handler's partial batch response as Lambda does for SQS: nothing (or no list, or an empty list)
 * means success; each `itemIdentifier` names a message to retry; an identifier that is missing, empty or
 * not in the batch, or a response of the wrong shape, fails the whole batch.
 */
export function messagesToRetry(
  response: unknown,
  batchMessageIds: ReadonlySet<string>,
): ReadonlySet<string> | typeof WHOLE_BATCH {
  if (response === undefined || response === null) return new Set();
  if (typeof response !== 'object' || Array.isArray(response)) return WHOLE_BATCH;
  const failures = (response as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return new Set();
  if (!Array.isArray(failures)) return WHOLE_BATCH;
  const retry = new Set<string>();
  for (const failure of failures) {
    const identifier = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof identifier !== 'string' || !batchMessageIds.has(identifier)) return WHOLE_BATCH;
    retry.add(identifier);
  }
  return retry;
}
