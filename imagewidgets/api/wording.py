"""Join quoted text into sentences without doubled punctuation.

Messages quote what others said (the service, a proxy, httpx), and that text may or may not end
in a full stop, an exclamation mark or a question mark. :func:`sentence` and :func:`clause` are
the one place that decides how it is joined, so no message reads "Sorry about that!." or
"...the image.. Try again". :func:`doubled_punctuation` finds what they prevent (tests use it).

Example:
    >>> sentence("Sorry about that!"), sentence("not ready yet"), sentence("done. ")
    ('Sorry about that!', 'not ready yet.', 'done.')
    >>> clause("The server had an error.") + ": generate again"
    'The server had an error: generate again'
    >>> doubled_punctuation("Sorry about that!. Try again")
    ['!.']
"""

from __future__ import annotations

import re

__all__ = ["clause", "doubled_punctuation", "sentence"]

_ENDS = ".!?…"
_DOUBLED = re.compile(r"(?<!\.)\.\.(?!\.)|[!?…]\.|[.!?…][:;,]|\.[!?]|[ \t][.,:;!?](?![.\w])")
"""Two stops in a row (an ellipsis "..." is fine), a stop after ! or ?, a colon or comma after
a stop, a space before a punctuation mark that ends a phrase."""


def sentence(text: str) -> str:
    """``text`` as a sentence: it ends in ``.``, ``!``, ``?`` or ``…`` (a full stop is added
    only when none is there); surrounding white space goes."""
    text = text.strip()
    return text if not text or text[-1] in _ENDS else text + "."


def clause(text: str) -> str:
    """``text`` without its closing punctuation, to go on inside a longer sentence."""
    return text.strip().rstrip(_ENDS).rstrip()


def doubled_punctuation(text: str) -> list[str]:
    """The places where ``text`` has doubled or misplaced punctuation (empty when it has none)."""
    return _DOUBLED.findall(text)
