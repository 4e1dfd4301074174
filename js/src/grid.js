// The grid (anywidget view of imagewidgets.Grid's GridView).
//
// State comes from traits only, so a re-opened view rebuilds from it: headers (`row_headers`,
// `column_headers`, `pages`), the window shown (`page`, `window`, `rows_per_window`), its `cells`
// and `cell_frames` (one frame model per cell: its thumbnail, see lib/frames.js), `summary`,
// `status`, `progress`, `diff`, the selection (`selected`, `selected_index`, `detail`,
// `detail_image`) and `actions`. The view sets page, window, selection and diff; action buttons
// go to Python as messages {action, key, index}.
import { copyText } from "./lib/clipboard.js";
import { h } from "./lib/dom.js";
import { FrameModels, modelResolver } from "./lib/frames.js";
import { diffWords, progressPercent, windowCount, windowRows, windowText } from "./lib/grid_model.js";
import { UrlPool } from "./lib/urls.js";

/**
 * @typedef {{key: string, row: number, column: number, cost: string, title: string, alt: string,
 *   refused: string, notes: string[], words: string[], changed: boolean[]}} Cell
 * @typedef {{state?: string, caption?: string, error?: {title?: string, advice?: string},
 *   count?: number}} CellState
 * @typedef {{
 *   get(name: string): any,
 *   set(name: string, value: any): void,
 *   save_changes(): void,
 *   send(content: object): void,
 *   on(event: string, callback: () => void): void,
 *   off(event: string, callback: () => void): void,
 * }} Model
 */

const ACTIONS = { edit: "Edit", vary: "Variations", use: "Use these settings", copy: "Copy as Python" };

/** @param {{model: Model, el: HTMLElement}} context */
function render(context) {
  const { model, el } = context;
  const view = buildView();
  el.append(view.root);
  const urls = new UrlPool();
  const frames = new FrameModels(modelResolver(context), () => drawCells(model, view, frames));
  const setTrait = (/** @type {string} */ name, /** @type {any} */ value) => {
    model.set(name, value);
    model.save_changes();
  };
  const handlers = {
    label: () => view.root.setAttribute("aria-label", model.get("label") || "Image grid"),
    summary: () => (view.summary.textContent = model.get("summary") || ""),
    status: () => (view.status.textContent = model.get("status") || ""),
    progress: () => drawProgress(model, view),
    pages: () => drawTabs(model, view),
    page: () => drawTabs(model, view),
    window: () => drawPager(model, view),
    rows_per_window: () => drawPager(model, view),
    row_headers: () => drawCells(model, view, frames),
    column_headers: () => drawCells(model, view, frames),
    cell_frames: () => frames.sync(model.get("cell_frames") || []),
    cells: () => drawCells(model, view, frames),
    cell_states: () => drawCells(model, view, frames),
    diff: () => drawCells(model, view, frames),
    detail: () => drawDetail(model, view, urls),
    detail_image: () => drawDetail(model, view, urls),
    actions: () => drawDetail(model, view, urls),
  };
  for (const [name, handler] of Object.entries(handlers)) {
    model.on(`change:${name}`, handler);
    handler();
  }
  const onClick = (/** @type {MouseEvent} */ event) => handleClick(model, view, event, setTrait);
  const onChange = (/** @type {Event} */ event) => {
    if (event.target === view.diff) setTrait("diff", view.diff.checked);
  };
  view.root.addEventListener("click", onClick);
  view.root.addEventListener("change", onChange);
  return () => {
    for (const [name, handler] of Object.entries(handlers)) model.off(`change:${name}`, handler);
    view.root.removeEventListener("click", onClick);
    view.root.removeEventListener("change", onChange);
    frames.dispose();
    urls.revokeAll();
    view.root.remove();
  };
}

function buildView() {
  const summary = h("p", { class: "iw-gr-summary" });
  const status = h("p", { class: "iw-gr-status", role: "status", "aria-live": "polite" });
  const bar = /** @type {HTMLProgressElement} */ (h("progress", { max: 100, value: 0, "aria-label": "Progress" }));
  const barText = h("span", { class: "iw-gr-progress-text" });
  const progress = h("div", { class: "iw-gr-progress", hidden: true }, [bar, barText]);
  const tabs = h("div", { class: "iw-gr-tabs", role: "tablist", "aria-label": "Pages" });
  const diff = /** @type {HTMLInputElement} */ (h("input", { type: "checkbox", class: "iw-gr-diff-box" }));
  const diffLabel = h("label", { class: "iw-gr-diff" }, [diff, "Highlight differences"]);
  const previous = button("previous", "Previous rows", "Previous rows");
  const next = button("next", "Next rows", "Next rows");
  const windowLabel = h("span", { class: "iw-gr-window" });
  const pager = h("nav", { class: "iw-gr-pager", "aria-label": "Rows", hidden: true }, [previous, windowLabel, next]);
  const toolbar = h("div", { class: "iw-gr-toolbar" }, [diffLabel, pager]);
  const table = h("div", { class: "iw-gr-table", role: "grid" });
  const scroller = h("div", { class: "iw-gr-scroll" }, [table]);
  const detail = buildDetail();
  const root = h("section", { class: "iw-gridview", role: "region" }, [
    summary, progress, status, tabs, toolbar, scroller, detail.root,
  ]); // prettier-ignore
  return { ...detail, root, summary, status, progress, bar, barText, tabs, diff, previous, next,
    windowLabel, pager, table, detailRoot: detail.root }; // prettier-ignore
}

