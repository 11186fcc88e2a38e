"""The quality gate on what ``check`` offers as safe: each safe suggestion is gated on the sentences it
touches, and one the gate refuses is offered as ``review``.

Cheap by construction: the gate re-parses only the touched sentences (the draft's own parse stands for
them as they were; the sentence before is read as text, and a sentence repeated elsewhere in the draft is
found in the text), its verdicts and parses are cached by the words they read (an edit of a sentence seen
before, in this draft or an earlier one, costs nothing), and at most ``GATED_PER_DRAFT`` suggestions are
gated per draft; safe suggestions past that are offered as ``review`` too, so the work per draft is
bounded and the result never depends on the cache.
"""

from __future__ import annotations

import bisect
import threading
from collections import OrderedDict
from collections.abc import Hashable, Sequence

from spacy.tokens import Doc

from ..models import Finding, SentenceSignals, Suggestion
from .gate import Parse, defects, repeats

# Distinct safe suggestions gated per draft: a draft of ordinary length has a handful (the 300 drafts of
# benchmarks/throughput.py have at most 4; the dev files at most 6); past this they are offered as review.
GATED_PER_DRAFT = 12
# Parses kept (a sentence and each edited sentence, roughly 4 KB each) and gate verdicts kept.
CACHED = 2048


class _Lru:
    """A bounded memo, least recently used first out; safe to share between threads (two threads may
    compute the same value once each, which is harmless)."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._values: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> object | None:
        with self._lock:
            value = self._values.get(key)
            if value is not None:
                self._values.move_to_end(key)
            return value

    def put(self, key: Hashable, value: object) -> None:
        with self._lock:
            self._values[key] = value
            if len(self._values) > self._size:
                self._values.popitem(last=False)


class OfferGate:
    """Gates the safe suggestions of a report's findings (see the module's docstring)."""

    def __init__(self, parse: Parse, *, per_draft: int = GATED_PER_DRAFT, cached: int = CACHED) -> None:
        self._parse = parse
        self._docs = _Lru(cached)
        self._verdicts = _Lru(cached)
        self.per_draft = per_draft

    def parse(self, text: str) -> Doc:
        doc = self._docs.get(text)
        if not isinstance(doc, Doc):
            doc = self._parse(text)
            self._docs.put(text, doc)
        return doc

    def findings(
        self,
        text: str,
        findings: list[Finding],
        sentences: Sequence[SentenceSignals],
        doc: Doc | None = None,
        *,
        per_draft: int | None = None,
    ) -> list[Finding]:
        """``findings`` with every safe suggestion the gate refuses (or that is past the per-draft bound)
        marked ``review``. ``doc``: the draft's parse (``text`` is its text), so that the draft's own
        sentences are read from it rather than parsed again. ``per_draft``: the bound for this call
        (``self.per_draft`` when ``None``)."""
        bound = self.per_draft if per_draft is None else per_draft
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
                        verdicts[key] = len(verdicts) < bound and self._passes(text, suggestion, sentences, starts, doc)
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
        lo, hi, previous = _window(text, suggestion.start, suggestion.end, sentences, starts)
        start, end = suggestion.start - lo, suggestion.end - lo
        # a sentence repeated from elsewhere in the draft: text only, so the verdict below can be cached
        if repeats(text, suggestion.start, suggestion.end, suggestion.replacement):
            return False
        window = text[lo:hi]
        key = (window, start, end, suggestion.replacement, text[previous:lo])
        verdict = self._verdicts.get(key)
        if verdict is None:
            span = doc.char_span(lo, hi, alignment_mode="expand") if doc is not None else None
            own = span.as_doc() if span is not None and span.start_char == lo else None

            def parse(words: str) -> Doc:
                return own if own is not None and words == window else self.parse(words)

            verdict = not defects(window, start, end, suggestion.replacement, parse, preceding=text[previous:lo])
            self._verdicts.put(key, verdict)
        return bool(verdict)


def _window(
    text: str, start: int, end: int, sentences: Sequence[SentenceSignals], starts: list[int]
) -> tuple[int, int, int]:
    """The sentences ``text[start:end]`` touches (the whole text when the report has no sentences), and
    where the sentence before them starts (the gate reads it for sarcasm)."""
    if not sentences:
        return 0, len(text), 0
    first = max(bisect.bisect_right(starts, start) - 1, 0)
    last = max(bisect.bisect_left(starts, end) - 1, first)
    lo = min(sentences[first].start, start)
    hi = max(sentences[last].end, end)
    previous = min(sentences[first - 1].start, lo) if first else lo
    return lo, min(hi, len(text)), previous
