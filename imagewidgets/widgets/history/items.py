"""What the gallery view gets for each image: small bytes and words, computed here, drawn in JS.

Each function turns a stored :class:`~imagewidgets.store.Record` into plain JSON-able dicts (with
``bytes`` for images, which travel as binary buffers). Full-resolution bytes never appear here:
thumbnails come from the store's ``thumbs/`` (animated for a GIF), the selected image is scaled to
display size (:func:`~imagewidgets.imaging.display.display_copy`: an SVG as its safe vector, a GIF
still moving).

Example:
    >>> from imagewidgets.store.record import Record
    >>> record = Record(sha256="ab" * 32, format="png", width=1024, height=1536, operation="edit",
    ...                 model="gpt-image-2", prompt="add a hat", params={"quality": "high"})
    >>> [row for row in provenance_rows(record) if row[0] == "Parameters"]
    [['Parameters', 'quality=high']]
"""

from __future__ import annotations

import datetime
from typing import Any

from imagewidgets.imaging.display import display_copy
from imagewidgets.imaging.thumbnails import display_image
from imagewidgets.store import Record, Store
from imagewidgets.store.lineage import lineage
from imagewidgets.store.snippet import python_snippet
from imagewidgets.widgets.runs.status import svg_usage_text, usage_text

__all__ = ["DETAIL_SIDE", "detail", "grid_item", "lineage_nodes", "provenance_rows"]

DETAIL_SIDE = 768
"""The longest side of the selected image and of compared images in the view."""
_DETAIL_BUDGET = 250_000
_LINEAGE_SIDE = 96
_SHOWN_PARAMS = ("size", "quality", "n", "background", "output_format", "frame_count",
                 "frame_duration_ms", "svg", "style", "input_fidelity")  # fmt: skip


def title(record: Record) -> str:
    """A short name of the image for labels: its prompt (or what it is), trimmed."""
    text = record.prompt or f"{record.origin} {record.sha256[:8]}"
    return text if len(text) <= 80 else text[:79] + "…"


def grid_item(store: Store, record: Record) -> dict[str, Any]:
    """One thumbnail of the grid: its hash, caption, accessible name and WebP bytes."""
    size = f"{record.width}x{record.height}"
    return {
        "sha": record.sha256,
        "title": title(record),
        "caption": f"{record.model or '?'} · {record.origin}",
        "label": f"{title(record)} ({record.model}, {record.operation}, {size})",
        "thumb": _thumbnail(store, record.sha256),
    }


def detail(store: Store, record: Record) -> tuple[dict[str, Any], bytes]:
    """The selected image's provenance and code (a dict) and its display-sized bytes."""
    data = store.image_path(record).read_bytes()
    shown = display_copy(data, max_side=DETAIL_SIDE, budget=_DETAIL_BUDGET)
    info = {
        "sha": record.sha256,
        "title": title(record),
        "alt": record.revised_prompt or record.prompt or title(record),
        "rows": provenance_rows(record, store),
        "code": python_snippet(record, store) if record.kind == "generated" else "",
        "width": shown.width,
        "height": shown.height,
    }
    return info, shown.data


def compare_image(store: Store, sha256: str) -> bytes:
    """Display-sized bytes of an image being compared (empty when it is gone)."""
    record = store.get(sha256)
    if record is None:
        return b""
    data = store.image_path(record).read_bytes()
    return display_copy(data, max_side=DETAIL_SIDE, budget=_DETAIL_BUDGET).data


def provenance_rows(record: Record, store: Store | None = None) -> list[list[str]]:
    """[label, value] pairs that say what made the image, in reading order."""
    params = ", ".join(
        f"{name}={record.params[name]}" for name in _SHOWN_PARAMS if name in record.params
    )
    rows = [
        ["Prompt", record.prompt or ""],
        ["Revised prompt", record.revised_prompt or ""],
        ["Model", record.model or ""],
        ["Operation", record.origin],
        ["Image", f"{record.width}x{record.height} {record.format}"],
        ["Parameters", params],
        ["Usage", usage_text(record.usage) if record.usage else ""],
        ["SVG author", svg_usage_text(record.svg_usage) if record.svg_usage else ""],
        ["Made", _made(record)],
        ["Request id", record.request_id or ""],
        ["Made from", ", ".join(_parent_names(record, store))],
        ["Mask", f"sha256 {record.mask_sha256[:12]}…" if record.mask_sha256 else ""],
        ["Markup", f"sha256 {record.markup_sha256[:12]}…" if record.markup_sha256 else ""],
        ["SHA-256", record.sha256],
    ]
    return [row for row in rows if row[1]]


def lineage_nodes(store: Store, sha256: str) -> list[dict[str, Any]]:
    """The family tree of an image, depth first: hash, depth, label, small thumbnail, current."""
    tree = lineage(store, sha256, limit=40)
    if tree is None:
        return []
    nodes = []
    for node in tree.walk():
        record = node.record
        thumb = display_image(_thumbnail(store, record.sha256), max_side=_LINEAGE_SIDE).data
        nodes.append({
            "sha": record.sha256,
            "depth": node.depth,
            "label": f"{record.origin}: {title(record)}",
            "thumb": thumb,
            "current": record.sha256 == sha256,
            "selectable": record.kind == "generated",
        })  # fmt: skip
    return nodes


def _thumbnail(store: Store, sha256: str) -> bytes:
    try:
        return store.thumbnail(sha256)
    except OSError:
        return b""


def _made(record: Record) -> str:
    when = record.created or record.stored_at
    stamp = datetime.datetime.fromtimestamp(when).strftime("%Y-%m-%d %H:%M:%S") if when else ""
    took = f"{record.elapsed:.1f} s" if record.elapsed is not None else ""
    return " · ".join(part for part in (stamp, took, record.backend or "") if part)


def _parent_names(record: Record, store: Store | None) -> list[str]:
    names = []
    for sha256 in record.parents:
        parent = store.get(sha256) if store is not None else None
        kind = "input image" if parent is None or parent.kind == "source" else title(parent)
        names.append(f"{kind} ({sha256[:8]})")
    return names
