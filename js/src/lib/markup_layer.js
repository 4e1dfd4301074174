// The markup layer's pixels, without the DOM: RGBA at the image's native size, one Uint32 per
// pixel (the bytes in memory are r, g, b, a, as in ImageData and in a PNG), transparent where
// the picture shows through. Marks are composited in; the layer is shown sampled to the screen
// and sent as an RGBA PNG, built by hand (./png.js) so its bytes say exactly what was drawn.

import { encodePng } from "./png.js";

/** @typedef {{ width: number, height: number, data: Uint32Array }} Layer */
/** @typedef {import("./mask_geometry.js").Rect} Rect */

const COLOR_RGBA = 6;

/** A transparent layer of `width` x `height` pixels. */
export function createLayer(width, height) {
  if (!(width > 0 && height > 0)) throw new RangeError(`layer size must be positive: ${width}x${height}`);
  return { width, height, data: new Uint32Array(width * height) };
}

/** The layer's bytes, r, g, b, a per pixel (a view: no copy). */
export function layerBytes(layer) {
  return new Uint8Array(layer.data.buffer, layer.data.byteOffset, layer.data.byteLength);
}

/**
 * Lay `pixels` (straight RGBA bytes of a `rect`-sized image, e.g. ImageData.data) over the layer
 * inside `rect`, as a canvas's source-over does.
 */
export function compositeOver(layer, rect, pixels) {
  const bytes = layerBytes(layer);
  const w = rect.x1 - rect.x0;
  for (let y = rect.y0; y < rect.y1; y++) {
    for (let x = rect.x0; x < rect.x1; x++) {
      const s = ((y - rect.y0) * w + (x - rect.x0)) * 4;
      const sa = pixels[s + 3];
      if (!sa) continue;
      const d = (y * layer.width + x) * 4;
      const da = (bytes[d + 3] * (255 - sa)) / 255;
      const out = sa + da;
      for (let c = 0; c < 3; c++) bytes[d + c] = Math.round((pixels[s + c] * sa + bytes[d + c] * da) / out);
      bytes[d + 3] = Math.round(out);
    }
  }
}

/** How many pixels the marks cover (any opacity), and whether any pixel is left transparent. */
export function coverage(layer) {
  let painted = 0;
  const bytes = layerBytes(layer);
  for (let i = 3; i < bytes.length; i += 4) if (bytes[i]) painted++;
  return { painted, clear: painted < layer.data.length };
}

/**
 * Paint `rect` of the overlay canvas (`view` pixels, maybe smaller than the layer) into `out`,
 * the RGBA bytes of a rect-sized ImageData: each overlay pixel shows the layer pixel under its
 * centre, so the cost follows the overlay's size, not the image's.
 */
export function renderLayer(layer, view, rect, out) {
  const w = rect.x1 - rect.x0;
  const pixels = new Uint32Array(out.buffer, out.byteOffset, w * (rect.y1 - rect.y0));
  const columns = new Int32Array(w);
  for (let x = 0; x < w; x++) columns[x] = Math.floor(((rect.x0 + x + 0.5) * layer.width) / view.width);
  for (let y = rect.y0; y < rect.y1; y++) {
    const row = Math.floor(((y + 0.5) * layer.height) / view.height) * layer.width;
    const dst = (y - rect.y0) * w;
    for (let x = 0; x < w; x++) pixels[dst + x] = layer.data[row + columns[x]];
  }
}

/** The unfiltered scanlines of an RGBA PNG: per row a filter byte 0, then the row's bytes. */
export function markupScanlines(layer) {
  const { width, height } = layer;
  const bytes = layerBytes(layer);
  const stride = 1 + width * 4;
  const raw = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) raw.set(bytes.subarray(y * width * 4, (y + 1) * width * 4), y * stride + 1);
  return raw;
}

/**
 * The layer as an RGBA PNG at native size; no bytes at all when nothing is drawn (so Python
 * knows "no markup" without decoding anything).
 * @param {Layer} layer @returns {Promise<Uint8Array>}
 */
export async function encodeMarkupPng(layer) {
  if (!coverage(layer).painted) return new Uint8Array(0);
  const { width, height } = layer;
  return encodePng({ width, height, colorType: COLOR_RGBA, bitDepth: 8, scanlines: markupScanlines(layer) });
}
