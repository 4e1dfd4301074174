// The gallery (anywidget view of imagewidgets.Gallery).
//
// State comes from traits only, so a re-opened view rebuilds from it: `items` (one page of
// thumbnails as DataViews), `total`, `page`, `query`, `model_filter`, `models`, `selected`,
// `detail` + `detail_image`, `lineage`, `compare` + `compare_images`, `actions`, `status`.
// The view sets the traits a person controls (search, filter, page, selection, comparison);
// action buttons go to Python as messages {action, sha}. The comparison mode (side by side or
// slider) is the view's own.
import { copyText } from "./lib/clipboard.js";
import { h } from "./lib/dom.js";
import {
  countText,
  nest,
  pageCount,
  pageText,
  sliderClip,
  toggleCompare,
} from "./lib/gallery_model.js";
import { UrlPool } from "./lib/urls.js";

/**
 * @typedef {{sha: string, title: string, caption: string, label: string, thumb: DataView}} Item
 * @typedef {{sha: string, depth: number, label: string, thumb: DataView, current: boolean,
 *   selectable: boolean}} Node
 * @typedef {{sha?: string, title?: string, alt?: string, rows?: string[][], code?: string,
 *   width?: number, height?: number}} Detail
 * @typedef {{
 *   get(name: string): any,
 *   set(name: string, value: any): void,
 *   save_changes(): void,
 *   send(content: object): void,
 *   on(event: string, callback: () => void): void,
 *   off(event: string, callback: () => void): void,
 * }} Model
 */

const ACTIONS = {
  edit: "Edit",
  vary: "Variations",
  use: "Use these settings",
  copy: "Copy as Python",
};

/** @param {{model: Model, el: HTMLElement}} context */
function render({ model, el }) {
  const urls = new UrlPool();
  const view = buildView();
  el.append(view.root);
  const state = { mode: "side", timer: /** @type {any} */ (null) };

  const handlers = {
    label: () => view.root.setAttribute("aria-label", model.get("label") || "Image gallery"),
    items: () => drawGrid(model, view, urls),
    total: () => drawCounts(model, view),
    page: () => drawCounts(model, view),
    page_size: () => drawCounts(model, view),
    models: () => drawModels(model, view),
    model_filter: () => drawModels(model, view),
    query: () => drawQuery(model, view),
    selected: () => drawGrid(model, view, urls),
    compare: () => drawGrid(model, view, urls),
    detail: () => drawDetail(model, view, urls),
    detail_image: () => drawDetail(model, view, urls),
    actions: () => drawDetail(model, view, urls),
    lineage: () => drawLineage(model, view, urls),
    compare_images: () => drawCompare(model, view, urls, state.mode),
    status: () => {
      view.status.textContent = model.get("status") || "";
    },
  };
  for (const [name, handler] of Object.entries(handlers)) {
    model.on(`change:${name}`, handler);
    handler();
  }

  const setTrait = (/** @type {string} */ name, /** @type {any} */ value) => {
    model.set(name, value);
    model.save_changes();
  };
  const onClick = (/** @type {MouseEvent} */ event) => handleClick(model, view, event, setTrait);
  const onChange = (/** @type {Event} */ event) => {
    const target = /** @type {HTMLInputElement} */ (event.target);
    if (target === view.model) setTrait("model_filter", target.value);
    if (target.dataset.compare) {
      setTrait("compare", toggleCompare(model.get("compare") || [], target.dataset.compare));
    }
    if (target.name === "iw-compare-mode") {
      state.mode = target.value;
      drawCompare(model, view, urls, state.mode);
    }
  };
  const onInput = (/** @type {Event} */ event) => {
    if (event.target === view.slider) {
      view.overlay.style.clipPath = sliderClip(Number(view.slider.value));
    }
    if (event.target === view.search) {
      clearTimeout(state.timer);
      state.timer = setTimeout(() => setTrait("query", view.search.value), 250);
    }
  };
  view.root.addEventListener("click", onClick);
  view.root.addEventListener("change", onChange);
  view.root.addEventListener("input", onInput);

  return () => {
    for (const [name, handler] of Object.entries(handlers)) model.off(`change:${name}`, handler);
    view.root.removeEventListener("click", onClick);
    view.root.removeEventListener("change", onChange);
    view.root.removeEventListener("input", onInput);
    clearTimeout(state.timer);
    urls.revokeAll();
    view.root.remove();
  };
}

