"""The Studio driven as a browser would (button clicks, key presses, action messages) against
the offline emulator: what the view receives, errors as cards, queueing, and the result actions."""

from __future__ import annotations

import ast
import asyncio
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

import imagewidgets as iw
from imagewidgets.api.client import ImagesClient
from imagewidgets.api.errors import AuthenticationError, DamagedImageError
from imagewidgets.api.events import CompletedImage, DamagedFrame
from imagewidgets.api.results import GeneratedImage
from imagewidgets.api.retry import RetryPolicy
from imagewidgets.capabilities import MODELS, InvalidParameterError, ModelDeprecatedWarning
from imagewidgets.emulator import EmulatorConfig
from imagewidgets.imaging.metadata import strip_provenance
from imagewidgets.imaging.thumbnails import display_image
from imagewidgets.widgets.edit.panel import EditPanel
from imagewidgets.widgets.preview import ImagePreview
from imagewidgets.widgets.runs.queue import Run
from imagewidgets.widgets.studio import Studio
from tests.support.widgets import browser_sends, browser_sets, click, comm_of, front_end, size_of

__all__ = ["front_end"]
pytestmark = pytest.mark.usefixtures("front_end")

PROMPT = "a lighthouse at dusk"
Clients = Callable[..., ImagesClient]


@pytest.fixture
async def clients() -> AsyncIterator[Clients]:
    """Offline clients (closed after the test); keywords go to ``EmulatorConfig``."""
    made: list[ImagesClient] = []

    def make(max_retries: int = 2, **config: Any) -> ImagesClient:
        client = ImagesClient(
            offline=True, emulator=EmulatorConfig(**{"pace": 0, **config}), max_retries=max_retries
        )
        made.append(client)
        return client

    yield make
    for client in made:
        await client.aclose()


def preview_of(studio: Studio, newest: int = 0) -> ImagePreview:
    preview = studio.runs_area.children[newest]
    assert isinstance(preview, ImagePreview)
    return preview


async def reaches(run: Run, state: str) -> None:
    """Wait until ``run`` is in ``state`` (a guard of 30 s against hanging, not a timing test)."""
    reached = asyncio.Event()
    run.observe(lambda _: reached.set() if run.state == state else None, "state")
    if run.state != state:
        await asyncio.wait_for(reached.wait(), 30)


async def started(studio: Studio) -> Run:
    """The run the last press started (its task is made at once, and runs at the next await)."""
    return studio.runs[-1]


async def test_generate_button_streams_frames_in_order_then_the_final_image(
    clients: Clients,
) -> None:
    client = clients()
    studio = Studio(PROMPT, client=client, quality="low", n=2, partial_images=2)
    click(studio.generate_button)
    run = await started(studio)
    images = await run
    preview = preview_of(studio)

    expected: dict[int, list[bytes]] = {0: [b""], 1: [b""]}
    stream = client.stream_generate(PROMPT, **studio.controls.params())
    async for event in stream:
        assert not isinstance(event, DamagedFrame)
        data = event.image.data if isinstance(event, CompletedImage) else event.data
        expected[event.index].append(display_image(data, max_side=768).data)
    for index, frames in expected.items():
        cell = comm_of(preview.cell_frames[index])
        seen = [bytes(value) for value in (cell.opening("data"), *cell.updates("data"))]
        assert [frame for n, frame in enumerate(seen) if n == 0 or frame != seen[n - 1]] == frames

    assert [image.index for image in images] == [0, 1]
    assert studio.results == list(images)
    assert [cell["state"] for cell in preview.cells] == ["final", "final"]
    assert preview.frames == [display_image(image.data, max_side=768).data for image in images]
    assert len(preview.filmstrip) == 6
    assert preview.status.startswith("done · 2 images · ")
    assert " tokens (" in preview.status
    assert preview.error == {}
    assert not preview.busy
    assert preview.label == "Generation run 1"
    assert studio.cancel_button.disabled


