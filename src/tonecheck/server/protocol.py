"""uvicorn's h11 protocol with a deadline for request headers and a cap on open connections.

uvicorn closes idle keep-alive connections, but a client that sends its headers a byte at a time (or never
ends them) is kept for ever: 1,100 such connections used up the process's file descriptors and ``/healthz``
stopped answering. Here a connection must deliver complete headers within ``header_timeout`` seconds of
connecting (or of its previous response), or it is closed; and past ``max_connections`` open connections the
one waiting longest for its headers is closed to make room, so a crowd of slow clients cannot lock out a
quick one. (The body's deadline is kept by ``tonecheck.server.guard``.)
"""

from __future__ import annotations

import asyncio
from functools import lru_cache
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

from .settings import ServerSettings


@lru_cache(maxsize=1)
def _settings() -> ServerSettings:
    return ServerSettings.from_env()


class GuardedH11Protocol(H11Protocol):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        settings = _settings()
        self.header_timeout = settings.header_timeout
        self.max_connections = settings.max_connections
        self.header_deadline: asyncio.TimerHandle | None = None
        self.waiting_since = 0.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._await_headers()
        if len(self.connections) > self.max_connections:
            waiting = [c for c in self.connections if isinstance(c, GuardedH11Protocol) and c.header_deadline]
            oldest = min(waiting, key=lambda c: c.waiting_since, default=self)
            oldest.transport.close()

    def _await_headers(self) -> None:
        if self.header_deadline is None:
            self.waiting_since = self.loop.time()
            self.header_deadline = self.loop.call_later(self.header_timeout, self._headers_too_slow)

    def _headers_too_slow(self) -> None:
        self.header_deadline = None
        if not self.transport.is_closing():
            self.transport.close()

    def _headers_arrived(self) -> None:
        if self.header_deadline is not None:
            self.header_deadline.cancel()
            self.header_deadline = None

    def data_received(self, data: bytes) -> None:
        if self.cycle is None or self.cycle.response_complete:
            self._await_headers()  # a new request begins on a kept-alive connection
        cycle = self.cycle
        super().data_received(data)
        if self.cycle is not cycle:
            self._headers_arrived()

    def connection_lost(self, exc: Exception | None) -> None:
        self._headers_arrived()
        super().connection_lost(exc)
