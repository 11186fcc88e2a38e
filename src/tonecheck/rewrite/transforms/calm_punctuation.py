"""The calm-punctuation transform: one mark where there were several."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from ...models import Finding, Suggestion
from ..clauses import suggest
from ._registry import register

_STACKED = re.compile(r"[!?](?:\s*[!?]){2,}|[!?]{2,}")  # the spaced run first: "?? ? ?" is one run
_MARKS = re.compile(r"[!?]+")


@register("calm-punctuation")
def calm_punctuation(finding: Finding, doc: Doc) -> Suggestion | None:
    """What it does: stacked marks become one ("??" -> "?", "!!!" -> "!", "?!?!" -> "?").
    Example: Where are you??
    Result: Where are you?
    Safety: safe: only punctuation changes.
    """
    start, end, text = finding.start, finding.end, finding.text
    span = doc.char_span(start, end)
    if span is not None and not (span.start and _MARKS.fullmatch(doc[span.start - 1].text)):
        # The rule flags a long run in pieces of a few marks; the piece that opens the run calms all of it,
        # so a run of 3,000 marks is one edit for the rewrite, not 500 (each re-checked).
        last = span.end
        while last < len(doc) and _MARKS.fullmatch(doc[last].text):
            last += 1
        if last > span.end:
            end, text = doc[last - 1].idx + len(doc[last - 1]), doc[span.start : last].text
    quieter = _STACKED.sub(lambda m: "?" if "?" in m.group() else "!", text)
    if quieter == text:
        return None
    return suggest(start, end, quieter, "safe", "Use one mark")
