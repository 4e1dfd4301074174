// Installed in every test page before the app loads: records each image the imagewidgets preview
// shows. For every new `src` of an `img.iw-image` it keeps when the change happened, the cell's
// state (partial/final), the preview it belongs to, a SHA-256 of the shown bytes and when the
// browser had decoded and painted it (after the next animation frame). Tests read
// `window.__iwFrames`; the latency benchmark compares `painted` with the emulator's send times.
// Views drawn inside a shadow root (marimo draws each widget in one) are watched too.
(() => {
  const frames = [];
  window.__iwFrames = frames;
  const now = () => performance.timeOrigin + performance.now();
  const hex = (buffer) =>
    [...new Uint8Array(buffer)].map((byte) => byte.toString(16).padStart(2, "0")).join("");

  function record(img) {
    const cell = img.closest(".iw-cell");
    const preview = img.closest(".iw-preview");
    const entry = {
      seen: now(),
      src: img.src,
      state: cell ? cell.dataset.state : null,
      index: cell ? Number(cell.dataset.index) : null,
      preview: preview ? preview.getAttribute("aria-label") : null,
    };
    frames.push(entry);
    fetch(img.src)
      .then((response) => response.arrayBuffer())
      .then((buffer) => {
        entry.bytes = buffer.byteLength;
        return crypto.subtle.digest("SHA-256", buffer);
      })
      .then((digest) => {
        entry.digest = hex(digest);
      })
      .catch((error) => {
        entry.digest = `unreadable: ${error}`;
      });
    img
      .decode()
      .then(() => {
        entry.width = img.naturalWidth;
        entry.height = img.naturalHeight;
        requestAnimationFrame(() => setTimeout(() => (entry.painted = now()), 0));
      })
      .catch(() => {
        entry.painted = null;
      });
  }

  const observer = new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      const img = mutation.target;
      if (img instanceof HTMLImageElement && img.classList.contains("iw-image") && img.src) {
        record(img);
      }
    }
  });
  const watch = (root) =>
    observer.observe(root, { subtree: true, attributes: true, attributeFilter: ["src"] });
  const attachShadow = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attachShadow.call(this, init);
    watch(root);
    return root;
  };
  const start = () => watch(document.documentElement);
  if (document.documentElement) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
