from __future__ import annotations

import pytest

from tonecheck import Checker
from tonecheck.engine.signals import combined_sentiment, quoted_spans, sentiment


@pytest.mark.parametrize(
    "text",
    [
        "You never listen to me. I am so tired of this. Answer me!",
        "I had a lovely time. Thanks for dinner, it was great.",
        "Hi. I'm not sure what happened yesterday, but I miss you.",
    ],
)
def test_message_sentiment_agrees_with_vader_on_the_whole_text(checker: Checker, text: str) -> None:
    signals = checker.check(text).signals
    assert signals.sentiment == pytest.approx(sentiment(text), abs=0.05)
    assert signals.sentiment == combined_sentiment(s.sentiment for s in signals.sentences)


def test_combined_sentiment_of_nothing_is_neutral() -> None:
    assert combined_sentiment([]) == 0.0


@pytest.mark.parametrize(
    ("text", "feeling"),
    [
        ("I feel lonely.", "I feel lonely"),
        ("I felt hurt when you didn't call.", "I felt hurt"),
        ("I'm worried about you.", "I'm worried"),
        ("Honestly it hurt me.", "it hurt me"),
        ("I got the dates wrong. I'm really sorry.", "I'm really sorry"),
        ("I was afraid you'd leave.", "I was afraid"),
        ("I'm so happy for you!", "I'm so happy"),
    ],
)
def test_first_person_feeling_statements(checker: Checker, text: str, feeling: str) -> None:
    assert [f.text for f in checker.check(text).signals.feeling_statements] == [feeling]


@pytest.mark.parametrize(
    "text",
    [
        "You hurt me.",
        "You seem worried.",
        "They feel fine.",
        # "I" sentences that are formulas, not feelings: a grievance around them still lacks an I-statement
        "I told you the bins go out on Monday.",
        "I need the keys back by Friday.",
        "I'm sorry, but you started it.",
        "I'm afraid the deadline has passed.",
        "You moved my shift without asking. I'm happy to discuss it.",
    ],
)
def test_no_feeling_statement_without_a_first_person_feeling(checker: Checker, text: str) -> None:
    assert checker.check(text).signals.feeling_statements == []


@pytest.mark.parametrize(
    ("text", "imperative"),
    [
        ("Answer me.", True),
        ("Please, call me back.", True),
        ("Reply ASAP.", True),
        ("Sam, pick up the phone.", True),
        ("Don't walk away from me.", True),
        ("I called you.", False),
        ("Can you call me?", False),
        ("You call me every day.", False),
    ],
)
def test_commands_are_recognised_from_the_parse(checker: Checker, text: str, imperative: bool) -> None:
    assert checker.check(text).signals.sentences[0].imperative is imperative


def test_quotes_and_email_quoted_lines_are_masked() -> None:
    text = "She said \u201cyou never call\u201d.\n> You always do this\nI'm fine, it's 'ok'."
    masked = [text[a:b] for a, b in quoted_spans(text)]
    assert "\u201cyou never call\u201d" in masked
    assert "> You always do this" in masked
    assert "'ok'" in masked
    assert not any("it's" in m for m in masked)
