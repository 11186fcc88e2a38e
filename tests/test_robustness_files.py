"""Whatever is in a folder, and whatever happens while writing: every bad file is reported and the run goes
on, and ``fix --write`` never leaves a file half written. Real subprocesses, real files, real signals.
See docs/robustness.md."""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tonecheck import Checker

TONECHECK = str(Path(sys.executable).with_name("tonecheck"))
BLAME = "You never listen to me.\n"


def tonecheck(*args: str, cwd: Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run([TONECHECK, *args], cwd=cwd, capture_output=True, text=True, timeout=300, env=env, **kwargs)  # type: ignore[call-overload]


def test_a_folder_of_bad_files_reports_each_and_checks_the_rest(tmp_path: Path) -> None:
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "good.txt").write_text(BLAME)
    (drafts / "binary.txt").write_bytes(b"You never\x00listen\x00\x01\x02")
    (drafts / "latin1.txt").write_bytes("Caf\xe9. You never listen to me.\n".encode("latin-1"))
    (drafts / "utf16.txt").write_bytes(("Hello.\n" + BLAME).encode("utf-16"))  # with its BOM: readable
    (drafts / "loop.txt").symlink_to("loop.txt")
    (drafts / "dangling.txt").symlink_to("nowhere.txt")
    os.mkfifo(drafts / "fifo.txt")  # reading it would wait forever for a writer
    (drafts / "inner").mkdir()
    (drafts / "inner" / "back").symlink_to("..")  # a folder loop
    (drafts / "inner" / "also.txt").write_text(BLAME)
    result = tonecheck("check", "drafts", "--isolated", "--select", "BL01", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    rows = {row["path"]: row for row in json.loads(result.stdout)}
    errors = {Path(path).name: row["error"] for path, row in rows.items() if row.get("error")}
    assert errors["binary.txt"] == "binary file (contains NUL bytes)"
    assert "not UTF-8" in errors["latin1.txt"]
    assert "Too many levels of symbolic links" in errors["loop.txt"]
    assert "No such file" in errors["dangling.txt"]
    assert "not a regular file" in errors["fifo.txt"]
    assert "symlink loop" in errors["back"]
    found = {Path(path).name: row for path, row in rows.items() if not row.get("error")}
    assert set(found) == {"good.txt", "utf16.txt", "also.txt"}
    [utf16] = found["utf16.txt"]["findings"]
    assert (utf16["line"], utf16["column"], utf16["text"]) == (2, 1, "You never listen")


def test_two_thousand_tiny_files_with_bad_ones_among_them(tmp_path: Path) -> None:
    # benchmarks/batch.py --files 100000 runs the same at scale and measures its memory.
    drafts = tmp_path / "many"
    drafts.mkdir()
    for index in range(2000):
        (drafts / f"d{index:04}.txt").write_text(BLAME if index % 2 else "Thanks, see you soon.\n")
    for index in range(0, 2000, 250):
        (drafts / f"d{index:04}.txt").write_bytes(b"\x00\xff binary")
    result = tonecheck("check", "many", "--isolated", "--select", "BL01", "--format", "jsonl", cwd=tmp_path)
    assert result.returncode == 1, result.stderr[-2000:]
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 2000
    assert sum(bool(row.get("error")) for row in rows) == 8
    assert sum(len(row.get("findings", [])) for row in rows) == 1000


# --------------------------------------------------------------------------------------------------
# fix --write
# --------------------------------------------------------------------------------------------------

DRAFT = "Answer me right now!!!\n"


def _rewritten(checker: Checker, text: str) -> str:
    result = checker.rewrite(text)
    assert result.changed, "the fixture draft must have a safe change"
    return result.text


def test_fix_write_replaces_the_file_keeps_a_backup_and_leaves_no_temporary_file(
    tmp_path: Path, checker: Checker
) -> None:
    path = tmp_path / "draft.txt"
    path.write_text(DRAFT)
    result = tonecheck("fix", "--write", "draft.txt", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert path.read_text() == _rewritten(checker, DRAFT)
    assert (tmp_path / "draft.txt.bak").read_text() == DRAFT
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.txt", "draft.txt.bak"]


def _limit_file_size() -> None:
    # A full disk, for real: writes past 8 bytes fail with EFBIG (Python ignores SIGXFSZ).
    resource.setrlimit(resource.RLIMIT_FSIZE, (8, 8))


def test_a_write_that_fails_leaves_the_original_intact(tmp_path: Path) -> None:
    path = tmp_path / "draft.txt"
    path.write_text(DRAFT)
    result = tonecheck("fix", "--write", "--no-backup", "draft.txt", cwd=tmp_path, preexec_fn=_limit_file_size)
    assert result.returncode == 1
    assert "could not write" in result.stderr and "not changed" in result.stderr
    assert path.read_text() == DRAFT
    assert [p.name for p in tmp_path.iterdir()] == ["draft.txt"]  # the temporary file was removed


KILL_AT_RENAME = """
import os, signal, sys
from tonecheck.cli import app
def crash(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)  # the power goes out between writing the new text and the rename
os.replace = crash
app(["fix", "--write", sys.argv[1]])
"""


def test_a_crash_just_before_the_rename_leaves_the_original_intact(tmp_path: Path) -> None:
    path = tmp_path / "draft.txt"
    path.write_text(DRAFT)
    result = subprocess.run([sys.executable, "-c", KILL_AT_RENAME, str(path)], capture_output=True, timeout=300)
    assert result.returncode == -signal.SIGKILL
    assert path.read_text() == DRAFT
    leftovers = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert len(leftovers) == 1 and leftovers[0].name.startswith(".draft.txt.")  # hidden, never read as a draft


def test_killing_fix_write_at_any_moment_leaves_every_file_whole(tmp_path: Path, checker: Checker) -> None:
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    texts = [f"Hi {index}.\n{DRAFT}" for index in range(300)]
    for index, text in enumerate(texts):
        (drafts / f"d{index:03}.txt").write_text(text)
    process = subprocess.Popen([TONECHECK, "fix", "--write", "--no-backup", "drafts"], cwd=tmp_path)
    # Kill it once it has written some files, wherever it is.
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and process.poll() is None:
        written = sum(p.read_text() != texts[int(p.stem[1:])] for p in drafts.glob("d*.txt"))
        if written >= 5:
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    states = {"original": 0, "rewritten": 0}
    for path in drafts.glob("d*.txt"):
        text, original = path.read_text(), texts[int(path.stem[1:])]
        if text == original:
            states["original"] += 1
        else:
            assert text == _rewritten(checker, original), f"{path.name} is half written: {text!r}"
            states["rewritten"] += 1
    assert states["rewritten"] >= 5 and sum(states.values()) == 300


def test_a_read_only_file_is_reported_and_not_changed(tmp_path: Path) -> None:
    path = tmp_path / "draft.txt"
    path.write_text(DRAFT)
    path.chmod(0o444)
    result = tonecheck("fix", "--write", "draft.txt", cwd=tmp_path)
    assert result.returncode == 1
    assert "draft.txt: read-only, not changed" in result.stderr
    assert path.read_text() == DRAFT
    assert [p.name for p in tmp_path.iterdir()] == ["draft.txt"]


@pytest.mark.parametrize("content", [b"\x00\x01binary", "Caf\xe9!!!".encode("latin-1")], ids=["binary", "latin-1"])
def test_fix_skips_a_file_it_cannot_read_and_says_so(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "bad.txt").write_bytes(content)
    (tmp_path / "good.txt").write_text(DRAFT)
    result = tonecheck("fix", "--write", ".", cwd=tmp_path)
    assert (tmp_path / "bad.txt").read_bytes() == content
    assert (tmp_path / "good.txt").read_text() != DRAFT
    assert result.returncode == 1, result.stderr
    assert "bad.txt" in result.stderr
