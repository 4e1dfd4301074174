// The markup mode's elements: the mode switch, the tools, the colours, the line width, the
// canvases that show the marks, and the list of marks with a label field each. Nothing here
// holds state; every control has an accessible name.

import { BRUSH_MAX, BRUSH_MIN } from "./mask_keys.js";
import { COLORS, NOUNS, markName } from "./markup_marks.js";

/** @param {string} tag @param {Record<string, string>} [attrs] @param {string} [text] */
export function el(tag, attrs = {}, text = "") {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  if (text) node.textContent = text;
  return node;
}

const capital = (word) => word[0].toUpperCase() + word.slice(1);

const TOOL_KEYS = { pen: "P", arrow: "A", circle: "C", rectangle: "R" };

/** Build the markup mode's elements; returns them by name. */
export function buildMarkupDom() {
  const ui = {
    modes: el("div", { class: "iw-mp-modes", role: "group", "aria-label": "What to paint" }),
    modeMask: el("button", { type: "button", "data-mode": "mask", title: "Mask: paint where the image may change" }, "Mask"),
    modeMarkup: el("button", { type: "button", "data-mode": "markup", title: "Markup: draw marks that guide the edit" }, "Markup"),
    tools: el("div", { class: "iw-mp-markup-only iw-mp-group", role: "group", "aria-label": "Markup tools" }),
    toolButtons: {},
    colors: el("div", { class: "iw-mp-markup-only iw-mp-group", role: "group", "aria-label": "Mark colour" }),
    colorButtons: {},
    width: el("input", { type: "range", "aria-label": "Line width in screen pixels ([ and ])", min: String(BRUSH_MIN), max: String(BRUSH_MAX) }),
    widthField: el("label", { class: "iw-mp-field iw-mp-markup-only" }, "Width "),
    layer: el("canvas", { class: "iw-mp-marks-layer", "aria-hidden": "true" }),
    sketch: el("canvas", { class: "iw-mp-sketch", "aria-hidden": "true" }),
    badges: el("div", { class: "iw-mp-badges", "aria-hidden": "true" }),
    list: el("ol", { class: "iw-mp-marks iw-mp-markup-only", "aria-label": "Marks and what each means" }),
  };
  ui.modeMask.setAttribute("aria-label", "Mask mode");
  ui.modeMarkup.setAttribute("aria-label", "Markup mode");
  ui.modes.append(ui.modeMask, ui.modeMarkup);
  for (const [tool, noun] of Object.entries(NOUNS)) {
    const text = tool === "pen" ? "Pen" : capital(noun);
    const label = `${text}: draw ${tool === "pen" ? "freehand strokes" : `${noun}s`} (${TOOL_KEYS[tool]})`;
    ui.toolButtons[tool] = el("button", { type: "button", "data-tool": tool, "aria-label": label, title: label }, text);
    ui.tools.append(ui.toolButtons[tool]);
  }
  for (const [name, css] of Object.entries(COLORS)) {
    const swatch = el("button", { type: "button", class: "iw-mp-swatch", "data-color": name, "aria-label": capital(name), title: capital(name) });
    swatch.style.setProperty("--iw-mp-swatch", css);
    ui.colorButtons[name] = swatch;
    ui.colors.append(swatch);
  }
  ui.widthField.append(ui.width);
  return ui;
}

/** One row of the marks list: its number, colour, name and label field. */
function markRow(mark, number) {
  const row = el("li", { class: "iw-mp-mark", "data-id": String(mark.id) });
  const swatch = el("span", { class: "iw-mp-swatch iw-mp-swatch-small", "aria-hidden": "true" });
  swatch.style.setProperty("--iw-mp-swatch", COLORS[mark.color] ?? COLORS.red);
  const name = markName(mark);
  const input = el("input", {
    type: "text",
    class: "iw-mp-label",
    "data-id": String(mark.id),
    "aria-label": `What mark ${number} (the ${name}) means`,
    placeholder: "what it means, e.g. put a window here",
  });
  input.value = mark.label ?? "";
  row.append(el("span", { class: "iw-mp-number" }, String(number)), swatch, el("span", { class: "iw-mp-name" }, name), input);
  return row;
}

/** Show `marks` ({ id, tool, color, label }) in the list, keeping a field being typed in. */
export function renderMarkList(list, marks) {
  const typing = list.contains(document.activeElement) ? document.activeElement : null;
  const same = list.children.length === marks.length && marks.every((m, i) => list.children[i].dataset.id === String(m.id));
  if (!same) {
    list.replaceChildren(...marks.map((mark, i) => markRow(mark, i + 1)));
    return;
  }
  marks.forEach((mark, i) => {
    const input = list.children[i].querySelector("input");
    if (input !== typing && input.value !== (mark.label ?? "")) input.value = mark.label ?? "";
  });
}

/** Number each mark on the picture, at its top-left corner (in shares of the image's size). */
export function renderBadges(badges, marks, width, height) {
  const placed = marks.map((mark, i) => [mark, i + 1]).filter(([mark]) => mark.box);
  badges.replaceChildren(
    ...placed.map(([mark, number]) => {
      const badge = el("span", { class: "iw-mp-badge" }, String(number));
      badge.style.left = `${(100 * mark.box[0]) / width}%`;
      badge.style.top = `${(100 * mark.box[1]) / height}%`;
      badge.style.setProperty("--iw-mp-swatch", COLORS[mark.color] ?? COLORS.red);
      return badge;
    }),
  );
}
