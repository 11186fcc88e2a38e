"""The quality gate on what ``check`` offers as safe: each safe suggestion is gated on the sentences it
touches, and one the gate refuses is offered as ``review``.

Cheap by construction: the gate re-parses only the touched sentences (the draft around them is read as
text), parses are cached by their text (a sentence seen before, in this draft or an earlier one, costs
nothing), and at most ``GATED_PER_DRAFT`` suggestions are gated per draft; safe suggestions past that
are offered as ``review`` too, so the work per draft is bounded and the result never depends on the cache.
"""

from __future__ import annotations

import bisect
import threading
from collections import OrderedDict
from collections.abc import Sequence

from spacy.tokens import Doc

from ..models import Finding, SentenceSignals, Suggestion
from .gate import Parse, defects

# Distinct safe suggestions gated per draft: a draft of ordinary length has a handful (the 300 drafts of
# benchmarks/throughput.py have at most 4; the dev files at most 6); past this they are offered as review.
GATED_PER_DRAFT = 12
# Parses kept: a sentence and each edited sentence, roughly 4 KB each.
CACHED_PARSES = 2048


class _ParseCache:
    """``parse`` memoised by text, least recently used first out; safe to share between threads."""

    def __init__(self, parse: Parse, size: int) -> None:
        self._parse, self._size = parse, size
        self._docs: OrderedDict[str, Doc] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, text: str) -> Doc:
        with self._lock:
            doc = self._docs.get(text)
            if doc is not None:
                self._docs.move_to_end(text)
                return doc
        doc = self._parse(text)
        with self._lock:
            self._docs[text] = doc
            if len(self._docs) > self._size:
                self._docs.popitem(last=False)
        return doc


class OfferGate:
    """Gates the safe suggestions of a report's findings (see the module's docstring)."""

    def __init__(self, parse: Parse, *, per_draft: int = GATED_PER_DRAFT, cached: int = CACHED_PARSES) -> None:
        self.parse = _ParseCache(parse, cached)
        self.per_draft = per_draft

    def findings(
        self, text: str, findings: list[Finding], sentences: Sequence[SentenceSignals], doc: Doc | None = None
    ) -> list[Finding]:
        """``findings`` with every safe suggestion the gate refuses (or that is past the per-draft bound)
        marked ``review``. ``doc``: the draft's parse (``text`` is its text), so that the draft's own
        sentences are read from it rather than parsed again."""
        starts = [s.start for s in sentences]
        verdicts: dict[tuple[int, int, str], bool] = {}
        gated: list[Finding] = []
        for finding in findings:
            if not any(s.safety == "safe" for s in finding.suggestions):
                gated.append(finding)
                continue
            kept: list[Suggestion] = []
            for suggestion in finding.suggestions:
                if suggestion.safety == "safe":
                    key = (suggestion.start, suggestion.end, suggestion.replacement)
                    if key not in verdicts:
                        verdicts[key] = len(verdicts) < self.per_draft and self._passes(
                            text, suggestion, sentences, starts, doc
                        )
                    if not verdicts[key]:
                        suggestion = suggestion.model_copy(update={"safety": "review"})
                kept.append(suggestion)
            gated.append(finding.model_copy(update={"suggestions": kept}))
        return gated

    def _passes(
        self,
        text: str,
        suggestion: Suggestion,
        sentences: Sequence[SentenceSignals],
        starts: list[int],
        doc: Doc | None,
    ) -> bool:
        lo, hi = _window(text, suggestion.start, suggestion.end, sentences, starts)
        window = text[lo:hi]
        span = doc.char_span(lo, hi, alignment_mode="expand") if doc is not None else None
        own = span.as_doc() if span is not None and span.start_char == lo else None

        def parse(words: str) -> Doc:
            if own is not None and words == window:
                return own
            return self.parse(words)

        reasons = defects(
            window,
            suggestion.start - lo,
            suggestion.end - lo,
            suggestion.replacement,
            parse,
            preceding=text[:lo],
            following=text[hi:],
        )
        return not reasons


def _window(
    text: str, start: int, end: int, sentences: Sequence[SentenceSignals], starts: list[int]
) -> tuple[int, int]:
    """The sentences ``text[start:end]`` touches (the whole text when the report has no sentences)."""
    if not sentences:
        return 0, len(text)
    first = max(bisect.bisect_right(starts, start) - 1, 0)
    last = max(bisect.bisect_left(starts, end) - 1, first)
    lo = min(sentences[first].start, start)
    hi = max(sentences[last].end, end)
    return lo, min(hi, len(text))