function buildView() {
  const search = /** @type {HTMLInputElement} */ (
    h("input", { type: "search", class: "iw-g-search", placeholder: "Search prompts",
      "aria-label": "Search prompts" }) // prettier-ignore
  );
  const model = /** @type {HTMLSelectElement} */ (
    h("select", { class: "iw-g-model", "aria-label": "Filter by model" })
  );
  const refresh = button("refresh", "Refresh", "Refresh from the store");
  const count = h("span", { class: "iw-g-count", role: "status", "aria-live": "polite" });
  const toolbar = h("div", { class: "iw-g-toolbar" }, [search, model, refresh, count]);
  const grid = h("ul", { class: "iw-g-grid", "aria-label": "Images, newest first" });
  const previous = button("previous", "Previous", "Previous page");
  const next = button("next", "Next", "Next page");
  const pageLabel = h("span", { class: "iw-g-page" });
  const pager = h("nav", { class: "iw-g-pager", "aria-label": "Pages" }, [previous, pageLabel, next]);
  const detail = buildDetail();
  const compare = buildCompare();
  const status = h("div", { class: "iw-g-status", role: "status", "aria-live": "polite" });
  const browse = h("div", { class: "iw-g-browse" }, [grid, pager]);
  const body = h("div", { class: "iw-g-body" }, [browse, detail.root]);
  const root = h("section", { class: "iw-gallery", role: "region" }, [
    toolbar, status, body, compare.root,
  ]); // prettier-ignore
  return { ...detail, ...compare, root, search, model, refresh, count, grid, previous, next,
    pageLabel, status, detailRoot: detail.root, compareRoot: compare.root }; // prettier-ignore
}

function buildDetail() {
  const full = /** @type {HTMLImageElement} */ (h("img", { class: "iw-g-full" }));
  const heading = h("h3", { class: "iw-g-title" });
  const buttons = h("div", { class: "iw-g-actions", role: "group", "aria-label": "Actions" });
  const code = h("pre", { class: "iw-g-code", hidden: true, tabindex: 0, "aria-label": "Python code" });
  const rows = h("dl", { class: "iw-g-provenance", "aria-label": "Provenance" });
  const lineageTitle = h("h4", { class: "iw-g-subtitle" }, ["Lineage"]);
  const tree = h("ul", { class: "iw-g-tree", "aria-label": "Lineage: parents and children" });
  const root = h("section", { class: "iw-g-detail", "aria-label": "Selected image", hidden: true }, [
    heading, full, buttons, code, rows, lineageTitle, tree,
  ]); // prettier-ignore
  return { root, full, heading, buttons, code, rows, tree, lineageTitle };
}

function buildCompare() {
  const radio = (/** @type {string} */ value, /** @type {string} */ text, checked = false) =>
    h("label", {}, [
      h("input", { type: "radio", name: "iw-compare-mode", value, checked, "aria-label": text }),
      text,
    ]);
  const modes = h("div", { class: "iw-g-modes", role: "radiogroup", "aria-label": "Comparison mode" }, [
    radio("side", "Side by side", true), radio("slider", "Slider"),
  ]); // prettier-ignore
  const left = /** @type {HTMLImageElement} */ (h("img", { class: "iw-g-side-image" }));
  const right = /** @type {HTMLImageElement} */ (h("img", { class: "iw-g-side-image" }));
  const side = h("div", { class: "iw-g-side" }, [left, right]);
  const base = /** @type {HTMLImageElement} */ (h("img", { class: "iw-g-base" }));
  const overlay = /** @type {HTMLImageElement} */ (h("img", { class: "iw-g-overlay" }));
  const slider = /** @type {HTMLInputElement} */ (
    h("input", { type: "range", min: 0, max: 100, value: 50, class: "iw-g-range",
      "aria-label": "Comparison slider: how much of the first image shows" }) // prettier-ignore
  );
  const stack = h("div", { class: "iw-g-stack" }, [base, overlay]);
  const sliding = h("div", { class: "iw-g-sliding", hidden: true }, [stack, slider]);
  const clear = button("clear-compare", "Clear comparison", "Clear comparison");
  const hint = h("p", { class: "iw-g-hint" });
  const root = h("section", { class: "iw-g-compare", "aria-label": "Compare two images", hidden: true }, [
    h("h3", { class: "iw-g-title" }, ["Compare"]), hint, modes, side, sliding, clear,
  ]); // prettier-ignore
  return { root, left, right, side, base, overlay, slider, sliding, hint };
}

