import assert from "node:assert/strict";
import { test } from "node:test";

import { BRUSH_MAX, BRUSH_MIN, maskShortcut, stepBrush } from "../src/lib/mask_keys.js";

test("undo and redo with Ctrl or Cmd", () => {
  assert.equal(maskShortcut({ key: "z", ctrlKey: true }), "undo");
  assert.equal(maskShortcut({ key: "z", metaKey: true }), "undo");
  assert.equal(maskShortcut({ key: "Z", ctrlKey: true, shiftKey: true }), "redo");
  assert.equal(maskShortcut({ key: "y", ctrlKey: true }), "redo");
  assert.equal(maskShortcut({ key: "z", ctrlKey: true, inField: true }), "undo");
  assert.equal(maskShortcut({ key: "c", ctrlKey: true }), null);
});

test("brush keys, ignored while typing or with Alt", () => {
  assert.equal(maskShortcut({ key: "[" }), "smaller");
  assert.equal(maskShortcut({ key: "]" }), "larger");
  assert.equal(maskShortcut({ key: "B" }), "brush");
  assert.equal(maskShortcut({ key: "e" }), "eraser");
  assert.equal(maskShortcut({ key: "e", inField: true }), null);
  assert.equal(maskShortcut({ key: "[", altKey: true }), null);
  assert.equal(maskShortcut({ key: "x" }), null);
});

test("the brush steps by a quarter, at least a pixel, within its range", () => {
  assert.equal(stepBrush(40, "larger"), 50);
  assert.equal(stepBrush(40, "smaller"), 32);
  assert.equal(stepBrush(2, "larger"), 3);
  assert.equal(stepBrush(2, "smaller"), 1);
  assert.equal(stepBrush(BRUSH_MIN, "smaller"), BRUSH_MIN);
  assert.equal(stepBrush(BRUSH_MAX, "larger"), BRUSH_MAX);
});
