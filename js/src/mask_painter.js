// MaskPainter view: paint where an image should change, or (markup mode) draw marks that guide
// the edit. The picture arrives display-sized (a binary buffer); the mask is kept at the image's
// native size in memory, shown through an overlay canvas only as large as the screen shows it (so
// a 4096-pixel image costs no more per frame than a small one), and goes back to Python as PNG
// bytes in the API's convention (alpha 0 = edit here), which Python sends to the service as they
// are (no bytes at all when nothing is marked). The markup mode lives in ./lib/markup_view.js;
// one mode is active at a time, since an edit sends a mask or markup, never both.

import { sniffImageType, viewBytes } from "./lib/bytes.js";
import { buildMaskDom } from "./lib/mask_dom.js";
import { brushRadius, toImagePoint, unionRect } from "./lib/mask_geometry.js";
import { createMarkupView } from "./lib/markup_view.js";
import { markupShortcut, maskShortcut, stepBrush } from "./lib/mask_keys.js";
import { fillMask, fullRect, invertMask, maskFromAlpha, parseHexColor, renderOverlay, viewRect } from "./lib/mask_ops.js";
import { encodeMaskPng } from "./lib/mask_png.js";
import { MaskSession } from "./lib/mask_session.js";

const SYNC_DELAY_MS = 40;
const STRIP_ROWS = 256;
const SET_ASIDE = {
  mask: "the painted mask is set aside: an edit sends a mask or markup, never both",
  markup: "the markup is set aside: an edit sends a mask or markup, never both",
};
const MODE_TITLES = { mask: "Mask: paint where the image may change", markup: "Markup: draw marks that guide the edit" };
const MASK_NAMES = ["Mask overlay: paint with the pointer, pen or finger", "Clear the mask"];
const MARKUP_NAMES = ["Markup layer: draw marks with the pointer, pen or finger", "Clear the marks"];

