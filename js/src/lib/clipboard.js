// Copy text to the clipboard and say on the button whether it worked, the same way in every view.

const SHOWN_FOR = 1500;
const BY_HAND = "Select the code below";

/**
 * Put `text` on the clipboard; the button reads "Copied" (or, where there is no clipboard or
 * nothing to copy, "Select the code below") for a moment, then `label` again. The views also
 * show the text, so it can be selected by hand (an insecure origin, a denied permission).
 * @param {HTMLButtonElement} button @param {string} text @param {string} label
 */
export function copyText(button, text, label) {
  const done = (/** @type {string} */ said) => {
    button.textContent = said;
    setTimeout(() => {
      button.textContent = label;
    }, SHOWN_FOR);
  };
  const clipboard = globalThis.navigator?.clipboard;
  if (!clipboard || text === "") return done(BY_HAND);
  clipboard.writeText(text).then(
    () => done("Copied"),
    () => done(BY_HAND),
  );
}
