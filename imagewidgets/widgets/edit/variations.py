"""Variations of any image, one implementation for the Studio and the edit panel.

dall-e-2's variations endpoint takes a square PNG under 4 MB. An image it will not take is sent
as a conforming copy, and the variations keep their lineage: ``parents[0]`` stays the image that
was asked for and ``params["prepared_input"]`` records the steps and the SHA-256 of what was sent
(see :func:`edit_support.reparent`), so the store and the gallery link them to their original.

Example::

    run = start_variations(runs, client, result, n=2, size="1024x1024")
    variations = await run            # each variation's .parent is result
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial

from imagewidgets.api.client import ImagesClient
from imagewidgets.api.results import GeneratedImage, ImageList
from imagewidgets.capabilities import InvalidParameterError, check_images
from imagewidgets.imaging.conform import conform_for_dalle2
from imagewidgets.widgets.edit.support import EditImage, Prepared, reparent
from imagewidgets.widgets.preview import ImagePreview
from imagewidgets.widgets.runs.area import ResultRuns
from imagewidgets.widgets.runs.queue import Run
from imagewidgets.widgets.runs.streaming import show_answer

__all__ = ["VariationJob", "start_variations", "variation_job"]


@dataclass(frozen=True)
class VariationJob:
    """dall-e-2 variations of ``image``: ``sent`` is the image or its conforming copy."""

    image: EditImage
    sent: EditImage
    changes: tuple[str, ...]
    n: int
    size: str
    prepared: Prepared | None

    @property
    def request(self) -> dict[str, object]:
        """The model and parameters sent (what the budget is checked against)."""
        return {"model": "dall-e-2", "n": self.n, "size": self.size}

    async def run(
        self, client: ImagesClient, runs: ResultRuns, preview: ImagePreview, run: Run
    ) -> ImageList:
        """Ask for the variations (the endpoint does not stream) and show them in ``preview``."""
        answer = client.create_variation(self.sent, n=self.n, size=self.size, on_retry=run.retrying)
        prepared, sent = self.prepared, self.sent.as_source()
        relink = None if prepared is None else (lambda made: reparent(made, prepared, sent))
        return await show_answer(
            answer, preview, run, relink=relink, deliver=runs.deliver, code_for=runs.code_for
        )


def variation_job(
    image: EditImage, n: int, size: str, prepared: Mapping[str, Prepared]
) -> VariationJob:
    """Variations of ``image``: sent as it is when dall-e-2 takes it, else a conforming copy
    (padded, with what changed in ``changes``); lineage reaches back to the origin.

    ``prepared`` maps the SHA-256 of copies made earlier (an expanded canvas) to their origin.
    """
    source = image.as_source()
    earlier = prepared.get(source.sha256)
    try:
        check_images("variation", "dall-e-2", (source.facts,))
    except InvalidParameterError:
        conformed = conform_for_dalle2(source)
        steps = conformed.changes
        chain = earlier.then(steps) if earlier else Prepared(image, steps)
        return VariationJob(image, conformed.source, steps, n, size, chain)
    return VariationJob(image, image, (), n, size, earlier)


def start_variations(
    runs: ResultRuns, client: ImagesClient, image: EditImage, *, n: int, size: str,
    prepared: Mapping[str, Prepared] | None = None,
) -> Run:  # fmt: skip
    """Start variations of ``image`` as one of ``runs`` (budget checked first); says what a
    conforming copy changed."""
    job = variation_job(image, n, size, prepared or {})
    prompt = image.prompt if isinstance(image, GeneratedImage) else None
    preview = runs.preview(job.n, job.size, f"variations of {prompt or 'an image'}")
    run = runs.submit(partial(job.run, client, runs, preview), preview, request=job.request)
    if job.changes:
        runs.say("Variations of a dall-e-2 copy: " + "; ".join(job.changes) + ".")
    return run
