import assert from "node:assert/strict";
import { test } from "node:test";
import { inflateSync } from "node:zlib";

import { compositeOver, coverage, createLayer, encodeMarkupPng, layerBytes, renderLayer } from "../src/lib/markup_layer.js";
import { COLORS, NOUNS, TOOLS, arrowHead, drawMark, isMark, markBounds, markName } from "../src/lib/markup_marks.js";
import { MarkupSession } from "../src/lib/markup_session.js";
import { MaskHistory } from "../src/lib/mask_history.js";

const RED = [229, 57, 53, 255];

/** A rect-sized straight RGBA image of one colour. */
function solid(rect, rgba = RED) {
  const pixels = new Uint8ClampedArray((rect.x1 - rect.x0) * (rect.y1 - rect.y0) * 4);
  for (let i = 0; i < pixels.length; i += 4) pixels.set(rgba, i);
  return pixels;
}

function pixel(layer, x, y) {
  return [...layerBytes(layer).subarray((y * layer.width + x) * 4, (y * layer.width + x) * 4 + 4)];
}

test("the tools, colours and names come from markup.json", () => {
  assert.deepEqual(TOOLS, ["pen", "arrow", "circle", "rectangle"]);
  assert.equal(NOUNS.pen, "stroke");
  assert.equal(COLORS.red, "#e53935");
  assert.equal(markName({ tool: "circle", color: "red" }), "red circle");
  assert.equal(markName({ tool: "pen", color: "blue" }), "blue stroke");
});

test("an arrow's head sits at the tip, symmetric, with the shaft stopping inside it", () => {
  const { triangle, stop } = arrowHead(0, 0, 100, 0, 5);
  const [tip, left, right] = triangle;
  assert.deepEqual(tip, { x: 100, y: 0 });
  assert.ok(Math.abs(left.y + right.y) < 1e-9, "symmetric about the shaft");
  assert.ok(Math.abs(Math.hypot(tip.x - left.x, left.y) - 20) < 1e-9, "head length 4 x width");
  assert.ok(Math.abs(left.x - right.x) < 1e-9);
  assert.ok(stop.x > left.x && stop.x < tip.x);
  const short = arrowHead(0, 0, 10, 0, 5).triangle;
  assert.ok(short[1].x >= 4 - 1e-9, "the head never longer than 60% of a short arrow");
});

test("a mark's bounds hold its line and its arrow head, clipped to the layer", () => {
  const pen = { tool: "pen", color: "red", width: 4, points: [{ x: 10, y: 10 }, { x: 30, y: 12 }] };
  assert.deepEqual(markBounds(pen, 100, 100), { x0: 6, y0: 6, x1: 34, y1: 16 });
  const arrow = { tool: "arrow", color: "red", width: 4, points: [{ x: 50, y: 50 }, { x: 50, y: 10 }] };
  const box = markBounds(arrow, 100, 100);
  assert.ok(box.x0 < 50 - 4 && box.x1 > 50 + 4, "the head is wider than the shaft");
  assert.deepEqual(markBounds({ ...pen, points: [{ x: -50, y: -50 }] }, 100, 100), null);
  assert.deepEqual(markBounds({ ...pen, points: [{ x: 98, y: 98 }] }, 100, 100), { x0: 94, y0: 94, x1: 100, y1: 100 });
});

test("a click is a pen dot but no shape", () => {
  const at = [{ x: 5, y: 5 }];
  assert.ok(isMark({ tool: "pen", width: 6, points: at }));
  assert.ok(!isMark({ tool: "circle", width: 6, points: [...at, { x: 7, y: 6 }] }));
  assert.ok(isMark({ tool: "rectangle", width: 6, points: [...at, { x: 25, y: 6 }] }));
});

function recorder() {
  const calls = [];
  const ctx = new Proxy({}, {
    get: (target, name) => (name in target ? target[name] : (...args) => calls.push([name, ...args])),
    set: (target, name, value) => ((target[name] = value), true),
  });
  return { ctx, calls };
}

test("drawMark strokes each tool in its colour and width", () => {
  const points = [{ x: 10, y: 20 }, { x: 50, y: 60 }];
  for (const [tool, expected] of [["circle", "ellipse"], ["rectangle", "rect"], ["arrow", "fill"], ["pen", "lineTo"]]) {
    const { ctx, calls } = recorder();
    drawMark(ctx, { tool, color: "blue", width: 7, points });
    assert.equal(ctx.strokeStyle, COLORS.blue);
    assert.equal(ctx.lineWidth, 7);
    assert.ok(calls.some(([name]) => name === expected), `${tool} uses ${expected}`);
    assert.equal(calls.at(-1)[0], "stroke");
  }
  const { ctx, calls } = recorder();
  drawMark(ctx, { tool: "circle", color: "red", width: 2, points });
  assert.deepEqual(calls.find(([name]) => name === "ellipse").slice(1, 5), [30, 40, 20, 20]);
});

test("compositeOver lays colour over the layer like source-over", () => {
  const layer = createLayer(4, 2);
  compositeOver(layer, { x0: 1, y0: 0, x1: 3, y1: 1 }, solid({ x0: 1, y0: 0, x1: 3, y1: 1 }));
  assert.deepEqual(pixel(layer, 1, 0), RED);
  assert.deepEqual(pixel(layer, 0, 0), [0, 0, 0, 0]);
  compositeOver(layer, { x0: 2, y0: 0, x1: 4, y1: 1 }, solid({ x0: 2, y0: 0, x1: 4, y1: 1 }, [0, 0, 255, 128]));
  assert.deepEqual(pixel(layer, 2, 0), [114, 28, 154, 255], "half blue over red");
  assert.deepEqual(pixel(layer, 3, 0), [0, 0, 255, 128], "half blue over nothing");
  compositeOver(layer, { x0: 0, y0: 0, x1: 4, y1: 2 }, new Uint8ClampedArray(32));
  assert.deepEqual(pixel(layer, 1, 0), RED, "transparent pixels change nothing");
  assert.deepEqual(coverage(layer), { painted: 3, clear: true });
});