/** @param {{ model: any, el: HTMLElement }} context */
function render({ model, el: host }) {
  const ui = buildMaskDom();
  host.append(ui.root);
  const abort = new AbortController();
  const on = (target, type, fn, options = {}) => target.addEventListener(type, fn, { ...options, signal: abort.signal });
  const modelHandlers = [];
  const onModel = (event, fn) => {
    model.on(event, fn);
    modelHandlers.push([event, fn]);
  };

  let session = null;
  let objectUrl = null;
  let frame = 0;
  let dirty = null;
  let syncTimer = 0;
  let syncing = Promise.resolve();
  let ownMask = null;
  let pointerId = null;
  let box = null;
  let ctx = ui.canvas.getContext("2d");
  let loadToken = 0;

  const color = () => parseHexColor(model.get("overlay_color"));
  const inMarkup = () => model.get("mode") === "markup";
  const unavailable = () => (model.get("unavailable") || {})[model.get("mode")] || "";
  const markup = createMarkupView({ model, ui, on, changed: () => updateStatus() });

  function redraw(rect) {
    dirty = unionRect(dirty, rect);
    if (!frame) frame = requestAnimationFrame(flush);
  }

  function flush() {
    frame = 0;
    const view = { width: ui.canvas.width, height: ui.canvas.height };
    const rect = session && dirty ? viewRect(session.mask, view, dirty) : null;
    dirty = null;
    if (!rect) return;
    const rgb = color();
    for (let y0 = rect.y0; y0 < rect.y1; y0 += STRIP_ROWS) {
      const strip = { x0: rect.x0, y0, x1: rect.x1, y1: Math.min(rect.y1, y0 + STRIP_ROWS) };
      const image = ctx.createImageData(strip.x1 - strip.x0, strip.y1 - strip.y0);
      renderOverlay(session.mask, view, strip, image.data, rgb);
      ctx.putImageData(image, strip.x0, strip.y0);
    }
  }

  function fitOverlay() {
    if (!session) return;
    const shown = ui.img.getBoundingClientRect();
    const scale = window.devicePixelRatio || 1;
    const width = Math.max(1, Math.min(session.mask.width, Math.round(shown.width * scale)));
    const height = Math.max(1, Math.min(session.mask.height, Math.round(shown.height * scale)));
    if (width === ui.canvas.width && height === ui.canvas.height) return;
    ui.canvas.width = width;
    ui.canvas.height = height;
    ctx = ui.canvas.getContext("2d");
    redraw(fullRect(session.mask));
    markup.fit(width, height);
  }

  function maskStatus() {
    const share = session ? session.markedFraction() : 0;
    const text = share ? `${(share * 100).toFixed(1)}% marked for editing` : "Nothing marked: the whole image may change";
    return model.get("markup_png")?.byteLength ? `${text} · ${SET_ASIDE.markup}` : text;
  }

  function markupStatus() {
    const text = markup.status();
    return model.get("mask_png")?.byteLength ? `${text} · ${SET_ASIDE.mask}` : text;
  }

  function updateStatus() {
    const drawing = inMarkup() ? markup : session;
    ui.status.textContent = unavailable() || (inMarkup() ? markupStatus() : maskStatus());
    ui.undo.disabled = !drawing?.canUndo;
    ui.redo.disabled = !drawing?.canRedo;
  }

  function scheduleSync() {
    updateStatus();
    clearTimeout(syncTimer);
    syncTimer = setTimeout(() => {
      syncing = syncing.then(sendMask);
    }, SYNC_DELAY_MS);
  }

  async function sendMask() {
    if (!session || abort.signal.aborted) return;
    const png = await encodeMaskPng(session.mask);
    if (abort.signal.aborted) return;
    ownMask = new DataView(png.buffer, png.byteOffset, png.byteLength);
    model.set("mask_png", ownMask);
    model.save_changes();
  }

  async function decodeMask(view, width, height) {
    const bytes = viewBytes(view).slice();
    const bitmap = await createImageBitmap(new Blob([bytes], { type: "image/png" }), { premultiplyAlpha: "none", colorSpaceConversion: "none" });
    if (bitmap.width !== width || bitmap.height !== height) {
      bitmap.close();
      throw new RangeError(`the mask is ${bitmap.width}x${bitmap.height} but the image is ${width}x${height}`);
    }
    const scratch = new OffscreenCanvas(width, height).getContext("2d");
    scratch.drawImage(bitmap, 0, 0);
    bitmap.close();
    return maskFromAlpha(scratch.getImageData(0, 0, width, height).data, width, height).data;
  }

  async function loadMaskFromModel() {
    const view = model.get("mask_png");
    if (!session || view === ownMask) return;
    const token = ++loadToken;
    const { width, height } = session.mask;
    try {
      const data = view && view.byteLength ? await decodeMask(view, width, height) : new Uint8Array(width * height);
      if (token !== loadToken || abort.signal.aborted) return;
      const rect = session.replace(data);
      if (rect) redraw(rect);
      updateStatus();
    } catch (error) {
      if (token === loadToken) ui.status.textContent = `Could not show the mask: ${error.message}`;
    }
  }

  function loadImage() {
    const width = model.get("image_width");
    const height = model.get("image_height");
    const view = model.get("image_data");
    if (objectUrl) URL.revokeObjectURL(objectUrl);
    objectUrl = null;
    ui.root.classList.toggle("iw-mp-empty", !(width > 0 && height > 0 && view?.byteLength));
    if (!(width > 0 && height > 0 && view?.byteLength)) {
      session = null;
      markup.load(0, 0);
      updateStatus();
      return;
    }
    const bytes = viewBytes(view).slice();
    objectUrl = URL.createObjectURL(new Blob([bytes], { type: sniffImageType(bytes) }));
    ui.img.setAttribute("width", String(width));
    ui.img.setAttribute("height", String(height));
    ui.img.src = objectUrl;
    session = new MaskSession(width, height);
    ui.canvas.width = ui.canvas.height = 0;
    markup.load(width, height);
    fitOverlay();
    ownMask = null;
    loadMaskFromModel().then(() => session?.history.reset());
    updateStatus();
  }

  function syncControls() {
    const tool = model.get("tool");
    ui.brush.setAttribute("aria-pressed", String(tool === "brush"));
    ui.eraser.setAttribute("aria-pressed", String(tool === "eraser"));
    ui.size.value = String(model.get("brush_size"));
    ui.opacity.value = String(model.get("overlay_opacity"));
    ui.canvas.style.opacity = String(model.get("overlay_opacity"));
    ui.root.style.setProperty("--iw-mp-max-height", model.get("max_height") || "70vh");
    syncMode();
  }

  function syncMode() {
    const m = ui.markup;
    const mode = model.get("mode");
    const reasons = model.get("unavailable") || {};
    ui.root.classList.toggle("iw-mp-mode-markup", mode === "markup");
    ui.root.classList.toggle("iw-mp-mode-mask", mode !== "markup");
    for (const button of [m.modeMask, m.modeMarkup]) {
      const reason = reasons[button.dataset.mode] || "";
      button.setAttribute("aria-pressed", String(button.dataset.mode === mode));
      button.disabled = Boolean(reason) && button.dataset.mode !== mode;
      button.title = reason || MODE_TITLES[button.dataset.mode];
    }
    for (const [name, button] of Object.entries(m.toolButtons)) button.setAttribute("aria-pressed", String(name === model.get("markup_tool")));
    for (const [name, button] of Object.entries(m.colorButtons)) button.setAttribute("aria-pressed", String(name === model.get("markup_color")));
    m.width.value = String(model.get("markup_width"));
    const [label, clear] = mode === "markup" ? MARKUP_NAMES : MASK_NAMES;
    ui.canvas.setAttribute("aria-label", label);
    ui.clear.setAttribute("aria-label", clear);
    ui.clear.title = clear;
    updateStatus();
  }

  function setTrait(name, value) {
    model.set(name, value);
    model.save_changes();
  }

  function act(name) {
    if (inMarkup()) {
      if (markup.act(name)) updateStatus();
      return;
    }
    if (!session) return;
    const changes = {
      undo: () => session.undo(),
      redo: () => session.redo(),
      clear: () => session.apply((mask) => fillMask(mask, 0)),
      fill: () => session.apply((mask) => fillMask(mask, 1)),
      invert: () => session.apply(invertMask),
    };
    const rect = changes[name]?.();
    if (rect) {
      redraw(rect);
      scheduleSync();
    }
  }

  function placeCursor(event) {
    const size = model.get(inMarkup() ? "markup_width" : "brush_size");
    const rect = ui.stage.getBoundingClientRect();
    ui.cursor.style.width = ui.cursor.style.height = `${size}px`;
    ui.cursor.style.transform = `translate(${event.clientX - rect.left - size / 2}px, ${event.clientY - rect.top - size / 2}px)`;
    ui.cursor.classList.add("iw-mp-cursor-on");
  }

  function points(event) {
    const events = event.getCoalescedEvents?.() ?? [];
    return (events.length ? events : [event]).map((e) => toImagePoint(e.clientX, e.clientY, box, session.mask.width, session.mask.height));
  }

  on(ui.canvas, "pointerdown", (event) => {
    if (!session || pointerId !== null || (event.pointerType === "mouse" && event.button !== 0)) return;
    if (unavailable()) return;
    event.preventDefault();
    ui.root.focus({ preventScroll: true });
    pointerId = event.pointerId;
    try {
      ui.canvas.setPointerCapture(pointerId);
    } catch {
      // A pointer the browser no longer tracks (e.g. a synthetic event): paint without capture.
    }
    box = ui.canvas.getBoundingClientRect();
    if (inMarkup()) {
      markup.down(event, box);
      updateStatus();
      return;
    }
    const { x, y } = toImagePoint(event.clientX, event.clientY, box, session.mask.width, session.mask.height);
    const radius = brushRadius(model.get("brush_size"), box, session.mask.width);
    redraw(session.startStroke(x, y, radius, model.get("tool") === "eraser" ? 0 : 1));
  });
  on(ui.canvas, "pointermove", (event) => {
    placeCursor(event);
    if (event.pointerId !== pointerId || !session) return;
    if (markup.drawing()) {
      markup.move(event);
      return;
    }
    for (const { x, y } of points(event)) redraw(session.moveStroke(x, y));
  });
  const finish = (event) => {
    if (event.pointerId !== pointerId) return;
    pointerId = null;
    markup.up();
    if (session?.endStroke()) scheduleSync();
    updateStatus();
  };
  on(ui.canvas, "pointerup", finish);
  on(ui.canvas, "pointercancel", finish);
  on(ui.canvas, "pointerleave", () => ui.cursor.classList.remove("iw-mp-cursor-on"));

  on(ui.root, "click", (event) => {
    const button = event.target.closest?.("button");
    const { action, mode, tool, color } = button?.dataset ?? {};
    if (action === "brush" || action === "eraser") setTrait("tool", action);
    else if (action) act(action);
    else if (mode && !button.disabled) setTrait("mode", mode);
    else if (tool) setTrait("markup_tool", tool);
    else if (color) setTrait("markup_color", color);
  });
  on(ui.size, "input", () => setTrait("brush_size", Number(ui.size.value)));
  on(ui.markup.width, "input", () => setTrait("markup_width", Number(ui.markup.width.value)));
  on(ui.opacity, "input", () => setTrait("overlay_opacity", Number(ui.opacity.value)));
  on(ui.root, "keydown", (event) => {
    if (event.target.type === "text") return; // a mark's label: its own undo and letters
    const { key, ctrlKey, metaKey, shiftKey, altKey } = event;
    const inField = event.target.tagName === "INPUT";
    const shortcut = inMarkup() ? markupShortcut : maskShortcut;
    const command = shortcut({ key, ctrlKey, metaKey, shiftKey, altKey, inField });
    if (!command) return;
    event.preventDefault();
    event.stopPropagation();
    const size = inMarkup() ? "markup_width" : "brush_size";
    if (command === "smaller" || command === "larger") setTrait(size, stepBrush(model.get(size), command));
    else if (command === "brush" || command === "eraser") setTrait("tool", command);
    else if (ui.markup.toolButtons[command]) setTrait("markup_tool", command);
    else act(command);
  });

  let changed = { image: false, mask: false, markup: false };
  function applyModelChanges() {
    const { image, mask, markup: marks } = changed;
    changed = { image: false, mask: false, markup: false };
    if (image) loadImage();
    else {
      if (mask) loadMaskFromModel();
      if (marks) markup.markupChanged().then(updateStatus);
    }
    updateStatus();
  }
  function modelChanged(what) {
    if (!changed.image && !changed.mask && !changed.markup) queueMicrotask(applyModelChanges);
    changed[what] = true;
  }

  onModel("change:image_data change:image_width change:image_height", () => modelChanged("image"));
  onModel("change:mask_png", () => modelChanged("mask"));
  onModel("change:markup_png", () => modelChanged("markup"));
  onModel("change:marks", () => markup.marksChanged());
  onModel("change:mode change:markup_tool change:markup_color change:markup_width change:unavailable", syncMode);
  onModel("change:tool change:brush_size change:overlay_opacity change:max_height", syncControls);
  onModel("change:overlay_color", () => session && redraw(fullRect(session.mask)));
  onModel("msg:custom", (message) => message?.type && act(message.type));

  const resizing = new ResizeObserver(() => fitOverlay());
  resizing.observe(ui.img);
  syncControls();
  loadImage();

  return () => {
    abort.abort();
    markup.dispose();
    resizing.disconnect();
    for (const [event, fn] of modelHandlers) model.off(event, fn);
    cancelAnimationFrame(frame);
    clearTimeout(syncTimer);
    if (objectUrl) URL.revokeObjectURL(objectUrl);
    session = null;
    ui.root.remove();
  };
}

export default { render };
