"""The edit panel's requests as jobs: what to send, how to show it, what to record.

An :class:`EditJob` is fixed when Edit is pressed (images, prompt, parameters, mask), so a run
is not affected by later painting. It streams into an :class:`ImagePreview` when the model
streams, gives results whose lineage reaches back past prepared copies, and measures mask
fidelity afterwards.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import aclosing
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from imagewidgets.api.client import ImagesClient
from imagewidgets.api.events import CompletedImage, StreamEvent
from imagewidgets.api.results import GeneratedImage, ImageList
from imagewidgets.capabilities import InvalidParameterError
from imagewidgets.imaging.fidelity import FidelityReport, fidelity_report
from imagewidgets.imaging.source import SourceImage
from imagewidgets.widgets.edit.support import (
    EditImage,
    Prepared,
    reparent,
    transparent_region,
)
from imagewidgets.widgets.preview import ImagePreview
from imagewidgets.widgets.runs.area import ResultRuns
from imagewidgets.widgets.runs.queue import Run
from imagewidgets.widgets.runs.streaming import show_images, show_stream

__all__ = ["EditJob", "edit_job", "measure_fidelity"]

BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class EditJob:
    """One edit request, fixed when it was started.

    ``region`` is where the edit was meant to change the first image (the painted mask, or for
    dall-e-2 without a mask the transparent pixels), at that image's size; ``None`` for an edit
    of the whole image.
    """

    images: tuple[EditImage, ...]
    prompt: str
    params: Mapping[str, Any]
    mask: SourceImage | None
    region: BoolArray | None
    prepared: Prepared | None

    @property
    def n(self) -> int:
        """How many images the edit makes."""
        n = self.params.get("n", 1)
        return n if isinstance(n, int) else 1

    @property
    def size(self) -> str:
        """The requested size (``""`` for auto or unset)."""
        size = self.params.get("size")
        return size if isinstance(size, str) and size != "auto" else ""

    async def run(
        self, client: ImagesClient, runs: ResultRuns, preview: ImagePreview, run: Run
    ) -> ImageList:
        """Send the edit and show it in ``preview``, one of ``runs`` (which stores each final
        image and watches the stream): streamed when the model streams."""
        params = {k: v for k, v in self.params.items() if k != "partial_images"}
        shown: dict[str, Any] = {"deliver": runs.deliver, "code_for": runs.code_for}
        images = list(self.images)
        if "partial_images" in self.params:
            partials = int(self.params["partial_images"])
            events = client.stream_edit(
                images, self.prompt, mask=self.mask, **params,
                partial_images=partials, on_retry=run.retrying,
            )  # fmt: skip
            lineage = self._lineage(runs.watch(events))
            return await show_stream(lineage, preview, run, n=self.n, partials=partials, **shown)
        made = await client.edit(
            images, self.prompt, mask=self.mask, **params, on_retry=run.retrying
        )
        return await show_images([self._relink(image) for image in made], preview, run, **shown)

    def _relink(self, image: GeneratedImage) -> GeneratedImage:
        if self.prepared is None:
            return image
        return reparent(image, self.prepared, self.images[0].as_source())

    async def _lineage(self, events: AsyncIterator[StreamEvent]) -> AsyncIterator[StreamEvent]:
        async with aclosing(events):  # type: ignore[type-var]
            async for event in events:
                if isinstance(event, CompletedImage):
                    event = CompletedImage(event.index, self._relink(event.image))
                yield event


def edit_job(
    images: Sequence[EditImage],
    prompt: str,
    params: Mapping[str, Any],
    mask: SourceImage | None,
    painted: BoolArray,
    prepared: Mapping[str, Prepared],
) -> EditJob:
    """The job for an edit of ``images`` with ``mask`` (``painted`` is the same mask as an
    array, True = edit here)."""
    if not images:
        raise InvalidParameterError("add an image to edit first.", param="image", model=None)
    first = images[0].as_source()
    region = painted if mask is not None else None
    if region is None and params.get("model") == "dall-e-2":
        region = transparent_region(first)
    return EditJob(tuple(images), prompt, dict(params), mask, region, prepared.get(first.sha256))


async def measure_fidelity(
    job: EditJob, made: Sequence[GeneratedImage]
) -> list[tuple[GeneratedImage, FidelityReport]]:
    """The mask-fidelity report of each image a masked edit made (none for unmasked edits).

    Compared with the bytes that were sent, the image the mask was painted on."""
    if job.region is None:
        return []
    original = job.images[0].as_source()
    reports = []
    for image in made:
        report = await asyncio.to_thread(fidelity_report, original, image, job.region)
        reports.append((image, report))
    return reports
