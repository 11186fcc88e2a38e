"""The pre-send answer in Python: verdict, reasons, highlights, and the policy that decides them."""

from __future__ import annotations

import pydantic
import pytest

import tonecheck
from tonecheck import CategoryPolicy, Checker, PresendPolicy

PRESSURING = "Answer me right now. Call me ASAP."
BLAMING = "You never listen to me."
GENTLE = "Hey, I hope you're doing well. No pressure to respond, but I'd love to hear how you're doing."
DRAFTS = [PRESSURING, BLAMING, GENTLE, "You hurt me by ignoring my calls.", "Call me tonight.", "hope you're well!"]


@pytest.mark.parametrize("text", DRAFTS)
def test_the_default_policy_agrees_with_the_report_verdict(checker: Checker, text: str) -> None:
    assert checker.presend(text).verdict == checker.check(text).verdict


def test_a_gentle_draft_can_be_sent_with_nothing_to_show(checker: Checker) -> None:
    result = checker.presend(GENTLE)
    assert result.verdict == "send"
    assert result.ok_to_send
    assert result.reasons == []
    assert result.highlights == []


def test_a_pressuring_draft_names_the_words_and_the_rules(checker: Checker) -> None:
    result = checker.presend(PRESSURING)
    assert result.verdict in ("review", "revise")
    assert not result.ok_to_send
    highlighted = {PRESSURING[h.start : h.end] for h in result.highlights}
    assert {"Answer me", "ASAP"} <= highlighted
    assert all(h.category == "pressuring" for h in result.highlights)
    # Every finding that moved the verdict (warning or worse, by default) is a reason, at the same words.
    by_rule = {(r.rule_id, r.start, r.end) for r in result.reasons if r.rule_id}
    assert by_rule == {(h.rule_id, h.start, h.end) for h in result.highlights if h.severity != "info"}
    assert all(r.message.startswith(r.rule_id) for r in result.reasons if r.rule_id)
    # The most serious reason comes first.
    assert result.reasons[0].verdict == result.verdict


def test_a_category_that_cannot_block_stops_at_review(checker: Checker) -> None:
    strict = PresendPolicy(revise_at="warning", revise_below=0.0)
    assert checker.presend(PRESSURING, strict).verdict == "revise"
    lenient = strict.model_copy(update={"blocking": ["blaming"]})
    result = checker.presend(PRESSURING, lenient)
    assert result.verdict == "review"
    assert {r.verdict for r in result.reasons} == {"review"}
    # Blaming still blocks under the same policy.
    assert checker.presend(BLAMING, lenient).verdict == "revise"


def test_per_category_thresholds_override_the_policy_wide_ones(checker: Checker) -> None:
    relaxed = PresendPolicy(
        categories={"pressuring": CategoryPolicy(review_at="error", revise_at="error")}, review_below=0.0
    )
    assert checker.presend("Call me tonight.", relaxed).verdict == "send"
    assert checker.presend(BLAMING, relaxed).verdict == "review"


def test_a_low_gentleness_score_is_a_reason_of_its_own(checker: Checker) -> None:
    policy = PresendPolicy(review_at="error", revise_at="error", revise_below=0.99)
    result = checker.presend(PRESSURING, policy)
    assert result.verdict == "revise"
    assert [r.rule_id for r in result.reasons] == [None]
    assert "gentleness" in result.reasons[0].message


@pytest.mark.parametrize(
    "bad",
    [
        {"blocking": ["rudeness"]},
        {"categories": {"pressuring": {"revise_at": "fatal"}}},
        {"categories": {"pressuring": {"block": True}}},
        {"review_below": 2},
        {"thresholds": {}},
    ],
)
def test_a_mistyped_policy_is_rejected(bad: dict[str, object]) -> None:
    with pytest.raises(pydantic.ValidationError):
        PresendPolicy.model_validate(bad)


def test_the_module_level_call_uses_the_shipped_rules() -> None:
    result = tonecheck.presend(BLAMING)
    assert result.highlights and result.highlights[0].text == "You never listen"
    assert tonecheck.PresendResult.model_validate_json(result.model_dump_json()) == result


REWRITABLE = [
    "Call me ASAP!!!",
    "Why do you always ignore me??",
    "I NEED an answer tonight!!",
    "You hurt me by ignoring my calls.",
    BLAMING,
    GENTLE,
    PRESSURING,
]


def test_the_answer_carries_the_whole_draft_rewrite_and_its_verdict(checker: Checker) -> None:
    offered = 0
    for text in REWRITABLE:
        result = checker.presend(text)
        rewritten = checker.rewrite(text)
        if rewritten.text == text:
            assert result.rewrite is None and result.rewrite_verdict is None
            continue
        offered += 1
        assert result.rewrite == rewritten.text
        assert result.rewrite_verdict == checker.presend(rewritten.text, suggest_rewrite=False).verdict
    assert offered >= 1, "no draft got a rewrite: presend is not wired to Checker.rewrite"


def test_the_rewrite_can_be_skipped(checker: Checker) -> None:
    text = REWRITABLE[0]
    assert checker.presend(text, suggest_rewrite=False).rewrite is None
    assert checker.presend(text, suggest_rewrite=False).verdict == checker.presend(text).verdict


def test_presend_takes_select_and_ignore_like_check(checker: Checker) -> None:
    text = PRESSURING + " " + BLAMING
    only_blame = checker.presend(text, select=["blaming"])
    assert only_blame.highlights and {h.category for h in only_blame.highlights} == {"blaming"}
    assert "blaming" not in {h.category for h in checker.presend(text, ignore=["blaming"]).highlights}
    assert only_blame.highlights == checker.check(text, select=["blaming"]).findings
