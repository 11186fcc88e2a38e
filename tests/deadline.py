"""Run a test's work in a forked child with a deadline, so that code which would hang (a backtracking regex
holding the GIL, a FIFO that never opens) makes the test fail in seconds instead of never ending."""

from __future__ import annotations

import multiprocessing
import resource
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

T = TypeVar("T")

# What these tests bound takes milliseconds when it works, and minutes to for ever when it does not.
DEADLINE_S = 20


def in_a_child_process(task: Callable[[], T], seconds: float) -> T:
    """``task()`` in a forked copy of this process (the model shared, nothing to reload); if it has not
    answered within ``seconds``, the child is killed and the test fails instead of hanging. The child may map
    at most 1 GB more than it starts with, so a task that reads without end fails with MemoryError."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def run() -> None:
        mapped = int(Path("/proc/self/statm").read_text().split()[0]) * resource.getpagesize()
        resource.setrlimit(resource.RLIMIT_AS, (mapped + 2**30, resource.getrlimit(resource.RLIMIT_AS)[1]))
        try:
            send.send((True, task()))
        except BaseException as exc:  # the parent reports it
            send.send((False, f"{type(exc).__name__}: {exc}"))

    child = context.Process(target=run, daemon=True)
    child.start()
    try:
        if not receive.poll(seconds):
            pytest.fail(f"did not finish in {seconds} s (killed)")
        ok, value = receive.recv()
    finally:
        child.kill()
        child.join()
    if not ok:
        pytest.fail(value)
    return value  # type: ignore[no-any-return]
