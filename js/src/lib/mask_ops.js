// Whole-mask operations and the overlay that shows the mask over the picture. All pure: they
// read and write typed arrays, so they run (and are tested) outside the browser too.

/** @typedef {import("./mask_geometry.js").Mask} Mask */
/** @typedef {import("./mask_geometry.js").Rect} Rect */

/** Swap edit and keep everywhere. */
export function invertMask(mask) {
  const { data } = mask;
  for (let i = 0; i < data.length; i++) data[i] ^= 1;
}

/** Set every pixel to `value` (1: edit everything, 0: clear). */
export function fillMask(mask, value) {
  mask.data.fill(value);
}

/** How many pixels are marked for editing. */
export function countMarked(mask) {
  let count = 0;
  const { data } = mask;
  for (let i = 0; i < data.length; i++) count += data[i];
  return count;
}

/** The whole mask as a rectangle. */
export function fullRect(mask) {
  return { x0: 0, y0: 0, x1: mask.width, y1: mask.height };
}

/**
 * Paint the overlay of `rect` (in the pixels of `view`, the overlay canvas, which may be smaller
 * than the mask) into `out`, the RGBA bytes of a rect-sized ImageData: `color` where the mask says
 * edit, transparent elsewhere. Each overlay pixel shows the mask pixel under its centre, so the
 * cost follows the overlay's size, not the image's. The overlay's opacity is left to CSS.
 * @param {Mask} mask @param {{ width: number, height: number }} view @param {Rect} rect
 * @param {Uint8ClampedArray} out @param {[number, number, number]} color
 */
export function renderOverlay(mask, view, rect, out, color) {
  const w = rect.x1 - rect.x0;
  const pixels = new Uint32Array(out.buffer, out.byteOffset, w * (rect.y1 - rect.y0));
  const on = packRGBA(color[0], color[1], color[2], 255);
  const columns = new Int32Array(w);
  for (let x = 0; x < w; x++) columns[x] = Math.floor(((rect.x0 + x + 0.5) * mask.width) / view.width);
  for (let y = rect.y0; y < rect.y1; y++) {
    const row = Math.floor(((y + 0.5) * mask.height) / view.height) * mask.width;
    const dst = (y - rect.y0) * w;
    for (let x = 0; x < w; x++) pixels[dst + x] = mask.data[row + columns[x]] ? on : 0;
  }
}

/** The overlay pixels (of `view`) that show mask pixels of `rect`, clipped; null if none. */
export function viewRect(mask, view, rect) {
  const x0 = Math.max(0, Math.floor((rect.x0 * view.width) / mask.width) - 1);
  const y0 = Math.max(0, Math.floor((rect.y0 * view.height) / mask.height) - 1);
  const x1 = Math.min(view.width, Math.ceil((rect.x1 * view.width) / mask.width) + 1);
  const y1 = Math.min(view.height, Math.ceil((rect.y1 * view.height) / mask.height) + 1);
  return x0 < x1 && y0 < y1 ? { x0, y0, x1, y1 } : null;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Four bytes r, g, b, a as one Uint32 in this machine's byte order. */
export function packRGBA(r, g, b, a) {
  return LITTLE_ENDIAN
    ? ((a << 24) | (b << 16) | (g << 8) | r) >>> 0
    : ((r << 24) | (g << 16) | (b << 8) | a) >>> 0;
}

/**
 * Read a mask from RGBA pixels in the API's convention: a transparent pixel (alpha below half)
 * means "edit here".
 * @param {Uint8ClampedArray | Uint8Array} rgba @param {number} width @param {number} height
 * @returns {Mask}
 */
export function maskFromAlpha(rgba, width, height) {
  const data = new Uint8Array(width * height);
  for (let i = 0; i < data.length; i++) data[i] = rgba[i * 4 + 3] < 128 ? 1 : 0;
  return { width, height, data };
}

/** Parse a CSS hex colour (#rgb or #rrggbb) into [r, g, b]; `fallback` when it is not one. */
export function parseHexColor(text, fallback = [255, 64, 129]) {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec((text || "").trim());
  if (!hex) return fallback;
  const digits = hex[1].length === 3 ? [...hex[1]].map((d) => d + d) : hex[1].match(/../g);
  return /** @type {[number, number, number]} */ (digits.map((d) => parseInt(d, 16)));
}
