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
  viewRect,
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
  renderOverlay(mask, { width: 4, height: 3 }, rect, out, [10, 20, 30]);
  assert.deepEqual([...out.subarray(4, 8)], [10, 20, 30, 255]);
  assert.equal(out.filter((v, i) => i % 4 === 3 && v === 255).length, 1);
  assert.equal(packRGBA(1, 2, 3, 4) >>> 0, new Uint32Array(new Uint8Array([1, 2, 3, 4]).buffer)[0]);
});

test("renderOverlay on a smaller overlay shows the mask pixel under each centre", () => {
  const mask = createMask(4000, 2000);
  for (let y = 0; y < 2000; y++) mask.data.fill(1, y * 4000, y * 4000 + 1000);
  const view = { width: 400, height: 200 };
  const out = new Uint8ClampedArray(400 * 200 * 4);
  renderOverlay(mask, view, { x0: 0, y0: 0, x1: 400, y1: 200 }, out, [1, 2, 3]);
  const alpha = (x, y) => out[(y * 400 + x) * 4 + 3];
  assert.equal(alpha(0, 0), 255);
  assert.equal(alpha(99, 199), 255);
  assert.equal(alpha(100, 0), 0);
  assert.equal(alpha(399, 100), 0);
});

test("viewRect covers every overlay pixel a changed mask rectangle shows", () => {
  const mask = createMask(4096, 4096);
  const view = { width: 640, height: 640 };
  assert.deepEqual(viewRect(mask, view, { x0: 0, y0: 0, x1: 4096, y1: 4096 }), { x0: 0, y0: 0, x1: 640, y1: 640 });
  const r = viewRect(mask, view, { x0: 1000, y0: 2000, x1: 1010, y1: 2001 });
  assert.ok(r.x0 <= Math.floor((1000 * 640) / 4096) && r.x1 >= Math.ceil((1010 * 640) / 4096));
  assert.ok(r.y0 <= 312 && r.y1 >= 313);
  assert.equal(viewRect(mask, { width: 0, height: 0 }, { x0: 0, y0: 0, x1: 5, y1: 5 }), null);
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

test("encodeMaskPng gives no bytes for a mask with nothing marked", async () => {
  assert.equal((await encodeMaskPng(createMask(64, 48))).length, 0);
});

test("encodeMaskPng writes a one-bit PNG whose black (edit) is transparent", async () => {
  const mask = createMask(11, 3);
  mask.data[0] = 1;
  mask.data[2 * 11 + 10] = 1;
  const png = await encodeMaskPng(mask);
  assert.deepEqual([...png.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10]);
  const chunks = readChunks(png);
  const header = new DataView(chunks.IHDR.buffer, chunks.IHDR.byteOffset, 13);
  assert.deepEqual([header.getUint32(0), header.getUint32(4)], [11, 3]);
  assert.deepEqual([...chunks.IHDR.subarray(8)], [1, 0, 0, 0, 0]);
  assert.deepEqual([...chunks.tRNS], [0, 0]);
  const raw = inflateSync(chunks.IDAT);
  assert.equal(raw.length, 3 * (1 + 2));
  const bits = [];
  for (let y = 0; y < 3; y++) {
    assert.equal(raw[y * 3], 0, "filter type none");
    for (let x = 0; x < 11; x++) bits.push((raw[y * 3 + 1 + (x >> 3)] >> (7 - (x & 7))) & 1);
  }
  const expected = Array(33).fill(1);
  expected[0] = 0;
  expected[32] = 0;
  assert.deepEqual(bits, expected);
  assert.ok("IEND" in chunks);
});
