"""Mailboxes: mbox files and Maildir folders, each message read like an ``.eml`` (plain-text body, quotes,
reply headers and signature dropped)."""

from __future__ import annotations

import email
import email.errors
import email.utils
import mailbox
import os
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import BinaryIO

from ..messages import Message, MessageError, MessageInfo
from ..sources import MAIL_POLICY, UnreadableFile, own_words, plain_body

# What the email package raises on malformed headers or parts it only parses lazily (a Date it cannot
# read, a charset it does not know); one bad message must not end the archive.
_MALFORMED = (ValueError, TypeError, LookupError, IndexError, email.errors.MessageError)


def message_from_bytes(data: bytes, index: int) -> Message | MessageError:
    try:
        parsed = email.message_from_bytes(data, policy=MAIL_POLICY)
        assert isinstance(parsed, EmailMessage)
        text = own_words(plain_body(parsed)).rstrip()
        name, address = email.utils.parseaddr(str(parsed.get("From", "")))
        when = _iso_date(parsed)
        message_id = str(parsed.get("Message-ID", "")).strip() or None
    except UnreadableFile as exc:
        return MessageError(index, str(exc))
    except _MALFORMED as exc:
        return MessageError(index, f"malformed message: {exc}")
    info = MessageInfo(id=message_id, sender=name or address or None, time=when)
    return Message(text, index, info, aliases=tuple(a for a in (address,) if a))


def _iso_date(parsed: EmailMessage) -> str | None:
    raw = parsed.get("Date")
    if raw is None:
        return None
    try:
        return email.utils.parsedate_to_datetime(str(raw)).isoformat()
    except (TypeError, ValueError):
        return str(raw)


def read_mbox(path: Path) -> Iterator[Message | MessageError]:
    """Messages split at ``From `` lines that start the file or follow a blank line, read as the file
    streams past (``mailbox.mbox`` would first index every message's offsets, which grows with the file)."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 (closed below, the generator owns it)
    except OSError as exc:
        raise UnreadableFile(f"cannot read: {exc.strerror or exc}") from None
    with handle:
        yield from _split_mbox(handle)


def _split_mbox(handle: BinaryIO) -> Iterator[Message | MessageError]:
    index = -1
    lines: list[bytes] = []
    before: list[bytes] = []
    after_blank = True
    for line in handle:
        if after_blank and line.startswith(b"From "):
            if index >= 0:
                yield message_from_bytes(b"".join(lines), index)
            elif any(part.strip() for part in before):
                yield MessageError(None, f"{len(before)} line(s) before the first 'From ' line are not a message")
            index += 1
            lines = []
        elif index >= 0:
            lines.append(line)
        else:
            before.append(line)
        after_blank = line in (b"\n", b"\r\n")
    if index >= 0:
        yield message_from_bytes(b"".join(lines), index)
    elif any(part.strip() for part in before):
        raise UnreadableFile("not an mbox: no line starts with 'From ' (the separator before each message)")


def read_maildir(path: Path) -> Iterator[Message | MessageError]:
    """A Maildir's messages (``new/`` and ``cur/``) in the order of their file names, which start with the
    time they were delivered."""
    try:
        box = mailbox.Maildir(os.fspath(path), factory=None, create=False)
        keys = sorted(box.keys())
    except OSError as exc:
        raise UnreadableFile(f"cannot read the Maildir: {exc.strerror or exc}") from None
    for index, key in enumerate(keys):
        try:
            data = box.get_bytes(key)
        except (OSError, KeyError) as exc:
            yield MessageError(index, f"cannot read {key}: {exc}")
            continue
        yield message_from_bytes(data, index)
