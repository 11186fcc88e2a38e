"""Chat exports in JSON: Slack's export folder, Telegram Desktop's ``result.json`` and DiscordChatExporter's
JSON. Each keeps only real messages (joins, pins, calls and other events are skipped)."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..messages import Message, MessageError, MessageInfo
from ..sources import UnreadableFile, decode, read_path
from . import ArchiveKind


def json_kind(head: bytes) -> ArchiveKind | None:
    """Telegram and Discord exports are JSON objects whose first keys say which they are."""
    text = head.decode("utf-8", errors="ignore").lstrip("\ufeff \t\r\n")
    if not text.startswith("{"):
        return None
    if '"guild"' in text and '"channel"' in text:
        return "discord"
    if (
        re.search(
            r'"type"\s*:\s*"(personal_chat|private_group|private_supergroup|public_supergroup|'
            r'private_channel|public_channel|saved_messages|bot_chat)"',
            text,
        )
        or '"chats"' in text
    ):
        return "telegram"
    return None


def _load(path: Path) -> Any:
    text = read_path(path, kind="text").text
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise UnreadableFile(f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None


def read_chat_json(path: Path, kind: ArchiveKind) -> Iterator[Message | MessageError]:
    data = _load(path)
    if not isinstance(data, dict) or not isinstance(data.get("messages", data.get("chats")), list | dict):
        raise UnreadableFile(f"not a {kind.title()} export: expected an object with 'messages'")
    if kind == "discord":
        yield from _discord(data)
    else:
        yield from _telegram(data)


# --------------------------------------------------------------------------------------------------
# Telegram Desktop: one chat ({"name", "type", "messages"}) or a whole account ({"chats": {"list": [...]}})
# --------------------------------------------------------------------------------------------------


def _telegram(data: dict[str, Any]) -> Iterator[Message | MessageError]:
    chats = data.get("chats", {}).get("list", []) if isinstance(data.get("chats"), dict) else [data]
    index = 0
    for chat in chats:
        channel = str(chat.get("name") or chat.get("id") or "") or None
        for record in chat.get("messages", []):
            if not isinstance(record, dict) or record.get("type", "message") != "message":
                continue
            text = _telegram_text(record.get("text", ""))
            if text is None:
                yield MessageError(index, "message text is neither a string nor a list of text parts")
            elif text.strip():
                sender = record.get("from")
                info = MessageInfo(
                    id=_str(record.get("id")),
                    sender=str(sender) if sender else None,
                    time=_str(record.get("date")),
                    channel=channel,
                )
                yield Message(text, index, info, aliases=tuple(a for a in (_str(record.get("from_id")),) if a))
            index += 1


def _telegram_text(value: Any) -> str | None:
    """Telegram writes formatted text as a list of plain strings and ``{"type", "text"}`` parts."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        parts = [p if isinstance(p, str) else p.get("text", "") if isinstance(p, dict) else None for p in value]
        if all(isinstance(p, str) for p in parts):
            return "".join(p for p in parts if isinstance(p, str))
    return None


# --------------------------------------------------------------------------------------------------
# DiscordChatExporter: {"guild", "channel", "messages": [{"id", "type", "timestamp", "content", "author"}]}
# --------------------------------------------------------------------------------------------------

_DISCORD_MESSAGES = {"Default", "Reply"}


def _discord(data: dict[str, Any]) -> Iterator[Message | MessageError]:
    channel_data = _dict(data.get("channel"))
    channel = f"#{channel_data['name']}" if channel_data.get("name") else None
    for index, record in enumerate(data.get("messages", [])):
        if not isinstance(record, dict):
            yield MessageError(index, "not a message object")
            continue
        if record.get("type", "Default") not in _DISCORD_MESSAGES:
            continue
        content = record.get("content")
        if not isinstance(content, str):
            yield MessageError(index, "message has no 'content' string")
            continue
        if not content.strip():
            continue  # an attachment or embed only
        author = _dict(record.get("author"))
        name = author.get("nickname") or author.get("name")
        aliases = tuple(str(a) for a in (author.get("name"), author.get("id")) if a)
        info = MessageInfo(
            id=_str(record.get("id")),
            sender=str(name) if name else None,
            time=_str(record.get("timestamp")),
            channel=channel,
        )
        yield Message(content, index, info, aliases=aliases)


