"""Answers that hold no usable image, and error pages that are not the service's JSON: each is a
typed error that says, in a few plain words, what was sent."""

from __future__ import annotations

import httpx
import pytest

from imagewidgets.api.errors import InternalServerError, ResponseError
from imagewidgets.api.wording import doubled_punctuation
from tests.support.api import Server, b64, png

NGINX_502 = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n"
    "</html>\r\n" + "<!-- a padding comment to defeat browser error pages -->\r\n" * 6
)


def answer(body: object) -> httpx.Response:
    return httpx.Response(200, json=body, headers={"x-request-id": "req_odd"})


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ({"created": 1, "data": []}, 'no images ("data": []) though 2 were asked for'),
        ({"created": 1}, 'no images (no "data") though 2 were asked for'),
        ({"created": 1, "data": "none"}, 'no images ("data": "none")'),
        ({"created": 1, "data": [None]}, "the image is unusable: it is null instead of an"),
        (
            {"created": 1, "data": [{"b64_json": b64(png())}, 7]},
            "image 2 of 2 is unusable: it is 7",
        ),
        ({"created": 1, "data": [{"revised_prompt": "x"}]}, "nor url (revised_prompt)"),
        ({"created": 1, "data": [{"b64_json": b64(b"junk")}]}, "not a readable image (4 bytes"),
        ({"created": 1, "data": [{"b64_json": "!!!!"}]}, "the image is unusable: invalid base64"),
        (["a list"], "JSON that is not an object"),
    ],
)
async def test_an_answer_without_usable_images_is_a_typed_error(body: object, said: str) -> None:
    server = Server(answer(body))
    with pytest.raises(ResponseError) as caught:
        await server.client().generate("fox", model="gpt-image-2", n=2)
    assert said in str(caught.value)
    assert caught.value.request_id == "req_odd"
    assert ". Try again" in str(caught.value)
    assert str(caught.value).endswith(". (request id req_odd)")
    assert len(server.requests) == 1  # the service answered: not sent again
    assert doubled_punctuation(str(caught.value)) == []


@pytest.mark.parametrize("bad", [None, 7, {"b64_json": "!!!!"}, {"b64_json": b64(b"junk")}])
async def test_the_usable_images_of_a_partly_unusable_answer_are_kept(bad: object) -> None:
    good = {"b64_json": b64(png(colour="blue"))}
    server = Server(answer({"created": 1, "data": [bad, good, good]}))
    with pytest.raises(ResponseError) as caught:
        await server.client().generate("fox", model="gpt-image-2", n=3)
    message = str(caught.value)
    assert message.startswith("The service's answer for image 1 of 3 is unusable: ")
    assert "the other 2 arrived and are kept. Try again for the missing image." in message
    assert [image.index for image in caught.value.images] == [1, 2]
    assert all(image.request_id == "req_odd" for image in caught.value.images)
    assert doubled_punctuation(message) == []


async def test_an_answer_that_is_not_json_says_so_and_keeps_the_request_id() -> None:
    server = Server(httpx.Response(200, text="OK", headers={"x-request-id": "req_t"}))
    with pytest.raises(ResponseError, match=r"not JSON \(2 bytes, starting b'OK'\)") as caught:
        await server.client().generate("fox", model="gpt-image-2")
    assert caught.value.request_id == "req_t"


async def test_a_proxys_html_error_page_is_named_by_its_title_not_quoted() -> None:
    page = httpx.Response(502, text=NGINX_502, headers={"content-type": "text/html"})
    with pytest.raises(InternalServerError) as caught:
        await Server(page).client(max_retries=0).generate("fox", model="gpt-image-2")
    message = str(caught.value)
    assert "the proxy/server answered with an HTML error page (502 Bad Gateway)." in message
    assert "\\r" not in message
    assert "<" not in message
    assert "nginx" not in message
    assert len(message) < 200
    assert doubled_punctuation(message) == []


@pytest.mark.parametrize(
    ("status", "text", "content_type", "said"),
    [
        (504, "<html><body>gone</body></html>", "text/html", "HTML error page (504 Gateway"),
        (503, "<!DOCTYPE html><title>Down &amp; out.</title>", "", "HTML error page (Down & out)"),
        (500, "upstream\r\n  connect error  ", "text/plain", "the response was: upstream connect"),
        (500, "", "text/plain", "the response had no body"),
        (500, "x" * 500, "text/plain", "the response was: " + "x" * 199 + "…"),
    ],
)
async def test_error_bodies_that_are_not_json(
    status: int, text: str, content_type: str, said: str
) -> None:
    response = httpx.Response(status, text=text, headers={"content-type": content_type})
    with pytest.raises(InternalServerError) as caught:
        await Server(response).client(max_retries=0).generate("fox", model="gpt-image-2")
    assert said in str(caught.value)
    assert doubled_punctuation(str(caught.value)) == []
