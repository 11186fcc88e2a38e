"""Reading drafts out of files: what is skipped, and that offsets map back to the file's line and column."""

from __future__ import annotations

import codecs
import json
from email.message import EmailMessage
from pathlib import Path

import pytest

from tonecheck.io.sources import Source, UnreadableFile, decode, read_bytes, read_path

FIXTURES = Path(__file__).parent / "fixtures" / "drafts"


def position_of(source: Source, needle: str, index: int = 0) -> tuple[int, int]:
    """Where ``needle`` in the ``index``-th draft lands in the file."""
    draft = source.drafts[index]
    return source.position(draft.file_offset(draft.text.index(needle)))


def test_markdown_skips_code_blocks_and_block_quotes_but_keeps_file_positions() -> None:
    source = read_path(FIXTURES / "notes.md")
    (draft,) = source.drafts
    assert draft.text.count("You never listen") == 1, draft.text
    assert "That's what you said" not in draft.text and "indented code" not in draft.text
    assert "I've been thinking about last week." in draft.text
    assert position_of(source, "You never listen") == (14, 34)
    assert position_of(source, "I've been") == (3, 1)


def test_markdown_paragraphs_around_a_skipped_block_stay_apart() -> None:
    source = read_bytes("x.md", b"First line.\n```\ncode\n```\nSecond line.\n", kind="markdown")
    assert source.drafts[0].text.startswith("First line.\n\nSecond line.")
    assert position_of(source, "Second") == (5, 1)


def test_email_body_only_without_signature_or_quoted_reply() -> None:
    source = read_path(FIXTURES / "reply.eml")
    (draft,) = source.drafts
    assert "Thanks for writing back." in draft.text
    for gone in ("Subject", "signature", "quoted", "wrote:", "Alex"):
        assert gone not in draft.text, gone
    assert position_of(source, "You never listen") == (9, 26)


def test_email_with_crlf_and_an_outlook_style_reply_header() -> None:
    raw = (
        b"From: a@example.com\r\nSubject: hi\r\n\r\nI miss you.\r\nYou never call.\r\n\r\n"
        b"-----Original Message-----\r\nFrom: b@example.com\r\nYou never write.\r\n"
    )
    source = read_bytes("x.eml", raw, kind="email")
    assert "You never write" not in source.drafts[0].text
    assert position_of(source, "You never call") == (5, 1)


def test_base64_email_body_is_decoded_and_maps_to_the_body_start() -> None:
    message = EmailMessage()
    message["Subject"] = "hi"
    message.set_content("Héllo.\nYou never call me.\n", cte="base64")
    source = read_bytes("x.eml", message.as_bytes(), kind="email")
    assert "You never call me." in source.drafts[0].text
    first_body_line = source.text.split("\n").index("") + 2  # headers, a blank line, then the body
    assert position_of(source, "You never call") == (first_body_line, 1)


def test_email_without_a_plain_text_body_is_unreadable() -> None:
    message = EmailMessage()
    message.set_content("<p>hi</p>", subtype="html")
    with pytest.raises(UnreadableFile, match="text/plain"):
        read_bytes("x.eml", message.as_bytes(), kind="email")


def test_jsonl_records_with_a_dotted_text_field_map_to_their_line() -> None:
    text = '{"m": {"body": "Hello there."}}\n{"m": {"body": "You never call."}}\n{"other": 1}\n'
    source = read_bytes("x.jsonl", text.encode(), kind="jsonl", text_field="m.body")
    assert [d.record for d in source.drafts] == [0, 1]
    assert position_of(source, "You never", 1) == (2, 17)


def test_jsonl_escaped_text_maps_to_the_record_and_bad_lines_are_problems() -> None:
    source = read_path(FIXTURES / "export.jsonl", text_field="body")
    assert [d.record for d in source.drafts] == [0, 1, 3]
    assert source.drafts[2].text == "Line one.\nYou never listen to me."
    assert position_of(source, "You never", 2) == (5, 1)
    broken = read_bytes("x.jsonl", b'{"text": "ok"}\n{not json\n', kind="jsonl")
    assert broken.problems == [(1, "line 2: invalid JSON: Expecting property name enclosed in double quotes")]


def test_json_array_of_objects_or_strings() -> None:
    text = json.dumps([{"text": "First."}, "You never call.", {"text": "Third."}], indent=1)
    source = read_bytes("x.json", text.encode(), kind="json")
    assert [d.text for d in source.drafts] == ["First.", "You never call.", "Third."]
    assert position_of(source, "You never", 1) == (5, 3)
    with pytest.raises(UnreadableFile, match="JSON array"):
        read_bytes("x.json", b'{"text": "x"}', kind="json")
    with pytest.raises(UnreadableFile, match="no record has a string field 'body'"):
        read_bytes("x.json", b'[{"text": "x"}]', kind="json", text_field="body")


def test_decoding() -> None:
    assert decode(codecs.BOM_UTF16_LE + "You never call.".encode("utf-16-le")) == "You never call."
    assert decode(codecs.BOM_UTF16_BE + "Hi".encode("utf-16-be")) == "Hi"
    assert decode(codecs.BOM_UTF8 + "Hé".encode()) == "Hé"
    with pytest.raises(UnreadableFile, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(UnreadableFile, match=r"not UTF-8 text \(byte 0xe9 at offset 1\)"):
        decode("Héllo".encode("latin-1"))
