// Encode a mask as a PNG in the API's convention (alpha 0 = edit here): a one-bit grey PNG whose
// black is transparent (a tRNS chunk), built by hand (./png.js), so a 4096 x 4096 mask is only
// 2 MB before compression.

import { countMarked } from "./mask_ops.js";
import { encodePng } from "./png.js";

export { crc32 } from "./png.js";

/** @typedef {import("./mask_geometry.js").Mask} Mask */

const COLOR_GRAY = 0;
const BIT_DEPTH = 1;

/**
 * The unfiltered scanlines: per row a filter byte 0, then one bit per pixel, most significant
 * first: 0 (black, made transparent by tRNS) where the mask says edit, 1 elsewhere.
 */
export function maskScanlines(mask) {
  const { width, height, data } = mask;
  const stride = 1 + Math.ceil(width / 8);
  const raw = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const row = y * stride + 1;
    const src = y * width;
    for (let x = 0; x < width; x += 8) {
      let byte = 0;
      for (let bit = 0; bit < 8; bit++) {
        const keep = x + bit < width ? data[src + x + bit] ^ 1 : 0;
        byte |= keep << (7 - bit);
      }
      raw[row + (x >> 3)] = byte;
    }
  }
  return raw;
}

/**
 * The mask as PNG bytes: one-bit grey, transparent (alpha 0) where the mask says edit; no bytes
 * at all when nothing is marked (so Python knows "no mask" without decoding anything).
 * @param {Mask} mask @returns {Promise<Uint8Array>}
 */
export async function encodeMaskPng(mask) {
  if (!countMarked(mask)) return new Uint8Array(0);
  const { width, height } = mask;
  const scanlines = maskScanlines(mask);
  const extra = [["tRNS", new Uint8Array([0, 0])]];
  return encodePng({ width, height, colorType: COLOR_GRAY, bitDepth: BIT_DEPTH, scanlines, extra });
}
