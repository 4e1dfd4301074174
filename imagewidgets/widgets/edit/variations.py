"""Variations of any image, one implementation for the Studio and the edit panel.

OpenAI retired the variations endpoint, so a variation is an edit of the image with a prompt
that asks for one (:meth:`ImagesClient.stream_vary`; ``prompt``, editable in the UI, defaults to
``VARIATION_PROMPT`` and is stored with each result): the image's own model while it is active,
else the default model, streamed into the preview, each result a child of the image. Only a
compatible server that still offers dall-e-2 variations gets them the old way, for dall-e-2
images: an image dall-e-2 will not take (a square PNG under 4 MB) is sent as a conforming copy,
and ``params["prepared_input"]`` records the steps (see :func:`edit_support.reparent`).

Example::

    run = start_variations(runs, client, result, n=2, size="auto", prompt="the same, at night")
    variations = await run            # each variation's .parent is result, .prompt the prompt
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from imagewidgets.api.client import ImagesClient
from imagewidgets.api.results import GeneratedImage, ImageList
from imagewidgets.api.variations import variation_model
from imagewidgets.capabilities import InvalidParameterError, check_images, options
from imagewidgets.imaging.conform import conform_for_dalle2
from imagewidgets.widgets.edit.support import EditImage, Prepared, relinked, reparent
from imagewidgets.widgets.preview import ImagePreview
from imagewidgets.widgets.runs.area import ResultRuns
from imagewidgets.widgets.runs.queue import Run
from imagewidgets.widgets.runs.streaming import show_answer, show_stream

__all__ = ["PARTIALS", "VariationJob", "start_variations", "variation_job"]

PARTIALS = 2
"""Partial frames each variation streams."""


@dataclass(frozen=True)
class VariationJob:
    """Variations of ``image`` by ``model``: through the edits endpoint, or (``legacy``)
    dall-e-2's variations of ``sent``, the image or its conforming copy."""

    image: EditImage
    sent: EditImage
    changes: tuple[str, ...]
    n: int
    size: str
    prepared: Prepared | None
    model: str = "dall-e-2"
    legacy: bool = True
    prompt: str | None = None
    """The variation prompt (``None``: ``VARIATION_PROMPT``); dall-e-2's variations take none."""

    @property
    def request(self) -> dict[str, object]:
        """The model and parameters sent (what the budget is checked against)."""
        streamed = {} if self.legacy else {"partial_images": PARTIALS}
        return {"model": self.model, "n": self.n, "size": self.size, **streamed}

    async def run(
        self, client: ImagesClient, runs: ResultRuns, preview: ImagePreview, run: Run
    ) -> ImageList:
        """Ask for the variations and show them in ``preview`` (streamed, unless legacy)."""
        shown: dict[str, Any] = {"deliver": runs.deliver, "code_for": runs.code_for}
        if self.legacy:
            answer = client.create_variation(
                self.sent, n=self.n, size=self.size, on_retry=run.retrying
            )
            return await show_answer(answer, preview, run, relink=self._relink, **shown)
        events = client.stream_vary(
            self.image, prompt=self.prompt, model=self.model, n=self.n, size=self.size,
            partial_images=PARTIALS, on_retry=run.retrying,
        )  # fmt: skip
        lineage = relinked(runs.watch(events), self._relink)
        return await show_stream(lineage, preview, run, n=self.n, partials=PARTIALS, **shown)

    def _relink(self, image: GeneratedImage) -> GeneratedImage:
        if self.prepared is None:
            return image
        return reparent(image, self.prepared, self.sent.as_source())


def variation_job(
    image: EditImage,
    n: int,
    size: str,
    prepared: Mapping[str, Prepared],
    client: ImagesClient | None = None,
    model: str | None = None,
    prompt: str | None = None,
) -> VariationJob:
    """Variations of ``image``: through the edits endpoint, unless ``client`` talks to a
    compatible server and dall-e-2 is asked for (``model``, the panel's choice) or made the
    image (or ``client`` is None: the legacy path); lineage reaches back to the origin.
    ``prepared`` maps the SHA-256 of copies made earlier (an expanded canvas) to their origin;
    ``prompt`` is the variation prompt (``None``: the default one)."""
    source = image.as_source()
    earlier = prepared.get(source.sha256)
    dalle2 = "dall-e-2" in (model, getattr(image, "model", None))
    if client is not None and (client.provider == "openai" or not dalle2):
        chosen = variation_model(image, client.today)
        shape = size if size in options(chosen, "size", "edit") else "auto"
        return VariationJob(image, image, (), n, shape, earlier, chosen, False, prompt)
    size = size if size in options("dall-e-2", "size", "variation") else "1024x1024"
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
    prepared: Mapping[str, Prepared] | None = None, model: str | None = None,
    prompt: str | None = None,
) -> Run:  # fmt: skip
    """Start variations of ``image`` as one of ``runs`` (budget checked first), asked for with
    ``prompt`` (``None``: the default variation prompt); says what a dall-e-2 conforming copy
    changed."""
    job = variation_job(image, n, size, prepared or {}, client, model, prompt)
    prompt = image.prompt if isinstance(image, GeneratedImage) else None
    own = image.as_source()
    shape = job.size if job.size != "auto" else f"{own.width}x{own.height}"
    preview = runs.preview(job.n, shape, f"variations of {prompt or 'an image'}")
    run = runs.submit(partial(job.run, client, runs, preview), preview, request=job.request)
    if job.changes:
        runs.say("Variations of a dall-e-2 copy: " + "; ".join(job.changes) + ".")
    return run
