"""The emulator's Files and Batch APIs, checked by the official SDK 3.57 in strict mode: uploads,
batches that progress over time, single requests that fail, a refused input file, cancel."""

from __future__ import annotations

import io
import json
import time
from collections.abc import Iterator

import pytest
from openai import NotFoundError, OpenAI
from openai.types import Batch, FileObject

from imagewidgets.emulator import EmulatorConfig, EmulatorServer
from tests.support.emulator import image_of


def line(custom_id: str, prompt: str = "a fox", **body: object) -> str:
    request = {"prompt": prompt, "model": "gpt-image-2.6-flare", "quality": "low", **body}
    return json.dumps({"custom_id": custom_id, "method": "POST",
                       "url": "/v1/images/generations", "body": request})  # fmt: skip


@pytest.fixture(scope="module")
def sdk() -> Iterator[OpenAI]:
    config = EmulatorConfig(pace=0, batch_seconds=0.6, batch_failures=("broken",))
    with EmulatorServer(config) as server:
        client = OpenAI(base_url=server.url, api_key="offline-test", max_retries=0,
                        _strict_response_validation=True)  # fmt: skip
        yield client
        client.close()


def upload(sdk: OpenAI, *lines: str) -> FileObject:
    data = ("\n".join(lines) + "\n").encode()
    return sdk.files.create(file=("grid.jsonl", io.BytesIO(data)), purpose="batch")


def wait(sdk: OpenAI, batch: Batch, seconds: float = 20.0) -> tuple[Batch, list[str]]:
    """Poll until the batch is finished; also the statuses seen on the way."""
    seen: list[str] = [batch.status]
    deadline = time.monotonic() + seconds
    while batch.status not in ("completed", "failed", "cancelled", "expired"):
        assert time.monotonic() < deadline, seen
        time.sleep(0.05)
        batch = sdk.batches.retrieve(batch.id)
        seen.append(batch.status)
    return batch, seen


def test_a_batch_runs_its_requests_over_time_and_answers_in_files(sdk: OpenAI) -> None:
    uploaded = upload(sdk, line("a", "a red fox"), line("b", "a blue whale"), line("broken"))
    assert (uploaded.purpose, uploaded.filename, uploaded.status) == (
        "batch",
        "grid.jsonl",
        "processed",
    )
    assert sdk.files.retrieve(uploaded.id).bytes == uploaded.bytes
    created = sdk.batches.create(input_file_id=uploaded.id, endpoint="/v1/images/generations",
                                 completion_window="24h", metadata={"grid": "g1"})  # fmt: skip
    assert created.status == "validating"
    assert created.metadata == {"grid": "g1"}
    done, seen = wait(sdk, created)
    assert done.status == "completed", done
    assert "in_progress" in seen
    assert seen.index("in_progress") < seen.index("completed")
    assert done.request_counts is not None
    assert (
        done.request_counts.total,
        done.request_counts.completed,
        done.request_counts.failed,
    ) == (3, 2, 1)
    assert done.output_file_id
    assert done.error_file_id
    assert done.usage is not None
    outputs = [
        json.loads(text) for text in sdk.files.content(done.output_file_id).text.splitlines()
    ]
    assert [entry["custom_id"] for entry in outputs] == ["a", "b"]
    body = outputs[0]["response"]["body"]
    assert outputs[0]["response"]["status_code"] == 200
    assert body["quality"] == "low"
    assert image_of(body["data"][0]["b64_json"]).size == (1024, 1024)
    errors = [json.loads(text) for text in sdk.files.content(done.error_file_id).text.splitlines()]
    assert [(e["custom_id"], e["response"]["status_code"]) for e in errors] == [("broken", 500)]
    assert sdk.files.retrieve(done.output_file_id).purpose == "batch_output"


def test_a_request_the_rules_refuse_fails_alone(sdk: OpenAI) -> None:
    uploaded = upload(sdk, line("ok"), line("bad", model="gpt-image-2", quality="max"))
    done, _ = wait(sdk, sdk.batches.create(input_file_id=uploaded.id, completion_window="24h",
                                           endpoint="/v1/images/generations"))  # fmt: skip
    assert done.output_file_id
    assert done.error_file_id
    error = json.loads(sdk.files.content(done.error_file_id).text)
    assert error["response"]["status_code"] == 400
    assert "quality" in error["response"]["body"]["error"]["message"]


def test_an_input_file_with_a_repeated_custom_id_fails_the_batch(sdk: OpenAI) -> None:
    uploaded = upload(sdk, line("same"), line("same"))
    created = sdk.batches.create(input_file_id=uploaded.id, completion_window="24h",
                                 endpoint="/v1/images/generations")  # fmt: skip
    assert created.status == "failed"
    assert created.errors is not None
    assert created.errors.data
    assert (created.errors.data[0].code, created.errors.data[0].line) == ("duplicate_custom_id", 2)


def test_a_cancelled_batch_keeps_what_it_made_and_names_the_rest(sdk: OpenAI) -> None:
    uploaded = upload(sdk, *(line(f"c{k}") for k in range(3)))
    created = sdk.batches.create(input_file_id=uploaded.id, completion_window="24h",
                                 endpoint="/v1/images/generations")  # fmt: skip
    assert sdk.batches.cancel(created.id).status == "cancelling"
    done, _ = wait(sdk, created)
    assert done.status == "cancelled"
    assert done.cancelled_at is not None
    assert done.error_file_id is not None
    errors = [json.loads(text) for text in sdk.files.content(done.error_file_id).text.splitlines()]
    assert {e["error"]["code"] for e in errors} == {"batch_cancelled"}
    assert len(errors) == 3 - (done.request_counts.completed if done.request_counts else 0)


def test_unknown_batches_and_files_are_404s(sdk: OpenAI) -> None:
    with pytest.raises(NotFoundError):
        sdk.batches.retrieve("batch_nope")
    with pytest.raises(NotFoundError):
        sdk.files.retrieve("file-nope")
