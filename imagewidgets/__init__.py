"""imagewidgets: a notebook studio for OpenAI's image models.

Each name is re-exported from the module that defines it; ``__all__`` is the public surface.
"""

from imagewidgets.api.client import ImagesClient
from imagewidgets.api.errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ImagesError,
    InternalServerError,
    ModerationError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    StreamError,
)
from imagewidgets.api.events import CompletedImage, PartialImage, StreamEvent
from imagewidgets.api.results import GeneratedImage, ImageList, Usage
from imagewidgets.api.retry import RetryNotice
from imagewidgets.capabilities import InvalidParameterError, UnknownModelWarning
from imagewidgets.emulator import EmulatorConfig, EmulatorServer
from imagewidgets.imaging.conform import Conformed, conform_for_dalle2
from imagewidgets.store import Store
from imagewidgets.store import open_image as open
from imagewidgets.widgets.controls import ControlPanel
from imagewidgets.widgets.gallery import Gallery
from imagewidgets.widgets.preview import ImagePreview
from imagewidgets.widgets.quick import generate
from imagewidgets.widgets.studio import Studio

__all__ = [
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "CompletedImage",
    "Conformed",
    "ControlPanel",
    "EmulatorConfig",
    "EmulatorServer",
    "Gallery",
    "GeneratedImage",
    "ImageList",
    "ImagePreview",
    "ImagesClient",
    "ImagesError",
    "InternalServerError",
    "InvalidParameterError",
    "ModerationError",
    "NotFoundError",
    "PartialImage",
    "PermissionDeniedError",
    "RateLimitError",
    "RetryNotice",
    "Store",
    "StreamError",
    "StreamEvent",
    "Studio",
    "UnknownModelWarning",
    "Usage",
    "conform_for_dalle2",
    "generate",
    "open",
]
