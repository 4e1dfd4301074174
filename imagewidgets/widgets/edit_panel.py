"""``EditPanel``: paint a mask, describe the change, watch the edit stream in; or ask for
variations. Any image goes in (a result, an upload, a file, a PIL image) and every result comes
out with the same actions as a generation, so edits chain: generate, edit, edit again, vary.

It composes :class:`SourceStrip` (up to 16 images), :class:`MaskPainter` (on the first),
:class:`ExpandControls`, :class:`EditControls` (the edit parameters of the chosen model), the runs
(each in an :class:`ImagePreview`, queued by the Studio's :class:`RunQueue`) and, after a masked
edit, a :class:`FidelityCard` per image. dall-e-2's input rules show before anything is sent,
with an offer to make a conforming copy.
"""

from __future__ import annotations

import asyncio
import html
import logging
import os
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import ipywidgets as w

from imagewidgets.api.client import ImagesClient
from imagewidgets.api.results import GeneratedImage, ImageList
from imagewidgets.capabilities import InvalidParameterError
from imagewidgets.imaging.canvas import SIDES, Fill, expand_canvas
from imagewidgets.imaging.conform import conform_for_dalle2
from imagewidgets.imaging.fidelity import FidelityReport
from imagewidgets.widgets.actions import settings_of
from imagewidgets.widgets.edit_controls import EditControls
from imagewidgets.widgets.edit_expand import ExpandControls
from imagewidgets.widgets.edit_fidelity import FidelityCard
from imagewidgets.widgets.edit_results import ResultRuns
from imagewidgets.widgets.edit_runs import EditJob, edit_job, measure_fidelity, variation_job
from imagewidgets.widgets.edit_sources import SourceStrip
from imagewidgets.widgets.edit_support import (
    Prepared,
    conform_mask,
    dalle2_problem,
    dalle2_takes,
    source_of,
)
from imagewidgets.widgets.errors import error_card
from imagewidgets.widgets.mask_painter import MaskPainter
from imagewidgets.widgets.runs import MAX_CONCURRENT, Run
from imagewidgets.widgets.streaming import show_images

__all__ = ["EditPanel"]

log = logging.getLogger("imagewidgets")
_WIDE = {"description_width": "initial"}


