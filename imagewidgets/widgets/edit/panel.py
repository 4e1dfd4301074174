"""``EditPanel``: paint a mask (or draw marks), describe the change, watch the edit stream in;
or ask for variations. Any image goes in (a result, an upload, a file, a PIL image) and every
result comes out with the same actions as a generation, so edits chain: generate, edit, edit
again, vary.

It composes :class:`SourceStrip` (up to 16 images), :class:`MaskPainter` (on the first),
:class:`ExpandControls`, the :class:`ControlPanel` with ``endpoint="edit"`` (the edit parameters
of the chosen model), the runs (each in an :class:`ImagePreview`, queued by the Studio's
:class:`RunQueue`) and, after a masked or markup edit, a :class:`FidelityCard` per image.
dall-e-2's input rules show before anything is sent, with an offer to make a conforming copy. In
markup mode the marks' labels are written into the prompt (:class:`MarkupPrompt`), and markup
is offered only with the models that take it.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import ipywidgets as w

from imagewidgets.api.client import ImagesClient
from imagewidgets.api.results import GeneratedImage, ImageList
from imagewidgets.capabilities import InvalidParameterError, rules_for
from imagewidgets.imaging.canvas import SIDES, Fill
from imagewidgets.imaging.fidelity import FidelityReport
from imagewidgets.store import Store
from imagewidgets.widgets.controls.panel import ControlPanel
from imagewidgets.widgets.edit.buttons import EditButtons
from imagewidgets.widgets.edit.expand import ExpandControls
from imagewidgets.widgets.edit.fidelity import FidelityArea, FidelityCard
from imagewidgets.widgets.edit.jobs import EditJob, edit_job, measure_fidelity
from imagewidgets.widgets.edit.markup import MarkupPrompt
from imagewidgets.widgets.edit.prepared import PreparedCopies
from imagewidgets.widgets.edit.sources import SourceStrip
from imagewidgets.widgets.edit.support import dalle2_problem, dalle2_takes
from imagewidgets.widgets.edit.variation_prompt import prompt_of
from imagewidgets.widgets.edit.variations import start_variations
from imagewidgets.widgets.mask_painter import MaskPainter
from imagewidgets.widgets.runs.actions import settings_of
from imagewidgets.widgets.runs.area import ResultRuns
from imagewidgets.widgets.runs.cards import error_card
from imagewidgets.widgets.runs.queue import MAX_CONCURRENT, Run
from imagewidgets.widgets.runs.streaming import show_images
from imagewidgets.widgets.theme import fit_panel, note_html

__all__ = ["EditPanel"]

log = logging.getLogger("imagewidgets")


class EditPanel(w.VBox):  # type: ignore[misc]
    """Edit and vary images in the notebook; every button is also a call.

    Example::

        panel = iw.EditPanel(result)               # or a path, bytes, PIL image; or upload one
        panel                                       # paint the mask, write the prompt
        panel.painter.set_mask(array)               # ...or set the mask from Python
        panel.painter.mode = "markup"               # ...or draw marks and label them: the
                                                    # labels are written into the prompt
        panel.controls.prompt = "give the fox a red scarf"
        edits = await panel.edit()                  # the Edit button (streams when it can)
        panel.reports[edits[0].sha256].summary()    # how much changed outside the mask
        fixed = await panel.keep_outside(edits[0])  # the original back outside the mask
        more = await panel.vary(edits[0], n=2)      # variations through the edits endpoint
        panel.results                               # every final image, newest last

    ``client`` defaults to ``iw.default_client()`` (offline without a key); ``save_dir`` is where
    Save writes; ``store`` (default ``Store()``, like the Studio's; the Studio passes its own) gets
    each final image before it is shown, keeps streams' partial frames when asked to, and
    refuses runs past its budget. Other keywords set the edit controls (``prompt``, ``model``...).
    """

    def __init__(
        self,
        source: Any = None,
        *,
        client: ImagesClient | None = None,
        save_dir: str | os.PathLike[str] = ".",
        max_concurrent: int = MAX_CONCURRENT,
        keep_runs: int = 4,
        store: Store | None = None,
        **controls: Any,
    ) -> None:
        self.sources = SourceStrip()
        self.painter = MaskPainter()
        self.controls = ControlPanel(
            endpoint="edit", today=getattr(client, "today", None), **controls
        )
        self.expander = ExpandControls()
        self.buttons = EditButtons()
        self.notice = w.HTML()
        self.fidelity = FidelityArea()
        self.runs = ResultRuns(
            max_concurrent=max_concurrent, keep_runs=keep_runs, save_dir=Path(save_dir),
            store=store if store is not None else Store(), client=client, run_name="Edit run",
        )  # fmt: skip
        self.copies = PreparedCopies(self.sources, self.painter)
        self.markup_prompt = MarkupPrompt(self.controls, self.painter, self._say)
        super().__init__(children=self._layout())
        fit_panel(self, "iw-edit-panel")
        self._connect()
        if source is not None:
            self.set_source(source)
        self._refresh()

    @property
    def client(self) -> ImagesClient:
        """The client the panel's runs use (made on first use when none was given)."""
        return self.runs.client

    @property
    def results(self) -> list[GeneratedImage]:
        """Every final image of this panel (edits, variations, kept copies), newest last."""
        return self.runs.results

    @property
    def reports(self) -> dict[str, FidelityReport]:
        """The mask-fidelity report of each image a masked edit made, by its sha256."""
        return self.fidelity.reports

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
        self, image: Any = None, *, n: int | None = None, size: str | None = None,
        prompt: str | None = None,
    ) -> ImageList:  # fmt: skip
        """Variations of ``image`` (default: the first image) through the edits endpoint, asked
        for with ``prompt`` (default: the Variation prompt field's); on a compatible server with
        dall-e-2 chosen, dall-e-2's, from a conforming copy when needed (the notice says what
        changed): the Variations button."""
        return await self._start_variations(image, n, size, prompt)

    async def load_models(self) -> None:
        """Judge the model list by the server's own (``await client.models()``): its lifecycle
        marks follow it, and models only the server lists join, unchecked."""
        self.controls.use_catalog(await self.client.models())

    async def keep_outside(self, image: GeneratedImage, feather: float | None = None) -> ImageList:
        """A copy of a masked edit's ``image`` with the original outside the mask (the Keep
        outside the mask button of its fidelity card)."""
        return await self._start_keep(self.fidelity.card_for(image), feather)

    def conform(self, fit: str = "pad") -> tuple[str, ...]:
        """Replace the first image with a copy dall-e-2 accepts (``fit``: pad or crop), carrying
        the mask over; returns what was changed."""
        changes, carried = self.copies.conform(fit)
        if not changes:
            self._say("The image already suits dall-e-2: nothing to change.")
            return ()
        kept = "; the mask was carried over" if carried else ""
        self._say("Made a dall-e-2 copy: " + "; ".join(changes) + kept + ".")
        return changes

    def expand(
        self, size: str, *, sides: Sequence[str] = SIDES, fill: Fill = "transparent",
        scale: float | None = None,
    ) -> str:  # fmt: skip
        """Pad the first image to ``size`` with room on ``sides``, the new room masked (a
        painted mask is kept); the edit size follows when the model takes it."""
        model = self.controls.model
        grown = self.copies.expand(size, sides=sides, fill=fill, scale=scale, model=model)
        if not self.controls.reason("size"):
            self.controls.set(size=grown.size)
        self._say(f"Expanded the canvas to {grown.size}: the new room is masked for editing.")
        return grown.size

    def _layout(self) -> list[w.Widget]:
        return [
            self.sources, self.painter, self.expander, self.controls, self.buttons, self.notice,
            self.fidelity, self.runs,
        ]  # fmt: skip

    def _connect(self) -> None:
        self.sources.on_change(self._source_changed)
        self.buttons.edit.on_click(lambda _: self._press(self._start_edit))
        self.buttons.vary.on_click(lambda _: self._press(partial(self._start_variations, None)))
        self.buttons.cancel.on_click(lambda _: self.cancel())
        self.fidelity.on_keep(self._press_keep)
        for fit, button in self.buttons.conform.items():
            button.on_click(lambda _, fit=fit: self._press(partial(self.conform, fit)))
        self.expander.on_expand(self._press_expand)
        self.controls.prompt_box.on_submit(lambda: self._press(self._start_edit))
        self.controls.observe(lambda _: self._refresh(), ["model", "problem", "output_format"])
        self.painter.observe(lambda _: self._refresh(), ["mask_png", "markup_png", "mode"])
        self.runs.on_action(self._result_action)
        self.runs.say_with(self._say)
        self.runs.on_busy(lambda busy: setattr(self.buttons.cancel, "disabled", not busy))

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
                self.painter.markup_png, self.painter.marks = b"", []
                self.painter.image_width = self.painter.image_height = 0
        elif self.painter.image is None or self.painter.image.sha256 != source.sha256:
            self.painter.set_image(source)
        self._refresh()

    def _problem(self) -> str:
        if self.sources.source is None:
            return "add an image to edit."
        if self.painter.mode == "markup" and self._markup_refused():
            return self._markup_refused() + " Or switch the painter to Mask."
        if self.controls.model == "dall-e-2":
            problem = dalle2_problem(self.sources.images, has_mask=self.painter.has_mask)
            if problem:
                return problem
        if self.painter.has_mask and self.controls.params().get("output_format") == "gif":
            return "GIF output takes no mask: clear the painted mask, or choose png, jpeg or webp."
        return self.controls.problem

    def _markup_refused(self) -> str:
        """Why the chosen model takes no markup (``""`` when it does, or is unknown)."""
        rules = rules_for(self.controls.model)
        if rules is None or rules.markup:
            return ""
        return f"{self.controls.model} takes no markup: choose a gpt-image-2.5 or 2.6 model."

    def _refresh(self) -> None:
        refused = self._markup_refused()
        self.painter.unavailable = {"markup": refused} if refused else {}
        source, dalle2 = self.sources.source, self.controls.model == "dall-e-2"
        offer = source is not None and dalle2 and not dalle2_takes(source)
        self.buttons.show(self._problem(), offer_copy=offer, has_image=source is not None)
        width, height = self.painter.size
        self.expander.update(width, height, self.controls.model)

    def _start_edit(self) -> Run:
        problem = self._problem()
        if problem:
            raise InvalidParameterError(problem, param="image", model=self.controls.model)
        params = self.controls.params()
        job = edit_job(
            self.sources.images, self.controls.prompt, params, self.painter.mask,
            self.copies.known, markup=self.painter.markup,
        )  # fmt: skip
        preview = self.runs.preview(job.n, job.size, f"edit: {job.prompt}")
        return self.runs.submit(partial(self._run_edit, job, preview), preview, request=params)

    async def _run_edit(self, job: EditJob, preview: Any, run: Run) -> ImageList:
        made = await job.run(self.client, self.runs, preview, run)
        original = job.images[0].as_source()
        try:
            region, measured = await measure_fidelity(job, made)
        except Exception as exc:  # the images are made and kept: only the report is missing
            log.warning("edit fidelity could not be measured", exc_info=True)
            self._say(f"The edit is done, but its fidelity could not be measured: {exc}")
            return made
        for image, report in measured:
            if region is not None:
                self.fidelity.add(image, original, region, report)
        return made

    def _start_variations(
        self, image: Any, n: int | None = None, size: str | None = None, prompt: str | None = None
    ) -> Run:
        chosen = image if image is not None else self.sources.source
        if chosen is None:
            raise InvalidParameterError("add an image to vary first.", param="image", model=None)
        count, shape = n or self.buttons.vary_n.value, size or self.buttons.vary_size.value
        return start_variations(
            self.runs, self.client, chosen, n=count, size=shape, prepared=self.copies.known,
            model=self.controls.model, prompt=prompt or prompt_of(self.buttons.vary_prompt),
        )  # fmt: skip

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
        self.notice.value = note_html(text, "warn" if warn else "muted")
