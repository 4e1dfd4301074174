// The mask painter's markup mode: draw marks (pen, arrow, circle, rectangle) over the picture on a
// transparent layer at the image's native size, label each one, undo and redo. A mark is sketched
// on a screen-sized canvas while it is drawn, then drawn once at native size into the layer. The
// layer goes to Python as an RGBA PNG (`markup_png`, no bytes when nothing is drawn) with the
// marks and their labels (`marks`); a markup set from Python shows here.

import { decodePixels } from "./decode.js";
import { renderBadges, renderMarkList } from "./markup_dom.js";
import { encodeMarkupPng, renderLayer } from "./markup_layer.js";
import { drawMark, isMark, rasterizeMark } from "./markup_marks.js";
import { MarkupSession } from "./markup_session.js";
import { toImagePoint, unionRect } from "./mask_geometry.js";
import { fullRect, viewRect } from "./mask_ops.js";
import { pngView, syncLater } from "./sync_later.js";

const SYNC_DELAY_MS = 40;
const LABEL_DELAY_MS = 300;
const STRIP_ROWS = 256;

/**
 * The markup mode of one painter view. `ui` holds the painter's elements (`ui.markup` its own);
 * `on` adds a listener removed with the view; `changed()` is called when the status may change.
 */
export function createMarkupView({ model, ui, on, changed }) {
  const m = ui.markup;
  let session = null;
  let current = null;
  let box = null;
  let frame = 0;
  let sketchFrame = 0;
  let dirty = null;
  let ownPng = null;
  let ownMarks = null;
  let labelTimer = 0;
  const sync = syncLater(send, SYNC_DELAY_MS);
  let loadToken = 0;
  let problem = "";
  let clearLeft = true;

  function redraw(rect) {
    dirty = unionRect(dirty, rect);
    if (!frame) frame = requestAnimationFrame(flush);
  }

  function flush() {
    frame = 0;
    const view = { width: m.layer.width, height: m.layer.height };
    const rect = session && dirty && view.width ? viewRect(session.layer, view, dirty) : null;
    dirty = null;
    if (!rect) return;
    const ctx = m.layer.getContext("2d");
    for (let y0 = rect.y0; y0 < rect.y1; y0 += STRIP_ROWS) {
      const strip = { x0: rect.x0, y0, x1: rect.x1, y1: Math.min(rect.y1, y0 + STRIP_ROWS) };
      const image = ctx.createImageData(strip.x1 - strip.x0, strip.y1 - strip.y0);
      renderLayer(session.layer, view, strip, image.data);
      ctx.putImageData(image, strip.x0, strip.y0);
    }
  }

  function sketch() {
    sketchFrame = 0;
    const ctx = m.sketch.getContext("2d");
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, m.sketch.width, m.sketch.height);
    if (!current || !session) return;
    ctx.setTransform(m.sketch.width / session.layer.width, 0, 0, m.sketch.height / session.layer.height, 0, 0);
    drawMark(ctx, current);
  }

  function showMarks() {
    const marks = session ? session.describe() : [];
    renderMarkList(m.list, marks);
    if (session) renderBadges(m.badges, marks, session.layer.width, session.layer.height);
    else m.badges.replaceChildren();
    changed();
  }

  function scheduleSync() {
    clearLeft = session.coverage().clear;
    showMarks();
    sync.schedule();
  }

  async function send() {
    if (!session) return;
    const png = await encodeMarkupPng(session.layer);
    if (!session) return;
    ownPng = pngView(png);
    ownMarks = session.describe();
    model.set("markup_png", ownPng);
    model.set("marks", ownMarks);
    model.save_changes();
  }

  function sendLabels() {
    clearTimeout(labelTimer);
    labelTimer = setTimeout(() => {
      if (!session) return;
      ownMarks = session.describe();
      model.set("marks", ownMarks);
      model.save_changes();
      changed();
    }, LABEL_DELAY_MS);
  }

  async function loadFromModel() {
    const view = model.get("markup_png");
    if (!session || view === ownPng) return;
    const token = ++loadToken;
    const { width, height } = session.layer;
    try {
      const rgba = view && view.byteLength ? await decodePixels(view, width, height, "markup") : null;
      const pixels = rgba ? new Uint32Array(rgba.buffer, rgba.byteOffset, width * height) : new Uint32Array(width * height);
      if (token !== loadToken || !session) return;
      const rect = session.replace(pixels, model.get("marks") || []);
      clearLeft = session.coverage().clear;
      problem = "";
      if (rect) redraw(rect);
    } catch (error) {
      if (token === loadToken) problem = `Could not show the markup: ${error.message}`;
    }
    showMarks();
  }

  function marksChanged() {
    const marks = model.get("marks");
    if (!session || marks === ownMarks) return;
    session.adoptLabels(marks || []);
    showMarks();
  }

  function pointAt(event) {
    return toImagePoint(event.clientX, event.clientY, box, session.layer.width, session.layer.height);
  }

  function commit() {
    const mark = current;
    current = null;
    if (!sketchFrame) sketchFrame = requestAnimationFrame(sketch);
    if (!isMark(mark)) return;
    const drawn = rasterizeMark(mark, session.layer.width, session.layer.height);
    const rect = drawn && session.add(mark, drawn.rect, drawn.pixels);
    if (!rect) return;
    redraw(rect);
    scheduleSync();
    const fields = m.list.querySelectorAll("input");
    fields[fields.length - 1]?.focus({ preventScroll: true });
  }

  on(m.list, "input", (event) => {
    const id = Number(event.target.dataset.id);
    if (!session || !id) return;
    session.setLabel(id, event.target.value);
    sendLabels();
  });

  return {
    /** A new picture of `width` x `height` (0: none): start over, then show Python's markup. */
    load(width, height) {
      session = width > 0 && height > 0 ? new MarkupSession(width, height) : null;
      ownPng = ownMarks = null;
      current = null;
      loadFromModel().then(() => session?.history.reset());
      showMarks();
    },
    /** The overlay canvas changed size: match it and draw everything again. */
    fit(width, height) {
      for (const canvas of [m.layer, m.sketch]) [canvas.width, canvas.height] = [width, height];
      if (session) redraw(fullRect(session.layer));
    },
    /** Start a mark where the pointer went down; `area` is the overlay's client rect. */
    down(event, area) {
      if (!session) return;
      box = area;
      const widthPx = (model.get("markup_width") * session.layer.width) / box.width;
      current = { tool: model.get("markup_tool"), color: model.get("markup_color"), width: widthPx, points: [pointAt(event)] };
      sketch();
    },
    move(event) {
      if (!current) return;
      const events = event.getCoalescedEvents?.() ?? [];
      const points = (events.length ? events : [event]).map(pointAt);
      if (current.tool === "pen") current.points.push(...points);
      else current.points = [current.points[0], points[points.length - 1]];
      if (!sketchFrame) sketchFrame = requestAnimationFrame(sketch);
    },
    up() {
      if (current && session) commit();
    },
    drawing: () => current !== null,
    /** Undo, redo or clear; returns whether the action belonged to the markup. */
    act(name) {
      if (!session || !["undo", "redo", "clear"].includes(name)) return false;
      current = null;
      const rect = session[name]();
      if (rect) {
        redraw(rect);
        scheduleSync();
      }
      return true;
    },
    get canUndo() {
      return Boolean(session?.canUndo) && !current;
    },
    get canRedo() {
      return Boolean(session?.canRedo) && !current;
    },
    /** The status line in markup mode. */
    status() {
      if (problem) return problem;
      if (!session || !session.marks.length) {
        return "No marks: draw with the pen, an arrow, a circle or a rectangle, then say what each one means";
      }
      const count = session.marks.length;
      const unlabelled = session.describe().filter((mark) => !mark.label.trim()).length;
      const text = `${count} mark${count === 1 ? "" : "s"}${unlabelled ? ` (${unlabelled} without a label)` : ""}`;
      return clearLeft ? text : `${text}: the marks cover the whole picture; leave some of it clear`;
    },
    markupChanged: loadFromModel,
    marksChanged,
    dispose() {
      cancelAnimationFrame(frame);
      cancelAnimationFrame(sketchFrame);
      sync.cancel();
      clearTimeout(labelTimer);
      session = null;
    },
  };
}
