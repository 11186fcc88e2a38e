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

import functools
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
    """Which gated matchers a Doc opens, found from the Doc's words (about 40 a draft) through an index
    word -> required word sets -> matchers, instead of testing every matcher's gates (there are a thousand)."""

    def __init__(self, groups: Sequence[_Gated]):
        ids: dict[frozenset[int], int] = {}
        self.by_word: dict[int, list[int]] = {}
        # required-set id -> the groups with a gate whose first required set it is: a gate is met only when its
        # first set is, so only those groups are looked at, and one of a single set needs no more test.
        self.by_set: dict[int, list[int]] = {}
        self.always: list[int] = []  # groups with an empty gate (a dependency pattern with no literal word)
        self.simple: list[bool] = []  # one gate of one required set
        for position, group in enumerate(groups):
            group.gate_ids = []
            firsts = set()
            for gate in group.gates:
                gate_ids = []
                for required in gate:
                    if required not in ids:
                        ids[required] = len(ids)
                        for word in required:
                            self.by_word.setdefault(word, []).append(ids[required])
                    gate_ids.append(ids[required])
                group.gate_ids.append(frozenset(gate_ids))
                if gate_ids:
                    firsts.add(gate_ids[0])
                else:
                    self.always.append(position)
            for set_id in firsts:
                self.by_set.setdefault(set_id, []).append(position)
            self.simple.append(len(group.gates) == 1 and len(group.gates[0]) == 1)
        self.groups = groups

    def met(self, words: Iterable[int]) -> set[int]:
        met: set[int] = set()
        for word in words:
            found = self.by_word.get(word)
            if found:
                met.update(found)
        return met

    def open(self, words: Iterable[int]) -> list[int]:
        """The positions of the groups with a gate whose every required set the words meet, in order."""
        met = self.met(words)
        opened = set(self.always)
        groups, simple = self.groups, self.simple
        for set_id in met:
            for position in self.by_set.get(set_id, ()):
                if simple[position] or any(map(met.issuperset, groups[position].gate_ids or ())):
                    opened.add(position)
        return sorted(opened)


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
        self._hashed: dict[tuple[str, ...], frozenset[int]] = {}  # a gate's word set, hashed once
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
        # One matcher per distinct gate: spaCy's Matcher tries every pattern it holds at every token (about a
        # microsecond each), so a key's patterns whose words are absent must not run with those that are present.
        groups: dict[Gate, list[list[dict[str, Any]]]] = {}
        for pattern in patterns:
            for variant in _first_token_equalities(pattern):
                gate = self._gate([token for token in variant if token.get("OP") in _REQUIRED_OPS])
                if gate:
                    groups.setdefault(gate, []).append(variant)
                else:
                    self.ungated.add(key, [variant])
                    self.has_ungated = True
        for gate, gated in groups.items():
            # Not validated again: every pattern came in as a ``TokenPattern``, which spaCy's schema validated,
            # and a thousand matchers validating their variants cost 0.4 s a Checker.
            matcher = Matcher(self.vocab, validate=False)
            matcher.add(key, gated)
            self.gated.append((key, _Gated([gate], token_matcher=matcher)))

    def _gate(self, tokens: Sequence[dict[str, Any]]) -> Gate:
        required = []
        for attrs in tokens:
            words = _literal_words(attrs)
            if words is not None:
                found = self._hashed.get(words)
                if found is None:
                    found = self._hashed[words] = frozenset(get_string_id(word) for word in words)
                required.append(found)
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
            for match_id, start, end in _token_matches([self.ungated], segments):
                found.add(self._raw(strings[match_id], start, end))
        for matcher in self.phrase_matchers.values():
            for match_id, start, end in matcher(doc):
                found.add(self._raw(strings[match_id], start, end))
        if skip:
            found = {match for match in found if match.rule_id not in skip}
        if not self.gated or not len(doc):
            return sorted(found, key=_order)
        opened = self._opened(doc)
        # Exceptions only matter for rules that matched, so their matchers run last and only for those rules.
        matched = {match.rule_id for match in found if match.role is Role.PATTERN} | self.matched_elsewhere
        for key, groups in opened.items():
            rule_id, role = self.keys[key]
            if role is Role.PATTERN and rule_id not in skip and self._run(key, groups, doc, segments, found):
                matched.add(rule_id)
        for key, groups in opened.items():
            rule_id, role = self.keys[key]
            wanted = role is not Role.PATTERN and rule_id in matched and rule_id not in skip
            if wanted and rule_id not in defer:
                self._run(key, groups, doc, segments, found)
        return sorted(found, key=_order)

    def _opened(self, doc: Doc) -> dict[str, list[_Gated]]:
        """The gated matchers the Doc's words open, by key, in the order they were added."""
        if self._index is None:
            self._index = _GateIndex([group for _, group in self.gated])
        opened: dict[str, list[_Gated]] = {}
        for position in self._index.open(_doc_words(doc)):
            key, group = self.gated[position]
            opened.setdefault(key, []).append(group)
        return opened

    def exceptions(self, doc: Doc, rule_id: str) -> list[RawMatch]:
        """The exception and sentence-exception matches of one rule that ``__call__`` deferred (``defer``)."""
        found: set[RawMatch] = set()
        keys = {f"{rule_id}/{role.value}" for role in (Role.EXCEPTION, Role.SENTENCE_EXCEPTION)}
        if self.gated and len(doc):
            segments = _segments(doc)
            for key, groups in self._opened(doc).items():
                if key in keys:
                    self._run(key, groups, doc, segments, found)
        return sorted(found, key=_order)

    def _run(self, key: str, groups: list[_Gated], doc: Doc, segments: list[Segment], found: set[RawMatch]) -> bool:
        """Adds the matches of one key's open gated matchers; whether they found any."""
        strings = self.vocab.strings
        before = len(found)
        token_matchers = [group.token_matcher for group in groups if group.token_matcher is not None]
        if token_matchers:
            for _match_id, start, end in _token_matches(token_matchers, segments):
                found.add(self._raw(key, start, end))
        for group in groups:
            if group.dependency_matcher is not None and group.node_names is not None:
                for match_id, token_ids in group.dependency_matcher(doc):
                    index = int(strings[match_id].rsplit("@", 1)[1])
                    nodes = tuple(zip(group.node_names[index], token_ids, strict=True))
                    found.add(self._raw(key, min(token_ids), max(token_ids) + 1, nodes))
        return len(found) > before


