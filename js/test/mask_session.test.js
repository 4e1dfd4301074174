import assert from "node:assert/strict";
import { test } from "node:test";

import { fillMask, invertMask } from "../src/lib/mask_ops.js";
import { MaskSession } from "../src/lib/mask_session.js";

test("a stroke is one undoable action however many moves it has", () => {
  const session = new MaskSession(200, 100);
  session.startStroke(10, 10, 5, 1);
  for (let x = 20; x <= 190; x += 10) assert.ok(session.moveStroke(x, 50));
  assert.equal(session.canUndo, false, "no undo in the middle of a stroke");
  assert.equal(session.endStroke(), true);
  assert.ok(session.markedFraction() > 0);
  assert.ok(session.undo());
  assert.equal(session.markedFraction(), 0);
  assert.ok(session.redo());
  assert.ok(session.markedFraction() > 0);
});

test("moveStroke without a stroke does nothing", () => {
  const session = new MaskSession(10, 10);
  assert.equal(session.moveStroke(5, 5), null);
  assert.equal(session.endStroke(), false);
});

test("the eraser unmarks, and whole-mask actions undo in order", () => {
  const session = new MaskSession(64, 48);
  assert.deepEqual(session.apply((m) => fillMask(m, 1)), { x0: 0, y0: 0, x1: 64, y1: 48 });
  session.startStroke(32, 24, 8, 0);
  session.endStroke();
  const erased = session.markedFraction();
  assert.ok(erased < 1);
  session.apply(invertMask);
  assert.ok(Math.abs(session.markedFraction() - (1 - erased)) < 1e-12);
  session.undo();
  assert.equal(session.markedFraction(), erased);
  session.undo();
  assert.equal(session.markedFraction(), 1);
  session.undo();
  assert.equal(session.markedFraction(), 0);
  assert.equal(session.canUndo, false);
});

test("a mask from Python replaces the pixels as one undoable action", () => {
  const session = new MaskSession(4, 2);
  const data = new Uint8Array([1, 0, 0, 1, 0, 0, 0, 0]);
  assert.ok(session.replace(data));
  assert.deepEqual([...session.mask.data], [...data]);
  assert.equal(session.replace(data), null, "the same mask again changes nothing");
  session.undo();
  assert.equal(session.markedFraction(), 0);
  assert.throws(() => session.replace(new Uint8Array(3)), RangeError);
});

test("starting a stroke while one is under way finishes the first", () => {
  const session = new MaskSession(50, 50);
  session.startStroke(5, 5, 3, 1);
  session.startStroke(40, 40, 3, 1);
  session.endStroke();
  session.undo();
  assert.ok(session.markedFraction() > 0, "the first stroke is still there");
  session.undo();
  assert.equal(session.markedFraction(), 0);
});
