"""Rule selectors, as ``--select`` / ``--ignore`` / ``severity`` keys / ``tonecheck: ignore[...]`` take them.

A selector is a rule id (``BL01``), an id prefix (``BL``), a category (``blaming``), or a dotted name or alias
with ``*`` (``blame.*``). A selector that matches no rule is an error wherever it is given, so a typo never
quietly means "nothing to check".

Preview rules (``preview: true`` in the rule file) are new or experimental and off by default, as Ruff's are:
they run when preview is on, or when a ``select`` names them exactly (``IS05``, or the whole dotted name or
alias). A prefix, a category or a pattern with ``*`` never turns a preview rule on (``--select IS`` runs IS01
to IS04, not IS05), so a new preview rule never joins a selection by itself.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Sequence

from ..models import CATEGORIES, Rule


class UnknownSelectorError(ValueError):
    """A selector matches no rule. ``field`` and ``index`` say where it was given (``select``, 0)."""

    def __init__(self, selector: str, field: str = "select", index: int | None = None, dormant: Sequence[str] = ()):
        message = f"selector {selector!r} matches no rule"
        if dormant:
            message = (
                f"selector {selector!r} matches only preview rules, which are off: {', '.join(dormant)} "
                "(turn preview on with --preview, `preview = true` or Checker(preview=True), or name the rule "
                "by its exact id in the select the rules are loaded with)"
            )
        super().__init__(message)
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


def names_exactly(selector: str, rule: Rule) -> bool:
    """Does ``selector`` name ``rule`` itself (its id, dotted name or an alias), not a group it is in? Only
    such a selector turns on a preview rule while preview is off."""
    return selector in (rule.id, rule.name, *rule.aliases)


def could_name_exactly(selector: str) -> bool:
    """Could ``selector`` name one rule exactly (no category, no ``*``, not a two-letter prefix)? Said
    without the rules at hand, for the language server, which builds its Checker before the selection."""
    return selector not in CATEGORIES and "*" not in selector and len(selector) > 2


def selected(rule: Rule, select: Sequence[str] | None, ignore: Sequence[str] | None, preview: bool) -> bool:
    """Is ``rule`` chosen by these selectors? ``select`` empty or ``None`` means every rule (but preview
    rules only when ``preview``); a preview rule with preview off needs a select naming it exactly."""
    chosen = select or ()
    if rule.preview and not preview and not any(names_exactly(s, rule) for s in chosen):
        return False
    if chosen and not any(selector_matches(s, rule) for s in chosen):
        return False
    return not any(selector_matches(s, rule) for s in ignore or ())


def check_selectors(rules: Iterable[Rule], *, dormant: Iterable[Rule] = (), **given: Sequence[str] | None) -> None:
    """Raise ``UnknownSelectorError`` for the first selector, in any of the named lists, that matches none of
    ``rules``: ``check_selectors(ruleset, select=[...], ignore=[...])``. ``dormant``: rules known but off
    (preview rules while preview is off): a ``select`` that matches only those is refused with that reason,
    an ``ignore`` (or any other list) of them is accepted, since it asks for what already holds."""
    known = list(rules)
    off = list(dormant)
    for field, selectors in given.items():
        for index, selector in enumerate(selectors or ()):
            if isinstance(selector, str) and any(selector_matches(selector, rule) for rule in known):
                continue
            asleep = [r.id for r in off if isinstance(selector, str) and selector_matches(selector, r)]
            if asleep and field != "select":
                continue
            raise UnknownSelectorError(str(selector), field, index, asleep)


__all__ = [
    "UnknownSelectorError",
    "check_selectors",
    "could_name_exactly",
    "names_exactly",
    "selected",
    "selector_matches",
]