async def test_ctrl_enter_in_the_prompt_generates(clients: Clients) -> None:
    studio = Studio("", client=clients(), quality="low", partial_images=0)
    browser_sets(studio.controls.prompt_box, value=PROMPT)
    browser_sends(studio.controls.prompt_box, {"action": "submit"})
    images = await (await started(studio))
    assert images[0].prompt == PROMPT
    assert preview_of(studio).filmstrip_captions == ["image 1 · final"]


async def test_await_generate_is_what_the_button_does(
    clients: Clients, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IMAGEWIDGETS_TODAY", "2026-05-01")  # dall-e-3 is still served
    studio = Studio(PROMPT, client=clients(), model="dall-e-3", quality="hd", style="natural")
    with pytest.warns(ModelDeprecatedWarning, match="dall-e-3 is deprecated and shuts down"):
        images = await studio.generate()
    assert images[0].model == "dall-e-3"
    assert images[0].params["style"] == "natural"
    preview = preview_of(studio)
    assert preview.status.startswith("done · 1 image · ")
    assert "tokens" not in preview.status
    assert size_of(preview.frames[0]) == (1024, 1024)


async def test_an_invalid_combination_cannot_be_submitted(clients: Clients) -> None:
    studio = Studio("", client=clients())
    assert studio.generate_button.disabled
    assert "prompt is required" in studio.problem_note.value
    browser_sends(studio.controls.prompt_box, {"action": "submit"})
    with pytest.raises(InvalidParameterError, match="prompt is required"):
        await studio.generate()
    assert studio.runs == ()
    assert len(studio.runs_area.children) == 0
    studio.controls.prompt = PROMPT
    assert not studio.generate_button.disabled
    assert studio.problem_note.value == ""


async def test_changing_the_model_changes_which_controls_apply(clients: Clients) -> None:
    studio = Studio(PROMPT, client=clients())
    model = studio.controls.inputs["model"]
    browser_sets(model, index=list(MODELS).index("dall-e-3"))
    assert studio.controls.inputs["background"].layout.display == "none"
    assert studio.controls.inputs["style"].layout.display == ""
    browser_sets(model, index=list(MODELS).index("gpt-image-2.5-flare"))
    assert studio.controls.inputs["background"].layout.display == ""
    assert studio.controls.inputs["style"].layout.display == "none"


async def test_cancel_stops_a_streaming_run(clients: Clients) -> None:
    studio = Studio(PROMPT, client=clients(pace=30), quality="low", partial_images=3)
    click(studio.generate_button)
    run = await started(studio)
    first_frame = asyncio.Event()
    run.observe(lambda _: first_frame.set() if run.status.startswith("streaming") else None)
    await first_frame.wait()
    assert not studio.cancel_button.disabled
    click(studio.cancel_button)
    with pytest.raises(asyncio.CancelledError):
        await run
    preview = preview_of(studio)
    assert preview.status.startswith("cancelled after ")
    assert preview.cells[0]["state"] == "cancelled"
    assert preview.cells[0]["caption"] == "cancelled"
    assert not preview.busy
    assert studio.cancel_button.disabled
    assert studio.results == []


async def test_each_run_can_be_cancelled_from_its_own_preview(clients: Clients) -> None:
    studio = Studio(PROMPT, client=clients(pace=30), quality="low")
    click(studio.generate_button)
    click(studio.generate_button)
    first, second = studio.runs
    await asyncio.sleep(0)
    browser_sends(preview_of(studio, newest=1), {"action": "cancel", "index": -1})
    with pytest.raises(asyncio.CancelledError):
        await first
    assert second.active
    studio.cancel()
    with pytest.raises(asyncio.CancelledError):
        await second


async def test_at_most_four_runs_stream_and_the_rest_wait_visibly(clients: Clients) -> None:
    studio = Studio(PROMPT, client=clients(pace=2), quality="low")
    for _ in range(6):
        click(studio.generate_button)
    runs = studio.runs
    for _ in range(10):
        await asyncio.sleep(0)
    assert [run.state for run in runs] == ["running"] * 4 + ["waiting"] * 2
    previews = list(reversed(studio.runs_area.children))
    assert previews[4].status == "waiting · next in line (4 runs at once)"
    assert previews[5].status == "waiting · 1 ahead in line (4 runs at once)"
    assert all(preview.busy for preview in previews)
    runs[0].cancel()
    await reaches(runs[4], "running")
    assert previews[5].status == "waiting · next in line (4 runs at once)"
    assert studio.cancel() == 5
    outcomes = await asyncio.gather(
        *(asyncio.ensure_future(run._outcome()) for run in runs), return_exceptions=True
    )
    assert all(isinstance(outcome, asyncio.CancelledError) for outcome in outcomes), outcomes
    assert len(studio.runs_area.children) == 6


@pytest.mark.parametrize(
    ("fault", "title"),
    [
        ("moderation", "blocked by moderation"),
        ("org_not_verified", "permission denied"),
        ("rate_limit", "rate limited"),
        ("server_error", "the service failed (HTTP 500)"),
        ("unavailable", "the service failed (HTTP 503)"),
        ("drop", "the offline emulator dropped the connection"),
        ("cut", "the stream broke off"),
        ("cut;after=1", "the stream broke off"),
        ("malformed_sse", "the stream broke off"),
        ("invalid_base64;after=1", "an image arrived damaged"),  # 2 partials, then the final
        ("stream_error", "the stream broke off"),
    ],
)
async def test_each_fault_becomes_an_error_card(clients: Clients, fault: str, title: str) -> None:
    studio = Studio(PROMPT, client=clients(max_retries=0, faults=(fault,)), quality="low")
    click(studio.generate_button)
    run = await started(studio)
    with pytest.raises(Exception) as caught:  # noqa: PT011  (each fault raises its own class)
        await run
    preview = preview_of(studio)
    assert preview.error["title"] == title, caught.value
    assert preview.error["advice"]
    assert "Traceback" not in str(preview.error)
    assert preview.status.startswith("failed after ")
    if fault != "drop":  # no response at all
        assert preview.error["request_id"]


async def test_a_damaged_partial_frame_is_skipped_and_the_run_goes_on(clients: Clients) -> None:
    studio = Studio(PROMPT, client=clients(faults=("invalid_base64",)), quality="low")
    click(studio.generate_button)
    run = await started(studio)
    images = await run
    preview = preview_of(studio)
    assert len(images) == 1
    assert run.state == "done"
    assert [(frame.index, frame.partial_image_index) for frame in run.damaged] == [(0, 0)]
    assert "· 1 damaged frame skipped ·" in preview.status
    assert preview.error == {}
    assert [cell["state"] for cell in preview.cells] == ["final"]
    assert len(preview.filmstrip) == 2  # frame 2 and the final image; frame 1 was left out


async def test_a_damaged_final_image_fails_its_cell_alone(clients: Clients) -> None:
    faults = ("invalid_base64;after=1",)  # image 1's final event (2 partials come first)
    studio = Studio(PROMPT, client=clients(faults=faults), quality="low", n=2)
    click(studio.generate_button)
    run = await started(studio)
    with pytest.raises(DamagedImageError):
        await run
    preview = preview_of(studio)
    assert [cell["state"] for cell in preview.cells] == ["failed", "final"]
    assert [image.index for image in run.results] == [1]
    assert preview.error["title"] == "an image arrived damaged"
    assert "Image 1 of 2 arrived damaged" in preview.error["advice"]
    assert "the other one arrived and is kept" in preview.error["advice"]


async def test_a_refused_key_says_to_set_openai_api_key() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        body = {
            "error": {
                "message": "Incorrect API key provided: sk-te***",
                "type": "invalid_request_error",
                "param": None,
                "code": "invalid_api_key",
            }
        }
        return httpx.Response(401, json=body, headers={"x-request-id": "req_401"})

    http = httpx.AsyncClient(transport=httpx.MockTransport(refuse))
    client = ImagesClient(
        "sk-test-not-a-key", base_url="https://api.example.test/v1", http_client=http
    )
    studio = Studio(PROMPT, client=client, quality="low")
    click(studio.generate_button)
    with pytest.raises(AuthenticationError):
        await (await started(studio))
    card = preview_of(studio).error
    assert f"{card['title']}: {card['advice']}".startswith(
        "the key was refused: set OPENAI_API_KEY"
    )
    assert card["request_id"] == "req_401"
    assert "sk-test-not-a-key" not in str(card)
    await http.aclose()


async def test_a_rate_limit_retry_shows_a_warning_then_the_image(clients: Clients) -> None:
    client = clients(faults=("rate_limit;times=1;seconds=12",))

    async def no_wait(seconds: float) -> None:
        await asyncio.sleep(0)

    client.retry = RetryPolicy(2, sleep=no_wait)
    studio = Studio(PROMPT, client=client, quality="low")
    click(studio.generate_button)
    run = await started(studio)
    cards: list[dict[str, Any]] = []
    preview = preview_of(studio)
    preview.observe(lambda change: cards.append(change["new"]), "error")
    await run
    assert cards[0]["title"] == "rate limited: retrying in 12 s"
    assert cards[0]["kind"] == "warning"
    assert cards[-1] == {}
    assert preview.status.startswith("done · 1 image")


async def test_use_these_settings_restores_prompt_and_controls(
    clients: Clients, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IMAGEWIDGETS_TODAY", "2026-05-01")  # dall-e-3 is still served
    studio = Studio(PROMPT, client=clients(), model="dall-e-3", quality="hd", style="natural")
    with pytest.warns(ModelDeprecatedWarning, match="dall-e-3"):
        await studio.generate()
    studio.controls.model = "gpt-image-2.5-flare"
    studio.controls.prompt = "something else"
    browser_sends(preview_of(studio), {"action": "use", "index": 0})
    assert studio.controls.prompt == PROMPT
    assert studio.controls.params() == {
        "model": "dall-e-3",
        "size": "1024x1024",
        "quality": "hd",
        "n": 1,
        "style": "natural",
    }
    assert "restored" in studio.notice.value


async def test_copy_as_python_reproduces_the_same_bytes(
    clients: Clients, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    studio = Studio(PROMPT, client=clients(), quality="low", n=2, output_format="webp")
    studio.controls.output_compression = 70
    images = await studio.generate()
    studio.controls.set(output_format="png", n=1)
    (plain,) = await studio.generate()
    await studio.vary(plain)
    variation = studio.results[-1]
    copied = [(images[1], preview_of(studio, 2)), (variation, preview_of(studio))]
    for image, preview in copied:
        code = preview.cells[image.index]["code"]
        assert code == studio.copy_as_python(image)
        assert "await client." in code
        namespace: dict[str, Any] = {}
        compiled = compile(code, "<copied>", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
        await eval(compiled, namespace)
        assert namespace["image"].data == image.data
        await namespace["client"].aclose()
    browser_sends(preview_of(studio), {"action": "copy", "index": 1})
    assert "Python code of image 2 copied" in studio.notice.value


async def test_variations_chain_from_the_result(clients: Clients) -> None:
    studio = Studio(PROMPT, client=clients(), quality="low")
    images = await studio.generate()
    browser_sends(preview_of(studio), {"action": "vary", "index": 0})
    variations = await (await started(studio))
    assert len(variations) == studio.variations == 2
    assert all(image.parent is images[0] for image in variations)
    assert studio.results == [*images, *variations]
    assert preview_of(studio).label == "Generation run 2"


async def test_variations_of_a_wide_image_stay_wide_and_keep_its_model(clients: Clients) -> None:
    studio = Studio(PROMPT, client=clients(), quality="low", size="1536x1024")
    images = await studio.generate()
    variations = await studio.vary(images[0], n=1)
    assert variations[0].model == images[0].model
    assert (variations[0].width, variations[0].height) == (1536, 1024)
    assert "dall-e-2" not in studio.notice.value


async def test_save_writes_the_full_resolution_bytes_with_their_provenance(
    clients: Clients, tmp_path: Path
) -> None:
    studio = Studio(PROMPT, client=clients(), quality="low", save_dir=tmp_path / "out")
    images = await studio.generate()
    browser_sends(preview_of(studio), {"action": "save", "index": 0})
    (saved,) = (tmp_path / "out").iterdir()
    assert strip_provenance(saved.read_bytes()) == images[0].data
    opened = iw.open(saved)  # the saved file reads back as the result it was
    assert (opened.sha256, opened.prompt, opened.usage) == (
        images[0].sha256, PROMPT, images[0].usage,
    )  # fmt: skip
    assert saved.name.startswith("a-lighthouse-at-dusk-")
    assert str(saved) in studio.notice.value


async def test_on_result_sees_each_final_image_before_it_is_shown(clients: Clients) -> None:
    studio = Studio(PROMPT, client=clients(), quality="low", n=2)
    seen: list[tuple[GeneratedImage, str]] = []

    async def keep(image: GeneratedImage) -> None:
        seen.append((image, preview_of(studio).cells[image.index]["state"]))

    def broken(image: GeneratedImage) -> None:
        raise OSError("disk full")

    studio.on_result(keep)
    studio.on_result(broken)
    images = await studio.generate()
    assert [image for image, _ in seen] == list(images)
    assert all(state != "final" for _, state in seen)
    assert "A result callback failed" in studio.notice.value
    assert "disk full" in studio.notice.value


async def test_finished_runs_beyond_keep_runs_leave_the_screen(clients: Clients) -> None:
    studio = Studio(PROMPT, client=clients(), quality="low", partial_images=0, keep_runs=2)
    for _ in range(3):
        await studio.generate()
    assert [preview.label for preview in studio.runs_area.children] == [
        "Generation run 3",
        "Generation run 2",
    ]
    assert len(studio.results) == 3


async def test_the_edit_action_opens_one_edit_panel_whose_results_chain(
    clients: Clients,
) -> None:
    studio = Studio(PROMPT, client=clients(), quality="low", n=2, partial_images=0)
    images = await studio.generate()
    browser_sends(preview_of(studio), {"action": "edit", "index": 1})
    close, panel = studio.edit_area.children
    assert isinstance(panel, EditPanel)
    assert panel.images[0] is images[1]
    assert panel.client is studio.client
    browser_sends(preview_of(studio), {"action": "edit", "index": 0})
    assert studio.edit_area.children[1] is panel
    assert panel.images[0] is images[0]
    panel.controls.prompt = "add a rowing boat"
    edits = await panel.edit()
    assert edits[0].parent is images[0]
    assert studio.results == [*images, *edits]
    labels = [preview.label for preview in (*studio.runs_area.children, *panel.runs.children)]
    assert labels == ["Generation run 1", "Edit run 1"]  # distinct names for screen readers
    click(close)
    assert studio.edit_area.children == ()
    assert studio.open_edit(edits[0]) is panel
    assert panel.images[0] is edits[0]


def test_every_button_and_field_has_an_accessible_name() -> None:
    studio = Studio()
    assert studio.generate_button.description == "Generate"
    assert studio.cancel_button.description == "Cancel"
    for widget in studio.controls.inputs.values():
        assert widget.description
    assert studio.controls.prompt_box.label == "Prompt"
