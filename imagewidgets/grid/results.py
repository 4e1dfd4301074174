"""``GridResults``: a grid's images by cell, a read-only mapping (``grid.results``).

Example:
    >>> from imagewidgets.grid.plan import plan_grid
    >>> from imagewidgets.grid.spec import GridSpec
    >>> plan = plan_grid(GridSpec.of("a {animal}", {"animal": ["fox", "owl"]}))
    >>> results = GridResults({plan.cells[1]: ImageList()}, failed=1)
    >>> len(results), results.find(animal="owl")
    (1, ())
    >>> results
    GridResults(1 cells, 0 images, 1 failed: see grid.errors)
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from imagewidgets.api.results import ImageList
from imagewidgets.grid.plan import Cell

__all__ = ["GridResults"]


class GridResults(Mapping[Cell, ImageList]):
    """The cells that have images, each with its images (newest request last); ``failed``
    counts the cells whose request failed (their errors are in ``grid.errors``)."""

    def __init__(self, images: Mapping[Cell, ImageList], failed: int = 0) -> None:
        self._images = dict(images)
        self.failed = failed

    def __getitem__(self, cell: Cell) -> ImageList:
        return self._images[cell]

    def __iter__(self) -> Iterator[Cell]:
        return iter(self._images)

    def __len__(self) -> int:
        return len(self._images)

    def find(self, **values: Any) -> ImageList:
        """Every image of the cells whose axes have these values (``find(model="...")``)."""
        found = [
            image
            for cell, images in self._images.items()
            if all(cell[name] == value for name, value in values.items())
            for image in images
        ]
        return ImageList(found)

    def __repr__(self) -> str:
        images = sum(len(found) for found in self._images.values())
        failed = f", {self.failed} failed: see grid.errors" if self.failed else ""
        return f"GridResults({len(self)} cells, {images} images{failed})"
