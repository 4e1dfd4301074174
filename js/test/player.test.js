// Unit tests of the GIF player's helpers and of SVG recognition: node --test.
import assert from "node:assert/strict";
import { test } from "node:test";
import { sniffImageType } from "../src/lib/bytes.js";
import { delayOf, frameText } from "../src/lib/player.js";

const text = (value) => new TextEncoder().encode(value);

test("frameText says which frame of how many, counting from 1", () => {
  assert.equal(frameText(0, 9), "frame 1 of 9");
  assert.equal(frameText(8, 9), "frame 9 of 9");
});

test("delayOf honours each frame's duration, never below 20 ms, 100 ms when unknown", () => {
  assert.equal(delayOf([200, 50], 1), 50);
  assert.equal(delayOf([5], 0), 20);
  assert.equal(delayOf([], 3), 100);
});

test("sniffImageType knows an SVG document, with or without a prologue", () => {
  assert.equal(sniffImageType(text('<svg xmlns="http://www.w3.org/2000/svg"/>')), "image/svg+xml");
  assert.equal(sniffImageType(text('\uFEFF  <?xml version="1.0"?><svg/>')), "image/svg+xml");
  assert.equal(sniffImageType(text("<html><svg/></html>")), "application/octet-stream");
  assert.equal(sniffImageType(text("<svgx/>")), "application/octet-stream");
});
