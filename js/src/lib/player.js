// Plays an animated GIF's frames in a preview cell's <img>: one Blob URL per frame (the frames
// arrive from Python apart), each shown for its own duration, looping. A Play/Pause button and a
// frame slider (a native range input: keyboard, screen readers) sit under the picture; moving
// the slider pauses on that frame, which Edit and Variations then start from. Motion starts
// paused for readers who ask the system for reduced motion.
import { h } from "./dom.js";

/** The slider's spoken value. @param {number} position @param {number} count */
export function frameText(position, count) {
  return `frame ${position + 1} of ${count}`;
}

/** How long frame `position` shows (ms), never under 20 ms. @param {number[]} durations */
export function delayOf(durations, position) {
  return Math.max(20, Number(durations[position]) || 100);
}

export class Player {
  /** @param {HTMLImageElement} img @param {number} index the cell's place, for labels */
  constructor(img, index) {
    this.img = img;
    this.index = index;
    /** @type {string[]} */
    this.urls = [];
    /** @type {number[]} */
    this.durations = [];
    this.position = 0;
    /** @type {ReturnType<typeof setTimeout> | null} */
    this.timer = null;
    this.playing = !reducedMotion();
    // Their keys (arrows, Home, End, Space) are their own, not the notebook's shortcuts: the
    // mark goes on each control, as Lumino matches a shortcut on the focused element itself.
    const own = { "data-lm-suppress-shortcuts": "true" };
    this.button = h("button", { ...own, type: "button", class: "iw-button iw-play" });
    this.slider = /** @type {HTMLInputElement} */ (
      h("input", { ...own, type: "range", class: "iw-frame-slider", min: 0, step: 1, value: 0 })
    );
    this.readout = h("span", { class: "iw-frame-readout", "aria-hidden": "true" });
    this.root = h("div", { class: "iw-player" }, [this.button, this.slider, this.readout]);
    this.onButton = () => (this.playing ? this.pause() : this.play());
    this.onSlide = () => {
      this.pause();
      this.show(Number(this.slider.value));
    };
    this.onKey = (/** @type {KeyboardEvent} */ event) => event.stopPropagation();
    this.button.addEventListener("click", this.onButton);
    this.slider.addEventListener("input", this.onSlide);
    this.slider.addEventListener("keydown", this.onKey);
  }

  /** New frames (all resolved) and durations. @param {string[]} urls @param {number[]} durations */
  update(urls, durations) {
    const same = urls.length === this.urls.length && urls.every((url, i) => url === this.urls[i]);
    this.urls = urls;
    this.durations = durations;
    this.slider.max = String(Math.max(0, urls.length - 1));
    this.slider.setAttribute("aria-label", `Frame (image ${this.index + 1})`);
    if (!same) this.show(Math.min(this.position, urls.length - 1));
    if (this.playing) this.play();
    else this.label();
  }

  /** Show frame `position` (clamped). @param {number} position */
  show(position) {
    this.position = Math.max(0, Math.min(position, this.urls.length - 1));
    const url = this.urls[this.position] || "";
    if (url && this.img.getAttribute("src") !== url) this.img.src = url;
    this.img.dataset.frame = String(this.position);
    this.slider.value = String(this.position);
    const text = frameText(this.position, this.urls.length);
    this.slider.setAttribute("aria-valuetext", text);
    this.readout.textContent = text;
  }

  play() {
    this.playing = true;
    this.label();
    if (this.timer !== null || this.urls.length < 2) return;
    const step = () => {
      this.show((this.position + 1) % this.urls.length);
      this.timer = setTimeout(step, delayOf(this.durations, this.position));
    };
    this.timer = setTimeout(step, delayOf(this.durations, this.position));
  }

  pause() {
    this.playing = false;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.label();
  }

  label() {
    this.button.textContent = this.playing ? "Pause" : "Play";
    const what = this.playing ? "Pause" : "Play";
    this.button.setAttribute("aria-label", `${what} animation (image ${this.index + 1})`);
  }

  /** Stop, let go of the listeners and leave the page. */
  dispose() {
    this.pause();
    this.button.removeEventListener("click", this.onButton);
    this.slider.removeEventListener("input", this.onSlide);
    this.slider.removeEventListener("keydown", this.onKey);
    this.root.remove();
  }
}

function reducedMotion() {
  return globalThis.matchMedia?.("(prefers-reduced-motion: reduce)").matches ?? false;
}
