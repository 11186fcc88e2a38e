"""RuleSet -> spaCy Matcher / PhraseMatcher / DependencyMatcher, keyed by rule id.

Matching stays cheap by design. Phrase patterns share one PhraseMatcher per attribute (a hash lookup per
token). Token and dependency patterns are gated: a pattern whose tokens ask for literal words (``LOWER``,
``LEMMA``, ... with a value or an ``IN`` list) can only match a Doc that holds one of those words for every
such required token, so a rule's matcher runs only when its words are all present. Patterns with no literal
word share one ungated Matcher. The DependencyMatcher costs more than the parse once it has many patterns,
and most drafts hold none of a given rule's words.

A Doc longer than ``WINDOW_TOKENS`` has its token patterns matched in windows of that many tokens, each
starting half a window after the one before. spaCy's Matcher reports every match of a ``+`` or ``*`` pattern,
so over a run of n tokens that all fit (5,000 ``!``, a shouted page) it reports about n squared matches: a
draft of a few kB took minutes and gigabytes. In windows the work is n times the window. A match of up to half
a window is always found, a longer one only inside one window. A window that still yields more matches than it
has tokens keeps the longest match from each start. (Not sentence by sentence: rules do match across the
small model's sentence breaks, as in "sorry i yelled | but you knew".)
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from spacy.matcher import DependencyMatcher, Matcher, PhraseMatcher
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from ..loader import RuleSet
from ..models import DependencyPattern, FindingsPattern, PhrasePattern, SentencePattern, TokenPattern
from . import lexicon
from .guards.regex import bounded

_TEXT_ATTRS = ("LOWER", "ORTH", "TEXT", "NORM", "LEMMA")
_REQUIRED_OPS = (None, "1", "+")
WINDOW_TOKENS = 128

# A gate: for each required token, the hashes of the lower-cased words it accepts.
Gate = tuple[frozenset[int], ...]


class Role(Enum):
    """What a match is for: a rule's pattern, one of its exceptions, or one of its sentence exceptions."""

    PATTERN = "pattern"
    EXCEPTION = "exception"
    SENTENCE_EXCEPTION = "sentence-exception"


@dataclass(frozen=True)
class RawMatch:
    """A pattern hit before conditions and exceptions: token span plus named dependency nodes."""

    rule_id: str
    start: int
    end: int
    nodes: tuple[tuple[str, int], ...] = ()  # dependency node name -> token index
    role: Role = Role.PATTERN


@dataclass
class _Gated:
    """One key's gated patterns: the matcher runs when the Doc's words pass any of the gates."""

    gates: list[Gate]
    token_matcher: Matcher | None = None
    dependency_matcher: DependencyMatcher | None = None
    node_names: list[list[str]] | None = None
    # Each gate as the ids of its required word sets (``_GateIndex``), so opening is one superset test.
    gate_ids: list[frozenset[int]] | None = None


class _GateIndex:
    """Which required word sets a Doc's words meet, found from the Doc's words (about 40 a draft) through an
    index word -> sets, instead of intersecting every gate's sets (some hold a whole word class) with them."""

    def __init__(self, groups: Iterable[_Gated]):
        ids: dict[frozenset[int], int] = {}
        self.by_word: dict[int, list[int]] = {}
        for group in groups:
            group.gate_ids = []
            for gate in group.gates:
                gate_ids = []
                for required in gate:
                    if required not in ids:
                        ids[required] = len(ids)
                        for word in required:
                            self.by_word.setdefault(word, []).append(ids[required])
                    gate_ids.append(ids[required])
                group.gate_ids.append(frozenset(gate_ids))

    def met(self, words: Iterable[int]) -> set[int]:
        met: set[int] = set()
        for word in words:
            found = self.by_word.get(word)
            if found:
                met.update(found)
        return met


