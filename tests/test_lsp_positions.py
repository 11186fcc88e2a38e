"""Offsets <-> LSP positions, and which words of an editor buffer are checked: pure functions, no server."""

from __future__ import annotations

from lsprotocol.types import Position

from tonecheck.lsp.documents import draft_of, kind_of
from tonecheck.lsp.positions import LineIndex


def test_astral_characters_count_two_utf16_units_and_one_utf32() -> None:
    text = "a😀b\n🎉x"
    assert LineIndex(text).position(text.index("b")) == Position(line=0, character=3)
    assert LineIndex(text, "utf-32").position(text.index("b")) == Position(line=0, character=2)
    assert LineIndex(text, "utf-8").position(text.index("b")) == Position(line=0, character=5)
    assert LineIndex(text).position(text.index("x")) == Position(line=1, character=2)
    index = LineIndex(text)
    for offset in range(len(text) + 1):
        if offset < len(text) and text[offset] == "\n":
            continue
        assert index.offset(index.position(offset)) == offset


def test_only_lsp_line_breaks_start_lines() -> None:
    # U+2028, form feed and U+0085 are line breaks to str.splitlines, not to the protocol.
    text = "one\u2028two\x0cthree\u0085four\r\nfive\rsix"
    index = LineIndex(text)
    assert index.position(text.index("four")) == Position(line=0, character=text.index("four"))
    assert index.position(text.index("five")) == Position(line=1, character=0)
    assert index.position(text.index("six")) == Position(line=2, character=0)
    # Inside "\r\n" is the end of the line; past the end of a line clamps to it.
    assert index.position(text.index("\r\n") + 1) == Position(line=0, character=text.index("\r\n"))
    assert index.offset(Position(line=1, character=99)) == text.index("\rsix")
    assert index.offset(Position(line=9, character=0)) == len(text)


def test_kinds_by_language_id_then_file_name() -> None:
    assert kind_of("markdown", "file:///a.txt") == "markdown"
    assert kind_of("gitcommit", "file:///x") == "git-commit"
    assert kind_of(None, "file:///repo/.git/COMMIT_EDITMSG") == "git-commit"
    assert kind_of("python", "file:///a.py") is None


def test_email_buffer_keeps_the_body_without_headers_quotes_and_signature() -> None:
    text = "From: me@example.org\nSubject: Call me\n\nThanks.\n> quoted\n-- \nMe\n"
    draft = draft_of("email", text)
    assert draft.text.strip() == "Thanks."
    assert text[draft.file_offset(0) :].startswith("Thanks.")


def test_git_commit_keeps_tonecheck_comments_and_stops_at_the_scissors() -> None:
    scissors = "# ------------------------ >8 ------------------------"
    text = f"Fix it\n# a comment\n# tonecheck: ignore[PR]\nbody\n{scissors}\ndiff\n"
    draft = draft_of("git-commit", text)
    assert "a comment" not in draft.text and "diff" not in draft.text
    assert "# tonecheck: ignore[PR]\nbody" in draft.text
