"""imagewidgets: a notebook studio for OpenAI's image models.

Each name is re-exported from the module that defines it; ``__all__`` is the public surface.
"""

from imagewidgets.api.events import CompletedImage, PartialImage, StreamEvent
from imagewidgets.api.results import GeneratedImage, ImageList, Usage
from imagewidgets.capabilities import InvalidParameterError, UnknownModelWarning
from imagewidgets.store import Store
from imagewidgets.store import open_image as open

__all__ = [
    "CompletedImage",
    "GeneratedImage",
    "ImageList",
    "InvalidParameterError",
    "PartialImage",
    "Store",
    "StreamEvent",
    "UnknownModelWarning",
    "Usage",
    "open",
]
