"""Contracted "be" ("I'm", "you're") is parsed as "be", so the signals built on it see what a reader sees."""

from __future__ import annotations

from tonecheck import Checker


def test_contracted_feeling_statement_counts(checker: Checker) -> None:
    signals = checker.check("I'm frustrated that the trip got cancelled.").signals
    assert [s.text for s in signals.feeling_statements] == ["I'm frustrated"]


def test_contracted_be_gets_its_lemma(checker: Checker) -> None:
    doc = checker.nlp("I'm tired and you're late.")
    assert [t.lemma_ for t in doc if t.lower_ in ("'m", "'re")] == ["be", "be"]
    assert all(t.pos_ == "AUX" for t in doc if t.lower_ in ("'m", "'re"))
