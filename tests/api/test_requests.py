"""Request building: JSON for generations, multipart for edits and variations, byte by byte."""

from __future__ import annotations

import inspect
import json
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest

from imagewidgets.api.client import ImagesClient
from imagewidgets.api.errors import APIError
from imagewidgets.api.multipart import FilePart, encode_multipart
from imagewidgets.api.request import (
    RuleContext,
    edit_request,
    generation_request,
    variation_request,
)
from imagewidgets.capabilities import InvalidParameterError, ModelCatalog
from imagewidgets.imaging.masks import mask_to_array
from tests.support.api import (
    API_KEY,
    BASE_URL,
    Server,
    collect,
    encoded,
    images_json,
    png,
    streaming,
)


def test_generation_json_leaves_unset_fields_out() -> None:
    request = generation_request("a fox", {"model": "gpt-image-2.5-sunburst", "n": 2, "size": None})
    assert request.content == b'{"prompt":"a fox","model":"gpt-image-2.5-sunburst","n":2}'
    assert request.content_type == "application/json"
    assert request.path == "/images/generations"
    assert request.params == {"model": "gpt-image-2.5-sunburst", "n": 2}


def test_streamed_generation_sends_stream_true_and_partial_images() -> None:
    request = generation_request(
        "fox", {"model": "gpt-image-2.6-flare", "partial_images": 0}, stream=True
    )
    assert json.loads(request.content) == {
        "prompt": "fox",
        "model": "gpt-image-2.6-flare",
        "partial_images": 0,
        "stream": True,
    }
    assert request.stream
    assert request.params == {"model": "gpt-image-2.6-flare", "partial_images": 0, "stream": True}


def test_the_default_model_is_always_sent() -> None:
    """The service has no default model any more ("specify a model explicitly")."""
    request = generation_request("fox", {"output_format": "webp"})
    assert request.model == "gpt-image-2.6-flare"
    assert json.loads(request.content)["model"] == "gpt-image-2.6-flare"
    assert edit_request(png(), "fox", {}).model == "gpt-image-2.6-flare"


def test_multipart_body_byte_by_byte() -> None:
    files = [
        FilePart("image[]", "a.png", "image/png", b"PNG1"),
        FilePart("image[]", 'we"ird\n.jpg', "image/jpeg", b"JPG2"),
    ]
    body = encode_multipart(
        {"prompt": "é", "n": 2, "stream": True, "flag": False, "skip": None}, files, boundary="XyZ"
    )
    assert body == (
        b"--XyZ\r\n"
        b'Content-Disposition: form-data; name="prompt"\r\n\r\n\xc3\xa9\r\n'
        b"--XyZ\r\n"
        b'Content-Disposition: form-data; name="n"\r\n\r\n2\r\n'
        b"--XyZ\r\n"
        b'Content-Disposition: form-data; name="stream"\r\n\r\ntrue\r\n'
        b"--XyZ\r\n"
        b'Content-Disposition: form-data; name="flag"\r\n\r\nfalse\r\n'
        b"--XyZ\r\n"
        b'Content-Disposition: form-data; name="image[]"; filename="a.png"\r\n'
        b"Content-Type: image/png\r\n\r\nPNG1\r\n"
        b"--XyZ\r\n"
        b'Content-Disposition: form-data; name="image[]"; filename="we%22ird%0A.jpg"\r\n'
        b"Content-Type: image/jpeg\r\n\r\nJPG2\r\n"
        b"--XyZ--\r\n"
    )


def parts(content: bytes, content_type: str) -> list[tuple[dict[str, str], bytes]]:
    """Split a multipart body into (headers, payload) pairs, independently of our encoder."""
    boundary = content_type.split("boundary=")[1].encode()
    assert content.endswith(b"--" + boundary + b"--\r\n")
    chunks = content.split(b"--" + boundary)[1:-1]
    result = []
    for chunk in chunks:
        head, _, payload = chunk[2:-2].partition(b"\r\n\r\n")
        headers = dict(line.split(": ", 1) for line in head.decode().split("\r\n"))
        result.append((headers, payload))
    return result


def test_one_image_goes_as_image_several_as_image_brackets() -> None:
    one = edit_request(png(), "hat", {"model": "gpt-image-2.5-sunburst"})
    names = [h["Content-Disposition"] for h, _ in parts(one.content, one.content_type)]
    assert names[-1] == 'form-data; name="image"; filename="image.png"'
    two = edit_request([png(), png(colour="blue")], "hat", {"model": "gpt-image-2.5-sunburst"})
    files = [(h, p) for h, p in parts(two.content, two.content_type) if "filename" in str(h)]
    assert [h["Content-Disposition"].split(";")[1] for h, _ in files] == [' name="image[]"'] * 2
    assert [p for _, p in files] == [png(), png(colour="blue")]
    assert {h["Content-Type"] for h, _ in files} == {"image/png"}


