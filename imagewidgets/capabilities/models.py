"""The one table: every image model that exists or existed, what it accepts and its lifecycle.

Facts come from ``shared/spec/WIRE-2026-11.md`` (section 1 for models and dates, section 2 for
parameters); the rules of the shut-down models stay (from ``WIRE.md``) for compatible servers
that still serve them. ``unsure`` lists the refusals WIRE-2026-11 does not document (a guess, or
"could not establish"): the client warns and sends those, the emulator refuses them.

Example:
    >>> MODELS["gpt-image-2.6-flare"].group, MODELS["gpt-image-1.5"].shutdown
    ('G2.6', datetime.date(2026, 12, 1))
    >>> rules_for("gpt-image-2.5-flare-2026-09-08").name
    'gpt-image-2.5-flare'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

__all__ = [
    "ENDPOINT_NAMES",
    "ENDPOINT_PARAMS",
    "MODELS",
    "SVG_EFFORTS",
    "ModelRules",
    "family",
    "rules_for",
    "snapshot_ids",
]

MB = 1024 * 1024
GPT_SIZES = ("1024x1024", "1536x1024", "1024x1536", "auto")
DALLE2_SIZES = ("256x256", "512x512", "1024x1024")
QUALITIES = ("low", "medium", "high", "auto")
TOP_QUALITIES = ("low", "medium", "high", "xhigh", "max", "auto")
COMPLEXITIES = ("low", "medium", "high")
FORMATS = ("png", "jpeg", "webp")
NEW_FORMATS = ("gif", "svg")
SVG_EFFORTS = ("none", "minimal", "low", "medium", "high", "xhigh", "max")
"""``svg.reasoning.effort`` values (which ones an author model takes depends on it)."""
UNSURE_NEWS = frozenset({"complexity", "output_format=gif", "output_format=svg"})
"""WIRE-2026-11 9.3: whether models before 2.6 reject complexity, GIF and SVG is not established."""

_COMMON = "prompt model n size quality background output_format output_compression "
_NEW = "partial_images stream user safety_identifier complexity frame_count frame_duration_ms svg"
ENDPOINT_PARAMS: Mapping[str, frozenset[str]] = {
    "generate": frozenset((_COMMON + "moderation style response_format " + _NEW).split()),
    "edit": frozenset((_COMMON + "input_fidelity response_format " + _NEW).split()),
    "variation": frozenset("model n size response_format user".split()),
}
"""The parameters each endpoint takes besides its files (``image``, ``mask``, ``markup``).

