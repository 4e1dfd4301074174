import assert from "node:assert/strict";
import { test } from "node:test";
import { inflateSync } from "node:zlib";

import { createMask, stampSegment } from "../src/lib/mask_geometry.js";
import {
  countMarked,
  fillMask,
  invertMask,
  maskFromAlpha,
  packRGBA,
  parseHexColor,
  renderOverlay,
} from "../src/lib/mask_ops.js";
import { crc32, encodeMaskPng } from "../src/lib/mask_png.js";

test("invert swaps edit and keep; fill and count agree", () => {
  const mask = createMask(10, 4);
  stampSegment(mask, 2, 2, 2, 2, 1.5, 1);
  const painted = countMarked(mask);
  assert.ok(painted > 0);
  invertMask(mask);
  assert.equal(countMarked(mask), 40 - painted);
  fillMask(mask, 1);
  assert.equal(countMarked(mask), 40);
  fillMask(mask, 0);
  assert.equal(countMarked(mask), 0);
});

test("renderOverlay colours marked pixels of the rectangle only", () => {
  const mask = createMask(4, 3);
  mask.data[1 * 4 + 2] = 1;
  const rect = { x0: 1, y0: 1, x1: 4, y1: 3 };
  const out = new Uint8ClampedArray(3 * 2 * 4);
  renderOverlay(mask, rect, out, [10, 20, 30]);
  assert.deepEqual([...out.subarray(4, 8)], [10, 20, 30, 255]);
  assert.equal(out.filter((v, i) => i % 4 === 3 && v === 255).length, 1);
  assert.equal(packRGBA(1, 2, 3, 4) >>> 0, new Uint32Array(new Uint8Array([1, 2, 3, 4]).buffer)[0]);
});

test("maskFromAlpha reads the API convention: transparent means edit", () => {
  const rgba = new Uint8Array([0, 0, 0, 0, 9, 9, 9, 255, 0, 0, 0, 127, 0, 0, 0, 128]);
  assert.deepEqual([...maskFromAlpha(rgba, 2, 2).data], [1, 0, 1, 0]);
});

test("parseHexColor reads #rgb and #rrggbb and falls back otherwise", () => {
  assert.deepEqual(parseHexColor("#ff0080"), [255, 0, 128]);
  assert.deepEqual(parseHexColor("#0f8"), [0, 255, 136]);
  assert.deepEqual(parseHexColor("red", [1, 2, 3]), [1, 2, 3]);
});

test("crc32 matches the standard check value", () => {
  const bytes = new TextEncoder().encode("123456789");
  assert.equal((crc32(bytes) ^ 0xffffffff) >>> 0, 0xcbf43926);
});

function readChunks(png) {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const chunks = {};
  for (let at = 8; at < png.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    const body = png.subarray(at + 8, at + 8 + length);
    const crc = view.getUint32(at + 8 + length);
    assert.equal(crc, (crc32(png.subarray(at + 4, at + 8 + length)) ^ 0xffffffff) >>> 0, type);
    chunks[type] = body;
    at += 12 + length;
  }
  return chunks;
}

test("encodeMaskPng writes a gray+alpha PNG, alpha 0 where the mask says edit", async () => {
  const mask = createMask(5, 3);
  mask.data[0] = 1;
  mask.data[2 * 5 + 4] = 1;
  const png = await encodeMaskPng(mask);
  assert.deepEqual([...png.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10]);
  const chunks = readChunks(png);
  const header = new DataView(chunks.IHDR.buffer, chunks.IHDR.byteOffset, 13);
  assert.deepEqual([header.getUint32(0), header.getUint32(4)], [5, 3]);
  assert.deepEqual([...chunks.IHDR.subarray(8)], [8, 4, 0, 0, 0]);
  const raw = inflateSync(chunks.IDAT);
  assert.equal(raw.length, 3 * (1 + 5 * 2));
  const alphas = [];
  for (let y = 0; y < 3; y++) for (let x = 0; x < 5; x++) alphas.push(raw[y * 11 + 1 + x * 2 + 1]);
  assert.deepEqual(alphas, [0, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 0]);
  assert.ok("IEND" in chunks);
});
