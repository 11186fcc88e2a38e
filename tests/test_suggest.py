"""Suggestions: the parse-based transforms on real sentences, and what the shipped rules offer."""

from __future__ import annotations

import pytest

from tonecheck import Checker, load_rules
from tonecheck.models import Finding
from tonecheck.rewrite.transforms import TRANSFORMS

RULES = load_rules()


def _sentence_finding(text: str, focus: str | None = None) -> Finding:
    start = text.index(focus) if focus else 0
    end = start + len(focus) if focus else len(text)
    return Finding(
        rule_id="BL99",
        name="test.whole-text",
        category="blaming",
        severity="warning",
        start=start,
        end=end,
        line=1,
        column=1,
        text=text[start:end],
        message="m",
        why="w",
    )


def _apply(checker: Checker, name: str, text: str, focus: str | None = None) -> tuple[str, str] | None:
    """The text with transform ``name`` applied to a finding on ``focus`` (default: the whole text), and
    the safety mark."""
    suggestion = TRANSFORMS[name](_sentence_finding(text, focus), checker.nlp(text))
    if suggestion is None:
        return None
    assert 0 <= suggestion.start <= suggestion.end <= len(text)
    return text[: suggestion.start] + suggestion.replacement + text[suggestion.end :], suggestion.safety


CASES = [
    # The guides' own pairs, exactly.
    ("i-statement", "You hurt me by ignoring my calls.", "I felt hurt when you ignored my calls.", "safe"),
    ("i-statement", "You made me so angry last night.", "I felt so angry last night.", "safe"),
    ("soften-absolute", "You never listen to me.", "Sometimes I don't feel heard.", "safe"),
    ("soften-demand", "Call me tonight.", "Could you call me tonight?", "safe"),
    ("soften-demand", "Reply ASAP.", "I'd love to hear from you when you're ready.", "safe"),
    ("soften-demand", "Answer me.", "Whenever you're ready, I'd love to hear from you.", "safe"),
    # Tense, person and agreement from the parse and lemminflect.
    (
        "i-statement",
        "You really hurt me when you ignore my texts.",
        "I feel really hurt when you ignore my texts.",
        "safe",
    ),
    ("i-statement", "You upset me when you yelled at me.", "I felt upset when you yelled at me.", "safe"),
    ("i-statement", "You embarrassed me in front of everyone.", "I felt embarrassed in front of everyone.", "safe"),
    ("i-statement", "You've hurt me so much.", "I felt so hurt.", "safe"),
    ("i-statement", "You hurt me so much by lying.", "I felt so hurt when you lied.", "safe"),
    ("i-statement", "Honestly, you hurt me by not calling.", "Honestly, I felt hurt when you didn't call.", "safe"),
    ("i-statement", "You make me feel stupid.", "I feel stupid.", "safe"),
    ("i-statement", "You made me wait two hours.", "I waited two hours.", "safe"),
    ("i-statement", "You ruined my birthday.", "I felt like my birthday was ruined.", "safe"),
    ("i-statement", "You ruined my plans.", "I felt like my plans were ruined.", "safe"),
    ("i-statement", "You yelled at me in front of the kids.", "I felt yelled at in front of the kids.", "safe"),
    ("i-statement", "You lied to me about the money.", "I felt lied to about the money.", "safe"),
    # Where the feeling is not in the words: an I-message with a blank, for the writer to fill.
    (
        "i-statement",
        "Why did you leave without saying goodbye?",
        "I felt [feeling] when you left without saying goodbye.",
        "review",
    ),
    ("i-message", "You forgot our anniversary.", "I felt hurt when our anniversary slipped your mind.", "safe"),
    ("i-message", "You didn't call me.", "I felt ignored when you didn't call me.", "safe"),
    ("i-message", "You never call me.", "I feel ignored when you don't call me.", "safe"),
    (
        "soften-absolute",
        "Why do you always forget my birthday?",
        "I feel hurt when my birthday slips your mind.",
        "safe",
    ),
    ("soften-absolute", "You always interrupt me.", "Sometimes I feel interrupted.", "safe"),
    ("soften-absolute", "You never call me back.", "I'd love it if you called me back more often.", "safe"),
    (
        "soften-absolute",
        "You never pick up when it matters.",
        "I'd love it if you picked up more often when it matters.",
        "safe",
    ),
    (
        "soften-absolute",
        "You never help with anything.",
        "I'd love it if you helped with anything more often.",
        "review",
    ),
    # Requests keep what is asked, lose the pressure.
    ("soften-demand", "You need to call your mother.", "Could you call your mother when you get a chance?", "safe"),
    ("soften-demand", "Come home immediately.", "Could you come home as soon as you can?", "safe"),
    ("soften-demand", "Fix the sink by 5pm.", "Could you fix the sink by 5pm?", "safe"),
    ("soften-demand", "Call me tonight, babe.", "Could you call me tonight, babe?", "safe"),
    (
        "soften-demand",
        "You have to come to my party, no excuses.",
        "Could you come to my party?",
        "safe",
    ),
    (
        "soften-demand",
        "u better be there at 8 tonight 😤",
        "Could you be there at 8 tonight? 😤",
        "safe",
    ),
    (
        "guilt-to-wish",
        "If you really loved me you'd skip the trip and stay here.",
        "It would mean a lot to me if you skipped the trip and stayed here.",
        "safe",
    ),
    ("soften-demand", "Call me when you land.", "Could you call me when you land?", "safe"),
    ("soften-demand", "CALL ME NOW!!!", "No rush, but I'd love to hear back.", "safe"),
    ("soften-demand", "CALL ME", "Let me know when you can.", "safe"),
    ("soften-demand", "Sam, call me tonight!!", "Sam, could you call me tonight?", "safe"),
    (
        "soften-demand",
        "Send me the report ASAP, the client is waiting.",
        "Could you send me the report soon? The client is waiting.",
        "safe",
    ),
    ("soften-demand", "text me the second you land.", "Could you text me the second you land?", "safe"),
    ("i-statement", "You scared me when you didn't come home.", "I felt scared when you didn't come home.", "safe"),
    (
        "guilt-to-wish",
        "If you really loved me you'd skip the trip.",
        "It would mean a lot to me if you skipped the trip.",
        "safe",
    ),
    (
        "guilt-to-wish",
        "You would come home if you cared about me.",
        "It would mean a lot to me if you came home.",
        "safe",
    ),
    (
        "guilt-to-wish",
        "After everything I've done for you, the least you could do is come home for Christmas.",
        "It would mean a lot to me if you came home for Christmas.",
        "safe",
    ),
    ("soften-absolute", "You're always late.", "I feel worried when you're late.", "safe"),
    ("apology-only", "I'm sorry I missed it, but traffic was insane.", "I'm sorry I missed it.", "review"),
    ("apology-only", "I'm sorry, but you started it.", "I'm sorry.", "review"),
    ("calm-punctuation", "Where are you??", "Where are you?", "safe"),
    ("calm-punctuation", "Fine!!!", "Fine!", "safe"),
    ("lower-case", "CALL ME NOW", "Call me now", "safe"),
]


