"""``NotSavedError``: the store could not keep an image; the image itself is not lost.

Every caller that stores a paid-for image (the Studio, the edit panel, ``iw.generate``) still
returns and shows it when this is raised, and says why it is not on disk. ``cause`` sorts the
failure so a card can say what to do (``widgets/runs/cards.py`` holds those words):

=================  ==========================================================================
``"full"``         the disk (or quota) is full
``"read-only"``    the store's folder is on a read-only file system
``"permission"``   no permission to write in the store's folder
``"in-the-way"``   a file stands where the store needs a folder, or the reverse
``"undecodable"``  the bytes are not an image that can be read (nothing to keep)
``"other"``        any other failure of the file system
=================  ==========================================================================

Example:
    >>> import errno
    >>> error = not_saved(OSError(errno.ENOSPC, "No space left on device"), "/data/images")
    >>> error.cause, str(error)
    ('full', 'the image was not saved in /data/images: No space left on device')
"""

from __future__ import annotations

import errno
import os
from typing import Literal

__all__ = ["Cause", "NotSavedError", "not_saved"]

Cause = Literal["full", "read-only", "permission", "in-the-way", "undecodable", "other"]

_CAUSES: dict[int, Cause] = {
    errno.ENOSPC: "full",
    errno.EDQUOT: "full",
    errno.EFBIG: "full",
    errno.EROFS: "read-only",
    errno.EACCES: "permission",
    errno.EPERM: "permission",
    errno.ENOTDIR: "in-the-way",
    errno.EISDIR: "in-the-way",
    errno.EEXIST: "in-the-way",
}


class NotSavedError(Exception):
    """An image could not be written to the store (``folder``); ``cause`` says what kind of
    failure it was. The image is still in memory: show it, return it, offer Save."""

    def __init__(self, message: str, *, cause: Cause, folder: str, reason: str = "") -> None:
        super().__init__(message)
        self.cause: Cause = cause
        self.folder = folder
        self.reason = reason or message
        """What failed, in the system's words (``"No space left on device"``)."""


def not_saved(error: BaseException, folder: str | os.PathLike[str]) -> NotSavedError:
    """The :class:`NotSavedError` for ``error`` (an ``OSError``, the ``ValueError`` of bytes
    that do not decode, or anything else) raised while writing into ``folder``."""
    why = str(error) or type(error).__name__
    if isinstance(error, OSError):
        cause = _CAUSES.get(error.errno or 0, "other")
        why = error.strerror or why
    else:
        cause = "undecodable" if isinstance(error, ValueError) else "other"
    failure = NotSavedError(
        f"the image was not saved in {folder}: {why}", cause=cause, folder=str(folder), reason=why
    )
    failure.__cause__ = error
    return failure
