"""Archives read as messages: mailboxes (mbox, Maildir), chat exports (WhatsApp, Slack, Telegram, Discord)
and tables (Parquet, CSV), each message its own draft.

``read_messages(path)`` is the one entry point: it yields ``Message``s and ``MessageError``s (a message
that could not be read, with why) in archive order, streaming, so a big archive never sits in memory.
``archive_kind(path)`` says whether a path is an archive at all (by suffix, folder layout, or a look at the
first bytes of a ``.txt`` / ``.json`` file) and which.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from ..messages import Authors, Message, MessageError
from ..sources import UnreadableFile

ArchiveKind = Literal["mbox", "maildir", "whatsapp", "slack", "telegram", "discord", "parquet", "csv"]
ARCHIVE_KINDS: tuple[ArchiveKind, ...] = (
    "mbox",
    "maildir",
    "whatsapp",
    "slack",
    "telegram",
    "discord",
    "parquet",
    "csv",
)
ARCHIVE_SUFFIXES: dict[str, ArchiveKind] = {".mbox": "mbox", ".parquet": "parquet", ".csv": "csv"}
_PEEK = 4096


def archive_kind(path: str | Path) -> ArchiveKind | None:
    """The archive format of ``path``, or None for an ordinary draft file (or something unreadable, which
    the draft reader then reports)."""
    path = Path(path)
    try:
        if path.is_dir():
            if (path / "cur").is_dir() and (path / "new").is_dir():
                return "maildir"
            if (path / "users.json").is_file() and any(
                (path / name).is_file() for name in ("channels.json", "groups.json", "dms.json", "mpims.json")
            ):
                return "slack"
            return None
        suffix = path.suffix.lower()
        if suffix in ARCHIVE_SUFFIXES:
            return ARCHIVE_SUFFIXES[suffix]
        if suffix not in (".txt", ".json") or not path.is_file():
            return None
        with os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as handle:
            head = handle.read(_PEEK)
    except OSError:
        return None
    return sniff(suffix, head)


def sniff(suffix: str, head: bytes) -> ArchiveKind | None:
    """A chat export recognised from its first bytes (they are ordinary ``.txt`` / ``.json`` files)."""
    from . import chats, whatsapp

    if suffix == ".txt":
        return "whatsapp" if whatsapp.looks_like(head) else None
    return chats.json_kind(head)


def read_messages(
    path: str | Path,
    kind: ArchiveKind | None = None,
    *,
    text_field: str = "text",
    id_field: str | None = None,
    authors: Authors | None = None,
) -> Iterator[Message | MessageError]:
    """Every message of the archive at ``path`` (those ``authors`` wrote, when given), in order.

    Raises ``UnreadableFile`` when the archive as a whole cannot be read; a message that cannot be read is
    a ``MessageError`` and reading goes on."""
    kind = kind or archive_kind(path)
    if kind is None:
        raise UnreadableFile("not a message archive")
    keep = authors or Authors()
    for item in _read(Path(path), kind, text_field, id_field):
        if isinstance(item, MessageError) or keep.keep(item):
            yield item


def _read(path: Path, kind: ArchiveKind, text_field: str, id_field: str | None) -> Iterator[Message | MessageError]:
    from . import chats, mail, tables, whatsapp

    if kind == "mbox":
        return mail.read_mbox(path)
    if kind == "maildir":
        return mail.read_maildir(path)
    if kind == "whatsapp":
        return whatsapp.read_whatsapp(path)
    if kind == "slack":
        return chats.read_slack(path)
    if kind in ("telegram", "discord"):
        return chats.read_chat_json(path, kind)
    if kind == "parquet":
        return tables.read_parquet(path, text_field, id_field)
    return tables.read_csv(path, text_field, id_field)
