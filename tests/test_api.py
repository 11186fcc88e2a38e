from __future__ import annotations

import json
import threading

import pytest

import tonecheck
from tonecheck import Checker, Report

# The messages the guides hold up as good (../shared/data/dev/seed_messages.jsonl, expect: clean).
GENTLE_FROM_GUIDES = [
    "Hey, I hope you're doing well. I've been thinking about you and wanted to check in. No pressure to "
    "respond, but I'd love to hear how you're doing.",
    "I've been working on my communication and learning how to better balance my time. I realize now how "
    "important it is to prioritize the people I care about, and I'm committed to being more present in our "
    "relationship.",
    "I know there were times when we struggled to understand each other, and I'd really like to figure out "
    "how we can communicate better. I want to make sure we're both heard and valued.",
    "I understand that this might take time, and I'm not in a rush. I just want us to take things one step "
    "at a time and see where we can go from here.",
    "hope you're doing well, bye!",
    "I felt hurt when you didn't call.",
]


@pytest.mark.parametrize("text", GENTLE_FROM_GUIDES)
def test_gentle_messages_from_the_guides_get_no_finding(checker: Checker, text: str) -> None:
    report = checker.check(text)
    assert report.findings == []
    assert report.verdict == "send"


def test_the_guides_own_bad_example_is_blaming_and_missing_an_i_statement(checker: Checker) -> None:
    report = checker.check("You hurt me by ignoring my calls.")
    categories = {f.category for f in report.findings}
    assert {"blaming", "missing-i-statement"} <= categories
    assert report.verdict in ("review", "revise")
    assert report.gentleness < 1.0


def test_offsets_slice_the_original_text(checker: Checker) -> None:
    text = "Hi.\r\n\r\n  You never listen to me. Answer me right now!"
    report = checker.check(text)
    assert report.findings
    for finding in report.findings:
        assert text[finding.start : finding.end] == finding.text
    never = next(f for f in report.findings if f.rule_id == "BL01")
    assert (never.line, never.column) == (3, 3)


def test_module_level_check_uses_a_shared_default_checker() -> None:
    report = tonecheck.check("You never listen to me.")
    assert [f.rule_id for f in report.findings if f.category == "blaming"] == ["BL01"]
    assert tonecheck.default_checker() is tonecheck.default_checker()


def test_report_round_trips_through_versioned_json(checker: Checker) -> None:
    report = checker.check("You never listen to me. Answer me right now!")
    data = json.loads(report.model_dump_json())
    assert data["schema_version"] == tonecheck.SCHEMA_VERSION
    assert Report.model_validate(data) == report
    schema = Report.model_json_schema()
    assert "findings" in schema["properties"]


def test_findings_carry_why_and_message(checker: Checker) -> None:
    finding = checker.check("You never listen to me.").findings[0]
    assert "You never listen" in finding.message
    assert finding.why and "\n" not in finding.why


def test_select_and_ignore_by_prefix_category_id_and_name() -> None:
    only_blame = Checker(select=["BL"])
    text = "You never listen to me. Answer me right now!"
    assert {f.category for f in only_blame.check(text).findings} == {"blaming"}
    no_urgency = Checker(select=["pressuring"], ignore=["PR02"])
    kept = no_urgency.check(text).findings
    assert "PR01" in {f.rule_id for f in kept} and "PR02" not in {f.rule_id for f in kept}
    assert {f.category for f in kept} == {"pressuring"}
    by_name = Checker(select=["blame.*"])
    assert all(r.category == "blaming" for r in by_name.ruleset)


def test_unknown_selector_is_an_error() -> None:
    with pytest.raises(ValueError, match="ZZ99"):
        Checker(select=["ZZ99"])


def test_per_call_select_and_ignore(checker: Checker) -> None:
    text = "You never listen to me. Answer me right now!"
    assert {f.category for f in checker.check(text, select=["pressuring"]).findings} == {"pressuring"}
    assert all(f.rule_id != "BL01" for f in checker.check(text, ignore=["BL01"]).findings)


def test_check_many_streams_reports_in_order(checker: Checker) -> None:
    texts = ["Answer me.", "hope you're doing well, bye!", "You never listen to me."]
    reports = list(checker.check_many(iter(texts), batch_size=2))
    assert [bool(r.findings) for r in reports] == [True, False, True]


def test_check_many_with_two_processes_gives_the_same_reports(checker: Checker) -> None:
    texts = ["Answer me.", "You never listen to me.", "I felt hurt when you didn't call."] * 3
    one = [r.model_dump() for r in checker.check_many(texts)]
    two = [r.model_dump() for r in checker.check_many(texts, n_process=2, batch_size=2)]
    assert one == two


def test_a_shared_checker_is_safe_across_threads(checker: Checker) -> None:
    texts = ["You never listen to me.", "Answer me right now!", "hope you're doing well, bye!"] * 10
    expected = [checker.check(t).model_dump() for t in texts]
    results: list[dict[str, object] | None] = [None] * len(texts)

    def work(index: int) -> None:
        results[index] = checker.check(texts[index]).model_dump()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(texts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == expected


def test_non_text_input_is_a_clear_error(checker: Checker) -> None:
    with pytest.raises(TypeError, match="str"):
        checker.check(b"bytes")  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["", "   \n\t "])
def test_empty_drafts_give_an_empty_report(checker: Checker, text: str) -> None:
    report = checker.check(text)
    assert report.findings == [] and report.gentleness == 1.0 and report.verdict == "send"


def test_quoted_speech_is_not_flagged(checker: Checker) -> None:
    report = checker.check('My boss said "you always miss deadlines" and I laughed.')
    assert not [f for f in report.findings if f.rule_id == "BL01"]
    assert report.signals.quoted


def test_signals_are_exposed(checker: Checker) -> None:
    signals = checker.check("I feel lonely. You never call me.").signals
    assert signals.feeling_statements[0].text == "I feel lonely"
    assert signals.you_subjects == 1 and signals.i_subjects == 1
    assert len(signals.sentences) == 2
    assert signals.sentences[1].sentiment <= 0


def test_checking_inside_a_check_many_loop_does_not_deadlock(checker: Checker) -> None:
    done: list[str] = []

    def work() -> None:
        for report in checker.check_many(["Answer me.", "You never listen to me."]):
            if report.findings:
                done.append(checker.rewrite(report.findings[0].text).text)

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    thread.join(timeout=60)
    assert not thread.is_alive(), "check_many's lock blocked a check made inside its loop"
    assert len(done) == 2


def test_an_open_check_many_does_not_block_other_threads(checker: Checker) -> None:
    reports = checker.check_many(["You never listen to me.", "Answer me now!", "Thanks!"])
    assert next(reports).findings  # left open, part way through
    answers: list[object] = []

    def elsewhere() -> None:
        answers.append(checker.check("Answer me right now."))
        reports.close()  # closing it from another thread must neither raise nor keep the lock
        answers.append(checker.check("You never call."))

    thread = threading.Thread(target=elsewhere, daemon=True)
    thread.start()
    thread.join(timeout=60)
    assert not thread.is_alive(), "an open check_many held the lock across its yield"
    assert len(answers) == 2