/** @typedef {ReturnType<typeof buildView>} View */

/** @param {string} action @param {string} text @param {string} label @param {string} [sha] */
function button(action, text, label, sha) {
  const attrs = { type: "button", class: "iw-button", "data-action": action, "aria-label": label };
  return h("button", sha ? { ...attrs, "data-sha": sha } : attrs, [text]);
}

/** @param {Model} model @param {View} view @param {UrlPool} urls */
function drawGrid(model, view, urls) {
  /** @type {Item[]} */
  const items = model.get("items") || [];
  const selected = model.get("selected") || "";
  /** @type {string[]} */
  const compare = model.get("compare") || [];
  const keep = new Set();
  const cells = items.map((item) => {
    keep.add(`thumb-${item.sha}`);
    const img = h("img", { src: urls.url(`thumb-${item.sha}`, item.thumb), alt: item.title });
    const pick = h("button", {
      type: "button", class: "iw-g-thumb", "data-action": "select", "data-sha": item.sha,
      "aria-pressed": String(item.sha === selected), "aria-label": `Select: ${item.label}`,
    }, [img, h("span", { class: "iw-g-caption" }, [item.caption])]); // prettier-ignore
    const box = h("input", { type: "checkbox", "data-compare": item.sha,
      checked: compare.includes(item.sha), "aria-label": `Compare: ${item.title}` }); // prettier-ignore
    return h("li", { class: "iw-g-item" }, [pick, h("label", { class: "iw-g-check" }, [box, "Compare"])]);
  });
  urls.prune("thumb-", keep);
  view.grid.replaceChildren(...cells);
  drawCounts(model, view);
}

/** @param {Model} model @param {View} view */
function drawCounts(model, view) {
  const total = model.get("total") || 0;
  const page = model.get("page") || 0;
  const size = model.get("page_size") || 24;
  const filtered = Boolean(model.get("query") || model.get("model_filter"));
  view.count.textContent = countText((model.get("items") || []).length, total, filtered);
  view.pageLabel.textContent = pageText(page, total, size);
  view.previous.toggleAttribute("disabled", page <= 0);
  view.next.toggleAttribute("disabled", page >= pageCount(total, size) - 1);
  view.previous.parentElement?.toggleAttribute("hidden", pageCount(total, size) <= 1);
}

/** @param {Model} model @param {View} view */
function drawModels(model, view) {
  /** @type {string[]} */
  const models = model.get("models") || [];
  const chosen = model.get("model_filter") || "";
  const options = [["", "All models"], ...models.map((name) => [name, name])];
  view.model.replaceChildren(
    ...options.map(([value, text]) => h("option", { value, selected: value === chosen }, [text])),
  );
  view.model.value = chosen;
}

/** @param {Model} model @param {View} view */
function drawQuery(model, view) {
  const query = model.get("query") || "";
  if (view.search.value !== query && document.activeElement !== view.search) {
    view.search.value = query;
  }
}

