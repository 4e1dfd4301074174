"""Partial frames: coarser versions of the final image that sharpen frame by frame.

Frame ``k`` of ``count`` is the final image averaged over square cells and blown back up
without smoothing, so the first frame shows blocks of colour and each later one is finer. The
cells shrink geometrically from a 16-cell grid towards 160 cells on the short side.

Example:
    >>> from PIL import Image
    >>> final = Image.new("RGB", (256, 256), "blue")
    >>> [frame.size for frame in partial_frames(final, 2)]
    [(256, 256), (256, 256)]
"""

from __future__ import annotations

from PIL import Image

__all__ = ["cell_counts", "partial_frames"]

COARSEST = 16
FINEST = 160


def cell_counts(count: int) -> list[int]:
    """How many cells span the short side in each of ``count`` partial frames (coarse first)."""
    if count <= 0:
        return []
    if count == 1:
        return [COARSEST * 2]
    ratio = (FINEST / COARSEST) ** (1 / (count - 1))
    return [round(COARSEST * ratio**step) for step in range(count)]


def partial_frames(final: Image.Image, count: int) -> list[Image.Image]:
    """``count`` frames of ``final``, each the same size, from blocky to nearly sharp."""
    return [_pixelate(final, cells) for cells in cell_counts(count)]


def _pixelate(image: Image.Image, cells: int) -> Image.Image:
    cell = max(1, min(image.size) // cells)
    return image.reduce(cell).resize(image.size, Image.Resampling.NEAREST)
