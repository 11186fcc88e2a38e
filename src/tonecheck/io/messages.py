"""A message out of an archive (a mailbox, a chat export, a table row): its text and who sent it when where."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict


class MessageInfo(BaseModel):
    """Shown with every finding in the message; all optional, as archives carry different things."""

    model_config = ConfigDict(frozen=True)

    id: str | None = None
    sender: str | None = None
    time: str | None = None
    channel: str | None = None

    def label(self) -> str:
        """``Anna, 2024-03-12 14:22, #general, id 42``: the parts there are."""
        parts = [self.sender, self.time, self.channel, f"id {self.id}" if self.id is not None else None]
        return ", ".join(p for p in parts if p)


@dataclass
class Message:
    """``index``: the message's position in the archive, from 0 (shown as ``path[index]``). ``aliases``:
    other names the sender goes by (an address, a user id), which ``--author`` also matches."""

    text: str
    index: int
    info: MessageInfo
    aliases: tuple[str, ...] = ()


@dataclass
class MessageError:
    """A message that could not be read; ``index`` None when the problem is not one message's."""

    index: int | None
    reason: str


@dataclass
class Authors:
    """``--author``: keep only messages sent by one of these names (case-insensitive; any alias counts).
    Empty: keep everything."""

    names: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def of(cls, names: Iterable[str] | None) -> Authors:
        return cls(frozenset(n.strip().casefold() for n in names or () if n.strip()))

    def keep(self, message: Message) -> bool:
        if not self.names:
            return True
        known = [message.info.sender, *message.aliases]
        return any(name is not None and name.casefold() in self.names for name in known)
