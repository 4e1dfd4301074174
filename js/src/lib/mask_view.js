// The mask painter's mask mode: paint where the image may change with a brush or an eraser at the
// image's native size, undo and redo, clear, fill and invert. The mask is shown through the overlay
// canvas only as large as the screen shows it, and goes to Python as a PNG in the API's convention
// (`mask_png`, alpha 0 = edit here; no bytes when nothing is marked); a mask set from Python shows.

import { decodePixels } from "./decode.js";
import { brushRadius, toImagePoint, unionRect } from "./mask_geometry.js";
import { fillMask, fullRect, invertMask, maskFromAlpha, parseHexColor, renderOverlay, viewRect } from "./mask_ops.js";
import { encodeMaskPng } from "./mask_png.js";
import { MaskSession } from "./mask_session.js";
import { pngView, syncLater } from "./sync_later.js";

const SYNC_DELAY_MS = 40;
const STRIP_ROWS = 256;

/**
 * The mask mode of one painter view: `ui.canvas` shows the mask; `changed()` is called when the
 * status may change.
 */
export function createMaskView({ model, ui, changed }) {
  let session = null;
  let frame = 0;
  let dirty = null;
  const sync = syncLater(send, SYNC_DELAY_MS);
  let ownMask = null;
  let box = null;
  let ctx = ui.canvas.getContext("2d");
  let loadToken = 0;
  let problem = "";

  function redraw(rect) {
    dirty = unionRect(dirty, rect);
    if (!frame) frame = requestAnimationFrame(flush);
  }

  function flush() {
    frame = 0;
    const view = { width: ui.canvas.width, height: ui.canvas.height };
    const rect = session && dirty && view.width ? viewRect(session.mask, view, dirty) : null;
    dirty = null;
    if (!rect) return;
    const rgb = parseHexColor(model.get("overlay_color"));
    for (let y0 = rect.y0; y0 < rect.y1; y0 += STRIP_ROWS) {
      const strip = { x0: rect.x0, y0, x1: rect.x1, y1: Math.min(rect.y1, y0 + STRIP_ROWS) };
      const image = ctx.createImageData(strip.x1 - strip.x0, strip.y1 - strip.y0);
      renderOverlay(session.mask, view, strip, image.data, rgb);
      ctx.putImageData(image, strip.x0, strip.y0);
    }
  }

  function scheduleSync() {
    changed();
    sync.schedule();
  }

  async function send() {
    if (!session) return;
    const png = await encodeMaskPng(session.mask);
    if (!session) return;
    ownMask = pngView(png);
    model.set("mask_png", ownMask);
    model.save_changes();
  }

  async function loadFromModel() {
    const view = model.get("mask_png");
    if (!session || view === ownMask) return;
    const token = ++loadToken;
    const { width, height } = session.mask;
    try {
      const rgba = view && view.byteLength ? await decodePixels(view, width, height, "mask") : null;
      if (token !== loadToken || !session) return;
      const rect = session.replace(rgba ? maskFromAlpha(rgba, width, height).data : new Uint8Array(width * height));
      problem = "";
      if (rect) redraw(rect);
    } catch (error) {
      if (token === loadToken) problem = `Could not show the mask: ${error.message}`;
    }
    changed();
  }

  function points(event) {
    const events = event.getCoalescedEvents?.() ?? [];
    return (events.length ? events : [event]).map((e) => toImagePoint(e.clientX, e.clientY, box, session.mask.width, session.mask.height));
  }

  const ACTIONS = {
    undo: () => session.undo(),
    redo: () => session.redo(),
    clear: () => session.apply((mask) => fillMask(mask, 0)),
    fill: () => session.apply((mask) => fillMask(mask, 1)),
    invert: () => session.apply(invertMask),
  };

  return {
    /** A new picture of `width` x `height` (0: none): start over, then show Python's mask. */
    load(width, height) {
      session = width > 0 && height > 0 ? new MaskSession(width, height) : null;
      ownMask = null;
      problem = "";
      loadFromModel().then(() => session?.history.reset());
    },
    /** The overlay canvas changed size: draw everything again. */
    fit() {
      ctx = ui.canvas.getContext("2d");
      if (session) redraw(fullRect(session.mask));
    },
    /** Start a stroke where the pointer went down; `area` is the overlay's client rect. */
    down(event, area) {
      if (!session) return;
      box = area;
      const { x, y } = toImagePoint(event.clientX, event.clientY, box, session.mask.width, session.mask.height);
      const radius = brushRadius(model.get("brush_size"), box, session.mask.width);
      redraw(session.startStroke(x, y, radius, model.get("tool") === "eraser" ? 0 : 1));
    },
    move(event) {
      if (!session?.stroke) return;
      for (const { x, y } of points(event)) redraw(session.moveStroke(x, y));
    },
    up() {
      if (session?.endStroke()) scheduleSync();
    },
    drawing: () => Boolean(session?.stroke),
    /** Undo, redo, clear, fill or invert. */
    act(name) {
      const rect = session && ACTIONS[name]?.();
      if (rect) {
        redraw(rect);
        scheduleSync();
      }
    },
    get canUndo() {
      return Boolean(session?.canUndo);
    },
    get canRedo() {
      return Boolean(session?.canRedo);
    },
    /** The status line in mask mode. */
    status() {
      if (problem) return problem;
      const share = session ? session.markedFraction() : 0;
      return share ? `${(share * 100).toFixed(1)}% marked for editing` : "Nothing marked: the whole image may change";
    },
    maskChanged: loadFromModel,
    recolor: () => session && redraw(fullRect(session.mask)),
    dispose() {
      cancelAnimationFrame(frame);
      sync.cancel();
      session = null;
    },
  };
}
