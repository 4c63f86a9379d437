import { assertValidPng, assertValidSvg } from '../baking/index.js';
import { BadgeError, isBadgeError } from '../errors.js';
import type { BadgeClassDefinition } from '../issuance/issuer-settings.js';
import { prepareBadge } from '../issuance/prepared-badge.js';
import { CONTENT_TYPES, publishedFile } from '../issuance/published-file.js';
import { objectKeyOf, siteLayout } from '../site/layout.js';
import type { BadgeClassStore, StoredBadgeClass } from './admin-ports.js';
import type { Clock, PublicFileStore } from './ports.js';

/**
 * Badge classes made and changed by an admin. The PNG image is the one baked into every credential of the badge;
 * an SVG rendition may be published beside it. Images are checked before anything is written (structure, no
 * active content, at most MAX_IMAGE_BYTES). The order of writes keeps the award function right: the image first,
 * then the record with a new `updatedAt` (which makes the function's cache read the badge class and its image
 * again), then the OB 3.0 Achievement and OB 2.0 BadgeClass documents at their public URLs.
 */
export const MAX_IMAGE_BYTES = 512 * 1024;

export interface BadgeClassFields {
  name: string;
  description: string;
  criteria: string;
  tags: string[];
  alignment?: BadgeClassDefinition['alignment'];
}

export interface BadgeClassImages {
  /** PNG bytes: the image credentials are baked into. */
  image?: Uint8Array;
  /** SVG bytes: an optional vector rendition. */
  svgImage?: Uint8Array;
}

export interface BadgeClassAdminDependencies {
  store: BadgeClassStore;
  /** Writes under `achievements/` only. */
  files: PublicFileStore;
  baseUrl: string;
  clock: Clock;
}

export async function createBadgeClass(
  input: BadgeClassFields & BadgeClassImages & { slug: string },
  deps: BadgeClassAdminDependencies,
): Promise<StoredBadgeClass> {
  if (!input.image)
    throw new BadgeError('FIELD_REQUIRED', 'a PNG image is required', { details: { field: 'image' } });
  checkImages(input);
  if (await deps.store.get(input.slug)) throw exists(input.slug);
  const stored: StoredBadgeClass = {
    slug: input.slug,
    ...fieldsOf(input),
    ...(input.svgImage ? { svgImage: true } : {}),
    updatedAt: deps.clock.now().toISOString(),
  };
  const documents = documentFiles(stored, deps.baseUrl);
  await publishImages(input.slug, input, deps.files);
  if (!(await deps.store.create(stored))) throw exists(input.slug);
  for (const file of documents) await deps.files.put(file);
  return stored;
}

export async function updateBadgeClass(
  slug: string,
  patch: Partial<BadgeClassFields> & BadgeClassImages,
  deps: BadgeClassAdminDependencies,
): Promise<StoredBadgeClass> {
  checkImages(patch);
  const current = await deps.store.get(slug);
  if (!current)
    throw new BadgeError('BADGE_NOT_FOUND', `badge class ${slug} does not exist`, { status: 404 });
  const stored: StoredBadgeClass = {
    ...current,
    ...fieldsOf({ ...current, ...withoutUndefined(patch) }),
    ...(patch.svgImage || current.svgImage ? { svgImage: true } : {}),
    updatedAt: laterThan(current.updatedAt, deps.clock.now()),
  };
  const documents = documentFiles(stored, deps.baseUrl);
  await publishImages(slug, patch, deps.files);
  if (!(await deps.store.update(stored, current.updatedAt))) {
    throw new BadgeError(
      'BADGE_CLASS_CHANGED',
      `badge class ${slug} was changed meanwhile: read it and try again`,
      { status: 409 },
    );
  }
  for (const file of documents) await deps.files.put(file);
  return stored;
}

function fieldsOf(source: BadgeClassFields): BadgeClassFields {
  return {
    name: source.name,
    description: source.description,
    criteria: source.criteria,
    tags: [...source.tags],
    ...(source.alignment?.length ? { alignment: source.alignment.map((entry) => ({ ...entry })) } : {}),
  };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}

/** ISO time strictly after the previous one, so two changes in one millisecond still differ. */
function laterThan(previous: string, now: Date): string {
  const after = Math.max(now.getTime(), Date.parse(previous) + 1);
  return new Date(after).toISOString();
}

function checkImages(images: BadgeClassImages): void {
  const refuse = (field: string, message: string) =>
    new BadgeError('IMAGE_INVALID', message, { details: { field } });
  if (images.image) {
    if (images.image.byteLength > MAX_IMAGE_BYTES)
      throw refuse('image', `the image is larger than ${MAX_IMAGE_BYTES} bytes`);
    try {
      assertValidPng(images.image, { maxBytes: MAX_IMAGE_BYTES });
    } catch (error) {
      throw refuse(
        'image',
        `the image is not a valid PNG (${isBadgeError(error) ? error.code : 'unreadable'})`,
      );
    }
  }
  if (images.svgImage) {
    if (images.svgImage.byteLength > MAX_IMAGE_BYTES)
      throw refuse('svgImage', `the SVG image is larger than ${MAX_IMAGE_BYTES} bytes`);
    try {
      assertValidSvg(new TextDecoder('utf-8', { fatal: true }).decode(images.svgImage), {
        maxBytes: MAX_IMAGE_BYTES,
      });
    } catch (error) {
      throw refuse(
        'svgImage',
        `the SVG image is refused (${isBadgeError(error) ? error.code : 'not UTF-8 text'})`,
      );
    }
  }
}

async function publishImages(slug: string, images: BadgeClassImages, files: PublicFileStore): Promise<void> {
  if (images.image)
    await files.put(publishedFile(`achievements/${slug}.png`, images.image, CONTENT_TYPES.png));
  if (images.svgImage)
    await files.put(publishedFile(`achievements/${slug}.svg`, images.svgImage, CONTENT_TYPES.svg));
}

/** The public documents of a badge class; built (and so checked) before anything is written. */
function documentFiles(stored: StoredBadgeClass, baseUrl: string) {
  const layout = siteLayout(baseUrl);
  // The documents name the image by its URL: its bytes are not needed to build them.
  const prepared = prepareBadge({ ...stored, image: new Uint8Array(0) }, layout);
  return [
    publishedFile(
      objectKeyOf(layout, layout.achievement(stored.slug)),
      prepared.publishedAchievement,
      CONTENT_TYPES.jsonLd,
    ),
    publishedFile(
      objectKeyOf(layout, layout.badgeClass(stored.slug)),
      prepared.badgeClass,
      CONTENT_TYPES.jsonLd,
    ),
  ];
}

function exists(slug: string): BadgeError {
  return new BadgeError('BADGE_CLASS_EXISTS', `badge class ${slug} exists: change it with an update`, {
    status: 409,
    details: { field: 'slug' },
  });
}
