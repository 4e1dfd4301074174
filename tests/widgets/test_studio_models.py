"""The Studio's model list: an active default, lifecycle marks judged on the client's day, and a
server's own model list read once the Studio is shown."""

from __future__ import annotations

from datetime import date

import pytest

from imagewidgets.api.client import ImagesClient
from imagewidgets.widgets.controls.panel import ControlPanel
from imagewidgets.widgets.studio import Studio
from tests.support.edit import recording_client
from tests.support.widgets import front_end

__all__ = ["front_end"]
pytestmark = pytest.mark.usefixtures("front_end")


def labels(panel: ControlPanel) -> dict[str, str]:
    return {value: label for label, value in panel.inputs["model"].options}


async def test_the_studio_starts_at_an_active_model_judged_on_the_clients_day() -> None:
    async with ImagesClient(offline=True, today=date(2026, 11, 30)) as client:
        studio = Studio("a lighthouse", client=client)
        assert studio.controls.model == "gpt-image-2.6-flare"
        assert labels(studio.controls)["gpt-image-1.5"] == "gpt-image-1.5 · retires 2026-12-01"
    assert labels(Studio("a lighthouse").controls)["gpt-image-1.5"] == (
        "gpt-image-1.5 · shut down 2026-12-01"  # the tests' day: 2026-12-02
    )


async def test_shown_it_reads_the_servers_list_so_a_compatible_servers_models_are_its_own() -> None:
    async with recording_client(serves_retired=True) as (client, recorder):
        studio = Studio("a lighthouse", client=client, model="gpt-image-2")
        assert labels(studio.controls)["dall-e-3"] == "dall-e-3 · shut down 2026-05-12"
        studio._ipython_display_()  # as a notebook shows it: the list is read in the background
        assert studio._loading is not None
        await studio._loading
        assert len(recorder.sent("/models")) == 1
        assert labels(studio.controls)["dall-e-3"] == "dall-e-3"  # this server still serves it
        studio.controls.model = "dall-e-3"
        assert studio.controls.problem == ""
        panel = studio.open_edit((await studio.generate())[0])
        assert labels(panel.controls)["dall-e-2"] == "dall-e-2"
