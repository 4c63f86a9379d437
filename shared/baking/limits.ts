/**
 * Bounds that keep reading hostile images cheap: every check is linear in the input,
 * and these caps bound the input itself and anything derived from it (inflated text, nesting).
 */
export interface PngLimits {
  /** Largest accepted file, in bytes (default 16 MiB). */
  maxBytes?: number;
  /** Largest number of chunks (default 10,000). */
  maxChunks?: number;
  /** Largest width or height, in pixels (default 8,192). */
  maxDimension?: number;
  /** Largest width × height (default 16,777,216), so that a later decode cannot exhaust memory. */
  maxPixels?: number;
  /** Largest baked text, in UTF-8 bytes, after inflation when compressed (default 4 MiB). */
  maxPayloadBytes?: number;
}

export interface SvgLimits {
  /** Largest accepted document, in UTF-8 bytes (default 4 MiB). */
  maxBytes?: number;
  /** Deepest element nesting (default 256). */
  maxDepth?: number;
  /** Largest baked text, in UTF-8 bytes (default 4 MiB). */
  maxPayloadBytes?: number;
}

const MEBIBYTE = 1024 * 1024;

export const DEFAULT_PNG_LIMITS: Required<PngLimits> = Object.freeze({
  maxBytes: 16 * MEBIBYTE,
  maxChunks: 10_000,
  maxDimension: 8_192,
  maxPixels: 4_096 * 4_096,
  maxPayloadBytes: 4 * MEBIBYTE,
});

export const DEFAULT_SVG_LIMITS: Required<SvgLimits> = Object.freeze({
  maxBytes: 4 * MEBIBYTE,
  maxDepth: 256,
  maxPayloadBytes: 4 * MEBIBYTE,
});

export function resolvePngLimits(limits: PngLimits | undefined): Required<PngLimits> {
  return { ...DEFAULT_PNG_LIMITS, ...definedOnly(limits) };
}

export function resolveSvgLimits(limits: SvgLimits | undefined): Required<SvgLimits> {
  return { ...DEFAULT_SVG_LIMITS, ...definedOnly(limits) };
}

function definedOnly<T extends object>(limits: T | undefined): Partial<T> {
  if (limits === undefined) return {};
  return Object.fromEntries(Object.entries(limits).filter(([, value]) => value !== undefined)) as Partial<T>;
}
