"""The client's Files and Batch APIs (``client.batches``) and the batch line formats, against the
in-process emulator."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path

import pytest

from imagewidgets.api.batch_lines import read_line, request_line
from imagewidgets.api.client import ImagesClient
from imagewidgets.api.errors import NotFoundError
from imagewidgets.api.request import edit_request, generation_request
from imagewidgets.emulator import EmulatorConfig
from tests.support.emulator import png_bytes


def lines(*prompts: str) -> bytes:
    made = [generation_request(p, {"model": "gpt-image-2.6-flare", "quality": "low"}, stream=True,
                               ) for p in prompts]  # fmt: skip
    return b"".join(request_line(f"cell-{k}", request) for k, request in enumerate(made))


def test_a_line_leaves_streaming_out_and_keeps_every_other_parameter() -> None:
    request = generation_request(
        "a fox", {"model": "gpt-image-2.6-flare", "size": "1536x1024", "partial_images": 2},
        stream=True,
    )  # fmt: skip
    entry = json.loads(request_line("c", request))
    assert entry == {"custom_id": "c", "method": "POST", "url": "/v1/images/generations",
                     "body": {"prompt": "a fox", "model": "gpt-image-2.6-flare",
                              "size": "1536x1024"}}  # fmt: skip


def test_an_edit_does_not_fit_a_line() -> None:
    request = edit_request(png_bytes((64, 64)), "a hat", {"model": "gpt-image-2.6-flare"})
    with pytest.raises(ValueError, match="only JSON bodies"):
        request_line("c", request)


def test_output_lines_are_read_or_refused_with_a_reason() -> None:
    good = read_line(b'{"custom_id": "a", "response": {"status_code": 200, "request_id": "r",'
                     b' "body": {"data": []}}, "error": null}')  # fmt: skip
    assert (good.ok, good.request_id, good.body) == (True, "r", {"data": []})
    failed = read_line('{"custom_id": "b", "response": {"status_code": 400, "body": {}}}')
    assert not failed.ok
    assert failed.status_code == 400
    with pytest.raises(ValueError, match="custom_id"):
        read_line(b'{"response": {}}')
    with pytest.raises(ValueError, match="not JSON"):
        read_line(b"{cut")


async def test_upload_create_poll_and_download(tmp_path: Path) -> None:
    config = EmulatorConfig(pace=0, batch_seconds=0.2, batch_failures=("cell-1",))
    async with ImagesClient(offline=True, emulator=config) as client:
        uploaded = await client.batches.upload(lines("a fox", "a cat"), "grid.jsonl")
        assert (uploaded.purpose, uploaded.filename) == ("batch", "grid.jsonl")
        assert (await client.batches.file(uploaded.id)).bytes == uploaded.bytes
        job = await client.batches.create(uploaded.id, metadata={"grid": "g"})
        assert (job.status, job.metadata, job.total) == ("validating", {"grid": "g"}, 2)
        while not job.finished:
            await asyncio.sleep(0.05)
            job = await client.batches.get(job.id)
        assert (job.status, job.completed, job.failed) == ("completed", 1, 1)
        assert job.describe() == "completed · 2 of 2 requests (1 failed)"
        assert job.output_file_id is not None
        assert job.error_file_id is not None
        target = tmp_path / "out.jsonl"
        written = await client.batches.download(job.output_file_id, target)
        assert written == target.stat().st_size > 1000
        assert read_line(target.read_bytes()).custom_id == "cell-0"
        errors = await client.batches.content(job.error_file_id)
        assert read_line(errors).status_code == 500


async def test_two_downloads_to_one_path_leave_one_whole_file(tmp_path: Path) -> None:
    """Two grids collecting the same batch download its output to the same path at once."""
    many = lines(*(f"a fox, study {k}" for k in range(6)))
    async with ImagesClient(offline=True, emulator=EmulatorConfig(pace=0)) as client:
        uploaded = await client.batches.upload(many, "grid.jsonl")
        target = tmp_path / "out.jsonl"
        sizes = await asyncio.gather(
            *(client.batches.download(uploaded.id, target) for _ in range(3))
        )
    assert sizes == [len(many)] * 3
    assert target.read_bytes() == many
    assert sorted(os.listdir(tmp_path)) == ["out.jsonl"]  # no part file left behind


async def test_cancel_and_unknown_ids() -> None:
    async with ImagesClient(offline=True, emulator=EmulatorConfig(pace=0)) as client:
        uploaded = await client.batches.upload(lines("a fox"), "one.jsonl")
        job = await client.batches.create(uploaded.id)
        assert (await client.batches.cancel(job.id)).status == "cancelling"
        assert (await client.batches.get(job.id)).status == "cancelled"
        with pytest.raises(NotFoundError):
            await client.batches.get("batch_unknown")
        with pytest.raises(ValueError, match="not a file or batch id"):
            await client.batches.get("../models")
