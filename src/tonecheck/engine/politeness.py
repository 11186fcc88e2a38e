"""Politeness strategies as signals: which strategies each sentence uses, and the words that show them.

The strategies are data (``data/politeness.yml``): spaCy patterns matched by the rules' own ``RuleMatcher``
(the component adds them to its matcher under ``politeness:<name>`` keys, so one matcher pass serves rules
and strategies), or a signal tonecheck already computes (VADER's lexicon, feeling statements, commands).
This module loads and validates them and turns raw matches into per-sentence ``StrategyHit`` lists.
"""

from __future__ import annotations

import bisect
import functools
import importlib.resources
from collections.abc import Iterable, Sequence
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from spacy.tokens import Doc, Span

from ..models import DependencyPattern, PhrasePattern, Signals, StrategyHit, TokenPattern
from ..ruleset.yamlread import read_data
from . import signals as sig
from .matcher import RawMatch, Role, RuleMatcher

KEY_PREFIX = "politeness:"
SignalSource = Literal["positive-words", "negative-words", "feeling-statement", "command"]
Position = Literal["anywhere", "start", "not-start", "opening"]
# A word's VADER valence (-4..4) must reach this to count as a positive or negative word: "good" 1.9,
# "wrong" -2.1 count; "ok" 0.9, "hard" -0.4 do not.
LEXICON_VALENCE = 1.5


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StrategyExamples(_Strict):
    positive: list[Annotated[str, Field(min_length=1)]] = Field(min_length=1)
    negative: list[Annotated[str, Field(min_length=1)]] = Field(min_length=1)


class Strategy(_Strict):
    name: str
    label: str
    source: str
    patterns: list[Annotated[TokenPattern | PhrasePattern | DependencyPattern, Field(discriminator="kind")]] = Field(
        default_factory=list
    )
    exceptions: list[Annotated[TokenPattern | PhrasePattern | DependencyPattern, Field(discriminator="kind")]] = Field(
        default_factory=list
    )
    signal: SignalSource | None = None
    position: Position = "anywhere"
    question: bool | None = None
    examples: StrategyExamples

    @model_validator(mode="after")
    def _one_source(self) -> Strategy:
        if bool(self.patterns) == (self.signal is not None):
            raise ValueError(f"strategy {self.name}: give either patterns or signal, not both or neither")
        return self


@functools.lru_cache(maxsize=1)
def strategies() -> dict[str, Strategy]:
    """The shipped strategies, by name, in file order."""
    path = importlib.resources.files("tonecheck") / "data" / "politeness.yml"
    data = read_data(path.read_text(encoding="utf-8"), str(path))
    return {name: Strategy.model_validate({"name": name, **fields}) for name, fields in data.items()}


def label(name: str) -> str:
    strategy = strategies().get(name)
    return strategy.label if strategy is not None else name


def add_patterns(matcher: RuleMatcher) -> None:
    """Adds every pattern strategy to a ``RuleMatcher`` under ``politeness:<name>``."""
    for strategy in strategies().values():
        if strategy.patterns:
            matcher.add(KEY_PREFIX + strategy.name, Role.PATTERN, strategy.patterns)
        if strategy.exceptions:
            matcher.add(KEY_PREFIX + strategy.name, Role.EXCEPTION, strategy.exceptions)


def find(
    doc: Doc,
    sents: Sequence[Span],
    matches: Iterable[RawMatch],
    signals: Signals,
    quoted: sig.SpanIndex,
) -> list[list[StrategyHit]]:
    """Strategy hits of each sentence from the matcher's ``politeness:<name>`` matches (patterns and
    exceptions) and the signals. Hits in reported speech (``quoted``) or overlapping an exception of their
    strategy do not count; a strategy counts once a place."""
    found_matches: list[tuple[str, int, int]] = []
    excepted: dict[str, list[tuple[int, int]]] = {}
    for match in matches:
        name = match.rule_id[len(KEY_PREFIX) :]
        if match.role is Role.PATTERN:
            found_matches.append((name, match.start, match.end))
        else:
            excepted.setdefault(name, []).append((match.start, match.end))
    starts = [sent.start for sent in sents]
    firsts = [_first_word(sent) for sent in sents]
    known = strategies()
    found: list[dict[tuple[str, int], StrategyHit]] = [{} for _ in sents]

    def add(index: int, name: str, start: int, end: int) -> None:
        span = doc[start:end]
        if quoted.overlaps(span.start_char, span.end_char):
            return
        key = (name, start)
        hit = found[index].get(key)
        if hit is None or hit.end < span.end_char:
            found[index][key] = StrategyHit(strategy=name, start=span.start_char, end=span.end_char, text=span.text)

    for name, start, end in found_matches:
        strategy = known.get(name)
        if strategy is None or not sents:
            continue
        if any(a < end and start < b for a, b in excepted.get(name, ())):
            continue
        index = bisect.bisect_right(starts, start) - 1
        if index < 0 or not _placed(strategy, start, firsts[index], signals.sentences[index].question):
            continue
        add(index, name, start, end)

    for index, sent in enumerate(sents):
        for token in sent:
            if token.is_stop or token.is_punct or token.is_space:
                continue
            valence = sig.word_valence(token.lower_)
            if valence >= LEXICON_VALENCE and "positive-words" in known:
                add(index, "positive-words", token.i, token.i + 1)
            elif valence <= -LEXICON_VALENCE and "negative-words" in known:
                add(index, "negative-words", token.i, token.i + 1)
        if signals.sentences[index].imperative and "command" in known:
            first = sig.first_content_token(sent)
            if first is not None:
                add(index, "command", first.i, first.i + 1)
    if "i-feeling" in known and signals.feeling_statements:
        char_starts = [sent.start_char for sent in sents]
        for statement in signals.feeling_statements:
            index = bisect.bisect_right(char_starts, statement.start) - 1
            span = doc.char_span(statement.start, statement.end, alignment_mode="expand")
            if index >= 0 and span is not None:
                add(index, "i-feeling", span.start, span.end)
    return [_without_overlaps(hits.values()) for hits in found]


def _without_overlaps(hits: Iterable[StrategyHit]) -> list[StrategyHit]:
    """One hit a place a strategy: of overlapping hits of one strategy ("my best offer" as "my best" and
    "best offer"), the first (then longest) is kept, so a phrase counts once. One sweep, not pairs: a
    shouted draft has thousands of hits in one sentence."""
    kept: list[StrategyHit] = []
    ends: dict[str, int] = {}
    for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
        if hit.start >= ends.get(hit.strategy, -1):
            kept.append(hit)
            ends[hit.strategy] = hit.end
    return sorted(kept, key=lambda h: (h.start, h.strategy))


def _first_word(sent: Span) -> int:
    """Token index of the sentence's first word (not punctuation or space); its end if it has none."""
    for token in sent:
        if not (token.is_punct or token.is_space):
            return token.i
    return sent.end


def _placed(strategy: Strategy, start: int, first: int, question: bool) -> bool:
    if strategy.question is not None and strategy.question != question:
        return False
    if strategy.position == "start":
        return start == first
    if strategy.position == "not-start":
        return start != first
    if strategy.position == "opening":
        return first <= start <= first + 1
    return True


def with_strategies(signals: Signals, hits: Sequence[list[StrategyHit]]) -> Signals:
    """``signals`` with each sentence's strategy hits filled in."""
    sentences = [s.model_copy(update={"strategies": h}) for s, h in zip(signals.sentences, hits, strict=True)]
    return signals.model_copy(update={"sentences": sentences})
