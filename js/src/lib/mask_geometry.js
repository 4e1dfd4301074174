// Pure geometry of the mask painter: where a pointer lands on the image, and which mask pixels a
// brush stroke covers. The mask is one byte per image pixel at the image's native resolution
// (1 = edit here, 0 = keep), so a 4096-pixel image is painted exactly, however small it is shown.

/** @typedef {{ width: number, height: number, data: Uint8Array }} Mask */
/** A rectangle of pixels, half-open: columns x0..x1-1, rows y0..y1-1. */
/** @typedef {{ x0: number, y0: number, x1: number, y1: number }} Rect */
/** Where the image is shown on screen (a DOMRect's fields). */
/** @typedef {{ left: number, top: number, width: number, height: number }} Box */

/** A blank mask (nothing marked for editing) of `width` x `height` pixels. */
export function createMask(width, height) {
  if (!(width > 0 && height > 0)) throw new RangeError(`mask size must be positive: ${width}x${height}`);
  return { width, height, data: new Uint8Array(width * height) };
}

/**
 * The image coordinates (native pixels, fractional) under a pointer at (clientX, clientY), for an
 * image of `width` x `height` pixels shown in `box`.
 * @param {number} clientX @param {number} clientY @param {Box} box
 * @param {number} width @param {number} height
 */
export function toImagePoint(clientX, clientY, box, width, height) {
  return {
    x: ((clientX - box.left) * width) / box.width,
    y: ((clientY - box.top) * height) / box.height,
  };
}

/**
 * The brush radius in native image pixels for a brush `cssSize` screen pixels wide, so the brush
 * covers the same part of the picture at any zoom. Never below half a pixel's diagonal, so even
 * the smallest brush marks the pixel it touches.
 * @param {number} cssSize @param {Box} box @param {number} width
 */
export function brushRadius(cssSize, box, width) {
  return Math.max(Math.SQRT1_2, (cssSize / 2) * (width / box.width));
}

/** The pixels a capsule (segment a-b, radius r) may touch, clipped to the mask; null if none. */
export function segmentBounds(mask, ax, ay, bx, by, r) {
  return clipRect(
    {
      x0: Math.floor(Math.min(ax, bx) - r),
      y0: Math.floor(Math.min(ay, by) - r),
      x1: Math.ceil(Math.max(ax, bx) + r) + 1,
      y1: Math.ceil(Math.max(ay, by) + r) + 1,
    },
    mask.width,
    mask.height,
  );
}

/** `rect` clipped to a `width` x `height` image; null when nothing is left. */
export function clipRect(rect, width, height) {
  const x0 = Math.max(0, rect.x0);
  const y0 = Math.max(0, rect.y0);
  const x1 = Math.min(width, rect.x1);
  const y1 = Math.min(height, rect.y1);
  return x0 < x1 && y0 < y1 ? { x0, y0, x1, y1 } : null;
}

/** The smallest rectangle holding both (either may be null). */
export function unionRect(a, b) {
  if (!a) return b;
  if (!b) return a;
  return {
    x0: Math.min(a.x0, b.x0),
    y0: Math.min(a.y0, b.y0),
    x1: Math.max(a.x1, b.x1),
    y1: Math.max(a.y1, b.y1),
  };
}

function circleSpan(cx, cy, r, y) {
  const dy = y - cy;
  if (Math.abs(dy) > r) return null;
  const s = Math.sqrt(r * r - dy * dy);
  return [cx - s, cx + s];
}

function bandSpan(ax, ay, bx, by, r, y) {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  if (len2 === 0) return null;
  const rl = r * Math.sqrt(len2);
  const ry = y - ay;
  // |(x-ax)*dy - ry*dx| <= r*L  (distance to the line) and 0 <= projection <= L^2.
  let lo = -Infinity;
  let hi = Infinity;
  if (dy !== 0) {
    const p = (ry * dx - rl) / dy;
    const q = (ry * dx + rl) / dy;
    lo = Math.min(p, q);
    hi = Math.max(p, q);
  } else if (Math.abs(ry) > r) return null;
  if (dx !== 0) {
    const p = -ry * dy / dx;
    const q = (len2 - ry * dy) / dx;
    lo = Math.max(lo, Math.min(p, q));
    hi = Math.min(hi, Math.max(p, q));
  } else if (ry * dy < 0 || ry * dy > len2) return null;
  return lo <= hi ? [ax + lo, ax + hi] : null;
}

/**
 * The x interval (continuous) of row `y` within distance `r` of segment a-b, or null. The capsule
 * is convex, so the union of its three pieces (two end discs and a band) on a row is one interval.
 */
export function rowSpan(ax, ay, bx, by, r, y) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const span of [circleSpan(ax, ay, r, y), circleSpan(bx, by, r, y), bandSpan(ax, ay, bx, by, r, y)]) {
    if (span) {
      lo = Math.min(lo, span[0]);
      hi = Math.max(hi, span[1]);
    }
  }
  return lo <= hi ? [lo, hi] : null;
}

/**
 * Set every pixel whose centre lies within `r` of segment a-b to `value` (1 paints, 0 erases).
 * Works row by row with `fill`, so the cost is the stroke's height, not its area.
 * @param {Mask} mask @returns {Rect | null} the pixels that may have changed
 */
export function stampSegment(mask, ax, ay, bx, by, r, value) {
  const bounds = segmentBounds(mask, ax, ay, bx, by, r);
  if (!bounds) return null;
  const { width, data } = mask;
  let dirty = null;
  for (let py = bounds.y0; py < bounds.y1; py++) {
    const span = rowSpan(ax, ay, bx, by, r, py + 0.5);
    if (!span) continue;
    const start = Math.max(0, Math.ceil(span[0] - 0.5));
    const end = Math.min(width - 1, Math.floor(span[1] - 0.5));
    if (start > end) continue;
    data.fill(value, py * width + start, py * width + end + 1);
    dirty = unionRect(dirty, { x0: start, y0: py, x1: end + 1, y1: py + 1 });
  }
  return dirty;
}
