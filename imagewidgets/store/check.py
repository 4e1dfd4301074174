"""Checking a store: every file is a record or an image of it, and every image is whole, matches
its hash and has a record that says what made it; every input kept in ``inputs/`` matches its
hash.

Used by the tests that kill writers mid-write, and by anyone who copied a store around. Two
records of one image (the same bytes delivered by two requests) are no problem: the provenance
inside the image must agree with one of them. ``python -m imagewidgets.store check`` prints the
same list::

    >>> from imagewidgets.store import Store
    >>> problems(Store("/tmp/an-empty-store"))
    []
"""

from __future__ import annotations

import io
import itertools
import json
from typing import TYPE_CHECKING

from PIL import Image

from imagewidgets.imaging.metadata import read_provenance, strip_provenance
from imagewidgets.imaging.source import SourceImage
from imagewidgets.imaging.svg import is_svg
from imagewidgets.imaging.svg_safety import safe_svg
from imagewidgets.store.inputs import damaged_inputs
from imagewidgets.store.record import Record, RecordError

if TYPE_CHECKING:
    from imagewidgets.store.store import Store

__all__ = ["REPAIR", "problems"]

REPAIR = "Store.repair() or python -m imagewidgets.store repair"
"""How to mend what can be mended."""


def problems(store: Store) -> list[str]:
    """A sentence for each foreign or damaged file and each image that is not whole; [] when
    all is well. Looks at every file (the index catches up first): slow for a large store."""
    store.index.catch_up(verify=True)
    skipped = store.index.read(
        lambda db: db.execute("SELECT folder, name, problem FROM skipped ORDER BY 1, 2").fetchall()
    )
    found = [
        f"{folder}/{name}: {problem} (set aside by {REPAIR})" for folder, name, problem in skipped
    ]
    rows = store.index.read(
        lambda db: db.execute(
            "SELECT sha256, rebuilt, json FROM records ORDER BY sha256"
        ).fetchall()
    )
    found += [
        f"inputs/{name}: {why} (set aside by {REPAIR})" for name, why in damaged_inputs(store.path)
    ]
    for sha256, group in itertools.groupby(rows, key=lambda row: row[0]):
        entries = [
            (bool(rebuilt), Record.from_json(json.loads(text))) for _, rebuilt, text in group
        ]
        found += [f"{sha256[:12]}: {problem}" for problem in _image_problems(store, entries)]
    return found


def _image_problems(store: Store, entries: list[tuple[bool, Record]]) -> list[str]:
    records = [record for _, record in entries]
    found = []
    if any(rebuilt for rebuilt, _ in entries):
        found.append(f"its record is missing or damaged; rebuilt from the image ({REPAIR})")
    try:
        data = store.image_path(records[0]).read_bytes()
    except OSError as error:
        return [*found, f"the image file is missing ({error.strerror}: {error.filename})"]
    if SourceImage(strip_provenance(data), "", 0, 0).sha256 != records[0].sha256:
        found.append("the image bytes do not match the hash")
    found += _provenance_problems(data, records) + _undecodable("image", data)
    try:
        thumbnail = store.thumbnail_path(records[0].sha256).read_bytes()
    except OSError:
        return [*found, f"its thumbnail is missing ({REPAIR} makes it again)"]
    return found + _undecodable("thumbnail", thumbnail)


def _provenance_problems(data: bytes, records: list[Record]) -> list[str]:
    embedded = read_provenance(data)
    if embedded is None:
        return []
    try:
        inside = Record.from_json(embedded)
    except RecordError as error:
        return [f"the provenance inside the image is unreadable ({error})"]
    if any(inside.same_image_as(record) for record in records):
        return []
    return ["the provenance in the file differs from its records"]


def _undecodable(label: str, data: bytes) -> list[str]:
    try:
        if is_svg(data):
            safe_svg(data)
            return []
        with Image.open(io.BytesIO(data)) as picture:
            picture.load()
    except (OSError, SyntaxError, ValueError) as error:
        return [f"the {label} does not decode ({error})"]
    return []
