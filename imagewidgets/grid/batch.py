"""A grid as one Batch API job: built, uploaded, created, polled, collected into the store.

:meth:`GridBatch.submit` writes one JSONL line per cell that needs images (the formats are in
:mod:`imagewidgets.api.batch_lines`), uploads it with purpose ``batch``, creates the batch (24 h
window) and remembers it in the store (:mod:`imagewidgets.grid.saved`) before anything else, so
a kernel restart loses nothing. :meth:`GridBatch.wait` polls until it is finished;
:meth:`GridBatch.collect` downloads the output into the store's ``batches/`` folder, decodes
each answer off the event loop into results with their provenance (the batch id and the
request's ``custom_id`` in ``response``), stores them, and gives each cell its images or error.

Example::

    batch = await GridBatch.submit(client, store, plan.spec, {cell: 1 for cell in plan.cells})
    job = await batch.wait(poll=30, on_progress=print)
    by_cell = await batch.collect(job)          # {"0-1-2": ImageList([...]) or an error}
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from imagewidgets.api.batch_lines import MAX_BYTES, MAX_REQUESTS, BatchLine, read_line
from imagewidgets.api.batch_lines import request_line as line_of
from imagewidgets.api.batch_objects import BatchJob
from imagewidgets.api.client import ImagesClient
from imagewidgets.api.errors import ImagesError, error_from_response
from imagewidgets.api.request import ApiRequest, RuleContext, generation_request
from imagewidgets.api.responses import ResultContext, images_from_json
from imagewidgets.api.results import GeneratedImage, ImageList
from imagewidgets.capabilities import InvalidParameterError
from imagewidgets.grid.plan import Cell
from imagewidgets.grid.saved import FOLDER, SavedBatch, collected, save_batch
from imagewidgets.grid.spec import GridSpec
from imagewidgets.store import Store

__all__ = ["BatchRequestError", "GridBatch", "Outcome"]

Outcome = ImageList | ImagesError
"""What a cell got from a batch: its images, or why it has none."""
_STORING = 4
"""Images written to the store at once."""


class BatchRequestError(ImagesError):
    """A request of a batch that never ran (cancelled, expired) or the batch itself failed."""


class GridBatch:
    """One batch of a grid: its saved state, and the client and store it uses."""

    def __init__(self, client: ImagesClient, store: Store, saved: SavedBatch) -> None:
        self.client, self.store, self.saved = client, store, saved

    @property
    def batch_id(self) -> str:
        """The service's id of the batch."""
        return self.saved.batch_id

    @classmethod
    async def submit(
        cls, client: ImagesClient, store: Store, spec: GridSpec, cells: Mapping[Cell, int]
    ) -> GridBatch:
        """Send ``cells`` (each with the images it needs) as a new batch; remember it."""
        lines, requests = await asyncio.to_thread(_lines, client, spec, cells)  # checks each
        data = b"".join(lines)
        if len(lines) > MAX_REQUESTS or len(data) > MAX_BYTES:
            raise InvalidParameterError(
                f"A batch takes at most {MAX_REQUESTS:,} requests and {MAX_BYTES:,} bytes; this "
                f"grid makes {len(lines):,} ({len(data):,} bytes). Split it into smaller grids.",
                param="mode", model=None,
            )  # fmt: skip
        uploaded = await client.batches.upload(data, f"grid-{spec.key}.jsonl")
        job = await client.batches.create(uploaded.id, metadata={"imagewidgets_grid": spec.key})
        saved = SavedBatch(job.id, uploaded.id, spec.to_json(), spec.key, requests,
                           status=job.status)  # fmt: skip
        await asyncio.to_thread(save_batch, store, saved)
        return cls(client, store, saved)

    async def wait(self, poll: float, on_progress: Callable[[BatchJob], object]) -> BatchJob:
        """Poll every ``poll`` seconds until the batch is finished; ``on_progress(job)`` each
        time."""
        while True:
            job = await self.client.batches.get(self.batch_id)
            on_progress(job)
            if job.finished:
                return job
            await asyncio.sleep(poll)

    async def cancel(self) -> BatchJob:
        """Ask the service to stop the batch (what it made so far is still collected)."""
        return await self.client.batches.cancel(self.batch_id)

    async def collect(self, job: BatchJob) -> dict[str, Outcome]:
        """Each cell's images (stored, with provenance) or error, by cell key."""
        outcomes: dict[str, Outcome] = {}
        if job.output_file_id:
            target = self.store.path / FOLDER / f"{self.batch_id}.output.jsonl"
            await self.client.batches.download(job.output_file_id, target)
            outcomes |= await self._decoded(target)
        if job.error_file_id:
            text = await self.client.batches.content(job.error_file_id)
            outcomes |= {self._cell_of(line): _error(line) for line in _read(text)}
        outcomes |= self._not_run(job, outcomes)
        self.saved = await asyncio.to_thread(collected, self.store, self.saved, job.status)
        return outcomes

    async def _decoded(self, path: Path) -> dict[str, Outcome]:
        lines = await asyncio.to_thread(lambda: _read(path.read_bytes()))
        decode = [(line, self._request(line.custom_id)) for line in lines]
        context = ResultContext(self.client.backend, self.client)
        found = await asyncio.to_thread(asyncio.run, _decode_all(decode, context, self.batch_id))
        limit = asyncio.Semaphore(_STORING)
        outcomes: dict[str, Outcome] = {}
        for line, outcome in zip(lines, found, strict=True):
            if isinstance(outcome, ImageList):
                run = f"{self.batch_id}/{line.custom_id}"
                await asyncio.gather(*(self._store(image, run, limit) for image in outcome))
            outcomes[self._cell_of(line)] = outcome
        return outcomes

    async def _store(self, image: GeneratedImage, run: str, limit: asyncio.Semaphore) -> None:
        async with limit:
            await self.store.add_async(image, run=run)

    def _request(self, custom_id: str) -> ApiRequest:
        asked = self.saved.requests[custom_id]
        return generation_request(asked["prompt"], asked["params"],
                                  rules=RuleContext(lifecycle=False))  # fmt: skip

    def _cell_of(self, line: BatchLine) -> str:
        return str(self.saved.requests.get(line.custom_id, {}).get("cell", line.custom_id))

    def _not_run(self, job: BatchJob, outcomes: Mapping[str, Outcome]) -> dict[str, Outcome]:
        """The cells the batch gave no answer for (a batch refused as a whole, or lost)."""
        why = "; ".join(f"line {p.line}: {p.message}" if p.line else p.message
                        for p in job.problems) or f"the batch ended {job.status}"  # fmt: skip
        missing = [r["cell"] for r in self.saved.requests.values() if r["cell"] not in outcomes]
        return {key: BatchRequestError(f"No answer from batch {job.id}: {why}") for key in missing}


