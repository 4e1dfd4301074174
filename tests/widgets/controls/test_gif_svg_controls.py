"""The panel's GIF and SVG rows: offered only with their format and model, what those formats
rule out disabled with the reason, and the request they make (the ``svg`` object nested)."""

from __future__ import annotations

import pytest

from imagewidgets.capabilities import InvalidParameterError
from imagewidgets.widgets.controls.panel import ControlPanel
from imagewidgets.widgets.edit.panel import EditPanel
from tests.support.edit import box, paint
from tests.support.media import gif_result
from tests.support.widgets import browser_sets, front_end

__all__ = ["front_end"]
pytestmark = pytest.mark.usefixtures("front_end")

F26 = "gpt-image-2.6-flare"
NEW_ROWS = ("frame_count", "frame_duration_ms", "svg_model", "svg_effort")


def shown(panel: ControlPanel) -> set[str]:
    return {name for name, widget in panel.inputs.items() if widget.layout.display != "none"}


def test_the_gif_and_svg_rows_show_only_with_their_format() -> None:
    panel = ControlPanel("a kite", F26)
    assert not shown(panel) & set(NEW_ROWS)
    formats = [value for _, value in panel.inputs["output_format"].options]
    browser_sets(panel.inputs["output_format"], index=formats.index("gif"))
    assert panel.output_format == "gif"
    assert {"frame_count", "frame_duration_ms"} <= shown(panel)
    assert not shown(panel) & {"svg_model", "svg_effort"}
    panel.output_format = "svg"
    assert {"svg_model", "svg_effort"} <= shown(panel)
    assert not shown(panel) & {"frame_count", "frame_duration_ms"}


def test_models_without_gif_or_svg_offer_neither() -> None:
    panel = ControlPanel("a kite", "gpt-image-2")
    assert "gif" not in panel.inputs["output_format"].options
    with pytest.raises(InvalidParameterError, match="output_format"):
        panel.output_format = "svg"
    assert "Frames" not in panel.notes.value  # nothing said of rows its formats never show


def test_what_gif_rules_out_is_disabled_with_the_reason() -> None:
    panel = ControlPanel("a kite", F26, output_format="gif", size="auto", partial_images=2)
    partial, compression = panel.inputs["partial_images"], panel.inputs["output_compression"]
    assert partial.disabled
    assert partial.tooltip == "GIF and SVG output cannot stream"
    assert compression.disabled
    assert "Partial frames: GIF and SVG output cannot stream." in panel.notes.value
    assert "Compression: compression applies to the jpeg and webp" in panel.notes.value
    params = panel.params()
    assert params == {
        "model": F26, "size": "auto", "quality": "auto", "n": 1, "background": "auto",
        "output_format": "gif", "frame_count": 9, "frame_duration_ms": 200, "moderation": "auto",
    }  # fmt: skip
    assert panel.problem == ""


def test_svg_makes_one_image_and_sends_its_author_nested() -> None:
    panel = ControlPanel("a logo", F26, n=3, output_format="svg")
    assert panel.inputs["n"].disabled
    assert panel.inputs["n"].tooltip == "SVG output makes one image per request"
    assert "n" not in panel.params()
    assert "svg" not in panel.params()
    panel.set(svg_model="gpt-5.6-sol", svg_effort="low")
    assert panel.params()["svg"] == {"model": "gpt-5.6-sol", "reasoning": {"effort": "low"}}
    assert panel.problem == ""
    with pytest.raises(InvalidParameterError, match="svg_effort"):
        panel.svg_effort = "ludicrous"


def test_frame_numbers_keep_to_the_service_ranges() -> None:
    panel = ControlPanel("a kite", F26, output_format="gif", size="auto")
    assert (panel.inputs["frame_count"].min, panel.inputs["frame_count"].max) == (2, 16)
    assert panel.inputs["frame_duration_ms"].min == 20
    with pytest.raises(InvalidParameterError, match="frame_count"):
        panel.frame_count = 17
    with pytest.raises(InvalidParameterError, match="frame_duration_ms"):
        panel.frame_duration_ms = 10


def test_a_gif_frame_over_the_measured_limit_cannot_be_sent() -> None:
    panel = ControlPanel("a kite", F26, output_format="gif", size="1024x1024")
    assert "size: a GIF of 9 frames is at most 921,600 pixels a frame" in panel.problem
    panel.size = "auto"
    assert panel.problem == ""
    panel.set(size="1024x1024", frame_count=2)
    assert "at most" in panel.problem  # 2-9 frames: 960x960 at most


def test_use_these_settings_restores_the_gif_and_svg_rows() -> None:
    panel = ControlPanel("x", F26)
    svg = {"model": "gpt-5.6-sol", "reasoning": {"effort": "high"}}
    panel.apply("a logo", {"model": F26, "output_format": "svg", "svg": svg})
    assert (panel.output_format, panel.svg_model, panel.svg_effort) == (
        "svg",
        "gpt-5.6-sol",
        "high",
    )
    panel.apply("a kite", {"model": F26, "output_format": "gif", "frame_count": 5})
    assert (panel.output_format, panel.frame_count) == ("gif", 5)


def test_the_edit_panel_takes_no_mask_with_gif_output() -> None:
    panel = EditPanel(gif_result())
    panel.controls.prompt = "add wind"
    paint(panel, box(64, 48, 8, 8, 32, 32))
    panel.controls.set(model=F26, output_format="gif", size="auto")
    assert panel._problem().startswith("GIF output takes no mask")
    assert "No mask: GIF output takes none." in panel.controls.notes.value
    panel.controls.output_format = "png"
    assert panel._problem() == ""
