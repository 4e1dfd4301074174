import assert from "node:assert/strict";
import { test } from "node:test";

import { pngView, syncLater } from "../src/lib/sync_later.js";

const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

test("many schedules close together make one send, after the delay", async () => {
  let sends = 0;
  const sync = syncLater(async () => {
    sends += 1;
  }, 20);
  for (let i = 0; i < 5; i++) sync.schedule();
  assert.equal(sends, 0);
  await wait(40);
  await sync.idle();
  assert.equal(sends, 1);
});

test("a send waits for the one before it", async () => {
  const order = [];
  let first = true;
  const sync = syncLater(async () => {
    const mine = first ? "slow" : "fast";
    first = false;
    order.push(`${mine} start`);
    await wait(mine === "slow" ? 40 : 0);
    order.push(`${mine} end`);
  }, 5);
  sync.schedule();
  await wait(15);
  sync.schedule();
  await wait(80);
  await sync.idle();
  assert.deepEqual(order, ["slow start", "slow end", "fast start", "fast end"]);
});

test("cancel drops the send not yet started", async () => {
  let sends = 0;
  const sync = syncLater(async () => {
    sends += 1;
  }, 10);
  sync.schedule();
  sync.cancel();
  await wait(30);
  assert.equal(sends, 0);
});

test("pngView covers exactly the PNG's bytes", () => {
  const buffer = new Uint8Array([0, 1, 2, 3, 4, 5]);
  const view = pngView(buffer.subarray(2, 5));
  assert.equal(view.byteOffset, 2);
  assert.equal(view.byteLength, 3);
  assert.equal(view.getUint8(0), 2);
});
