"""How long one brush stroke costs the mask painter, on a 4096-pixel image and a 1024-pixel one.

Runs the painter's own helpers (``js/src/lib/mask_*.js``) in Node, outside the browser: a stroke
of ``MOVES`` pointer moves across the image, each stamping the brush into the native-resolution
mask, saving undo tiles and rendering the overlay pixels that changed (what the view does per
animation frame), then the stroke's commit and the PNG sent to Python. The canvas upload itself
(``putImageData``) is the browser's and is measured by the browser test.

Reports milliseconds per stroke and per move, the move's share of a 60 Hz frame budget, and the
4096/1024 ratio measured side by side. Run: ``.venv/bin/python benchmarks/bench_mask_painter.py``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

JS = Path(__file__).resolve().parent.parent / "js"
MOVES = 120
DISPLAY_WIDTH = 800
BRUSH_CSS = 40
FRAME_MS = 1000 / 60

SCRIPT = """
import { brushRadius } from "./src/lib/mask_geometry.js";
import { renderOverlay } from "./src/lib/mask_ops.js";
import { encodeMaskPng } from "./src/lib/mask_png.js";
import { MaskSession } from "./src/lib/mask_session.js";

const [moves, displayWidth, brush, rounds] = process.argv.slice(1).map(Number);

function stroke(session, side, k) {
  const box = { left: 0, top: 0, width: displayWidth, height: displayWidth };
  const r = brushRadius(brush, box, side);
  const y = (side * (k % 7 + 1)) / 8;
  const t = performance.now();
  session.startStroke(side * 0.05, y, r, 1);
  let worst = 0;
  for (let i = 1; i <= moves; i++) {
    const start = performance.now();
    const x = side * (0.05 + 0.9 * (i / moves));
    const rect = session.moveStroke(x, y + Math.sin(i / 9) * side * 0.05);
    if (rect) {
      const out = new Uint8ClampedArray((rect.x1 - rect.x0) * (rect.y1 - rect.y0) * 4);
      renderOverlay(session.mask, rect, out, [255, 64, 129]);
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


def main() -> None:
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


if __name__ == "__main__":
    main()
