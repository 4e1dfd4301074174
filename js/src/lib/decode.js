// Decode a PNG that Python set (a mask, a markup) into RGBA pixels at the image's size, without
// colour management, so the pixels are the file's own.

import { viewBytes } from "./bytes.js";

/**
 * The RGBA pixels of the PNG in `view` (a DataView from the comm), which must be `width` x
 * `height` (a RangeError naming `what` otherwise).
 * @returns {Promise<Uint8ClampedArray>}
 */
export async function decodePixels(view, width, height, what) {
  const blob = new Blob([viewBytes(view).slice()], { type: "image/png" });
  const bitmap = await createImageBitmap(blob, { premultiplyAlpha: "none", colorSpaceConversion: "none" });
  if (bitmap.width !== width || bitmap.height !== height) {
    bitmap.close();
    throw new RangeError(`the ${what} is ${bitmap.width}x${bitmap.height} but the image is ${width}x${height}`);
  }
  const ctx = new OffscreenCanvas(width, height).getContext("2d");
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  return ctx.getImageData(0, 0, width, height).data;
}
