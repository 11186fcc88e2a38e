"""Issue 12's hostile clients against a real `tonecheck serve` with short deadlines: a check past its timeout no
longer costs the others, slow or crowding connections are closed, bad framing, duplicate JSON keys and foreign
Host names are refused, the page forbids framing and foreign scripts. See docs/robustness.md."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest

from tonecheck.server.guard import duplicate_key, host_name
from tonecheck.server.settings import ServerSettings
from tonecheck.settings import Settings

HOSTILE = "You never listen to me. Answer me now!!! " * 1000  # 41 KB: a minute of rewriting, far past the timeout


@pytest.fixture(scope="module")
def strict(start_server) -> Iterator[object]:  # type: ignore[no-untyped-def]
    with start_server(
        "--timeout", "5", "--header-timeout", "1", "--body-timeout", "1", "--max-requests", "3",
        "--max-connections", "20", "--allowed-host", "tonecheck.test",
    ) as served:  # fmt: skip
        yield served


def _open(served) -> socket.socket:  # type: ignore[no-untyped-def]
    address = urlsplit(served.url)
    return socket.create_connection((address.hostname, address.port), timeout=10)


def _raw(served, request: bytes) -> bytes:  # type: ignore[no-untyped-def]
    """Send ``request`` and read until the server closes the connection (the socket timeout fails the test)."""
    with _open(served) as sock:
        sock.sendall(request)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
        return answer


def _closed_by_server(sock: socket.socket) -> bool:
    try:
        return sock.recv(65536) == b"" or True  # any answer followed by a close, or a bare close
    except (ConnectionResetError, TimeoutError):
        return False


def test_a_check_past_its_timeout_stops_costing_the_worker(strict) -> None:  # type: ignore[no-untyped-def]
    before = httpx.get(strict.url + "/healthz").json()["check_pid"]
    started = time.monotonic()
    slow = httpx.post(strict.url + "/v1/rewrite", json={"text": HOSTILE}, timeout=30)
    assert slow.status_code == 503 and slow.json()["error"] == "timeout"
    # The very next request is served, at once: the check process that was busy was killed, not waited for.
    # (--timeout 5, not 1: on a loaded machine a fresh check process can take a second to answer.)
    answer = httpx.post(strict.url + "/v1/check", json={"text": "You never listen to me."}, timeout=30)
    assert answer.status_code == 200, answer.text
    assert answer.json()["findings"]
    assert time.monotonic() - started < 15
    assert httpx.get(strict.url + "/healthz").json()["check_pid"] != before


def test_the_check_process_is_replaced_after_max_requests(strict) -> None:  # type: ignore[no-untyped-def]
    pids = set()
    for index in range(7):
        answer = httpx.post(strict.url + "/v1/check", json={"text": f"Unique word zq{index}x. Answer me now!"})
        assert answer.status_code == 200
        pids.add(httpx.get(strict.url + "/healthz").json()["check_pid"])
    assert len(pids) >= 2  # --max-requests 3: a fresh process (and a fresh vocabulary) every third check


def test_headers_that_never_end_are_cut_off(strict) -> None:  # type: ignore[no-untyped-def]
    with _open(strict) as sock:
        sock.sendall(b"POST /v1/check HTTP/1.1\r\nHost: localhost\r\nX-Slow: a")
        started = time.monotonic()
        for _ in range(30):  # one byte every 0.1 s: never idle, never done
            try:
                sock.sendall(b"a")
            except (BrokenPipeError, ConnectionResetError):
                break
            time.sleep(0.1)
        assert _closed_by_server(sock)
        assert time.monotonic() - started < 4


def test_a_body_that_never_comes_gets_408_and_the_connection_closed(strict) -> None:  # type: ignore[no-untyped-def]
    request = (
        b"POST /v1/check HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        b'Content-Length: 1000\r\n\r\n{"text": "You'
    )
    answer = _raw(strict, request)
    assert answer.startswith(b"HTTP/1.1 408"), answer


def test_a_crowd_of_slow_connections_cannot_lock_out_a_quick_one(strict) -> None:  # type: ignore[no-untyped-def]
    stalled = []
    try:
        for _ in range(40):  # twice --max-connections
            sock = _open(strict)
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: a")
            stalled.append(sock)
        assert httpx.get(strict.url + "/healthz", timeout=10).status_code == 200
        # The ones waiting longest for their headers made room: the oldest are closed by now.
        stalled[0].settimeout(5)
        try:
            closed = stalled[0].recv(100) == b""
        except ConnectionResetError:  # closed with bytes unread on the server's side: the kernel resets
            closed = True
        assert closed
    finally:
        for sock in stalled:
            sock.close()


def test_a_chunked_body_over_the_limit_is_refused_and_the_connection_closed(strict) -> None:  # type: ignore[no-untyped-def]
    chunk = b"a" * 16384
    with _open(strict) as sock:
        sock.sendall(b"POST /v1/check HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n")
        sock.sendall(b"Transfer-Encoding: chunked\r\n\r\n")
        try:
            for _ in range(16):  # 256 KB, four times the limit
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        except (BrokenPipeError, ConnectionResetError):
            pass
        answer = b""
        try:
            while piece := sock.recv(65536):  # the server closes: it will not read the rest of the upload
                answer += piece
        except ConnectionResetError:
            answer = answer or b"reset"  # closed with our upload unread: the kernel resets instead of FIN
    assert answer.startswith((b"HTTP/1.1 413", b"reset")), answer


def test_content_length_with_transfer_encoding_is_refused(strict) -> None:  # type: ignore[no-untyped-def]
    body = b'{"text": "hi"}'
    request = (
        b"POST /v1/check HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        b"Content-Length: %d\r\nTransfer-Encoding: chunked\r\n\r\n%x\r\n%s\r\n0\r\n\r\n" % (len(body), len(body), body)
    )
    answer = _raw(strict, request)
    assert answer.startswith(b"HTTP/1.1 400"), answer
    assert b"Transfer-Encoding" in answer


def test_duplicate_json_keys_are_refused(strict) -> None:  # type: ignore[no-untyped-def]
    body = b'{"text": "Thanks!", "text": "You never listen to me."}'
    answer = httpx.post(strict.url + "/v1/check", content=body, headers={"content-type": "application/json"})
    assert answer.status_code == 422
    assert answer.json()["error"] == "invalid_request" and "'text'" in answer.json()["message"]
    assert duplicate_key(b'{"a": {"b": 1, "b": 2}}') == "b"
    assert duplicate_key(b'{"a": 1, "b": 1}') is None


@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("localhost:{port}", 200),
        ("127.0.0.1:{port}", 200),
        ("[::1]:{port}", 200),
        ("LocalHost", 200),
        ("tonecheck.test:80", 200),  # added with --allowed-host
        ("evil.example:{port}", 400),  # a rebinding page's own name
        ("localhost.evil.example", 400),
        ("", 400),
    ],
)
def test_only_loopback_and_allowed_host_names_are_answered(strict, host: str, status: int) -> None:  # type: ignore[no-untyped-def]
    port = urlsplit(strict.url).port
    answer = httpx.get(strict.url + "/healthz", headers={"host": host.format(port=port)})
    assert answer.status_code == status, answer.text
    if status == 400:
        assert answer.json()["error"] == "host_not_allowed"
        assert "--allowed-host" in answer.json()["message"]


def test_host_names_lose_their_port() -> None:
    assert host_name(b"[::1]:8000") == "::1"
    assert host_name(b"Example.COM:80") == "example.com"
    assert host_name(b"example.com") == "example.com"
    assert host_name(b"::1") == "::1"


def test_the_page_forbids_framing_and_foreign_scripts(strict) -> None:  # type: ignore[no-untyped-def]
    answer = httpx.get(strict.url + "/")
    assert answer.headers["x-frame-options"] == "DENY"
    policy = answer.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "default-src 'none'" in policy
    assert "script-src 'sha256-" in policy and "unsafe-inline" not in policy


def test_rule_paths_with_colons_and_commas_reach_the_workers_whole() -> None:
    settings = ServerSettings(checker=Settings(rules=["/rules/r:x", "/rules/a,b"]), cors_origins=["https://a.example"])
    assert ServerSettings.from_env(settings.to_env()) == settings
