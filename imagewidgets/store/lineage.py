"""Lineage: which image was made from which, as a tree to branch from.

An edit or a variation names its input images as ``parents`` (the first one is the image it
changed). :func:`lineage` walks up the first parents to the oldest stored ancestor and returns
the whole family below it, so the gallery can show an image among its parent, siblings and
children.

Example:
    >>> from imagewidgets.store import Store
    >>> store = Store("/tmp/a-store")                                    # doctest: +SKIP
    >>> tree = lineage(store, edited.sha256)                             # doctest: +SKIP
    >>> [node.record.operation for node in tree.walk()]                  # doctest: +SKIP
    ['generate', 'edit', 'variation', 'variation']
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from imagewidgets.store.record import Record

if TYPE_CHECKING:
    from imagewidgets.store.store import Store

__all__ = ["LineageNode", "ancestors", "lineage"]


@dataclass(frozen=True)
class LineageNode:
    """One image of a family tree and the images made from it (oldest first)."""

    record: Record
    children: tuple[LineageNode, ...] = ()
    depth: int = 0

    def walk(self) -> Iterator[LineageNode]:
        """This node, then its descendants depth first."""
        yield self
        for child in self.children:
            yield from child.walk()


def ancestors(store: Store, sha256: str) -> list[Record]:
    """The stored chain of first parents of an image: its parent first, the oldest last."""
    chain: list[Record] = []
    record = store.get(sha256)
    while record is not None and record.parents and len(chain) < 1000:
        record = store.get(record.parents[0])
        if record is None or record in chain:
            break
        chain.append(record)
    return chain


def lineage(store: Store, sha256: str, *, limit: int = 200) -> LineageNode | None:
    """The family tree of an image, from its oldest stored ancestor down (at most ``limit`` nodes).

    None when the image is not in the store. Each image's children come from the index, so the
    cost follows the family's size, not the store's.
    """
    record = store.get(sha256)
    if record is None:
        return None
    root = ([record, *ancestors(store, sha256)])[-1]
    return _grow(store, root, [limit], 0, set())


def _grow(
    store: Store, record: Record, budget: list[int], depth: int, seen: set[str]
) -> LineageNode:
    budget[0] -= 1
    seen.add(record.sha256)
    grown = []
    for child in store.children(record.sha256):
        if budget[0] > 0 and child.sha256 not in seen:
            grown.append(_grow(store, child, budget, depth + 1, seen))
    return LineageNode(record, tuple(grown), depth)
