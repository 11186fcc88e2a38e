"""WhatsApp's "Export chat" ``.txt``: one line per message start, continued lines belong to it.

Both layouts the apps write are read, with any date order, 12- or 24-hour times and seconds or not::

    12/03/2024, 14:22 - Anna: text          (Android)
    [12.03.24, 2:22:05 PM] Anna: text       (iPhone)

Lines without a sender ("Messages and calls are end-to-end encrypted", "Anna added Ben") are the app's own
and skipped, as are media placeholders. The time is kept as the export wrote it: whether 03/04 is March or
April depends on the phone's locale, which the file does not say.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from ..messages import Message, MessageError, MessageInfo
from ..sources import read_path

_DATE = r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}"
_TIME = r"\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:[\s\u202f]?[AaPp]\.?\s?[Mm]\.?)?"
# Direction marks WhatsApp puts before some lines, and the BOM.
_MARKS = "\u200e\u200f\ufeff"
_ANDROID = re.compile(rf"^[{_MARKS}]?(?P<date>{_DATE}),? (?P<time>{_TIME}) [-–] (?P<rest>.*)$")
_IPHONE = re.compile(rf"^[{_MARKS}]?\[(?P<date>{_DATE}),? (?P<time>{_TIME})\] (?P<rest>.*)$")
_OMITTED = re.compile(
    r"^[\u200e]?(<Media omitted>|<attached: [^>]*>|(image|video|audio|sticker|GIF|document) omitted"
    r"|This message was deleted|You deleted this message|Missed (voice|video) call|null)$",
    re.IGNORECASE,
)


def _header(line: str) -> re.Match[str] | None:
    return _ANDROID.match(line) or _IPHONE.match(line)


def looks_like(head: bytes) -> bool:
    """Whether a ``.txt`` file starts like a WhatsApp export (its first line is a dated message line)."""
    text = head.decode("utf-8", errors="ignore").lstrip(_MARKS + " \r\n")
    first = text.split("\n", 1)[0].rstrip("\r")
    return _header(first) is not None


def read_whatsapp(path: Path) -> Iterator[Message | MessageError]:
    source = read_path(path, kind="text")
    yield from parse(source.text)


def parse(text: str) -> Iterator[Message | MessageError]:
    index = 0
    current: tuple[str, str, list[str]] | None = None  # time, sender, lines
    for line in text.replace("\r\n", "\n").split("\n"):
        match = _header(line)
        if match is None:
            if current is not None:
                current[2].append(line)
            continue
        if current is not None:
            message = _message(current, index)
            if message is not None:
                yield message
                index += 1
        sender, colon, body = match["rest"].partition(": ")
        when = f"{match['date']} {match['time']}".replace("\u202f", " ")
        current = (when, sender.strip(_MARKS + " "), [body]) if colon else None
    if current is not None:
        message = _message(current, index)
        if message is not None:
            yield message


def _message(current: tuple[str, str, list[str]], index: int) -> Message | None:
    when, sender, lines = current
    body = "\n".join(lines).strip()
    if not body or _OMITTED.match(body):
        return None
    body = body.replace("<This message was edited>", "").rstrip()
    return Message(body, index, MessageInfo(sender=sender, time=when))
