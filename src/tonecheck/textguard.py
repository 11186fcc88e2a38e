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
"""

from __future__ import annotations

import re
from typing import Any

from spacy.language import Language

REPLACEMENT = "\ufffd"
SUFFIX_WINDOW = 64

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


def guard_tokenizer(nlp: Language) -> None:
    """Bound the cost of suffix search in ``nlp``'s tokenizer (see the module docstring)."""
    tokenizer: Any = nlp.tokenizer
    search = getattr(tokenizer, "suffix_search", None)
    if search is not None and hasattr(search, "__self__") and not isinstance(search, _TailSearch):
        tokenizer.suffix_search = _TailSearch(search)
