import { BadgeError } from '../errors.js';
import { ISSUER_SOURCE, REVOCATION_REQUESTED } from '../events/participation-recorded.js';
import { normalizeEmail } from '../ob2/identity.js';
import type { AwardSearch, LinkedAwardRecord } from './admin-ports.js';
import type { AwardDependencies } from './ports.js';
import { requestAward } from './request-award.js';
import { recordRevocation } from './revoke-award.js';

export interface ReissueRequest {
  awardId: string;
  /** The corrected address. */
  email: string;
  /** The recipient's name on the new award; the old award's name when omitted. */
  name?: string;
  /** Why; added to the revocation reason of the old award. */
  reason?: string;
}

type ReissueDependencies = Pick<
  AwardDependencies,
  'awards' | 'badgeClasses' | 'events' | 'clock' | 'revocations'
> & {
  search: Pick<AwardSearch, 'link'>;
};

/**
 * Re-issues an award to a corrected email: a new award of the same badge (same narrative and evidence) is made for
 * the new address and linked back (`replaces`), then the old award is revoked with a reason that names the new one
 * and linked forward (`replacedBy`), and its revocation is sent to the award function to publish. Every step is
 * idempotent, so repeating the request (after a crash, or by mistake) completes it and returns the same new award.
 */
export async function reissueAward(
  request: ReissueRequest,
  deps: ReissueDependencies,
): Promise<{ previous: LinkedAwardRecord; replacement: LinkedAwardRecord }> {
  const previous = (await deps.awards.get(request.awardId)) as LinkedAwardRecord | undefined;
  if (!previous)
    throw new BadgeError('AWARD_NOT_FOUND', `award ${request.awardId} does not exist`, { status: 404 });
  if (normalizeEmail(previous.email) === normalizeEmail(request.email)) {
    throw new BadgeError('REISSUE_SAME_EMAIL', 'the award is already for this email address', {
      details: { field: 'email' },
    });
  }
  if (previous.status === 'revoked' && previous.replacedBy === undefined) {
    throw new BadgeError('AWARD_REVOKED', `award ${request.awardId} is revoked and cannot be re-issued`, {
      status: 409,
    });
  }

  const outcome = await requestAward(
    {
      badge: previous.badge,
      email: request.email,
      ...((request.name ?? previous.name) ? { name: request.name ?? previous.name } : {}),
      ...(previous.narrative ? { narrative: previous.narrative } : {}),
      ...(previous.evidence?.length ? { evidence: previous.evidence } : {}),
    },
    deps,
  );
  const candidate = outcome.award as LinkedAwardRecord;
  if (previous.replacedBy !== undefined && previous.replacedBy !== candidate.awardId) {
    throw new BadgeError(
      'AWARD_ALREADY_REISSUED',
      `award ${request.awardId} was already re-issued as ${previous.replacedBy}`,
      {
        status: 409,
      },
    );
  }
  if (candidate.status === 'revoked') {
    throw new BadgeError(
      'REPLACEMENT_REVOKED',
      `the award of ${previous.badge} to the new address (${candidate.awardId}) was revoked: it cannot be re-issued there`,
      { status: 409, details: { field: 'email' } },
    );
  }
  if (
    outcome.outcome === 'already-holds' ||
    (candidate.replaces !== undefined && candidate.replaces !== previous.awardId)
  ) {
    throw new BadgeError(
      'ALREADY_HOLDS',
      `the person at the new address already holds ${previous.badge} (award ${candidate.awardId})`,
      {
        status: 409,
        details: { field: 'email' },
      },
    );
  }

  const replacement =
    (await deps.search.link(candidate.awardId, { replaces: previous.awardId })) ?? candidate;
  const reason = `Re-issued as award ${replacement.awardId}${request.reason ? `: ${request.reason.trim()}` : ''}`;
  await recordRevocation({ awardId: previous.awardId, reason: reason.slice(0, 1000) }, deps);
  const revoked = (await deps.search.link(previous.awardId, { replacedBy: replacement.awardId })) ?? previous;
  await deps.events.publish([
    { detailType: REVOCATION_REQUESTED, detail: { awardId: previous.awardId, source: ISSUER_SOURCE } },
  ]);
  return { previous: revoked, replacement };
}
