""" "Copy as Python": the code that makes a stored image again, from its record.

The code uses the public API only (``iw.ImagesClient``, ``iw.open``) and names the inputs by
their files in the store, so it runs as pasted in a notebook cell (top-level ``await``).

Example:
    >>> from imagewidgets.store.record import Record
    >>> record = Record("ab" * 32, "generated", "png", 1024, 1024, operation="generate",
    ...                 model="gpt-image-1.5", prompt="a fox", params={"quality": "high"})
    >>> print(python_snippet(record, lambda sha: None))
    import imagewidgets as iw
    <BLANKLINE>
    client = iw.ImagesClient()
    images = await client.generate(
        "a fox",
        model="gpt-image-1.5",
        quality="high",
    )
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from imagewidgets.store.record import Record

__all__ = ["python_snippet"]

_LEFT_OUT = frozenset({"prompt", "model", "stream", "partial_images", "image", "mask"})
_METHODS = {"generate": "generate", "edit": "edit", "variation": "create_variation"}


def python_snippet(record: Record, locate: Callable[[str], tuple[Path, Record] | None]) -> str:
    """Python that repeats the request that made ``record``; ``locate`` finds parent files."""
    operation = record.operation or "generate"
    lines = ["import imagewidgets as iw", "", "client = iw.ImagesClient()"]
    arguments = []
    if operation != "generate":
        lines += _inputs(record, locate)
        arguments.append("images" if len(record.parents) > 1 else "source")
    if operation != "variation":
        arguments.append(_literal(record.prompt or ""))
    if record.mask_sha256:
        lines.append(f"mask = ...  # the mask (sha256 {record.mask_sha256[:12]}…) is not stored")
        arguments.append("mask=mask")
    arguments += [f"model={_literal(record.model)}", *_keywords(record)]
    body = "".join(f"    {argument},\n" for argument in arguments)
    lines.append(f"images = await client.{_METHODS.get(operation, operation)}(\n{body})")
    return "\n".join(lines)


def _inputs(record: Record, locate: Callable[[str], tuple[Path, Record] | None]) -> list[str]:
    files = []
    for sha256 in record.parents:
        found = locate(sha256)
        if found is None:
            files.append(f"...  # input {sha256[:12]}… is not in this store")
        else:
            path, parent = found
            literal = _literal(str(path))
            files.append(f"iw.open({literal})" if parent.kind == "generated" else literal)
    if len(files) == 1:
        return [f"source = {files[0]}"]
    return ["images = [", *(f"    {file}," for file in files), "]"]


def _keywords(record: Record) -> list[str]:
    return [
        f"{name}={_literal(value)}"
        for name, value in sorted(record.params.items())
        if name not in _LEFT_OUT and value is not None
    ]


def _literal(value: Any) -> str:
    """A Python literal of ``value``; strings in double quotes, as people write them."""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else repr(value)
