/** Draws the Citizen 2.1 badge images into shared/assets/badges/ (run after changing a design). */
import { writeFileSync } from 'node:fs';
import { CITIZEN21_BADGES } from '../shared/catalogue/citizen21.js';
import { drawBadgePng } from '../shared/images/draw-badge.js';

for (const badge of CITIZEN21_BADGES) {
  const target = new URL(`../shared/assets/badges/${badge.slug}.png`, import.meta.url);
  writeFileSync(target, drawBadgePng(badge));
  console.log(`drew ${target.pathname}`);
}
