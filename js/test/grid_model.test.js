// The grid view's pure helpers: windows of rows, the pager's words, diff marks, progress.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  diffWords,
  progressPercent,
  windowCount,
  windowRows,
  windowText,
} from "../src/lib/grid_model.js";

test("rows are shown a window at a time, the last window clamped", () => {
  assert.equal(windowCount(35, 10), 4);
  assert.deepEqual(windowRows(1, 35, 10), [10, 20]);
  assert.deepEqual(windowRows(9, 35, 10), [30, 35]);
  assert.deepEqual(windowRows(-1, 35, 10), [0, 10]);
  assert.equal(windowText(3, 35, 10), "Rows 31–35 of 35");
  assert.equal(windowText(0, 8, 10), "");
});

test("changed words are marked only while the diff is on", () => {
  const words = ["a", "red", "fox"];
  const changed = [false, true, false];
  assert.deepEqual(
    diffWords(words, changed, true).map((w) => w.changed),
    [false, true, false],
  );
  assert.deepEqual(
    diffWords(words, changed, false).map((w) => w.changed),
    [false, false, false],
  );
});

test("progress is a percentage of the requests answered", () => {
  assert.equal(progressPercent({ done: 3, total: 4 }), 75);
  assert.equal(progressPercent({}), 0);
});
