// Sending a painted layer to Python a moment after the last stroke, one send at a time: a stroke
// changes the layer many times a second, and encoding it as a PNG is the slow part.

/**
 * A sender that runs `send` (async) once `delayMs` after the last `schedule()`, never two sends
 * at once (each waits for the one before). `cancel()` drops a send not yet started.
 * @param {() => Promise<void>} send
 * @param {number} delayMs
 * @returns {{ schedule(): void, cancel(): void, idle(): Promise<void> }}
 */
export function syncLater(send, delayMs) {
  let timer = 0;
  let sending = Promise.resolve();
  return {
    schedule() {
      clearTimeout(timer);
      timer = setTimeout(() => {
        sending = sending.then(send);
      }, delayMs);
    },
    cancel() {
      clearTimeout(timer);
    },
    /** Resolves when the sends started so far are done. */
    idle: () => sending,
  };
}

/**
 * A DataView over PNG bytes, the form a binary trait is set in (and compared by, to tell this
 * view's own value when it comes back).
 * @param {Uint8Array} png
 * @returns {DataView}
 */
export function pngView(png) {
  return new DataView(png.buffer, png.byteOffset, png.byteLength);
}