function buildDetail() {
  const heading = h("h3", { class: "iw-gr-title" });
  const subtitle = h("p", { class: "iw-gr-subtitle" });
  const full = /** @type {HTMLImageElement} */ (h("img", { class: "iw-gr-full" }));
  const earlier = button("earlier", "Previous image", "Previous image of this cell");
  const later = button("later", "Next image", "Next image of this cell");
  const which = h("span", { class: "iw-gr-which" });
  const stepper = h("div", { class: "iw-gr-stepper" }, [earlier, which, later]);
  const buttons = h("div", { class: "iw-gr-actions", role: "group", "aria-label": "Actions" });
  const close = button("close", "Close", "Close the selected image");
  const code = h("pre", { class: "iw-gr-code", hidden: true, tabindex: 0, "aria-label": "Python code" });
  const rows = h("dl", { class: "iw-gr-provenance", "aria-label": "Provenance" });
  const root = h("section", { class: "iw-gr-detail", "aria-label": "Selected image", hidden: true }, [
    h("div", { class: "iw-gr-detail-head" }, [heading, close]), subtitle, full, stepper, buttons, code, rows,
  ]); // prettier-ignore
  return { heading, subtitle, full, earlier, later, which, stepper, buttons, code, rows, root };
}

/** @typedef {ReturnType<typeof buildView>} View */

/** @param {string} action @param {string} text @param {string} label @param {Record<string, string>} [data] */
function button(action, text, label, data = {}) {
  const attrs = { type: "button", class: "iw-button", "data-action": action, "aria-label": label };
  const extra = Object.fromEntries(Object.entries(data).map(([k, v]) => [`data-${k}`, v]));
  return h("button", { ...attrs, ...extra }, [text]);
}

/** @param {Model} model @param {View} view */
function drawProgress(model, view) {
  const progress = model.get("progress") || {};
  view.progress.hidden = !progress.total;
  view.bar.value = progressPercent(progress);
  view.bar.setAttribute("aria-valuetext", progress.text || "");
  view.barText.textContent = progress.text || "";
}

/** @param {Model} model @param {View} view */
function drawTabs(model, view) {
  /** @type {string[]} */
  const pages = model.get("pages") || [];
  const current = model.get("page") || 0;
  view.tabs.hidden = pages.length === 0;
  view.tabs.replaceChildren(
    ...pages.map((name, i) =>
      h("button", { type: "button", role: "tab", class: "iw-gr-tab", "data-action": "page",
        "data-page": i, "aria-selected": String(i === current) }, [name]), // prettier-ignore
    ),
  );
}

/** @param {Model} model @param {View} view */
function drawPager(model, view) {
  const rows = (model.get("row_headers") || []).length;
  const per = model.get("rows_per_window") || 10;
  const current = model.get("window") || 0;
  view.pager.hidden = windowCount(rows, per) <= 1;
  view.windowLabel.textContent = windowText(current, rows, per);
  view.previous.toggleAttribute("disabled", current <= 0);
  view.next.toggleAttribute("disabled", current >= windowCount(rows, per) - 1);
}

/** @param {Model} model @param {View} view @param {FrameModels} frames */
function drawCells(model, view, frames) {
  /** @type {Cell[]} */
  const cells = model.get("cells") || [];
  /** @type {CellState[]} */
  const states = model.get("cell_states") || [];
  /** @type {string[]} */
  const rows = model.get("row_headers") || [];
  /** @type {string[]} */
  const columns = model.get("column_headers") || [];
  const [first] = windowRows(model.get("window") || 0, rows.length, model.get("rows_per_window") || 10);
  const shown = frames.urls();
  const diff = Boolean(model.get("diff"));
  view.diff.checked = diff;
  view.table.style.setProperty("--iw-gr-columns", String(Math.max(1, columns.length)));
  const corner = h("div", { class: "iw-gr-corner", role: "columnheader" }, [
    model.get("row_title") && model.get("column_title")
      ? `${model.get("row_title")} \\ ${model.get("column_title")}`
      : model.get("row_title") || model.get("column_title") || "",
  ]);
  const head = columns.map((name) => h("div", { class: "iw-gr-head", role: "columnheader" }, [name]));
  const body = [];
  let row = -1;
  cells.forEach((cell, i) => {
    if (cell.row !== row) {
      row = cell.row;
      body.push(h("div", { class: "iw-gr-rowhead", role: "rowheader" }, [rows[row] ?? String(row + 1 + first)]));
    }
    body.push(drawCell(cell, states[i] || {}, shown[i] || "", diff, model.get("selected") === cell.key));
  });
  view.table.replaceChildren(corner, ...head, ...body);
  drawPager(model, view);
}

