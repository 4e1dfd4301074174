// Object URLs for image bytes, one per slot, revoked when replaced and when the view goes away.
import { sameBytes, sniffImageType, viewBytes } from "./bytes.js";

/** Keeps one Blob URL per key ("cell-0", "strip-3", ...) and revokes what it no longer needs. */
export class UrlPool {
  constructor() {
    /** @type {Map<string, {url: string, bytes: Uint8Array}>} */
    this.entries = new Map();
  }

  /**
   * The Blob URL showing `view` in slot `key`: unchanged bytes keep their URL; new bytes get a
   * new URL and the slot's old one is revoked. Empty bytes clear the slot and return "".
   * @param {string} key
   * @param {DataView | ArrayBufferView | ArrayBuffer | null | undefined} view
   * @returns {string}
   */
  url(key, view) {
    const bytes = viewBytes(view);
    const entry = this.entries.get(key);
    if (entry && sameBytes(entry.bytes, bytes)) return entry.url;
    this.release(key);
    if (bytes.byteLength === 0) return "";
    // Copy the window: the comm's buffer may be reused, and a Blob should own its bytes.
    const own = bytes.slice();
    const url = URL.createObjectURL(new Blob([own], { type: sniffImageType(own) }));
    this.entries.set(key, { url, bytes: own });
    return url;
  }

  /**
   * Revoke the URL of slot `key`, if any.
   * @param {string} key
   */
  release(key) {
    const entry = this.entries.get(key);
    if (entry) URL.revokeObjectURL(entry.url);
    this.entries.delete(key);
  }

  /**
   * Revoke every slot whose key starts with `prefix` but is not in `keep`.
   * @param {string} prefix
   * @param {Set<string>} keep
   */
  prune(prefix, keep) {
    for (const key of [...this.entries.keys()]) {
      if (key.startsWith(prefix) && !keep.has(key)) this.release(key);
    }
  }

  /** Revoke every URL (the view's cleanup calls this). */
  revokeAll() {
    for (const key of [...this.entries.keys()]) this.release(key);
  }

  /** How many URLs are alive. */
  get size() {
    return this.entries.size;
  }
}
