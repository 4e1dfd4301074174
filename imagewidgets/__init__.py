"""imagewidgets: a notebook studio for OpenAI's image models.

Each name is re-exported from the module that defines it; ``__all__`` is the public surface.
"""

from imagewidgets.api.client import ImagesClient
from imagewidgets.api.default import default_client
from imagewidgets.api.errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    DamagedImageError,
    ImagesError,
    InternalServerError,
    ModerationError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseError,
    StreamError,
)
from imagewidgets.api.events import CompletedImage, DamagedFrame, PartialImage, StreamEvent
from imagewidgets.api.results import GeneratedImage, ImageList, Usage
from imagewidgets.api.retry import RetryNotice
from imagewidgets.capabilities import (
    InvalidParameterError,
    ModelDeprecatedWarning,
    ModelShutDownError,
    RetiredEndpointError,
    UncertainRuleWarning,
    UnknownModelWarning,
    UnknownParameterWarning,
)
from imagewidgets.emulator import EmulatorConfig, EmulatorServer
from imagewidgets.imaging.canvas import expand_canvas
from imagewidgets.imaging.conform import Conformed, conform_for_dalle2
from imagewidgets.imaging.fidelity import FidelityReport, fidelity_report
from imagewidgets.store import BudgetExceededError, NotSavedError, Store
from imagewidgets.store import open_image as open
from imagewidgets.widgets.controls.panel import ControlPanel
from imagewidgets.widgets.edit.panel import EditPanel
from imagewidgets.widgets.gallery import Gallery
from imagewidgets.widgets.grid.grid import Grid
from imagewidgets.widgets.mask_painter import MaskPainter
from imagewidgets.widgets.preview import ImagePreview
from imagewidgets.widgets.quick import generate
from imagewidgets.widgets.studio import Studio

__all__ = [
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "BudgetExceededError",
    "CompletedImage",
    "Conformed",
    "ControlPanel",
    "DamagedFrame",
    "DamagedImageError",
    "EditPanel",
    "EmulatorConfig",
    "EmulatorServer",
    "FidelityReport",
    "Gallery",
    "GeneratedImage",
    "Grid",
    "ImageList",
    "ImagePreview",
    "ImagesClient",
    "ImagesError",
    "InternalServerError",
    "InvalidParameterError",
    "MaskPainter",
    "ModelDeprecatedWarning",
    "ModelShutDownError",
    "ModerationError",
    "NotFoundError",
    "NotSavedError",
    "PartialImage",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseError",
    "RetiredEndpointError",
    "RetryNotice",
    "Store",
    "StreamError",
    "StreamEvent",
    "Studio",
    "UncertainRuleWarning",
    "UnknownModelWarning",
    "UnknownParameterWarning",
    "Usage",
    "conform_for_dalle2",
    "default_client",
    "expand_canvas",
    "fidelity_report",
    "generate",
    "open",
]