def _lines(
    client: ImagesClient, spec: GridSpec, cells: Mapping[Cell, int]
) -> tuple[list[bytes], dict[str, dict[str, Any]]]:
    lines, requests = [], {}
    for cell, count in cells.items():
        if count <= 0 or cell.refused is not None:
            continue
        params = {k: v for k, v in cell.params.items() if k not in ("stream", "partial_images")}
        params["n"] = count if count > 1 or "n" in cell.params else None
        request = generation_request(cell.prompt, params, rules=RuleContext(today=client.today))
        custom_id = f"{spec.key}-{cell.key}"
        lines.append(line_of(custom_id, request))
        requests[custom_id] = {
            "cell": cell.key,
            "prompt": cell.prompt,
            "params": {k: v for k, v in params.items() if v is not None},
        }
    return lines, requests  # fmt: skip


def _read(data: bytes) -> list[BatchLine]:
    return [read_line(text) for text in data.splitlines() if text.strip()]


async def _decode_all(
    lines: list[tuple[BatchLine, ApiRequest]], context: ResultContext, batch_id: str
) -> list[Outcome]:
    """Each line's images (base64 decoded here, in a worker thread's own loop) or error."""
    found: list[Outcome] = []
    for line, request in lines:
        if not line.ok:
            found.append(_error(line))
            continue
        try:
            images = await images_from_json(line.body, request, context, line.request_id, None)
        except ImagesError as error:
            found.append(error)
            continue
        marks = {"batch_id": batch_id, "custom_id": line.custom_id}
        found.append(ImageList(_marked(image, marks) for image in images))
    return found


def _marked(image: GeneratedImage, marks: Mapping[str, str]) -> GeneratedImage:
    return dataclasses.replace(image, response={**image.response, **marks}, elapsed=None)


def _error(line: BatchLine) -> ImagesError:
    if line.status_code is not None and line.status_code != 200:
        headers = {"x-request-id": line.request_id} if line.request_id else {}
        return error_from_response(line.status_code, headers, json.dumps(line.body).encode())
    return BatchRequestError(
        f"The batch did not run this request: {line.error_message or 'no reason given'}"
        f" ({line.error_code or 'no code'})."
    )
