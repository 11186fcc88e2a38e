"""Drafts of any size: a documented maximum, and long drafts parsed in chunks.

spaCy refuses texts longer than ``nlp.max_length`` and its parser needs temporary memory in proportion to the
text it is given, so a long draft is cut into chunks at paragraph, then sentence, then word boundaries, each
chunk is tagged and parsed on its own, and the parsed chunks are joined back into one ``Doc`` with
``Doc.from_docs``. The tonecheck component then runs once over the joined Doc, so character offsets,
message-level conditions and suppression comments see the whole draft exactly as if it had been parsed in
one piece.

Runs of text without whitespace longer than ``LONG_RUN`` are cut too, even in short drafts: spaCy's tokenizer
strips affixes off such a run one character at a time, which is quadratic (5,000 ``!`` in a row cost seconds).
No word is that long, so only hostile or binary input is affected: its tokens cannot cross the cut.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

# The default limit on one draft, in characters (str length). Twice the 5 MB draft the tests handle; apps
# facing untrusted users (the HTTP server) should pass a much smaller ``max_chars``.
DEFAULT_MAX_CHARS = 10_000_000
# Characters parsed in one piece, and in one batch. The tagger and parser need about 4 kB of working memory a
# character of the batch they are given (measured: a 50,000-character draft added 210 MB), so pieces are small
# and a batch is cut at CHAR_BUDGET characters as well as at ``batch_size`` texts.
DEFAULT_CHUNK_CHARS = 10_000
CHAR_BUDGET = 50_000
# Whitespace-free runs longer than this are cut (see the module docstring).
LONG_RUN = 1_000

_RUN_RE = re.compile(rf"(?<!\S)\S{{{LONG_RUN + 1},}}")  # the lookbehind keeps the search linear
_BOUNDARIES = (
    re.compile(r"\n[ \t]*\r?\n\s*"),  # paragraph break
    re.compile(r"[.!?…][\"')\]’”]*\s+"),  # sentence end
    re.compile(r"\s+"),  # any whitespace
)


class DraftTooLargeError(ValueError):
    """A draft is longer than the ``max_chars`` the Checker was built with."""

    def __init__(self, size: int, limit: int):
        self.size = size
        self.limit = limit
        super().__init__(
            f"draft is {size:,} characters long, more than the limit of {limit:,}; "
            "split it, or raise max_chars if you trust the source"
        )


def check_size(text: str, max_chars: int | None) -> None:
    if max_chars is not None and len(text) > max_chars:
        raise DraftTooLargeError(len(text), max_chars)


def chunk_bounds(text: str, chunk_chars: int = DEFAULT_CHUNK_CHARS) -> list[tuple[int, int]]:
    """``(start, end)`` pieces that partition ``text``: each at most ``chunk_chars`` long, cut at the last
    paragraph break, else sentence end, else whitespace in the second half of the window; whitespace-free
    runs longer than ``LONG_RUN`` are always cut."""
    if chunk_chars < 2 * LONG_RUN:
        raise ValueError(f"chunk_chars must be at least {2 * LONG_RUN}")
    forced = _forced_cuts(text)
    if len(text) <= chunk_chars and not forced:
        return [(0, len(text))]
    bounds: list[tuple[int, int]] = []
    start, next_forced = 0, 0
    while start < len(text):
        while next_forced < len(forced) and forced[next_forced] <= start:
            next_forced += 1
        limit = min(start + chunk_chars, len(text))
        if next_forced < len(forced) and forced[next_forced] <= limit:
            end = forced[next_forced]
        elif limit == len(text):
            end = limit
        else:
            end = _last_boundary(text, start + chunk_chars // 2, limit) or limit
        bounds.append((start, end))
        start = end
    return bounds


def _forced_cuts(text: str) -> list[int]:
    cuts: list[int] = []
    for run in _RUN_RE.finditer(text):
        cuts.extend(range(run.start() + LONG_RUN, run.end(), LONG_RUN))
    return cuts


def _last_boundary(text: str, low: int, high: int) -> int | None:
    """The end of the last boundary match inside ``text[low:high]``, preferring paragraph breaks."""
    for pattern in _BOUNDARIES:
        last = None
        for last in pattern.finditer(text, low, high):  # noqa: B007 (only the last one is wanted)
            pass
        if last is not None:
            return last.end()
    return None


def parse(nlp: Language, text: str, component: str, chunk_chars: int = DEFAULT_CHUNK_CHARS) -> Doc:
    """``nlp(text)``, in chunks when the text is long (see the module docstring)."""
    if len(text) <= LONG_RUN or len(chunk_bounds(text, chunk_chars)) == 1:
        return nlp(text)  # the common case, without nlp.pipe's batching overhead
    return next(pipe(nlp, [text], component, chunk_chars))


def pipe(
    nlp: Language,
    texts: Iterable[str],
    component: str,
    chunk_chars: int = DEFAULT_CHUNK_CHARS,
    *,
    batch_size: int | None = None,
    n_process: int = 1,
) -> Iterator[Doc]:
    """``nlp.pipe(texts)``, in input order, long texts parsed in chunks and joined before ``component`` runs.

    The component runs here, in this process, on each whole text; only the parse goes to ``n_process``
    workers. In one process a batch holds at most ``batch_size`` pieces and ``CHAR_BUDGET`` characters; with
    workers, spaCy batches by count, so ``batch_size`` is capped at ``CHAR_BUDGET // chunk_chars``."""
    annotate = nlp.get_pipe(component)
    size = batch_size or nlp.batch_size
    pieces = _pieces(texts, chunk_chars)
    if n_process == 1:
        parsed = _parse_in_batches(nlp, pieces, component, size)
    else:
        size = max(1, min(size, CHAR_BUDGET // chunk_chars))
        parsed = nlp.pipe(pieces, as_tuples=True, disable=[component], batch_size=size, n_process=n_process)
    parts: list[Doc] = []
    for doc, last in parsed:
        parts.append(doc)
        if last:
            whole = parts[0] if len(parts) == 1 else Doc.from_docs(parts, ensure_whitespace=False)
            parts = []
            yield annotate(whole)


def _pieces(texts: Iterable[str], chunk_chars: int) -> Iterator[tuple[str, bool]]:
    """Each text's chunks, each with whether it is the text's last."""
    for text in texts:
        bounds = chunk_bounds(text, chunk_chars) if len(text) > LONG_RUN else [(0, len(text))]
        for index, (start, end) in enumerate(bounds):
            yield text[start:end], index == len(bounds) - 1


def _parse_in_batches(
    nlp: Language, pieces: Iterable[tuple[str, bool]], component: str, batch_size: int
) -> Iterator[tuple[Doc, bool]]:
    batch: list[tuple[str, bool]] = []
    chars = 0
    for piece in pieces:
        if batch and (len(batch) >= batch_size or chars + len(piece[0]) > CHAR_BUDGET):
            yield from _parse(nlp, batch, component)
            batch, chars = [], 0
        batch.append(piece)
        chars += len(piece[0])
    if batch:
        yield from _parse(nlp, batch, component)


def _parse(nlp: Language, batch: list[tuple[str, bool]], component: str) -> Iterator[tuple[Doc, bool]]:
    docs = nlp.pipe([text for text, _ in batch], disable=[component], batch_size=len(batch))
    return zip(docs, (last for _, last in batch), strict=True)
