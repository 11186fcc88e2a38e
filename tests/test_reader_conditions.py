"""The you_did / you_did_to_me conditions: the reader as main-clause subject of what went wrong."""

from __future__ import annotations

import pytest

from tonecheck import Checker
from tonecheck.engine import signals as sig


def _first_sentence(checker: Checker, text: str):  # type: ignore[no-untyped-def]
    return next(iter(checker.nlp(text).sents))


@pytest.mark.parametrize(
    ("text", "did"),
    [
        ("You left the party without saying bye.", True),
        ("You never call on Sundays.", True),
        ("You're so petty.", True),
        ("You hurt me by ignoring my calls.", True),
        ("You forgot our anniversary.", True),  # the model tags "forgot" as present; the form says past
        ("I think you were napping when I called.", False),  # embedded clause
        ("You must be exhausted after finals.", False),  # a guess, not a report
        ("Sorry you're upset about the exam.", False),  # the reader's feeling, not a charge
        ("Text me when you're free.", False),
    ],
)
def test_reader_did(checker: Checker, text: str, did: bool) -> None:
    assert sig.reader_did(_first_sentence(checker, text)) is did


@pytest.mark.parametrize(
    ("text", "did"),
    [
        ("You opened my mail.", True),
        ("You didn't show up last night.", True),
        ("You always do this.", True),
        ("You left your umbrella here.", False),  # nothing done to the writer, nothing failed
        ("You don't have to come if you're busy.", False),  # a release, not a failure
        ("You did a great job.", False),
    ],
)
def test_reader_did_to_writer(checker: Checker, text: str, did: bool) -> None:
    assert sig.reader_did_to_writer(_first_sentence(checker, text)) is did


def test_missing_i_rules_use_the_conditions(checker: Checker) -> None:
    flagged = checker.check("You opened my mail and left it on the counter.")
    assert "missing-i-statement" in flagged.counts
    # The same complaint with a feeling statement is an I-message and passes.
    fine = checker.check("I felt really upset when you opened my mail and left it on the counter.")
    assert "missing-i-statement" not in fine.counts


def test_blame_without_feeling_is_also_a_missing_i_statement(checker: Checker) -> None:
    # IS03 runs after the other rules and needs a blaming finding in a sentence that names the reader.
    bare = checker.check("Why would you tell your mom about our fight?")
    assert {f.rule_id for f in bare.findings} >= {"BL06", "IS03"}
    with_feeling = checker.check("I'm so hurt. Why would you tell your mom about our fight?")
    assert "IS03" not in {f.rule_id for f in with_feeling.findings}
    assert "BL06" in {f.rule_id for f in with_feeling.findings}


def test_a_sentence_gets_one_missing_i_finding(checker: Checker) -> None:
    # IS02 already flags "You never listen to me."; IS03 does not add a second missing-I finding there.
    report = checker.check("You never listen to me.")
    assert [f.rule_id for f in report.findings if f.category == "missing-i-statement"] == ["IS02"]


@pytest.mark.parametrize(
    "text",
    [
        "How about you give me the two and you get one?",  # an offer: giving is not a charge
        "You are not having an easy trip.",  # how things are going, not what the reader failed at
        "You get the majority of the food and I get the water.",  # "get" with an object describes nothing
    ],
)
def test_offers_and_sympathy_are_not_reports_of_wrongdoing(checker: Checker, text: str) -> None:
    assert sig.reader_did(_first_sentence(checker, text)) is False


@pytest.mark.parametrize(
    "text",
    [
        "If you are attacked, you are only shown the footage.",  # the generic "you" of a hypothetical
        "You are right that we should not rush to judgment.",  # a description that is not harsh
        "Especially since you helped me out with the food!",  # something done for the writer: thanks
        "why don't you let me have three and you take the rest",  # a proposal asked as a question
    ],
)
def test_generic_you_agreement_and_thanks_are_not_grievances(checker: Checker, text: str) -> None:
    assert "missing-i-statement" not in checker.check(text).counts


def test_agreeing_with_the_reader_is_not_a_charge(checker: Checker) -> None:
    # The harsh word is in the clause "correct" introduces, not in the description of the reader.
    text = "You are correct that it is much easier to believe the victim than the abuser."
    assert sig.reader_did(_first_sentence(checker, text)) is False
