"""Control characters made visible wherever a file name or a draft is printed.

A file name or a draft may hold ESC sequences (which set a terminal's title or clear it), line breaks (which
start a new ``::add-mask::`` workflow command in GitHub Actions), bidi overrides (which show text in an
order other than the bytes'), or C0 characters XML 1.0 cannot hold at all. Each becomes one visible
character: C0 controls and DEL their Unicode "control picture" (ESC -> ``␛``, line feed -> ``␊``), C1
controls and bidi embeddings/overrides/isolates U+FFFD. One character for one, so columns and carets under
a printed line still line up.
"""

from __future__ import annotations

_TABLE = {code: 0x2400 + code for code in range(0x20)}
_TABLE[0x7F] = 0x2421
_TABLE.update({code: 0xFFFD for code in range(0x80, 0xA0)})
_TABLE.update({code: 0xFFFD for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))})


def visible(text: str) -> str:
    """``text`` with every control character replaced by one visible character (see the module docstring)."""
    return text.translate(_TABLE)
