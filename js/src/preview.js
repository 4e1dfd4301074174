// The streaming image preview (anywidget view of imagewidgets.ImagePreview).
//
// State comes from traits only, so a re-opened view rebuilds from it: `cell_frames` (one frame
// model per grid cell, holding its latest display-sized bytes), `cells` (caption, state, Python
// code per cell), `strip_frames` (one frame model per filmstrip frame), `filmstrip_captions`,
// `status`, `error`, `busy`, `actions`, and `animation_frames` (every frame of the animated GIFs;
// a cell's `animation` says which, and for how long: lib/player.js plays them). A new frame
// changes its own model only (lib/frames.js), so only its bytes arrive and only its image is
// redrawn. An SVG arrives as its safe copy and shows as an <img> (never inline markup). Button
// presses go to Python as custom messages {action, index, frame}; nothing else is sent.
import { copyText } from "./lib/clipboard.js";
import { h } from "./lib/dom.js";
import { ACTION_TEXT, actionLabel, cancelLabel } from "./lib/labels.js";
import { FrameModels, modelResolver } from "./lib/frames.js";
import { Player } from "./lib/player.js";

/**
 * @typedef {{first: number, count: number, durations: number[]}} Animation
 * @typedef {{caption?: string, state?: string, code?: string, width?: number, height?: number,
 *   animation?: Animation}} Cell
 * @typedef {{title?: string, advice?: string, request_id?: string | null, kind?: string}} Card
 * @typedef {{
 *   get(name: string): any,
 *   send(content: object): void,
 *   on(event: string, callback: () => void): void,
 *   off(event: string, callback: () => void): void,
 * }} Model
 */

/** @param {{model: Model, el: HTMLElement}} context */
function render(context) {
  const { model, el } = context;
  const view = buildView(model);
  el.append(view.root);
  const resolve = modelResolver(context);
  const redraw = () => drawCells(model, view, cells, playing);
  const cells = new FrameModels(resolve, redraw);
  const playing = new FrameModels(resolve, redraw);
  const strip = new FrameModels(resolve, () => drawFilmstrip(model, view, strip));

  const handlers = {
    label: () => drawLabel(model, view),
    cell_frames: () => cells.sync(model.get("cell_frames") || []),
    animation_frames: () => playing.sync(model.get("animation_frames") || []),
    cells: redraw,
    actions: redraw,
    strip_frames: () => strip.sync(model.get("strip_frames") || []),
    filmstrip_captions: () => drawFilmstrip(model, view, strip),
    status: () => drawStatus(model, view),
    error: () => drawError(model, view),
    busy: () => drawBusy(model, view),
  };
  for (const [name, handler] of Object.entries(handlers)) {
    model.on(`change:${name}`, handler);
    handler();
  }
  const onClick = (/** @type {MouseEvent} */ event) => handleClick(model, view, event);
  view.root.addEventListener("click", onClick);

  return () => {
    for (const [name, handler] of Object.entries(handlers)) model.off(`change:${name}`, handler);
    view.root.removeEventListener("click", onClick);
    for (const player of view.players.values()) player.dispose();
    cells.dispose();
    playing.dispose();
    strip.dispose();
    view.root.remove();
  };
}

/** @param {Model} model */
function buildView(model) {
  const cancel = h("button", { type: "button", class: "iw-button", "data-action": "cancel" }, [
    "Cancel",
  ]);
  const status = h("div", { class: "iw-status", role: "status", "aria-live": "polite" });
  const card = h("div", { class: "iw-card", hidden: true });
  const grid = h("div", { class: "iw-grid", role: "list" });
  const strip = h("ol", { class: "iw-strip-frames" });
  const summary = h("summary", {}, ["Filmstrip"]);
  const filmstrip = h("details", { class: "iw-filmstrip", hidden: true }, [summary, strip]);
  const header = h("div", { class: "iw-header" }, [status, cancel]);
  const root = h("section", { class: "iw-preview", role: "region" }, [
    header,
    card,
    grid,
    filmstrip,
  ]);
  /** @type {Map<Element, Player>} the player of each animated cell */
  const players = new Map();
  return { root, cancel, status, card, grid, strip, summary, filmstrip, players, label: "" };
}

