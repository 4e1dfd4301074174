// MaskPainter view: paint where an image should change (./lib/mask_view.js), or draw marks that
// guide the edit (./lib/markup_view.js). The picture arrives display-sized (a binary buffer); both
// layers are kept at the image's native size and shown through canvases only as large as the
// screen shows them, so a 4096-pixel image costs no more per frame than a small one. One mode is
// active at a time, since an edit sends a mask or markup, never both: the other layer is kept but
// set aside, and the status line says so. This module composes them: the picture, the modes, the
// pointer, the keyboard and the model's changes.

import { sniffImageType, viewBytes } from "./lib/bytes.js";
import { createMarkupView } from "./lib/markup_view.js";
import { buildMaskDom } from "./lib/mask_dom.js";
import { markupShortcut, maskShortcut, stepBrush } from "./lib/mask_keys.js";
import { createMaskView } from "./lib/mask_view.js";

const SET_ASIDE = {
  mask: "the painted mask is set aside: an edit sends a mask or markup, never both",
  markup: "the markup is set aside: an edit sends a mask or markup, never both",
};
const MODE_TITLES = { mask: "Mask: paint where the image may change", markup: "Markup: draw marks that guide the edit" };
const NAMES = {
  mask: ["Mask overlay: paint with the pointer, pen or finger", "Clear the mask"],
  markup: ["Markup layer: draw marks with the pointer, pen or finger", "Clear the marks"],
};

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

  let objectUrl = null;
  let pointerId = null;
  const size = () => [model.get("image_width"), model.get("image_height")];
  const inMarkup = () => model.get("mode") === "markup";
  const unavailable = () => (model.get("unavailable") || {})[model.get("mode")] || "";
  const mask = createMaskView({ model, ui, changed: () => updateStatus() });
  const markup = createMarkupView({ model, ui, on, changed: () => updateStatus() });
  const active = () => (inMarkup() ? markup : mask);

  function fitOverlay() {
    const [imageWidth, imageHeight] = size();
    if (!(imageWidth > 0 && imageHeight > 0)) return;
    const shown = ui.img.getBoundingClientRect();
    const scale = window.devicePixelRatio || 1;
    const width = Math.max(1, Math.min(imageWidth, Math.round(shown.width * scale)));
    const height = Math.max(1, Math.min(imageHeight, Math.round(shown.height * scale)));
    if (width === ui.canvas.width && height === ui.canvas.height) return;
    ui.canvas.width = width;
    ui.canvas.height = height;
    mask.fit();
    markup.fit(width, height);
  }

  function updateStatus() {
    const other = inMarkup() ? "mask" : "markup";
    const text = active().status();
    const aside = model.get(`${other}_png`)?.byteLength ? ` · ${SET_ASIDE[other]}` : "";
    ui.status.textContent = unavailable() || text + aside;
    ui.undo.disabled = !active().canUndo;
    ui.redo.disabled = !active().canRedo;
  }

  function loadImage() {
    const [width, height] = size();
    const view = model.get("image_data");
    if (objectUrl) URL.revokeObjectURL(objectUrl);
    objectUrl = null;
    const shown = width > 0 && height > 0 && view?.byteLength;
    ui.root.classList.toggle("iw-mp-empty", !shown);
    if (shown) {
      const bytes = viewBytes(view).slice();
      objectUrl = URL.createObjectURL(new Blob([bytes], { type: sniffImageType(bytes) }));
      ui.img.setAttribute("width", String(width));
      ui.img.setAttribute("height", String(height));
      ui.img.src = objectUrl;
    }
    ui.canvas.width = ui.canvas.height = 0;
    mask.load(shown ? width : 0, shown ? height : 0);
    markup.load(shown ? width : 0, shown ? height : 0);
    fitOverlay();
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
    const pressed = (buttons, chosen) => {
      for (const [name, button] of Object.entries(buttons)) button.setAttribute("aria-pressed", String(name === chosen));
    };
    pressed(m.toolButtons, model.get("markup_tool"));
    pressed(m.colorButtons, model.get("markup_color"));
    m.width.value = String(model.get("markup_width"));
    const [label, clear] = NAMES[mode === "markup" ? "markup" : "mask"];
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
    active().act(name);
    updateStatus();
  }

  function placeCursor(event) {
    const width = model.get(inMarkup() ? "markup_width" : "brush_size");
    const rect = ui.stage.getBoundingClientRect();
    ui.cursor.style.width = ui.cursor.style.height = `${width}px`;
    ui.cursor.style.transform = `translate(${event.clientX - rect.left - width / 2}px, ${event.clientY - rect.top - width / 2}px)`;
    ui.cursor.classList.add("iw-mp-cursor-on");
  }

  on(ui.canvas, "pointerdown", (event) => {
    const [width] = size();
    if (!(width > 0) || pointerId !== null || (event.pointerType === "mouse" && event.button !== 0)) return;
    if (unavailable()) return;
    event.preventDefault();
    ui.root.focus({ preventScroll: true });
    pointerId = event.pointerId;
    try {
      ui.canvas.setPointerCapture(pointerId);
    } catch {
      // A pointer the browser no longer tracks (e.g. a synthetic event): paint without capture.
    }
    active().down(event, ui.canvas.getBoundingClientRect());
    updateStatus();
  });
  on(ui.canvas, "pointermove", (event) => {
    placeCursor(event);
    if (event.pointerId === pointerId) active().move(event);
  });
  const finish = (event) => {
    if (event.pointerId !== pointerId) return;
    pointerId = null;
    mask.up();
    markup.up();
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
    const command = (inMarkup() ? markupShortcut : maskShortcut)({ key, ctrlKey, metaKey, shiftKey, altKey, inField });
    if (!command) return;
    event.preventDefault();
    event.stopPropagation();
    const width = inMarkup() ? "markup_width" : "brush_size";
    if (command === "smaller" || command === "larger") setTrait(width, stepBrush(model.get(width), command));
    else if (command === "brush" || command === "eraser") setTrait("tool", command);
    else if (ui.markup.toolButtons[command]) setTrait("markup_tool", command);
    else act(command);
  });

  let changed = { image: false, mask: false, markup: false };
  function applyModelChanges() {
    const what = changed;
    changed = { image: false, mask: false, markup: false };
    if (what.image) return loadImage();
    if (what.mask) mask.maskChanged();
    if (what.markup) markup.markupChanged();
    updateStatus();
  }
  function modelChanged(what) {
    if (!Object.values(changed).some(Boolean)) queueMicrotask(applyModelChanges);
    changed[what] = true;
  }

  onModel("change:image_data change:image_width change:image_height", () => modelChanged("image"));
  onModel("change:mask_png", () => modelChanged("mask"));
  onModel("change:markup_png", () => modelChanged("markup"));
  onModel("change:marks", () => markup.marksChanged());
  onModel("change:mode change:markup_tool change:markup_color change:markup_width change:unavailable", syncMode);
  onModel("change:tool change:brush_size change:overlay_opacity change:max_height", syncControls);
  onModel("change:overlay_color", () => mask.recolor());
  onModel("msg:custom", (message) => message?.type && act(message.type));

  const resizing = new ResizeObserver(() => fitOverlay());
  resizing.observe(ui.img);
  syncControls();
  loadImage();

  return () => {
    abort.abort();
    mask.dispose();
    markup.dispose();
    resizing.disconnect();
    for (const [event, fn] of modelHandlers) model.off(event, fn);
    if (objectUrl) URL.revokeObjectURL(objectUrl);
    ui.root.remove();
  };
}

export default { render };