class RuleMatcher:
    """Finds raw matches and exception spans for every rule of a RuleSet in a Doc."""

    def __init__(self, vocab: Vocab, ruleset: RuleSet, make_doc: Callable[[str], Doc]):
        lexicon.register_extension()
        self.vocab = vocab
        self.make_doc = make_doc
        self.ruleset = ruleset
        self.ungated = Matcher(vocab, validate=True)
        self.has_ungated = False
        self.phrase_matchers: dict[str, PhraseMatcher] = {}
        self.gated: list[tuple[str, _Gated]] = []
        # spaCy keys matches by string; each (rule, role) gets its own key, read back through this table.
        self.keys: dict[str, tuple[str, Role]] = {}
        self._index: _GateIndex | None = None  # built at the first call, after every pattern is added
        # Sentence and findings rules get their matches from the component, not from here, so their
        # exceptions must always be looked for.
        self.matched_elsewhere = {
            rule.id for rule in ruleset if any(isinstance(p, (SentencePattern, FindingsPattern)) for p in rule.patterns)
        }
        for rule in ruleset:
            self._add(self._key(rule.id, Role.PATTERN), rule.patterns)
            self._add(self._key(rule.id, Role.EXCEPTION), rule.exceptions)
            self._add(self._key(rule.id, Role.SENTENCE_EXCEPTION), rule.sentence_exceptions)

    def add(self, rule_id: str, role: Role, patterns: Iterable[Any]) -> None:
        """Adds patterns under ``rule_id`` in ``role``, for pattern sets that share this matcher with the rules
        (politeness strategies, ``engine.politeness``): one pass over the Doc finds both."""
        self._add(self._key(rule_id, role), patterns)

    def _key(self, rule_id: str, role: Role) -> str:
        key = rule_id if role is Role.PATTERN else f"{rule_id}/{role.value}"
        self.keys[key] = (rule_id, role)
        return key

    def _raw(self, key: str, start: int, end: int, nodes: tuple[tuple[str, int], ...] = ()) -> RawMatch:
        rule_id, role = self.keys[key]
        return RawMatch(rule_id, start, end, nodes, role)

    def _add(self, key: str, patterns: Iterable[Any]) -> None:
        self._index = None
        patterns = list(patterns)
        token_patterns = [p.pattern for p in patterns if isinstance(p, TokenPattern)]
        self._add_token(
            key,
            [[bounded(t) for t in variant] for pattern in token_patterns for variant in lexicon.compiled(pattern)],
        )
        for pattern in patterns:
            if isinstance(pattern, PhrasePattern):
                if pattern.attr not in self.phrase_matchers:
                    self.phrase_matchers[pattern.attr] = PhraseMatcher(self.vocab, attr=pattern.attr)
                # Phrases are tokenised only: PhraseMatcher on LOWER/ORTH/NORM needs no tagging.
                texts = [p.lower() if pattern.attr == "LOWER" else p for p in pattern.phrases]
                self.phrase_matchers[pattern.attr].add(key, [self.make_doc(text) for text in texts])
        dependency = [_compiled_dependency(p.pattern) for p in patterns if isinstance(p, DependencyPattern)]
        if dependency:
            matcher = DependencyMatcher(self.vocab, validate=True)
            for index, variants in enumerate(dependency):
                # One key a pattern (its word-class variants share it), so a match says which pattern (and so
                # which node names) it is.
                matcher.add(f"{key}@{index}", variants)
            gates = [self._gate([node["RIGHT_ATTRS"] for node in variants[0]]) for variants in dependency]
            names = [[node["RIGHT_ID"] for node in variants[0]] for variants in dependency]
            # A dependency pattern with no literal word has an empty gate, which is always open.
            self.gated.append((key, _Gated(gates, dependency_matcher=matcher, node_names=names)))

    def _add_token(self, key: str, patterns: list[list[dict[str, Any]]]) -> None:
        gated: list[list[dict[str, Any]]] = []
        gates: list[Gate] = []
        for pattern in patterns:
            gate = self._gate([token for token in pattern if token.get("OP") in _REQUIRED_OPS])
            if gate:
                gated.append(pattern)
                gates.append(gate)
            else:
                self.ungated.add(key, [pattern])
                self.has_ungated = True
        if gated:
            matcher = Matcher(self.vocab, validate=True)
            matcher.add(key, gated)
            self.gated.append((key, _Gated(gates, token_matcher=matcher)))

    def _gate(self, tokens: Sequence[dict[str, Any]]) -> Gate:
        required = []
        for attrs in tokens:
            words = _literal_words(attrs)
            if words is not None:
                required.append(frozenset(get_string_id(word) for word in words))
        return tuple(required)

    def __call__(self, doc: Doc, skip: Collection[str] = (), defer: Collection[str] = ()) -> list[RawMatch]:
        """Raw matches of every rule but those in ``skip`` (rules the caller already knows cannot hold here,
        e.g. whose message-scope conditions fail: their matchers are not run). The exceptions of rules in
        ``defer`` that need a gated matcher are left out (their phrase and ungated ones come with the rest): the
        caller asks for them with ``exceptions`` once it knows it needs them."""
        strings = self.vocab.strings
        found: set[RawMatch] = set()
        segments = _segments(doc)
        if self.has_ungated:
            for match_id, start, end in _token_matches(self.ungated, segments):
                found.add(self._raw(strings[match_id], start, end))
        for matcher in self.phrase_matchers.values():
            for match_id, start, end in matcher(doc):
                found.add(self._raw(strings[match_id], start, end))
        if skip:
            found = {match for match in found if match.rule_id not in skip}
        if not self.gated or not len(doc):
            return sorted(found, key=_order)
        if self._index is None:
            self._index = _GateIndex(group for _, group in self.gated)
        met = self._index.met(_doc_words(doc))

        def open_for(group: _Gated) -> bool:
            return any(map(met.issuperset, group.gate_ids or ()))

        # Exceptions only matter for rules that matched, so their matchers run last and only for those rules.
        matched = {match.rule_id for match in found if match.role is Role.PATTERN} | self.matched_elsewhere
        for key, group in self.gated:
            rule_id, role = self.keys[key]
            wanted = role is Role.PATTERN and rule_id not in skip and open_for(group)
            if wanted and self._run(key, group, doc, segments, found):
                matched.add(rule_id)
        for key, group in self.gated:
            rule_id, role = self.keys[key]
            wanted = role is not Role.PATTERN and rule_id in matched and rule_id not in skip
            if wanted and rule_id not in defer and open_for(group):
                self._run(key, group, doc, segments, found)
        return sorted(found, key=_order)

    def exceptions(self, doc: Doc, rule_id: str) -> list[RawMatch]:
        """The exception and sentence-exception matches of one rule that ``__call__`` deferred (``defer``)."""
        found: set[RawMatch] = set()
        keys = {f"{rule_id}/{role.value}" for role in (Role.EXCEPTION, Role.SENTENCE_EXCEPTION)}
        if self.gated and len(doc):
            if self._index is None:
                self._index = _GateIndex(group for _, group in self.gated)
            met = self._index.met(_doc_words(doc))
            segments = _segments(doc)
            for key, group in self.gated:
                if key in keys and any(map(met.issuperset, group.gate_ids or ())):
                    self._run(key, group, doc, segments, found)
        return sorted(found, key=_order)

    def _run(self, key: str, group: _Gated, doc: Doc, segments: list[Segment], found: set[RawMatch]) -> bool:
        """Adds the matches of one gated key; whether it found any."""
        strings = self.vocab.strings
        before = len(found)
        if group.token_matcher is not None:
            for _match_id, start, end in _token_matches(group.token_matcher, segments):
                found.add(self._raw(key, start, end))
        if group.dependency_matcher is not None and group.node_names is not None:
            for match_id, token_ids in group.dependency_matcher(doc):
                index = int(strings[match_id].rsplit("@", 1)[1])
                nodes = tuple(zip(group.node_names[index], token_ids, strict=True))
                found.add(self._raw(key, min(token_ids), max(token_ids) + 1, nodes))
        return len(found) > before


