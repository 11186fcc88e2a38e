"""Control characters in file names and drafts are shown, never obeyed: no escape sequence reaches the
terminal, no line break starts a GitHub workflow command, and JUnit output stays well-formed XML."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from tonecheck.escape import visible

TONECHECK = str(Path(sys.executable).with_name("tonecheck"))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("escaping")
    (folder / "title\x1b]0;pwned\x07.txt").write_text("You never listen to me.\x1b[2J Answer me now!\n")
    (folder / "x\n::add-mask::secret\n::warning::y.txt").write_bytes(b"binary\x00file")
    return folder


@pytest.mark.parametrize("fmt", ["text", "github", "junit"])
def test_names_and_drafts_are_printed_without_their_control_characters(hostile: Path, fmt: str) -> None:
    result = subprocess.run(
        [TONECHECK, "check", "--format", fmt, str(hostile)], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 1, result.stderr
    printed = result.stdout + result.stderr
    assert "\x1b" not in printed and "\x07" not in printed
    assert "␛]0;pwned␇" in printed  # shown, one visible character for each
    for line in printed.splitlines():
        assert not line.startswith(("::add-mask::", "::warning::y")), line
    if fmt == "junit":
        suite = ET.fromstring(result.stdout)  # well-formed
        assert len(suite.findall(".//testcase")) == 2
    if fmt == "text":
        assert "You never listen to me.␛[2J" in result.stdout


def test_visible_keeps_one_character_for_one() -> None:
    text = "a\x1b[2Jb\u202ec\td\x85e😀\u200d"
    assert len(visible(text)) == len(text)
    assert visible(text) == "a␛[2Jb\ufffdc␉d\ufffde😀\u200d"


def test_sender_names_out_of_an_archive_are_printed_without_their_control_characters(tmp_path: Path) -> None:
    # A chat export names its senders; a name is whatever the other side typed, escape sequences included.
    chat = tmp_path / "whatsapp_chat.txt"
    chat.write_text(
        "12/03/2024, 09:15 - Anna\x1b]0;pwned\x07: Are you coming tonight?\n"
        "12/03/2024, 09:20 - Ben\x1b[2J: You never reply on time.\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [TONECHECK, "check", "--statistics", "--isolated", str(chat)], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 1, result.stderr
    printed = result.stdout + result.stderr
    assert "\x1b" not in printed and "\x07" not in printed
    assert "Ben␛[2J" in printed and "Anna␛]0;pwned␇" in printed  # in the findings and the per-sender summary