/** @typedef {ReturnType<typeof buildView>} View */

/** @param {Model} model @param {View} view */
function drawLabel(model, view) {
  view.label = model.get("label") || "Image preview";
  view.root.setAttribute("aria-label", view.label);
  view.cancel.setAttribute("aria-label", cancelLabel(view.label));
  view.grid.setAttribute("aria-label", `${view.label}: images`);
}

/** @param {Model} model @param {View} view */
function drawStatus(model, view) {
  const text = model.get("status") || "";
  view.status.textContent = text;
  view.status.hidden = text === "";
}

/** @param {Model} model @param {View} view */
function drawBusy(model, view) {
  view.cancel.hidden = !model.get("busy");
}

/** @param {Model} model @param {View} view */
function drawError(model, view) {
  /** @type {Card} */
  const card = model.get("error") || {};
  view.card.replaceChildren();
  view.card.hidden = !card.title;
  if (!card.title) return;
  const warning = card.kind === "warning";
  view.card.className = `iw-card ${warning ? "iw-card--warning" : "iw-card--error"}`;
  view.card.setAttribute("role", warning ? "status" : "alert");
  view.card.append(
    h("strong", { class: "iw-card-title" }, [card.title]),
    card.advice ? h("p", { class: "iw-card-advice" }, [card.advice]) : null,
    card.request_id ? h("p", { class: "iw-card-request" }, [`request id: ${card.request_id}`]) : null,
  );
}

/**
 * @param {Model} model @param {View} view @param {FrameModels} frames
 * @param {FrameModels} playing the animations' frames
 */
function drawCells(model, view, frames, playing) {
  const urls = frames.urls();
  const moving = playing.urls();
  /** @type {Cell[]} */
  const cells = model.get("cells") || [];
  /** @type {string[]} */
  const actions = model.get("actions") || [];
  const count = Math.max(urls.length, cells.length);
  while (view.grid.children.length > count) {
    const last = /** @type {Element} */ (view.grid.lastElementChild);
    view.players.get(last)?.dispose();
    view.players.delete(last);
    last.remove();
  }
  while (view.grid.children.length < count) view.grid.append(buildCell());
  view.grid.dataset.count = String(count);
  for (let i = 0; i < count; i++) {
    const element = /** @type {HTMLElement} */ (view.grid.children[i]);
    drawCell(element, i, cells[i] || {}, urls[i] || "", actions);
    drawAnimation(view, element, i, cells[i]?.animation, moving);
  }
}

/**
 * Play the cell's animation once all its frames have arrived (its first frame shows until then);
 * a cell that has none loses its player.
 * @param {View} view @param {HTMLElement} element @param {number} index
 * @param {Animation | undefined} animation @param {string[]} moving
 */
function drawAnimation(view, element, index, animation, moving) {
  const urls = animation ? moving.slice(animation.first, animation.first + animation.count) : [];
  const ready = urls.length > 1 && urls.every((url) => url !== "");
  let player = view.players.get(element);
  if (!ready || !animation) {
    if (player) delete player.img.dataset.frame;
    player?.dispose();
    view.players.delete(element);
    return;
  }
  if (!player) {
    const img = /** @type {HTMLImageElement} */ (element.querySelector(".iw-image"));
    player = new Player(img, index);
    element.querySelector(".iw-frame")?.after(player.root);
    view.players.set(element, player);
  }
  player.update(urls, animation.durations);
}

function buildCell() {
  const img = h("img", { class: "iw-image", hidden: true });
  const placeholder = h("div", { class: "iw-placeholder", "aria-hidden": "true" });
  const caption = h("figcaption", { class: "iw-caption" });
  const buttons = h("div", { class: "iw-actions" });
  const code = h("pre", { class: "iw-code", hidden: true, tabindex: 0 });
  const frame = h("div", { class: "iw-frame" }, [placeholder, img]);
  return h("figure", { class: "iw-cell", role: "listitem" }, [frame, caption, buttons, code]);
}

/**
 * @param {HTMLElement} element @param {number} index @param {Cell} cell
 * @param {string} url @param {string[]} actions
 */
