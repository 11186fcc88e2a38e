"""RuleSet -> spaCy Matcher / PhraseMatcher / DependencyMatcher, keyed by rule id.

Matching stays cheap by design: token and phrase patterns share one matcher each (one pass over the doc),
and a rule's dependency patterns run only when the doc holds a word their anchor node asks for, because
the DependencyMatcher costs more than the parse once it has many patterns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from spacy.matcher import DependencyMatcher, Matcher, PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from .loader import RuleSet
from .models import DependencyPattern, PhrasePattern, TokenPattern

EXCEPTION_SUFFIX = "#exception"
SENTENCE_EXCEPTION_SUFFIX = "#in-sentence"
_TEXT_ATTRS = ("LOWER", "ORTH", "TEXT", "NORM", "LEMMA")


@dataclass(frozen=True)
class RawMatch:
    """A pattern hit before conditions and exceptions: token span plus named dependency nodes."""

    rule_id: str
    start: int
    end: int
    nodes: tuple[tuple[str, int], ...] = ()  # dependency node name -> token index


@dataclass
class _DependencyGroup:
    matcher: DependencyMatcher
    anchors: frozenset[str] | None  # lower-case words the anchor needs; None = always run
    node_names: list[list[str]]


class RuleMatcher:
    """Finds raw matches and exception spans for every rule of a RuleSet in a Doc."""

    def __init__(self, vocab: Vocab, ruleset: RuleSet, make_doc: Callable[[str], Doc]):
        self.vocab = vocab
        self.make_doc = make_doc
        self.ruleset = ruleset
        self.token_matcher = Matcher(vocab, validate=True)
        self.phrase_matchers: dict[str, PhraseMatcher] = {}
        self.dependency_groups: dict[str, _DependencyGroup] = {}
        for rule in ruleset:
            self._add(rule.id, rule.patterns)
            self._add(rule.id + EXCEPTION_SUFFIX, rule.exceptions)
            self._add(rule.id + SENTENCE_EXCEPTION_SUFFIX, rule.sentence_exceptions)

    def _add(self, key: str, patterns: Iterable[Any]) -> None:
        token = [p.pattern for p in patterns if isinstance(p, TokenPattern)]
        if token:
            self.token_matcher.add(key, token)
        for pattern in patterns:
            if isinstance(pattern, PhrasePattern):
                if pattern.attr not in self.phrase_matchers:
                    self.phrase_matchers[pattern.attr] = PhraseMatcher(self.vocab, attr=pattern.attr)
                phrase_matcher = self.phrase_matchers[pattern.attr]
                # Phrases are tokenised only: PhraseMatcher on LOWER/ORTH/NORM needs no tagging.
                texts = [p.lower() if pattern.attr == "LOWER" else p for p in pattern.phrases]
                phrase_matcher.add(key, [self.make_doc(text) for text in texts])
        dependency = [p for p in patterns if isinstance(p, DependencyPattern)]
        if dependency:
            dependency_matcher = DependencyMatcher(self.vocab, validate=True)
            for index, dep_pattern in enumerate(dependency):
                # One key a pattern, so a match says which pattern (and so which node names) it is.
                dependency_matcher.add(f"{key}@{index}", [dep_pattern.pattern])
            anchor_sets = [_anchor_words(p.pattern[0]["RIGHT_ATTRS"]) for p in dependency]
            anchors = (
                None
                if any(a is None for a in anchor_sets)
                else frozenset().union(*(a for a in anchor_sets if a is not None))
            )
            self.dependency_groups[key] = _DependencyGroup(
                dependency_matcher, anchors, [[node["RIGHT_ID"] for node in p.pattern] for p in dependency]
            )

    def __call__(self, doc: Doc) -> list[RawMatch]:
        strings = self.vocab.strings
        found: set[RawMatch] = set()
        for match_id, start, end in self.token_matcher(doc):
            found.add(RawMatch(strings[match_id], start, end))
        for matcher in self.phrase_matchers.values():
            for match_id, start, end in matcher(doc):
                found.add(RawMatch(strings[match_id], start, end))
        if self.dependency_groups:
            words = {t.lower_ for t in doc} | {t.lemma_.lower() for t in doc}
            for key, group in self.dependency_groups.items():
                if group.anchors is not None and not (group.anchors & words):
                    continue
                for match_id, token_ids in group.matcher(doc):
                    index = int(strings[match_id].rsplit("@", 1)[1])
                    nodes = tuple(zip(group.node_names[index], token_ids, strict=True))
                    found.add(RawMatch(key, min(token_ids), max(token_ids) + 1, nodes))
        return sorted(found, key=lambda m: (m.start, m.end, m.rule_id))


def _anchor_words(attrs: dict[str, Any]) -> frozenset[str] | None:
    for attr in _TEXT_ATTRS:
        value = attrs.get(attr)
        if isinstance(value, str):
            return frozenset({value.lower()})
        if isinstance(value, dict) and isinstance(value.get("IN"), list):
            return frozenset(str(v).lower() for v in value["IN"])
    return None