/**
 * @param {Cell} cell @param {CellState} state @param {string} url @param {boolean} diff
 * @param {boolean} selected
 */
function drawCell(cell, state, url, diff, selected) {
  const count = state.count || 0;
  const picture = url
    ? h("img", { class: "iw-gr-thumb", src: url, alt: cell.alt })
    : h("div", { class: "iw-gr-empty", "aria-hidden": "true" });
  const words = diffWords(cell.words || [], cell.changed || [], diff).map((word) =>
    word.changed ? h("mark", {}, [word.text]) : document.createTextNode(word.text),
  );
  const spaced = words.flatMap((word, i) => (i ? [" ", word] : [word]));
  const lines = [
    h("span", { class: "iw-gr-caption" }, [(state.caption || "") + (count > 1 ? ` · ${count} images` : "")]),
    cell.cost ? h("span", { class: "iw-gr-cost" }, [cell.cost]) : null,
    state.error && state.error.title
      ? h("span", { class: "iw-gr-error", role: "alert" }, [state.error.title]) : null,
    cell.refused ? h("span", { class: "iw-gr-refused" }, [cell.refused]) : null,
    ...(cell.notes || []).map((note) => h("span", { class: "iw-gr-note" }, [note])),
    diff ? h("span", { class: "iw-gr-words" }, spaced) : null,
  ]; // prettier-ignore
  const openable = count > 0;
  const attrs = { type: "button", class: "iw-gr-open", "data-action": "select", "data-key": cell.key,
    "aria-label": `${openable ? "Open" : "Cell"}: ${cell.alt}`, disabled: !openable,
    "aria-pressed": String(selected) }; // prettier-ignore
  return h("div", { class: "iw-gr-cell", role: "gridcell", "data-state": state.state || "", "data-key": cell.key }, [
    h("button", attrs, [picture]), ...lines,
  ]); // prettier-ignore
}

/** @param {Model} model @param {View} view @param {UrlPool} urls */
function drawDetail(model, view, urls) {
  const detail = model.get("detail") || {};
  view.detailRoot.hidden = !detail.key;
  if (!detail.key) return urls.release("detail");
  view.heading.textContent = detail.title || "";
  view.subtitle.textContent = detail.subtitle || "";
  view.full.src = urls.url("detail", model.get("detail_image"));
  view.full.alt = detail.alt || detail.title || "selected image";
  if (detail.width && detail.height) view.full.style.aspectRatio = `${detail.width} / ${detail.height}`;
  view.stepper.hidden = (detail.count || 0) <= 1;
  view.which.textContent = `Image ${(detail.index || 0) + 1} of ${detail.count || 0}`;
  /** @type {string[]} */
  const offered = (model.get("actions") || []).filter((/** @type {string} */ a) => a in ACTIONS);
  view.buttons.replaceChildren(
    ...offered.map((action) => {
      const text = ACTIONS[/** @type {keyof ACTIONS} */ (action)];
      return button(action, text, `${text}: ${detail.title || "image"}`, { key: detail.key });
    }),
  );
  view.code.hidden = true;
  view.code.textContent = detail.code || "";
  view.rows.replaceChildren(
    ...(detail.rows || []).flatMap((/** @type {string[]} */ [label, value]) => [h("dt", {}, [label]), h("dd", {}, [value])]),
  );
}

/**
 * @param {Model} model @param {View} view @param {MouseEvent} event
 * @param {(name: string, value: any) => void} setTrait
 */
function handleClick(model, view, event, setTrait) {
  const target = /** @type {HTMLElement} */ (event.target);
  const pressed = /** @type {HTMLButtonElement | null} */ (target.closest("button[data-action]"));
  if (!pressed || !view.root.contains(pressed)) return;
  const action = pressed.dataset.action || "";
  const index = model.get("selected_index") || 0;
  const count = (model.get("detail") || {}).count || 0;
  if (action === "select") {
    model.set("selected_index", 0);
    setTrait("selected", pressed.dataset.key || "");
  } else if (action === "close") setTrait("selected", "");
  else if (action === "page") setTrait("page", Number(pressed.dataset.page || 0));
  else if (action === "previous") setTrait("window", Math.max(0, (model.get("window") || 0) - 1));
  else if (action === "next") setTrait("window", (model.get("window") || 0) + 1);
  else if (action === "earlier") setTrait("selected_index", Math.max(0, index - 1));
  else if (action === "later") setTrait("selected_index", Math.min(count - 1, index + 1));
  else if (action in ACTIONS) {
    if (action === "copy") {
      view.code.hidden = view.code.textContent === "";
      copyText(pressed, view.code.textContent || "", ACTIONS.copy);
    }
    model.send({ action, key: pressed.dataset.key || "", index });
  }
}

export default { render };
