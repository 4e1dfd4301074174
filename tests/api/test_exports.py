"""The API layer's public names, as the contract lists them, exported from ``imagewidgets``."""

from __future__ import annotations

import imagewidgets as iw
from imagewidgets.api import client, errors, retry
from imagewidgets.imaging import conform

API_NAMES = {
    "ImagesClient": client.ImagesClient,
    "ImagesError": errors.ImagesError,
    "APIError": errors.APIError,
    "BadRequestError": errors.BadRequestError,
    "AuthenticationError": errors.AuthenticationError,
    "PermissionDeniedError": errors.PermissionDeniedError,
    "NotFoundError": errors.NotFoundError,
    "RateLimitError": errors.RateLimitError,
    "InternalServerError": errors.InternalServerError,
    "ModerationError": errors.ModerationError,
    "APIConnectionError": errors.APIConnectionError,
    "APITimeoutError": errors.APITimeoutError,
    "StreamError": errors.StreamError,
    "DamagedImageError": errors.DamagedImageError,
    "ResponseError": errors.ResponseError,
    "RetryNotice": retry.RetryNotice,
    "conform_for_dalle2": conform.conform_for_dalle2,
    "Conformed": conform.Conformed,
}


def test_api_names_are_exported() -> None:
    for name, value in API_NAMES.items():
        assert name in iw.__all__
        assert getattr(iw, name) is value


def test_error_hierarchy() -> None:
    assert issubclass(iw.ModerationError, iw.BadRequestError)
    assert issubclass(iw.APITimeoutError, iw.APIConnectionError)
    assert issubclass(iw.DamagedImageError, iw.StreamError)
    for name in ("APIError", "APIConnectionError", "ResponseError", "StreamError"):
        assert issubclass(getattr(iw, name), iw.ImagesError)
    assert not issubclass(iw.InvalidParameterError, iw.ImagesError)
    assert issubclass(iw.InvalidParameterError, ValueError)