def test_edit_text_parts_and_mask() -> None:
    painted = np.zeros((16, 16), dtype=bool)
    painted[:8] = True
    params = {
        "model": "gpt-image-2.5-sunburst",
        "n": 2,
        "quality": "xhigh",
        "output_compression": None,
    }
    request = edit_request(png(), "hat", params, mask=painted, stream=True)
    found = parts(request.content, request.content_type)
    texts = {
        h["Content-Disposition"].split('"')[1]: p for h, p in found if "filename" not in str(h)
    }
    assert texts == {
        "prompt": b"hat",
        "model": b"gpt-image-2.5-sunburst",
        "n": b"2",
        "quality": b"xhigh",
        "stream": b"true",
    }
    (mask_headers, mask_bytes) = found[-1]
    assert mask_headers["Content-Disposition"] == 'form-data; name="mask"; filename="mask.png"'
    assert mask_headers["Content-Type"] == "image/png"
    assert (mask_to_array(mask_bytes) == painted).all()
    assert request.mask_sha256 is not None
    assert request.params == {
        "model": "gpt-image-2.5-sunburst",
        "n": 2,
        "quality": "xhigh",
        "stream": True,
    }


def test_jpeg_keeps_its_filename_and_content_type(tmp_path: Path) -> None:
    path = tmp_path / "photo.jpeg"
    path.write_bytes(encoded(png((20, 10))))
    request = edit_request(str(path), "hat", {"model": "gpt-image-2.5-sunburst"})
    headers, payload = parts(request.content, request.content_type)[-1]
    assert headers["Content-Disposition"].endswith('filename="photo.jpeg"')
    assert headers["Content-Type"] == "image/jpeg"
    assert payload == path.read_bytes()


def test_variation_request() -> None:
    square = png((64, 64), mode="RGBA")
    params = {"model": "dall-e-2", "n": 3, "size": "256x256"}
    request = variation_request(square, params, rules=RuleContext(catalog=COMPATIBLE))
    assert request.path == "/images/variations"
    found = parts(request.content, request.content_type)
    assert [h["Content-Disposition"] for h, _ in found] == [
        'form-data; name="model"',
        'form-data; name="n"',
        'form-data; name="size"',
        'form-data; name="image"; filename="image.png"',
    ]
    assert found[-1][1] == square
    assert request.prompt is None


COMPATIBLE = ModelCatalog({}, "server")
"""A compatible server that lists no models: it still serves dall-e-2 for all we know."""

REFUSED: list[tuple[str, dict[str, Any]]] = [
    ("generate", {"prompt": "x", "model": "gpt-image-2", "quality": "max"}),
    ("generate", {"prompt": "x", "model": "dall-e-3", "n": 2}),
    ("generate", {"prompt": "", "model": "gpt-image-2.5-sunburst"}),
    ("generate", {"prompt": "x", "model": "dall-e-2", "partial_images": 2}),
    ("edit", {"prompt": "x", "model": "gpt-image-2", "input_fidelity": "high"}),
    ("edit", {"prompt": "x", "model": "gpt-image-2.6-flare", "markup": png(), "mask": png()}),
    ("edit", {"prompt": "x", "model": "dall-e-2", "image": png((30, 20))}),
    ("edit", {"prompt": "x", "model": "gpt-image-2.5-sunburst", "mask": np.ones((8, 8), bool)}),
    ("edit", {"prompt": "x", "model": "gpt-image-2.5-sunburst", "image": [png()] * 17}),
    ("variation", {"model": "dall-e-2", "image": png((30, 20))}),
    ("variation", {"model": "gpt-image-2.5-sunburst", "image": png((32, 32))}),
]


async def send(client: ImagesClient, operation: str, arguments: dict[str, Any]) -> None:
    """Make the call ``operation`` with ``arguments`` (an ``image`` key is the input image)."""
    arguments = dict(arguments)
    image = arguments.pop("image", png())
    if operation == "variation":
        await client.create_variation(image, **arguments)
    elif operation == "edit":
        await client.edit(image, arguments.pop("prompt"), **arguments)
    elif "partial_images" in arguments:
        client.stream_generate(arguments.pop("prompt"), **arguments)
    else:
        await client.generate(arguments.pop("prompt"), **arguments)


