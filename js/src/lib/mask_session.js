// The painter's editing state without the DOM: one native-resolution mask, the stroke being
// drawn and the undo history. Every method answers with the rectangle to redraw (or null).

import { createMask, segmentBounds, stampSegment } from "./mask_geometry.js";
import { MaskHistory } from "./mask_history.js";
import { countMarked, fullRect } from "./mask_ops.js";

/** @typedef {import("./mask_geometry.js").Rect} Rect */

export class MaskSession {
  /** @param {number} width @param {number} height @param {{ tileSize?: number, budgetBytes?: number }} [options] */
  constructor(width, height, options) {
    this.mask = createMask(width, height);
    this.history = new MaskHistory(this.mask, options);
    /** @type {{ x: number, y: number, radius: number, value: number } | null} */
    this.stroke = null;
  }

  get canUndo() {
    return this.history.canUndo && !this.stroke;
  }

  get canRedo() {
    return this.history.canRedo && !this.stroke;
  }

  /** Start a stroke at image point (x, y): value 1 paints, 0 erases. */
  startStroke(x, y, radius, value) {
    if (this.stroke) this.endStroke();
    this.history.begin();
    this.stroke = { x, y, radius, value };
    return this.#segment(x, y);
  }

  /** Continue the stroke to (x, y); null when no stroke is under way. */
  moveStroke(x, y) {
    return this.stroke ? this.#segment(x, y) : null;
  }

  /** Finish the stroke; returns whether it changed the mask. */
  endStroke() {
    if (!this.stroke) return false;
    this.stroke = null;
    return this.history.commit();
  }

  /** Apply a whole-mask change (invert, fill, clear) as one undoable action. */
  apply(change) {
    this.endStroke();
    this.history.begin();
    this.history.touch(fullRect(this.mask));
    change(this.mask);
    return this.history.commit() ? fullRect(this.mask) : null;
  }

  /** Replace the mask's pixels (a mask set from Python) as one undoable action. */
  replace(data) {
    if (data.length !== this.mask.data.length) {
      throw new RangeError(`mask has ${data.length} pixels; the image has ${this.mask.data.length}`);
    }
    return this.apply((mask) => mask.data.set(data));
  }

  undo() {
    this.endStroke();
    return this.history.undo();
  }

  redo() {
    this.endStroke();
    return this.history.redo();
  }

  /** The share of the image marked for editing, 0..1. */
  markedFraction() {
    return countMarked(this.mask) / this.mask.data.length;
  }

  #segment(x, y) {
    const { stroke, mask } = this;
    this.history.touch(segmentBounds(mask, stroke.x, stroke.y, x, y, stroke.radius));
    const dirty = stampSegment(mask, stroke.x, stroke.y, x, y, stroke.radius, stroke.value);
    stroke.x = x;
    stroke.y = y;
    return dirty;
  }
}
