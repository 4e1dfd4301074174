"""How long one brush stroke costs the mask painter, on a 4096-pixel image and a 1024-pixel one.

Runs the painter's own helpers (``js/src/lib/mask_*.js``) in Node, outside the browser: a stroke
of ``MOVES`` pointer moves across the image, each stamping the brush into the native-resolution
mask, saving undo tiles and rendering the overlay pixels that changed on a screen-sized overlay
(800 CSS pixels at device pixel ratio 2: what the view does per animation frame), then the
stroke's commit and the PNG sent to Python. The canvas upload itself (``putImageData``) is the
browser's: ``--browser`` measures it.

Reports milliseconds per stroke and per move, the move's share of a 60 Hz frame budget, and the
4096/1024 ratio measured side by side. Run: ``.venv/bin/python benchmarks/bench_mask_painter.py``.

With ``--browser`` it also renders the built view (``imagewidgets/static/mask_painter.js``, build it
first) in Debian's Chromium with a stand-in widget model, and paints strokes of pointer events one
per animation frame: milliseconds spent in the handlers per move, the slowest frame interval, and
the time until the mask PNG reaches the model, at 1024 and 4096 pixels side by side.
"""

from __future__ import annotations

import base64
import http.server
import importlib
import io
import json
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

JS = Path(__file__).resolve().parent.parent / "js"
MOVES = 120
DISPLAY_WIDTH = 800
BRUSH_CSS = 40
FRAME_MS = 1000 / 60

SCRIPT = """
import { brushRadius } from "./src/lib/mask_geometry.js";
import { renderOverlay, viewRect } from "./src/lib/mask_ops.js";
import { encodeMaskPng } from "./src/lib/mask_png.js";
import { MaskSession } from "./src/lib/mask_session.js";

const [moves, displayWidth, brush, rounds] = process.argv.slice(1).map(Number);

function stroke(session, side, k) {
  const box = { left: 0, top: 0, width: displayWidth, height: displayWidth };
  const r = brushRadius(brush, box, side);
  const view = { width: displayWidth * 2, height: displayWidth * 2 };
  const y = (side * (k % 7 + 1)) / 8;
  const t = performance.now();
  session.startStroke(side * 0.05, y, r, 1);
  let worst = 0;
  for (let i = 1; i <= moves; i++) {
    const start = performance.now();
    const x = side * (0.05 + 0.9 * (i / moves));
    const changed = session.moveStroke(x, y + Math.sin(i / 9) * side * 0.05);
    const rect = changed && viewRect(session.mask, view, changed);
    if (rect) {
      const out = new Uint8ClampedArray((rect.x1 - rect.x0) * (rect.y1 - rect.y0) * 4);
      renderOverlay(session.mask, view, rect, out, [255, 64, 129]);
    }
    worst = Math.max(worst, performance.now() - start);
  }
  session.endStroke();
  return { paint: performance.now() - t, worst };
}

const results = {};
for (const side of [1024, 4096]) {
  const session = new MaskSession(side, side);
  const paints = [], worsts = [], encodes = [];
  for (let k = 0; k < rounds; k++) {
    const { paint, worst } = stroke(session, side, k);
    const t = performance.now();
    await encodeMaskPng(session.mask);
    encodes.push(performance.now() - t);
    paints.push(paint);
    worsts.push(worst);
  }
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  results[side] = { stroke: median(paints), worstMove: median(worsts), encode: median(encodes) };
}
console.log(JSON.stringify(results));
"""


def run(rounds: int = 9) -> dict[str, dict[str, float]]:
    """Measure both sizes in one Node process; medians over ``rounds`` strokes."""
    node = shutil.which("node")
    if node is None:
        raise SystemExit("node is not on PATH: the benchmark runs the JS helpers in Node.")
    args = [str(MOVES), str(DISPLAY_WIDTH), str(BRUSH_CSS), str(rounds)]
    command = [node, "--input-type=module", "-e", SCRIPT, "--", *args]
    done = subprocess.run(command, cwd=JS, capture_output=True, text=True, check=True)
    results: dict[str, dict[str, float]] = json.loads(done.stdout)
    return results


