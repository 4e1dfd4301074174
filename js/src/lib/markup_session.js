// The markup's editing state without the DOM: one native-resolution RGBA layer, its marks and
// their labels, and the undo history. Each change answers with the rectangle to redraw (or null).
// Labels live apart from the history: undoing a mark and redoing it brings its label back.

import { compositeOver, coverage, createLayer } from "./markup_layer.js";
import { markName } from "./markup_marks.js";
import { MaskHistory } from "./mask_history.js";
import { fullRect } from "./mask_ops.js";

/** @typedef {import("./markup_marks.js").Mark} Mark */
/** @typedef {{ id: number, tool: string, color: string, box: number[] }} Placed  a mark drawn */

export class MarkupSession {
  /** @param {number} width @param {number} height @param {{ tileSize?: number, budgetBytes?: number }} [options] */
  constructor(width, height, options) {
    this.layer = createLayer(width, height);
    this.history = new MaskHistory(this.layer, options);
    /** @type {Placed[]} */
    this.marks = [];
    /** @type {Map<number, string>} */
    this.labels = new Map();
    this.nextId = 1;
  }

  get canUndo() {
    return this.history.canUndo;
  }

  get canRedo() {
    return this.history.canRedo;
  }

  /**
   * Add `mark`, whose pixels (straight RGBA of `rect`, as drawn at native size) are `pixels`,
   * as one undoable action; returns the rectangle to redraw, or null when nothing changed.
   */
  add(mark, rect, pixels) {
    const placed = { id: this.nextId, tool: mark.tool, color: mark.color, box: [rect.x0, rect.y0, rect.x1, rect.y1] };
    const changed = this.#change(rect, () => compositeOver(this.layer, rect, pixels), [...this.marks, placed]);
    if (changed) this.nextId++;
    return changed;
  }

  /** Remove every mark (one undoable action). */
  clear() {
    return this.#change(fullRect(this.layer), () => this.layer.data.fill(0), []);
  }

  /**
   * Replace the layer (a markup set from Python: RGBA pixels as a Uint32Array) and its marks
   * (`described`: { id, tool, color, label }) as one undoable action.
   */
  replace(pixels, described = []) {
    if (pixels.length !== this.layer.data.length) {
      throw new RangeError(`markup has ${pixels.length} pixels; the image has ${this.layer.data.length}`);
    }
    const marks = described.map((m) => ({ id: m.id, tool: m.tool, color: m.color, box: m.box ?? null }));
    this.adoptLabels(described);
    this.nextId = Math.max(this.nextId, ...marks.map((m) => m.id + 1));
    return this.#change(fullRect(this.layer), () => this.layer.data.set(pixels), marks);
  }

  undo() {
    const entry = this.history.undoEntry();
    if (entry) this.marks = entry.meta.before;
    return entry?.rect ?? null;
  }

  redo() {
    const entry = this.history.redoEntry();
    if (entry) this.marks = entry.meta.after;
    return entry?.rect ?? null;
  }

  /** Set the label of mark `id` (what it means, for the prompt). */
  setLabel(id, text) {
    this.labels.set(id, text);
  }

  /** Take the labels of `described` marks ({ id, label }), e.g. set from Python. */
  adoptLabels(described) {
    for (const { id, label } of described) if (typeof label === "string") this.labels.set(id, label);
  }

  /** The marks as Python sees them: { id, tool, color, label, box }, in drawing order. */
  describe() {
    return this.marks.map((m) => ({ ...m, label: this.labels.get(m.id) ?? "" }));
  }

  /** The marks' names and labels for a person: "1. red circle: a window". */
  summary() {
    return this.describe().map((m, i) => `${i + 1}. ${markName(m)}${m.label ? `: ${m.label}` : ""}`);
  }

  /** How many pixels are drawn, and whether some are left transparent. */
  coverage() {
    return coverage(this.layer);
  }

  #change(rect, paint, after) {
    const before = this.marks;
    this.history.begin();
    this.history.touch(rect);
    paint();
    if (!this.history.commit({ before, after })) return null;
    this.marks = after;
    return rect;
  }
}
