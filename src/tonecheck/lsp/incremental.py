"""Checks of a buffer while it is typed: each paragraph's parse and matches are kept while its text is unchanged.

Typing changes one paragraph at a time. The parse (tok2vec, tagger, parser) and the rules' pattern matching
(token, phrase and dependency matchers: 80% of the engine's time on a parsed buffer) depend only on a
paragraph's own tokens, so both are kept per paragraph text. What depends on the whole message is computed
again over the whole buffer at every check, so nothing goes stale: signals (sentiment, shouting, politeness
strategies, the message-level figures that ``when:`` conditions read), conditions, exceptions, rules over
sentences and over findings, suppression comments, suggestions, the score and the verdict.

How: the buffer's words are cut at paragraph breaks, as the engine cuts a long draft into chunks
(``tonecheck.engine.chunking``). Each paragraph is parsed on its own and its matches found, or both are taken
from the cache; the parsed paragraphs are joined into one ``Doc`` with ``Doc.from_docs``, the cached matches
are shifted to the paragraph's place in it, and the tonecheck component runs over the whole ``Doc`` with
those matches (``ToneCheck(doc, raw=...)``) instead of matching again.

A token pattern can match across a paragraph break (NA05: "sorry about earlier.\n\nYou know how I get"), so
the seam between two paragraphs is matched too (``tonecheck.lsp.seams``): half a matcher window
(``WINDOW_TOKENS // 2`` tokens) on each side, keyed by both paragraphs' texts, keeping the matches that cross
the break (and the exceptions of their rules). The matches are then those of the whole buffer's matching over
the same parse, except a match crossing a break that is longer than half a window on one side or that spans a
whole paragraph and two breaks (the whole check too finds a match longer than half a window only when it falls
inside one of its windows: ``tonecheck.engine.matcher``). Both caches are bounded (least recently used entries
go first), and so is the work of one edit: one paragraph's parse and matching, its two seams, and the
whole-message steps.

The parse of a paragraph on its own can differ from its parse after the paragraph before it (the tagger
looks a few tokens across the break): ``Checker.check`` parses a draft shorter than ``chunk_chars`` in one
piece, so at a paragraph's first words the editor's findings can differ from ``tonecheck check``'s (as for
any draft long enough to be parsed in chunks).
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from spacy.tokens import Doc

from ..api import Checker
from ..engine.chunking import LONG_RUN, chunk_bounds
from ..engine.matcher import WINDOW_TOKENS, RawMatch
from ..models import Report
from ..suppress import mask as mask_suppressions
from .seams import SeamMatcher, order_of

# The engine's own paragraph break (engine/chunking.py cuts long drafts there too).
_K = TypeVar("_K")
_V = TypeVar("_V")

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\r?\n\s*")


def paragraphs(text: str, chunk_chars: int) -> list[tuple[int, int]]:
    """``(start, end)`` pieces partitioning ``text``: paragraphs with the break that ends them, each cut
    further as the engine cuts a long draft when it is longer than ``chunk_chars`` or holds a long run."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for found in _PARAGRAPH_BREAK.finditer(text):
        if found.end() < len(text):
            bounds.append((start, found.end()))
            start = found.end()
    bounds.append((start, len(text)))
    pieces: list[tuple[int, int]] = []
    for start, end in bounds:
        if end - start > LONG_RUN:
            pieces += [(start + a, start + b) for a, b in chunk_bounds(text[start:end], chunk_chars)]
        else:
            pieces.append((start, end))
    return [(a, b) for a, b in pieces if b > a]


@dataclass(frozen=True)
class _Paragraph:
    doc: Doc  # the parse, without the rules
    matches: tuple[RawMatch, ...]  # the matcher's matches, token offsets into ``doc``


class ParagraphCache:
    """Parsed and matched paragraphs of one Checker's pipeline, by text; at most ``size`` kept (and as many
    seams between two paragraphs)."""

    def __init__(self, checker: Checker, size: int = 1024):
        self.checker = checker
        self.size = size
        self.docs: OrderedDict[str, _Paragraph] = OrderedDict()
        self.seams: OrderedDict[tuple[str, str], tuple[RawMatch, ...]] = OrderedDict()
        self.seam_matcher = SeamMatcher(checker.component.matcher)
        self.parsed = 0  # paragraphs parsed and matched (not found in the cache), for tests and benchmarks
        self.seams_matched = 0  # seams matched (not found in the cache)

    def check(
        self,
        text: str,
        *,
        select: Sequence[str] | None = None,
        ignore: Sequence[str] | None = None,
        preview: bool | None = None,
    ) -> Report:
        """``Checker.check(text, select=, ignore=, preview=)``, reusing the parse and matches of every unchanged
        paragraph."""
        checker = self.checker
        checker.validate_selectors(select=select, ignore=ignore)
        text = checker._prepare(text)
        masked = mask_suppressions(text)
        component = checker.component
        with checker._lock:
            pieces = [masked[a:b] for a, b in paragraphs(masked, checker.chunk_chars)] or [masked]
            new = [piece for piece in dict.fromkeys(pieces) if piece not in self.docs]
            for piece, doc in zip(new, checker.nlp.pipe(new, disable=[component.name]), strict=True):
                self.docs[piece] = _Paragraph(doc, tuple(component.matcher(doc)))
            self.parsed += len(new)
            parts = []
            for piece in pieces:
                self.docs.move_to_end(piece)
                parts.append(self.docs[piece])
            _trim(self.docs, max(self.size, len(pieces)))
            if len(parts) == 1:
                whole = parts[0].doc.copy()  # the rules annotate the Doc; the cached one stays a bare parse
            else:
                whole = Doc.from_docs([part.doc for part in parts], ensure_whitespace=False)
            raw: list[RawMatch] = []
            start = 0
            for index, part in enumerate(parts):
                if index:
                    seam = self._seam(whole, pieces, index, start - len(parts[index - 1].doc), start, len(part.doc))
                    raw += _shifted(seam, start)
                raw += _shifted(part.matches, start)
                start += len(part.doc)
            raw = sorted(dict.fromkeys(raw), key=order_of)
            doc = component(whole, raw)
        return checker.report(doc, select=select, ignore=ignore, text=text, preview=preview)

    def _seam(
        self, whole: Doc, pieces: list[str], index: int, before: int, at: int, length: int
    ) -> tuple[RawMatch, ...]:
        """The matches crossing the break before ``pieces[index]`` (``whole[at:at + length]``; the paragraph
        before it starts at ``before``), and the exceptions of their rules near it; token offsets from ``at``."""
        key = (pieces[index - 1], pieces[index])
        found = self.seams.get(key)
        if found is None:
            half = WINDOW_TOKENS // 2
            left = max(before, at - half)
            seam = whole[left : min(at + length, at + half)].as_doc(copy_user_data=True)
            found = tuple(_shifted(self.seam_matcher(seam, at - left), left - at))
            self.seams[key] = found
            self.seams_matched += 1
            _trim(self.seams, max(self.size, len(pieces)))
        else:
            self.seams.move_to_end(key)
        return found


def _shifted(matches: Iterable[RawMatch], offset: int) -> list[RawMatch]:
    return [
        RawMatch(m.rule_id, m.start + offset, m.end + offset, tuple((n, i + offset) for n, i in m.nodes), m.role)
        for m in matches
    ]


def _trim(cache: OrderedDict[_K, _V], size: int) -> None:
    while len(cache) > size:
        cache.popitem(last=False)