Edits take no ``moderation``: the SDK 3.57 edit parameters have none (WIRE-2026-11 2.2 lists it
for both endpoints, but cites that SDK)."""
ENDPOINT_NAMES = {"generate": "generations", "edit": "edits", "variation": "variations"}


@dataclass(frozen=True)
class ModelRules:
    """Everything one model accepts, and its lifecycle. Empty tuples mean "does not apply"."""

    name: str
    prompt_limit: int
    max_n: int
    sizes: tuple[str, ...]
    qualities: tuple[str, ...]
    endpoints: frozenset[str]
    custom_sizes: bool = False
    backgrounds: tuple[str, ...] = ()
    output_formats: tuple[str, ...] = ()
    moderations: tuple[str, ...] = ()
    styles: tuple[str, ...] = ()
    response_formats: tuple[str, ...] = ()
    input_fidelities: tuple[str, ...] = ()
    max_images: int = 1
    max_image_bytes: int = 4 * MB
    image_formats: tuple[str, ...] = ("png",)
    square_inputs: bool = True
    edit_sizes: tuple[str, ...] = ()
    group: str = ""
    """``G2.6``, ``G2.5``, ``G2``, ``LEG`` (gone 2026-12-01), ``G1`` or ``DALL-E``."""
    complexities: tuple[str, ...] = ()
    markup: bool = False
    """Whether edits take a ``markup`` overlay."""
    unsure: frozenset[str] = frozenset()
    """Refusals not documented for this model: ``"param"`` or ``"param=value"``."""
    released: date | None = None
    shutdown: date | None = None
    replacements: tuple[str, ...] = ()
    snapshots: tuple[str, ...] = ()
    """Dated snapshot ids that follow this model (``gpt-image-2-2026-04-21``)."""

    @property
    def gpt_image(self) -> bool:
        """GPT image models stream, return base64 always and take the output_* parameters."""
        return bool(self.output_formats)


def _gpt_image(name: str, group: str, **rules: object) -> ModelRules:
    base: dict[str, object] = {
        "prompt_limit": 32000,
        "max_n": 10,
        "sizes": GPT_SIZES,
        "qualities": QUALITIES,
        "endpoints": frozenset({"generate", "edit"}),
        "backgrounds": ("transparent", "opaque", "auto"),
        "output_formats": FORMATS,
        "moderations": ("low", "auto"),
        "input_fidelities": ("high", "low"),
        "max_images": 16,
        "max_image_bytes": 50 * MB,
        "image_formats": ("png", "webp", "jpeg"),
        "square_inputs": False,
        "edit_sizes": GPT_SIZES,
        "unsure": UNSURE_NEWS,
    }
    return ModelRules(name=name, group=group, **{**base, **rules})  # type: ignore[arg-type]


def _g26(name: str) -> ModelRules:
    return _gpt_image(
        name, "G2.6", qualities=TOP_QUALITIES, output_formats=FORMATS + NEW_FORMATS,
        custom_sizes=True, complexities=COMPLEXITIES, markup=True, input_fidelities=(),
        unsure=frozenset({"input_fidelity"}), released=date(2026, 11, 4),
    )  # fmt: skip


def _g25(name: str) -> ModelRules:
    return _gpt_image(
        name, "G2.5", qualities=TOP_QUALITIES, custom_sizes=True, markup=True,
        input_fidelities=(), unsure=UNSURE_NEWS | {"input_fidelity"},
        released=date(2026, 9, 8), snapshots=(f"{name}-2026-09-08",),
    )  # fmt: skip


GONE_2026_12 = date(2026, 12, 1)
USE_26 = ("gpt-image-2.6-flare", "gpt-image-2.6-sunburst")


def _leg(name: str, **rules: object) -> ModelRules:
    return _gpt_image(name, "LEG", shutdown=GONE_2026_12, replacements=USE_26, **rules)


def _dalle(name: str, **rules: object) -> ModelRules:
    return ModelRules(
        name=name, group="DALL-E", response_formats=("url", "b64_json"),
        shutdown=date(2026, 5, 12), replacements=USE_26, **rules,  # type: ignore[arg-type]
    )  # fmt: skip


MODELS: Mapping[str, ModelRules] = {
    rules.name: rules
    for rules in (
        _g26("gpt-image-2.6-flare"),
        _g26("gpt-image-2.6-sunburst"),
        _g25("gpt-image-2.5-flare"),
        _g25("gpt-image-2.5-sunburst"),
        _gpt_image(
            "gpt-image-2",
            "G2",
            custom_sizes=True,
            input_fidelities=(),
            released=date(2026, 4, 21),
            snapshots=("gpt-image-2-2026-04-21",),
        ),
        _leg("gpt-image-1.5", released=date(2025, 12, 16), snapshots=("gpt-image-1.5-2025-12-16",)),
        _leg("gpt-image-1-mini", input_fidelities=("low",), released=date(2025, 10, 6)),
        _leg("chatgpt-image-latest", released=date(2025, 12, 16)),
        _gpt_image(
            "gpt-image-1",
            "G1",
            released=date(2025, 4, 23),
            shutdown=date(2026, 10, 23),
            replacements=("gpt-image-2.5-sunburst", "gpt-image-2.5-flare"),
        ),
        _dalle(
            "dall-e-3",
            released=date(2023, 11, 6),
            prompt_limit=4000,
            max_n=1,
            sizes=("1024x1024", "1792x1024", "1024x1792"),
            qualities=("standard", "hd"),
            endpoints=frozenset({"generate"}),
            styles=("vivid", "natural"),
        ),
        _dalle(
            "dall-e-2",
            released=date(2022, 11, 3),
            prompt_limit=1000,
            max_n=10,
            sizes=DALLE2_SIZES,
            qualities=("standard",),
            endpoints=frozenset({"generate", "edit", "variation"}),
            edit_sizes=DALLE2_SIZES,
        ),
    )
}
"""Every model, active ones first. Use :func:`rules_for` to look one up by any id."""

_SNAPSHOT = re.compile(r"-\d{4}-\d{2}-\d{2}$")


def family(model: str) -> str:
    """The model a dated snapshot follows (``gpt-image-2-2026-04-21`` -> ``gpt-image-2``)."""
    return model if model in MODELS else _SNAPSHOT.sub("", model)


def rules_for(model: str) -> ModelRules | None:
    """The rules for ``model``; a dated snapshot uses its family's; ``None`` when unknown."""
    return MODELS.get(family(model))


def snapshot_ids() -> dict[str, str]:
    """Every dated snapshot id the table names, and the model it follows."""
    return {snapshot: rules.name for rules in MODELS.values() for snapshot in rules.snapshots}
