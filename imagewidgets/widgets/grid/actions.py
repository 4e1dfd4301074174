"""What the actions under a grid's selected image do when no ``on_action`` callback takes them:
Edit opens the edit panel below the grid, Variations streams them below it (the runs area's
plumbing, as in the Studio), Use these settings opens a Studio with the cell's prompt and
settings, and Copy as Python copies the code (in the browser; Python says so).

Example::

    area = ActionArea(client=client, store=store, save_dir=".")
    area.act("edit", image)           # what the Edit button does
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import ipywidgets as w

from imagewidgets.api.client import ImagesClient
from imagewidgets.api.results import GeneratedImage
from imagewidgets.store import Store
from imagewidgets.widgets.edit.panel import EditPanel
from imagewidgets.widgets.edit.variations import start_variations
from imagewidgets.widgets.runs.area import ResultRuns
from imagewidgets.widgets.theme import note_html

__all__ = ["VARIATIONS", "ActionArea"]

VARIATIONS = 2
"""How many variations the Variations action asks for."""


class ActionArea(w.VBox):  # type: ignore[misc]
    """Below the grid: the edit panel, the variations' runs or a Studio, one at a time."""

    def __init__(
        self, *, client: ImagesClient | None, store: Store, save_dir: str | os.PathLike[str]
    ) -> None:
        super().__init__()
        self._client, self.store, self.save_dir = client, store, Path(save_dir)
        self.note = w.HTML()
        self.close_button = w.Button(description="Close", tooltip="Close the panel below the grid")
        self.close_button.on_click(lambda _: self.clear())
        self.shown: Any = None
        """What is open below the grid: an EditPanel, a ResultRuns or a Studio (or None)."""

    def act(self, action: str, image: GeneratedImage) -> Any:
        """Do ``action`` ("edit", "vary", "use", "copy") with ``image``; returns what opened."""
        if action == "copy":
            self.say("Copied the Python code of the selected image")
            return None
        opened = {"edit": self._edit, "vary": self._vary, "use": self._use}[action](image)
        self.shown = opened
        self.children = [w.HBox([self.close_button, self.note]), opened]
        return opened

    def say(self, text: str, *, warn: bool = False) -> None:
        """Tell the user something under the grid."""
        self.note.value = note_html(text, "warn" if warn else "muted")
        if not self.children:
            self.children = [w.HBox([self.close_button, self.note])]

    def clear(self) -> None:
        """Close what is open below the grid (its runs go on)."""
        self.shown = None
        self.children = []

    def _edit(self, image: GeneratedImage) -> EditPanel:
        if isinstance(self.shown, EditPanel):
            self.shown.set_source(image)
            return self.shown
        return EditPanel(source=image, client=self._client, save_dir=self.save_dir,
                         store=self.store)  # fmt: skip

    def _vary(self, image: GeneratedImage) -> ResultRuns:
        runs = self.shown if isinstance(self.shown, ResultRuns) else self._runs()
        start_variations(runs, runs.client, image, n=VARIATIONS, size="auto")
        return runs

    def _runs(self) -> ResultRuns:
        runs = ResultRuns(max_concurrent=4, keep_runs=4, save_dir=self.save_dir, store=self.store,
                          client=self._client, run_name="Variations run")  # fmt: skip
        runs.say_with(self.say)
        return runs

    def _use(self, image: GeneratedImage) -> Any:
        from imagewidgets.widgets.studio import Studio

        studio = Studio(client=self._client, store=self.store, save_dir=self.save_dir)
        studio.use_settings(image)
        return studio