# --------------------------------------------------------------------------------------------------
# Slack: users.json, channels.json, and a folder per channel of YYYY-MM-DD.json files (arrays of messages)
# --------------------------------------------------------------------------------------------------

_SLACK_SKIPPED = {
    "channel_join",
    "channel_leave",
    "channel_topic",
    "channel_purpose",
    "channel_name",
    "channel_archive",
    "pinned_item",
    "bot_add",
    "bot_remove",
    "group_join",
    "group_leave",
    "tombstone",
}
_SLACK_MENTION = re.compile(r"<@([A-Z0-9]+)(?:\|([^>]*))?>")
_SLACK_LINK = re.compile(r"<(?:#[A-Z0-9]+\|)?([^<>|]+)(?:\|([^<>]*))?>")


def read_slack(folder: Path) -> Iterator[Message | MessageError]:
    users = _slack_users(folder)
    index = 0
    channels = sorted(p for p in folder.iterdir() if p.is_dir())
    for channel in channels:
        for day in sorted(channel.glob("*.json")):
            try:
                records = json.loads(decode(day.read_bytes()))
            except (OSError, UnreadableFile, json.JSONDecodeError) as exc:
                yield MessageError(index, f"{channel.name}/{day.name}: cannot read: {exc}")
                index += 1
                continue
            if not isinstance(records, list):
                yield MessageError(index, f"{channel.name}/{day.name}: expected a JSON array of messages")
                index += 1
                continue
            for record in records:
                item = _slack_message(record, index, f"#{channel.name}", users)
                if item is not None:
                    yield item
                    index += 1


def _slack_message(
    record: Any, index: int, channel: str, users: dict[str, tuple[str, ...]]
) -> Message | MessageError | None:
    if not isinstance(record, dict) or record.get("type", "message") != "message":
        return None
    if record.get("subtype") in _SLACK_SKIPPED:
        return None
    text = record.get("text")
    if not isinstance(text, str):
        return MessageError(index, f"{channel}: message {record.get('ts', '?')} has no 'text' string")
    if not text.strip():
        return None
    user = str(record.get("user") or record.get("bot_id") or "")
    names = users.get(user, ())
    profile = _dict(record.get("user_profile"))
    sender = (names[0] if names else None) or profile.get("real_name") or record.get("username") or user or None
    return Message(
        _slack_plain(text, users),
        index,
        MessageInfo(id=_str(record.get("ts")), sender=sender, time=_slack_time(record.get("ts")), channel=channel),
        aliases=tuple(a for a in (*names, user, profile.get("name"), profile.get("display_name")) if a),
    )


def _slack_users(folder: Path) -> dict[str, tuple[str, ...]]:
    """User id -> names (real name first, then display name and handle)."""
    try:
        records = json.loads(decode((folder / "users.json").read_bytes()))
    except (OSError, UnreadableFile, json.JSONDecodeError) as exc:
        raise UnreadableFile(f"users.json: cannot read: {exc}") from None
    users: dict[str, tuple[str, ...]] = {}
    for user in records if isinstance(records, list) else []:
        if isinstance(user, dict) and user.get("id"):
            profile = _dict(user.get("profile"))
            names = (user.get("real_name"), profile.get("real_name"), profile.get("display_name"), user.get("name"))
            users[str(user["id"])] = tuple(dict.fromkeys(str(n) for n in names if n))
    return users


def _slack_plain(text: str, users: dict[str, tuple[str, ...]]) -> str:
    """Slack's markup as people read it: ``<@U123>`` -> ``@Anna``, ``<url|label>`` -> label, entities."""

    def mention(match: re.Match[str]) -> str:
        names = users.get(match[1], ())
        return "@" + (match[2] or (names[0] if names else match[1]))

    text = _SLACK_MENTION.sub(mention, text)
    text = _SLACK_LINK.sub(lambda m: m[2] or m[1], text)
    return html.unescape(text)


def _slack_time(ts: Any) -> str | None:
    try:
        return datetime.fromtimestamp(float(ts), UTC).isoformat(timespec="seconds")
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def _str(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}
