"""Mending a store: what :func:`~imagewidgets.store.check.problems` finds that can be mended.

- a record that is missing or damaged is written back from the provenance inside its image;
- a file in ``records/`` or ``images/`` that is no record or image of this store (damaged,
  truncated, another program's), or in ``inputs/`` no input kept whole, is moved to
  ``damaged/`` in the store, out of the way, not deleted;
- a missing thumbnail is made again.

Images whose bytes do not match their hash cannot be mended: the image is gone; ``problems()``
keeps naming them. From a shell: ``python -m imagewidgets.store repair [FOLDER]``.

Example:
    >>> from imagewidgets.store import Store
    >>> repair(Store("/tmp/an-empty-store"))
    []
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from imagewidgets.store.atomic import write_atomic
from imagewidgets.store.files import make_thumbnail
from imagewidgets.store.inputs import FOLDER, damaged_inputs
from imagewidgets.store.record import Record

if TYPE_CHECKING:
    from imagewidgets.store.store import Store

__all__ = ["repair"]


def repair(store: Store) -> list[str]:
    """Mend ``store``; a sentence for each thing done (``[]``: nothing needed mending)."""
    store.index.catch_up(verify=True)
    done = _set_aside(store) + _write_back(store) + _thumbnails(store)
    store.refresh()
    return done


def _set_aside(store: Store) -> list[str]:
    skipped = store.index.read(
        lambda db: db.execute("SELECT folder, name, problem FROM skipped").fetchall()
    )
    inputs = [(FOLDER, name, why) for name, why in damaged_inputs(store.path)]
    done = []
    for folder, name, problem in [*skipped, *inputs]:
        target = store.path / "damaged" / folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(store.path / folder / name, target)
        done.append(f"{folder}/{name}: moved to damaged/{folder}/ ({problem})")
    return done


def _write_back(store: Store) -> list[str]:
    rebuilt = store.index.read(
        lambda db: db.execute("SELECT file, json FROM records WHERE rebuilt = 1").fetchall()
    )
    done = []
    for file, text in rebuilt:
        record = Record.from_json(json.loads(text))
        data = json.dumps(record.to_json(), ensure_ascii=False, indent=1, sort_keys=True)
        write_atomic(store.path / "records" / file, data.encode("utf-8"))
        done.append(f"{record.sha256[:12]}: record written back from the image's provenance")
    return done


def _thumbnails(store: Store) -> list[str]:
    rows = store.index.read(lambda db: db.execute("SELECT DISTINCT sha256 FROM records").fetchall())
    done = []
    for (sha256,) in rows:
        thumb = store.thumbnail_path(sha256)
        record = store.get(sha256)
        if thumb.exists() or record is None:
            continue
        image = store.image_path(record)
        try:
            write_atomic(thumb, make_thumbnail(Path(image).read_bytes()))
        except (OSError, ValueError) as error:
            done.append(f"{sha256[:12]}: no thumbnail, and none can be made ({error})")
            continue
        done.append(f"{sha256[:12]}: thumbnail made again")
    return done
