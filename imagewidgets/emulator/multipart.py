"""A small ``multipart/form-data`` reader for the edit and variation endpoints (stdlib only).

Example:
    >>> body = b'--xx\\r\\nContent-Disposition: form-data; name="n"\\r\\n\\r\\n2\\r\\n--xx--\\r\\n'
    >>> parts = parse_multipart(body, "multipart/form-data; boundary=xx")
    >>> [(part.name, part.data) for part in parts]
    [('n', b'2')]
"""

from __future__ import annotations

from dataclasses import dataclass
from email.message import Message

__all__ = ["Part", "parse_multipart"]


@dataclass(frozen=True)
class Part:
    """One form field: a text value or a file (then ``filename`` is set)."""

    name: str
    data: bytes
    filename: str | None = None
    content_type: str | None = None

    @property
    def text(self) -> str:
        """The value of a text field."""
        return self.data.decode("utf-8", errors="replace")


def _header_params(value: str, header: str) -> Message:
    message = Message()
    message[header] = value
    return message


def boundary(content_type: str) -> bytes:
    """The boundary of a ``multipart/form-data`` content type; ``ValueError`` when there is none."""
    message = _header_params(content_type, "content-type")
    found = message.get_param("boundary", header="content-type")
    if (
        message.get_content_type() != "multipart/form-data"
        or not isinstance(found, str)
        or not found
    ):
        raise ValueError("expected a multipart/form-data body with a boundary")
    return found.encode("latin-1")


def parse_multipart(body: bytes, content_type: str) -> list[Part]:
    """Every part of ``body`` in order; ``ValueError`` for a body that is not well formed."""
    delimiter = b"--" + boundary(content_type)
    segments = body.split(delimiter)
    if len(segments) < 2 or not segments[-1].startswith(b"--"):
        raise ValueError("the multipart body is incomplete (no closing boundary)")
    return [_part(segment) for segment in segments[1:-1]]


def _part(segment: bytes) -> Part:
    segment = segment.removeprefix(b"\r\n").removesuffix(b"\r\n")
    head, separator, data = segment.partition(b"\r\n\r\n")
    if not separator:
        head, data = segment.removesuffix(b"\r\n"), b""
    headers = {}
    for line in head.decode("utf-8", errors="replace").split("\r\n"):
        key, _, value = line.partition(":")
        headers[key.strip().lower()] = value.strip()
    disposition = _header_params(headers.get("content-disposition", ""), "content-disposition")
    name = disposition.get_param("name", header="content-disposition")
    filename = disposition.get_filename()
    if not isinstance(name, str):
        raise ValueError("a multipart part has no name")
    return Part(name, data, filename, headers.get("content-type"))
