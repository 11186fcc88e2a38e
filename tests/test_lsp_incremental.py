"""The language server's incremental check: each paragraph's parse and matches kept while its text is
unchanged, everything that reads the whole message computed again at every check, findings as a whole
check gives them after any sequence of edits."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.tokens import Doc

from tonecheck import Checker
from tonecheck.lsp.incremental import ParagraphCache, paragraphs
from tonecheck.models import Report
from tonecheck.suppress import mask

TEXT = (
    "Thanks for the notes on the plan.\n\n"
    "You never reply on time. Call me ASAP.\n\n"
    "I felt hurt when the plan changed.\n"
    "# tonecheck: ignore[PR02]\n"
    "Send it ASAP, this is urgent!!\n\n"
    "😀 It's your fault the build broke."
)


def findings(report: Report) -> list[tuple[str, int, int, str]]:
    return [(f.rule_id, f.start, f.end, f.text) for f in report.findings]


def everything(report: Report) -> object:
    return [f.model_dump() for f in report.findings], report.verdict, report.gentleness, report.unused_ignores


def whole_check(checker: Checker, text: str) -> Report:
    """The check without any cache: the same paragraphs parsed, the rules matched over the whole buffer."""
    masked = mask(text)
    pieces = [masked[a:b] for a, b in paragraphs(masked, checker.chunk_chars)]
    parts = list(checker.nlp.pipe(pieces, disable=["tonecheck"]))
    doc = checker.component(Doc.from_docs(parts, ensure_whitespace=False) if len(parts) > 1 else parts[0])
    return checker.report(doc, text=text)


def test_paragraph_pieces_partition_the_text() -> None:
    pieces = paragraphs(TEXT, 10_000)
    assert "".join(TEXT[a:b] for a, b in pieces) == TEXT
    assert [TEXT[a:b].split("\n")[0] for a, b in pieces][1] == "You never reply on time. Call me ASAP."
    assert len(pieces) == 4
    long = "word " * 3_000  # longer than a chunk: cut as the engine cuts it
    assert max(b - a for a, b in paragraphs(long, 2_000)) <= 2_000


def test_an_edit_reparses_only_its_paragraph_and_findings_equal_checker_check(checker: Checker) -> None:
    cache = ParagraphCache(checker)
    first = cache.check(TEXT)
    assert findings(first) == findings(checker.check(TEXT))
    assert {"PR01", "BL01"} <= {f.rule_id for f in first.findings}
    # The suppression comment in the third paragraph still applies; offsets index the whole buffer.
    assert all(TEXT[f.start : f.end] == f.text for f in first.findings)
    parsed = cache.parsed
    assert parsed >= 4  # (the masked suppression comment, a line of spaces, is a paragraph break too)

    edited = TEXT.replace("Call me ASAP.", "Call me when you can.")
    second = cache.check(edited, ignore=["BL"])
    assert cache.parsed == parsed + 1  # only the edited paragraph was parsed and matched again
    assert findings(second) == findings(checker.check(edited, ignore=["BL"]))
    assert "PR02" not in {f.rule_id for f in second.findings if f.start < edited.index("I felt")}


def _insert(old: str, new: str) -> Callable[[str], str]:
    return lambda text: text.replace(old, new, 1)


# Each draft, then edits applied one after the other, as typing would: in the first, a middle and the last
# paragraph, a paragraph split in two and two joined, a paragraph deleted, a suppression comment added.
EDITS: list[tuple[str, list[Callable[[str], str]]]] = [
    (
        TEXT,
        [
            _insert("Thanks for", "Thanks a lot for"),  # first paragraph
            _insert("Call me ASAP.", "Call me ASAP. Why would you even do that?"),  # middle
            _insert("broke.", "broke. You always do this."),  # last
            _insert("on time. Call me", "on time.\n\nCall me"),  # split
            _insert("the plan.\n\nYou never", "the plan. You never"),  # join
            _insert("😀 It's your fault the build broke. You always do this.", "Bye."),  # last one emptied
            _insert("You never reply", "# tonecheck: ignore[BL01]\nYou never reply"),  # suppression added
            _insert("\n\nCall me ASAP.", ""),  # a paragraph deleted
        ],
    ),
    (
        # A finding of a rule over the whole message (IS04: no warmth and no feeling anywhere) in a paragraph
        # no edit touches: an edit elsewhere must take it away and give it back.
        "Hi Dan,\n\nYou moved the launch to Monday and changed the agenda.\n\nBest,\nRia",
        [
            _insert("Hi Dan,", "Hi Dan, thanks so much for all your help last week!"),
            _insert(" thanks so much for all your help last week!", ""),
            _insert("Best,", "I felt left out of that decision.\n\nBest,"),
        ],
    ),
    (
        # NA05 matches across a paragraph break ("sorry ... \n\n You know how I get"): the seam between
        # paragraphs is matched too, and edited on either side.
        "Morning.\n\nI'm sorry about earlier.\n\nYou know how I get when I'm tired.\n\nSee you at six.",
        [
            _insert("about earlier.", "about earlier, really."),
            _insert("You know how I get", "I know how you get"),
            _insert("I know how you get", "You know how I get"),
            _insert("Morning.", "Morning! Call me now."),
        ],
    ),
]


@pytest.mark.parametrize("draft,edits", EDITS, ids=["paragraphs", "message-scope", "seam"])
def test_after_any_sequence_of_edits_findings_equal_a_whole_check(
    checker: Checker, draft: str, edits: list[Callable[[str], str]]
) -> None:
    cache = ParagraphCache(checker)
    text = draft
    seen: list[set[str]] = []
    for index, step in enumerate([lambda t: t, *edits]):
        before = text
        text = step(text)
        assert index == 0 or text != before  # (an edit that no longer applies would test nothing)
        got = cache.check(text)
        assert everything(got) == everything(whole_check(checker, text)), text
        assert all(text[f.start : f.end] == f.text for f in got.findings)
        seen.append({f.rule_id for f in got.findings})
    assert findings(got) == findings(checker.check(text))
    if draft.startswith("Hi Dan"):
        assert ["IS04" in rules for rules in seen] == [True, False, True, False]
    if draft.startswith("Morning"):
        crossing = [
            ["\n\n" in f.text for f in report.findings if f.rule_id == "NA05"]
            for report in [cache.check(t) for t in (draft, edits[1](edits[0](draft)))]
        ]
        assert crossing == [[True], []]
        assert cache.seams_matched >= 3 + 2  # the first check's seams, then those next to each edit
