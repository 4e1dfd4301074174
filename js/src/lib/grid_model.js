// Pure helpers of the grid view: the window of rows, the pager's words, a cell's caption.

/**
 * How many windows of `perWindow` rows `rows` rows fill.
 * @param {number} rows @param {number} perWindow
 * @returns {number}
 */
export function windowCount(rows, perWindow) {
  return Math.max(1, Math.ceil(rows / Math.max(1, perWindow)));
}

/**
 * The rows of window `window` (0-based): [first, end) clamped to the rows there are.
 * @param {number} window @param {number} rows @param {number} perWindow
 * @returns {[number, number]}
 */
export function windowRows(window, rows, perWindow) {
  const size = Math.max(1, perWindow);
  const last = windowCount(rows, size) - 1;
  const first = Math.min(Math.max(0, window), last) * size;
  return [first, Math.min(rows, first + size)];
}

/**
 * "Rows 11–20 of 35" (or "" when every row fits in one window).
 * @param {number} window @param {number} rows @param {number} perWindow
 * @returns {string}
 */
export function windowText(window, rows, perWindow) {
  if (windowCount(rows, perWindow) <= 1) return "";
  const [first, end] = windowRows(window, rows, perWindow);
  return `Rows ${first + 1}–${end} of ${rows}`;
}

/**
 * The words of a cell with the changed ones marked: [{text, changed}], changed only when the
 * diff is on.
 * @param {string[]} words @param {boolean[]} changed @param {boolean} diff
 * @returns {{text: string, changed: boolean}[]}
 */
export function diffWords(words, changed, diff) {
  return words.map((text, i) => ({ text, changed: diff && Boolean(changed[i]) }));
}

/**
 * The percentage a progress bar shows (0 when nothing is known).
 * @param {{done?: number, total?: number}} progress
 * @returns {number}
 */
export function progressPercent(progress) {
  const total = progress.total || 0;
  return total > 0 ? Math.round((100 * (progress.done || 0)) / total) : 0;
}
