// Bytes that arrive from Python as a DataView over a shared buffer: read only the view's window.

/**
 * The bytes a DataView (or any ArrayBufferView / ArrayBuffer) covers, without copying.
 * A DataView from the widget comm may start at a byteOffset inside a larger buffer.
 * @param {DataView | ArrayBufferView | ArrayBuffer | null | undefined} view
 * @returns {Uint8Array}
 */
export function viewBytes(view) {
  if (!view) return new Uint8Array(0);
  if (view instanceof ArrayBuffer) return new Uint8Array(view);
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

const SIGNATURES = [
  { type: "image/png", bytes: [0x89, 0x50, 0x4e, 0x47], at: 0 },
  { type: "image/jpeg", bytes: [0xff, 0xd8, 0xff], at: 0 },
  { type: "image/gif", bytes: [0x47, 0x49, 0x46, 0x38], at: 0 },
  { type: "image/webp", bytes: [0x57, 0x45, 0x42, 0x50], at: 8 },
];

/**
 * The MIME type of an image from its first bytes, or "application/octet-stream". An SVG document
 * (its text starts with "<svg" or "<?xml", after any byte-order mark or blank) is
 * "image/svg+xml": shown through an <img>, it runs no script and loads nothing.
 * @param {Uint8Array} bytes
 * @returns {string}
 */
export function sniffImageType(bytes) {
  const match = SIGNATURES.find(({ bytes: sig, at }) =>
    sig.every((value, i) => bytes[at + i] === value),
  );
  if (match) return match.type;
  const head = new TextDecoder().decode(bytes.subarray(0, 256)).replace(/^\uFEFF?\s*/, "");
  return /^<(svg|\?xml)[\s>]/i.test(head) ? "image/svg+xml" : "application/octet-stream";
}

/**
 * Whether two byte arrays hold the same bytes (used to skip redrawing an unchanged frame).
 * @param {Uint8Array} a
 * @param {Uint8Array} b
 * @returns {boolean}
 */
export function sameBytes(a, b) {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) {
    if (a[i] !== b[i]) return false;
  }
  return true;
}
