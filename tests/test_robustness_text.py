"""Hostile text: whatever a user types (or a bad decoder produces) gives a report, never an exception, with
offsets that point into the draft and JSON that round-trips. See docs/robustness.md."""

from __future__ import annotations

import itertools
import json
from collections import Counter

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc

from tonecheck import Checker, DraftTooLargeError, Report
from tonecheck.engine.chunking import LONG_RUN, chunk_bounds
from tonecheck.rewrite.rewrite import rewrite
from tonecheck.textguard import MAX_SENTENCE_TOKENS, REPLACEMENT, replace_surrogates

# Pieces a draft is built from: rule triggers, so findings exist to be checked, and the characters that break
# naive offset arithmetic (combining marks, emoji with ZWJ, RTL and zero-width marks, CRLF, lone surrogates).
TRIGGERS = [
    "You never listen to me.",
    "Answer me right now!!!",
    "You hurt me by ignoring my calls.",
    "I'm sorry, but you started it.",
    "WHY DON'T YOU EVER CALL",
    "hello?? are you there??",
    "I felt hurt when you didn't call.",
    '"you never listen" she said',
    "> You always do this\n",
]
ODD = [
    "e\u0301",  # combining acute
    "\U0001f468\u200d\U0001f469\u200d\U0001f467",  # family emoji joined with ZWJ
    "\U0001f621",
    "\u202eevil\u202c",  # right-to-left override
    "\u05e9\u05dc\u05d5\u05dd",  # Hebrew
    "\u200b",
    "\ufeff",
    "\r\n",
    "\r",
    "\u2028",
    "\x00",
    "\x1b[31m",
    "\ud800",  # lone surrogates, as surrogateescape decoding leaves them
    "\udcff",
    "\t",
    "  ",
    "!" * 50,
    "x" * 300,
]
ANY_CHAR = st.characters(exclude_categories=())  # includes surrogates (Cs), unassigned and control characters

drafts = st.lists(
    st.one_of(st.sampled_from(TRIGGERS), st.sampled_from(ODD), st.text(ANY_CHAR, max_size=20)),
    max_size=12,
).map(" ".join)

PROPERTY = settings(max_examples=120, deadline=None, derandomize=True, database=None)


def assert_sound(text: str, report: Report) -> None:
    """Offsets inside the draft and slicing to the reported text; the report survives JSON."""
    seen = replace_surrogates(text)  # what the report quotes (see docs/robustness.md)
    assert len(seen) == len(text)
    for finding in report.findings:
        assert 0 <= finding.start < finding.end <= len(text)
        assert seen[finding.start : finding.end] == finding.text
        if REPLACEMENT not in seen:
            assert text[finding.start : finding.end] == finding.text
        assert (finding.line, finding.column) == line_and_column(text, finding.start)
        for suggestion in finding.suggestions:
            assert 0 <= suggestion.start <= suggestion.end <= len(text)
    for span in [*report.signals.feeling_statements, *report.signals.quoted]:
        assert seen[span.start : span.end] == span.text
    encoded = report.model_dump_json()
    encoded.encode("utf-8")  # strict: no surrogate may reach the JSON
    assert Report.model_validate_json(encoded) == report
    assert Report.model_validate(json.loads(encoded)) == report


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


@PROPERTY
@given(drafts)
@example("\ud800 You never listen to me \udfff")
@example("\r\n".join(TRIGGERS))
@example("!" * 3000)
def test_any_text_gives_a_sound_report(checker: Checker, text: str) -> None:
    assert_sound(text, checker.check(text))


