"""Drafts out of files: plain text, Markdown, emails and JSON / JSON Lines message exports.

Each file gives one or more ``Draft``s, the text the checker sees, and a map from offsets in that text back
to the file, so a finding is reported at the right line and column of the file even when parts of it were
skipped (Markdown code blocks and block quotes, an email's headers, quoted reply and signature) or the text
came out of a JSON string. Where a draft's text does not appear verbatim in the file (a base64 email body, a
JSON string with escapes) offsets map to the start of the body or record instead.

Files that cannot be read raise ``UnreadableFile`` with a reason a person can act on.
"""

from __future__ import annotations

import bisect
import codecs
import email
import email.policy
import functools
import json
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from email.headerregistry import BaseHeader, HeaderRegistry
from email.message import EmailMessage
from pathlib import Path
from typing import Any, Literal

from .messages import MessageInfo


class _ParsedOnce(HeaderRegistry):
    """The email package's header objects, each parsed once per distinct value.

    ``email.policy.default`` parses a header anew at every read, and finding the body (``get_body``) reads
    Content-Type and Content-Disposition several times a part: 80% of reading an mbox went there. Header
    objects are immutable, so equal values share one (a mailbox repeats ``text/plain; charset=utf-8``)."""

    @functools.lru_cache(maxsize=4096)  # noqa: B019 (one registry for the life of the process)
    def __call__(self, name: str, value: str) -> BaseHeader:
        return super().__call__(name, value)  # type: ignore[no-any-return]


# How e-mail is parsed: the standard library's modern policy, headers parsed once.
MAIL_POLICY = email.policy.default.clone(header_factory=_ParsedOnce())

Kind = Literal["text", "markdown", "email", "json", "jsonl"]
SUFFIX_KIND: dict[str, Kind] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".eml": "email",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
DEFAULT_TEXT_FIELD = "text"


class UnreadableFile(Exception):
    """The file could not be read as drafts; the message says why."""


@dataclass
class Draft:
    """One message to check. ``segments`` are ``(draft_start, file_start, length)`` runs of text copied
    verbatim from the file; offsets outside them map to ``anchor``."""

    text: str
    record: int | None = None  # index of the message in a JSON / JSONL export
    segments: list[tuple[int, int, int]] = field(default_factory=list)
    anchor: int = 0
    message: MessageInfo | None = None  # who sent it when and where, for a message out of an archive

    def file_offset(self, offset: int) -> int:
        starts = [s[0] for s in self.segments]
        index = bisect.bisect_right(starts, offset) - 1
        if index >= 0:
            draft_start, file_start, length = self.segments[index]
            if offset <= draft_start + length:
                return file_start + offset - draft_start
        return self.anchor


@dataclass
class Source:
    """A file read into drafts. ``problems``: records that could not be read (invalid JSON), with why;
    records without the text field are skipped."""

    path: str
    text: str
    drafts: list[Draft]
    problems: list[tuple[int, str]] = field(default_factory=list)
    _line_starts: list[int] | None = None

    def position(self, file_offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of an offset into the file's text."""
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        line = bisect.bisect_right(self._line_starts, file_offset) - 1
        return line + 1, file_offset - self._line_starts[line] + 1


def kind_of(path: str | Path) -> Kind:
    """The format a file is read as, by its suffix; anything unknown is plain text."""
    return SUFFIX_KIND.get(Path(path).suffix.lower(), "text")


def read_path(
    path: str | Path, *, kind: Kind | None = None, text_field: str = DEFAULT_TEXT_FIELD, encoding: str | None = None
) -> Source:
    """A file read into drafts, by its suffix unless ``kind`` says otherwise (see ``read_bytes``)."""
    try:
        # Non-blocking open: a FIFO with no writer would otherwise wait forever. Only regular files are read.
        with os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as handle:
            mode = os.fstat(handle.fileno()).st_mode
            if stat.S_ISDIR(mode):
                raise UnreadableFile("is a directory")
            if not stat.S_ISREG(mode):
                raise UnreadableFile("not a regular file (a FIFO, socket or device)")
            data = handle.read()
    except IsADirectoryError:
        raise UnreadableFile("is a directory") from None
    except OSError as exc:
        raise UnreadableFile(f"cannot read: {exc.strerror or exc}") from None
    return read_bytes(str(path), data, kind=kind or kind_of(path), text_field=text_field, encoding=encoding)


def read_bytes(
    name: str,
    data: bytes,
    *,
    kind: Kind = "text",
    text_field: str = DEFAULT_TEXT_FIELD,
    encoding: str | None = None,
) -> Source:
    """Bytes read into drafts. ``encoding``: the file's encoding when it is not UTF-8 or marked by a BOM
    (``latin-1``, ``cp1252``...); an email's body is decoded by its own headers."""
    if kind == "email":
        return _read_email(name, data, encoding)
    text = decode(data, encoding)
    if kind == "markdown":
        return Source(name, text, [_markdown_draft(text)])
    if kind == "json":
        return _read_json(name, text, text_field)
    if kind == "jsonl":
        return _read_jsonl(name, text, text_field)
    return Source(name, text, [Draft(text, segments=[(0, 0, len(text))])])


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes, encoding: str | None = None) -> str:
    """UTF-8 (with or without BOM), or UTF-16/32 when a BOM says so; binary and other encodings are errors
    unless ``encoding`` names the one to use."""
    if encoding is not None:
        if b"\x00" in data[:8192] and "16" not in encoding and "32" not in encoding:
            raise UnreadableFile("binary file (contains NUL bytes)")
        try:
            return data.decode(encoding).removeprefix("\ufeff")
        except UnicodeDecodeError as exc:
            raise UnreadableFile(
                f"not valid {encoding} text (byte 0x{data[exc.start]:02x} at offset {exc.start})"
            ) from None
    for bom, bom_encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(bom_encoding)
            except UnicodeDecodeError as exc:
                raise UnreadableFile(
                    f"not valid {bom_encoding.upper()} despite its byte-order mark: {exc.reason}"
                ) from None
    if b"\x00" in data[:8192]:
        raise UnreadableFile("binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); save it as UTF-8, "
            "or name its encoding with --encoding (e.g. --encoding latin-1)"
        ) from None


