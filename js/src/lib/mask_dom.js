// The mask painter's elements: a labelled toolbar over a stage holding the picture, the overlay
// canvas and the brush cursor. Every control has an accessible name; nothing here holds state.

import { BRUSH_MAX, BRUSH_MIN } from "./mask_keys.js";

/** @param {string} tag @param {Record<string, string>} [attrs] @param {string} [text] */
function el(tag, attrs = {}, text = "") {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  if (text) node.textContent = text;
  return node;
}

function button(action, label, text) {
  return el("button", { type: "button", "data-action": action, "aria-label": label, title: label }, text);
}

function slider(label, attrs) {
  return el("input", { type: "range", "aria-label": label, ...attrs });
}

function field(text, input) {
  const label = el("label", { class: "iw-mp-field" }, text);
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
    brush: button("brush", "Brush: paint where the image should change (B)", "Brush"),
    eraser: button("eraser", "Eraser: keep this part unchanged (E)", "Eraser"),
    size: slider("Brush size in screen pixels ([ and ])", { min: String(BRUSH_MIN), max: String(BRUSH_MAX) }),
    undo: button("undo", "Undo (Ctrl+Z)", "Undo"),
    redo: button("redo", "Redo (Ctrl+Shift+Z)", "Redo"),
    clear: button("clear", "Clear the mask", "Clear"),
    invert: button("invert", "Invert the mask", "Invert"),
    fill: button("fill", "Fill: mark the whole image for editing", "Fill"),
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
  };
  const bar = el("div", { class: "iw-mp-toolbar", role: "toolbar", "aria-label": "Mask tools" });
  bar.append(
    ui.brush, ui.eraser, field("Size ", ui.size), ui.undo, ui.redo, ui.clear, ui.invert, ui.fill,
    field("Overlay ", ui.opacity), ui.status,
  );
  ui.stage.append(ui.img, ui.canvas, ui.cursor);
  ui.root.append(bar, ui.stage);
  return ui;
}
