"""A store that stays fast: adding, opening and searching at 1,000, 10,000 and 100,000 images.

For each size a store of small distinct images is made once (cached under the temp dir; the
files are written directly, without fsync, as a long history would have left them), then:

- *index*: building the SQLite index from the files, as a kernel that finds none does: a
  Gallery opened there says "Indexing N images…" at once and shows its first page once the index
  is built in a worker thread (the longest event-loop callback meanwhile is printed too);
- *first page*: ``Gallery(Store(path))`` in a fresh Python process (after its imports), with
  the index on disk: count, page, models, thumbnails, static sheet (target < 200 ms);
- *search*: what the gallery asks for a query (count and first page), median, for a rare word,
  a word in an eighth of the prompts, a two-letter word and two words in every prompt (target
  < 100 ms);
- *add*: storing one image through the Studio's runs area with the Studio's history and a
  Gallery open, as event-loop time (every callback timed, the writing and redrawing run in
  worker threads), median of 10 adds (target < 20 ms at every size).

Run: ``.venv/bin/python benchmarks/bench_store_index.py [SIZES...]`` (default 1000 10000 100000;
exit status 1 when a target is missed). The first run at 100,000 takes a few minutes to write
the files.
"""

from __future__ import annotations

import asyncio
import io
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))

from loop_clock import LoopClock

from imagewidgets.api.results import GeneratedImage, Usage
from imagewidgets.store import Store
from imagewidgets.store.files import embedded
from imagewidgets.store.record import record_for
from imagewidgets.widgets.gallery import Gallery
from imagewidgets.widgets.studio import Studio

TARGETS = {"first page": 0.200, "search": 0.100, "add": 0.020}
MODELS = ("gpt-image-2", "gpt-image-2.5-flare", "gpt-image-2.6-sunburst")
WORDS = ("lighthouse", "fox", "harbour", "meadow", "owl", "comet", "glacier", "orchard")


def picture(number: int) -> bytes:
    """A distinct 16x16 PNG."""
    pixels = bytes((number >> shift) & 255 for shift in (0, 8, 16)) * 256
    buffer = io.BytesIO()
    Image.frombytes("RGB", (16, 16), pixels).save(buffer, format="PNG")
    return buffer.getvalue()


def result(number: int) -> GeneratedImage:
    model = MODELS[number % len(MODELS)]
    prompt = f"study {number}: a {WORDS[number % len(WORDS)]} at dusk, oil painting, detailed"
    params = {"model": model, "size": "1024x1024", "quality": "low", "partial_images": 1}
    return GeneratedImage(
        data=picture(number), format="png", width=16, height=16, model=model, prompt=prompt,
        params=params, usage=Usage(20, 196, 216, 20, 0), request_id=f"req_{number}",
        created=1_760_000_000 + number, backend="offline", elapsed=1.5,
    )  # fmt: skip


def build(path: Path, count: int) -> None:
    """Write ``count`` images, records and thumbnails straight to disk (kept for next time)."""
    marker = path / "bench-built"
    if marker.exists() and marker.read_text() == str(count):
        return
    for folder in ("images", "records", "thumbs"):
        (path / folder).mkdir(parents=True, exist_ok=True)
    thumb = io.BytesIO()
    Image.new("RGB", (16, 16), "teal").save(thumb, format="WEBP")
    for number in range(count):
        image = result(number)
        record = record_for(image, stored_at=1_760_000_000 + number)
        (path / "images" / f"{image.sha256}.png").write_bytes(embedded(image.data, record))
        (path / "records" / record.file_name).write_text(json.dumps(record.to_json()))
        (path / "thumbs" / f"{image.sha256}.webp").write_bytes(thumb.getvalue())
    marker.write_text(str(count))


async def cold_kernel(path: Path) -> tuple[float, float, list[str]]:
    """A kernel that finds no index opens a Gallery: seconds until its first page shows (the
    index built from the files, in a worker thread), the longest event-loop callback meanwhile,
    and what the gallery said."""
    Store(path).index.rebuild()
    said: list[str] = []
    with LoopClock() as clock:
        start = time.perf_counter()
        gallery = Gallery(Store(path))
        gallery.observe(lambda change: said.append(change["new"]), "status")
        await gallery.updated()
        shown = time.perf_counter() - start
    assert len(gallery.items) == 24, len(gallery.items)
    return shown, clock.longest, said


def fresh_first_page(path: Path) -> float:
    """Median seconds of ``Gallery(Store(path))`` timed inside new Python processes."""
    code = (
        "import time, imagewidgets as iw\n"
        "start = time.perf_counter()\n"
        f"gallery = iw.Gallery(iw.Store({str(path)!r}))\n"
        "print(time.perf_counter() - start, len(gallery.items))"
    )
    samples = []
    for _ in range(3):
        done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
        seconds, shown = done.stdout.split()
        assert int(shown) == 24, shown
        samples.append(float(seconds))
    return statistics.median(samples)


def median_seconds(work: Callable[[], object], rounds: int = 5) -> float:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def search_seconds(store: Store, query: str) -> float:
    return median_seconds(lambda: (store.count(query=query), store.records(query=query, limit=24)))


async def add_loop_seconds(path: Path, count: int) -> tuple[float, float]:
    """Median and longest event-loop time of one add, a Studio and a Gallery open."""
    store = Store(path)
    studio = Studio("bench", store=store)
    gallery = Gallery(store)
    busy, longest = [], 0.0
    first = count + int(time.time() * 100) % 10**7 * 10  # new images, run after run
    for number in range(first, first + 10):
        image = result(number)
        with LoopClock() as clock:
            await studio.runs_area.deliver(image)
        busy.append(clock.busy)
        longest = max(longest, clock.longest)
        assert gallery.items[0]["sha"] == image.sha256
    return statistics.median(busy), longest


def measure(count: int) -> dict[str, float]:
    path = Path(tempfile.gettempdir()) / f"imagewidgets-bench-index-{count}"
    started = time.perf_counter()
    build(path, count)
    print(f"store of {count:,} images at {path} (made in {time.perf_counter() - started:.0f} s)")
    built, longest, said = asyncio.run(cold_kernel(path))
    print(f"  index built from the files:        {built * 1000:8.1f} ms (in a kernel: {said[0]!r}, "
          f"longest event-loop callback {longest * 1000:.1f} ms)")  # fmt: skip
    page = fresh_first_page(path)
    print(f"  first page, fresh kernel:          {page * 1000:8.1f} ms")
    store = Store(path)
    words = ("study 4242", "lighthouse", "42", "oil painting")
    searches = {word: search_seconds(store, word) for word in words}
    for word, seconds in searches.items():
        print(f"  search {word!r:14} (count + page):  {seconds * 1000:8.1f} ms")
    add, longest = asyncio.run(add_loop_seconds(path, count))
    print(f"  add one image, event-loop time:    {add * 1000:8.1f} ms (longest callback "
          f"{longest * 1000:.1f} ms)")  # fmt: skip
    return {"first page": page, "search": max(searches.values()), "add": add}


def main() -> int:
    sizes = [int(size) for size in sys.argv[1:]] or [1000, 10_000, 100_000]
    missed = []
    for count in sizes:
        for name, seconds in measure(count).items():
            if seconds > TARGETS[name]:
                missed.append(f"{name} at {count:,}: {seconds * 1000:.0f} ms")
    print("targets: " + ", ".join(f"{k} < {v * 1000:.0f} ms" for k, v in TARGETS.items()))
    print("MISSED: " + "; ".join(missed) if missed else "all within target")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
