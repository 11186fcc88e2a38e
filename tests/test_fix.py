"""``tonecheck fix`` through the real command line, on real files."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

TONECHECK = str(Path(sys.executable).with_name("tonecheck"))

HARSH = "Hey.\nYou hurt me by ignoring my calls.\n\nCall me tonight.\n"
GENTLE = "Hey.\nI felt hurt when you ignored my calls.\n\nCould you call me tonight?\n"
CLEAN = "Hope your week is going well. Talk soon!\n"


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([TONECHECK, "fix", *args], capture_output=True, text=True, input=stdin, timeout=120)


@pytest.fixture
def drafts(tmp_path: Path) -> Path:
    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / "harsh.txt").write_text(HARSH, encoding="utf-8")
    (folder / "clean.md").write_text(CLEAN, encoding="utf-8")
    return folder


def test_shows_a_diff_and_changes_nothing(drafts: Path) -> None:
    before = {p.name: p.read_bytes() for p in drafts.iterdir()}
    result = run(str(drafts))
    assert result.returncode == 1, result.stderr
    harsh = drafts / "harsh.txt"
    assert f"--- a/{harsh}" in result.stdout and f"+++ b/{harsh}" in result.stdout
    assert "-You hurt me by ignoring my calls." in result.stdout
    assert "+I felt hurt when you ignored my calls." in result.stdout
    assert "+Could you call me tonight?" in result.stdout
    assert "clean.md" not in result.stdout
    assert {p.name: p.read_bytes() for p in drafts.iterdir()} == before


def test_write_replaces_atomically_keeps_a_backup_and_is_idempotent(drafts: Path) -> None:
    harsh, clean = drafts / "harsh.txt", drafts / "clean.md"
    harsh_inode, clean_stat = harsh.stat().st_ino, clean.stat()

    first = run("--write", str(drafts))
    assert first.returncode == 0, first.stderr
    assert harsh.read_text(encoding="utf-8") == GENTLE
    assert (drafts / "harsh.txt.bak").read_text(encoding="utf-8") == HARSH
    # a new file renamed into place (os.replace), not the old one rewritten in place; no temp file left
    assert harsh.stat().st_ino != harsh_inode
    assert sorted(p.name for p in drafts.iterdir()) == ["clean.md", "harsh.txt", "harsh.txt.bak"]
    # the file with nothing to change was never touched
    assert (clean.stat().st_ino, clean.stat().st_mtime_ns) == (clean_stat.st_ino, clean_stat.st_mtime_ns)

    rewritten_stat = harsh.stat()
    second = run("--write", str(drafts))
    assert second.returncode == 0, second.stderr
    assert "0 file(s) rewritten" in second.stderr
    assert (harsh.stat().st_ino, harsh.stat().st_mtime_ns) == (rewritten_stat.st_ino, rewritten_stat.st_mtime_ns)
    assert (drafts / "harsh.txt.bak").read_text(encoding="utf-8") == HARSH
    assert run(str(drafts)).returncode == 0  # and the diff is now empty


def test_no_backup_and_windows_line_endings_kept(tmp_path: Path) -> None:
    draft = tmp_path / "crlf.txt"
    draft.write_bytes(HARSH.replace("\n", "\r\n").encode("utf-8"))
    result = run("--write", "--no-backup", str(draft))
    assert result.returncode == 0, result.stderr
    assert draft.read_bytes() == GENTLE.replace("\n", "\r\n").encode("utf-8")
    assert not (tmp_path / "crlf.txt.bak").exists()


def test_read_only_file_is_reported_not_changed(tmp_path: Path) -> None:
    draft = tmp_path / "locked.txt"
    draft.write_text(HARSH, encoding="utf-8")
    draft.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    try:
        result = run("--write", str(draft))
        assert result.returncode == 1
        assert f"{draft}: read-only, not changed" in result.stderr
        assert draft.read_text(encoding="utf-8") == HARSH
        assert not (tmp_path / "locked.txt.bak").exists()
        assert stat.S_IMODE(draft.stat().st_mode) == 0o444
    finally:
        os.chmod(draft, 0o644)


def test_stdin_prints_the_rewrite() -> None:
    result = run("-", stdin="You made me so angry last night.")
    assert result.stdout == "I felt so angry last night."


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    result = run(str(tmp_path / "nope.txt"))
    assert result.returncode == 2
    assert "no such file" in result.stderr


def test_reads_what_check_reads_and_says_the_same_about_a_bad_file(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    latin = folder / "latin.txt"
    latin.write_bytes(("Café tonight.\n" + HARSH).encode("latin-1"))
    (folder / "chat.jsonl").write_text(
        '{"text": "You made me so angry last night."}\n{"text": "See you soon."}\n', encoding="utf-8"
    )
    (folder / "mail.eml").write_text(
        "From: a@example.com\nSubject: hi\n\nYou made me so angry last night.\n\n> You never call.\n", encoding="utf-8"
    )
    fixed = run(str(folder))
    checked = subprocess.run([TONECHECK, "check", str(folder)], capture_output=True, text=True, timeout=300)
    complaint = next(line for line in checked.stderr.splitlines() if "latin.txt" in line)
    assert "not UTF-8 text" in complaint and "--encoding" in complaint
    assert complaint in fixed.stderr.splitlines()  # the same words for the same bad file
    assert '+{"text": "I felt so angry last night."}' in fixed.stdout  # a JSONL record rewritten in place
    assert "+I felt so angry last night." in fixed.stdout  # the email body
    assert "> You never call." not in "".join(line for line in fixed.stdout.splitlines() if line[:1] in "+-")

    written = run("--write", "--no-backup", "--encoding", "latin-1", str(latin))
    assert written.returncode == 0, written.stderr
    assert latin.read_bytes() == ("Café tonight.\n" + GENTLE).encode("latin-1")  # written back as it was read
