"""The language server's incremental check: paragraphs parsed once and reused while their text is unchanged,
the rules run over the whole buffer, findings as `Checker.check` gives them."""

from __future__ import annotations

from tonecheck import Checker
from tonecheck.lsp.incremental import ParagraphCache, paragraphs

TEXT = (
    "Thanks for the notes on the plan.\n\n"
    "You never reply on time. Call me ASAP.\n\n"
    "I felt hurt when the plan changed.\n"
    "# tonecheck: ignore[PR02]\n"
    "Send it ASAP, this is urgent!!\n\n"
    "😀 It's your fault the build broke."
)


def findings(report: object) -> list[tuple[str, int, int, str]]:
    return [(f.rule_id, f.start, f.end, f.text) for f in report.findings]  # type: ignore[attr-defined]


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
    assert cache.parsed == parsed + 1  # only the edited paragraph was parsed again
    assert findings(second) == findings(checker.check(edited, ignore=["BL"]))
    assert "PR02" not in {f.rule_id for f in second.findings if f.start < edited.index("I felt")}
