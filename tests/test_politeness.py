"""Politeness strategies: every strategy's own examples (data/politeness.yml) through the real pipeline, and
how hits show on ``report.signals``."""

from __future__ import annotations

import pytest

from tonecheck import Checker
from tonecheck.engine import politeness
from tonecheck.models import Report

CASES = [
    pytest.param(name, text, expected, id=f"{name}-{'positive' if expected else 'negative'}-{i}")
    for name, strategy in politeness.strategies().items()
    for expected, texts in ((True, strategy.examples.positive), (False, strategy.examples.negative))
    for i, text in enumerate(texts)
]


def hits(report: Report, name: str) -> list[str]:
    return [h.text for s in report.signals.sentences for h in s.strategies if h.strategy == name]


@pytest.mark.parametrize(("name", "text", "expected"), CASES)
def test_strategy_examples(checker: Checker, name: str, text: str, expected: bool) -> None:
    found = hits(checker.check(text), name)
    assert bool(found) == expected, f"{name} on {text!r}: {found}"


def test_every_strategy_of_the_paper_and_the_project_is_defined() -> None:
    names = set(politeness.strategies())
    paper = {
        "gratitude", "deference", "greeting", "positive-words", "negative-words", "apologizing", "please",
        "please-start", "indirect", "direct-question", "direct-start", "counterfactual-modal", "indicative-modal",
        "first-person-start", "first-person-plural", "second-person-start", "hedges", "factuality",
    }  # fmt: skip
    own = {"i-feeling", "softener", "warm-emoji", "hostile-emoji"}
    assert paper | own <= names


def test_hits_carry_the_words_and_their_offsets(checker: Checker) -> None:
    text = "Hi Sam! Could you please send the file whenever you're free? Thanks so much :)"
    report = checker.check(text)
    first, second, third = report.signals.sentences
    assert ("greeting", "Hi") in {(h.strategy, h.text) for h in first.strategies}
    found = {(h.strategy, h.text) for h in second.strategies}
    assert {("counterfactual-modal", "Could you"), ("please", "please"), ("softener", "whenever you're free")} <= found
    assert {("gratitude", "Thanks"), ("warm-emoji", ":)")} <= {(h.strategy, h.text) for h in third.strategies}
    for sentence in report.signals.sentences:
        for hit in sentence.strategies:
            assert text[hit.start : hit.end] == hit.text
            assert sentence.start <= hit.start < sentence.end


def test_quoted_words_are_not_the_writer_s_strategies(checker: Checker) -> None:
    report = checker.check('He texted "thanks so much, sorry" and left.')
    assert hits(report, "gratitude") == [] and hits(report, "apologizing") == []


def test_please_counts_once_in_the_right_place(checker: Checker) -> None:
    report = checker.check("Please, please call me.")
    assert hits(report, "please-start") == ["Please"]
    assert hits(report, "please") == ["please"]


def test_strategy_file_refuses_a_strategy_with_no_source() -> None:
    with pytest.raises(ValueError, match="either patterns or signal"):
        politeness.Strategy.model_validate(
            {"name": "x", "label": "x", "source": "x", "examples": {"positive": ["a"], "negative": ["b"]}}
        )
