import assert from "node:assert/strict";
import { test } from "node:test";

import {
  brushRadius,
  clipRect,
  createMask,
  rowSpan,
  stampSegment,
  toImagePoint,
  unionRect,
} from "../src/lib/mask_geometry.js";

/** Brute force: is the centre of pixel (px, py) within r of segment a-b? */
function covered(px, py, ax, ay, bx, by, r) {
  const x = px + 0.5;
  const y = py + 0.5;
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2));
  const cx = ax + t * dx - x;
  const cy = ay + t * dy - y;
  return cx * cx + cy * cy <= r * r;
}

function marked(mask) {
  return [...mask.data].reduce((n, v) => n + v, 0);
}

test("toImagePoint maps a displayed point to native pixels at any zoom", () => {
  const box = { left: 100, top: 50, width: 800, height: 450 };
  assert.deepEqual(toImagePoint(100, 50, box, 4096, 2304), { x: 0, y: 0 });
  assert.deepEqual(toImagePoint(900, 500, box, 4096, 2304), { x: 4096, y: 2304 });
  assert.deepEqual(toImagePoint(500, 275, box, 4096, 2304), { x: 2048, y: 1152 });
  assert.deepEqual(toImagePoint(200, 100, { left: 0, top: 0, width: 400, height: 400 }, 100, 100), {
    x: 50,
    y: 25,
  });
});

test("brushRadius scales screen pixels to image pixels and never vanishes", () => {
  const box = { left: 0, top: 0, width: 512, height: 512 };
  assert.equal(brushRadius(40, box, 4096), 160);
  assert.equal(brushRadius(40, box, 512), 20);
  assert.equal(brushRadius(1, box, 64), Math.SQRT1_2);
});

test("stampSegment marks exactly the pixels whose centres lie in the capsule", () => {
  const cases = [
    [5.3, 7.1, 30.2, 19.9, 4.2],
    [10, 10, 10, 10, 6],
    [3, 30, 3, 2, 2.5],
    [2, 12.5, 38, 12.5, 3],
    [39, 0, 0, 39, 1.1],
    [-5, -5, 50, 20, 7],
  ];
  for (const [ax, ay, bx, by, r] of cases) {
    const mask = createMask(40, 32);
    const dirty = stampSegment(mask, ax, ay, bx, by, r, 1);
    for (let py = 0; py < 32; py++) {
      for (let px = 0; px < 40; px++) {
        const want = covered(px, py, ax, ay, bx, by, r) ? 1 : 0;
        assert.equal(mask.data[py * 40 + px], want, `pixel ${px},${py} of ${[ax, ay, bx, by, r]}`);
        if (want) assert.ok(px >= dirty.x0 && px < dirty.x1 && py >= dirty.y0 && py < dirty.y1);
      }
    }
  }
});

test("stampSegment erases with value 0 and reports null off the image", () => {
  const mask = createMask(20, 20);
  mask.data.fill(1);
  stampSegment(mask, 10, 10, 10, 10, 3, 0);
  assert.equal(mask.data[10 * 20 + 10], 0);
  assert.equal(mask.data[0], 1);
  let inside = 0;
  for (let i = 0; i < 400; i++) inside += covered(i % 20, Math.floor(i / 20), 10, 10, 10, 10, 3);
  assert.equal(marked(mask), 400 - inside);
  assert.equal(stampSegment(mask, -50, -50, -40, -40, 3, 1), null);
});

test("rowSpan is null above and below the capsule", () => {
  assert.equal(rowSpan(0, 0, 10, 0, 2, 3), null);
  assert.deepEqual(rowSpan(0, 0, 10, 0, 2, 0), [-2, 12]);
});

test("rect helpers clip and union", () => {
  assert.deepEqual(clipRect({ x0: -3, y0: 2, x1: 50, y1: 9 }, 40, 8), { x0: 0, y0: 2, x1: 40, y1: 8 });
  assert.equal(clipRect({ x0: 41, y0: 0, x1: 50, y1: 9 }, 40, 8), null);
  assert.deepEqual(unionRect(null, { x0: 1, y0: 1, x1: 2, y1: 2 }), { x0: 1, y0: 1, x1: 2, y1: 2 });
  assert.deepEqual(unionRect({ x0: 1, y0: 5, x1: 2, y1: 6 }, { x0: 3, y0: 1, x1: 4, y1: 2 }), {
    x0: 1,
    y0: 1,
    x1: 4,
    y1: 6,
  });
});

test("createMask keeps the native resolution and refuses empty sizes", () => {
  const mask = createMask(4096, 3072);
  assert.equal(mask.data.length, 4096 * 3072);
  assert.throws(() => createMask(0, 10), RangeError);
});
