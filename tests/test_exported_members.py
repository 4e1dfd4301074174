"""The public surface is exactly ``imagewidgets.__all__``, and the package's ``__init__`` only
re-exports: a name added or lost on the way is a decision, so this test pins the list."""

from __future__ import annotations

import ast
import inspect

import imagewidgets as iw

PUBLIC = {
    # results and streaming
    "GeneratedImage", "ImageList", "Usage", "PartialImage", "CompletedImage", "StreamEvent",
    "DamagedFrame",
    # the client, its errors and retries
    "ImagesClient", "default_client", "ImagesError", "APIError", "BadRequestError",
    "AuthenticationError",
    "PermissionDeniedError", "NotFoundError", "RateLimitError", "InternalServerError",
    "ModerationError", "APIConnectionError", "APITimeoutError", "StreamError", "RetryNotice",
    "ResponseError", "DamagedImageError",
    "InvalidParameterError", "UnknownModelWarning",
    # model lifecycle and rules that are only guesses
    "ModelShutDownError", "RetiredEndpointError", "ModelDeprecatedWarning",
    "UnknownParameterWarning", "UncertainRuleWarning",
    # images in
    "conform_for_dalle2", "Conformed", "expand_canvas", "fidelity_report", "FidelityReport",
    # offline backend
    "EmulatorConfig", "EmulatorServer",
    # history
    "Store", "open", "BudgetExceededError", "NotSavedError",
    # widgets
    "Studio", "ControlPanel", "ImagePreview", "EditPanel", "MaskPainter", "Gallery", "generate",
    "Grid",
}  # fmt: skip


def test_all_is_the_public_surface() -> None:
    assert set(iw.__all__) == PUBLIC
    assert len(iw.__all__) == len(PUBLIC), "a name is listed twice"


def test_every_public_name_resolves_to_something_defined_elsewhere() -> None:
    for name in iw.__all__:
        value = getattr(iw, name)
        module = getattr(value, "__module__", None) or inspect.getmodule(value)
        assert module != "imagewidgets", f"{name} is defined in __init__, not re-exported"


def test_init_only_imports() -> None:
    tree = ast.parse(inspect.getsource(iw))
    for node in tree.body:
        is_docstring = isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        is_all = isinstance(node, ast.Assign) and [t.id for t in node.targets] == ["__all__"]  # type: ignore[attr-defined]
        assert is_docstring or is_all or isinstance(node, ast.ImportFrom), ast.dump(node)[:80]
