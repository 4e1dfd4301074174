"""Error cards say what happened and what to do, with the request id; never a traceback."""

from __future__ import annotations

import pytest

from imagewidgets.api.errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    DamagedImageError,
    InternalServerError,
    ModerationError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseError,
    StreamError,
)
from imagewidgets.api.retry import RetryNotice
from imagewidgets.capabilities import InvalidParameterError
from imagewidgets.widgets.runs.cards import ErrorCard, error_card, retry_card


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (
            AuthenticationError("Incorrect API key", status=401, request_id="req_1"),
            "the key was refused: set OPENAI_API_KEY",
        ),
        (
            ModerationError("rejected", status=400, code="moderation_blocked"),
            "blocked by moderation: rephrase the prompt",
        ),
        (
            RateLimitError("slow down", status=429, headers={"retry-after": "12"}),
            "rate limited: wait 12 s and try again",
        ),
        (
            RateLimitError("no money", status=429, code="insufficient_quota"),
            "quota used up: add credit",
        ),
        (
            PermissionDeniedError("org not verified", status=403),
            "permission denied: org not verified. GPT image models need a verified organization",
        ),
        (NotFoundError("no such model", status=404), "not found: no such model: check the model"),
        (InternalServerError("", status=503), "the service failed (HTTP 503): this is usually"),
        (BadRequestError("bad size.", status=400), "the request was refused: bad size: change it"),
        (APIError("teapot", status=418), "the service answered HTTP 418: teapot"),
        (APITimeoutError("slow"), "timed out: the service did not answer in time"),
        (APIConnectionError("refused"), "could not reach the service: check the network"),
        (
            StreamError("The stream ended early. Try again", request_id="req_3"),
            "the stream broke off: The stream ended early. Try again.",
        ),
        (
            DamagedImageError("The final image arrived damaged. Generate again", images=(0,)),
            "an image arrived damaged: The final image arrived damaged. Generate again.",
        ),
        (
            ResponseError('The service answered with no images ("data": [])', request_id="r"),
            'the service sent no usable image: The service answered with no images ("data": []).',
        ),
        (
            APIConnectionError("dropped", offline=True),
            "the offline emulator dropped the connection: nothing left this machine, so the "
            "network is not the cause",
        ),
        (
            APIConnectionError("The answer broke off", request_id="req_9"),
            "the connection broke: the service answered but its answer broke off: try again",
        ),
        (
            APITimeoutError("slow", offline=True),
            "timed out: the offline emulator was told to be slow",
        ),
        (
            BadRequestError("Sorry about that!", status=400),
            "the request was refused: Sorry about that: change it and try again",
        ),
        (
            PermissionDeniedError("Not for you!", status=403),
            "permission denied: Not for you! GPT image models need a verified organization",
        ),
        (
            InvalidParameterError("n must be 1", param="n", model="dall-e-3"),
            "invalid n: n must be 1",
        ),
        (KeyError("frame"), "unexpected error (KeyError): 'frame'"),
    ],
)
def test_each_error_gets_words_a_person_can_act_on(error: Exception, expected: str) -> None:
    card = error_card(error)
    assert str(card).startswith(expected)
    assert "Traceback" not in str(card)


def test_a_stream_cards_advice_does_not_repeat_the_request_id() -> None:
    card = error_card(StreamError("The stream broke. Generate again", request_id="req_5"))
    assert card.request_id == "req_5"
    assert "req_5" not in card.advice


def test_the_request_id_is_kept() -> None:
    card = error_card(ModerationError("no", status=400, request_id="req_42"))
    assert card.request_id == "req_42"
    assert card.to_json() == {
        "title": "blocked by moderation",
        "advice": card.advice,
        "request_id": "req_42",
        "kind": "error",
    }


def test_a_retry_is_a_warning_that_says_how_long() -> None:
    error = RateLimitError("slow down", status=429, request_id="req_7")
    card = retry_card(RetryNotice(attempt=1, delay=12.4, error=error))
    assert card.title == "rate limited: retrying in 12 s"
    assert card.kind == "warning"
    assert card.request_id == "req_7"
    server = retry_card(RetryNotice(2, 0.8, InternalServerError("x", status=500)))
    assert server.title == "the service answered HTTP 500: retrying in 0.8 s"  # not "in 1 s"
    assert retry_card(RetryNotice(1, 2, APITimeoutError("t"))).title == "timed out: retrying in 2 s"


def test_an_empty_message_still_says_something() -> None:
    assert str(error_card(RuntimeError())) == "unexpected error (RuntimeError): RuntimeError()"
    assert str(ErrorCard("only a title", "")) == "only a title"