@pytest.mark.parametrize(("name", "text", "expected", "safety"), CASES, ids=[f"{c[0]}:{c[1]}" for c in CASES])
def test_transform(checker: Checker, name: str, text: str, expected: str, safety: str) -> None:
    assert _apply(checker, name, text) == (expected, safety)


FOCUSED = [
    ("drop-aside", "You have to come to my party, no excuses.", "no excuses", "You have to come to my party."),
    ("drop-aside", "Need you online this weekend. Not optional.", "Not optional", "Need you online this weekend."),
    (
        "drop-aside",
        "Per my last email, the figures are in the appendix.",
        "Per my last email",
        "The figures are in the appendix.",
    ),
    ("drop-aside", "Be there on Sunday. I'm not asking. Thanks.", "I'm not asking", "Be there on Sunday. Thanks."),
    ("lower-case", "Where are you. CALL ME.", "CALL ME", "Where are you. Call me."),
    (
        "soften-demand",
        "Hey, can you jump on a call right now? Like right now.",
        "right now",
        "Hey, can you jump on a call when you get a chance? Like right now.",
    ),
    ("lower-case", "What is going on? Come home NOW.", "NOW", "What is going on? Come home now."),
    ("calm-punctuation", "Reply to my email!!!", "!!!", "Reply to my email!"),
    ("lower-case", "I NEED TO KNOW RIGHT NOW", "RIGHT NOW", "I NEED TO KNOW right now"),
]


@pytest.mark.parametrize(("name", "text", "focus", "expected"), FOCUSED, ids=[f"{c[0]}:{c[1]}" for c in FOCUSED])
def test_transform_on_the_flagged_words(checker: Checker, name: str, text: str, focus: str, expected: str) -> None:
    assert _apply(checker, name, text, focus) == (expected, "safe")


def test_drop_aside_leaves_words_inside_a_clause(checker: Checker) -> None:
    assert _apply(checker, "drop-aside", "Some of us actually clean up after ourselves.", "Some of us actually") is None


