import assert from "node:assert/strict";
import { test } from "node:test";

import { BRUSH_MAX, BRUSH_MIN, markupShortcut, maskShortcut, stepBrush } from "../src/lib/mask_keys.js";

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

test("markup keys: a letter per tool, the same undo, redo and sizes; none while typing", () => {
  assert.equal(markupShortcut({ key: "p" }), "pen");
  assert.equal(markupShortcut({ key: "A" }), "arrow");
  assert.equal(markupShortcut({ key: "c" }), "circle");
  assert.equal(markupShortcut({ key: "r" }), "rectangle");
  assert.equal(markupShortcut({ key: "]" }), "larger");
  assert.equal(markupShortcut({ key: "b" }), null, "the mask's brush is not a markup tool");
  assert.equal(markupShortcut({ key: "z", ctrlKey: true }), "undo");
  assert.equal(markupShortcut({ key: "z", metaKey: true, shiftKey: true }), "redo");
  assert.equal(markupShortcut({ key: "c", ctrlKey: true }), null, "copy stays copy");
  assert.equal(markupShortcut({ key: "c", inField: true }), null);
  assert.equal(markupShortcut({ key: "r", altKey: true }), null);
});
