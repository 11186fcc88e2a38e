"""``--statistics`` for archives: per archive, how many messages, the share flagged in each category, the
ten harshest messages and, when several people wrote, the same per sender. Counts only: results stream past
and are not kept (the harshest ten are a bounded heap)."""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass, field

from ..escape import visible
from ..models import CATEGORIES
from .batch import Result

HARSHEST = 10


@dataclass
class _Counts:
    messages: int = 0
    flagged: int = 0
    per_category: Counter[str] = field(default_factory=Counter)

    def add(self, categories: set[str]) -> None:
        self.messages += 1
        self.flagged += bool(categories)
        self.per_category.update(categories)

    def line(self) -> str:
        shares = ", ".join(
            f"{c} {self.per_category[c] / self.messages:.1%}" for c in CATEGORIES if self.per_category[c]
        )
        flagged = f"{self.flagged} flagged ({self.flagged / self.messages:.1%})" if self.messages else "0 flagged"
        return f"{self.messages} message{'s' if self.messages != 1 else ''}, {flagged}" + (
            f": {shares}" if shares else ""
        )


@dataclass
class _Archive:
    total: _Counts = field(default_factory=_Counts)
    senders: dict[str, _Counts] = field(default_factory=dict)
    # (-harshness, order, line): heapq keeps the HARSHEST lowest-gentleness messages.
    harshest: list[tuple[float, int, str]] = field(default_factory=list)


class ArchiveStatistics:
    def __init__(self) -> None:
        self.archives: dict[str, _Archive] = {}
        self.seen = 0

    def add(self, result: Result) -> None:
        if result.message is None or result.report is None:
            return
        archive = self.archives.setdefault(result.path, _Archive())
        categories: set[str] = {f.category for f in result.report.findings}
        archive.total.add(categories)
        sender = result.message.sender or "(unknown sender)"
        archive.senders.setdefault(sender, _Counts()).add(categories)
        if result.report.findings:
            self.seen += 1
            first = result.locations[0].source_line if result.locations else result.report.findings[0].text
            label = result.message.label()
            entry = (
                -result.report.gentleness,
                -self.seen,
                f"{result.report.gentleness:.2f}  [{result.record}] {label}: {_short(first)}",
            )
            if len(archive.harshest) < HARSHEST:
                heapq.heappush(archive.harshest, entry)
            else:
                heapq.heappushpop(archive.harshest, entry)

    def lines(self) -> list[str]:
        out: list[str] = []
        for path, archive in self.archives.items():
            out.append(f"{path}: {archive.total.line()}")
            if archive.harshest:
                out.append(f"  harshest {len(archive.harshest)}:")
                out.extend(f"    {line}" for _, _, line in sorted(archive.harshest, reverse=True))
            if len(archive.senders) > 1:
                out.append("  per sender:")
                for sender, counts in sorted(archive.senders.items(), key=lambda kv: -kv[1].messages):
                    out.append(f"    {sender}: {counts.line()}")
        # paths, sender names and message text come from the archive: show their control characters
        return [visible(line) for line in out]


def _short(text: str, width: int = 80) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
