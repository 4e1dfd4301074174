"""The edit panel's requests as jobs: what to send, how to show it, what to record.

An :class:`EditJob` is fixed when Edit is pressed (images, prompt, parameters, mask or markup),
so a run is not affected by later painting. It streams into an :class:`ImagePreview` when the
model streams, gives results whose lineage reaches back past prepared copies, and measures mask
(or markup) fidelity afterwards.

The mask and the markup are the painter's PNGs as they are: they go into the request's ``mask``
or ``markup`` part unchanged (:func:`imagewidgets.api.request.edit_request`), and are decoded
once, in a worker thread after the edit, when the fidelity report needs their pixels
(:meth:`EditJob.region`: the mask, or the marks grown by their reach).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
import numpy.typing as npt

from imagewidgets.api.client import ImagesClient
from imagewidgets.api.results import GeneratedImage, ImageList
from imagewidgets.capabilities import InvalidParameterError
from imagewidgets.imaging.fidelity import FidelityReport, fidelity_report
from imagewidgets.imaging.markup import markup_area, markup_reach
from imagewidgets.imaging.masks import mask_to_array
from imagewidgets.imaging.source import SourceImage
from imagewidgets.widgets.edit.support import (
    EditImage,
    Prepared,
    relinked,
    reparent,
    transparent_region,
)
from imagewidgets.widgets.preview import ImagePreview
from imagewidgets.widgets.runs.area import ResultRuns
from imagewidgets.widgets.runs.queue import Run
from imagewidgets.widgets.runs.status import making_text
from imagewidgets.widgets.runs.streaming import show_answer, show_stream

__all__ = ["EditJob", "edit_job", "measure_fidelity"]

BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class EditJob:
    """One edit request, fixed when it was started: ``mask`` or ``markup`` is the PNG sent as
    it is."""

    images: tuple[EditImage, ...]
    prompt: str
    params: Mapping[str, Any]
    mask: SourceImage | None
    prepared: Prepared | None
    markup: SourceImage | None = None

    def region(self) -> BoolArray | None:
        """Where the edit was meant to change the first image (the mask, the marks and the
        pixels near them, or for dall-e-2 without a mask the transparent pixels), at that image's
        size; ``None`` for an edit of the whole image. Decodes pixels: call it off the event
        loop."""
        if self.markup is not None:
            return markup_area(self.markup.data, self.marks_reach)[0]
        if self.mask is not None:
            return mask_to_array(self.mask.data)
        if self.params.get("model") == "dall-e-2":
            return transparent_region(self.images[0].as_source())
        return None

    @property
    def marks_reach(self) -> int | None:
        """How far around the marks a markup edit may change the picture (``None``: no
        markup); :func:`imagewidgets.imaging.markup.markup_reach` of the first image."""
        if self.markup is None:
            return None
        return markup_reach(self.markup.width, self.markup.height)

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
        images, overlays = list(self.images), self._overlays()
        if "partial_images" in self.params:
            partials = int(self.params["partial_images"])
            events = client.stream_edit(
                images, self.prompt, **overlays, **params,
                partial_images=partials, on_retry=run.retrying,
            )  # fmt: skip
            lineage = relinked(runs.watch(events), self._relink)
            return await show_stream(lineage, preview, run, n=self.n, partials=partials, **shown)
        run.doing = making_text(params)
        answer = client.edit(images, self.prompt, **overlays, **params, on_retry=run.retrying)
        return await show_answer(answer, preview, run, relink=self._relink, **shown)

    def _overlays(self) -> dict[str, Any]:
        """The mask or the markup, as the client's keywords (at most one is set)."""
        return {"mask": self.mask, "markup": self.markup}

    def _relink(self, image: GeneratedImage) -> GeneratedImage:
        if self.prepared is None:
            return image
        return reparent(image, self.prepared, self.images[0].as_source())


def edit_job(
    images: Sequence[EditImage],
    prompt: str,
    params: Mapping[str, Any],
    mask: SourceImage | None,
    prepared: Mapping[str, Prepared],
    markup: SourceImage | None = None,
) -> EditJob:
    """The job for an edit of ``images`` with ``mask`` or ``markup`` (the painter's PNG, or
    ``None``)."""
    if not images:
        raise InvalidParameterError("add an image to edit first.", param="image", model=None)
    first = images[0].as_source()
    return EditJob(tuple(images), prompt, dict(params), mask, prepared.get(first.sha256), markup)


async def measure_fidelity(
    job: EditJob, made: Sequence[GeneratedImage]
) -> tuple[BoolArray | None, list[tuple[GeneratedImage, FidelityReport]]]:
    """The edit's region and the fidelity report of each image it made (none for an edit of the
    whole image), computed in worker threads.

    Compared with the bytes that were sent, the image the mask (or markup) was painted on."""
    region = await asyncio.to_thread(job.region)
    if region is None:
        return None, []
    original = job.images[0].as_source()
    measure = partial(fidelity_report, marks_reach=job.marks_reach)
    reports = []
    for image in made:
        report = await asyncio.to_thread(measure, original, image, region)
        reports.append((image, report))
    return region, reports
