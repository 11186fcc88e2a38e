"""Character offsets into a document <-> LSP positions (line, character in the negotiated encoding).

The protocol counts a line's characters in UTF-16 code units unless client and server agreed on UTF-8 or
UTF-32, so an emoji before a finding counts 2 and the range must say so. Its lines end at ``\\n``, ``\\r\\n``
or ``\\r`` only: ``str.splitlines`` also breaks at form feeds, U+2028 and others, which would shift every
range after them, so it is not used here.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

from lsprotocol.types import Position, PositionEncodingKind, Range

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le", errors="surrogatepass")) // 2


def _utf8_units(text: str) -> int:
    return len(text.encode("utf-8", errors="surrogatepass"))


_UNITS: dict[str, Callable[[str], int]] = {
    PositionEncodingKind.Utf16.value: _utf16_units,
    PositionEncodingKind.Utf8.value: _utf8_units,
    PositionEncodingKind.Utf32.value: len,
}


class LineIndex:
    """One document's line starts, built once per version, for many conversions."""

    def __init__(self, text: str, encoding: str = PositionEncodingKind.Utf16.value) -> None:
        self.text = text
        self.units = _UNITS.get(encoding, _utf16_units)
        self.starts = [0]
        self.ends: list[int] = []  # where each line's text ends (its line break excluded)
        for match in _LINE_BREAK.finditer(text):
            self.ends.append(match.start())
            self.starts.append(match.end())
        self.ends.append(len(text))

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, max(0, min(offset, len(self.text)))) - 1

    def position(self, offset: int) -> Position:
        offset = max(0, min(offset, len(self.text)))
        line = self.line_of(offset)
        # An offset inside a line break (between \r and \n) is the end of its line.
        column_end = min(offset, self.ends[line])
        return Position(line=line, character=self.units(self.text[self.starts[line] : column_end]))

    def range(self, start: int, end: int) -> Range:
        return Range(start=self.position(start), end=self.position(max(start, end)))

    def offset(self, position: Position) -> int:
        """The offset of a client position; past a line's end is its end, past the last line the text's end."""
        if position.line >= len(self.starts):
            return len(self.text)
        start, end = self.starts[position.line], self.ends[position.line]
        counted = 0
        for index in range(start, end):
            if counted >= position.character:
                return index
            counted += self.units(self.text[index])
        return end

    def line_start(self, line: int) -> int:
        return self.starts[max(0, min(line, len(self.starts) - 1))]

    def line_end(self, line: int) -> int:
        return self.ends[max(0, min(line, len(self.ends) - 1))]
