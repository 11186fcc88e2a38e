"""Checks run in a child process that can be killed, so no request can cost the service more than its timeout.

A thread cannot be stopped: a check that ran past its timeout used to go on running on the server's only check
thread, and every request behind it got 503 until it ended (minutes, for a hostile draft). Here each server
worker forks one *check process* after its Checker is loaded (fork shares the loaded model copy-on-write, so
a new one is ready in milliseconds, not the seconds a model load takes). Requests are sent to it one at a time
over a pipe. When one runs past its timeout the check process is killed and a fresh one forked for the next
request.

The same recycling bounds memory: spaCy's StringStore keeps every new string it has seen, so a process that
checks unique words grows without end. A check process is replaced after ``max_requests`` checks or once its
resident memory passes ``max_memory_mb`` (as gunicorn's ``max_requests`` does for whole workers); the server
process itself never checks after its warm-up, so it stays the size it had after loading.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import signal
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

from ..api import Checker

T = TypeVar("T")
Task = Callable[..., Any]


class CheckTimeout(Exception):
    """The check (queueing included) took longer than the timeout; the check process was replaced."""


class CheckCrashed(Exception):
    """The check process died while checking (killed from outside, out of memory); a new one takes over."""


def resident_mb() -> float:
    """This process's resident memory in MB (Linux ``/proc``; 0 where unknown, which never recycles)."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            pages = int(statm.read().split()[1])
    except (OSError, ValueError, IndexError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _serve(checker: Checker, conn: Connection) -> None:
    """The check process: answer (task, kwargs) messages until the pipe closes."""
    # uvicorn's signal handlers write to a wakeup pipe shared with the server process; a Ctrl+C reaching this
    # process must not look like a second one to the server, which stops this process itself.
    signal.set_wakeup_fd(-1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # A forked process holds a copy of every descriptor the server had open: client sockets would stay open
    # (no FIN when the server closes them) and the listening socket bound, for as long as this process lives.
    keep = conn.fileno()
    os.closerange(3, keep)
    os.closerange(keep + 1, max(keep + 2, os.sysconf("SC_OPEN_MAX")))
    while True:
        try:
            task, kwargs = conn.recv()
        except (EOFError, OSError):
            os._exit(0)  # the server is gone
        try:
            answer: tuple[str, Any] = ("ok", task(checker, **kwargs))
        except Exception as exc:  # sent back, raised in the server as a ValueError
            answer = ("error", f"{type(exc).__name__}: {exc}")
        conn.send((*answer, resident_mb()))


class CheckProcess:
    """One check process at a time, forked on demand; ``run`` sends it a task and waits at most ``timeout``."""

    def __init__(self, checker: Checker, *, max_requests: int, max_memory_mb: float) -> None:
        self.checker = checker
        self.max_requests = max_requests
        self.max_memory_mb = max_memory_mb
        self.lock = asyncio.Lock()
        self.process: BaseProcess | None = None
        self.conn: Connection | None = None
        self.served = 0
        self._pending: Any = None  # the reader thread's recv, which must end before its pipe is closed
        self.started = 0  # check processes forked so far (the tests and the soak benchmark read it)
        self._reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tonecheck-recv")

    def _start(self) -> None:
        context = multiprocessing.get_context("fork")
        ours, theirs = context.Pipe()
        process = context.Process(target=_serve, args=(self.checker, theirs), daemon=True, name="tonecheck-check")
        process.start()
        theirs.close()
        self.process, self.conn, self.served = process, ours, 0
        self.started += 1

    def stop(self) -> None:
        """Kill the check process (SIGKILL: it may be deep inside a check) and reap it."""
        process, conn = self.process, self.conn
        self.process = self.conn = None
        if process is not None and process.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(process.pid, signal.SIGKILL)
            process.join()
        pending, self._pending = self._pending, None
        if pending is not None:
            # The child is dead, so the recv ends (EOF) at once; only then may the descriptor be closed and
            # its number reused by the next pipe.
            with contextlib.suppress(Exception):  # EOFError, expected
                pending.result(timeout=5)
        if conn is not None:
            conn.close()

    def close(self) -> None:
        self.stop()
        self._reader.shutdown(wait=False, cancel_futures=True)

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    async def run(self, task: Task, timeout: float, **kwargs: Any) -> Any:
        """``task(checker, **kwargs)`` in the check process. Raises ``CheckTimeout`` after ``timeout`` seconds,
        queueing included; a check cut off while running takes its process with it."""
        running = False
        try:
            async with asyncio.timeout(timeout):
                async with self.lock:
                    if self.process is None or not self.process.is_alive():
                        self.stop()
                        self._start()
                    assert self.conn is not None
                    conn = self.conn
                    running = True
                    conn.send((task, kwargs))
                    try:
                        self._pending = self._reader.submit(conn.recv)
                        status, value, memory = await asyncio.wrap_future(self._pending)
                        self._pending = None
                    except (EOFError, OSError):
                        self.stop()
                        raise CheckCrashed from None
                    running = False
                    self.served += 1
                    if self.served >= self.max_requests or memory > self.max_memory_mb:
                        self.stop()  # the next request forks a fresh one from the server's clean copy
        except TimeoutError:
            if running:
                self.stop()
            raise CheckTimeout from None
        if status == "error":
            raise ValueError(value)
        return value


# The tasks a check process runs: module-level functions, so that they pass through the pipe by name.


def check_task(checker: Checker, text: str, select: list[str] | None, ignore: list[str] | None) -> Any:
    return checker.check(text, select=select, ignore=ignore)


def presend_task(
    checker: Checker, text: str, policy: Any, select: list[str] | None, ignore: list[str] | None, rewrite: bool
) -> Any:
    return checker.presend(text, policy, select=select, ignore=ignore, suggest_rewrite=rewrite)


def rewrite_task(
    checker: Checker, text: str, select: list[str] | None, ignore: list[str] | None, include_review: bool
) -> Any:
    from ..rewrite.rewrite import rewrite

    def check(draft: str) -> Any:
        return checker.check(draft, select=select, ignore=ignore)

    return rewrite(text, check, include_review=include_review)
