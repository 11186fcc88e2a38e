"""Rule selectors, as ``--select`` / ``--ignore`` / ``severity`` keys / ``tonecheck: ignore[...]`` take them.

A selector is a rule id (``BL01``), an id prefix (``BL``), a category (``blaming``), or a dotted name or alias
with ``*`` (``blame.*``). A selector that matches no rule is an error wherever it is given, so a typo never
quietly means "nothing to check".
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Sequence

from ..models import CATEGORIES, Rule


class UnknownSelectorError(ValueError):
    """A selector matches no rule. ``field`` and ``index`` say where it was given (``select``, 0)."""

    def __init__(self, selector: str, field: str = "select", index: int | None = None):
        super().__init__(f"selector {selector!r} matches no rule")
        self.selector = selector
        self.field = field
        self.index = index

    @property
    def where(self) -> str:
        return self.field if self.index is None else f"{self.field}.{self.index}"


def selector_matches(selector: str, rule: Rule) -> bool:
    """Does ``selector`` name ``rule``?"""
    if selector in CATEGORIES:
        return rule.category == selector
    if selector.isupper() and selector.isalnum():
        return rule.id.startswith(selector)
    return any(fnmatch.fnmatchcase(name, selector) for name in (rule.name, *rule.aliases))


def check_selectors(rules: Iterable[Rule], **given: Sequence[str] | None) -> None:
    """Raise ``UnknownSelectorError`` for the first selector, in any of the named lists, that matches none of
    ``rules``: ``check_selectors(ruleset, select=[...], ignore=[...])``."""
    known = list(rules)
    for field, selectors in given.items():
        for index, selector in enumerate(selectors or ()):
            if not isinstance(selector, str) or not any(selector_matches(selector, rule) for rule in known):
                raise UnknownSelectorError(str(selector), field, index)


__all__ = ["UnknownSelectorError", "check_selectors", "selector_matches"]
