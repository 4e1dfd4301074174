"""``Studio``: type a prompt, press Generate, watch the images form, carry a result on.

The controls (:class:`ControlPanel`) come from the model-rules table; each run streams into its
own :class:`ImagePreview` with a status line, an error card and a Cancel button; at most four
runs stream at once (:class:`RunQueue`). Every result offers Edit, Variations, Save, Use these
settings and Copy as Python. Everything a button does is also a documented call.

The model list starts at the default model, active on the client's day, and each model in it
is marked with its lifecycle; once the Studio is shown it reads the server's own model list
(:meth:`Studio.load_models`), so a compatible server's models are judged by that server.
Variations are edits with the *Variation prompt* under Generate (stored with each result).
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
from imagewidgets.capabilities import validate
from imagewidgets.imaging.source import SourceImage
from imagewidgets.store import Store
from imagewidgets.widgets.controls.panel import ControlPanel
from imagewidgets.widgets.edit.panel import EditPanel
from imagewidgets.widgets.edit.variation_prompt import prompt_of, variation_prompt_input
from imagewidgets.widgets.edit.variations import start_variations
from imagewidgets.widgets.history.studio_history import StudioHistory
from imagewidgets.widgets.preview import ImagePreview
from imagewidgets.widgets.runs.actions import save_image, settings_of
from imagewidgets.widgets.runs.area import ResultRuns
from imagewidgets.widgets.runs.cards import error_card
from imagewidgets.widgets.runs.queue import MAX_CONCURRENT, Run
from imagewidgets.widgets.runs.status import making_text
from imagewidgets.widgets.runs.streaming import show_answer, show_stream
from imagewidgets.widgets.theme import fit_panel, note_html

__all__ = ["Studio"]

log = logging.getLogger("imagewidgets")

ResultCallback = Callable[[GeneratedImage], object]


class Studio(w.VBox):  # type: ignore[misc]
    """Prompt to streamed image in the notebook, with model-aware controls and chaining.

    In a notebook cell::

        studio = iw.Studio(prompt="a lighthouse at dusk", model="gpt-image-2.6-flare",
                           quality="xhigh", complexity="low")
        studio                                   # shows it
        images = await studio.generate()         # what the Generate button does
        more = await studio.vary(images[0], prompt="the same lighthouse, in a storm")
        studio.results[-1]                       # every final image, newest last
        studio.on_result(store.add)              # called with each final image

    ``client`` defaults to ``iw.default_client()`` (offline without a key); its ``today`` is the
    day the model list is judged on. ``save_dir`` is where Save writes; ``variations`` how many
    images the Variations action asks for (``variation_prompt`` holds what it asks);
    ``keep_runs`` how many finished runs stay on screen. Other keywords set the controls.
    """

    def __init__(
        self,
        prompt: str = "",
        model: str | None = None,
        client: ImagesClient | None = None,
        *,
        save_dir: str | os.PathLike[str] = ".",
        variations: int = 2,
        max_concurrent: int = MAX_CONCURRENT,
        keep_runs: int = 6,
        store: Store | None = None,
        **controls: Any,
    ) -> None:
        today = client.today if client is not None else None
        self.controls = ControlPanel(prompt, model, today=today, **controls)
        self.generate_button = w.Button(
            description="Generate",
            button_style="primary",
            tooltip="Generate images (Ctrl+Enter in the prompt)",
        )
        self.cancel_button = w.Button(
            description="Cancel", tooltip="Cancel every run that waits or streams", disabled=True
        )
        self.problem_note = w.HTML()
        self.notice = w.HTML()
        self.edit_area = w.VBox()
        self.close_edit_button = w.Button(
            description="Close editor", tooltip="Hide the edit panel (its runs go on)"
        )
        self.save_dir, self.variations = Path(save_dir), variations
        self.variation_prompt = variation_prompt_input()
        """The prompt the Variations action sends (editable; stored with each variation)."""
        self._loading: asyncio.Task[None] | None = None
        self.store = store if store is not None else Store()
        """Where each final image is written before it is shown (default: ``~/.imagewidgets``)."""
        self.runs_area = ResultRuns(
            max_concurrent=max_concurrent, keep_runs=keep_runs, save_dir=self.save_dir,
            store=self.store, client=client, run_name="Generation run",
        )  # fmt: skip
        self.history = StudioHistory(self.store, self.controls)
        self.history.gallery.on_action(self._act_on_stored)
        self._edit_panel: EditPanel | None = None
        buttons = w.HBox([self.generate_button, self.cancel_button, self.problem_note])
        children = [self.controls, buttons, self.variation_prompt, self.history.spend_line]
        children += [self.notice, self.edit_area]
        children += [self.runs_area, self.history.panel]
        super().__init__(children=children)
        fit_panel(self, "iw-studio")
        self._connect()

    def _ipython_display_(self) -> None:
        """The studio, then a static copy of the newest images (for readers without a kernel);
        the server's model list is read in the background (:meth:`load_models`)."""
        self.history.display_beside(self)
        if self._loading is None and _loop_running():
            self._loading = asyncio.ensure_future(self._load_quietly())

    async def load_models(self) -> None:
        """Judge the model lists (the Studio's and its edit panel's) by the server's own list
        (``await client.models()``): a compatible server's models are then judged by that
        server, and models only it lists join, unchecked."""
        catalog = await self.client.models()
        self.controls.use_catalog(catalog)
        if self._edit_panel is not None:
            self._edit_panel.controls.use_catalog(catalog)

    async def _load_quietly(self) -> None:
        try:
            await self.load_models()
        except Exception:  # the table still judges the list: nothing to tell the user
            log.debug("the model list could not be read", exc_info=True)

    @property
    def client(self) -> ImagesClient:
        """The client the studio's runs use (made on first use when none was given)."""
        return self.runs_area.client

    @property
    def results(self) -> list[GeneratedImage]:
        """Every final image of this studio (generations, variations, edits), newest last."""
        return self.runs_area.results

    @property
    def runs(self) -> tuple[Run, ...]:
        """The runs that wait or stream now, oldest first."""
        return self.runs_area.active

    async def generate(self) -> ImageList:
        """Generate with the current controls and return the images (the Generate button)."""
        return await self._start_generate()

    async def vary(
        self, image: GeneratedImage, n: int | None = None, prompt: str | None = None
    ) -> ImageList:
        """Variations of ``image`` through the edits endpoint (``image`` stays their parent),
        asked for with ``prompt`` (default: :attr:`variation_prompt`'s): the Variations
        action."""
        return await self._start_variations(image, n, prompt)

    def cancel(self) -> int:
        """Cancel every generation and variation run that waits or streams (the edit panel has
        its own Cancel); returns how many were cancelled."""
        return self.runs_area.cancel()

    def on_result(self, callback: ResultCallback) -> None:
        """Call ``callback(image)`` with each final image, before it is shown (may be async)."""
        self.runs_area.on_result(callback)

    def save(self, image: GeneratedImage) -> Path:
        """Write ``image`` into ``save_dir`` (the Save action); returns the path."""
        path = save_image(image, self.save_dir)
        self._say(f"Saved to {path}")
        return path

    def use_settings(self, image: GeneratedImage) -> None:
        """Put the prompt and settings that made ``image`` back into the controls."""
        prompt, params = settings_of(image)
        self.controls.apply(prompt, params)
        self._say(f"Settings of a {image.model} {image.operation} restored")

    def copy_as_python(self, image: GeneratedImage) -> str:
        """The code that makes ``image`` again with this library (Copy as Python)."""
        return self.runs_area.code_for(image)

    def open_edit(self, image: GeneratedImage) -> EditPanel:
        """Open ``image`` as the source of an edit (the Edit action); returns the edit panel.

        One panel serves the studio: opening another image replaces its source. The panel's
        results join :attr:`results` and reach :meth:`on_result` callbacks, so they chain on.
        """
        if self._edit_panel is None:
            self._edit_panel = EditPanel(
                source=image, client=self.client, save_dir=self.save_dir, store=self.store
            )
            self._edit_panel.on_result(self.runs_area.deliver)
            self._edit_panel.controls.use_catalog(self.controls.catalog)
        else:
            self._edit_panel.set_source(image)
        self.edit_area.children = [self.close_edit_button, self._edit_panel]
        return self._edit_panel

    def close_edit(self) -> None:
        """Hide the edit panel (its runs go on; opening an image shows it again)."""
        self.edit_area.children = []

    def _connect(self) -> None:
        self.generate_button.on_click(lambda _: self._press_generate())
        self.cancel_button.on_click(lambda _: self.cancel())
        self.close_edit_button.on_click(lambda _: self.close_edit())
        self.runs_area.on_action(self._do)
        self.runs_area.on_busy(lambda busy: setattr(self.cancel_button, "disabled", not busy))
        self.runs_area.say_with(self._say)
        self.controls.prompt_box.on_submit(self._press_generate)
        self.controls.observe(self._show_problem, "problem")
        self._show_problem()

    def _press_generate(self) -> None:
        if self.controls.problem:
            self._say(f"Cannot generate: {self.controls.problem}", warn=True)
            return
        try:
            self._start_generate()
        except Exception as exc:  # a refused budget, an unreadable spend.json: said, not raised
            log.debug("generate could not start", exc_info=True)
            self._say(str(error_card(exc)), warn=True)

    def _start_generate(self) -> Run:
        prompt, params = self.controls.prompt, self.controls.params()
        request = {"prompt": prompt, **params, "stream": "partial_images" in params or None}
        validate("generate", request, today=self.controls.today, catalog=self.controls.catalog)
        n = int(params.get("n", 1))
        preview = self.runs_area.preview(n, str(params.get("size") or ""), prompt)
        work = partial(self._generate, prompt, params, preview)
        return self.runs_area.submit(work, preview, request=params)

    async def _generate(
        self, prompt: str, params: dict[str, Any], preview: ImagePreview, run: Run
    ) -> Sequence[GeneratedImage]:
        area = self.runs_area
        shown: dict[str, Any] = {"deliver": area.deliver, "code_for": area.code_for}
        if "partial_images" in params:
            stream = self.client.stream_generate(prompt, **params, on_retry=run.retrying)
            events = self.runs_area.watch(stream)  # keeps partial frames if the store is asked to
            n, partials = params.get("n", 1), params["partial_images"]
            return await show_stream(events, preview, run, n=n, partials=partials, **shown)
        run.doing = making_text(params)  # GIF and SVG arrive whole: say what takes the time
        answer = self.client.generate(prompt, **params, on_retry=run.retrying)
        return await show_answer(answer, preview, run, **shown)

    def _start_variations(
        self, image: GeneratedImage, n: int | None, prompt: str | None = None
    ) -> Run:
        count, asked = n or self.variations, prompt or prompt_of(self.variation_prompt)
        return start_variations(
            self.runs_area, self.client, image, n=count, size="auto", prompt=asked
        )

    def _act_on_stored(self, action: str, image: GeneratedImage | SourceImage) -> None:
        """The gallery's Edit, Variations and Use these settings act as on a fresh result."""
        if action != "copy" and isinstance(image, GeneratedImage):
            self._do(action, image, image.index)

    def _do(self, action: str, image: GeneratedImage, index: int) -> None:
        if action == "edit":
            self.open_edit(image)
        elif action == "vary":
            self._start_variations(image, None)
        elif action == "save":
            self.save(image)
        elif action == "use":
            self.use_settings(image)
        elif action == "copy":
            self._say(f"Python code of image {index + 1} copied")

    def _show_problem(self, _: object = None) -> None:
        problem = self.controls.problem
        self.generate_button.disabled = bool(problem)
        self.generate_button.tooltip = problem or "Generate images (Ctrl+Enter in the prompt)"
        self.problem_note.value = note_html(
            f"Cannot generate: {problem}" if problem else "", "warn"
        )

    def _say(self, text: str, *, warn: bool = False) -> None:
        self.notice.value = note_html(text, "warn" if warn else "muted")


def _loop_running() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True