# An ``IN`` list of at most this many values on a pattern's first token is spelled out as one pattern a value.
_MAX_SPELLED_OUT = 12
# Token attributes spaCy's Matcher compares in C when given one value (an ``IN`` list is a Python predicate).
_C_ATTRS = frozenset({"ORTH", "TEXT", "LOWER", "NORM", "LEMMA", "POS", "TAG", "DEP", "SHAPE"})


def _first_token_equalities(pattern: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The pattern with a short ``IN`` list on its first token spelled out as one pattern per value.

    spaCy's Matcher starts every pattern at every token, so a first token's ``IN`` test (a Python predicate)
    runs on every token of the Doc; one value is compared in C, and gives the variant a one-word gate, so it
    runs only when that word is in the Doc. The variants together match what the list matches (spaCy
    reports a key's match once, however many of its patterns find it). A repeated (``*`` / ``+``) or negated
    first token keeps its list: a run may mix values, and "none of" is not "any of".
    """
    if not pattern:
        return [pattern]
    first = pattern[0]
    if first.get("OP") not in (None, "1", "?"):
        return [pattern]
    spelled = [
        attr
        for attr, value in first.items()
        if attr in _C_ATTRS
        and isinstance(value, dict)
        and set(value) == {"IN"}
        and isinstance(value["IN"], list)
        and 0 < len(value["IN"]) <= _MAX_SPELLED_OUT
    ]
    if len(spelled) != 1:
        return [pattern]
    attr = spelled[0]
    values = list(dict.fromkeys(first[attr]["IN"]))
    return [[{**first, attr: value}, *pattern[1:]] for value in values]


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


def _token_matches(matchers: Sequence[Matcher], segments: Iterable[Segment]) -> Iterator[tuple[int, int, int]]:
    """``(key, start, end)`` of every match of the matchers in the segments, with Doc token offsets. The
    matchers' matches in a segment are taken together, as if one matcher held all their patterns."""
    for segment, offset in segments:
        if len(matchers) == 1:
            matches = matchers[0](segment)
        else:
            matches = list(dict.fromkeys(match for matcher in matchers for match in matcher(segment)))
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


def _literal_words(attrs: dict[str, Any]) -> tuple[str, ...] | None:
    """The lower-case words a token spec accepts, if it names them (``{LOWER: x}``, ``{LEMMA: {IN: [...]}}``,
    or word classes ``{_: {tc_class: ...}}``, whose words are matched on lower-case form or lemma too)."""
    classes = lexicon.pattern_classes(attrs)
    if classes is not None:
        return _class_words(tuple(classes))
    for attr in _TEXT_ATTRS:
        value = attrs.get(attr)
        if isinstance(value, str):
            return (value.lower(),)
        if isinstance(value, dict) and set(value) == {"IN"} and isinstance(value["IN"], list):
            return tuple(str(v).lower() for v in value["IN"])
    return None


@functools.lru_cache(maxsize=256)
def _class_words(names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(lexicon.words_of(names)))
