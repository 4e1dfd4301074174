"""``multipart/form-data`` bodies for the edits and variations endpoints, byte for byte.

Text parts first, in the order given, then file parts. Scalars are sent as the service expects
them: integers as decimal strings, booleans as ``true`` / ``false``; nested objects as bracket
fields (``svg[model]``, ``svg[reasoning][effort]``), as the official SDKs send them. Each file part
has a filename and a content type. The body is plain ``bytes``, so a retry can send it again.

Example:
    >>> body = encode_multipart({"n": 2, "stream": True}, [], boundary="b")
    >>> for line in body.split(b"\\r\\n"):
    ...     print(line.decode())
    --b
    Content-Disposition: form-data; name="n"
    <BLANKLINE>
    2
    --b
    Content-Disposition: form-data; name="stream"
    <BLANKLINE>
    true
    --b--
    <BLANKLINE>
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

__all__ = ["FilePart", "encode_multipart", "form_fields", "form_value", "new_boundary"]


@dataclass(frozen=True)
class FilePart:
    """One file: the form field ``name`` (``image``, ``image[]``, ``mask``), its bytes and type."""

    name: str
    filename: str
    content_type: str
    data: bytes


def new_boundary() -> str:
    """A random boundary that cannot occur by chance inside the parts."""
    return os.urandom(16).hex()


def form_value(value: object) -> str:
    """How a parameter is written as a text part: ``True`` -> ``true``, ``2`` -> ``2``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def form_fields(name: str, value: object) -> list[tuple[str, object]]:
    """The text fields of one parameter: itself, or one bracket field per nested value.

    >>> form_fields("svg", {"model": "m", "reasoning": {"effort": "low"}})
    [('svg[model]', 'm'), ('svg[reasoning][effort]', 'low')]
    """
    if not isinstance(value, Mapping):
        return [] if value is None else [(name, value)]
    fields: list[tuple[str, object]] = []
    for key, inner in value.items():
        fields += form_fields(f"{name}[{key}]", inner)
    return fields


def encode_multipart(
    fields: Mapping[str, object], files: Iterable[FilePart], *, boundary: str
) -> bytes:
    """The body: one text part per field (``None`` values left out), then the file parts."""
    dash = b"--" + boundary.encode("ascii")
    parts: list[bytes] = []
    for name, value in (pair for item in fields.items() for pair in form_fields(*item)):
        parts += [dash, b"\r\n", _disposition(name), b"\r\n\r\n"]
        parts += [form_value(value).encode("utf-8"), b"\r\n"]
    for file in files:
        parts += [dash, b"\r\n", _disposition(file.name, file.filename), b"\r\n"]
        parts += [b"Content-Type: ", file.content_type.encode("ascii"), b"\r\n\r\n"]
        parts += [file.data, b"\r\n"]
    parts += [dash, b"--\r\n"]
    return b"".join(parts)


def _disposition(name: str, filename: str | None = None) -> bytes:
    header = f'Content-Disposition: form-data; name="{_quote(name)}"'
    if filename is not None:
        header += f'; filename="{_quote(filename)}"'
    return header.encode("utf-8")


def _quote(text: str) -> str:
    """Escape a name the way browsers (and httpx) do: ``"`` and line breaks percent-encoded."""
    return text.replace("\\", "\\\\").replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")
