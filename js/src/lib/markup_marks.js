// The marks of a markup layer, without the DOM: what each tool draws (drawMark, the same for the
// preview on screen and the pixels at native size), where a mark lies, and what it is called.
// A mark is { id, tool, color, width, points } in native image pixels: a pen's points, or the
// start and end of a drag (the arrow's tail and tip, the circle's or rectangle's corners).

// The tools, colours and their names: one file that Python reads too (imagewidgets.widgets.marks).
import markup from "./markup.json" with { type: "json" };

export const COLORS = markup.colors;
export const NOUNS = markup.nouns;
export const TOOLS = Object.keys(markup.nouns);
export const DEFAULT_WIDTH = markup.width;

const HEAD_ANGLE = (28 * Math.PI) / 180;

/** @typedef {{ x: number, y: number }} Point */
/** @typedef {{ id?: number, tool: string, color: string, width: number, points: Point[] }} Mark */

/** What a mark is called: its colour and its tool's noun, e.g. "red circle". */
export function markName(mark) {
  return `${mark.color} ${NOUNS[mark.tool] ?? mark.tool}`;
}

/** The CSS colour of a colour name (red when the name is unknown). */
export function colorOf(name) {
  return COLORS[name] ?? COLORS.red;
}

/**
 * An arrow's head for a shaft from (x0, y0) to the tip (x1, y1) drawn `width` wide: the
 * triangle [tip, left, right] and where the shaft should stop (so its end stays inside the head).
 */
export function arrowHead(x0, y0, x1, y1, width) {
  const length = Math.hypot(x1 - x0, y1 - y0) || 1;
  const head = Math.min(Math.max(width * 4, 8), length * 0.6);
  const angle = Math.atan2(y1 - y0, x1 - x0);
  const corner = (turn) => ({
    x: x1 - head * Math.cos(angle + turn),
    y: y1 - head * Math.sin(angle + turn),
  });
  const stop = { x: x1 - head * 0.7 * Math.cos(angle), y: y1 - head * 0.7 * Math.sin(angle) };
  return { triangle: [{ x: x1, y: y1 }, corner(HEAD_ANGLE), corner(-HEAD_ANGLE)], stop };
}

/** The box a drag spans: { x0, y0, x1, y1 } with x0 <= x1 and y0 <= y1. */
export function dragBox(points) {
  const a = points[0];
  const b = points[points.length - 1];
  return { x0: Math.min(a.x, b.x), y0: Math.min(a.y, b.y), x1: Math.max(a.x, b.x), y1: Math.max(a.y, b.y) };
}

/** The corners and tips a mark's pixels reach, before its line width. */
function outline(mark) {
  if (mark.tool !== "arrow") return mark.points;
  const [a, b] = [mark.points[0], mark.points[mark.points.length - 1]];
  return [a, ...arrowHead(a.x, a.y, b.x, b.y, mark.width).triangle];
}

/**
 * The pixels a mark may cover in a `width` x `height` layer, clipped; null when none.
 * @param {Mark} mark @returns {{ x0: number, y0: number, x1: number, y1: number } | null}
 */
export function markBounds(mark, width, height) {
  const pad = mark.width / 2 + 2;
  const xs = outline(mark).map((p) => p.x);
  const ys = outline(mark).map((p) => p.y);
  const x0 = Math.max(0, Math.floor(Math.min(...xs) - pad));
  const y0 = Math.max(0, Math.floor(Math.min(...ys) - pad));
  const x1 = Math.min(width, Math.ceil(Math.max(...xs) + pad));
  const y1 = Math.min(height, Math.ceil(Math.max(...ys) + pad));
  return x0 < x1 && y0 < y1 ? { x0, y0, x1, y1 } : null;
}

/** Whether a drag makes a mark: a pen always does; a shape must span more than its line. */
export function isMark(mark) {
  if (mark.tool === "pen") return mark.points.length > 0;
  const box = dragBox(mark.points);
  const span = Math.max(box.x1 - box.x0, box.y1 - box.y0);
  return span >= Math.max(2, mark.width);
}

/**
 * Draw `mark` on a 2D context whose transform maps image pixels to its own (the on-screen
 * preview scales; the native-size raster translates). Opaque colour, round ends.
 */
export function drawMark(ctx, mark) {
  const color = colorOf(mark.color);
  Object.assign(ctx, { strokeStyle: color, fillStyle: color, lineWidth: mark.width, lineCap: "round", lineJoin: "round" });
  ctx.beginPath();
  const [a, b] = [mark.points[0], mark.points[mark.points.length - 1]];
  if (mark.tool === "pen") {
    ctx.moveTo(a.x, a.y);
    for (const p of mark.points.length > 1 ? mark.points.slice(1) : [{ x: a.x + 0.01, y: a.y }]) ctx.lineTo(p.x, p.y);
  } else if (mark.tool === "arrow") {
    const { triangle, stop } = arrowHead(a.x, a.y, b.x, b.y, mark.width);
    ctx.moveTo(a.x, a.y);
    ctx.lineTo(stop.x, stop.y);
    ctx.stroke();
    ctx.beginPath();
    triangle.forEach((p, i) => (i ? ctx.lineTo(p.x, p.y) : ctx.moveTo(p.x, p.y)));
    ctx.closePath();
    ctx.fill();
  } else {
    const box = dragBox(mark.points);
    const [w, h] = [box.x1 - box.x0, box.y1 - box.y0];
    if (mark.tool === "circle") ctx.ellipse(box.x0 + w / 2, box.y0 + h / 2, w / 2, h / 2, 0, 0, 2 * Math.PI);
    else ctx.rect(box.x0, box.y0, w, h);
  }
  ctx.stroke();
}

/**
 * The pixels of `mark` drawn at native size in a `width` x `height` layer: the rect it covers and
 * its straight RGBA bytes there (a canvas draws it: browser only); null when it covers none.
 */
export function rasterizeMark(mark, width, height) {
  const rect = markBounds(mark, width, height);
  if (!rect) return null;
  const [w, h] = [rect.x1 - rect.x0, rect.y1 - rect.y0];
  const ctx = new OffscreenCanvas(w, h).getContext("2d");
  ctx.translate(-rect.x0, -rect.y0);
  drawMark(ctx, mark);
  return { rect, pixels: ctx.getImageData(0, 0, w, h).data };
}
