"""What every request passes before the app sees it, as plain ASGI middleware (Starlette has none of these).

- **Host**: only the names in ``allowed_hosts`` (loopback names by default) are answered; any other ``Host``
  gets 400. A loopback server is otherwise open to DNS rebinding: a web page whose name resolves to
  127.0.0.1 could read the API from the user's browser.
- **Framing**: ``Content-Length`` together with ``Transfer-Encoding`` is refused (400) rather than trusting
  either, which is how request smuggling starts behind a proxy that picks the other one.
- **Size**: a declared ``Content-Length`` over the cap is refused at once, and a chunked body as soon as it
  passes the cap, so an oversized upload is never held in memory whole. The refusal closes the connection:
  otherwise the server would go on reading the rest of the upload to find the next request.
- **Time**: the whole body must arrive within ``body_timeout`` seconds (408, connection closed); a client
  trickling a body cannot hold a connection and a request slot for ever. (Headers are timed by
  ``tonecheck.server.protocol``.)
- **Duplicate JSON keys** (``{"text": "a", "text": "b"}``) get 422: JSON parsers disagree on which one wins,
  so a proxy that vetted the first could pass the second.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send


def host_name(header: bytes) -> str:
    """``Host`` without its port, lower case: ``[::1]:8000`` -> ``::1``, ``Example.com:80`` -> ``example.com``."""
    host = header.decode("latin-1").strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    if host.count(":") > 1:
        return host  # a bare IPv6 address (as written in --allowed-host), no port
    name, colon, port = host.rpartition(":")
    return name if colon and port.isdigit() else host


class _DuplicateKey(ValueError):
    pass


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise _DuplicateKey(key)
        seen[key] = value
    return seen


def duplicate_key(body: bytes) -> str | None:
    """The first key a JSON object in ``body`` repeats; ``None`` if none does or the body is not JSON (the
    app's own parser reports that)."""
    try:
        json.loads(body, object_pairs_hook=_refuse_duplicates)
    except _DuplicateKey as exc:
        return str(exc)
    except (ValueError, RecursionError):
        return None
    return None


class RequestGuard:
    def __init__(self, app: ASGIApp, *, max_bytes: int, allowed_hosts: Sequence[str], body_timeout: float) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.any_host = "*" in allowed_hosts
        self.allowed_hosts = {host_name(host.encode()) for host in allowed_hosts}
        self.body_timeout = body_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers: dict[bytes, bytes] = {}
        for name, value in scope["headers"]:
            if name in headers and name in (b"host", b"content-length", b"transfer-encoding"):
                await _refuse(send, 400, "bad_request", f"more than one {name.decode()} header")
                return
            headers[name] = value
        if not self.any_host and host_name(headers.get(b"host", b"")) not in self.allowed_hosts:
            await _refuse(
                send,
                400,
                "host_not_allowed",
                "this server does not answer to that Host name; start it with --allowed-host NAME to add it",
            )
            return
        if b"content-length" in headers and b"transfer-encoding" in headers:
            await _refuse(send, 400, "bad_request", "Content-Length together with Transfer-Encoding is refused")
            return
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._too_large(send)
            return
        messages: list[Message] = []
        body = bytearray()
        try:
            async with asyncio.timeout(self.body_timeout):
                while True:
                    message = await receive()
                    messages.append(message)
                    if message["type"] != "http.request":
                        break
                    body += message.get("body", b"")
                    if len(body) > self.max_bytes:
                        await self._too_large(send)
                        return
                    if not message.get("more_body", False):
                        break
        except TimeoutError:
            await _refuse(send, 408, "timeout", f"the body did not arrive within {self.body_timeout:g} s")
            return
        if body and b"json" in headers.get(b"content-type", b""):
            repeated = duplicate_key(bytes(body))
            if repeated is not None:
                message_text = f"the key {repeated!r} appears twice in one JSON object"
                await _refuse(
                    send, 422, "invalid_request", message_text, fields=[{"field": "body", "message": message_text}]
                )
                return

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)

    async def _too_large(self, send: Send) -> None:
        await _refuse(send, 413, "too_large", f"the request body is over the {self.max_bytes}-byte limit")


async def _refuse(send: Send, status: int, code: str, message: str, **extra: Any) -> None:
    """An error answer that also closes the connection: whatever the client sends next is not read."""
    body = json.dumps({"error": code, "message": message, **extra}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