@settings(max_examples=40, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(drafts)
@example("You never listen to me. Answer me right now!!!")
def test_rewrite_adds_no_finding_and_is_idempotent(checker: Checker, text: str) -> None:
    result = checker.rewrite(text)
    before = Counter(f.rule_id for f in result.before.findings)
    after = Counter(f.rule_id for f in result.report.findings)
    assert all(after[rule] <= before[rule] for rule in after), (before, after)
    assert checker.rewrite(result.text).text == result.text
    json.loads(result.model_dump_json())


def test_lone_surrogates_are_reported_as_replacement_characters_at_the_same_offsets(checker: Checker) -> None:
    text = "caf\udce9: You never listen to me \udcff"  # bytes decoded with errors="surrogateescape"
    report = checker.check(text)
    never = next(f for f in report.findings if f.rule_id == "BL01")
    assert text[never.start : never.end] == never.text == "You never listen"
    assert report.signals.sentences[0].start == 0
    assert "\udce9" not in report.model_dump_json()
    assert len(report.model_dump_json().encode("utf-8")) > 0


@pytest.mark.parametrize("text", ["", " ", "\n\n\t \r\n", "\u200b", "\ufeff"])
def test_empty_and_blank_drafts_give_an_empty_report(checker: Checker, text: str) -> None:
    report = checker.check(text)
    assert report.findings == []
    assert report.verdict == "send"


def test_thousands_of_exclamation_marks_are_checked_with_bounded_matching(checker: Checker) -> None:
    # Before the windowed matcher, '+' patterns over these made ~n^2/2 matches: minutes and gigabytes.
    text = "Answer me" + "!" * 5000
    doc = checker.nlp(text)
    assert len(checker.component.matcher(doc)) < 20 * len(doc)
    report = checker.check(text)
    assert report.findings and all(text[f.start : f.end] == f.text for f in report.findings)
    spaced = "! " * 3000
    assert len(checker.component.matcher(checker.nlp(spaced))) < 20 * 3000


@pytest.mark.parametrize(
    ("draft", "calm"),
    [("Answer me now" + "!" * 600, "!"), ("hello?? are you there?? " + "? " * 300, "?")],
    ids=["bangs", "spaced-questions"],
)
def test_a_long_run_of_marks_is_calmed_in_one_edit(checker: Checker, draft: str, calm: str) -> None:
    # The rule flags a run in pieces of a few marks; each piece's own suggestion made the rewrite apply
    # (and re-check) 100 edits for 600 marks, and a fuzzed draft with 3,000 took minutes. The piece that
    # opens a run now calms all of it.
    findings = checker.check(draft).findings
    longest = max((s for f in findings for s in f.suggestions), key=lambda s: s.end - s.start)
    assert longest.end == len(draft.rstrip()) and longest.replacement == calm and len(findings) > 50
    result = checker.rewrite(draft)
    assert result.complete and calm * 2 not in result.text and f"{calm} {calm}" not in result.text


def test_the_rewrite_tries_a_bounded_number_of_candidates_a_sentence(checker: Checker) -> None:
    # Work per sentence is bounded (TRIES_PER_UNIT) whatever the findings; a rewrite cut short says so and
    # leaves the untried suggestions for the writer.
    draft = "You never listen to me. Answer me now!!!"

    def parse(text: str) -> Doc:
        return checker.nlp(text, disable=["tonecheck"])

    cut = rewrite(draft, checker.check, parse=parse, tries_per_unit=0)
    assert not cut.complete and cut.text == draft and cut.review
    whole = rewrite(draft, checker.check, parse=parse)
    assert whole.complete and whole.text != draft


def test_no_sentence_runs_longer_than_the_cap(checker: Checker) -> None:
    # Per-sentence conditions walk the sentence once a match: a 5,000-token "sentence" cost minutes.
    doc = checker.nlp("STOP IGNORING ME " * 400)
    assert max(len(sent) for sent in doc.sents) <= MAX_SENTENCE_TOKENS
    short = "You never listen to me. Answer me right now!"
    assert [s.text for s in checker.nlp(short).sents] == ["You never listen to me.", "Answer me right now!"]


def test_the_tokenizer_guard_keeps_ordinary_tokens(checker: Checker) -> None:
    text = "Well... (you said) 'never'?! 10km, U.S.A., don't!!! http://example.com/a?b=c."
    guarded = [t.text for t in checker.nlp.make_doc(text)]
    import spacy

    plain = spacy.blank("en")
    assert guarded == [t.text for t in plain.make_doc(text)]
    assert checker.nlp.tokenizer.suffix_search("word!!!" + "!" * 10_000) is not None


def test_a_long_draft_is_checked_in_chunks_with_the_same_findings_and_offsets(
    checker: Checker, monkeypatch: pytest.MonkeyPatch
) -> None:
    paragraph = (
        "Hey, I hope you're doing well. You never listen to me and I am tired of it! Answer me right now.\r\n"
        "I felt hurt when you didn't call. \U0001f621 Why do you always do this??\n\n"
    )
    text = paragraph * 60  # ~10,000 characters
    whole = checker.check(text)
    monkeypatch.setattr(checker, "chunk_chars", 2 * LONG_RUN)
    assert len(chunk_bounds(text, checker.chunk_chars)) > 4
    chunked = checker.check(text)
    assert_sound(text, chunked)
    assert [(f.rule_id, f.start, f.end) for f in chunked.findings] == [
        (f.rule_id, f.start, f.end) for f in whole.findings
    ]
    assert len(chunked.findings) >= 60 * 3
    [from_many, short] = checker.check_many([text, "You never listen to me."])
    assert from_many.findings == chunked.findings
    assert [f.rule_id for f in short.findings if f.category == "blaming"] == ["BL01"]


def test_a_whitespace_free_run_is_cut_but_offsets_still_hold(checker: Checker) -> None:
    text = "You never listen to me. " + "a!" * (2 * LONG_RUN) + " Answer me right now!"
    assert len(chunk_bounds(text)) > 2
    report = checker.check(text)
    assert_sound(text, report)
    assert {"BL01"} <= {f.rule_id for f in report.findings}


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.text(st.sampled_from("ab .!?\n\r\t"), max_size=20_000), st.integers(2 * LONG_RUN, 6 * LONG_RUN))
def test_chunks_partition_the_text(text: str, chunk_chars: int) -> None:
    bounds = chunk_bounds(text, chunk_chars)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(bounds))
    assert all(0 < end - start <= chunk_chars for start, end in bounds) or text == ""
    for start, end in bounds:
        assert all(len(run) <= LONG_RUN for run in text[start:end].split())


def test_a_draft_over_max_chars_is_refused_clearly(checker: Checker, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checker, "max_chars", 100)
    assert checker.check("x" * 100).findings == []
    with pytest.raises(DraftTooLargeError, match="101 characters long, more than the limit of 100") as caught:
        checker.check("x" * 101)
    assert (caught.value.size, caught.value.limit) == (101, 100)
    with pytest.raises(DraftTooLargeError):
        list(checker.check_many(["short", "y" * 500]))
    monkeypatch.setattr(checker, "max_chars", None)
    assert checker.check("x" * 101).findings == []


def test_non_text_is_a_type_error(checker: Checker) -> None:
    with pytest.raises(TypeError, match="not bytes"):
        checker.check(b"You never listen")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text", ["Hi 😀😀. Answer me now!", "😀😀😀 Answer me now!", "I love it 👍🏽 Answer me now!", "Hi. Answer me now!"]
)
def test_a_command_after_emoji_is_found(checker: Checker, text: str) -> None:
    # The small model read emoji as proper nouns and ran "Hi 😀😀. Answer me now!" into one sentence: no finding.
    findings = checker.check(text).findings
    assert {f.text for f in findings} >= {"Answer me", "now"}, findings
    assert all(text[f.start : f.end] == f.text for f in findings)
