"""What the gallery computes from the store (safe in a worker thread) and what its buttons call.

Each is the slow half of a redraw or an action: the selected image with its provenance and
lineage, the compared images, the stored image an action button acts on. They read the store's
index, which may be busy being built or caught up, so in a kernel the
:class:`~imagewidgets.widgets.gallery.Gallery` runs them in a worker thread
(:class:`~imagewidgets.widgets.history.later.Later`) and only sets traits on the event loop.

Example:
    >>> import tempfile
    >>> from imagewidgets.store import Store
    >>> store = Store(tempfile.mkdtemp())
    >>> compared(store, ["f" * 64]), selection(store, "")
    (([], []), ({}, b'', []))
    >>> loaded(store, "edit", "f" * 64)[0] is None
    True
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from imagewidgets.api.results import GeneratedImage
from imagewidgets.imaging.source import SourceImage
from imagewidgets.store import Store
from imagewidgets.widgets.history.items import compare_image, detail, lineage_nodes

__all__ = ["GALLERY_ACTIONS", "Action", "Selection", "call_hooks", "compared", "loaded"]

GALLERY_ACTIONS = ("edit", "vary", "use", "copy")
"""What the buttons under the selected image do; ``copy`` also copies the code in the browser."""
Action = Callable[[str, GeneratedImage | SourceImage], object]
"""A callback of :meth:`Gallery.on_action <imagewidgets.widgets.gallery.Gallery.on_action>`."""
Selection = tuple[dict[str, Any], bytes, list[dict[str, Any]]]
"""The selected image's ``detail``, ``detail_image`` and ``lineage`` traits."""


def selection(store: Store, sha256: str) -> Selection:
    """The detail panel of the image ``sha256`` (empty for none, or one not stored)."""
    record = store.get(sha256) if sha256 else None
    if record is None:
        return {}, b"", []
    info, shown = detail(store, record)
    return info, shown, lineage_nodes(store, record.sha256)


def compared(store: Store, wanted: list[str]) -> tuple[list[str], list[bytes]]:
    """The last two of ``wanted`` that are stored, and their images at display size."""
    chosen = [sha for sha in wanted if store.get(sha) is not None][-2:]
    return chosen, [compare_image(store, sha) for sha in chosen]


def loaded(
    store: Store, action: str, sha256: str
) -> tuple[GeneratedImage | SourceImage | None, str]:
    """The stored image ``action`` acts on, or ``None`` and the status line saying why not."""
    try:
        return store.load(sha256), ""
    except (KeyError, ValueError, OSError) as error:
        return None, f"{action}: {error}"


def call_hooks(
    hooks: list[Action], action: str, image: GeneratedImage | SourceImage,
    say: Callable[[str], object],
) -> None:  # fmt: skip
    """Call every hook with ``image``, saying what happened (a broken hook is reported, and
    does not stop the others)."""
    say("Copied the Python code" if action == "copy" else "")
    for hook in list(hooks):
        try:
            hook(action, image)
        except Exception as error:  # a broken hook must not break the gallery
            say(f"{action} failed: {error}")
