"""Untrusted text made safe to parse and to report.

Lone surrogates: a Python ``str`` decoded with ``errors="surrogateescape"`` (or built from bad UTF-16) can hold
code points U+D800..U+DFFF that no UTF-8 encoder accepts, so spaCy's tokenizer and every JSON report would
fail on them. tonecheck replaces each with U+FFFD before parsing: one code point for one, so every offset in
the report is still an offset into the caller's own string; the report's ``text`` fields show U+FFFD where
the caller's string had a surrogate.

Affix runs: spaCy's tokenizer looks for a suffix by searching the whole remaining word with a ``...$`` regex,
once per character it strips, so a word of n punctuation marks costs n squared (5,000 ``!`` took 2.8 s).
``guard_tokenizer`` makes that search look at the word's last ``SUFFIX_WINDOW`` characters only: no suffix
rule is that long, so tokens of ordinary words do not change.

Sentence length: the conditions look at a match's sentence, some walking it once a match, so a "sentence" of
thousands of tokens (a page without full stops, ``! ! ! ...``) cost minutes. ``tonecheck_sentence_cap`` runs
before the parser and starts a sentence wherever ``MAX_SENTENCE_TOKENS`` tokens have passed without one it
started: at the token after the last full stop, question or exclamation mark or line break in the second half
of that stretch, else right there. The parser keeps those starts. Drafts shorter than that are not touched; in
longer prose the start falls where the parser would almost always break anyway.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

REPLACEMENT = "\ufffd"
SUFFIX_WINDOW = 64
MAX_SENTENCE_TOKENS = 200
_SENTENCE_ENDS = frozenset({".", "!", "?", "\u2026", "..."})

_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def replace_surrogates(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD; the same length, so offsets carry over."""
    return _SURROGATE_RE.sub(REPLACEMENT, text) if _SURROGATE_RE.search(text) else text


class _TailSearch:
    """A tokenizer ``suffix_search`` that searches only the last ``window`` characters of a word.

    spaCy uses only the length of the match, and serialises the pattern through ``__self__``, as it does for
    a compiled regex's bound ``search``; so the pipeline still saves and pickles (for ``n_process``)."""

    def __init__(self, search: Any, window: int = SUFFIX_WINDOW):
        self.__self__ = search.__self__
        self.window = window

    def __call__(self, string: str) -> Any:
        return self.__self__.search(string[-self.window :])


def guard_pipeline(nlp: Language) -> None:
    """Bound the cost of suffix search in ``nlp``'s tokenizer and the length of its sentences (see the module
    docstring)."""
    tokenizer: Any = nlp.tokenizer
    search = getattr(tokenizer, "suffix_search", None)
    if search is not None and hasattr(search, "__self__") and not isinstance(search, _TailSearch):
        tokenizer.suffix_search = _TailSearch(search)
    if "parser" in nlp.pipe_names and "tonecheck_sentence_cap" not in nlp.pipe_names:
        nlp.add_pipe("tonecheck_sentence_cap", before="parser")


@Language.factory("tonecheck_sentence_cap", default_config={"max_tokens": MAX_SENTENCE_TOKENS})
def make_sentence_cap(nlp: Language, name: str, max_tokens: int) -> Callable[[Doc], Doc]:
    def cap(doc: Doc) -> Doc:
        cap_sentences(doc, max_tokens)
        return doc

    return cap


def cap_sentences(doc: Doc, max_tokens: int = MAX_SENTENCE_TOKENS) -> None:
    """Mark sentence starts so that no stretch of ``max_tokens`` tokens goes without one (before parsing)."""
    last = 0
    while last + max_tokens < len(doc):
        index = last + max_tokens
        cut = next(
            (j for j in range(index, last + max_tokens // 2, -1) if _ends_sentence(doc[j - 1].text)),
            index,
        )
        doc[cut].is_sent_start = True
        last = cut


def _ends_sentence(text: str) -> bool:
    return text in _SENTENCE_ENDS or ("\n" in text and not text.strip())
