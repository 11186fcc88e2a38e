"""Suppression comments, allow phrases and severity overrides: in the core, so the API honours them too."""

from __future__ import annotations

import pytest

from tonecheck import Checker
from tonecheck.overrides import Overrides

FLAGGED = "You never listen to me."


def ids(report_findings: list) -> list[str]:  # type: ignore[type-arg]
    return [f.rule_id for f in report_findings]


def test_the_sentence_is_flagged_without_a_comment(checker: Checker) -> None:
    assert "BL01" in ids(checker.check(FLAGGED).findings)


@pytest.mark.parametrize(
    "text",
    [
        f"{FLAGGED}  <!-- tonecheck: ignore -->",
        f"{FLAGGED} # tonecheck: ignore[BL01]",
        f"{FLAGGED} // tonecheck: ignore[blaming]",
        f"{FLAGGED} tonecheck: ignore[PR02, blame.*]",
        f"<!-- tonecheck: ignore[BL] -->\n\n{FLAGGED}",
        f"tonecheck: off\n{FLAGGED}\ntonecheck: on",
    ],
)
def test_comments_suppress_the_finding_they_name(checker: Checker, text: str) -> None:
    report = checker.check(text)
    assert "BL01" not in ids(report.findings)
    assert not [c for c in report.unused_ignores if not c.unused_codes]


def test_ignore_for_another_rule_keeps_the_finding_and_is_reported_unused(checker: Checker) -> None:
    report = checker.check(f"{FLAGGED} # tonecheck: ignore[PR02, BL01, NA]")
    assert "BL01" not in ids(report.findings)
    (unused,) = report.unused_ignores
    assert unused.line == 1 and unused.column == FLAGGED.index(".") + 5
    assert unused.unused_codes == ["PR02", "NA"]
    report = checker.check(f"{FLAGGED} # tonecheck: ignore[PR02]")
    assert "BL01" in ids(report.findings)
    assert report.unused_ignores[0].unused_codes == ["PR02"]


def test_off_block_ends_at_on_and_a_bare_comment_that_hides_nothing_is_unused(checker: Checker) -> None:
    report = checker.check(f"tonecheck: off\n{FLAGGED}\ntonecheck: on\n{FLAGGED}\nI miss you. tonecheck: ignore")
    assert [f.line for f in report.findings if f.rule_id == "BL01"] == [4]
    assert [(c.line, c.comment, c.unused_codes) for c in report.unused_ignores] == [(5, "tonecheck: ignore", [])]


def test_suppressed_findings_do_not_count_towards_the_verdict(checker: Checker) -> None:
    assert checker.check(FLAGGED).verdict != "send"
    report = checker.check(f"tonecheck: off\n{FLAGGED}")
    assert report.findings == [] and report.counts == {}


def test_allow_phrases_and_severity_overrides(checker: Checker) -> None:
    text = "You never know what will happen. You never listen to me."
    findings = checker.check(text).findings
    overrides = Overrides(checker.ruleset, allow=["YOU NEVER KNOW"], severity={"blaming": "info", "BL01": "error"})
    adjusted = overrides.apply(text, findings)
    bl01 = [f for f in adjusted if f.rule_id == "BL01"]
    assert [f.text for f in bl01] == ["You never listen"]
    assert bl01[0].severity == "error"  # the later, more specific selector wins
    assert all(f.severity == "info" for f in adjusted if f.category == "blaming" and f.rule_id != "BL01")
    with pytest.raises(ValueError, match="matches no rule"):
        Overrides(checker.ruleset, severity={"ZZ": "info"})
