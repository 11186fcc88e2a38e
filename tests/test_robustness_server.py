"""Hostile HTTP clients against a real `tonecheck serve`: many at once, slow ones, odd bodies. Every request gets
a clear answer and the worker survives. The 20,000-request soak is benchmarks/server_soak.py.
See docs/robustness.md."""

from __future__ import annotations

import asyncio
import socket
import time
from urllib.parse import urlsplit

import httpx
import pytest

DRAFTS = ["You never listen to me.", "Answer me right now!!!", "I felt hurt when you didn't call.", "Thanks!"]


def _alive(server) -> None:  # type: ignore[no-untyped-def]
    assert server.process.poll() is None, server.log()
    answer = httpx.post(server.url + "/v1/check", json={"text": "You never listen to me."}, timeout=60)
    assert answer.status_code == 200, answer.text
    assert [f["rule_id"] for f in answer.json()["findings"]][:1] == ["BL01"]


def test_200_concurrent_connections_all_get_an_answer(server) -> None:  # type: ignore[no-untyped-def]
    async def burst() -> list[httpx.Response]:
        limits = httpx.Limits(max_connections=200, max_keepalive_connections=0)
        async with httpx.AsyncClient(base_url=server.url, limits=limits, timeout=120) as client:
            return await asyncio.gather(
                *(client.post("/v1/check", json={"text": DRAFTS[i % len(DRAFTS)]}) for i in range(200))
            )

    answers = asyncio.run(burst())
    codes = [answer.status_code for answer in answers]
    assert set(codes) <= {200, 503}, codes
    assert codes.count(200) >= 100, codes  # a queued check may time out (503), but most are served
    assert all(answer.json()["error"] == "timeout" for answer in answers if answer.status_code == 503)
    _alive(server)


def _open(server) -> socket.socket:  # type: ignore[no-untyped-def]
    address = urlsplit(server.url)
    return socket.create_connection((address.hostname, address.port), timeout=30)


def test_slow_clients_do_not_stop_the_others(server) -> None:  # type: ignore[no-untyped-def]
    stalled = []
    try:
        for index in range(50):
            sock = _open(server)
            if index % 2:  # headers sent, then a body that never comes
                sock.sendall(
                    b"POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    b'Content-Length: 1000\r\n\r\n{"text": "You'
                )
            else:  # headers that never end, one byte at a time
                sock.sendall(b"POST /v1/check HTTP/1.1\r\nHost: x\r\nX-Slow: a")
            stalled.append(sock)
        for _ in range(3):
            for sock in stalled[::2]:
                sock.sendall(b"a")
            _alive(server)
    finally:
        for sock in stalled:
            sock.close()
    _alive(server)


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b'{"text": "caf\xe9 You never listen"}', 400),  # not UTF-8
        (b'{"text": ' + b"[" * 20_000 + b"]" * 20_000 + b"}", 400),  # nested past the JSON parser's stack
        (b"[" * 30_000 + b"]" * 30_000, 400),
        (b'{"text": 1' + b"0" * 5_000 + b"}", 400),  # a number too long to convert
        (b"", 422),
        (b'{"text": "You never listen"', 422),
    ],
    ids=["latin-1", "deep-text", "deep", "huge-number", "empty", "truncated"],
)
def test_malformed_bodies_get_a_4xx_not_a_crash(server, body: bytes, status: int) -> None:  # type: ignore[no-untyped-def]
    answer = httpx.post(
        server.url + "/v1/check", content=body, headers={"content-type": "application/json"}, timeout=60
    )
    assert answer.status_code == status, answer.text
    _alive(server)


def test_a_lone_surrogate_in_the_json_comes_back_as_a_replacement_character(server) -> None:  # type: ignore[no-untyped-def]
    text = "You never \ud800 listen to me. You never listen to me."
    body = b'{"text": "You never \\ud800 listen to me. You never listen to me."}'
    answer = httpx.post(
        server.url + "/v1/check", content=body, headers={"content-type": "application/json"}, timeout=60
    )
    assert answer.status_code == 200, answer.text
    assert b"\\ud800" not in answer.content
    answer.content.decode("utf-8")  # strict
    findings = answer.json()["findings"]
    assert any(f["rule_id"] == "BL01" and f["start"] == text.rindex("You never") for f in findings), findings
    covering = [f for f in findings if f["start"] <= 10 < f["end"]]
    assert covering and all(f["text"][10 - f["start"]] == "\ufffd" for f in covering), findings


def test_a_hostile_draft_under_the_body_limit_gets_an_answer_and_the_server_recovers(server) -> None:  # type: ignore[no-untyped-def]
    answer = httpx.post(server.url + "/v1/check", json={"text": "! " * 25_000}, timeout=120)
    assert answer.status_code in (200, 503), answer.text
    deadline = time.monotonic() + 120
    while True:  # a check already running cannot be interrupted; the next ones are served once it ends
        answer = httpx.post(server.url + "/v1/check", json={"text": "You never listen to me."}, timeout=60)
        if answer.status_code == 200 or time.monotonic() > deadline:
            break
    assert answer.status_code == 200, answer.text
    _alive(server)
