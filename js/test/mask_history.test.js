import assert from "node:assert/strict";
import { test } from "node:test";

import { createMask, segmentBounds, stampSegment } from "../src/lib/mask_geometry.js";
import { MaskHistory, restoreTile, snapshotTile } from "../src/lib/mask_history.js";
import { fillMask, fullRect, invertMask } from "../src/lib/mask_ops.js";

function stroke(history, mask, ax, ay, bx, by, r, value = 1) {
  history.begin();
  history.touch(segmentBounds(mask, ax, ay, bx, by, r));
  stampSegment(mask, ax, ay, bx, by, r, value);
  return history.commit();
}

function whole(history, mask, change) {
  history.begin();
  history.touch(fullRect(mask));
  change(mask);
  return history.commit();
}

test("undo and redo walk back and forth through strokes", () => {
  const mask = createMask(130, 70);
  const history = new MaskHistory(mask, { tileSize: 16 });
  const states = [mask.data.slice()];
  stroke(history, mask, 5, 5, 100, 60, 6);
  states.push(mask.data.slice());
  stroke(history, mask, 120, 3, 10, 66, 3);
  states.push(mask.data.slice());
  stroke(history, mask, 60, 30, 60, 30, 20, 0);
  states.push(mask.data.slice());

  for (let i = 2; i >= 0; i--) {
    assert.ok(history.undo());
    assert.deepEqual(mask.data, states[i]);
  }
  assert.equal(history.canUndo, false);
  assert.equal(history.undo(), null);
  for (let i = 1; i <= 3; i++) {
    assert.ok(history.redo());
    assert.deepEqual(mask.data, states[i]);
  }
  assert.equal(history.canRedo, false);
});

test("a new action after undo drops the redo branch", () => {
  const mask = createMask(64, 64);
  const history = new MaskHistory(mask, { tileSize: 16 });
  stroke(history, mask, 10, 10, 50, 50, 4);
  history.undo();
  assert.equal(history.canRedo, true);
  stroke(history, mask, 50, 10, 10, 50, 4);
  assert.equal(history.canRedo, false);
});

test("an action that changes nothing is not kept", () => {
  const mask = createMask(64, 64);
  const history = new MaskHistory(mask);
  assert.equal(stroke(history, mask, 10, 10, 20, 20, 3, 0), false);
  assert.equal(history.canUndo, false);
});

test("invert, fill and clear are undoable and cheap on a 4096 x 4096 mask", () => {
  const mask = createMask(4096, 4096);
  const history = new MaskHistory(mask);
  stroke(history, mask, 100, 100, 3000, 2000, 80);
  const painted = mask.data.slice();
  whole(history, mask, invertMask);
  assert.equal(mask.data[0], 1);
  whole(history, mask, (m) => fillMask(m, 0));
  assert.equal(mask.data.some((v) => v === 1), false);
  whole(history, mask, (m) => fillMask(m, 1));
  assert.equal(mask.data.every((v) => v === 1), true);
  const stored = history.done.reduce((n, entry) => n + entry.bytes, 0);
  assert.ok(stored < 8 * 1024 * 1024, `history holds ${stored} bytes`);
  history.undo();
  history.undo();
  history.undo();
  assert.deepEqual(mask.data, painted);
});

test("invert twice is the identity, and undo restores the original", () => {
  const mask = createMask(33, 17);
  const history = new MaskHistory(mask, { tileSize: 8 });
  stroke(history, mask, 3, 3, 30, 12, 2.5);
  const before = mask.data.slice();
  whole(history, mask, invertMask);
  for (let i = 0; i < before.length; i++) assert.equal(mask.data[i], 1 - before[i]);
  whole(history, mask, invertMask);
  assert.deepEqual(mask.data, before);
  history.undo();
  history.undo();
  assert.deepEqual(mask.data, before);
});

test("the history drops the oldest actions beyond its byte budget", () => {
  const mask = createMask(256, 256);
  const history = new MaskHistory(mask, { tileSize: 16, budgetBytes: 4096 });
  for (let i = 0; i < 20; i++) stroke(history, mask, i * 12 + 3, 0, i * 12 + 3, 255, 1.5);
  assert.ok(history.done.length < 20);
  assert.ok(history.done.length >= 1);
});

test("tiles round-trip, uniform tiles as numbers", () => {
  const mask = createMask(20, 10);
  assert.equal(snapshotTile(mask, 1, 0, 16), 0);
  mask.data[5 * 20 + 17] = 1;
  const tile = snapshotTile(mask, 1, 0, 16);
  assert.ok(tile instanceof Uint8Array);
  assert.equal(tile.length, 4 * 10);
  mask.data.fill(1);
  restoreTile(mask, 1, 0, 16, tile);
  assert.equal(mask.data[5 * 20 + 17], 1);
  assert.equal(mask.data[5 * 20 + 18], 0);
  assert.equal(mask.data[5 * 20 + 15], 1);
});
