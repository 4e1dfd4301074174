import assert from "node:assert/strict";
import { test } from "node:test";
import {
  countText,
  nest,
  pageCount,
  pageText,
  sliderClip,
  toggleCompare,
} from "../src/lib/gallery_model.js";

test("pages are counted and named only when there is more than one", () => {
  assert.equal(pageCount(0, 24), 1);
  assert.equal(pageCount(49, 24), 3);
  assert.equal(pageText(0, 24, 24), "");
  assert.equal(pageText(1, 49, 24), "Page 2 of 3");
});

test("the count line says how many images match", () => {
  assert.equal(countText(0, 0, false), "No images yet");
  assert.equal(countText(0, 0, true), "No images match");
  assert.equal(countText(1, 1, false), "1 image");
  assert.equal(countText(24, 130, false), "24 of 130 images");
});

test("comparison keeps the two most recently chosen images", () => {
  assert.deepEqual(toggleCompare([], "a"), ["a"]);
  assert.deepEqual(toggleCompare(["a"], "b"), ["a", "b"]);
  assert.deepEqual(toggleCompare(["a", "b"], "c"), ["b", "c"]);
  assert.deepEqual(toggleCompare(["a", "b"], "a"), ["b"]);
});

test("a depth-first list becomes the lineage tree again", () => {
  const nodes = [
    { sha: "root", depth: 0, label: "generate" },
    { sha: "edit", depth: 1, label: "edit" },
    { sha: "scarf", depth: 2, label: "edit" },
    { sha: "var1", depth: 2, label: "variation" },
    { sha: "other", depth: 1, label: "edit" },
  ];
  const [root, ...rest] = nest(nodes);
  assert.equal(rest.length, 0);
  assert.deepEqual(
    root.children.map((branch) => [branch.node.sha, branch.children.map((c) => c.node.sha)]),
    [
      ["edit", ["scarf", "var1"]],
      ["other", []],
    ],
  );
});

test("the slider clip shows the left part of the top image", () => {
  assert.equal(sliderClip(30), "inset(0 70% 0 0)");
  assert.equal(sliderClip(-5), "inset(0 100% 0 0)");
  assert.equal(sliderClip(140), "inset(0 0% 0 0)");
});
