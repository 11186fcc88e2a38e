"""The guides the rules' advice comes from, by title.

Rule files cite a guide by the name of its file in the project's reading folder (``source:
002_a6889414a6a0096a.txt``, and ``(002_a6889414a6a0096a.txt)`` after a quotation in ``why``): stable for
authors, meaningless to a reader. This table gives each its title, and ``cite`` puts the title in their place
wherever a rule is shown (findings, ``tonecheck rules`` / ``explain``, ``GET /v1/rules``, the docs).
"""

from __future__ import annotations

import re

from ..models import Rule

# file name -> (short title used in running text, full title)
GUIDES: dict[str, tuple[str, str]] = {
    "000_5ac610107815a8bd.txt": (
        "Winning Him Back",
        "Winning Him Back: Expert Tips on How to Rekindle Your Relationship After a Breakup",
    ),
    "001_bf5bbbe534bacb4c.txt": (
        "Winning Back His Heart",
        "Winning Back His Heart: Essential Strategies for Rekindling Love",
    ),
    "002_a6889414a6a0096a.txt": (
        "Rekindling Romance",
        "Rekindling Romance with Proven Strategies to Get Him Back",
    ),
    "003_6751c85604e8f7d8.txt": (
        "Get Him Back Now",
        "Get Him Back Now: A Comprehensive Guide to Winning Your Ex Back",
    ),
    "004_177adb81f2306b69.txt": (
        "How to Get Him Back",
        "How to Get Him Back: 9 Steps to Getting Back Together with Your Ex",
    ),
}
GUIDE_FILE = re.compile(r"\b\d{3}_[0-9a-f]{16}\.txt\b")
_UNKNOWN = ("a relationship guide", "a relationship guide")


def cite(text: str) -> str:
    """``text`` with each guide file name replaced by the guide's title in quotes: ``(002_….txt)`` ->
    ``(“Rekindling Romance”)``."""
    return GUIDE_FILE.sub(lambda m: f"“{GUIDES.get(m.group(0), _UNKNOWN)[0]}”", text)


def title(source: str) -> str:
    """A rule's ``source``: the full title of a guide cited by file name, anything else as written."""
    name = source.strip()
    return GUIDES[name][1] if name in GUIDES else cite(name)


def readable(rule: Rule) -> Rule:
    """The rule as readers see it: guides cited by title in ``why`` and ``source``."""
    update: dict[str, str] = {}
    if GUIDE_FILE.search(rule.why):
        update["why"] = cite(rule.why)
    if rule.source and GUIDE_FILE.search(rule.source):
        update["source"] = title(rule.source)
    return rule.model_copy(update=update) if update else rule


__all__ = ["GUIDES", "cite", "readable", "title"]
