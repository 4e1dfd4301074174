// The mask painter's keyboard: which key does what, and how the brush grows and shrinks.

// The brush limits, in screen pixels: one file that Python reads too (the build copies it next
// to the views; imagewidgets.widgets.mask_painter.BRUSH_SIZES).
import brush from "./brush.json" with { type: "json" };

export const BRUSH_MIN = brush.min;
export const BRUSH_MAX = brush.max;

/**
 * The painter command a keydown asks for, or null: Ctrl/Cmd+Z undo, Ctrl/Cmd+Shift+Z or
 * Ctrl/Cmd+Y redo, [ and ] brush size, B brush, E eraser. Plain keys are ignored while typing
 * in a field (`inField`) or with Alt held.
 * @param {{ key: string, ctrlKey?: boolean, metaKey?: boolean, shiftKey?: boolean,
 *   altKey?: boolean, inField?: boolean }} event
 * @returns {"undo" | "redo" | "smaller" | "larger" | "brush" | "eraser" | null}
 */
export function maskShortcut(event) {
  const key = event.key.toLowerCase();
  if (event.ctrlKey || event.metaKey) {
    if (key === "z") return event.shiftKey ? "redo" : "undo";
    return key === "y" ? "redo" : null;
  }
  if (event.altKey || event.inField) return null;
  const keys = { "[": "smaller", "]": "larger", b: "brush", e: "eraser" };
  return keys[key] ?? null;
}

/**
 * The brush size one step smaller or larger (by a quarter, at least one pixel), kept within
 * BRUSH_MIN..BRUSH_MAX.
 * @param {number} size @param {"smaller" | "larger"} step
 */
export function stepBrush(size, step) {
  const next = step === "larger" ? Math.max(size + 1, size * 1.25) : Math.min(size - 1, size / 1.25);
  return Math.max(BRUSH_MIN, Math.min(BRUSH_MAX, Math.round(next)));
}

/**
 * The markup command a keydown asks for, or null: Ctrl/Cmd+Z undo, Ctrl/Cmd+Shift+Z or
 * Ctrl/Cmd+Y redo, [ and ] line width, P pen, A arrow, C circle, R rectangle. Plain keys are
 * ignored while typing in a field (`inField`) or with Alt held.
 * @param {{ key: string, ctrlKey?: boolean, metaKey?: boolean, shiftKey?: boolean,
 *   altKey?: boolean, inField?: boolean }} event
 * @returns {"undo" | "redo" | "smaller" | "larger" | "pen" | "arrow" | "circle" | "rectangle" | null}
 */
export function markupShortcut(event) {
  const key = event.key.toLowerCase();
  if (event.ctrlKey || event.metaKey) return maskShortcut(event);
  if (event.altKey || event.inField) return null;
  const keys = { "[": "smaller", "]": "larger", p: "pen", a: "arrow", c: "circle", r: "rectangle" };
  return keys[key] ?? null;
}
