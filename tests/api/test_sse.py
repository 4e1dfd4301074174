"""The SSE decoder and the incremental base64 decoder, fed bytes split at awkward places."""

from __future__ import annotations

import base64
import json
import os
import random
from itertools import pairwise

import pytest

from imagewidgets.api import b64 as b64_module
from imagewidgets.api.b64 import Base64Decoder, decode_base64
from imagewidgets.api.sse import ServerSentEvent, SSEDecoder
from tests.support.api import event_payload, png, sse


@pytest.fixture(params=["pybase64", "binascii"], autouse=True)
def decoder(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test runs with the SIMD decoder and with the standard library's."""
    if request.param == "binascii":
        monkeypatch.setattr(b64_module, "_fast_decode", None)
    assert b64_module.decoder_name() == request.param
    return str(request.param)


def decode_all(chunks: list[bytes]) -> list[ServerSentEvent]:
    decoder = SSEDecoder()
    events = [event for chunk in chunks for event in decoder.feed(chunk)]
    return events + decoder.finish()


def cut(body: bytes, *points: int) -> list[bytes]:
    edges = [0, *sorted(points), len(body)]
    return [body[a:b] for a, b in pairwise(edges)]


IMAGE = os.urandom(300)  # 400 base64 characters: longer than the key's look-back
BODY = (
    sse(event_payload("image_generation.partial_image", IMAGE, 0))
    + b": keep-alive comment\n"
    + sse({"type": "image_generation.note", "text": "no image here"})
    + sse(event_payload("image_generation.completed", IMAGE[::-1]))
)


def check(events: list[ServerSentEvent]) -> None:
    assert [e.event for e in events] == [
        "image_generation.partial_image",
        "image_generation.note",
        "image_generation.completed",
    ]
    assert [e.image for e in events] == [IMAGE, None, IMAGE[::-1]]
    first = json.loads(events[0].data)
    assert first["b64_json"] == ""
    assert first["partial_image_index"] == 0
    assert json.loads(events[1].data) == {"type": "image_generation.note", "text": "no image here"}


def test_whole_body_in_one_chunk() -> None:
    check(decode_all([BODY]))


def test_every_single_split_point() -> None:
    for point in range(1, len(BODY)):
        check(decode_all(cut(BODY, point)))


def test_one_byte_at_a_time() -> None:
    check(decode_all([BODY[i : i + 1] for i in range(len(BODY))]))


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("seed", range(20))
def test_random_chunking_with_each_line_ending(newline: str, seed: int) -> None:
    image = png((40, 40), "blue")
    body = b"".join(
        sse(event_payload("image_edit.partial_image", image, i), newline=newline) for i in range(3)
    )
    rng = random.Random(seed)
    points = rng.sample(range(1, len(body)), 12)
    events = decode_all(cut(body, *points))
    assert [e.image for e in events] == [image] * 3
    assert [json.loads(e.data)["partial_image_index"] for e in events] == [0, 1, 2]


def test_crlf_split_between_cr_and_lf_is_one_line_end() -> None:
    body = sse({"type": "a"}, newline="\r\n") + sse({"type": "b"}, newline="\r\n")
    for point in [i + 1 for i, byte in enumerate(body) if byte == ord("\r")]:
        events = decode_all(cut(body, point))
        assert [e.event for e in events] == ["a", "b"]


def test_field_rules_comments_ids_and_multiline_data() -> None:
    body = b'id: 7\nretry: 100\n:comment\nevent:custom\ndata:{"a":\ndata: 1}\n\n'
    events = decode_all([body])
    assert events == [ServerSentEvent("custom", '{"a":\n1}', None)]


def test_blank_lines_without_data_dispatch_nothing() -> None:
    assert decode_all([b"\n\n: only a comment\n\nevent: lonely\n\n"]) == []


def test_done_line_is_an_ordinary_event_for_the_caller() -> None:
    assert decode_all([b"data: [DONE]\n\n"]) == [ServerSentEvent("", "[DONE]", None)]


def test_spaces_around_the_colon_of_the_key() -> None:
    body = b'data: {"type": "x", "b64_json"  :  "aGk=", "size": "1x1"}\n\n'
    for point in range(1, len(body)):
        (event,) = decode_all(cut(body, point))
        assert event.image == b"hi"
        assert json.loads(event.data) == {"type": "x", "b64_json": "", "size": "1x1"}


def test_key_quoted_inside_another_string_is_not_the_image() -> None:
    payload = {"type": "x", "revised_prompt": 'say "b64_json": "QUJD"', "b64_json": "aGk="}
    body = sse(payload)
    for point in range(1, len(body), 3):
        (event,) = decode_all(cut(body, point))
        assert event.image == b"hi"
        assert json.loads(event.data)["revised_prompt"] == 'say "b64_json": "QUJD"'


def test_escaped_slashes_in_base64_are_undone_at_any_split() -> None:
    data = bytes(range(256)) * 3
    text = base64.b64encode(data).decode().replace("/", "\\/")
    assert "\\/" in text
    body = b'data: {"b64_json": "' + text.encode() + b'"}\n\n'
    for point in range(1, len(body)):
        (event,) = decode_all(cut(body, point))
        assert event.image == data


def test_last_event_without_its_blank_line_is_kept_at_the_end() -> None:
    body = sse(event_payload("image_generation.completed", IMAGE))[:-1]
    (event,) = decode_all([body])
    assert event.image == IMAGE


@pytest.mark.parametrize(
    "body",
    [b'data: {"b64_json": "aGk=', b'data: {"type": "x"', b'data: {"b64_json": "aGk="}'],
)
def test_body_ending_mid_line_is_an_error(body: bytes) -> None:
    decoder = SSEDecoder()
    decoder.feed(body)
    with pytest.raises(ValueError, match="middle of an event"):
        decoder.finish()


@pytest.mark.parametrize(
    "value",
    [
        "aGk!",  # outside the alphabet
        "aGk=aGk=",  # data after padding
        "aGk",  # ends mid-group
        "a\\nGk=",  # a JSON escape other than \/
        "aGk=" * 100 + "a===",  # bad padding after a long run
    ],
)
def test_invalid_base64_spoils_only_its_event_at_any_split(value: str) -> None:
    bad = b'data: {"b64_json": "' + value.encode() + b'", "partial_image_index": 1}\n\n'
    body = bad + sse(event_payload("image_generation.completed", IMAGE))
    for point in range(1, len(body)):
        first, second = decode_all(cut(body, point))
        assert first.image is None
        assert "base64" in str(first.image_error)
        assert json.loads(first.data) == {"b64_json": "", "partial_image_index": 1}
        assert (second.image, second.image_error) == (IMAGE, None)


def test_data_line_ending_inside_the_image_string_is_malformed() -> None:
    body = b'data: {"type": "x", "b64_json": "aGk=\n\ndata: {}\n\n'
    for point in range(1, len(body)):
        with pytest.raises(ValueError, match="malformed event"):
            decode_all(cut(body, point))


@pytest.mark.parametrize("size", [0, 1, 2, 3, 4, 5, 299, 3000])
def test_base64_decoder_pieces_of_every_length(size: int) -> None:
    data = os.urandom(size)
    text = base64.b64encode(data)
    for piece in (1, 2, 3, 5, 7, 64):
        decoder = Base64Decoder()
        for start in range(0, len(text), piece):
            decoder.feed(text, start, min(start + piece, len(text)))
        assert decoder.finish() == data
    assert decode_base64(text.decode()) == data


def test_decode_base64_refuses_non_ascii() -> None:
    with pytest.raises(ValueError, match="non-ASCII"):
        decode_base64("aGé=")
