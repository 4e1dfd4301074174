// Encode a mask as a PNG in the API's convention (alpha 0 = edit here), without a canvas: a
// one-bit grey PNG whose black is transparent (a tRNS chunk), built by hand and compressed with
// the platform's CompressionStream. It runs in a browser and in Node alike, never goes through a
// colour-managed canvas, and a 4096 x 4096 mask is only 2 MB before compression.

import { countMarked } from "./mask_ops.js";

/** @typedef {import("./mask_geometry.js").Mask} Mask */

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];
const COLOR_GRAY = 0;
const BIT_DEPTH = 1;

let crcTable = null;

/** The CRC-32 (as PNG chunks use it) of `bytes`. */
export function crc32(bytes, crc = 0xffffffff) {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  for (let i = 0; i < bytes.length; i++) crc = crcTable[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return crc;
}

function chunk(type, body) {
  const out = new Uint8Array(12 + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, body.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(body, 8);
  view.setUint32(8 + body.length, (crc32(out.subarray(4, 8 + body.length)) ^ 0xffffffff) >>> 0);
  return out;
}

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

async function deflate(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream("deflate"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * The mask as PNG bytes: one-bit grey, transparent (alpha 0) where the mask says edit; no bytes
 * at all when nothing is marked (so Python knows "no mask" without decoding anything).
 * @param {Mask} mask @returns {Promise<Uint8Array>}
 */
export async function encodeMaskPng(mask) {
  if (!countMarked(mask)) return new Uint8Array(0);
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, mask.width);
  view.setUint32(4, mask.height);
  header.set([BIT_DEPTH, COLOR_GRAY, 0, 0, 0], 8);
  const parts = [
    Uint8Array.from(SIGNATURE),
    chunk("IHDR", header),
    chunk("tRNS", new Uint8Array([0, 0])),
    chunk("IDAT", await deflate(maskScanlines(mask))),
    chunk("IEND", new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