# --------------------------------------------------------------------------------------------------
# Markdown: code blocks and block quotes are not the writer's words to the reader
# --------------------------------------------------------------------------------------------------

_SKIPPED_BLOCKS = {"fence", "code_block", "blockquote_open"}


def _markdown_draft(text: str) -> Draft:
    from markdown_it import MarkdownIt

    skipped: set[int] = set()
    for token in MarkdownIt("commonmark").parse(text):
        if token.type in _SKIPPED_BLOCKS and token.map:
            skipped.update(range(token.map[0], token.map[1]))
    return _draft_from_lines(text, (i not in skipped for i in range(text.count("\n") + 1)))


def _draft_from_lines(text: str, keep: Iterable[bool], record: int | None = None, base: int = 0) -> Draft:
    """Kept lines copied verbatim, each run of skipped lines replaced by one empty line (so paragraphs on
    either side stay apart)."""
    parts: list[str] = []
    segments: list[tuple[int, int, int]] = []
    length = 0
    offset = base
    gap = False
    for line, kept in zip(text.split("\n"), keep, strict=False):
        if kept:
            if parts or gap:
                parts.append("\n")
                length += 1
            segments.append((length, offset, len(line)))
            parts.append(line)
            length += len(line)
            gap = False
        elif not gap and parts:
            parts.append("\n")
            length += 1
            gap = True
        offset += len(line) + 1
    return Draft("".join(parts), record, segments, anchor=base)


# --------------------------------------------------------------------------------------------------
# Email: the body only, without quoted replies and the signature
# --------------------------------------------------------------------------------------------------

_REPLY_HEADER = re.compile(
    r"^\s*(-{2,}\s*Original Message\s*-{2,}|_{10,}|-{2,}\s*Forwarded message\s*-{2,}|On\b.*\bwrote:)\s*$",
    re.IGNORECASE,
)
_WROTE = re.compile(r"\bwrote:\s*$", re.IGNORECASE)


def body_lines(body: str) -> list[bool]:
    """Which lines of an email body are the writer's own: not ``>`` quotes, nothing from the reply header
    ("On ... wrote:", "-----Original Message-----") or the signature delimiter ("-- ") on."""
    lines = body.split("\n")
    keep = [True] * len(lines)
    for index, raw in enumerate(lines):
        line = raw.rstrip("\r")
        wrapped_attribution = _WROTE.search(line) and index > 0 and lines[index - 1].lstrip().lower().startswith("on ")
        if line in ("-- ", "--") or _REPLY_HEADER.match(line) or wrapped_attribution:
            start = index - 1 if wrapped_attribution and not _REPLY_HEADER.match(line) else index
            for rest in range(start, len(lines)):
                keep[rest] = False
            break
        if line.lstrip().startswith(">"):
            keep[index] = False
    return keep


