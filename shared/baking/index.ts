/**
 * Badge baking: Open Badges 3.0 and 2.0 payloads carried inside PNG (`iTXt` chunks) and SVG (namespaced
 * elements) badge images, read back leniently and written as the specifications say. Hostile images are
 * refused with a BadgeError whose code is one of BakingErrorCode, in time and memory linear in their size.
 */
export { BakingErrorCode } from './baking-errors.js';
export { detectImageType, type ImageType, type UnbakeLimits, unbake } from './image-type.js';
export { DEFAULT_PNG_LIMITS, DEFAULT_SVG_LIMITS, type PngLimits, type SvgLimits } from './limits.js';
export { type BakedPayloads, PNG_KEYWORD } from './payloads.js';
export { assertValidPng, bakePng, unbakePng } from './png-baking.js';
export { bakeSvg, unbakeSvg } from './svg-baking.js';
export { BADGE_NAMESPACE } from './svg-document.js';
export { assertValidSvg } from './svg-safety.js';
