"""Pressuring, desperation and manipulation rules checked together, the way a user meets them: the hard
cases the issue names must pass with every rule loaded, the guides' own gentle messages get no finding at
all, and typical pressure gets the rule a user would expect."""

from __future__ import annotations

import pytest

from tonecheck import Checker

MINE = ("pressuring", "desperation", "manipulation")

HARD_CASES = [
    "Call me anytime!",
    "No need to reply now.",
    "Why don't we grab lunch?",
    "You have to try this cake.",
    "Take care.",
    "Let me know if you need anything.",
    "My boss said 'call me right now' and hung up.",
    "I felt hurt when you didn't call, and I need us to talk this week.",
    "You must be exhausted after finals. Come home whenever you like.",
    "You don't have to come to the party if you're not up for it.",
    "Text me when you're free and I'll meet you at the station.",
    "hey could you look at my draft? def not asap, anytime this week is great",
    "Right now I'm a bit overwhelmed, so I might be slow to reply.",
    "Happy birthday little bro!!! 🎉",
    "drive safe",
]


@pytest.mark.parametrize("text", HARD_CASES)
def test_hard_cases_are_not_pressure(checker: Checker, text: str) -> None:
    found = [(f.rule_id, f.text) for f in checker.check(text).findings if f.category in MINE]
    assert found == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Answer me.", {"PR01"}),
        ("Come home NOW.", {"PR02", "PR10"}),
        ("Fix the heater within 24 hours or I'm withholding rent.", {"PR03", "PR04", "PR05"}),
        ("If you really loved me you'd skip the trip.", {"PR06"}),
        ("You have to come to my party, no excuses.", {"PR18", "PR08"}),
        ("please please please just talk to me. i'm begging you.", {"PR01", "PR11", "DS02"}),
        ("i can't live without you", {"DS01"}),
        ("You clearly can't make time for me. Maybe I'll just find someone who actually cares.", {"MN01"}),
    ],
)
def test_typical_pressure_gets_the_expected_rules(checker: Checker, text: str, expected: set[str]) -> None:
    found = {f.rule_id for f in checker.check(text).findings if f.category in MINE}
    assert found == expected


def test_a_demand_in_quotes_is_reported_speech(checker: Checker) -> None:
    quoted = checker.check("My boss texted 'Answer me right now!' at 2am.")
    assert not [f for f in quoted.findings if f.category == "pressuring"]
    direct = checker.check("Answer me right now!")
    assert {f.rule_id for f in direct.findings} >= {"PR01", "PR02"}


def test_an_ultimatum_lowers_gentleness_and_asks_for_revision(checker: Checker) -> None:
    report = checker.check("Call me tonight or we're done.")
    assert report.verdict == "revise"
    assert report.gentleness < checker.check("Could you call me tonight?").gentleness
