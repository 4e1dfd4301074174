// The visible text and accessible names of the preview's buttons. Browser tests find buttons by
// these names, so they are part of the public interface: change them only on purpose.

/** @type {Record<string, string>} */
export const ACTION_TEXT = {
  edit: "Edit",
  vary: "Variations",
  save: "Save",
  use: "Use these settings",
  copy: "Copy as Python",
};

/**
 * The accessible name of a result action: its visible text, then which image it acts on.
 * @param {string} action  one of the keys of ACTION_TEXT
 * @param {number} index   the image's place in the grid, 0-based
 * @returns {string}
 */
export function actionLabel(action, index) {
  return `${ACTION_TEXT[action] ?? action} (image ${index + 1})`;
}

/**
 * The accessible name of the Cancel button of a preview labelled `label`.
 * @param {string} label
 * @returns {string}
 */
export function cancelLabel(label) {
  return `Cancel (${label})`;
}

/**
 * The counter text of a prompt: "123 / 32,000 characters".
 * @param {number} length
 * @param {number} limit  0 when the model is unknown
 * @returns {string}
 */
export function counterText(length, limit) {
  const count = length.toLocaleString("en-US");
  return limit > 0 ? `${count} / ${limit.toLocaleString("en-US")} characters` : `${count} characters`;
}
