"""Decode base64 that arrives in pieces of any length, as it arrives, touching each byte once.

A streamed image is several megabytes of base64 inside one JSON string. Decoding it piece by
piece while the bytes come in (instead of parsing the JSON and decoding the whole string at the
end) keeps the event loop responsive and halves the work. Pieces are cut at 4-character
boundaries; up to 3 characters wait for the next piece.

The decoding itself is done by ``pybase64`` (SIMD, about ten times ``binascii``) when it is
installed, else by ``binascii.a2b_base64``. Corrupt data is caught either way, without
``strict_mode`` (Python 3.11+ only): every 4 characters must give exactly 3 bytes (fewer only
where ``=`` pads the very end), so a skipped invalid character shows. The JSON escape ``\\/``
(allowed for ``/``) is undone; any other escape is an error.

Example:
    >>> decoder = Base64Decoder()
    >>> for piece in (b"aGVs", b"bG8g", b"d29y", b"bGQ="):
    ...     decoder.feed(piece, 0, len(piece))
    >>> decoder.finish()
    b'hello world'
"""

from __future__ import annotations

import binascii
import io
from collections.abc import Callable

__all__ = ["Base64Decoder", "decode_base64", "decoder_name"]

_fast_decode: Callable[..., bytes] | None
try:
    from pybase64 import b64decode as _fast_decode
except ImportError:  # pragma: no cover - a dependency; the fallback is for odd platforms
    _fast_decode = None

_BACKSLASH = b"\\"


class Base64Decoder:
    """Accumulates the decoded bytes of base64 fed in arbitrary pieces.

    Raises ``ValueError`` on invalid base64, at the piece where it shows or at :meth:`finish`.
    """

    __slots__ = ("_carry", "_ended", "_escaped", "_out")

    def __init__(self) -> None:
        self._out = io.BytesIO()
        self._carry = b""
        self._escaped = False
        self._ended = False

    def feed(self, chunk: bytes, start: int, stop: int) -> None:
        """Decode ``chunk[start:stop]`` (after what was fed before)."""
        if start >= stop:
            return
        if self._escaped or chunk.find(_BACKSLASH, start, stop) >= 0:
            chunk, start, stop = self._unescape(chunk[start:stop])
        view = memoryview(chunk)
        if self._carry:
            start = self._fill_carry(view, start, stop)
        usable = start + (stop - start) // 4 * 4
        if usable > start:
            self._decode(view[start:usable])
        if usable < stop:
            self._carry = bytes(view[usable:stop])

    def finish(self) -> bytes:
        """The decoded bytes; ``ValueError`` if the data stopped in the middle of a group."""
        if self._carry or self._escaped:
            raise ValueError("the base64 data ends in the middle of a 4-character group")
        return self._out.getvalue()

    def _fill_carry(self, view: memoryview, start: int, stop: int) -> int:
        take = min(4 - len(self._carry), stop - start)
        group = self._carry + bytes(view[start : start + take])
        self._carry = b""
        if len(group) == 4:
            self._decode(group)
        else:
            self._carry = group
        return start + take

    def _decode(self, data: memoryview | bytes) -> None:
        if self._ended:
            raise ValueError("base64 data continues after its '=' padding")
        padding = 2 if data[-2:] == b"==" else 1 if data[-1:] == b"=" else 0
        try:
            decoded = _a2b(data)
        except binascii.Error as error:
            raise ValueError(f"invalid base64: {error}") from None
        if len(decoded) != len(data) // 4 * 3 - padding:
            raise ValueError("invalid base64: characters outside the base64 alphabet")
        self._ended = padding > 0
        self._out.write(decoded)

    def _unescape(self, piece: bytes) -> tuple[bytes, int, int]:
        if self._escaped:
            piece = _BACKSLASH + piece
        trailing = len(piece) - len(piece.rstrip(_BACKSLASH))
        self._escaped = trailing % 2 == 1
        if self._escaped:
            piece = piece[:-1]
        piece = piece.replace(b"\\/", b"/")
        if _BACKSLASH in piece:
            raise ValueError("invalid base64: a JSON escape other than \\/ inside the image data")
        return piece, 0, len(piece)


def decoder_name() -> str:
    """Which base64 decoder is in use: ``"pybase64"`` or ``"binascii"``."""
    return "binascii" if _fast_decode is None else "pybase64"


def _a2b(data: memoryview | bytes) -> bytes:
    if _fast_decode is not None:
        return _fast_decode(data, validate=True)
    return binascii.a2b_base64(data)


def decode_base64(text: str | bytes) -> bytes:
    """Decode a whole base64 value, checked like :class:`Base64Decoder` checks pieces.

    >>> decode_base64("aGk=")
    b'hi'
    """
    try:
        data = text.encode("ascii") if isinstance(text, str) else text
    except UnicodeEncodeError:
        raise ValueError("invalid base64: non-ASCII characters") from None
    decoder = Base64Decoder()
    decoder.feed(data, 0, len(data))
    return decoder.finish()
