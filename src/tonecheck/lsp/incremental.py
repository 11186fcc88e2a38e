"""Checks of a buffer while it is typed: each paragraph's parse is kept and reused while its text is unchanged.

Typing changes one paragraph at a time, and the parse (tok2vec, tagger, parser) is most of a check's cost. So
the buffer's words are cut at paragraph breaks, as the engine cuts a long draft into chunks
(``tonecheck.engine.chunking``): each paragraph is parsed on its own, or taken from the cache when its text
was parsed before, the parsed paragraphs are joined into one ``Doc`` and the rules run once over the whole of
it. Message-level conditions, offsets and suppression comments therefore see the whole buffer, as in
``Checker.check`` of a draft long enough to be parsed in chunks. The cache is bounded (least recently used
paragraphs go first), and so is the work of one edit: one paragraph's parse plus the rules.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Sequence

from spacy.tokens import Doc

from ..api import Checker
from ..engine.chunking import LONG_RUN, chunk_bounds
from ..models import Report
from ..suppress import mask as mask_suppressions

# The engine's own paragraph break (engine/chunking.py cuts long drafts there too).
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


class ParagraphCache:
    """Parsed paragraphs of one Checker's pipeline, by text; at most ``size`` kept."""

    def __init__(self, checker: Checker, size: int = 1024):
        self.checker = checker
        self.size = size
        self.docs: OrderedDict[str, Doc] = OrderedDict()
        self.parsed = 0  # paragraphs parsed (not found in the cache), for tests and benchmarks

    def check(self, text: str, *, select: Sequence[str] | None = None, ignore: Sequence[str] | None = None) -> Report:
        """``Checker.check(text, select=, ignore=)``, reusing the parse of every unchanged paragraph."""
        checker = self.checker
        checker.validate_selectors(select=select, ignore=ignore)
        text = checker._prepare(text)
        masked = mask_suppressions(text)
        component = checker.component.name
        with checker._lock:
            pieces = [masked[a:b] for a, b in paragraphs(masked, checker.chunk_chars)] or [masked]
            new = [piece for piece in dict.fromkeys(pieces) if piece not in self.docs]
            for piece, doc in zip(new, checker.nlp.pipe(new, disable=[component]), strict=True):
                self.docs[piece] = doc
            self.parsed += len(new)
            parts = []
            for piece in pieces:
                self.docs.move_to_end(piece)
                parts.append(self.docs[piece])
            while len(self.docs) > max(self.size, len(pieces)):
                self.docs.popitem(last=False)
            whole = parts[0] if len(parts) == 1 else Doc.from_docs(parts, ensure_whitespace=False)
            if whole is parts[0]:
                whole = whole.copy()  # the rules annotate the Doc; the cached one stays a bare parse
            doc = checker.nlp.get_pipe(component)(whole)
        return checker.report(doc, select=select, ignore=ignore, text=text)