class EditPanel(w.VBox):  # type: ignore[misc]
    """Edit and vary images in the notebook; every button is also a call.

    Example::

        panel = iw.EditPanel(result)               # or a path, bytes, PIL image; or upload one
        panel                                       # paint the mask, write the prompt
        panel.painter.set_mask(array)               # ...or set the mask from Python
        panel.controls.prompt = "give the fox a red scarf"
        edits = await panel.edit()                  # the Edit button (streams when it can)
        panel.reports[edits[0].sha256].summary()    # how much changed outside the mask
        fixed = await panel.keep_outside(edits[0])  # the original back outside the mask
        more = await panel.vary(edits[0], n=2)      # dall-e-2 variations
        panel.results                               # every final image, newest last

    ``client`` defaults to ``ImagesClient()`` (offline without a key); ``save_dir`` is where Save
    writes; other keywords set the edit controls (``prompt``, ``model``, ``size``, ``n``...).
    """

    def __init__(
        self,
        source: Any = None,
        *,
        client: ImagesClient | None = None,
        save_dir: str | os.PathLike[str] = ".",
        max_concurrent: int = MAX_CONCURRENT,
        keep_runs: int = 4,
        **controls: Any,
    ) -> None:
        self.sources = SourceStrip()
        self.painter = MaskPainter()
        self.controls = EditControls(**controls)
        self.expander = ExpandControls()
        self.conform_note = w.HTML()
        self.conform_buttons = {
            fit: w.Button(
                description=f"Make a conforming copy ({fit})",
                tooltip=f"A square PNG under 4 MB for dall-e-2 ({what}), resized to 1024/512/256",
                layout=w.Layout(width="auto"),
            )
            for fit, what in (("pad", "transparent borders"), ("crop", "the centre square"))
        }
        self.edit_button = w.Button(description="Edit", button_style="primary")
        self.cancel_button = w.Button(
            description="Cancel", tooltip="Cancel every run that waits or streams", disabled=True
        )
        self.vary_button = w.Button(
            description="Variations", tooltip="dall-e-2 variations of the first image"
        )
        self.vary_n = w.BoundedIntText(
            value=2, min=1, max=10, description="How many", style=_WIDE,
            layout=w.Layout(width="140px"),
        )  # fmt: skip
        self.vary_size = w.Dropdown(
            options=["1024x1024", "512x512", "256x256"],
            description="Variation size",
            style=_WIDE,
            layout=w.Layout(width="auto"),
        )
        self.notice = w.HTML()
        self.fidelity_area = w.VBox()
        self.runs = ResultRuns(
            max_concurrent=max_concurrent, keep_runs=keep_runs, save_dir=Path(save_dir)
        )
        self.reports: dict[str, FidelityReport] = {}
        """The mask-fidelity report of each image a masked edit made, by its sha256."""
        self._client = client
        self._prepared: dict[str, Prepared] = {}
        super().__init__(children=self._layout())
        self.add_class("iw-edit-panel")
        self._connect()
        if source is not None:
            self.set_source(source)
        self._refresh()

    @property
    def client(self) -> ImagesClient:
        """The client the panel's runs use (made on first use when none was given)."""
        if self._client is None:
            self._client = ImagesClient()
        return self._client

    @property
    def results(self) -> list[GeneratedImage]:
        """Every final image of this panel (edits, variations, kept copies), newest last."""
        return self.runs.results

    @property
    def images(self) -> list[Any]:
        """The edit's images: the source first (the mask applies to it), then references."""
        return list(self.sources.images)

    def set_source(self, image: Any) -> None:
        """Edit ``image`` (a result keeps its lineage): it replaces the first image, the mask
        starts empty, references stay."""
        self.sources.set_source(image)

    def add_reference(self, image: Any) -> None:
        """Add a reference image (GPT image models take up to 16 images in all)."""
        self.sources.add(image)

    def on_result(self, callback: Callable[[GeneratedImage], object]) -> None:
        """Call ``callback(image)`` with each final image (may be async): Studio, store."""
        self.runs.on_result(callback)

    def cancel(self) -> int:
        """Cancel every run that waits or streams; returns how many were cancelled."""
        return self.runs.cancel()

    async def edit(self) -> ImageList:
        """Edit with the current images, mask, prompt and controls (the Edit button)."""
        return await self._start_edit()

    async def vary(
        self, image: Any = None, *, n: int | None = None, size: str | None = None
    ) -> ImageList:
        """dall-e-2 variations of ``image`` (default: the first image), from a conforming copy
        when needed (the notice says what changed): the Variations button."""
        return await self._start_variations(image, n, size)

    async def keep_outside(self, image: GeneratedImage, feather: float | None = None) -> ImageList:
        """A copy of a masked edit's ``image`` with the original outside the mask (the Keep
        outside the mask button of its fidelity card)."""
        card = next((c for c in self.fidelity_area.children if c.image is image), None)
        if card is None:
            raise ValueError("that image has no fidelity report: only masked edits have one.")
        return await self._start_keep(card, feather)

    def conform(self, fit: str = "pad") -> tuple[str, ...]:
        """Replace the first image with a copy dall-e-2 accepts, carrying the mask over;
        returns what was changed."""
        source = source_of(self._require_source())
        conformed = conform_for_dalle2(source, fit="crop" if fit == "crop" else "pad")
        if not conformed.changes:
            self._say("The image already suits dall-e-2: nothing to change.")
            return ()
        painted, copy = self.painter.mask_array, conformed.source
        carried = conform_mask(painted, fit, (copy.width, copy.height)) if painted.any() else None
        self._replace_source(copy, conformed.changes, carried)
        kept = "; the mask was carried over" if carried is not None else ""
        self._say("Made a dall-e-2 copy: " + "; ".join(conformed.changes) + kept + ".")
        return conformed.changes

    def expand(
        self, size: str, *, sides: Sequence[str] = SIDES, fill: Fill = "transparent",
        scale: float | None = None,
    ) -> str:  # fmt: skip
        """Pad the first image to ``size`` with room on ``sides``, the new room masked (a
        painted mask is kept); the edit size follows when the model takes it."""
        source = source_of(self._require_source())
        painted = self.painter.mask_array
        grown = expand_canvas(
            source, size, sides=sides, fill=fill, scale=scale, model=self.controls.model,
            mask=painted if painted.any() else None,
        )  # fmt: skip
        step = f"expanded {source.width}x{source.height} to {grown.size} ({', '.join(sides)})"
        self._replace_source(grown.image, (step,), grown.mask.data)
        if not self.controls.reason("size"):
            self.controls.set(size=grown.size)
        self._say(f"Expanded the canvas to {grown.size}: the new room is masked for editing.")
        return grown.size

    def _layout(self) -> list[w.Widget]:
        conform = w.HBox([self.conform_note, *self.conform_buttons.values()])
        buttons = w.HBox([self.edit_button, self.cancel_button])
        variations = w.HBox([self.vary_button, self.vary_n, self.vary_size])
        return [
            self.sources, self.painter, self.expander, self.controls, conform, buttons,
            variations, self.notice, self.fidelity_area, self.runs,
        ]  # fmt: skip

    def _connect(self) -> None:
        self.sources.on_change(self._source_changed)
        self.edit_button.on_click(lambda _: self._press(self._start_edit))
        self.vary_button.on_click(lambda _: self._press(partial(self._start_variations, None)))
        self.cancel_button.on_click(lambda _: self.cancel())
        for fit, button in self.conform_buttons.items():
            button.on_click(lambda _, fit=fit: self._press(partial(self.conform, fit)))
        self.expander.on_expand(
            lambda size, sides, fill: self._press(
                partial(self.expand, size, sides=sides, fill=fill)
            )
        )
        self.controls.prompt_box.on_submit(lambda: self._press(self._start_edit))
        self.controls.observe(lambda _: self._refresh(), ["model", "problem"])
        self.painter.observe(lambda _: self._refresh(), "mask_png")
        self.runs.on_action(self._result_action)
        self.runs.say_with(self._say)
        self.runs.on_busy(lambda busy: setattr(self.cancel_button, "disabled", not busy))

    def _press_expand(self, size: str, sides: tuple[str, ...], fill: Fill) -> None:
        self._press(partial(self.expand, size, sides=sides, fill=fill))

    def _result_action(self, action: str, image: GeneratedImage, index: int) -> None:
        """Edit, Variations and Use these settings under a result."""
        if action == "edit":
            self.set_source(image)
            self._say(f"Editing image {index + 1}: paint a mask and describe the change.")
        elif action == "vary":
            self._start_variations(image)
        elif action == "use":
            prompt, params = settings_of(image)
            self.controls.apply(prompt if image.operation == "edit" else None, params)
            self._say(f"Settings of a {image.model} {image.operation} restored.")

    def _press(self, action: Callable[[], object]) -> None:
        """Do a button's work; say what went wrong instead of losing it in a callback."""
        try:
            action()
        except Exception as exc:
            log.debug("edit panel action failed", exc_info=True)
            self._say(str(error_card(exc)), warn=True)

    def _source_changed(self) -> None:
        source = self.sources.source
        if source is None:
            with self.painter.hold_sync():
                self.painter.image_data, self.painter.mask_png = b"", b""
                self.painter.image_width = self.painter.image_height = 0
        elif self.painter.image is None or self.painter.image.sha256 != source.sha256:
            self.painter.set_image(source)
        self._refresh()

    def _replace_source(self, copy: Any, steps: tuple[str, ...], mask: Any) -> None:
        current = source_of(self._require_source())
        before = self._prepared.get(current.sha256)
        self._prepared[copy.sha256] = (
            before.then(steps) if before else Prepared(self.images[0], steps)
        )
        self.sources.set_source(copy)
        if mask is not None:
            self.painter.set_mask(mask)

    def _require_source(self) -> Any:
        if self.sources.source is None:
            raise InvalidParameterError(
                "there is no image to edit: pass one, upload one, or use a result's Edit action.",
                param="image",
                model=self.controls.model,
            )
        return self.sources.source

    def _problem(self) -> str:
        if self.sources.source is None:
            return "add an image to edit."
        if self.controls.model == "dall-e-2":
            has_mask = bool(self.painter.mask_array.any())
            problem = dalle2_problem(self.sources.images, has_mask=has_mask)
            if problem:
                return problem
        return self.controls.problem

    def _refresh(self) -> None:
        problem, source = self._problem(), self.sources.source
        self.edit_button.disabled = bool(problem)
        self.edit_button.tooltip = problem or "Edit the image (Ctrl+Enter in the prompt)"
        self.conform_note.value = _note(f"Cannot edit yet: {problem}" if problem else "", warn=True)
        dalle2 = self.controls.model == "dall-e-2"
        offer = source is not None and dalle2 and not dalle2_takes(source)
        for button in self.conform_buttons.values():
            button.layout.display = "" if offer else "none"
        self.vary_button.disabled = source is None
        self.expander.update(
            self.painter.image_width, self.painter.image_height, self.controls.model
        )

    def _start_edit(self) -> Run:
        problem = self._problem()
        if problem:
            raise InvalidParameterError(problem, param="image", model=self.controls.model)
        params = self.controls.params()
        job = edit_job(
            self.sources.images, self.controls.prompt, params, self.painter.mask,
            self.painter.mask_array, self._prepared,
        )  # fmt: skip
        preview = self.runs.preview(job.n, job.size, f"edit: {job.prompt}")
        return self.runs.submit(partial(self._run_edit, job, preview), preview)

    async def _run_edit(self, job: EditJob, preview: Any, run: Run) -> ImageList:
        made = await job.run(self.client, preview, run, self.runs.deliver, self.runs.code_for)
        region, original = job.region, source_of(job.images[0])
        for image, report in await measure_fidelity(job, made):
            self.reports[image.sha256] = report
            if region is not None:
                card = FidelityCard(
                    image, original, region, report=report, on_keep=self._press_keep
                )
                self.fidelity_area.children = [card, *self.fidelity_area.children][:8]
        return made

    def _start_variations(self, image: Any, n: int | None = None, size: str | None = None) -> Run:
        chosen = image if image is not None else self._require_source()
        job = variation_job(
            chosen, n or self.vary_n.value, size or self.vary_size.value, self._prepared
        )
        if job.changes:
            self._say("Variations of a dall-e-2 copy: " + "; ".join(job.changes) + ".")
        preview = self.runs.preview(job.n, job.size, "variations")
        work = partial(
            job.run, self.client, preview, deliver=self.runs.deliver, code_for=self.runs.code_for
        )
        return self.runs.submit(lambda run: work(run=run), preview)

    def _press_keep(self, card: FidelityCard) -> None:
        self._press(partial(self._start_keep, card, None))

    def _start_keep(self, card: FidelityCard, feather: float | None) -> Run:
        preview = self.runs.preview(
            1, f"{card.image.width}x{card.image.height}", "kept outside the mask"
        )

        async def work(run: Run) -> ImageList:
            kept = await asyncio.to_thread(card.restored, feather)
            card.mark_kept(kept)
            return await show_images(
                [kept], preview, run, deliver=self.runs.deliver, code_for=self.runs.code_for
            )

        return self.runs.submit(work, preview)

    def _say(self, text: str, *, warn: bool = False) -> None:
        self.notice.value = _note(text, warn=warn)


def _note(text: str, *, warn: bool = False) -> str:
    if not text:
        return ""
    color = "var(--jp-warn-color1, #b26a00)" if warn else "var(--jp-ui-font-color2)"
    return f'<span role="status" style="color:{color}">{html.escape(text)}</span>'
