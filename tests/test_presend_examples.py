"""The pre-send examples run as a user would run them, so none of them rots: the console chat with Python,
the curl script with bash, the fetch client with Node, the last two against the real server."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is needed to run examples/ in CI")
        pytest.skip(f"{name} is not installed")
    return path


def test_the_console_chat_sends_gentle_messages_and_holds_blaming_ones() -> None:
    lines = "Call me ASAP, thanks!\nhope you are well!\n\nYou never listen to me.\n"
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / "presend_app.py")], input=lines, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "  sent: hope you are well!" in out
    # Pressuring is shown for review but not blocked by the example's policy; blaming is held back.
    assert "  sent: Call me ASAP, thanks!" in out
    assert "  held back (revise): You never listen to me." in out
    assert out.rstrip().endswith("2 sent, 1 held back")
    # The flagged words are underlined where they are.
    lines_out = out.splitlines()
    shown = lines_out.index("    You never listen to me.")
    assert lines_out[shown + 1].startswith("    " + "^" * len("You never listen"))


def test_the_node_client_asks_the_server(server) -> None:
    node = _tool("node")
    drafts = ["Call me ASAP.", "hope you're well!"]
    result = subprocess.run(
        [node, str(EXAMPLES / "presend_client.js"), *drafts],
        env={**os.environ, "TONECHECK_URL": server.url},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[0] in ("review", "revise") and lines[0].endswith("Call me ASAP.")
    assert any('"ASAP"' in line and "pressuring" in line and "[8, 12)" in line for line in lines)
    assert lines[-1].split()[0] == "send" and lines[-1].endswith("hope you're well!")


def test_the_node_client_reports_server_errors(server) -> None:
    node = _tool("node")
    script = f"require({json.dumps(str(EXAMPLES / 'presend_client.js'))}).presend('x'.repeat(70000), "
    script += f"{{baseUrl: {json.dumps(server.url)}}}).catch((e) => {{ console.log(e.message); }});"
    result = subprocess.run([node, "-e", script], capture_output=True, text=True, timeout=60)
    assert result.stdout.startswith("413 too_large:"), result.stdout + result.stderr


def test_the_curl_script_runs_every_call(server) -> None:
    _tool("curl")
    result = subprocess.run(
        ["bash", str(EXAMPLES / "presend_http.sh")],
        env={**os.environ, "TONECHECK_URL": server.url},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    answers = [json.loads(line) for line in out.splitlines() if line.startswith('{"schema_version"')]
    assert answers[0]["verdict"] in ("review", "revise")
    assert answers[1]["verdict"] == "review"  # pressuring only, and the policy lets only blaming block
    assert '"status":"ok"' in out
    assert out.rstrip().endswith("HTTP 422")


def test_the_console_chat_asks_at_a_terminal() -> None:
    """Typed at a real terminal (a pty), a flagged message waits for the writer's choice."""
    import pty
    import select

    pid, fd = pty.fork()
    if pid == 0:  # the child: the example, with the pty as its terminal
        os.execv(sys.executable, [sys.executable, str(EXAMPLES / "presend_app.py")])
    seen = b""

    def until(needle: bytes, timeout: float = 120) -> None:
        nonlocal seen
        deadline = time.monotonic() + timeout
        while needle not in seen:
            left = deadline - time.monotonic()
            assert left > 0, f"never saw {needle!r} in {seen.decode(errors='replace')!r}"
            if select.select([fd], [], [], left)[0]:
                try:
                    seen += os.read(fd, 4096)
                except OSError:
                    break
        assert needle in seen, seen.decode(errors="replace")

    try:
        until(b"you> ")
        os.write(fd, b"You never listen to me.\n")
        until(b"[s]end anyway")
        os.write(fd, b"d\n")
        until(b"held back (revise): You never listen to me.")
        os.write(fd, b"Call me ASAP.\n")
        until(b"[s]end anyway")
        os.write(fd, b"s\n")
        until(b"sent: Call me ASAP.")
        os.write(fd, b"\n")
        until(b"1 sent, 1 held back")
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)  # a no-op once it has exited; never leaves it waiting on input
        os.waitpid(pid, 0)
        os.close(fd)
