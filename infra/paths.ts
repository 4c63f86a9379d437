import { fileURLToPath } from 'node:url';

/** The repository root: function entries are given relative to it, and esbuild resolves packages from it. */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
