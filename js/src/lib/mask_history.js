// Undo and redo for a native-resolution layer, kept small: an action saves only the tiles it
// touched (before and after), and a tile of one value is stored as that number, so clearing or
// filling a 4096 x 4096 mask costs a few kilobytes, not 16 MB. A layer is any typed array of one
// value per pixel: the mask's bytes, or the markup's RGBA pixels as a Uint32Array.

import { unionRect } from "./mask_geometry.js";

/** @typedef {import("./mask_geometry.js").Mask} Mask */
/** @typedef {import("./mask_geometry.js").Rect} Rect */
/** @typedef {Uint8Array | Uint32Array | number} Tile  a tile's pixels, or its one value */

/** Copy tile (tx, ty) of `mask`, or its single value when every pixel has the same one. */
export function snapshotTile(mask, tx, ty, size) {
  const { x0, y0, x1, y1 } = tileRect(mask, tx, ty, size);
  const first = mask.data[y0 * mask.width + x0];
  let uniform = true;
  for (let y = y0; y < y1 && uniform; y++) {
    const row = mask.data.subarray(y * mask.width + x0, y * mask.width + x1);
    for (let i = 0; i < row.length; i++) {
      if (row[i] !== first) {
        uniform = false;
        break;
      }
    }
  }
  if (uniform) return first;
  const copy = new mask.data.constructor((x1 - x0) * (y1 - y0));
  for (let y = y0; y < y1; y++) {
    copy.set(mask.data.subarray(y * mask.width + x0, y * mask.width + x1), (y - y0) * (x1 - x0));
  }
  return copy;
}

/** Write a saved tile back into `mask`. */
export function restoreTile(mask, tx, ty, size, tile) {
  const { x0, y0, x1, y1 } = tileRect(mask, tx, ty, size);
  const w = x1 - x0;
  for (let y = y0; y < y1; y++) {
    const at = y * mask.width + x0;
    if (typeof tile === "number") mask.data.fill(tile, at, at + w);
    else mask.data.set(tile.subarray((y - y0) * w, (y - y0 + 1) * w), at);
  }
}

/** The pixels of tile (tx, ty). */
export function tileRect(mask, tx, ty, size) {
  const x0 = tx * size;
  const y0 = ty * size;
  return { x0, y0, x1: Math.min(mask.width, x0 + size), y1: Math.min(mask.height, y0 + size) };
}

function sameTile(a, b) {
  if (typeof a === "number" || typeof b === "number") return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function tileBytes(tile) {
  return typeof tile === "number" ? 8 : tile.byteLength;
}

/**
 * The undo/redo history of one mask (or layer). Wrap every change in `begin()` / `commit(meta)`
 * and call `touch(rect)` before changing pixels in `rect`; `undo()` and `redo()` return the
 * rectangle to redraw (or null when there is nothing to do), `undoEntry()` and `redoEntry()` the
 * whole action, with the `meta` it was committed with (e.g. the marks before and after).
 */
export class MaskHistory {
  /** @param {Mask} mask @param {{ tileSize?: number, budgetBytes?: number }} [options] */
  constructor(mask, { tileSize = 64, budgetBytes = 256 * 1024 * 1024 } = {}) {
    this.mask = mask;
    this.tileSize = tileSize;
    this.budgetBytes = budgetBytes;
    /** @type {{ tiles: Map<number, { before: Tile, after: Tile }>, rect: Rect, bytes: number, meta: any }[]} */
    this.done = [];
    this.undone = [];
    /** @type {Map<number, { before: Tile, after: Tile }> | null} */
    this.pending = null;
  }

  get canUndo() {
    return this.done.length > 0;
  }

  get canRedo() {
    return this.undone.length > 0;
  }

  /** Start an action (a stroke, a clear, an invert...). */
  begin() {
    this.pending = new Map();
  }

  /** Save the tiles under `rect` that this action has not saved yet; call before changing them. */
  touch(rect) {
    if (!this.pending || !rect) return;
    const s = this.tileSize;
    const columns = Math.ceil(this.mask.width / s);
    for (let ty = Math.floor(rect.y0 / s); ty <= Math.floor((rect.y1 - 1) / s); ty++) {
      for (let tx = Math.floor(rect.x0 / s); tx <= Math.floor((rect.x1 - 1) / s); tx++) {
        const key = ty * columns + tx;
        if (!this.pending.has(key)) {
          this.pending.set(key, { before: snapshotTile(this.mask, tx, ty, s), after: 0 });
        }
      }
    }
  }

  /** End the action; returns whether it changed anything (an unchanged action is not kept). */
  commit(meta = null) {
    const tiles = this.pending;
    this.pending = null;
    if (!tiles) return false;
    let rect = null;
    let bytes = 0;
    for (const [key, tile] of tiles) {
      const [tx, ty] = this.#position(key);
      tile.after = snapshotTile(this.mask, tx, ty, this.tileSize);
      if (sameTile(tile.before, tile.after)) {
        tiles.delete(key);
        continue;
      }
      bytes += tileBytes(tile.before) + tileBytes(tile.after);
      rect = unionRect(rect, tileRect(this.mask, tx, ty, this.tileSize));
    }
    if (!rect) return false;
    this.done.push({ tiles, rect, bytes, meta });
    this.undone = [];
    this.#trim();
    return true;
  }

  /** Undo the last action; returns the rectangle that changed, or null. */
  undo() {
    return this.undoEntry()?.rect ?? null;
  }

  /** Redo the last undone action; returns the rectangle that changed, or null. */
  redo() {
    return this.redoEntry()?.rect ?? null;
  }

  /** Undo the last action; returns it (`rect`, `meta`), or null. */
  undoEntry() {
    return this.#move(this.done, this.undone, "before");
  }

  /** Redo the last undone action; returns it (`rect`, `meta`), or null. */
  redoEntry() {
    return this.#move(this.undone, this.done, "after");
  }

  /** Forget everything (e.g. when a different image is loaded). */
  reset(mask = this.mask) {
    this.mask = mask;
    this.done = [];
    this.undone = [];
    this.pending = null;
  }

  #move(from, to, side) {
    const entry = from.pop();
    if (!entry) return null;
    for (const [key, tile] of entry.tiles) {
      const [tx, ty] = this.#position(key);
      restoreTile(this.mask, tx, ty, this.tileSize, tile[side]);
    }
    to.push(entry);
    return entry;
  }

  #position(key) {
    const columns = Math.ceil(this.mask.width / this.tileSize);
    return [key % columns, Math.floor(key / columns)];
  }

  #trim() {
    let total = 0;
    for (const entry of this.done) total += entry.bytes;
    while (total > this.budgetBytes && this.done.length > 1) total -= this.done.shift().bytes;
  }
}
