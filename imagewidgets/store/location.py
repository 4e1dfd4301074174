"""Where the store lives: ``$IMAGEWIDGETS_HOME`` when set, else ``~/.imagewidgets``.

The directory holds ``images/`` (the image files, named by SHA-256, provenance inside),
``records/`` (a JSON record per image and request that delivered it), ``thumbs/`` (small WebP
copies for the gallery), ``partials/`` (partial frames, when kept), ``inputs/`` (the files the
requests sent that are no image of the history: masks, markups, prepared copies, each kept
exactly as sent and named by its SHA-256), ``batches/`` (the Batch API jobs of grids, so a
kernel restart loses none: see :mod:`imagewidgets.grid.saved`), ``index.sqlite3`` (a cache of
the records for listing, search and spend: deleting it is harmless), ``damaged/`` (files set
aside by a repair) and the optional ``spend.json`` (price table and budget, edited by hand).
Point ``IMAGEWIDGETS_HOME`` elsewhere, or pass a path to ``iw.Store(path)``, to keep a project's
images apart.

Example:
    >>> import os
    >>> os.environ["IMAGEWIDGETS_HOME"] = "/tmp/my-project-images"
    >>> str(default_home())
    '/tmp/my-project-images'
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["ENV_HOME", "default_home"]

ENV_HOME = "IMAGEWIDGETS_HOME"
"""The environment variable that moves the default store."""


def default_home() -> Path:
    """The default store directory (not created until the first image is written)."""
    configured = os.environ.get(ENV_HOME, "").strip()
    return Path(configured).expanduser() if configured else Path.home() / ".imagewidgets"