def plain_body(message: EmailMessage) -> str:
    """The message's text/plain body, decoded, with ``\n`` line ends."""
    part = message.get_body(preferencelist=("plain",))
    if part is None:
        raise UnreadableFile("email has no text/plain body")
    try:
        body = part.get_content()
    except (LookupError, UnicodeDecodeError) as exc:
        raise UnreadableFile(f"cannot decode the email body: {exc}") from None
    return str(body).replace("\r\n", "\n")


def own_words(body: str) -> str:
    """An email body without quoted replies, reply headers and signature: what the writer wrote."""
    return _draft_from_lines(body, body_lines(body)).text


def _read_email(name: str, data: bytes, encoding: str | None = None) -> Source:
    message = email.message_from_bytes(data, policy=MAIL_POLICY)
    assert isinstance(message, EmailMessage)
    body = plain_body(message)
    try:
        raw = decode(data, encoding)
    except UnreadableFile:
        raw = data.decode("utf-8", errors="replace")  # only used to find lines; the body is already decoded
    split = re.search(r"\r?\n\r?\n", raw)
    body_start = split.end() if split else 0
    draft = _draft_from_lines(body, body_lines(body), base=body_start)
    # The body's lines sit verbatim in the file unless it was base64 / quoted-printable encoded: find each.
    located: list[tuple[int, int, int]] = []
    cursor = body_start
    for draft_start, _, length in draft.segments:
        line = draft.text[draft_start : draft_start + length]
        found = raw.find(line, cursor) if line else cursor
        if found < 0 or (line and raw[found : found + length] != line):
            located = []
            break
        located.append((draft_start, found, length))
        cursor = found + length
    draft.segments = located
    return Source(name, raw, [draft])


# --------------------------------------------------------------------------------------------------
# JSON / JSON Lines message exports
# --------------------------------------------------------------------------------------------------


def _field(record: Any, text_field: str) -> str | None:
    if isinstance(record, str):
        return record
    value: Any = record
    for part in text_field.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value if isinstance(value, str) else None


def _record_draft(text: str, record: int, raw: str, raw_start: int, value: str) -> Draft:
    """The record's draft; mapped character by character when the string sits in the file unescaped."""
    encoded = json.dumps(value, ensure_ascii=False)
    if encoded[1:-1] == value:
        at = raw.find(encoded)
        if at >= 0:
            return Draft(value, record, [(0, raw_start + at + 1, len(value))], anchor=raw_start)
    return Draft(value, record, [], anchor=raw_start)


def _read_json(name: str, text: str, text_field: str) -> Source:
    decoder = json.JSONDecoder()
    index = len(text) - len(text.lstrip())
    if not text.startswith("[", index):
        raise UnreadableFile("expected a JSON array of messages")
    source = Source(name, text, [])
    index += 1
    record = 0
    try:
        while True:
            while index < len(text) and text[index] in " \t\r\n,":
                index += 1
            if index >= len(text) or text[index] == "]":
                break
            value, end = decoder.raw_decode(text, index)
            body = _field(value, text_field)
            if body is not None:
                source.drafts.append(_record_draft(text, record, text[index:end], index, body))
            record += 1
            index = end
    except json.JSONDecodeError as exc:
        raise UnreadableFile(f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise UnreadableFile("JSON nested too deeply to read") from None
    return _require_messages(source, record, text_field)


def _require_messages(source: Source, records: int, text_field: str) -> Source:
    """Records without the text field are skipped (exports mix messages with other events), but a file
    where no record has it is almost certainly read with the wrong field name."""
    if records and not source.drafts and len(source.problems) < records:
        raise UnreadableFile(f"no record has a string field {text_field!r} (set it with --text-field or text-field)")
    return source


def _read_jsonl(name: str, text: str, text_field: str) -> Source:
    source = Source(name, text, [])
    offset = 0
    record = 0
    for number, line in enumerate(text.split("\n"), start=1):
        start = offset
        offset += len(line) + 1
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            source.problems.append((record, f"line {number}: invalid JSON: {exc.msg}"))
            record += 1
            continue
        except RecursionError:
            source.problems.append((record, f"line {number}: JSON nested too deeply to read"))
            record += 1
            continue
        body = _field(value, text_field)
        if body is not None:
            source.drafts.append(_record_draft(text, record, line, start, body))
        record += 1
    return _require_messages(source, record, text_field)