@pytest.mark.parametrize(("operation", "arguments"), REFUSED)
async def test_refused_requests_send_nothing(operation: str, arguments: dict[str, Any]) -> None:
    server = Server(images_json(png()), streaming([]))
    with pytest.raises(InvalidParameterError) as caught:
        await send(server.client(), operation, arguments)
    assert caught.value.param
    assert server.requests == []


async def test_headers_per_wire_rules() -> None:
    server = Server(images_json(png()))
    client = server.client(organization="org-1", project="proj-1")
    await client.generate("fox", model="gpt-image-2.5-sunburst", extra_headers={"x-extra": "1"})
    (request,) = server.requests
    assert str(request.url) == BASE_URL + "/images/generations"
    assert request.headers["authorization"] == f"Bearer {API_KEY}"
    assert request.headers["openai-organization"] == "org-1"
    assert request.headers["openai-project"] == "proj-1"
    assert request.headers["accept"] == "application/json"
    assert request.headers["content-type"] == "application/json"
    assert request.headers["x-extra"] == "1"
    assert request.headers["user-agent"].startswith("imagewidgets")


async def test_organization_and_project_headers_only_when_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("OPENAI_ORG_ID", raising=False)
    monkeypatch.delenv("OPENAI_PROJECT_ID", raising=False)
    server = Server(images_json(png()))
    await server.client().generate("fox", model="gpt-image-2.5-sunburst")
    assert "openai-organization" not in server.requests[0].headers
    assert "openai-project" not in server.requests[0].headers


async def test_environment_supplies_key_base_url_org_and_project(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-env-0000")
    monkeypatch.setenv("OPENAI_BASE_URL", "https://proxy.example.test/v1/")
    monkeypatch.setenv("OPENAI_ORG_ID", "org-env")
    monkeypatch.setenv("OPENAI_PROJECT_ID", "proj-env")
    server = Server(images_json(png()))
    client = ImagesClient(http_client=httpx.AsyncClient(transport=httpx.MockTransport(server)))
    await client.generate("fox", model="gpt-image-2.5-sunburst")
    (request,) = server.requests
    assert str(request.url) == "https://proxy.example.test/v1/images/generations"
    assert request.headers["authorization"] == "Bearer sk-from-env-0000"
    assert request.headers["openai-organization"] == "org-env"
    assert request.headers["openai-project"] == "proj-env"
    assert not client.offline


async def test_edit_is_sent_as_multipart() -> None:
    server = Server(images_json(png()))
    await server.client().edit(png(), "hat", model="gpt-image-2.5-sunburst", n=1)
    (request,) = server.requests
    assert str(request.url).endswith("/images/edits")
    assert request.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert server.bodies[0].count(b'name="image"; filename="image.png"') == 1


@pytest.mark.filterwarnings("ignore::imagewidgets.capabilities.UnknownModelWarning")
@pytest.mark.parametrize(
    "method", ["generate", "stream_generate", "edit", "stream_edit", "create_variation"]
)
async def test_every_keyword_of_a_client_method_is_sent_under_its_own_name(method: str) -> None:
    server = Server(httpx.Response(500))
    client = server.client(max_retries=0)
    keywords = [
        name
        for name, parameter in inspect.signature(getattr(client, method)).parameters.items()
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY
        and name not in {"mask", "markup", "extra_headers", "extra_body", "on_retry"}
    ]
    special = {"model": "gpt-image-9", "n": 2, "output_compression": 2, "partial_images": 1}
    values = {name: special.get(name, f"{name}-value") for name in keywords}
    inputs = () if "generate" in method else (png(),)
    prompt = () if method == "create_variation" else ("fox",)
    call = getattr(client, method)(*inputs, *prompt, **values)
    with pytest.raises(APIError):
        await (collect(call) if method.startswith("stream") else call)
    request = server.requests[0]
    if "generate" in method:
        sent = json.loads(server.bodies[0])
    else:
        found = parts(server.bodies[0], request.headers["content-type"])
        texts = [(h, p) for h, p in found if "filename" not in h["Content-Disposition"]]
        sent = {h["Content-Disposition"].split('"')[1]: p.decode() for h, p in texts}
    expected = {**values, **({"prompt": "fox"} if prompt else {})}
    if method.startswith("stream"):
        expected["stream"] = True
    assert set(sent) == set(expected)
    assert all(str(sent[name]).lower() == str(value).lower() for name, value in expected.items())