PAGE = """<!doctype html><html><head><link rel=stylesheet href=/static/mask_painter.css></head>
<body style="width:900px;margin:0"><div id=host></div><script type=module>
import view from "/static/mask_painter.js";
class Model {
  constructor(state) { this.state = state; this.handlers = {}; }
  get(k) { return this.state[k]; }
  set(k, v) { this.state[k] = v; for (const f of this.handlers["change:" + k] || []) f(); }
  on(ev, fn) { for (const e of ev.split(" ")) (this.handlers[e] ||= []).push(fn); }
  off(ev, fn) {
    const keep = (f) => f !== fn;
    for (const e of ev.split(" ")) this.handlers[e] = (this.handlers[e] || []).filter(keep);
  }
  save_changes() { window.sentAt = performance.now(); }
  send() {}
}
const frame = () => new Promise(requestAnimationFrame);
window.measure = async (side, image, moves, strokes) => {
  const host = document.getElementById("host");
  const bytes = Uint8Array.from(atob(image), (c) => c.charCodeAt(0));
  const model = new Model({ image_data: new DataView(bytes.buffer), image_width: side,
    image_height: side, mask_png: new DataView(new ArrayBuffer(0)), tool: "brush", brush_size: 40,
    overlay_opacity: 0.5, overlay_color: "#ff4081", max_height: "800px" });
  const cleanup = view.render({ model, el: host });
  for (let i = 0; i < 20; i++) await frame();
  const canvas = host.querySelector("canvas.iw-mp-overlay");
  const r = canvas.getBoundingClientRect();
  const send = (type, x, y) => canvas.dispatchEvent(new PointerEvent(type, { clientX: x, clientY: y,
    pointerId: 1, pointerType: "mouse", button: 0, buttons: 1, bubbles: true }));
  const handler = [], intervals = [], syncs = [];
  for (let k = 0; k < strokes; k++) {
    const y = r.top + r.height * (k + 1) / (strokes + 1);
    send("pointerdown", r.left + 10, y);
    let last = await frame();
    for (let i = 1; i <= moves; i++) {
      const t = performance.now();
      send("pointermove", r.left + 10 + i * (r.width - 20) / moves, y + 20 * Math.sin(i / 8));
      handler.push(performance.now() - t);
      const now = await frame();
      intervals.push(now - last);
      last = now;
    }
    window.sentAt = 0;
    const up = performance.now();
    send("pointerup", r.right - 10, y);
    while (!window.sentAt) await new Promise((done) => setTimeout(done, 5));
    syncs.push(window.sentAt - up);
  }
  cleanup();
  const sorted = (xs) => [...xs].sort((a, b) => a - b);
  const mean = handler.reduce((a, b) => a + b, 0) / handler.length;
  return { handler: mean, p95: sorted(intervals)[Math.floor(intervals.length * 0.95)],
    sync: sorted(syncs)[Math.floor(syncs.length / 2)] };
};
window.ready = true;
</script></body></html>"""


class _Files(http.server.BaseHTTPRequestHandler):
    """Serves the page and the built view, nothing else."""

    def do_GET(self) -> None:
        static = JS.parent / "imagewidgets" / "static"
        files: dict[str, tuple[Path | None, str]] = {
            "/": (None, "text/html"),
            "/static/mask_painter.js": (static / "mask_painter.js", "text/javascript"),
            "/static/mask_painter.css": (static / "mask_painter.css", "text/css"),
        }
        found = files.get(self.path)
        if found is None:
            self.send_error(404)
            return
        path, kind = found
        body = PAGE.encode() if path is None else path.read_bytes()
        self.send_response(200)
        self.send_header("content-type", kind)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


def run_browser(moves: int = 60, strokes: int = 5) -> dict[int, dict[str, float]]:
    """Paint in the built view in Chromium at 1024 and 4096 pixels (one page, side by side)."""
    from PIL import Image
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(JS.parent))
    launch_chromium = importlib.import_module("tests.browser.harness").launch_chromium

    buffer = io.BytesIO()
    Image.new("RGB", (1024, 1024), "teal").save(buffer, format="PNG")
    image = base64.b64encode(buffer.getvalue()).decode()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Files)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            page = browser.new_page(viewport={"width": 1000, "height": 900})
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
            page.wait_for_function("window.ready === true")
            measure = "([s, i, m, k]) => measure(s, i, m, k)"
            results = {
                side: page.evaluate(measure, [side, image, moves, strokes]) for side in (1024, 4096)
            }
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return results


def main() -> None:
    if "--browser" in sys.argv:
        print_browser(run_browser())
    results = run()
    print(f"stroke: {MOVES} moves, brush {BRUSH_CSS} px on an image shown {DISPLAY_WIDTH} px wide")
    for side, r in results.items():
        per_move = r["stroke"] / MOVES
        print(
            f"{side:>5} px: {r['stroke']:7.2f} ms per stroke, {per_move:6.3f} ms per move "
            f"({per_move / FRAME_MS:6.1%} of a 60 Hz frame), worst move {r['worstMove']:6.2f} ms, "
            f"PNG to Python {r['encode']:7.1f} ms"
        )
    ratio = results["4096"]["stroke"] / results["1024"]["stroke"]
    print(f"4096 / 1024 stroke time: {ratio:.2f}x for 16x the pixels")


def print_browser(results: dict[int, dict[str, float]]) -> None:
    print("Chromium, built view, one pointer move per animation frame, image shown 800 px wide")
    for side, r in results.items():
        print(
            f"{side:>5} px: {r['handler']:6.3f} ms in handlers per move, slowest frames (p95) "
            f"{r['p95']:6.1f} ms, mask PNG to the model {r['sync']:7.1f} ms after the stroke"
        )
    ratio = results[4096]["handler"] / results[1024]["handler"]
    print(f"4096 / 1024 handler time per move: {ratio:.2f}x")


if __name__ == "__main__":
    main()
