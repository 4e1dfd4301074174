"""The parameters the control panel has a control for: one row each, for every endpoint.

A row says how a parameter looks (label, help), what kind of input it gets and where it starts;
what a model offers for it, and why it does not apply, come from
:mod:`imagewidgets.capabilities` (``options`` and ``unavailable_reason``), the only source of
model rules. An endpoint shows the rows that are parameters of it
(``capabilities.ENDPOINT_PARAMS``), in this order. So a new parameter is one row here; the
panel's trait, input, tooltip, label, sync and request follow from it.

The rows of GIF output (frames, frame time) and SVG output (the author model and its reasoning
effort: the parts of the ``svg`` object, ``capabilities.SVG_PARTS``) are ``hidden`` until that
format is chosen; what GIF and SVG cannot combine with (partial frames, compression, several
images) is disabled with its reason (``why``).

Example:
    >>> [row.name for row in rows_for("edit")]  # doctest: +NORMALIZE_WHITESPACE
    ['size', 'quality', 'complexity', 'n', 'background', 'output_format', 'output_compression',
     'frame_count', 'frame_duration_ms', 'svg_model', 'svg_effort', 'input_fidelity',
     'partial_images', 'safety_identifier']
    >>> ROWS["output_compression"].needs
    ('output_format', ('jpeg', 'webp'))
    >>> ROWS["svg_effort"].part
    ('svg', 'reasoning', 'effort')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from traitlets import HasTraits, Int, TraitType, Unicode

from imagewidgets.capabilities import (
    ENDPOINT_PARAMS,
    MODELS,
    SVG_PARTS,
    Endpoint,
    ModelCatalog,
    rules_for,
)

__all__ = [
    "LABELS",
    "MODEL",
    "PARAMS",
    "ROWS",
    "Kind",
    "Param",
    "ParamTraits",
    "models_for",
    "names_for",
    "rows_for",
]

Kind = Literal["choice", "number", "text"]
"""The input a parameter gets: a list of the model's options, a bounded number, or free text."""


@dataclass(frozen=True)
class Param:
    """One parameter of the panel.

    ``default`` is where a control starts: a choice's preferred value (used when the model
    offers it, else the model's first option), a number, or a text. ``needs`` names another
    parameter and the values it must have for this one to apply (compression: a lossy format;
    always met while that parameter does not apply to the model); ``why`` says why when they are
    not, and ``hidden`` hides the row then instead of disabling it.
    ``unset`` labels a list's first entry, ``""``, which sends nothing (the model's default).
    """

    name: str
    label: str
    help: str
    kind: Kind
    default: str | int
    needs: tuple[str, tuple[str, ...]] | None = None
    why: str = ""
    hidden: bool = False
    unset: str | None = None

    @property
    def part(self) -> tuple[str, ...]:
        """Where the value goes in a request: ``("n",)``, or ``("svg", "model")`` for a part of
        an object parameter."""
        return SVG_PARTS.get(self.name, (self.name,))


STILL = ("png", "jpeg", "webp")
"""The output formats that stream (GIF and SVG arrive whole)."""

# fmt: off
PARAMS: tuple[Param, ...] = (
    Param("size", "Size", "Width x height of the image", "choice", "1024x1024"),
    Param("quality", "Quality", "Higher quality costs more tokens and time", "choice", "auto"),
    Param("complexity", "Complexity",
          "Planning spent on the image, apart from its quality (no extra charge); "
          "not sent: the model's default", "choice", "", unset="model default"),
    Param("n", "Images", "How many images to make", "number", 1,
          needs=("output_format", (*STILL, "gif")), why="SVG output makes one image per request"),
    Param("background", "Background", "transparent needs png or webp", "choice", "auto"),
    Param("output_format", "Output format", "The image file format (gif: animated; svg: vector)",
          "choice", "png"),
    Param("output_compression", "Compression", "0-100: lower is smaller and lossier", "number",
          100, needs=("output_format", ("jpeg", "webp"))),
    Param("frame_count", "Frames", "How many frames the animated GIF has (2-16)", "number", 9,
          needs=("output_format", ("gif",)), hidden=True),
    Param("frame_duration_ms", "Frame time (ms)",
          "How long each frame shows, in milliseconds (at least 20; rounded to 10)", "number",
          200, needs=("output_format", ("gif",)), hidden=True),
    Param("svg_model", "SVG author",
          "The model that writes the SVG, e.g. gpt-5.6-sol (blank: the service picks; needed "
          "when your project has SVG model selection)", "text", "",
          needs=("output_format", ("svg",)), hidden=True),
    Param("svg_effort", "SVG reasoning",
          "How hard the SVG author thinks (sent with an author model; which values it takes "
          "depends on it)", "choice", "medium", needs=("output_format", ("svg",)), hidden=True),
    Param("moderation", "Moderation", "low: less restrictive filtering", "choice", "auto"),
    Param("style", "Style", "vivid: hyper-real and dramatic; natural: less so", "choice", "vivid"),
    Param("input_fidelity", "Input fidelity",
          "high: keep faces, logos and details of the input closer", "choice", "low"),
    Param("partial_images", "Partial frames",
          "How many partial frames stream in before the final image (0-3)", "number", 2,
          needs=("output_format", STILL), why="GIF and SVG output cannot stream"),
    Param("safety_identifier", "Safety ID",
          "A stable hash of your user's id (not the id itself): lets OpenAI tell one abusive "
          "user apart from your other users. Empty: not sent", "text", ""),
)
# fmt: on
"""Every parameter with a control (prompt and model aside), in display order."""

MODEL = Param("model", "Model", "The image model, marked with its lifecycle", "choice", "")
"""The model list: the models that serve the endpoint (see
:mod:`~imagewidgets.widgets.controls.model_list`). Its ``default`` is empty on purpose: a panel
starts at ``capabilities.default_model(today)``, an active model on the day it is made."""

ROWS: Mapping[str, Param] = {row.name: row for row in PARAMS}
"""The rows by parameter name."""
LABELS: Mapping[str, str] = {row.name: row.label for row in (MODEL, *PARAMS)}
"""The visible label (and accessible name) of each control."""


def rows_for(endpoint: Endpoint) -> tuple[Param, ...]:
    """The rows that are parameters of ``endpoint``, in display order."""
    return tuple(row for row in PARAMS if row.part[0] in ENDPOINT_PARAMS[endpoint])


def names_for(endpoint: Endpoint) -> tuple[str, ...]:
    """The names of :func:`rows_for`."""
    return tuple(row.name for row in rows_for(endpoint))


def models_for(endpoint: Endpoint, catalog: ModelCatalog | None = None) -> list[str]:
    """The models that serve ``endpoint``, in the rules table's order, then the image models
    only ``catalog`` (a server's list) names: those the table does not know (sent unchecked)."""
    known = [name for name, rules in MODELS.items() if endpoint in rules.endpoints]
    listed = catalog.image_models() if catalog else ()
    return known + [name for name in listed if rules_for(name) is None]


def _trait(row: Param) -> TraitType[Any, Any]:
    if row.kind == "number":
        return Int(int(row.default), help=row.help)
    if row.kind == "text":
        return Unicode(str(row.default), help=row.help)
    return Unicode(None, allow_none=True, help=row.help)


ParamTraits: Any = type(
    "ParamTraits",
    (HasTraits,),
    {
        "__doc__": "One trait per row of PARAMS: the panel's values (``None``: not chosen).",
        "__module__": __name__,
        **{row.name: _trait(row) for row in PARAMS},
    },
)
"""A mixin with one trait per row of :data:`PARAMS`, so ``observe`` and ``link`` work on each."""
