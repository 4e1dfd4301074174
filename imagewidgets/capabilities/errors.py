"""What the rules raise and warn: one error type for refusals, one warning type per doubt.

::

    ValueError
     └── InvalidParameterError        a request the service would refuse (param, model, allowed)
          ├── ModelShutDownError      the model no longer accepts requests (date, replacements)
          └── RetiredEndpointError    the endpoint is gone from this service (variations)

    UserWarning
     ├── UnknownModelWarning          a model the table does not know: sent unchecked
     ├── UnknownParameterWarning      a parameter the table does not know: sent as it is
     ├── ModelDeprecatedWarning       the model works until its shutdown date (once per process)
     ├── DeprecatedParameterWarning   ``user``: use ``safety_identifier``
     └── UncertainRuleWarning         a rule WIRE-2026-11 marks as a guess: sent for the service
                                      to judge

Example:
    >>> error = ModelShutDownError("gpt-image-1", date(2026, 10, 23), ("gpt-image-2.5-flare",))
    >>> str(error), error.param
    ('model gpt-image-1 was shut down on 2026-10-23; use gpt-image-2.5-flare.', 'model')
"""

from __future__ import annotations

from datetime import date

__all__ = [
    "DeprecatedParameterWarning",
    "InvalidParameterError",
    "ModelDeprecatedWarning",
    "ModelShutDownError",
    "RetiredEndpointError",
    "UncertainRuleWarning",
    "UnknownModelWarning",
    "UnknownParameterWarning",
    "choices",
]


class InvalidParameterError(ValueError):
    """A request the model would refuse; raised before anything is sent.

    ``param`` names the offending parameter, ``model`` the model it was checked against and
    ``allowed`` what would have been accepted (empty when the parameter does not apply at all).
    """

    def __init__(
        self, message: str, *, param: str, model: str | None, allowed: tuple[object, ...] = ()
    ) -> None:
        super().__init__(message)
        self.param = param
        self.model = model
        self.allowed = allowed


class ModelShutDownError(InvalidParameterError):
    """``model`` was shut down on ``shutdown``: the service no longer accepts requests for it."""

    def __init__(self, model: str, shutdown: date, replacements: tuple[str, ...]) -> None:
        use = f"; use {choices(replacements, quote=False)}" if replacements else ""
        super().__init__(
            f"model {model} was shut down on {shutdown.isoformat()}{use}.",
            param="model",
            model=model,
            allowed=replacements,
        )
        self.shutdown = shutdown
        self.replacements = replacements


class RetiredEndpointError(InvalidParameterError):
    """The endpoint no longer exists on this service; the message says what replaces it."""


class UnknownModelWarning(UserWarning):
    """A model name this table does not know: the request is sent unchecked."""


class UnknownParameterWarning(UserWarning):
    """A parameter this table does not know: it is sent as given (like the SDK's ``extra_body``)."""


class ModelDeprecatedWarning(UserWarning):
    """The model still works but shuts down on a known date (warned once per process)."""


class DeprecatedParameterWarning(UserWarning):
    """A parameter the service still accepts but has deprecated (``user``)."""


class UncertainRuleWarning(UserWarning):
    """A request that breaks a rule WIRE-2026-11 marks as a guess: sent, the service decides."""


for _public in (
    InvalidParameterError,
    ModelShutDownError,
    RetiredEndpointError,
    UnknownModelWarning,
    UnknownParameterWarning,
    ModelDeprecatedWarning,
    DeprecatedParameterWarning,
    UncertainRuleWarning,
):
    _public.__module__ = "imagewidgets.capabilities"  # how tracebacks and docs name them


def choices(values: tuple[object, ...], *, quote: bool = True) -> str:
    """``'a', 'b' or 'c'`` (``quote=False``: ``a, b or c``)."""
    shown = [repr(value) if quote else str(value) for value in values]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]
