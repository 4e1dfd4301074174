"""How long a store of 1,000 images takes to open in the gallery, against a one-second budget.

Builds (once, cached under the temp dir) a store of ``COUNT`` distinct 512x512 images with full
records and thumbnails, then measures, as wall-clock medians of ``ROUNDS``:

- *open*: ``Gallery(Store(path))`` in this process with a new ``Store`` object (no cache): read
  every record, sort, filter, read one page of thumbnails, build the static sheet;
- *fresh kernel*: the same open timed inside a new Python process, after ``import imagewidgets``
  (nothing cached in Python; the files are in the OS page cache, as after any recent use);
- *floor*: reading and parsing the same record files with nothing else, the least any design
  that keeps one record per image can do; the open is reported as a multiple of it.

Also reports what adding one image costs (three atomic, fsync'ed files and a thumbnail).

Run: ``.venv/bin/python benchmarks/bench_store_gallery.py`` (exit status 1 when over budget).
"""

from __future__ import annotations

import io
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw

from imagewidgets.api.results import GeneratedImage, Usage
from imagewidgets.store import Store
from imagewidgets.widgets.gallery import Gallery

BUDGET_S = 1.0
COUNT = 1000
ROUNDS = 5
MODELS = ("gpt-image-2.6-flare", "gpt-image-2.6-sunburst", "gpt-image-2.5-flare", "gpt-image-2")


def picture(number: int) -> bytes:
    """A distinct 512x512 PNG: a colour field with a few shapes placed by ``number``."""
    image = Image.new("RGB", (512, 512), (number * 37 % 256, number * 91 % 256, number * 13 % 256))
    draw = ImageDraw.Draw(image)
    for shape in range(4):
        x, y = (number * 53 + shape * 97) % 400, (number * 29 + shape * 71) % 400
        draw.ellipse((x, y, x + 100, y + 100), fill=((shape * 80) % 256, 200, number % 256))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def result(number: int) -> GeneratedImage:
    model = MODELS[number % len(MODELS)]
    prompt = f"study {number}: a lighthouse on a cliff at dusk, oil painting, detailed"
    params = {"model": model, "size": "1024x1024", "quality": "medium", "n": 1}
    usage = Usage(20, 1056, 1076, 20, 0)
    return GeneratedImage(picture(number), "png", 512, 512, "generate", model, prompt, params,
                          usage, None, f"req_{number}", 1_760_000_000 + number)  # fmt: skip


def build(path: Path) -> float:
    """Fill the store at ``path`` with ``COUNT`` images (kept for the next run); seconds per add."""
    marker = path / "bench-built"
    if marker.exists() and marker.read_text() == str(COUNT):
        return 0.0
    store = Store(path)
    start = time.perf_counter()
    for number in range(COUNT):
        store.add(result(number))
    marker.write_text(str(COUNT))
    return (time.perf_counter() - start) / COUNT


def median_seconds(work: Callable[[], object], rounds: int = ROUNDS) -> float:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def open_gallery(path: Path) -> Gallery:
    gallery = Gallery(Store(path))
    assert gallery.total == COUNT, gallery.total
    return gallery


def read_records(path: Path) -> int:
    return len([json.loads(p.read_bytes()) for p in (path / "records").iterdir()])


def fresh_kernel_open(path: Path) -> float:
    """Median seconds of the open as timed inside a new Python process (after its imports)."""
    code = (
        "import time, imagewidgets as iw\n"
        "start = time.perf_counter()\n"
        f"gallery = iw.Gallery(iw.Store({str(path)!r}))\n"
        "print(time.perf_counter() - start, gallery.total)"
    )
    samples = []
    for _ in range(3):
        done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
        seconds, total = done.stdout.split()
        assert int(total) == COUNT
        samples.append(float(seconds))
    return statistics.median(samples)


def main() -> int:
    path = Path(tempfile.gettempdir()) / f"imagewidgets-bench-store-{COUNT}"
    per_add = build(path)
    open_gallery(path)  # warm the page cache: every later round reads the same files
    opened = median_seconds(lambda: open_gallery(path))
    floor = median_seconds(lambda: read_records(path))
    fresh = fresh_kernel_open(path)
    print(f"store of {COUNT} images at {path}")
    if per_add:
        print(f"  add one image (3 atomic fsync'ed files + thumbnail): {per_add * 1000:.1f} ms")
    print(f"  open in the gallery (new Store): {opened * 1000:7.1f} ms (budget {BUDGET_S:.0f} s)")
    print(
        f"  floor, read + parse records:     {floor * 1000:7.1f} ms (open = {opened / floor:.1f}x)"
    )
    print(f"  open in a fresh kernel:          {fresh * 1000:7.1f} ms (first use of every module)")
    over = max(opened, fresh) > BUDGET_S
    print("  OVER BUDGET" if over else "  within budget")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
