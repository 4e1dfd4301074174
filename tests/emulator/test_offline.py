"""The in-process default: ImagesClient with no key answers from the emulator, incrementally."""

from __future__ import annotations

import time

import pytest

from imagewidgets import CompletedImage, ImagesClient, PartialImage
from imagewidgets.emulator import EmulatorConfig


async def test_offline_client_receives_frames_spread_out_in_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    arrivals: list[tuple[float, str]] = []
    async with ImagesClient(emulator=EmulatorConfig(pace=0.25)) as client:
        assert client.offline
        events = client.stream_generate("a red fox", model="gpt-image-2.6-flare", partial_images=3)
        async for event in events:
            arrivals.append((time.monotonic(), type(event).__name__))
    kinds = [kind for _, kind in arrivals]
    assert kinds == [PartialImage.__name__] * 3 + [CompletedImage.__name__]
    assert arrivals[-1][0] - arrivals[0][0] > 0.4, "frames arrive one by one, not all at the end"


async def test_offline_results_are_the_emulators_deterministic_pictures(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    async with ImagesClient(offline=True, emulator=EmulatorConfig(pace=0)) as client:
        first = await client.generate(
            "a blue house", model="gpt-image-2.5-sunburst", size="1536x1024"
        )
        again = await client.generate(
            "a blue house", model="gpt-image-2.5-sunburst", size="1536x1024"
        )
    assert first[0].data == again[0].data
    assert (first[0].width, first[0].height, first[0].backend) == (1536, 1024, "offline")