def _compiled_dependency(pattern: Sequence[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """A dependency pattern's variants with word-class tests as plain word lists (``lexicon.compiled``)."""
    variants: list[list[dict[str, Any]]] = [[]]
    for node in pattern:
        choices = [bounded(attrs) for (attrs,) in lexicon.compiled([node["RIGHT_ATTRS"]])]
        variants = [[*variant, {**node, "RIGHT_ATTRS": attrs}] for variant in variants for attrs in choices]
    return variants


Segment = tuple[Doc | Span, int]  # what a matcher reads, and the Doc offset of its first token


def _segments(doc: Doc) -> list[Segment]:
    """Where token patterns are matched: the whole Doc, or overlapping windows of a long one (see the docstring).
    A short Doc is matched as itself, not as ``doc[:]``: spaCy's Matcher reads every token of what it is given,
    once per matcher, and a Span's tokens cost an extra call each."""
    if len(doc) <= WINDOW_TOKENS:
        return [(doc, 0)]
    step = WINDOW_TOKENS // 2
    return [(doc[start : min(start + WINDOW_TOKENS, len(doc))], start) for start in range(0, len(doc) - step, step)]


def _token_matches(matcher: Matcher, segments: Iterable[Segment]) -> Iterator[tuple[int, int, int]]:
    """``(key, start, end)`` of every match in the segments, with Doc token offsets."""
    for segment, offset in segments:
        matches = matcher(segment)
        if len(matches) > len(segment):
            longest: dict[tuple[int, int], int] = {}
            for match_id, start, end in matches:
                longest[match_id, start] = max(end, longest.get((match_id, start), end))
            matches = [(match_id, start, end) for (match_id, start), end in longest.items()]
        for match_id, start, end in matches:
            yield match_id, offset + start, offset + end


def _order(match: RawMatch) -> tuple[int, int, str, str]:
    return (match.start, match.end, match.rule_id, match.role.value)


def _doc_words(doc: Doc) -> set[int]:
    """Hashes of every token's lower-case form and lemma (lemmas such as 'be' are lower-case already)."""
    array = doc.to_array(["LOWER", "LEMMA"])
    return {int(value) for value in array.ravel().tolist()}


def _literal_words(attrs: dict[str, Any]) -> list[str] | None:
    """The lower-case words a token spec accepts, if it names them (``{LOWER: x}``, ``{LEMMA: {IN: [...]}}``,
    or word classes ``{_: {tc_class: ...}}``, whose words are matched on lower-case form or lemma too)."""
    classes = lexicon.pattern_classes(attrs)
    if classes is not None:
        return sorted(lexicon.words_of(classes))
    for attr in _TEXT_ATTRS:
        value = attrs.get(attr)
        if isinstance(value, str):
            return [value.lower()]
        if isinstance(value, dict) and set(value) == {"IN"} and isinstance(value["IN"], list):
            return [str(v).lower() for v in value["IN"]]
    return None
