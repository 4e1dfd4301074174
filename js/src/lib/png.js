// A PNG writer without a canvas: chunks with their CRC, scanlines compressed with the platform's
// CompressionStream. It runs in a browser and in Node alike and never goes through a colour-
// managed canvas, so the bytes say exactly what was painted. The mask and the markup use it.

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

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

async function deflate(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream("deflate"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * A whole PNG: `scanlines` are the unfiltered rows (each a filter byte 0, then the pixels) of a
 * `width` x `height` image of `colorType` at `bitDepth`; `extra` chunks (e.g. tRNS) go before
 * the pixels, as `[type, body]` pairs.
 * @param {{ width: number, height: number, colorType: number, bitDepth: number,
 *   scanlines: Uint8Array, extra?: [string, Uint8Array][] }} image
 * @returns {Promise<Uint8Array>}
 */
export async function encodePng({ width, height, colorType, bitDepth, scanlines, extra = [] }) {
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([bitDepth, colorType, 0, 0, 0], 8);
  const parts = [
    Uint8Array.from(SIGNATURE),
    chunk("IHDR", header),
    ...extra.map(([type, body]) => chunk(type, body)),
    chunk("IDAT", await deflate(scanlines)),
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
