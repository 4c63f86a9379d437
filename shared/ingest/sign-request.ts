import { computeSignature, KEY_ID_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './signature.js';

export interface SigningKey {
  keyId: string;
  secret: string;
  /** The signing time; the current time when omitted. */
  now?: Date;
}

export type IngestSignatureHeaders = {
  [KEY_ID_HEADER]: string;
  [TIMESTAMP_HEADER]: string;
  [SIGNATURE_HEADER]: string;
};

/**
 * The headers that sign one `POST /events` body, for senders and tests. Send `body` byte for byte as signed,
 * and sign every attempt anew: a signed request is accepted once.
 */
export function signIngestRequest(body: string, key: SigningKey): IngestSignatureHeaders {
  const timestamp = String(Math.floor((key.now ?? new Date()).getTime() / 1000));
  return {
    [KEY_ID_HEADER]: key.keyId,
    [TIMESTAMP_HEADER]: timestamp,
    [SIGNATURE_HEADER]: computeSignature(key.secret, timestamp, body),
  };
}
