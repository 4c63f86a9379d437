import { PNG } from 'pngjs';
import type { BadgeDefinition } from '../catalogue/citizen21.js';

/**
 * Draws a badge image: a round medal with a ring, a light field and a glyph per badge, 512×512 RGBA with
 * anti-aliased edges. Shapes are signed distance functions (negative inside), so edges blend over one pixel.
 */
type Rgb = [number, number, number];
type Sdf = (x: number, y: number) => number;

const SIZE = 512;
const C = SIZE / 2;

const circle =
  (cx: number, cy: number, r: number): Sdf =>
  (x, y) =>
    Math.hypot(x - cx, y - cy) - r;
const ring =
  (cx: number, cy: number, r: number, width: number): Sdf =>
  (x, y) =>
    Math.abs(Math.hypot(x - cx, y - cy) - r) - width / 2;
const box =
  (cx: number, cy: number, hw: number, hh: number, radius = 0): Sdf =>
  (x, y) => {
    const dx = Math.abs(x - cx) - hw + radius;
    const dy = Math.abs(y - cy) - hh + radius;
    return Math.hypot(Math.max(dx, 0), Math.max(dy, 0)) + Math.min(Math.max(dx, dy), 0) - radius;
  };
const union =
  (...shapes: Sdf[]): Sdf =>
  (x, y) =>
    Math.min(...shapes.map((s) => s(x, y)));
const subtract =
  (a: Sdf, b: Sdf): Sdf =>
  (x, y) =>
    Math.max(a(x, y), -b(x, y));
const ellipse =
  (cx: number, cy: number, rx: number, ry: number): Sdf =>
  (x, y) => {
    const k = Math.hypot((x - cx) / rx, (y - cy) / ry);
    return (k - 1) * Math.min(rx, ry);
  };
const star =
  (cx: number, cy: number, outer: number, inner: number, points: number): Sdf =>
  (x, y) => {
    const angle = Math.atan2(y - cy, x - cx) + Math.PI / 2;
    const sector = (2 * Math.PI) / points;
    const a = ((angle % sector) + sector) % sector;
    const t = Math.abs(a - sector / 2) / (sector / 2);
    const radius = inner + (outer - inner) * t;
    return Math.hypot(x - cx, y - cy) - radius;
  };
const triangle =
  (ax: number, ay: number, bx: number, by: number, cx: number, cy: number): Sdf =>
  (x, y) => {
    const edge = (px: number, py: number, qx: number, qy: number) => {
      const len = Math.hypot(qx - px, qy - py);
      return ((qx - px) * (y - py) - (qy - py) * (x - px)) / len;
    };
    return Math.max(-edge(ax, ay, bx, by), -edge(bx, by, cx, cy), -edge(cx, cy, ax, ay));
  };

function glyphShape(glyph: BadgeDefinition['glyph']): Sdf {
  switch (glyph) {
    case 'eye':
      return union(subtract(ellipse(C, C, 120, 70), ellipse(C, C, 104, 54)), circle(C, C, 40));
    case 'speech':
      return union(
        subtract(box(C, C - 20, 115, 75, 30), box(C, C - 20, 99, 59, 18)),
        triangle(C - 60, C + 50, C - 20, C + 50, C - 75, C + 105),
        box(C, C - 45, 65, 8, 4),
        box(C - 15, C - 10, 50, 8, 4),
      );
    case 'spark':
      return union(star(C, C, 130, 52, 8), circle(C, C, 30));
    case 'blocks':
      return union(
        box(C - 60, C + 60, 52, 42, 8),
        box(C + 60, C + 60, 52, 42, 8),
        box(C, C - 30, 52, 42, 8),
        box(C, C - 112, 26, 22, 6),
      );
  }
}

export function drawBadgePng(definition: Pick<BadgeDefinition, 'palette' | 'glyph'>): Buffer {
  const png = new PNG({ width: SIZE, height: SIZE, colorType: 6 });
  const medal = circle(C, C, 240);
  const outerRing = ring(C, C, 222, 26);
  const innerRing = ring(C, C, 196, 4);
  const glyph = glyphShape(definition.glyph);
  const { ring: ringColour, field, glyph: glyphColour } = definition.palette;
  const white: Rgb = [255, 255, 255];
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const px = x + 0.5;
      const py = y + 0.5;
      const coverage = clamp(0.5 - medal(px, py));
      let colour: Rgb = field;
      colour = mix(colour, white, clamp((py - 60) / 600) * 0.35);
      colour = mix(colour, glyphColour, clamp(0.5 - glyph(px, py)));
      colour = mix(colour, ringColour, clamp(0.5 - innerRing(px, py)));
      colour = mix(colour, ringColour, clamp(0.5 - outerRing(px, py)));
      const offset = (y * SIZE + x) * 4;
      png.data[offset] = colour[0];
      png.data[offset + 1] = colour[1];
      png.data[offset + 2] = colour[2];
      png.data[offset + 3] = Math.round(255 * coverage);
    }
  }
  return PNG.sync.write(png, { colorType: 6 });
}

function clamp(value: number): number {
  return value < 0 ? 0 : value > 1 ? 1 : value;
}

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [
    Math.round(a[0] + (b[0] - a[0]) * t),
    Math.round(a[1] + (b[1] - a[1]) * t),
    Math.round(a[2] + (b[2] - a[2]) * t),
  ];
}