function drawCell(element, index, cell, url, actions) {
  // By class: an animated cell has its player between the picture and the caption.
  const [frame, caption, buttons] = /** @type {HTMLElement[]} */ (
    [".iw-frame", ".iw-caption", ".iw-actions"].map((name) => element.querySelector(name))
  );
  const [placeholder, img] = /** @type {[HTMLElement, HTMLImageElement]} */ ([...frame.children]);
  const text = cell.caption || `image ${index + 1}`;
  element.dataset.state = cell.state || "waiting";
  element.dataset.index = String(index);
  if (cell.width && cell.height) frame.style.aspectRatio = `${cell.width} / ${cell.height}`;
  const animated = Boolean(cell.animation) && img.dataset.frame !== undefined;
  if (!animated && img.getAttribute("src") !== url) img.src = url;
  if (!cell.animation) delete img.dataset.frame;
  img.hidden = url === "";
  img.alt = text;
  placeholder.hidden = url !== "";
  caption.textContent = text;
  const offered = cell.state === "final" ? actions.filter((name) => name in ACTION_TEXT) : [];
  if (buttons.dataset.offered !== offered.join(" ")) {
    buttons.dataset.offered = offered.join(" ");
    buttons.replaceChildren(...offered.map((name) => actionButton(name, index)));
  }
}

/** @param {string} action @param {number} index */
function actionButton(action, index) {
  const attrs = { type: "button", class: "iw-button", "data-action": action, "data-index": index };
  return h("button", { ...attrs, "aria-label": actionLabel(action, index) }, [ACTION_TEXT[action]]);
}

/** @param {Model} model @param {View} view @param {FrameModels} frames */
function drawFilmstrip(model, view, frames) {
  const urls = frames.urls();
  /** @type {string[]} */
  const captions = model.get("filmstrip_captions") || [];
  view.filmstrip.hidden = urls.length === 0;
  view.summary.textContent = `Filmstrip · ${urls.length} frame${urls.length === 1 ? "" : "s"}`;
  view.strip.setAttribute("aria-label", `${view.label}: how the picture formed`);
  while (view.strip.children.length > urls.length) view.strip.lastElementChild?.remove();
  while (view.strip.children.length < urls.length) {
    view.strip.append(h("li", { class: "iw-strip-frame" }, [h("img", {}), h("span", {})]));
  }
  urls.forEach((url, i) => {
    const [img, caption] = /** @type {[HTMLImageElement, HTMLElement]} */ ([
      ...view.strip.children[i].children,
    ]);
    const text = captions[i] || `frame ${i + 1}`;
    if (img.getAttribute("src") !== url) {
      if (url) img.src = url;
      else img.removeAttribute("src");
    }
    img.alt = caption.textContent = text;
  });
}

/** @param {Model} model @param {View} view @param {MouseEvent} event */
function handleClick(model, view, event) {
  const target = /** @type {HTMLElement} */ (event.target);
  const button = /** @type {HTMLButtonElement | null} */ (target.closest("button[data-action]"));
  if (!button || !view.root.contains(button)) return;
  const action = button.dataset.action || "";
  const index = Number(button.dataset.index ?? -1);
  if (action === "copy") copyCode(model, view, index, button);
  const cell = view.grid.children[index];
  const frame = cell ? (view.players.get(cell)?.position ?? 0) : 0;
  model.send({ action, index, frame });
}

/**
 * Put the cell's Python code on the clipboard and show it under the cell, so it can also be
 * selected by hand where the clipboard is not available (an insecure origin, a denied permission).
 * @param {Model} model @param {View} view @param {number} index @param {HTMLButtonElement} button
 */
function copyCode(model, view, index, button) {
  /** @type {Cell} */
  const cell = (model.get("cells") || [])[index] || {};
  const code = cell.code || "";
  const pre = /** @type {HTMLElement | null} */ (
    view.grid.children[index]?.querySelector(".iw-code") ?? null
  );
  if (pre) {
    pre.textContent = code;
    pre.hidden = code === "";
    pre.setAttribute("aria-label", `Python code (image ${index + 1})`);
  }
  copyText(button, code, ACTION_TEXT.copy);
}

export default { render };
