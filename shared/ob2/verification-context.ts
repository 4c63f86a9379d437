import type { DocumentFetcher } from '../ports/fetcher.js';
import type { Ob2Checks } from './checks.js';

/** What every step of one OB 2.0 verification shares: the injected fetcher and clock, and the checks so far. */
export interface VerificationContext {
  fetcher: DocumentFetcher;
  now: Date;
  recipientEmail: string | undefined;
  checks: Ob2Checks;
}
