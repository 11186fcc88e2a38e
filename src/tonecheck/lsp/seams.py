"""Matches that cross the break between two paragraphs, found at the cost of a few patterns.

The incremental check (``tonecheck.lsp.incremental``) matches each paragraph on its own, but a token pattern
can match across a paragraph break: NA05 finds "sorry about earlier.\\n\\nYou know how I get" across one. Such
a match holds the break's whitespace token, so only patterns with a token that can be whitespace can make
one: a token that names its words (``LOWER: you``, ``LEMMA: {IN: [...]}``) or asks for a letter, digit or
punctuation cannot. About a fifth of the rules' token patterns are left (``{IS_PUNCT: false, OP: "{0,3}"}``,
``{LOWER: {NOT_IN: [...]}}``, ``{OP: "!"}`` ...), and only they run over a seam; when one of them crosses the
break, the full matcher runs over the seam once more for the exceptions of its rule.
"""

from __future__ import annotations

from typing import Any

from spacy.matcher import Matcher
from spacy.tokens import Doc

from ..engine.matcher import RawMatch, Role, RuleMatcher

_WORD_ATTRS = ("LOWER", "ORTH", "TEXT", "NORM", "LEMMA")
_NEVER_SPACE_FLAGS = ("IS_ALPHA", "IS_PUNCT", "IS_DIGIT", "LIKE_NUM", "IS_UPPER", "IS_TITLE", "IS_LOWER")


def may_be_whitespace(spec: dict[str, Any]) -> bool:
    """Whether a token pattern's spec could match a whitespace-only token; ``True`` when in doubt."""
    if spec.get("OP") == "!":
        return True
    for attr in _WORD_ATTRS:
        value = spec.get(attr)
        if isinstance(value, str):
            return value.isspace()
        if isinstance(value, dict) and isinstance(value.get("IN"), list):
            return any(str(word).isspace() for word in value["IN"])
    return not (any(spec.get(flag) is True for flag in _NEVER_SPACE_FLAGS) or spec.get("IS_SPACE") is False)


class SeamMatcher:
    """The matches of a ``RuleMatcher``'s patterns that cross a given token boundary of a Doc."""

    def __init__(self, rules: RuleMatcher):
        self.rules = rules
        self.matcher = Matcher(rules.vocab, validate=False)
        # Each key's token patterns, read once from every matcher (a key's patterns are spread over one matcher
        # per gate, and there are about a thousand).
        by_key: dict[str, list[Any]] = {}
        for key in rules.keys:
            if key in rules.ungated:
                by_key[key] = list(rules.ungated.get(key)[1])
        for key, group in rules.gated:
            if group.token_matcher is not None and key in group.token_matcher:
                by_key.setdefault(key, []).extend(group.token_matcher.get(key)[1])
        for key in rules.keys:
            patterns = [
                pattern for pattern in by_key.get(key, []) if any(may_be_whitespace(spec) for spec in pattern)
            ]
            if patterns:
                self.matcher.add(key, patterns)

    def __call__(self, doc: Doc, cut: int) -> list[RawMatch]:
        """Matches holding both ``doc[cut - 1]`` and ``doc[cut]``, and the exceptions in ``doc`` of the rules
        that have such a match."""
        if not doc[cut - 1].is_space:
            # A long paragraph cut inside a line (``engine.chunking``): no whitespace token to look for.
            found = self.rules(doc)
            crossing = [m for m in found if m.start < cut < m.end]
        else:
            strings = self.rules.vocab.strings
            crossing = []
            for match_id, start, end in self.matcher(doc):
                if start < cut < end:
                    rule_id, role = self.rules.keys[strings[match_id]]
                    crossing.append(RawMatch(rule_id, start, end, (), role))
            found = None
        rules = {m.rule_id for m in crossing if m.role is Role.PATTERN}
        if not rules:
            return sorted(set(crossing), key=order_of)
        found = found if found is not None else self.rules(doc)
        excepted = [m for m in found if m.role is not Role.PATTERN and m.rule_id in rules]
        return sorted(set(crossing) | set(excepted), key=order_of)


def order_of(match: RawMatch) -> tuple[int, int, str, str]:
    return (match.start, match.end, match.rule_id, match.role.value)  # as the matcher orders its matches
