"""Every rule of WIRE-2026-11.md section 2 for today's models, each with an allowed and a refused
value.

Written out from the spec by hand, independently of the table. A documented rule refuses
(``InvalidParameterError`` naming the parameter); a rule the spec marks as a guess (or reports
from third parties only) warns with ``UncertainRuleWarning`` and lets the request through, and
refuses only when the guesses are taken as refusals (``guesses="refuse"``, the emulator).
"""

from __future__ import annotations

import warnings
from typing import Any

import pytest

from imagewidgets.capabilities import (
    InvalidParameterError,
    UncertainRuleWarning,
    UnknownModelWarning,
    UnknownParameterWarning,
    options,
    validate,
)

G26 = ["gpt-image-2.6-flare", "gpt-image-2.6-sunburst"]
G25 = ["gpt-image-2.5-flare", "gpt-image-2.5-sunburst", "gpt-image-2.5-flare-2026-09-08"]
G2 = ["gpt-image-2", "gpt-image-2-2026-04-21"]
ACTIVE = [*G26, *G25, *G2]


def request(model: str, **params: Any) -> dict[str, Any]:
    return {"prompt": "a red fox", "model": model, **params}


def ok(params: dict[str, Any], endpoint: str = "generate", files: tuple[str, ...] = ()) -> None:
    """Allowed, with no warning at all."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert validate(endpoint, params, files=files) is not None  # type: ignore[arg-type]


def refused(
    params: dict[str, Any], param: str, endpoint: str = "generate", files: tuple[str, ...] = ()
) -> str:
    with pytest.raises(InvalidParameterError) as caught:
        validate(endpoint, params, files=files)  # type: ignore[arg-type]
    assert caught.value.param == param, str(caught.value)
    return str(caught.value)


def doubted(
    params: dict[str, Any], param: str, endpoint: str = "generate", *, likely_refused: bool = True
) -> None:
    """A guess: the client warns and sends; the emulator refuses what is likely refused."""
    with pytest.warns(UncertainRuleWarning, match="not documented"):
        assert validate(endpoint, params) is not None  # type: ignore[arg-type]
    if likely_refused:
        with pytest.raises(InvalidParameterError) as caught:
            validate(endpoint, params, guesses="refuse")  # type: ignore[arg-type]
        assert caught.value.param == param
    else:
        validate(endpoint, params, guesses="refuse")  # type: ignore[arg-type]


@pytest.mark.parametrize("model", ACTIVE)
@pytest.mark.parametrize("endpoint", ["generate", "edit"])
def test_prompt_up_to_32000_characters(model: str, endpoint: str) -> None:
    ok(request(model, prompt="x" * 32000), endpoint)
    assert "32000" in refused(request(model, prompt="x" * 32001), "prompt", endpoint)


@pytest.mark.parametrize("model", ACTIVE)
def test_n_from_1_to_10(model: str) -> None:
    ok(request(model, n=10))
    refused(request(model, n=11), "n")
    refused(request(model, n=0), "n")


@pytest.mark.parametrize("model", ACTIVE)
@pytest.mark.parametrize("endpoint", ["generate", "edit"])
@pytest.mark.parametrize("size", ["auto", "1024x1024", "1536x1024", "1024x1536"])
def test_standard_sizes(model: str, endpoint: str, size: str) -> None:
    ok(request(model, size=size), endpoint)


@pytest.mark.parametrize("model", ACTIVE)
@pytest.mark.parametrize("endpoint", ["generate", "edit"])
def test_custom_sizes_and_their_limits(model: str, endpoint: str) -> None:
    for size in ("1536x864", "3840x2160", "2160x3840", "1792x1024", "1008x1008"):
        ok(request(model, size=size), endpoint)
    for size, why in [
        ("1536x860", "divisible by 16"),
        ("2400x720", "aspect ratio"),
        ("3856x2160", "3840x2160"),
        ("2176x3840", "3840x2160"),
        ("big", "WIDTHxHEIGHT"),
    ]:
        assert why in refused(request(model, size=size), "size", endpoint)


@pytest.mark.parametrize("model", ACTIVE)
def test_custom_sizes_below_the_measured_pixel_minimum_are_doubted(model: str) -> None:
    ok(request(model, size="1024x640"))  # 655,360 pixels: the measured minimum
    doubted(request(model, size="512x512"), "size", likely_refused=False)


@pytest.mark.parametrize("model", ACTIVE)
@pytest.mark.parametrize("quality", ["low", "medium", "high", "auto"])
def test_qualities_of_every_model(model: str, quality: str) -> None:
    ok(request(model, quality=quality))


@pytest.mark.parametrize("model", [*G26, *G25])
@pytest.mark.parametrize("quality", ["xhigh", "max"])
def test_xhigh_and_max_for_2_5_and_2_6(model: str, quality: str) -> None:
    ok(request(model, quality=quality), "generate")
    ok(request(model, quality=quality), "edit")


@pytest.mark.parametrize("model", ACTIVE)
def test_refused_qualities(model: str) -> None:
    for quality in ("standard", "hd", "ultra"):
        refused(request(model, quality=quality), "quality")
    if model in G2:
        refused(request(model, quality="xhigh"), "quality")
        refused(request(model, quality="max"), "quality")


@pytest.mark.parametrize("model", G26)
def test_complexity_on_2_6(model: str) -> None:
    for value in ("low", "medium", "high"):
        ok(request(model, complexity=value))
        ok(request(model, complexity=value), "edit")
    refused(request(model, complexity="extreme"), "complexity")
    assert options(model, "complexity") == ("low", "medium", "high")


@pytest.mark.parametrize("model", [*G25, *G2])
def test_complexity_elsewhere_is_a_guess(model: str) -> None:
    doubted(request(model, complexity="low"), "complexity")
    refused(request(model, complexity="extreme"), "complexity")
    assert options(model, "complexity") == ()


@pytest.mark.parametrize("model", ACTIVE)
def test_backgrounds(model: str) -> None:
    for background in ("transparent", "opaque", "auto"):
        ok(request(model, background=background))
    ok(request(model, background="transparent", output_format="webp"))
    refused(request(model, background="transparent", output_format="jpeg"), "background")
    refused(request(model, background="clear"), "background")


@pytest.mark.parametrize("model", G26)
@pytest.mark.parametrize("fmt", ["gif", "svg"])
def test_transparent_gif_and_svg_work_per_third_parties(model: str, fmt: str) -> None:
    params = request(model, background="transparent", output_format=fmt)
    doubted(params, "background", likely_refused=False)


@pytest.mark.parametrize("model", ACTIVE)
def test_output_formats(model: str) -> None:
    for fmt in ("png", "jpeg", "webp"):
        ok(request(model, output_format=fmt))
    refused(request(model, output_format="tiff"), "output_format")
    for fmt in ("gif", "svg"):
        if model in G26:
            ok(request(model, output_format=fmt))
        else:
            doubted(request(model, output_format=fmt), "output_format")


@pytest.mark.parametrize("model", ACTIVE)
def test_output_compression_for_jpeg_and_webp_only(model: str) -> None:
    for fmt in ("jpeg", "webp"):
        ok(request(model, output_format=fmt, output_compression=0))
        ok(request(model, output_format=fmt, output_compression=100))
        refused(request(model, output_format=fmt, output_compression=101), "output_compression")
    refused(request(model, output_compression=50), "output_compression")  # png


@pytest.mark.parametrize("model", G26)
def test_frame_count_and_duration(model: str) -> None:
    ok(request(model, output_format="gif", frame_count=2, frame_duration_ms=20, size="720x720"))
    ok(request(model, output_format="gif", frame_count=16, frame_duration_ms=5000, size="720x720"))
    for params, param in [
        ({"frame_count": 1}, "frame_count"),
        ({"frame_count": 17}, "frame_count"),
        ({"frame_duration_ms": 19}, "frame_duration_ms"),
    ]:
        refused(request(model, output_format="gif", size="720x720", **params), param)
    refused(request(model, frame_count=4), "frame_count")
    refused(request(model, frame_duration_ms=100), "frame_duration_ms")


@pytest.mark.parametrize("model", G26)
def test_gif_exclusions(model: str) -> None:
    gif = request(model, output_format="gif", size="960x960")
    ok(gif)
    ok(gif, "edit")
    refused({**gif, "stream": True}, "stream")
    refused({**gif, "partial_images": 1}, "partial_images")
    refused({**gif, "output_compression": 50}, "output_compression")
    refused(gif, "mask", "edit", files=("mask",))


@pytest.mark.parametrize("model", G26)
def test_gif_frame_size_limits_are_measured_only(model: str) -> None:
    ok(request(model, output_format="gif", size="960x960"))  # up to 9 frames
    ok(request(model, output_format="gif", size="816x816", frame_count=12))
    doubted(request(model, output_format="gif", size="1024x1024"), "size")
    doubted(request(model, output_format="gif", size="960x960", frame_count=12), "size")
    doubted(request(model, output_format="gif", size="816x816", frame_count=13), "size")


@pytest.mark.parametrize("model", G26)
def test_svg_object(model: str) -> None:
    author = {"model": "gpt-5.6-sol", "reasoning": {"effort": "low"}}
    ok(request(model, output_format="svg", svg=author))
    ok(request(model, output_format="svg"))  # model selection disabled: no svg object
    ok(request(model, output_format="svg", svg={"model": "gpt-5.6-sol"}), "edit")
    for effort in ("none", "minimal", "medium", "high", "xhigh", "max"):
        ok(request(model, output_format="svg", svg={"model": "a", "reasoning": {"effort": effort}}))
    huge = {"model": "a", "reasoning": {"effort": "huge"}}
    refused(request(model, output_format="svg", svg=huge), "svg")
    refused(request(model, output_format="svg", svg={"reasoning": {"effort": "low"}}), "svg")
    refused(request(model, output_format="png", svg=author), "svg")
    refused(request(model, output_format="svg", svg="gpt-5.6-sol"), "svg")


@pytest.mark.parametrize("model", G26)
def test_svg_author_model_on_edits_is_a_guess(model: str) -> None:
    params = request(model, output_format="svg", svg={"reasoning": {"effort": "low"}})
    doubted(params, "svg", "edit")


@pytest.mark.parametrize("model", G26)
def test_svg_exclusions(model: str) -> None:
    svg = request(model, output_format="svg")
    ok({**svg, "n": 1})
    refused({**svg, "n": 2}, "n")
    refused({**svg, "stream": True}, "stream")
    refused({**svg, "partial_images": 0}, "partial_images")
    refused({**svg, "output_compression": 80}, "output_compression")


@pytest.mark.parametrize("model", ACTIVE)
def test_partial_images_and_stream(model: str) -> None:
    for count in (0, 1, 2, 3):
        ok(request(model, stream=True, partial_images=count))
        ok(request(model, stream=True, partial_images=count), "edit")
    refused(request(model, stream=True, partial_images=4), "partial_images")
    refused(request(model, stream=True, partial_images=-1), "partial_images")


@pytest.mark.parametrize("model", ACTIVE)
def test_moderation_on_generations(model: str) -> None:
    ok(request(model, moderation="low"))
    ok(request(model, moderation="auto"))
    refused(request(model, moderation="high"), "moderation")
    refused(request(model, moderation="low"), "moderation", "edit")


def test_input_fidelity() -> None:
    """gpt-image-2: "omit this parameter" (documented); 2.5 and 2.6: not mentioned (a guess)."""
    refused(request("gpt-image-2", input_fidelity="low"), "input_fidelity", "edit")
    for model in [*G26, *G25]:
        doubted(request(model, input_fidelity="high"), "input_fidelity", "edit")
        refused(request(model, input_fidelity="high"), "input_fidelity", "generate")
        refused(request(model, input_fidelity="best"), "input_fidelity", "edit")


@pytest.mark.parametrize("model", [*G26, *G25])
def test_markup_on_edits(model: str) -> None:
    ok(request(model), "edit", files=("markup",))
    assert "mask" in refused(request(model), "markup", "edit", files=("markup", "mask"))


@pytest.mark.parametrize("model", G2)
def test_markup_is_not_for_gpt_image_2(model: str) -> None:
    refused(request(model), "markup", "edit", files=("markup",))


@pytest.mark.parametrize("model", ACTIVE)
def test_safety_identifier(model: str) -> None:
    ok(request(model, safety_identifier="a" * 128))
    ok(request(model, safety_identifier="user-1"), "edit")
    refused(request(model, safety_identifier=42), "safety_identifier")
    doubted(request(model, safety_identifier="a" * 129), "safety_identifier")


@pytest.mark.parametrize("model", ACTIVE)
def test_legacy_parameters_are_refused_for_gpt_image_models(model: str) -> None:
    refused(request(model, style="vivid"), "style")
    refused(request(model, response_format="url"), "response_format")
    refused(request(model, response_format="url"), "response_format", "edit")


def test_unknown_parameters_are_sent_with_one_warning() -> None:
    params = request("gpt-image-2.6-flare", new_param=1, other=2)
    with pytest.warns(UnknownParameterWarning) as caught:
        assert validate("generate", params) is not None
    assert len(caught) == 1
    assert "'new_param', 'other' are not in imagewidgets' rules table" in str(caught[0].message)
    with pytest.raises(InvalidParameterError) as refusal:
        validate("generate", params, guesses="refuse")
    assert refusal.value.param == "new_param"


def test_unknown_models_are_sent_unchecked_with_a_warning() -> None:
    with pytest.warns(UnknownModelWarning, match="gpt-image-3"):
        assert validate("generate", request("gpt-image-3", quality="ultra")) is None
