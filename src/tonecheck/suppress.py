"""Suppression comments inside a draft: ``tonecheck: ignore``, ``tonecheck: ignore[BL01,PR]``, and
``tonecheck: off`` ... ``tonecheck: on`` blocks (``off[PR]`` too).

They are found anywhere on a line, so they work in any comment syntax (``<!-- -->``, ``#``, ``//``) or as
plain words. ``ignore`` covers findings that start on its line; when the line holds nothing but the comment,
it covers the next non-blank line instead, so it can sit above a sentence in Markdown or an email. A finding
is covered when any of its lines is the covered line. Codes are
rule selectors (ids, id prefixes, categories, dotted names); none means every rule. A comment that covered
no finding is reported back as unused, like Ruff's unused ``noqa``.

This lives in the core, not the CLI, so the Python API and the server honour the same comments.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .models import Finding, IgnoreComment

_DIRECTIVE = re.compile(r"tonecheck:[ \t]*(?P<action>ignore|off|on)\b(?:\[(?P<codes>[^\]\n]*)\])?", re.IGNORECASE)
# The comment with its markers, for masking it out of the text the parser sees.
_COMMENT = re.compile(
    r"(?:<!--|/\*|//|#|%|;)?[ \t]*tonecheck:[ \t]*(?:ignore|off|on)\b(?:\[[^\]\n]*\])?[ \t]*(?:-->|\*/)?",
    re.IGNORECASE,
)
# What may surround a comment on a line of its own: comment markers of common syntaxes, and space.
_ONLY_MARKERS = re.compile(r"^[\s<>!\-#/*%;]*$")


@dataclass
class _Directive:
    action: str
    line: int  # 1-based line of the comment
    column: int
    text: str
    codes: tuple[str, ...]
    target_line: int = 0  # for ignore: the line it covers
    end_line: int | None = None  # for off: the line of the matching on (None = to the end)
    used: set[str] = field(default_factory=set)  # codes that covered something ("*" = the bare form)
    start: int = 0  # character offsets of the comment in the draft
    end: int = 0


def _parse(text: str) -> list[_Directive]:
    lines = text.split("\n")
    found: list[_Directive] = []
    offset = 0
    for index, line in enumerate(lines):
        for match in _DIRECTIVE.finditer(line):
            raw = match.group("codes")
            codes = tuple(c.strip() for c in raw.split(",") if c.strip()) if raw else ()
            directive = _Directive(match.group("action").lower(), index + 1, match.start() + 1, match.group(0), codes)
            directive.start, directive.end = offset + match.start(), offset + match.end()
            found.append(directive)
        offset += len(line) + 1
    for directive in found:
        if directive.action != "ignore":
            continue
        directive.target_line = directive.line
        line = lines[directive.line - 1]
        rest = _DIRECTIVE.sub("", line)
        if _ONLY_MARKERS.match(rest):
            following = next((n for n in range(directive.line, len(lines)) if lines[n].strip()), None)
            if following is not None:
                directive.target_line = following + 1
    # Pair each off with the next on; an off without an on runs to the end of the draft.
    open_off: list[_Directive] = []
    for directive in found:
        if directive.action == "off":
            open_off.append(directive)
        elif directive.action == "on":
            for off in open_off:
                off.end_line = directive.line
            open_off = []
    return found


def mask(text: str) -> str:
    """The text with each suppression comment (and its comment markers) blanked out, same length, so the
    parser does not read "<!-- tonecheck: off -->" into the sentence after it and offsets stay valid."""
    if "tonecheck:" not in text.lower():
        return text
    return _COMMENT.sub(lambda m: " " * len(m.group(0)), text)


def apply(
    text: str, findings: Sequence[Finding], matches: Callable[[str, Finding], bool]
) -> tuple[list[Finding], list[IgnoreComment]]:
    """Drop the findings the draft's comments suppress; return the kept findings and the unused comments.

    ``matches(selector, finding)`` says whether a code in ``ignore[...]`` names the finding's rule.
    """
    if "tonecheck:" not in text.lower():
        return list(findings), []
    directives = _parse(text)
    kept: list[Finding] = []
    for finding in findings:
        # The comment's own words ("ignore") are never a finding, and do not count as a use.
        if any(d.start < finding.end and finding.start < d.end for d in directives):
            continue
        if not _suppressed(finding, directives, matches):
            kept.append(finding)
    unused: list[IgnoreComment] = []
    for d in directives:
        if d.action == "on":
            continue
        if d.codes:
            idle = [c for c in d.codes if c not in d.used]
            if idle:
                unused.append(IgnoreComment(line=d.line, column=d.column, comment=d.text, unused_codes=idle))
        elif not d.used:
            unused.append(IgnoreComment(line=d.line, column=d.column, comment=d.text, unused_codes=[]))
    return kept, unused


def _suppressed(finding: Finding, directives: list[_Directive], matches: Callable[[str, Finding], bool]) -> bool:
    hit = False
    for d in directives:
        if d.action == "ignore":
            covers = finding.line <= d.target_line <= finding.line + finding.text.count("\n")
        elif d.action == "off":
            covers = d.line <= finding.line and (d.end_line is None or finding.line <= d.end_line)
        else:
            continue
        if not covers:
            continue
        if not d.codes:
            d.used.add("*")
            hit = True
            continue
        for code in d.codes:
            if matches(code, finding):
                d.used.add(code)
                hit = True
    return hit