test("renderLayer samples the layer under each overlay pixel", () => {
  const layer = createLayer(8, 8);
  compositeOver(layer, { x0: 4, y0: 4, x1: 8, y1: 8 }, solid({ x0: 4, y0: 4, x1: 8, y1: 8 }));
  const out = new Uint8ClampedArray(2 * 2 * 4);
  renderLayer(layer, { width: 2, height: 2 }, { x0: 0, y0: 0, x1: 2, y1: 2 }, out);
  assert.deepEqual([...out.subarray(0, 4)], [0, 0, 0, 0]);
  assert.deepEqual([...out.subarray(12, 16)], RED);
});

test("encodeMarkupPng writes an RGBA PNG of the layer, and nothing when nothing is drawn", async () => {
  const layer = createLayer(5, 3);
  assert.equal((await encodeMarkupPng(layer)).length, 0);
  compositeOver(layer, { x0: 4, y0: 2, x1: 5, y1: 3 }, solid({ x0: 4, y0: 2, x1: 5, y1: 3 }));
  const png = await encodeMarkupPng(layer);
  const view = new DataView(png.buffer, png.byteOffset);
  assert.equal(String.fromCharCode(...png.subarray(12, 16)), "IHDR");
  assert.deepEqual([view.getUint32(16), view.getUint32(20), png[24], png[25]], [5, 3, 8, 6]);
  const idat = png.indexOf(0x49, 33);
  const length = view.getUint32(idat - 4);
  const raw = inflateSync(png.subarray(idat + 4, idat + 4 + length));
  assert.equal(raw.length, 3 * (1 + 5 * 4));
  assert.deepEqual([...raw.subarray(2 * 21 + 1 + 16, 2 * 21 + 21)], RED);
  assert.equal(raw.reduce((n, b) => n + b, 0), RED.reduce((n, b) => n + b, 0), "only that pixel");
});

test("the history keeps RGBA tiles of a Uint32 layer, one value when uniform", () => {
  const layer = createLayer(128, 64);
  const history = new MaskHistory(layer, { tileSize: 64 });
  history.begin();
  history.touch({ x0: 0, y0: 0, x1: 128, y1: 64 });
  compositeOver(layer, { x0: 70, y0: 0, x1: 72, y1: 2 }, solid({ x0: 70, y0: 0, x1: 72, y1: 2 }));
  assert.ok(history.commit({ note: "a dot" }));
  const [entry] = history.done;
  assert.equal(entry.tiles.size, 1, "the untouched tile is dropped");
  assert.ok(entry.tiles.values().next().value.after instanceof Uint32Array);
  assert.deepEqual(history.undoEntry().meta, { note: "a dot" });
  assert.equal(coverage(layer).painted, 0);
});

function drawn(session, tool, color, rect) {
  return session.add({ tool, color, width: 4, points: [] }, rect, solid(rect));
}

test("a mark is one undoable action, and its label comes back with it", () => {
  const session = new MarkupSession(100, 80);
  const rect = { x0: 10, y0: 10, x1: 30, y1: 20 };
  assert.deepEqual(drawn(session, "circle", "red", rect), rect);
  session.setLabel(1, "a window");
  drawn(session, "arrow", "blue", { x0: 50, y0: 50, x1: 60, y1: 70 });
  assert.deepEqual(session.describe().map((m) => [m.id, m.tool, m.color, m.label]), [
    [1, "circle", "red", "a window"],
    [2, "arrow", "blue", ""],
  ]);
  assert.deepEqual(session.describe()[0].box, [10, 10, 30, 20]);
  session.undo();
  session.undo();
  assert.deepEqual(session.describe(), []);
  assert.equal(session.coverage().painted, 0);
  session.redo();
  assert.deepEqual(session.summary(), ["1. red circle: a window"]);
  assert.equal(session.coverage().painted, 200);
  assert.equal(drawn(session, "pen", "green", rect), null, "the same pixels again change nothing");
  assert.ok(session.canRedo, "a mark that changes nothing is no action: the redo stays");
  drawn(session, "pen", "green", { x0: 60, y0: 0, x1: 61, y1: 1 });
  assert.ok(!session.canRedo, "a new mark ends the redo history");
});

test("clear is undoable; a markup from Python replaces the layer and its marks", () => {
  const session = new MarkupSession(20, 10);
  drawn(session, "rectangle", "green", { x0: 0, y0: 0, x1: 5, y1: 5 });
  assert.ok(session.clear());
  assert.equal(session.coverage().painted, 0);
  assert.deepEqual(session.marks, []);
  session.undo();
  assert.equal(session.marks.length, 1);
  const pixels = new Uint32Array(200).fill(0xff0000ff);
  pixels[0] = 0;
  session.replace(pixels, [{ id: 7, tool: "arrow", color: "blue", label: "move it here" }]);
  assert.deepEqual(session.summary(), ["1. blue arrow: move it here"]);
  assert.deepEqual(session.coverage(), { painted: 199, clear: true });
  drawn(session, "pen", "red", { x0: 0, y0: 0, x1: 1, y1: 1 });
  assert.equal(session.marks.at(-1).id, 8, "new marks follow Python's ids");
  assert.throws(() => session.replace(new Uint32Array(3)), RangeError);
});
