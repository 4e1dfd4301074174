// Unit tests of the preview's helpers (bytes, object URLs, labels, keys): node --test.
import assert from "node:assert/strict";
import { test } from "node:test";
import { sameBytes, sniffImageType, viewBytes } from "../src/lib/bytes.js";
import { isSubmitKey } from "../src/lib/keys.js";
import { actionLabel, cancelLabel, counterText } from "../src/lib/labels.js";
import { UrlPool } from "../src/lib/urls.js";

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

test("viewBytes reads only the DataView's window of a larger buffer", () => {
  const buffer = new Uint8Array([9, 9, 9, ...PNG, 7, 7]).buffer;
  const view = new DataView(buffer, 3, PNG.length);
  assert.deepEqual([...viewBytes(view)], PNG);
  assert.equal(viewBytes(null).byteLength, 0);
  assert.equal(viewBytes(new Uint8Array(PNG).buffer).byteLength, PNG.length);
});

test("sniffImageType knows png, jpeg, webp and gif by their signatures", () => {
  assert.equal(sniffImageType(new Uint8Array(PNG)), "image/png");
  assert.equal(sniffImageType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0])), "image/jpeg");
  const webp = new TextEncoder().encode("RIFF\0\0\0\0WEBPVP8 ");
  assert.equal(sniffImageType(webp), "image/webp");
  assert.equal(sniffImageType(new TextEncoder().encode("GIF89a")), "image/gif");
  assert.equal(sniffImageType(new Uint8Array([1, 2, 3])), "application/octet-stream");
});

test("sameBytes compares contents, not identity", () => {
  assert.ok(sameBytes(new Uint8Array([1, 2]), new Uint8Array([1, 2])));
  assert.ok(!sameBytes(new Uint8Array([1, 2]), new Uint8Array([1, 3])));
  assert.ok(!sameBytes(new Uint8Array([1]), new Uint8Array([1, 2])));
});

/** Watch URL.createObjectURL / revokeObjectURL while `body` runs. */
function trackUrls(body) {
  const created = [];
  const revoked = [];
  const { createObjectURL, revokeObjectURL } = URL;
  URL.createObjectURL = (blob) => {
    const url = createObjectURL(blob);
    created.push({ url, type: blob.type, size: blob.size });
    return url;
  };
  URL.revokeObjectURL = (url) => {
    revoked.push(url);
    revokeObjectURL(url);
  };
  try {
    body();
  } finally {
    URL.createObjectURL = createObjectURL;
    URL.revokeObjectURL = revokeObjectURL;
  }
  return { created, revoked };
}

test("UrlPool keeps a URL for unchanged bytes and revokes the one it replaces", () => {
  const pool = new UrlPool();
  const urls = [];
  const { created, revoked } = trackUrls(() => {
    urls.push(pool.url("cell-0", new DataView(new Uint8Array(PNG).buffer)));
    urls.push(pool.url("cell-0", new DataView(new Uint8Array(PNG).buffer)));
    urls.push(pool.url("cell-0", new DataView(new Uint8Array([...PNG, 1]).buffer)));
  });
  assert.equal(urls[0], urls[1]);
  assert.notEqual(urls[2], urls[0]);
  assert.deepEqual(revoked, [urls[0]]);
  assert.equal(created.length, 2);
  assert.equal(created[0].type, "image/png");
  assert.equal(pool.size, 1);
});

test("UrlPool honours byteOffset when it makes a Blob", () => {
  const pool = new UrlPool();
  const { created } = trackUrls(() => {
    const buffer = new Uint8Array([0, 0, 0, 0, ...PNG]).buffer;
    pool.url("cell-0", new DataView(buffer, 4, PNG.length));
  });
  assert.equal(created[0].size, PNG.length);
  assert.equal(created[0].type, "image/png");
});

test("UrlPool revokes on empty bytes, on prune and on revokeAll", () => {
  const pool = new UrlPool();
  const { created, revoked } = trackUrls(() => {
    pool.url("cell-0", new Uint8Array(PNG));
    pool.url("cell-1", new Uint8Array(PNG));
    pool.url("strip-0", new Uint8Array(PNG));
    assert.equal(pool.url("cell-1", new Uint8Array(0)), "");
    pool.prune("cell-", new Set());
    assert.equal(pool.size, 1);
    pool.revokeAll();
  });
  assert.equal(pool.size, 0);
  assert.deepEqual(new Set(revoked), new Set(created.map(({ url }) => url)));
});

test("button names say which image or run they act on", () => {
  assert.equal(actionLabel("edit", 0), "Edit (image 1)");
  assert.equal(actionLabel("use", 2), "Use these settings (image 3)");
  assert.equal(actionLabel("copy", 1), "Copy as Python (image 2)");
  assert.equal(cancelLabel("Run 2"), "Cancel (Run 2)");
});

test("the prompt counter shows the length against the model's limit", () => {
  assert.equal(counterText(1234, 32000), "1,234 / 32,000 characters");
  assert.equal(counterText(5, 0), "5 characters");
});

test("Ctrl+Enter and Cmd+Enter submit; plain, shifted or repeated Enter does not", () => {
  assert.ok(isSubmitKey({ key: "Enter", ctrlKey: true }));
  assert.ok(isSubmitKey({ key: "Enter", metaKey: true }));
  assert.ok(!isSubmitKey({ key: "Enter" }));
  assert.ok(!isSubmitKey({ key: "Enter", ctrlKey: true, shiftKey: true }));
  assert.ok(!isSubmitKey({ key: "Enter", ctrlKey: true, repeat: true }));
  assert.ok(!isSubmitKey({ key: "Enter", metaKey: true, isComposing: true }));
  assert.ok(!isSubmitKey({ key: "a", ctrlKey: true }));
});
