// The mask painter's elements: a labelled toolbar over a stage holding the picture, the mask's
// overlay canvas (which takes the pointer in both modes), the markup's canvases and the brush
// cursor, then the list of marks. Every control has an accessible name; nothing holds state.

import { buildMarkupDom, el } from "./markup_dom.js";
import { BRUSH_MAX, BRUSH_MIN } from "./mask_keys.js";

function button(action, label, text, only = "") {
  const attrs = { type: "button", "data-action": action, "aria-label": label, title: label };
  return el("button", only ? { ...attrs, class: `iw-mp-${only}-only` } : attrs, text);
}

function slider(label, attrs) {
  return el("input", { type: "range", "aria-label": label, ...attrs });
}

function field(text, input) {
  const label = el("label", { class: "iw-mp-field iw-mp-mask-only" }, text);
  label.append(input);
  return label;
}

/** Build the painter's elements; returns them by name (`root` holds everything). */
export function buildMaskDom() {
  const ui = {
    root: el("div", {
      class: "iw-mask-painter",
      tabindex: "0",
      role: "group",
      "aria-label": "Mask painter",
      "data-lm-suppress-shortcuts": "true",
    }),
    brush: button("brush", "Brush: paint where the image should change (B)", "Brush", "mask"),
    eraser: button("eraser", "Eraser: keep this part unchanged (E)", "Eraser", "mask"),
    size: slider("Brush size in screen pixels ([ and ])", { min: String(BRUSH_MIN), max: String(BRUSH_MAX) }),
    undo: button("undo", "Undo (Ctrl+Z)", "Undo"),
    redo: button("redo", "Redo (Ctrl+Shift+Z)", "Redo"),
    clear: button("clear", "Clear the mask", "Clear"),
    invert: button("invert", "Invert the mask", "Invert", "mask"),
    fill: button("fill", "Fill: mark the whole image for editing", "Fill", "mask"),
    opacity: slider("Mask overlay opacity", { min: "0", max: "1", step: "0.05" }),
    status: el("span", { class: "iw-mp-status", role: "status", "aria-live": "polite" }),
    stage: el("div", { class: "iw-mp-stage" }),
    img: el("img", { class: "iw-mp-image", alt: "Image being masked", draggable: "false" }),
    canvas: el("canvas", {
      class: "iw-mp-overlay",
      role: "img",
      "aria-label": "Mask overlay: paint with the pointer, pen or finger",
    }),
    cursor: el("div", { class: "iw-mp-cursor", "aria-hidden": "true" }),
    markup: buildMarkupDom(),
  };
  const m = ui.markup;
  const bar = el("div", { class: "iw-mp-toolbar", role: "toolbar", "aria-label": "Mask tools" });
  bar.append(
    m.modes, ui.brush, ui.eraser, field("Size ", ui.size), m.tools, m.colors, m.widthField,
    ui.undo, ui.redo, ui.clear, ui.invert, ui.fill, field("Overlay ", ui.opacity), ui.status,
  );
  ui.stage.append(ui.img, m.layer, m.sketch, ui.canvas, m.badges, ui.cursor);
  ui.root.append(bar, ui.stage, m.list);
  return ui;
}
