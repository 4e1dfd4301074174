"""``iw.open``: any image file saved with imagewidgets provenance, back as the result it was.

A PNG, JPEG or WebP file written by the store, by the Studio's Save or by
:meth:`GeneratedImage.save <imagewidgets.GeneratedImage.save>`, wherever it was copied to, reads
back as the same :class:`~imagewidgets.GeneratedImage`: same bytes (the embedded provenance is
taken out again), same hash, model, prompt, parameters and usage. Its parents are found in the
store the file sits in, or else in the default store.

Example:
    >>> image = open_image("~/Downloads/a-red-fox-3f2a91c4.png")         # doctest: +SKIP
    >>> image.model, image.prompt, image.parent                          # doctest: +SKIP
    ('gpt-image-2', 'a red fox in snow', GeneratedImage(generate, ...))
"""

from __future__ import annotations

import os
from pathlib import Path

from imagewidgets.api.results import GeneratedImage
from imagewidgets.imaging.metadata import read_provenance, strip_provenance
from imagewidgets.store.reading import as_result, parents_of
from imagewidgets.store.record import Record
from imagewidgets.store.store import Store

__all__ = ["open_image"]


def open_image(path: str | os.PathLike[str]) -> GeneratedImage:
    """Read an image file with imagewidgets provenance back as a ``GeneratedImage``.

    Its parents come from the store the file sits in, else the default store; a parent that is
    in neither is left out. Raises ``ValueError`` naming the file when it carries no provenance
    (it can still be an input: ``client.edit(path, ...)`` accepts a path).
    """
    file = Path(path).expanduser()
    data = file.read_bytes()
    provenance = read_provenance(data)
    if provenance is None or provenance.get("kind", "generated") != "generated":
        raise ValueError(
            f"path: {file} carries no imagewidgets provenance; pass it as an input image instead"
        )
    record = Record.from_json(provenance)
    parents = parents_of(record, _store_around(file).locate, {})
    image = as_result(strip_provenance(data), record, parents)
    assert isinstance(image, GeneratedImage)
    return image


def _store_around(file: Path) -> Store:
    """The store whose ``images/`` folder holds ``file``, else the default store."""
    folder = file.resolve().parent
    if folder.name == "images" and (folder.parent / "records").is_dir():
        return Store(folder.parent)
    return Store()
