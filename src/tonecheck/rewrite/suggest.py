"""Suggestions: (finding, rule, doc) -> ranked gentler wordings.

``replace`` specs swap the matched words; ``template`` specs offer a whole-sentence wording with
``[blanks]`` for the writer (always ``review``); ``transform`` specs name a parse-based rewrite registered
in ``TRANSFORMS`` (``tonecheck.rewrite.transforms``, one module each). A transform's own mark can only
lower the spec's: a rule may say ``safety: safe`` for a transform, but a result with blanks stays
``review``. The whole-draft rewrite that applies the safe ones lives in ``tonecheck.rewrite.rewrite``.
"""

from __future__ import annotations

import bisect

from spacy.tokens import Doc, Span

from ..loader import RuleError, RuleSet
from ..models import Finding, Rule, Suggestion, SuggestionSpec
from .transforms import TRANSFORMS, Transform

__all__ = ["TRANSFORMS", "Transform", "one_template", "suggestions_for", "unknown_transforms"]


def unknown_transforms(ruleset: RuleSet) -> list[RuleError]:
    """A rule naming a transform that does not exist would silently suggest nothing: an error instead."""
    return [
        RuleError(
            ruleset.files.get(rule.id, rule.id),
            f"unknown transform {spec.transform!r} (known: {', '.join(sorted(TRANSFORMS))})",
            rule.id,
            f"suggestions.{index}.transform",
        )
        for rule in ruleset
        for index, spec in enumerate(rule.suggestions)
        if spec.transform is not None and spec.transform not in TRANSFORMS
    ]


def suggestions_for(finding: Finding, rule: Rule, doc: Doc) -> list[Suggestion]:
    found: list[Suggestion] = []
    for spec in rule.suggestions:
        suggestion = _apply(spec, finding, doc)
        same = (
            s
            for s in found
            if suggestion is not None
            and (s.start, s.end, s.replacement) == (suggestion.start, suggestion.end, suggestion.replacement)
        )
        if suggestion is not None and next(same, None) is None:
            found.append(suggestion)
    return found


def _apply(spec: SuggestionSpec, finding: Finding, doc: Doc) -> Suggestion | None:
    values = {"match": finding.text, "match_lower": finding.text.lower()}
    wording = spec.replace if spec.replace is not None else spec.template
    if wording is not None and "{sentence" in wording:
        # Only when asked for: finding a match's sentence walks the parse, and this runs for every finding.
        sentence = _sentence(finding, doc)
        values["sentence"] = sentence.text.strip()
    if spec.replace is not None:
        replacement = spec.replace.format_map(values)
        return Suggestion(
            replacement=_match_case(finding.text, replacement),
            start=finding.start,
            end=finding.end,
            safety=spec.safety,
            kind="swap",
            title=spec.title or f"Say '{replacement}' instead",
        )
    if spec.template is not None:
        sentence = _sentence(finding, doc)
        return Suggestion(
            replacement=spec.template.format_map(values),
            start=sentence.start_char,
            end=sentence.start_char + len(sentence.text.rstrip()),
            safety="review",
            kind="template",
            title=spec.title or "Rephrase as an I-statement",
        )
    assert spec.transform is not None
    transform = TRANSFORMS.get(spec.transform)
    suggestion = transform(finding, doc) if transform is not None else None
    if suggestion is None:
        return None
    update: dict[str, str] = {}
    if spec.safety == "review":
        update["safety"] = "review"
    if spec.title:
        update["title"] = spec.title
    return suggestion.model_copy(update=update) if update else suggestion


def _sentence(finding: Finding, doc: Doc) -> Span:
    span = doc.char_span(finding.start, finding.end, alignment_mode="expand")
    return span.sent if span is not None else doc[:]


def _match_case(original: str, replacement: str) -> str:
    """Keep a capital at the start of the matched words (sentence starts stay capitalised)."""
    if original[:1].isupper() and replacement[:1].islower() and not original.isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _is_template(suggestion: Suggestion) -> bool:
    """A wording with blanks for the writer: a rule's template, or a transform's result with a blank."""
    return suggestion.kind == "template" or "[" in suggestion.replacement


class _Spans:
    """Composed wordings indexed by start, so finding the first one that covers a span looks only at those
    that start close enough before it (a draft with thousands of findings stays linear, not quadratic)."""

    def __init__(self, suggestions: list[Suggestion]) -> None:
        self.by_start = sorted(range(len(suggestions)), key=lambda i: suggestions[i].start)
        self.starts = [suggestions[i].start for i in self.by_start]
        self.suggestions = suggestions
        self.longest = max((s.end - s.start for s in suggestions), default=0)

    def first_covering(self, start: int, end: int) -> list[Suggestion]:
        """The earliest (in draft order of findings) wording with ``s.start <= start`` and ``end <= s.end``."""
        low = bisect.bisect_left(self.starts, start - self.longest)
        high = bisect.bisect_right(self.starts, start)
        best = min(
            (i for i in self.by_start[low:high] if end <= self.suggestions[i].end),
            default=None,
        )
        return [] if best is None else [self.suggestions[best]]


def one_template(findings: list[Finding]) -> list[Finding]:
    """At most one template in a message, and none beside a wording built from the draft. A finding with
    a wording of its own loses its templates; a finding whose words another finding's rewrite covers (an
    I-message, a request) is offered that rewrite instead of its templates; of the rest only the first
    keeps one template. Blanks are for what the draft truly does not say, asked once."""
    composed = _Spans([s for f in findings for s in f.suggestions if not _is_template(s)])
    kept: list[Finding] = []
    offered: Suggestion | None = None
    for finding in findings:
        own = any(not _is_template(s) for s in finding.suggestions)
        covering = [] if own else composed.first_covering(finding.start, finding.end)
        suggestions = [s for s in finding.suggestions if not _is_template(s)]
        if not own and covering:
            suggestions = covering[:1]
        elif not own and offered is None:
            suggestions = [s for s in finding.suggestions if _is_template(s)][:1]
            offered = suggestions[0] if suggestions else None
        elif not own and offered is not None and offered.start <= finding.start and finding.end <= offered.end:
            suggestions = [offered]  # the one template, shared by the findings in its sentence
        elif not own:
            suggestions = []
        if suggestions != finding.suggestions:
            finding = finding.model_copy(update={"suggestions": suggestions})
        kept.append(finding)
    return kept
