"""Gentleness: the whole sentiment range and profanity count, every factor traceable to the report."""

from __future__ import annotations

from tonecheck import Checker


def test_warmer_drafts_are_gentler(checker: Checker) -> None:
    warm = checker.check("Thank you so much for dinner, it was lovely!")
    neutral = checker.check("The meeting moved to Thursday at 3.")
    cold = checker.check("The trip was a disaster and the hotel was awful.")
    assert not (warm.findings or neutral.findings or cold.findings)
    assert warm.gentleness > neutral.gentleness > cold.gentleness
    assert neutral.verdict == "send"


def test_swearing_lowers_gentleness_and_is_shown(checker: Checker) -> None:
    clean = checker.check("This show is so long.")
    swearing = checker.check("This fucking show is so long.")
    assert [p.text for p in swearing.signals.profanity] == ["fucking"]
    assert swearing.gentleness < clean.gentleness


def test_profanity_is_whole_words_and_not_in_quotes(checker: Checker) -> None:
    assert checker.check("We watched Arsenal play in a classic match.").signals.profanity == []
    quoted = checker.check('My boss literally said "this is bullshit" in the meeting.')
    assert quoted.signals.profanity == []


def test_empty_draft_is_fully_gentle(checker: Checker) -> None:
    assert checker.check("").gentleness == 1.0
