"""How "Copy as Python" code names the files a request sent: by hash, read back from the store.

A result of the history is ``store.load("<sha256>")`` (its lineage comes with it); any other
file (an uploaded image, a mask, a markup, a prepared copy) is ``store.input("<sha256>")``,
exactly as it was sent. A file the store does not hold is a gap (``...``) with a comment that
says what goes there. Each expression comes with its comment, as an :data:`Argument`.

Example:
    >>> import tempfile
    >>> from imagewidgets.store.store import Store
    >>> files = StoredFiles(Store(tempfile.mkdtemp()))
    >>> files.file("ab" * 32, "the mask")
    ('...', 'the mask (sha256 abababababab…) is not in this store: pass it here')
    >>> files.header()
    []
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from imagewidgets.imaging.source import SourceImage
from imagewidgets.store.inputs import input_file

if TYPE_CHECKING:
    from imagewidgets.store.store import Store

__all__ = ["Argument", "StoredFiles", "literal", "prepared_note"]

Argument = tuple[str, str]
"""An expression of the code and its comment (``""`` for none)."""


class StoredFiles:
    """The expressions that read a request's files from ``store`` (None: a result of a bare
    client, whose files are kept nowhere); :meth:`header` opens the store when any does."""

    def __init__(self, store: Store | None) -> None:
        self.store = store
        self._used = False

    def header(self) -> list[str]:
        """The line that opens the store, if the code reads from it."""
        if self.store is None or not self._used:
            return []
        return [f"store = iw.Store({literal(_shown(self.store.path))})"]

    def result(self, sha256: str) -> Argument | None:
        """``store.load(...)`` for a stored result, else None."""
        found = self.store.get(sha256) if self.store is not None else None
        if found is None or found.kind != "generated":
            return None
        self._used = True
        return f"store.load({literal(sha256)})", ""

    def source(self, image: SourceImage) -> Argument:
        """An input image given from outside (an upload, a file, a picture)."""
        if self.store is None:
            return literal(image.filename), f"your input image (sha256 {image.sha256[:12]}…)"
        return self.file(image.sha256, f"your input image {image.filename}")

    def stored(self, sha256: str, parents: tuple[str, ...], params: Mapping[str, Any]) -> Argument:
        """A stored record's input image ``sha256``: a result, an input image, or a prepared
        copy sent in place of the first of ``parents``."""
        found = self.result(sha256)
        if found is not None:
            return found
        record = self.store.get(sha256) if self.store is not None else None
        if record is not None:
            return self.file(sha256, f"your input image {record.filename or ''}".rstrip())
        return self.file(sha256, "an input image" if sha256 in parents else prepared_note(params))

    def file(self, sha256: str, note: str) -> Argument:
        """``store.input(...)`` for a file the store holds, else a gap that says what goes in."""
        if self.store is None or not _holds(self.store, sha256):
            where = "a store" if self.store is None else "this store"
            return "...", f"{note} (sha256 {sha256[:12]}…) is not in {where}: pass it here"
        self._used = True
        return f"store.input({literal(sha256)})", note


def prepared_note(params: Mapping[str, Any]) -> str:
    """What a sent image that is not a parent is: a prepared copy, and the steps that made it."""
    prepared = params.get("prepared_input")
    steps = prepared.get("steps", ()) if isinstance(prepared, Mapping) else ()
    return "a prepared copy: " + "; ".join(map(str, steps)) if steps else "a prepared copy"


def literal(value: object) -> str:
    """A Python literal; strings in double quotes, as people write them."""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else repr(value)


def _holds(store: Store, sha256: str) -> bool:
    return input_file(store.path, sha256) is not None or store.locate(sha256) is not None


def _shown(path: Path) -> str:
    """``path`` as people write it: ``~/...`` inside the home folder."""
    try:
        return str(Path("~") / path.resolve().relative_to(Path.home().resolve()))
    except ValueError:
        return str(path.resolve())
