from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from tonecheck import Checker


@pytest.fixture(scope="session")
def checker() -> Checker:
    """One real pipeline with the shipped rules for the whole run: loading the model is the slow part."""
    return Checker()


@pytest.fixture(scope="session")
def preview_checker() -> Checker:
    """The shipped rules with preview on (the preview rules' own examples run with it); a second model load,
    so ask for it only where a preview rule is under test."""
    return Checker(preview=True)


# --- A real `tonecheck serve` process (tests of the HTTP API, the page and the examples) --------------------


EXTENSION = Path(__file__).resolve().parents[1] / "integrations" / "browser"


def extension_origin() -> str:
    """The origin of the browser extension: Chromium derives its id from the manifest's public key
    (sha256, first 32 hex digits spelled a-p)."""
    key = base64.b64decode(json.loads((EXTENSION / "manifest.json").read_text(encoding="utf-8"))["key"])
    return "chrome-extension://" + "".join(chr(ord("a") + int(c, 16)) for c in hashlib.sha256(key).hexdigest()[:32])


EXTENSION_ORIGIN = extension_origin()


class Served:
    """A running `tonecheck serve`: its base URL, process and log (uvicorn writes to stderr)."""

    def __init__(self, url: str, process: subprocess.Popen[bytes], log: Path):
        self.url, self.process, self.log_path = url, process, log

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


# Generous: a start takes seconds on an idle machine, but the suite runs on two processes and a shared
# machine may be busy; the wait ends as soon as the server answers.
START_SECONDS = 180


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_server(*options: str) -> Iterator[Served]:
    """Start `tonecheck serve --port <free> *options` and wait until /healthz answers; stop it afterwards."""
    port = free_port()
    command = [str(Path(sys.executable).with_name("tonecheck")), "serve", "--port", str(port), *options]
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "serve.log"
        with log.open("wb") as sink:
            process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT)
        served = Served(f"http://127.0.0.1:{port}", process, log)
        try:
            deadline = time.monotonic() + START_SECONDS
            while True:
                if process.poll() is not None:
                    pytest.fail(f"tonecheck serve exited with {process.returncode}:\n{served.log()}")
                try:
                    if httpx.get(served.url + "/healthz", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    pytest.fail(f"tonecheck serve did not answer within {START_SECONDS} s:\n{served.log()}")
                time.sleep(0.1)
            yield served
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture(scope="session")
def server() -> Iterator[Served]:
    """One real server with the default settings for the whole run, allowing the browser extension's origin
    (tests/test_browser_extension.py) as a user of the extension starts it, so that test loads no second model."""
    with running_server("--cors-origin", EXTENSION_ORIGIN) as served:
        yield served


@pytest.fixture(scope="session")
def start_server() -> Callable[..., AbstractContextManager[Served]]:
    """`with start_server("--workers", "2") as served:` for a server with its own options."""
    return running_server


# --- Debian's Chromium driven by Playwright (tests/test_page.py, tests/test_browser_extension.py) -------------

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def unavailable(reason: str) -> None:
    """A browser test that cannot run skips on a developer's machine and fails in CI (CI=true), so a page or
    extension that is never tested cannot pass unnoticed."""
    if os.environ.get("CI"):
        pytest.fail(f"the browser tests cannot run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def playwright() -> Iterator[Any]:
    """Playwright for one test module, with Debian's Chromium (Playwright cannot download a browser here)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed (pip install -e '.[dev]')")
    if not Path(CHROMIUM).exists():
        unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as running:
        yield running
