// Unit tests of the preview's frame models (lib/frames.js): node --test.
import assert from "node:assert/strict";
import { test } from "node:test";
import { FrameModels, modelResolver } from "../src/lib/frames.js";

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** A stand-in for a FrameData model: `data` and change listeners. */
class FakeFrame {
  constructor(bytes = []) {
    this.data = new DataView(new Uint8Array(bytes).buffer);
    this.listeners = new Set();
  }
  get(name) {
    return name === "data" ? this.data : undefined;
  }
  on(_event, callback) {
    this.listeners.add(callback);
  }
  off(_event, callback) {
    this.listeners.delete(callback);
  }
  set(bytes) {
    this.data = new DataView(new Uint8Array(bytes).buffer);
    for (const callback of this.listeners) callback();
  }
}

function watchUrls() {
  const log = { created: [], revoked: [] };
  const { createObjectURL, revokeObjectURL } = URL;
  URL.createObjectURL = (blob) => {
    const url = createObjectURL(blob);
    log.created.push(url);
    return url;
  };
  URL.revokeObjectURL = (url) => {
    log.revoked.push(url);
    revokeObjectURL(url);
  };
  log.restore = () => Object.assign(URL, { createObjectURL, revokeObjectURL });
  return log;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

test("each frame model gets one URL, a new one only when its own bytes change", async () => {
  const models = { "anywidget:a": new FakeFrame(PNG), "anywidget:b": new FakeFrame() };
  let redraws = 0;
  const frames = new FrameModels(async (ref) => models[ref], () => redraws++);
  const urls = watchUrls();
  try {
    frames.sync(["anywidget:a", "anywidget:b"]);
    assert.deepEqual(frames.urls(), ["", ""], "empty until the models are found");
    await settle();
    const [first, empty] = frames.urls();
    assert.ok(first.startsWith("blob:"));
    assert.equal(empty, "");
    models["anywidget:b"].set([...PNG, 1]);
    assert.equal(frames.urls()[0], first, "another frame's change leaves this URL alone");
    assert.ok(frames.urls()[1].startsWith("blob:"));
    frames.sync(["anywidget:a", "anywidget:b"]);
    assert.equal(urls.created.length, 2, "a repeated list makes no URL");
    models["anywidget:a"].set([...PNG, 2]);
    assert.deepEqual(urls.revoked, [first]);
    assert.ok(redraws >= 4);
  } finally {
    urls.restore();
  }
});

test("frames that leave the list are let go: listener off, URL revoked", async () => {
  const kept = new FakeFrame(PNG);
  const gone = new FakeFrame(PNG);
  const models = { "anywidget:kept": kept, "anywidget:gone": gone };
  const frames = new FrameModels(async (ref) => models[ref], () => {});
  const urls = watchUrls();
  try {
    frames.sync(["anywidget:kept", "anywidget:gone"]);
    await settle();
    const goneUrl = frames.urls()[1];
    frames.sync(["anywidget:kept"]);
    assert.equal(gone.listeners.size, 0);
    assert.deepEqual(urls.revoked, [goneUrl]);
    frames.dispose();
    assert.equal(kept.listeners.size, 0);
    assert.equal(urls.revoked.length, 2);
  } finally {
    urls.restore();
  }
});

test("a frame resolved after it left the list (or after dispose) is not followed", async () => {
  const late = new FakeFrame(PNG);
  let release;
  const frames = new FrameModels(() => new Promise((resolve) => (release = resolve)), () => {});
  frames.sync(["anywidget:late"]);
  frames.sync([]);
  release(late);
  await settle();
  assert.equal(late.listeners.size, 0);
  assert.deepEqual(frames.urls(), []);
});

test("references resolve through the widget manager, and are remembered until they close", async () => {
  const frame = new FakeFrame(PNG);
  let closed;
  frame.once = (_events, callback) => (closed = callback);
  const asked = [];
  const manager = { get_model: async (id) => (asked.push(id), frame) };
  const resolve = modelResolver({ model: { widget_manager: manager } });
  assert.equal(await resolve("anywidget:abc"), frame);
  assert.deepEqual(asked, ["abc"]);
  const again = new FrameModels(resolve, () => {});
  again.sync(["anywidget:abc"]);
  assert.ok(again.urls()[0].startsWith("blob:"), "a remembered model is shown at once");
  again.dispose();
  closed();
  const after = new FrameModels(resolve, () => {});
  after.sync(["anywidget:abc"]);
  assert.deepEqual(after.urls(), [""], "a closed model is looked up again");
  after.dispose();
});
