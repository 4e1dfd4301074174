"""Every error card the emulator's fault list can produce reads as plain sentences: no doubled
punctuation ("Sorry about that!.", "the image.. Try again"), in the card or in the exception.

Each fault of :data:`imagewidgets.emulator.faults.FAULT_NAMES` is sent in every shape that
changes its words (generation or edit, streamed or not, one image or two, striking at once or
after a frame, retried or not); the test fails if a fault produces no card at all, so a new
fault has to be covered here."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from typing import Any

import pytest

from imagewidgets.api.client import ImagesClient
from imagewidgets.api.retry import RetryNotice
from imagewidgets.api.wording import doubled_punctuation
from imagewidgets.emulator import EmulatorConfig
from imagewidgets.emulator.faults import FAULT_NAMES
from imagewidgets.widgets.runs.cards import ErrorCard, error_card, retry_card
from tests.support.api import fake_retry, png

GPT = "gpt-image-2"
SHAPES = list(itertools.product(("generate", "edit"), (False, True), (1, 2), ("", ";after=0")))
"""(operation, streamed, n, where the fault strikes)."""


def spec(fault: str, where: str) -> str:
    return "slow;seconds=1" if fault == "slow" else fault + where


async def request(
    client: ImagesClient, operation: str, streamed: bool, n: int, notices: list[RetryNotice]
) -> None:
    params: dict[str, Any] = {"model": GPT, "n": n, "quality": "low", "on_retry": notices.append}
    if streamed:
        params["partial_images"] = 1
        stream: AsyncIterator[Any] = (
            client.stream_generate("a red fox", **params)
            if operation == "generate"
            else client.stream_edit(png((64, 64)), "a hat", **params)
        )
        async for _ in stream:
            pass
    elif operation == "generate":
        await client.generate("a red fox", **params)
    else:
        await client.edit(png((64, 64)), "a hat", **params)


async def cards_of(fault: str) -> list[tuple[ErrorCard, str]]:
    """Each card ``fault`` produces (error cards and retry warnings), with the error's text."""
    found: list[tuple[ErrorCard, str]] = []
    for operation, streamed, n, where in SHAPES:
        notices: list[RetryNotice] = []
        config = EmulatorConfig(pace=0, faults=(spec(fault, where),))
        timeout = 0.2 if fault == "slow" else 60.0  # only the slow fault is to time out
        client = ImagesClient(emulator=config, timeout=timeout, max_retries=1)
        client.retry, _ = fake_retry(1)
        try:
            await request(client, operation, streamed, n, notices)
        except Exception as error:  # each fault raises its own class
            found.append((error_card(error), str(error)))
        finally:
            await client.aclose()
        found += [(retry_card(notice), str(notice.error)) for notice in notices]
    return found


EXPECTED = {
    "rate_limit": {"rate limited: retrying in 1 s", "rate limited"},
    "server_error": {
        "the service answered HTTP 500: retrying in 0.4 s",
        "the service failed (HTTP 500)",
    },
    "unavailable": {"the service failed (HTTP 503)"},
    "org_not_verified": {"permission denied"},
    "moderation": {"blocked by moderation"},
    "drop": {
        "the connection failed: retrying in 0.4 s",
        "the offline emulator dropped the connection",
    },
    "slow": {"timed out: retrying in 0.4 s", "timed out"},
    "cut": {"the stream broke off", "the offline emulator dropped the connection"},
    "malformed_sse": {"the stream broke off", "the service sent no usable image"},
    "invalid_base64": {"an image arrived damaged", "the service sent no usable image"},
    "stream_error": {"the stream broke off", "the service failed (HTTP 500)"},
}
"""Titles each fault must produce among its cards: the shapes reach what a person sees."""


@pytest.mark.parametrize("fault", FAULT_NAMES)
async def test_no_card_of_any_fault_has_doubled_punctuation(fault: str) -> None:
    assert fault in EXPECTED, f"the fault {fault!r} is new: say here which cards it makes"
    cards = await cards_of(fault)
    assert EXPECTED[fault] <= {card.title for card, _ in cards}
    for card, message in cards:
        for text in (card.title, card.advice, str(card), message):
            assert doubled_punctuation(text) == [], text
        assert "Traceback" not in str(card)
        assert card.advice
