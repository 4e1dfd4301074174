// The prompt box (anywidget view of imagewidgets' PromptBox): a multi-line text field with a
// character counter against the model's limit, where Ctrl+Enter (Cmd+Enter on a Mac) generates.
//
// Traits: `value` (synced as you type), `limit` (0 = unknown), `label` (the accessible name),
// `placeholder`, `disabled`. Ctrl/Cmd+Enter sends {action: "submit"} after the value is saved.
import { h } from "./lib/dom.js";
import { counterText } from "./lib/labels.js";
import { isSubmitKey } from "./lib/keys.js";

/**
 * @typedef {{
 *   get(name: string): any,
 *   set(name: string, value: any): void,
 *   save_changes(): void,
 *   send(content: object): void,
 *   on(event: string, callback: () => void): void,
 *   off(event: string, callback: () => void): void,
 * }} Model
 */

let counterIds = 0;

/** @param {{model: Model, el: HTMLElement}} context */
function render({ model, el }) {
  const counterId = `iw-prompt-counter-${++counterIds}`;
  const area = /** @type {HTMLTextAreaElement} */ (
    h("textarea", { class: "iw-prompt-input", rows: 3, "aria-describedby": counterId })
  );
  // JupyterLab and Notebook 7 would run the cell on Ctrl+Enter: keep their shortcuts out.
  area.setAttribute("data-lm-suppress-shortcuts", "true");
  const counter = h("div", { class: "iw-prompt-counter", id: counterId, "aria-live": "polite" });
  const root = h("div", { class: "iw-prompt" }, [area, counter]);
  el.append(root);

  const drawCounter = () => {
    const limit = Number(model.get("limit") || 0);
    counter.textContent = counterText(area.value.length, limit);
    const over = limit > 0 && area.value.length > limit;
    root.classList.toggle("iw-prompt--over", over);
    area.setAttribute("aria-invalid", over ? "true" : "false");
  };
  const fromModel = () => {
    const value = model.get("value") || "";
    if (area.value !== value) area.value = value;
    area.placeholder = model.get("placeholder") || "";
    area.setAttribute("aria-label", model.get("label") || "Prompt");
    area.disabled = Boolean(model.get("disabled"));
    drawCounter();
  };
  const save = () => {
    model.set("value", area.value);
    model.save_changes();
  };
  const onInput = () => {
    drawCounter();
    save();
  };
  const onKeydown = (/** @type {KeyboardEvent} */ event) => {
    if (!isSubmitKey(event)) return;
    event.preventDefault();
    event.stopPropagation();
    save();
    model.send({ action: "submit" });
  };
  const traits = ["value", "limit", "placeholder", "label", "disabled"];
  for (const name of traits) model.on(`change:${name}`, fromModel);
  area.addEventListener("input", onInput);
  area.addEventListener("keydown", onKeydown);
  fromModel();

  return () => {
    for (const name of traits) model.off(`change:${name}`, fromModel);
    area.removeEventListener("input", onInput);
    area.removeEventListener("keydown", onKeydown);
    root.remove();
  };
}

export default { render };