/** @param {Model} model @param {View} view @param {UrlPool} urls */
function drawDetail(model, view, urls) {
  /** @type {Detail} */
  const detail = model.get("detail") || {};
  const sha = detail.sha || "";
  view.detailRoot.hidden = sha === "";
  if (!sha) return urls.release("detail");
  view.heading.textContent = detail.title || "";
  view.full.src = urls.url("detail", model.get("detail_image"));
  view.full.alt = detail.alt || detail.title || "selected image";
  if (detail.width && detail.height) view.full.style.aspectRatio = `${detail.width} / ${detail.height}`;
  /** @type {string[]} */
  const offered = (model.get("actions") || []).filter((/** @type {string} */ a) => a in ACTIONS);
  const title = detail.title || "image";
  view.buttons.replaceChildren(
    ...offered.map((action) =>
      button(action, ACTIONS[/** @type {keyof ACTIONS} */ (action)], `${ACTIONS[/** @type {keyof ACTIONS} */ (action)]}: ${title}`, sha),
    ),
  );
  view.code.hidden = true;
  view.code.textContent = detail.code || "";
  view.rows.replaceChildren(
    ...(detail.rows || []).flatMap(([label, value]) => [h("dt", {}, [label]), h("dd", {}, [value])]),
  );
}

/** @param {Model} model @param {View} view @param {UrlPool} urls */
function drawLineage(model, view, urls) {
  /** @type {Node[]} */
  const nodes = model.get("lineage") || [];
  const keep = new Set();
  /** @param {import("./lib/gallery_model.js").Branch} branch @returns {HTMLElement} */
  const draw = (branch) => {
    const node = /** @type {Node} */ (branch.node);
    keep.add(`tree-${node.sha}`);
    const img = h("img", { src: urls.url(`tree-${node.sha}`, node.thumb), alt: "" });
    const text = node.current ? `${node.label} (this image)` : node.label;
    const item = node.selectable
      ? h("button", { type: "button", class: "iw-g-node", "data-action": "select",
          "data-sha": node.sha, "aria-label": `Select: ${text}`,
          "aria-current": node.current ? "true" : null }, [img, text]) // prettier-ignore
      : h("span", { class: "iw-g-node" }, [img, text]);
    const children = branch.children.length
      ? h("ul", {}, branch.children.map(draw))
      : null;
    return h("li", {}, [item, children]);
  };
  view.tree.replaceChildren(...nest(nodes).map(draw));
  urls.prune("tree-", keep);
  view.lineageTitle.hidden = nodes.length <= 1;
  view.tree.hidden = nodes.length <= 1;
}

/**
 * @param {Model} model @param {View} view @param {UrlPool} urls @param {string} mode
 */
function drawCompare(model, view, urls, mode) {
  /** @type {DataView[]} */
  const images = model.get("compare_images") || [];
  view.compareRoot.hidden = images.length === 0;
  const [first, second] = [urls.url("compare-0", images[0]), urls.url("compare-1", images[1])];
  view.hint.textContent = images.length < 2 ? "Tick “Compare” on a second image." : "";
  view.left.src = first;
  view.left.alt = "first compared image";
  view.right.src = second;
  view.right.alt = "second compared image";
  view.right.hidden = second === "";
  view.base.src = second;
  view.base.alt = "second compared image";
  view.overlay.src = first;
  view.overlay.alt = "first compared image, clipped by the slider";
  view.overlay.style.clipPath = sliderClip(Number(view.slider.value));
  view.side.hidden = mode !== "side";
  view.sliding.hidden = mode !== "slider" || images.length < 2;
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
  const sha = pressed.dataset.sha || "";
  const page = model.get("page") || 0;
  if (action === "select") setTrait("selected", sha);
  else if (action === "previous") setTrait("page", Math.max(0, page - 1));
  else if (action === "next") setTrait("page", page + 1);
  else if (action === "clear-compare") setTrait("compare", []);
  else if (action === "refresh") model.send({ action });
  else {
    if (action === "copy") copyCode(view, pressed);
    model.send({ action, sha });
  }
}

/**
 * Copy the selected image's Python code, and show it so it can be selected by hand where the
 * clipboard is not available.
 * @param {View} view @param {HTMLButtonElement} pressed
 */
function copyCode(view, pressed) {
  const code = view.code.textContent || "";
  view.code.hidden = code === "";
  copyText(pressed, code, ACTIONS.copy);
}

export default { render };
