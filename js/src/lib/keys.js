// Keyboard shortcuts shared by the views.

/**
 * Whether a keydown is the "generate" shortcut: Ctrl+Enter, or Cmd+Enter on a Mac.
 * Shift or Alt with it, or a key held down (auto-repeat) or mid-composition (IME), does not count.
 * @param {{key: string, ctrlKey?: boolean, metaKey?: boolean, shiftKey?: boolean,
 *   altKey?: boolean, repeat?: boolean, isComposing?: boolean}} event
 * @returns {boolean}
 */
export function isSubmitKey(event) {
  if (event.key !== "Enter" || event.repeat || event.isComposing) return false;
  if (event.shiftKey || event.altKey) return false;
  return Boolean(event.ctrlKey || event.metaKey);
}
