"""``Grid``: compare prompts, models and settings side by side, with the cost known before you
spend, live or at half the price through the Batch API.

::

    grid = iw.Grid(prompt="a {animal} in {style}", animal=["fox", "owl"], style=["ink", "oil"],
                   model=["gpt-image-2.6-flare", "gpt-image-2.6-sunburst"], quality="low")
    grid.estimate()             # requests, images, cost per cell and in all; refused cells, why
    grid                        # the widget: Run, Cancel, the cells, the selected image full size
    results = await grid.run()  # what Run does: {cell: images}; again: only what is missing
    grid.to_pandas()            # with pandas installed

Live (``mode="live"``), each cell streams like a Studio run (partial frames), at most four at
once, each failure in its own cell. ``mode="batch"`` sends the grid as one Batch API job; the
batch is kept in the store, so after a kernel restart ``iw.Grid.resume()`` (or the same cell run
again) picks it up. Every image is stored with its provenance before it is shown.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Literal

import ipywidgets as w

from imagewidgets.api.client import ImagesClient
from imagewidgets.api.default import default_client
from imagewidgets.api.results import GeneratedImage, ImageList
from imagewidgets.capabilities import InvalidParameterError
from imagewidgets.grid.diff import neighbour_diff
from imagewidgets.grid.estimate import GridEstimate, estimate_grid
from imagewidgets.grid.plan import Cell, plan_grid
from imagewidgets.grid.results import GridResults
from imagewidgets.grid.spec import GridSpec
from imagewidgets.grid.table import rows_of, to_pandas
from imagewidgets.store import Store
from imagewidgets.widgets.grid.actions import ActionArea
from imagewidgets.widgets.grid.batch_mode import find_batch, pick_up
from imagewidgets.widgets.grid.board import Board
from imagewidgets.widgets.grid.detail import act_on, show_selected
from imagewidgets.widgets.grid.exports import export_soon, sheet_bundle, write_html, write_png
from imagewidgets.widgets.grid.running import GridRunner
from imagewidgets.widgets.grid.static import GridSheet
from imagewidgets.widgets.grid.view import GridView
from imagewidgets.widgets.runs.queue import MAX_CONCURRENT
from imagewidgets.widgets.theme import fit_panel, note_html

__all__ = ["Grid"]

Mode = Literal["live", "batch"]
Action = Callable[[str, GeneratedImage], object]


class Grid(w.VBox):  # type: ignore[misc]
    """A grid of requests (see the module's docstring).

    ``prompt`` is a prompt, a template with ``{variables}`` or a list of them; every other
    keyword is a template variable's values or a request parameter, a list making an axis.
    ``rows`` / ``columns`` name the axes of rows and columns (else the first two; the rest make
    pages). ``budget`` caps the grid's estimated cost (the store's ``spend.json`` budget applies
    too). ``partial_images`` are the frames each live cell streams; ``poll`` the seconds between
    looks at a batch (1 offline, else 30).
    """

    def __init__(
        self, prompt: str | list[str] | tuple[str, ...], *, mode: Mode = "live",
        rows: str | None = None, columns: str | None = None, budget: float | None = None,
        store: Store | None = None, client: ImagesClient | None = None, partial_images: int = 1,
        max_concurrent: int = MAX_CONCURRENT, poll: float | None = None,
        save_dir: str | os.PathLike[str] = ".", **values: Any,
    ) -> None:  # fmt: skip
        if mode not in ("live", "batch"):
            raise InvalidParameterError(
                f"mode: {mode!r}; use 'live' or 'batch'.", param="mode", model=None,
                allowed=("live", "batch"),
            )  # fmt: skip
        self.spec = GridSpec.of(prompt, values, rows, columns)
        self.plan = plan_grid(self.spec, client.today if client is not None else None)
        self.mode: Mode = mode
        self.store = store if store is not None else Store()
        self.budget, self.partial_images, self.save_dir = budget, partial_images, Path(save_dir)
        self._client = client
        self._poll = poll
        self.view = GridView()
        self.board = Board(self.plan, self.view, self._cost_lines(), neighbour_diff(self.plan))
        self.runner = GridRunner(self, max_concurrent)
        self.actions_area = ActionArea(client=client, store=self.store, save_dir=save_dir)
        self.sheet = GridSheet(lambda: sheet_bundle(self))
        self.callbacks: list[Action] = []
        """What :meth:`on_action` added."""
        self._build()
        pick_up(self)

    # -- what a person reads and presses -------------------------------------------------------

    def _build(self) -> None:
        self.run_button = w.Button(description="Run", button_style="primary",
                                   tooltip="Send the cells that have no images yet")  # fmt: skip
        self.cancel_button = w.Button(description="Cancel", disabled=True,
                                      tooltip="Cancel the runs (or the batch)")  # fmt: skip
        self.png_button = w.Button(description="Export PNG", tooltip="Save a contact sheet")
        self.html_button = w.Button(description="Export HTML", tooltip="Save an HTML page")
        self.notice = w.HTML()
        buttons = w.HBox([self.run_button, self.cancel_button, self.png_button, self.html_button])
        super().__init__(children=[buttons, self.notice, self.view, self.actions_area])
        fit_panel(self, "iw-grid")
        self.run_button.on_click(lambda _: self.start())
        self.cancel_button.on_click(lambda _: self.cancel())
        self.png_button.on_click(lambda _: export_soon(self, write_png))
        self.html_button.on_click(lambda _: export_soon(self, write_html))
        self.view.on_action(lambda action, key, index: act_on(self, action, key, index))
        self.view.observe(lambda _: show_selected(self), ["selected", "selected_index"])
        self.board.lay_out(self.estimate(look=False).describe())

    def _ipython_display_(self) -> None:
        """The widget, then the grid as a plain image (for readers without a kernel)."""
        self.sheet.display(widget=self._repr_mimebundle_())

    # -- Python first --------------------------------------------------------------------------

    @property
    def client(self) -> ImagesClient:
        """The client the grid sends with (the default client unless one was given)."""
        return self._client if self._client is not None else default_client()

    @property
    def poll(self) -> float:
        """Seconds between looks at a batch."""
        return self._poll if self._poll is not None else (1.0 if self.client.offline else 30.0)

    @property
    def results(self) -> GridResults:
        """The images of each cell that has some (stored, found in the store, or made now)."""
        found = {c: ImageList(s.images) for c, s in self.board.states.items() if s.images}
        return GridResults(found, failed=len(self.runner.errors))

    @property
    def errors(self) -> dict[Cell, BaseException]:
        """Why each failed cell has no images."""
        return dict(self.runner.errors)

    def estimate(self, *, look: bool = True) -> GridEstimate:
        """Requests, images and cost of what is still missing (``look=False``: of every cell,
        without looking in the store), at the batch price in batch mode."""
        missing = self.runner.missing(self.runner.stored()) if look else None
        return estimate_grid(self.plan, self.store.spend, batch=self.mode == "batch",
                             partial_images=self.partial_images, missing=missing)  # fmt: skip

    async def run(self) -> GridResults:
        """Send what is missing (live or as a batch) and return the results (the Run button).

        Budgets are checked first (:class:`~imagewidgets.BudgetExceededError`); a failing
        cell does not stop the others (see :attr:`errors`)."""
        await self.start()
        return self.results

    def start(self) -> asyncio.Future[None]:
        """Start :meth:`run` as a task (or return the one under way)."""
        return self.runner.start()

    def cancel(self) -> int:
        """Cancel the runs that wait or stream (a batch: ask the service to stop it)."""
        return self.runner.cancel()

    def on_action(self, callback: Action) -> None:
        """Call ``callback(action, image)`` for Edit, Variations, Use these settings and Copy
        as Python instead of what they do by default."""
        self.callbacks.append(callback)

    def to_pandas(self) -> Any:
        """A DataFrame, one row per image (pandas is optional: ``pip install pandas``)."""
        costs = {cell: cost.high for cell, cost in self.estimate(look=False).costs.items()}
        problems = {cell: str(error) for cell, error in self.runner.errors.items()}
        return to_pandas(rows_of(self.plan, self.results, costs, problems))

    def export_png(self, path: str | os.PathLike[str] | None = None) -> Path:
        """Write the contact sheet (every page) as a PNG; returns its path."""
        return write_png(self, path)

    def export_html(self, path: str | os.PathLike[str] | None = None) -> Path:
        """Write the grid as one HTML page that needs no kernel; returns its path."""
        return write_html(self, path)

    @classmethod
    def resume(
        cls, batch_id: str | None = None, *, store: Store | None = None,
        client: ImagesClient | None = None, poll: float | None = None,
    ) -> Grid:  # fmt: skip
        """The grid of a batch kept in the store (the newest one not yet collected, or
        ``batch_id``); it polls the batch at once when an event loop runs."""
        store = store if store is not None else Store()
        spec = GridSpec.from_json(find_batch(store, batch_id).grid)
        return cls(spec.prompt if isinstance(spec.prompt, str) else list(spec.prompt),
                   mode="batch", rows=spec.rows, columns=spec.columns, store=store,
                   client=client, poll=poll, **dict(spec.values))  # fmt: skip

    # -- inside ------------------------------------------------------------------------------

    def say(self, text: str, *, warn: bool = False) -> None:
        """Tell the user something under the buttons (and in the view's status line)."""
        self.notice.value = note_html(text, "warn" if warn else "muted")
        self.view.status = text

    def _cost_lines(self) -> Mapping[Cell, str]:
        estimate = self.estimate(look=False)
        return {cell: cost.describe(estimate.currency) for cell, cost in estimate.costs.items()}
