import type { DocumentFetcher } from '../ports/fetcher.js';

export interface VerifyOptions {
  /** How documents not held locally are reached (keys, DID documents, status lists, hosted credentials). */
  fetcher: DocumentFetcher;
  /** The time validity is judged at; defaults to the current time. */
  now?: Date;
  /** When given, RECIPIENT checks that the credential names this email address. */
  recipientEmail?: string;
}
