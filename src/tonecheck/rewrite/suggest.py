"""Suggestions: (finding, rule, doc) -> ranked gentler wordings.

``replace`` specs swap the matched words; ``template`` specs offer a whole-sentence wording with
``[blanks]`` for the writer (always ``review``); ``transform`` specs name a parse-based rewrite registered
in ``TRANSFORMS`` (``tonecheck.rewrite.transforms``, one module each). A transform's own mark can only
lower the spec's: a rule may say ``safety: safe`` for a transform, but a result with blanks stays
``review``. The whole-draft rewrite that applies the safe ones lives in ``tonecheck.rewrite.rewrite``.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from ..loader import RuleError, RuleSet
from ..models import Finding, Rule, Suggestion, SuggestionSpec
from .transforms import TRANSFORMS, Transform

__all__ = ["TRANSFORMS", "Transform", "suggestions_for", "unknown_transforms"]


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
        if suggestion is not None and suggestion not in found:
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
