"""The hard cases of the rule library's brief: kind uses of words the rules look for pass with no finding,
across every shipped rule, and the guide's own blaming example is caught as both blaming and missing-I."""

from __future__ import annotations

import pytest

from tonecheck import Checker

KIND = [
    "You always make me laugh",
    "Call me anytime!",
    "No need to reply now",
    "It's not your fault",
    "Why don't we grab lunch?",
    "You have to try this cake",
    "my boss said 'you always miss deadlines'",
    "I felt hurt when you didn't call, and I need us to talk this week",
    # The messages the guides hold up as good.
    "Hey, I hope you're doing well. I've been thinking about you and wanted to check in. No pressure to "
    "respond, but I'd love to hear how you're doing.",
    "I understand that this might take time, and I'm not in a rush. I just want us to take things one step "
    "at a time and see where we can go from here.",
    "hope you're doing well, bye!",
    "I'm sorry I snapped at you last night. I was stressed about work, but that's on me, not you.",
]


@pytest.mark.parametrize("text", KIND)
def test_kind_messages_pass(checker: Checker, text: str) -> None:
    report = checker.check(text)
    assert report.findings == [], [(f.rule_id, f.text) for f in report.findings]
    assert report.verdict == "send"


def test_the_guides_example_of_blame_is_caught(checker: Checker) -> None:
    report = checker.check("You hurt me by ignoring my calls.")
    assert {"blaming", "missing-i-statement"} <= set(report.counts)
    rewritten = checker.check("I felt hurt when you ignored my calls.")
    assert rewritten.findings == []


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("sorry if you felt that way", "non-apology"),
        ("I'm sorry, but you started it.", "blaming"),
        ("What is wrong with you?", "blaming"),
        ("Thanks for nothing.", "blaming"),
        ("You're so selfish.", "blaming"),
        ("You forgot our anniversary.", "missing-i-statement"),
    ],
)
def test_each_kind_of_blame_is_caught(checker: Checker, text: str, category: str) -> None:
    assert category in checker.check(text).counts
