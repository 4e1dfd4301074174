"""Read a prompt into what the emulator draws: a seed, a sky, and one motif per content word.

Everything is derived from hashes of the text, never from time or a global random state, so the
same prompt always gives the same picture and different prompts give visibly different ones. A
word names its own shape (``sun`` is a disc, ``mountain`` a peak) and its colour (a colour word
just before it: ``red fox``); other words get a shape and a colour from their hash, the same
ones in every prompt.

Example:
    >>> [(m.word, m.shape) for m in motifs("a red fox under the sun")]
    [('fox', 'blob'), ('sun', 'disc')]
"""

from __future__ import annotations

import colorsys
import hashlib
import re
from dataclasses import dataclass

__all__ = ["RGB", "Motif", "motifs", "seed_for", "sky", "words"]

RGB = tuple[int, int, int]

COLOURS: dict[str, RGB] = {
    "red": (214, 48, 49), "orange": (240, 130, 40), "yellow": (247, 209, 59),
    "green": (46, 160, 67), "blue": (45, 105, 210), "purple": (128, 70, 190),
    "violet": (150, 90, 210), "pink": (240, 120, 170), "brown": (135, 85, 50),
    "black": (30, 30, 36), "white": (245, 245, 240), "gray": (140, 140, 150),
    "grey": (140, 140, 150), "gold": (222, 172, 40), "golden": (222, 172, 40),
    "silver": (190, 195, 205), "teal": (30, 150, 150), "cyan": (40, 190, 220),
    "magenta": (210, 50, 160), "crimson": (180, 20, 50), "turquoise": (50, 200, 190),
}  # fmt: skip
"""Colour words and the colour they give to the word after them."""

NATURAL: dict[str, RGB] = {
    "sun": (250, 200, 50), "moon": (235, 235, 210), "star": (250, 215, 80),
    "stars": (250, 215, 80), "tree": (40, 130, 60), "trees": (40, 130, 60),
    "forest": (30, 110, 55), "grass": (80, 170, 70), "leaf": (70, 160, 60),
    "mountain": (120, 110, 150), "mountains": (120, 110, 150), "ocean": (30, 110, 200),
    "sea": (30, 110, 200), "water": (50, 140, 220), "fire": (240, 100, 30),
    "apple": (210, 40, 40), "banana": (245, 215, 70), "cloud": (240, 244, 250),
    "snow": (245, 248, 255), "rose": (200, 30, 60), "sunflower": (245, 200, 40),
}  # fmt: skip
"""Words with a natural colour, used when no colour word comes before them."""

SHAPES: dict[str, str] = {
    **dict.fromkeys("sun moon planet ball apple eye coin bubble globe".split(), "disc"),
    **dict.fromkeys("mountain mountains peak hill pyramid tent volcano".split(), "peak"),
    **dict.fromkeys("tree trees forest pine".split(), "tree"),
    **dict.fromkeys("house home building city tower castle box book robot".split(), "house"),
    **dict.fromkeys("star stars sparkle spark".split(), "star"),
    **dict.fromkeys("flower flowers rose tulip daisy sunflower".split(), "flower"),
    **dict.fromkeys("ring donut wheel portal".split(), "ring"),
    **dict.fromkeys("diamond gem crystal kite".split(), "diamond"),
    **dict.fromkeys("wave waves ocean sea river lake water".split(), "waves"),
}
"""Words whose shape is obvious; any other word gets one from its hash."""

GROUNDED = frozenset({"peak", "tree", "house"})
HASHED_SHAPES = ("blob", "disc", "diamond", "star", "ring", "blob", "flower")
STOPWORDS = frozenset(
    "a an the and or of in on at to with without for from by under over into onto near next "
    "its it is are be this that these those very some any as like while very".split()
)
SKIES: dict[str, tuple[RGB, RGB]] = {
    "night": ((14, 20, 48), (52, 46, 98)), "space": ((8, 8, 20), (46, 24, 70)),
    "sunset": ((250, 150, 90), (120, 60, 130)), "sunrise": ((255, 190, 130), (120, 170, 220)),
    "snow": ((220, 232, 245), (250, 252, 255)), "winter": ((205, 222, 240), (245, 248, 252)),
    "forest": ((150, 200, 160), (40, 100, 60)), "desert": ((250, 220, 160), (220, 160, 90)),
    "ocean": ((120, 190, 240), (20, 80, 160)), "sea": ((120, 190, 240), (20, 80, 160)),
    "underwater": ((40, 130, 180), (10, 40, 90)), "sky": ((120, 180, 245), (215, 235, 255)),
}  # fmt: skip
"""Scene words that set the sky (top colour, bottom colour)."""

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@dataclass(frozen=True)
class Motif:
    """One thing to draw: the word it stands for, a shape name and a colour."""

    word: str
    shape: str
    colour: RGB

    @property
    def grounded(self) -> bool:
        """Peaks, trees and houses stand on the ground instead of floating."""
        return self.shape in GROUNDED


def seed_for(*parts: object) -> int:
    """A 64-bit seed from any values (by their ``repr``): the same parts give the same seed."""
    digest = hashlib.sha256(repr(parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big")


def words(prompt: str) -> list[str]:
    """The prompt's words in lower case, in order (letters only)."""
    return [word.lower() for word in _WORD.findall(prompt)]


def hashed_colour(word: str, *, saturation: float = 0.62, value: float = 0.86) -> RGB:
    """A colour that belongs to ``word``: the same in every prompt."""
    hue = (seed_for("hue", word) % 360) / 360
    red, green, blue = colorsys.hsv_to_rgb(hue, saturation, value)
    return (round(red * 255), round(green * 255), round(blue * 255))


def motifs(prompt: str, limit: int = 6) -> list[Motif]:
    """Up to ``limit`` motifs: content words (not colour or stop words), first ones first."""
    found: list[Motif] = []
    colour: RGB | None = None
    for word in words(prompt):
        if word in COLOURS:
            colour = COLOURS[word]
            continue
        if word in STOPWORDS or len(word) < 3 or word in SKIES or word in {m.word for m in found}:
            continue
        shape = SHAPES.get(word) or HASHED_SHAPES[seed_for("shape", word) % len(HASHED_SHAPES)]
        found.append(Motif(word, shape, colour or NATURAL.get(word) or hashed_colour(word)))
        colour = None
    return found[:limit]


def sky(prompt: str) -> tuple[RGB, RGB]:
    """The background gradient (top, bottom): from a scene word, else from the prompt's hash."""
    for word in words(prompt):
        if word in SKIES:
            return SKIES[word]
    hue = (seed_for("sky", prompt.strip().lower()) % 360) / 360
    top = colorsys.hsv_to_rgb(hue, 0.28, 0.97)
    bottom = colorsys.hsv_to_rgb((hue + 0.09) % 1, 0.5, 0.78)
    return (_rgb(top), _rgb(bottom))


def _rgb(colour: tuple[float, float, float]) -> RGB:
    return (round(colour[0] * 255), round(colour[1] * 255), round(colour[2] * 255))
