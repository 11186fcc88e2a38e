"""The whole-draft rewrite: apply every safe suggestion that makes the draft gentler, re-checking each one.

A suggestion is applied only if the re-check of the result has fewer findings and none that the draft did
not have before (a finding "was there before" when the same rule flagged the same words, or flagged the
words the edit touched). Each applied edit is followed by a fresh check, so offsets always refer to the
current text and suggestions that cover several findings (a whole softened sentence) are tried first.
The loop stops when no candidate passes, which also makes rewriting idempotent: the rewritten text's own
candidates were all just tried and refused.

Changes are reported in the coordinates of the original text (edits that touch one another are merged),
and also where they ended up in the result.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from pydantic import BaseModel, ConfigDict, Field

from ..models import Finding, Report, Safety, Suggestion

CheckFn = Callable[[str], Report]


class Change(BaseModel):
    """One edit of the draft: ``original[start:end]`` became ``replacement``, now at ``result_start``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    start: int = Field(ge=0, description="character offset into the original text")
    end: int = Field(ge=0)
    original: str
    replacement: str
    result_start: int = Field(ge=0, description="character offset into the rewritten text")
    result_end: int = Field(ge=0)
    rule_ids: list[str] = Field(
        description="the rule whose suggestion made this change first, then the others it resolved"
    )
    titles: list[str]
    safety: Safety = Field(description="'review' if any suggestion applied here was a review one")


class PendingSuggestion(BaseModel):
    """A suggestion left for the writer, with offsets into the rewritten text."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rule_id: str
    finding: str = Field(description="the flagged words in the rewritten text")
    suggestion: Suggestion


class RewriteResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    original: str
    text: str = Field(description="the draft with the accepted suggestions applied")
    changes: list[Change]
    report: Report = Field(description="the check of the rewritten text")
    before: Report = Field(description="the check of the original text")
    review: list[PendingSuggestion] = Field(description="suggestions still open in the rewritten text")

    @property
    def changed(self) -> bool:
        return self.text != self.original


class _Edit:
    __slots__ = ("end", "replacement", "rule_ids", "safety", "start", "titles")

    def __init__(self, start: int, end: int, replacement: str, rule_ids: list[str], titles: list[str], safety: Safety):
        self.start, self.end, self.replacement = start, end, replacement
        self.rule_ids, self.titles, self.safety = rule_ids, titles, safety


class _Edits:
    """Non-overlapping edits of the original text, kept in its coordinates."""

    def __init__(self, original: str):
        self.original = original
        self.edits: list[_Edit] = []

    def _placed(self) -> Iterator[tuple[_Edit, int, int]]:
        """Each edit with where it sits in the current text."""
        delta = 0
        for edit in self.edits:
            start = edit.start + delta
            yield edit, start, start + len(edit.replacement)
            delta += len(edit.replacement) - (edit.end - edit.start)

    def _to_original(self, pos: int) -> int:
        delta = 0
        for edit, _, current_end in self._placed():
            if current_end <= pos:
                delta = current_end - edit.end
        return pos - delta

    def apply(
        self, current: str, start: int, end: int, replacement: str, rule_ids: list[str], suggestion: Suggestion
    ) -> None:
        touching = [(e, s, t) for e, s, t in self._placed() if start <= t and s <= end]
        lo = min([start] + [s for _, s, _ in touching])
        hi = max([end] + [t for _, _, t in touching])
        merged = current[lo:start] + replacement + current[end:hi]
        o_start = next((e.start for e, s, _ in touching if s == lo), None)
        o_end = next((e.end for e, _, t in touching if t == hi), None)
        o_start = self._to_original(lo) if o_start is None else o_start
        o_end = self._to_original(hi) if o_end is None else o_end
        merged_ids = [r for e, _, _ in touching for r in e.rule_ids]
        merged_ids += [r for r in rule_ids if r not in merged_ids]
        titles = [t for e, _, _ in touching for t in e.titles]
        safety: Safety = (
            "review" if suggestion.safety == "review" or any(e.safety == "review" for e, _, _ in touching) else "safe"
        )
        edit = _Edit(
            o_start,
            o_end,
            merged,
            merged_ids,
            [*titles, suggestion.title],
            safety,
        )
        kept = [e for e in self.edits if all(e is not t[0] for t in touching)]
        self.edits = sorted([*kept, edit], key=lambda e: e.start)

    def changes(self) -> list[Change]:
        return [
            Change(
                start=edit.start,
                end=edit.end,
                original=self.original[edit.start : edit.end],
                replacement=edit.replacement,
                result_start=current_start,
                result_end=current_end,
                rule_ids=edit.rule_ids,
                titles=edit.titles,
                safety=edit.safety,
            )
            for edit, current_start, current_end in self._placed()
        ]


def _candidates(report: Report, include_review: bool) -> list[tuple[Finding, Suggestion]]:
    """Suggestions to try, those that cover the most findings first, then in the rules' own order."""
    found: list[tuple[int, int, int, Finding, Suggestion]] = []
    for index, finding in enumerate(report.findings):
        for rank, suggestion in enumerate(finding.suggestions):
            if suggestion.safety != "safe" and not include_review:
                continue
            covered = sum(1 for f in report.findings if suggestion.start <= f.start and f.end <= suggestion.end)
            found.append((-covered, rank, index, finding, suggestion))
    found.sort(key=lambda c: c[:3])
    return [(finding, suggestion) for *_, finding, suggestion in found]


def compare(before: Report, after: Report, start: int, end: int, new_end: int) -> tuple[bool, list[Finding]]:
    """Whether ``after`` has a finding ``before`` did not, and which findings of ``before`` are gone.

    A finding of ``after`` was there before when the same rule flagged the same words, or flagged the
    words the edit (``before[start:end]`` -> ``after[start:new_end]``) touched."""
    unused = list(before.findings)
    added = False
    for finding in after.findings:
        touched = finding.start <= new_end and start <= finding.end
        match = next(
            (
                old
                for old in unused
                if old.rule_id == finding.rule_id
                and (old.text == finding.text or (touched and old.start <= end and start <= old.end))
            ),
            None,
        )
        if match is None:
            added = True
        else:
            unused.remove(match)
    return added, unused


def rewrite(text: str, check: CheckFn, *, include_review: bool = False) -> RewriteResult:
    """``text`` with every suggestion applied that leaves fewer findings and adds none; ``review``
    suggestions too when ``include_review``."""
    before = check(text)
    current, report = text, before
    edits = _Edits(text)
    progress = True
    while progress:
        progress = False
        refused: set[tuple[int, int, str]] = set()
        for finding, suggestion in _candidates(report, include_review):
            key = (suggestion.start, suggestion.end, suggestion.replacement)
            if key in refused:
                continue
            candidate = current[: suggestion.start] + suggestion.replacement + current[suggestion.end :]
            if candidate == current:
                continue
            after = check(candidate)
            added, resolved = compare(
                report, after, suggestion.start, suggestion.end, suggestion.start + len(suggestion.replacement)
            )
            if added or not resolved or len(after.findings) >= len(report.findings):
                refused.add(key)
                continue
            rule_ids = [finding.rule_id] + [f.rule_id for f in resolved if f.rule_id != finding.rule_id]
            edits.apply(current, suggestion.start, suggestion.end, suggestion.replacement, rule_ids, suggestion)
            current, report = candidate, after
            progress = True
            break
    review = [
        PendingSuggestion(rule_id=f.rule_id, finding=f.text, suggestion=s)
        for f in report.findings
        for s in f.suggestions
    ]
    return RewriteResult(
        original=text, text=current, changes=edits.changes(), report=report, before=before, review=review
    )
