// The preview's frames arrive as models of their own (Python's FrameData: one `data` bytes
// trait each), referenced from a list trait as "anywidget:<model id>". A new frame changes one
// model, so only its bytes cross the wire; here each model gets one Blob URL, made when its bytes
// change (never by comparing bytes), and revoked when it changes again or leaves the list.
// Models found once are remembered until they close, so a view drawn again (a container
// re-renders its children) shows its frames at once, before it is on the page. Every host that
// runs these views resolves references through `model.widget_manager.get_model`: Jupyter's
// widget manager, Voilà's, and marimo's (tests/browser/test_marimo.py streams frames there).
import { sniffImageType, viewBytes } from "./bytes.js";

const REF_PREFIX = "anywidget:";

/**
 * @typedef {{
 *   get(name: string): any,
 *   on(event: string, callback: () => void): void,
 *   off(event: string, callback: () => void): void,
 * }} FrameModel
 * @typedef {(ref: string) => Promise<FrameModel>} Resolve
 * @typedef {{ ref: string, url: string, model: FrameModel | null, listener: () => void }} Slot
 */

/** @type {Map<string, FrameModel>} Models found so far, by reference, until they close. */
const found = new Map();

/**
 * How a view finds the model behind a reference: through the widget manager, remembered.
 * @param {{ model: any }} context
 * @returns {Resolve}
 */
export function modelResolver({ model }) {
  return async (ref) => {
    const frame = await model.widget_manager.get_model(ref.slice(REF_PREFIX.length));
    found.set(ref, frame);
    frame.once?.("comm:close destroy", () => found.delete(ref));
    return frame;
  };
}

/** The Blob URL of a frame's bytes ("" for none). */
function frameUrl(view) {
  const bytes = viewBytes(view);
  if (bytes.byteLength === 0) return "";
  // Copy the window: the comm's buffer may be reused, and a Blob should own its bytes.
  const own = bytes.slice();
  return URL.createObjectURL(new Blob([own], { type: sniffImageType(own) }));
}

/** Follows one list of frame references: a URL per frame, and a call when one changes. */
export class FrameModels {
  /** @param {Resolve} resolve @param {() => void} changed */
  constructor(resolve, changed) {
    this.resolve = resolve;
    this.changed = changed;
    /** @type {Slot[]} */
    this.slots = [];
    this.disposed = false;
  }

  /**
   * Follow `refs` (the list trait's value): frames that stay keep their URL, new ones are
   * resolved and listened to, those that left are let go.
   * @param {string[]} refs
   */
  sync(refs) {
    const known = new Map(this.slots.map((slot) => [slot.ref, slot]));
    this.slots = refs.map((ref) => known.get(ref) ?? this.#follow(ref));
    const kept = new Set(refs);
    for (const [ref, slot] of known) if (!kept.has(ref)) this.#release(slot);
    this.changed();
  }

  /** The URL of each frame, in list order ("" while it has no bytes or is being resolved). */
  urls() {
    return this.slots.map((slot) => slot.url);
  }

  /** Stop listening and revoke every URL (the view's cleanup). */
  dispose() {
    this.disposed = true;
    for (const slot of this.slots) this.#release(slot);
    this.slots = [];
  }

  /** @param {string} ref @returns {Slot} */
  #follow(ref) {
    /** @type {Slot} */
    const slot = { ref, url: "", model: null, listener: () => this.#show(slot) };
    const known = found.get(ref);
    if (known) {
      this.#attach(slot, known);
      return slot;
    }
    this.resolve(ref)
      .then((model) => {
        if (this.disposed || !this.slots.includes(slot)) return;
        this.#attach(slot, model);
        this.changed();
      })
      .catch(() => {}); // a frame closed before it was found: its cell just stays empty
    return slot;
  }

  /** @param {Slot} slot @param {FrameModel} model */
  #attach(slot, model) {
    slot.model = model;
    model.on("change:data", slot.listener);
    slot.url = frameUrl(model.get("data"));
  }

  /** @param {Slot} slot */
  #show(slot) {
    if (slot.url) URL.revokeObjectURL(slot.url);
    slot.url = slot.model ? frameUrl(slot.model.get("data")) : "";
    this.changed();
  }

  /** @param {Slot} slot */
  #release(slot) {
    slot.model?.off("change:data", slot.listener);
    slot.model = null;
    if (slot.url) URL.revokeObjectURL(slot.url);
    slot.url = "";
  }
}
