"""``ResultRuns``: the runs area of the Studio and of the edit panel, newest first, each run in
its own preview with the result actions; it keeps every final image and hands each to the
``on_result`` callbacks.

Built on the run machinery (:class:`RunQueue`, :func:`follow`): tasks are held, can be
cancelled, at most four stream at once, and errors show in the run's card. With a store, every
request is checked against its budget before it starts, streams go through :meth:`Store.watch`
(partial frames kept when asked) and each final image is stored before it is shown: one path for
generations, edits and variations alike.
"""

from __future__ import annotations

import dataclasses
import inspect
import logging
from collections.abc import AsyncIterator, Callable, Mapping
from functools import partial
from pathlib import Path
from typing import Any

import ipywidgets as w

from imagewidgets.api.client import ImagesClient
from imagewidgets.api.default import default_client
from imagewidgets.api.events import StreamEvent
from imagewidgets.api.results import GeneratedImage
from imagewidgets.store import NotSavedError, Store
from imagewidgets.store.errors import not_saved
from imagewidgets.store.snippet import python_code
from imagewidgets.widgets.preview import ACTIONS, ImagePreview
from imagewidgets.widgets.runs.actions import save_image
from imagewidgets.widgets.runs.cards import error_card
from imagewidgets.widgets.runs.queue import Run, RunQueue, Work
from imagewidgets.widgets.runs.streaming import follow

__all__ = ["ResultRuns"]

log = logging.getLogger("imagewidgets")

ResultCallback = Callable[[GeneratedImage], object]
ActionCallback = Callable[[str, GeneratedImage, int], object]
Say = Callable[..., None]


