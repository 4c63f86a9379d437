import { BadgeError } from '../errors.js';

/** Stable codes for every way an image or a payload can be refused. Callers branch on these. */
export const BakingErrorCode = {
  PNG_SIGNATURE_INVALID: 'PNG_SIGNATURE_INVALID',
  PNG_CRC_MISMATCH: 'PNG_CRC_MISMATCH',
  PNG_STRUCTURE_INVALID: 'PNG_STRUCTURE_INVALID',
  PNG_TOO_LARGE: 'PNG_TOO_LARGE',
  SVG_INVALID: 'SVG_INVALID',
  SVG_TOO_LARGE: 'SVG_TOO_LARGE',
  SVG_ACTIVE_CONTENT: 'SVG_ACTIVE_CONTENT',
  BAKED_PAYLOAD_INVALID: 'BAKED_PAYLOAD_INVALID',
  IMAGE_FORMAT_UNKNOWN: 'IMAGE_FORMAT_UNKNOWN',
} as const;
export type BakingErrorCode = (typeof BakingErrorCode)[keyof typeof BakingErrorCode];

export function bakingError(
  code: BakingErrorCode,
  message: string,
  details?: Record<string, unknown>,
): BadgeError {
  return new BadgeError(code, message, details === undefined ? {} : { details });
}
