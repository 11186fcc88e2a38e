"""What ``check`` offers as ``safe`` passes the rewrite's quality gate on the sentences it touches; a
suggestion the gate refuses is offered as ``review``, and past ``GATED_PER_DRAFT`` safe suggestions a draft
gets review ones only (bounded work per draft). See ``tonecheck.rewrite.offer``."""

from __future__ import annotations

import pytest

from tonecheck import Checker
from tonecheck.models import Report
from tonecheck.rewrite.gate import defects
from tonecheck.rewrite.offer import GATED_PER_DRAFT, OfferGate


def _offered(report: Report, words: str) -> set[str]:
    """The safety marks of the suggestions replacing ``words`` (offsets into the checked text)."""
    return {s.safety for f in report.findings for s in f.suggestions if words in f.text or s.replacement == words}


# drafts whose safe suggestion the gate refuses, the words it would replace, and the gate's reason
REFUSED = [
    # an imperative after "you always do this" mocks the habit: asking for it politely is absurd
    (
        "You always do this. Make a mess and leave everyone else to clean it up.",
        "Make a mess and leave everyone else to clean it up.",
        "sarcasm made a request",
    ),
    (
        "You never do this. Just ignore my texts and go out with your friends.",
        "Just ignore my texts and go out with your friends.",
        "sarcasm made a request",
    ),
    # dropping the threat would drop a name and a day of the writer's
    (
        "Back my proposal on Thursday. Otherwise I might mention to Linda where you actually were on Friday.",
        " Otherwise I might mention to Linda where you actually were on Friday.",
        "fact deleted",
    ),
]


@pytest.mark.parametrize(("draft", "words", "reason"), REFUSED, ids=[r[2] + ":" + r[0][:30] for r in REFUSED])
def test_refused_suggestion_is_offered_for_review(checker: Checker, draft: str, words: str, reason: str) -> None:
    start = draft.index(words)
    candidates = [
        s
        for f in checker.check(draft).findings
        for s in f.suggestions
        if (s.start, s.end) == (start, start + len(words))
    ]
    assert candidates, "the rule still offers a wording for these words"
    assert all(s.safety == "review" for s in candidates)
    assert reason in defects(draft, start, start + len(words), candidates[0].replacement, checker._parse_only)
    # and the safe rewrite leaves those words alone
    assert words.strip() in checker.rewrite(draft).text


def test_a_good_suggestion_stays_safe(checker: Checker) -> None:
    report = checker.check("Hi Dad, you need to call Grandma this weekend. She misses you.")
    assert any(
        s.safety == "safe" and s.replacement.startswith("could you call")
        for f in report.findings
        for s in f.suggestions
    )


def test_what_check_offers_as_safe_passes_the_whole_gate(checker: Checker) -> None:
    """Gating the touched sentences alone agrees with the gate over the whole draft."""
    drafts = [
        "Hey.\nYou never listen to me.\nCall me back.\n",
        "Send me the figures by 5pm. I need to close the quarter.",
        "You hurt me by ignoring my calls. Answer me right now!",
        "hello?? helloooo?? where r u rn???",
        "Because of you we missed the deadline. Fix it today.",
    ]
    for draft in drafts:
        for finding in checker.check(draft).findings:
            for s in finding.suggestions:
                if s.safety == "safe":
                    assert defects(draft, s.start, s.end, s.replacement, checker._parse_only) == [], (draft, s)


def test_work_per_draft_is_bounded(checker: Checker) -> None:
    """Past ``per_draft`` distinct safe suggestions, the rest are offered as review, whatever the cache
    holds: the same draft checked twice gets the same report."""
    times = ["tonight", "tomorrow", "this weekend", "after lunch"]
    draft = " ".join(f"Call me {t}. Text me {t}." for t in times)
    ungated = checker._check(draft, None, None, gate=False)
    safe = sorted({(s.start, s.replacement) for f in ungated.findings for s in f.suggestions if s.safety == "safe"})
    assert len(safe) == 8
    bounded = OfferGate(checker._parse_only, per_draft=3)
    doc = checker.nlp(draft)
    for _ in range(2):  # cold cache, then warm: the same offer
        gated = bounded.findings(draft, ungated.findings, ungated.signals.sentences, doc)
        still = sorted({(s.start, s.replacement) for f in gated for s in f.suggestions if s.safety == "safe"})
        assert still == safe[:3]
    assert checker.check(draft) == checker.check(draft)
    assert GATED_PER_DRAFT >= 8  # an ordinary draft's safe suggestions are all gated, none demoted unread


def test_rewrite_reports_what_check_offers(checker: Checker) -> None:
    draft = REFUSED[0][0]
    result = checker.rewrite(draft)
    assert result.before == checker.check(draft)
    assert all(
        p.suggestion.safety == "review" for p in result.review if p.suggestion.replacement.startswith("Could you make")
    )