def test_a_command_after_a_greeting_line_keeps_the_greeting(checker: Checker) -> None:
    text = "Hey.\nPlease just pick up."
    email = "Hi Sam,\n\nYou need to send me the slides.\n"
    after_greeting = TRANSFORMS["soften-demand"](_sentence_finding(email, "You need to"), checker.nlp(email))
    assert after_greeting is not None and after_greeting.replacement.startswith("Could you send me the slides")
    suggestion = TRANSFORMS["soften-demand"](_sentence_finding(text, "pick up"), checker.nlp(text))
    assert suggestion is not None
    rewritten = text[: suggestion.start] + suggestion.replacement + text[suggestion.end :]
    assert rewritten.startswith("Hey.\n") and rewritten.endswith(".") and "love to hear" in rewritten


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("soften-demand", "Don't ignore me."),  # "could you not ignore me" changes the sense
        ("soften-demand", "Need the deck ASAP."),  # the writer's own need, not a command
        ("soften-demand", "I hope you're well."),
        ("i-message", "Why would you do that?"),  # no event to keep
        ("calm-punctuation", "Where are you?"),
        ("guilt-to-wish", "If you have time, you could call me."),
        ("apology-only", "I'm sorry I missed it."),
        ("drop-aside", "Not optional."),  # nothing would be left
        # the sentence already says how the writer feels; "rarely" would still be an accusation
        ("soften-absolute", "I'm frustrated because you never update the tracker, and I look bad."),
    ],
)
def test_transform_declines_what_it_cannot_rewrite(checker: Checker, name: str, text: str) -> None:
    assert _apply(checker, name, text) is None


def test_every_shipped_rule_offers_a_suggestion() -> None:
    missing = [rule.id for rule in RULES if not rule.suggestions]
    assert not missing, f"rules without a suggestion: {missing}"


def test_rules_name_only_registered_transforms() -> None:
    named = {(rule.id, spec.transform) for rule in RULES for spec in rule.suggestions if spec.transform}
    unknown = sorted(f"{rule_id}: {name}" for rule_id, name in named if name not in TRANSFORMS)
    assert not unknown, f"unknown transforms: {unknown}"


def test_suggestions_point_into_the_checked_text(checker: Checker) -> None:
    """On every flagged example: each suggestion replaces a real span of the text, and one with
    [blanks] is never marked safe."""
    for rule in RULES:
        for example in rule.examples.flagged:
            for finding in checker.check(example.text).findings:
                for suggestion in finding.suggestions:
                    assert 0 <= suggestion.start <= suggestion.end <= len(example.text), (rule.id, suggestion)
                    if "[" in suggestion.replacement and "]" in suggestion.replacement:
                        assert suggestion.safety == "review", (rule.id, suggestion)


def test_an_ultimatum_loses_its_threat_and_keeps_its_request(checker: Checker) -> None:
    text = "Text me back right now or we're done."
    result = _apply(checker, "soften-demand", text)
    assert result is not None and "done" not in result[0] and result[1] == "safe"


def test_a_transform_suggestion_stays_review_when_the_rule_says_so(checker: Checker) -> None:
    """A rule's ``safety: review`` lowers a transform's own mark; the transform's mark is never raised."""
    from tonecheck.models import SuggestionSpec
    from tonecheck.rewrite.suggest import _apply as apply_spec

    text = "You hurt me by ignoring my calls."
    doc = checker.nlp(text)
    finding = _sentence_finding(text)
    reviewed = apply_spec(SuggestionSpec(transform="i-statement", safety="review"), finding, doc)
    trusted = apply_spec(SuggestionSpec(transform="i-statement", safety="safe"), finding, doc)
    blank = apply_spec(SuggestionSpec(transform="i-message", safety="safe"), finding, doc)
    assert reviewed is not None and reviewed.safety == "review"
    assert trusted is not None and trusted.safety == "safe"
    assert blank is not None and blank.safety == "review" and "[feeling]" in blank.replacement


def test_every_flagged_example_gets_a_suggestion(checker: Checker, request: pytest.FixtureRequest) -> None:
    missing = []
    for rule in RULES:
        runner = request.getfixturevalue("preview_checker") if rule.preview else checker  # preview rules: off
        for example in rule.examples.flagged:
            # the rule alone: beside other rules' findings a message offers one template at most
            found = [f for f in runner.check(example.text, select=[rule.id]).findings if f.rule_id == rule.id]
            if found and not any(f.suggestions for f in found):
                missing.append(f"{rule.id}: {example.text!r}")
    assert not missing, f"flagged without any suggestion: {missing}"


def test_the_example_harness_accepts_the_words_or_the_whole_rewritten_example(checker: Checker) -> None:
    from tonecheck.testing import ExampleCase, run_case

    def case(expected: str) -> ExampleCase:
        return ExampleCase("PR10", "flagged", 0, "Where are you. CALL ME.", "CALL ME", expected)

    assert run_case(checker, case("Call me")) is None
    assert run_case(checker, case("Where are you. Call me.")) is None
    problem = run_case(checker, case("Where are you. call me."))
    assert problem is not None and "expected first suggestion" in problem