class ResultRuns(w.VBox):  # type: ignore[misc]
    """Runs shown newest first; finished ones beyond ``keep_runs`` are closed.

    Each run's preview is named ``f"{run_name} {k}"`` for screen readers: the Studio's and an edit
    panel's runs must not share names ("Generation run 1", "Edit run 1").

    Save and Copy as Python are handled here; Edit, Variations and Use these settings go to the
    ``on_action`` callbacks (the panel knows what they mean).
    """

    def __init__(
        self, *, max_concurrent: int, keep_runs: int, save_dir: Path, store: Store | None = None,
        client: ImagesClient | None = None, run_name: str = "Run",
    ) -> None:  # fmt: skip
        super().__init__()
        self._client = client
        self.add_class("iw-edit-runs")
        self.results: list[GeneratedImage] = []
        self.store = store
        """Where final images go before they are shown, and whose budget runs must fit (or None)."""
        self.save_dir, self.keep_runs = save_dir, keep_runs
        self._queue = RunQueue(max_concurrent, name=run_name)
        self._shown: list[tuple[Run, ImagePreview]] = []
        self._results: list[ResultCallback] = []
        self._actions: list[ActionCallback] = []
        self._busy: list[Callable[[bool], object]] = []
        self._say: Say = lambda text, warn=False: None

    @property
    def client(self) -> ImagesClient:
        """The client the runs use: the one given, else the kernel's :func:`default_client`
        (offline without a key)."""
        return self._client if self._client is not None else default_client()

    @property
    def active(self) -> tuple[Run, ...]:
        """The runs that wait or stream now, oldest first."""
        return self._queue.runs

    def code_for(self, image: GeneratedImage) -> str:
        """The "Copy as Python" code of a final image (its files read from the store)."""
        return python_code(image, self.store)

    def on_result(self, callback: ResultCallback) -> None:
        """Call ``callback(image)`` with each final image (may be async)."""
        self._results.append(callback)

    def on_action(self, callback: ActionCallback) -> None:
        """Call ``callback(action, image, index)`` for Edit, Variations and Use these settings."""
        self._actions.append(callback)

    def on_busy(self, callback: Callable[[bool], object]) -> None:
        """Call ``callback(busy)`` whenever runs start or all end (for a Cancel button)."""
        self._busy.append(callback)

    def say_with(self, say: Say) -> None:
        """Where to tell the user what an action did: ``say(text, warn=False)``."""
        self._say = say

    def preview(self, n: int, size: str, description: str) -> ImagePreview:
        """A preview for a new run: ``n`` waiting cells shaped like ``size``."""
        preview = ImagePreview(n, size=size, actions=list(ACTIONS))
        preview.reset(n, size=size, description=description)
        return preview

    def say(self, text: str, *, warn: bool = False) -> None:
        """Tell the user something (where :meth:`say_with` says)."""
        self._say(text, warn=warn)

    def submit(
        self, work: Work, preview: ImagePreview, *, request: Mapping[str, Any] | None = None
    ) -> Run:
        """Start ``work`` as a run shown in ``preview`` (it waits if four runs are busy).

        ``request`` (the model and parameters to be sent) is first checked against the store's
        budget: past it, ``preview`` is closed and :class:`BudgetExceededError` says why.
        """
        if request is not None and self.store is not None:
            try:
                self.store.spend.check(request.get("model"), request)
            except BaseException:
                preview.close()
                raise
        run = self._queue.submit(work)
        follow(preview, run)
        preview.on_action(partial(self._act, run, preview))
        run.observe(lambda _: self._update(), "state")
        self._shown.insert(0, (run, preview))
        self._update()
        return run

    def cancel(self) -> int:
        """Cancel every run that waits or streams; returns how many were cancelled."""
        return self._queue.cancel_all()

    def watch(self, events: AsyncIterator[StreamEvent]) -> AsyncIterator[StreamEvent]:
        """A run's stream, through the store's :meth:`~Store.watch` (partial frames kept when
        the store is asked to)."""
        return self.store.watch(events) if self.store is not None else events

    async def deliver(self, image: GeneratedImage) -> None:
        """Keep a final image, store it, then hand it to the ``on_result`` callbacks. The image
        is shown whatever happens here: a store that cannot write it says so in a card (why,
        and what to do), a failing callback is named; neither is lost in a log."""
        self.results.append(image)
        if self.store is not None:
            try:
                await self.store.add_async(image)
            except Exception as exc:
                log.warning("an image was not saved", exc_info=True)
                failure = exc if isinstance(exc, NotSavedError) else not_saved(exc, self.store.path)
                self._say(str(error_card(failure)), warn=True)
        for callback in list(self._results):
            try:
                outcome = callback(image)
                if inspect.isawaitable(outcome):
                    await outcome
            except Exception as exc:
                log.warning("a result callback failed", exc_info=True)
                self._say(f"A result callback failed: {error_card(exc)}", warn=True)

    def _update(self) -> None:
        kept = [pair for pair in self._shown if pair[0].active]
        room = max(self.keep_runs - len(kept), 0)
        kept += [pair for pair in self._shown if not pair[0].active][:room]
        for pair in self._shown:
            if pair not in kept:
                pair[1].close()
        self._shown = [pair for pair in self._shown if pair in kept]
        self.children = [preview for _, preview in self._shown]
        busy = bool(self._queue.runs)
        for callback in list(self._busy):
            callback(busy)

    def _act(self, run: Run, preview: ImagePreview, action: str, index: int) -> None:
        by_position = run.results[index] if 0 <= index < len(run.results) else None
        image = next((found for found in run.results if found.index == index), by_position)
        if image is None or action == "cancel":
            return
        if image.animated and action in ("edit", "vary"):  # from the frame the slider shows
            image = dataclasses.replace(image, source_frame=preview.chosen_frame(index))
        try:
            self._do(action, image, index)
        except Exception as exc:
            log.debug("action %s failed", action, exc_info=True)
            self._say(str(error_card(exc)), warn=True)

    def _do(self, action: str, image: GeneratedImage, index: int) -> None:
        if action == "save":
            self._say(f"Saved to {save_image(image, self.save_dir)}")
        elif action == "copy":
            self._say(f"Python code of image {index + 1} copied")
        else:
            for callback in list(self._actions):
                callback(action, image, index)
