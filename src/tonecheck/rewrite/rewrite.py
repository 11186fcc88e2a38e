"""The whole-draft rewrite: apply every safe suggestion that makes the draft gentler, re-checking each one.

A suggestion is applied only if the re-check of the result has fewer findings and none that the draft did
not have before (a finding "was there before" when the same rule flagged the same words, or the same rule
or a rule of the same category flagged the words the edit touched). Each applied edit is followed by a
fresh check, so offsets always refer to the current text and suggestions that cover several findings (a
whole softened sentence) are tried first.
The loop stops when no candidate passes, which also makes rewriting idempotent: the rewritten text's own
candidates were all just tried and refused.

Changes are reported in the coordinates of the original text (edits that touch one another are merged),
and also where they ended up in the result.
"""

from __future__ import annotations

import bisect
import functools
import itertools
from collections import deque
from collections.abc import Callable, Iterator

from pydantic import BaseModel, ConfigDict, Field

from ..models import Finding, Report, Safety, Suggestion
from .gate import Parse, defects

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


class GateRejection(BaseModel):
    """A safe suggestion the quality gate (``tonecheck.rewrite.gate``) kept out of the rewrite."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rule_id: str
    original: str = Field(description="the words the suggestion would have replaced")
    replacement: str
    reasons: list[str]


class RewriteResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    original: str
    text: str = Field(description="the draft with the accepted suggestions applied")
    changes: list[Change]
    report: Report = Field(description="the check of the rewritten text")
    before: Report = Field(description="the check of the original text")
    review: list[PendingSuggestion] = Field(description="suggestions still open in the rewritten text")
    rejected: list[GateRejection] = Field(
        default_factory=list, description="safe suggestions the quality gate refused (listed in review)"
    )
    complete: bool = Field(
        default=True,
        description="false when a sentence had more suggestions than the rewrite tries per sentence (hostile "
        "drafts: hundreds of findings in one sentence); the untried ones are left in review",
    )

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
    spans = sorted((f.start, f.end) for f in report.findings)
    starts = [start for start, _ in spans]
    for index, finding in enumerate(report.findings):
        for rank, suggestion in enumerate(finding.suggestions):
            if suggestion.safety != "safe" and not include_review:
                continue
            # only findings that start inside the suggestion can lie inside it (hundreds on hostile drafts)
            inside = spans[bisect.bisect_left(starts, suggestion.start) : bisect.bisect_right(starts, suggestion.end)]
            covered = sum(1 for _, end in inside if end <= suggestion.end)
            found.append((-covered, rank, index, finding, suggestion))
    found.sort(key=lambda c: c[:3])
    return [(finding, suggestion) for *_, finding, suggestion in found]


def compare(before: Report, after: Report, start: int, end: int, new_end: int) -> tuple[bool, list[Finding]]:
    """Whether ``after`` has a finding ``before`` did not, and which findings of ``before`` are gone.

    A finding of ``after`` was there before when the same rule flagged the same words, or the same rule or
    one of the same category flagged words the edit (``before[start:end]`` -> ``after[start:new_end]``)
    touched."""
    # Findings of ``before`` by position, and by rule and words: an untouched finding looks up its twin
    # directly, so a draft with hundreds of findings is compared in linear time, not quadratic.
    unused: dict[int, Finding] = dict(enumerate(before.findings))
    by_words: dict[tuple[str, str], deque[int]] = {}
    for number, old in unused.items():
        by_words.setdefault((old.rule_id, old.text), deque()).append(number)
    added = False
    for finding in after.findings:
        touched = finding.start <= new_end and start <= finding.end
        match: int | None = None
        if touched:
            match = next(
                (
                    number
                    for number, old in unused.items()
                    if (old.rule_id == finding.rule_id and old.text == finding.text)
                    or (
                        # on the words the edit touched, a finding of the same kind is the one that was there
                        # ("You crashed the car again, congrats" -> "You crashed the car again": IS03 -> IS02)
                        old.start <= end
                        and start <= old.end
                        and (old.rule_id == finding.rule_id or old.category == finding.category)
                    )
                ),
                None,
            )
        else:
            twins = by_words.get((finding.rule_id, finding.text))
            while twins and twins[0] not in unused:
                twins.popleft()
            match = twins[0] if twins else None
        if match is None:
            added = True
        else:
            del unused[match]
    return added, list(unused.values())


def _units(text: str, report: Report) -> list[tuple[int, int]]:
    """The draft cut at each sentence start: every character in exactly one unit, a sentence with the
    whitespace after it."""
    starts = sorted({s.start for s in report.signals.sentences if 0 < s.start < len(text)})
    # a finding or suggestion that runs over a sentence start keeps those sentences in one unit
    ranges = [(f.start, f.end) for f in report.findings] + [
        (s.start, s.end) for f in report.findings for s in f.suggestions
    ]
    inside: set[int] = set()
    for lo, hi in ranges:
        inside.update(starts[bisect.bisect_right(starts, lo) : bisect.bisect_left(starts, hi)])
    bounds = [0, *(b for b in starts if b not in inside), len(text)]
    return [(a, b) for a, b in itertools.pairwise(bounds) if b > a] or [(0, len(text))]


def _rewrite_unit(
    before: str,
    unit: str,
    after: str,
    edits: _Edits,
    check: CheckFn,
    include_review: bool,
    gate: _Gate | None,
    budget: _Budget,
) -> tuple[str, bool]:
    """``unit`` (between ``before`` and ``after``, its neighbours for context) with every candidate applied
    that lies inside it and leaves the window with fewer findings and none new; and whether any was.
    ``edits`` records them in the coordinates of the unit as it was in the draft. Each candidate tried costs
    ``budget`` one; when it is spent, the unit stays as far as it got."""
    lo = len(before)
    report = check(before + unit + after)
    changed, progress = False, True
    while progress:
        progress = False
        refused: set[tuple[int, int, str]] = set()
        hi = lo + len(unit)
        for finding, suggestion in _candidates(report, include_review):
            key = (suggestion.start, suggestion.end, suggestion.replacement)
            if key in refused or not (lo <= suggestion.start <= suggestion.end <= hi):
                continue
            start, end = suggestion.start - lo, suggestion.end - lo
            candidate = unit[:start] + suggestion.replacement + unit[end:]
            if candidate == unit:
                continue
            if budget.spent():
                return unit, changed
            window = before + unit + after
            refused_by_gate = (
                gate is not None and suggestion.safety == "safe" and not gate.passes(window, finding, suggestion)
            )
            if refused_by_gate and not include_review:
                refused.add(key)
                continue
            checked = check(before + candidate + after)
            added, resolved = compare(
                report, checked, suggestion.start, suggestion.end, suggestion.start + len(suggestion.replacement)
            )
            if added or not resolved or len(checked.findings) >= len(report.findings):
                refused.add(key)
                continue
            rule_ids = [finding.rule_id] + [f.rule_id for f in resolved if f.rule_id != finding.rule_id]
            edits.apply(unit, start, end, suggestion.replacement, rule_ids, suggestion)
            unit, report = candidate, checked
            changed = progress = True
            break
    return unit, changed


class _Budget:
    """Candidates one unit may try in one visit (each is a gate parse and a re-check of its window).

    Ordinary sentences try a handful; hostile ones (hundreds of findings in one sentence: runs of marks,
    repeated phrases) could try thousands, each re-checked. Past the bound the unit stays as far as it got,
    its other suggestions stay open for the writer, and the result says it is ``complete=False``."""

    def __init__(self, tries: int):
        self.tries = tries
        self.left = tries
        self.exhausted = False

    def visit(self) -> _Budget:
        self.left = self.tries
        return self

    def spent(self) -> bool:
        if self.left <= 0:
            self.exhausted = True
            return True
        self.left -= 1
        return False


# Candidates a unit may try in one visit: the golden rewrites and 300 dev drafts never try more than 2.
TRIES_PER_UNIT = 24


class _Gate:
    """The quality gate with what it refused, once each."""

    def __init__(self, parse: Parse):
        # every candidate of a unit parses the same window before its edit: parse it once
        self.parse = functools.lru_cache(maxsize=8)(parse)
        self.rejected: dict[tuple[str, str], GateRejection] = {}

    def passes(self, window: str, finding: Finding, suggestion: Suggestion) -> bool:
        reasons = defects(window, suggestion.start, suggestion.end, suggestion.replacement, self.parse)
        if reasons:
            original = window[suggestion.start : suggestion.end]
            rejection = GateRejection(
                rule_id=finding.rule_id, original=original, replacement=suggestion.replacement, reasons=reasons
            )
            self.rejected.setdefault((finding.rule_id, suggestion.replacement), rejection)
        return not reasons


# Passes over the draft: a unit is visited again when a neighbour changed (its context did).
_PASSES = 3


def rewrite(
    text: str,
    check: CheckFn,
    *,
    include_review: bool = False,
    parse: Parse | None = None,
    tries_per_unit: int = TRIES_PER_UNIT,
    offered: CheckFn | None = None,
) -> RewriteResult:
    """``text`` with every suggestion applied that leaves fewer findings and adds none; ``review``
    suggestions too when ``include_review``.

    Linear in the draft's length: a candidate is re-checked in a window of its sentence and the sentences
    on either side, not in the whole draft, and only sentences with a finding are visited (again, up to
    ``_PASSES`` times, when a neighbour changed). The result is then checked whole once; should that show
    a finding the draft did not have (a rule over the whole message), the draft is returned unchanged
    rather than worse. With ``parse`` (the spaCy pipeline), every safe suggestion first passes the quality
    gate (``tonecheck.rewrite.gate``); those it refuses are not applied and are listed as ``review``.
    A unit tries at most ``TRIES_PER_UNIT`` candidates a visit, so the work grows with the sentences, not
    with the findings (see ``_Budget``). ``offered``: the check whose report the draft and the result get
    (``check`` when ``None``): ``Checker.check``, whose safe suggestions passed the gate on their sentences,
    while the re-checks of candidates use ``check`` and gate what they apply on a wider window."""
    gate = _Gate(parse) if parse is not None else None
    offered = offered or check
    before = offered(text)
    units = [list(unit) for unit in _units(text, before)]
    pieces = [text[a:b] for a, b in units]
    todo = _with_suggestions(before, pieces, include_review)
    unit_edits: dict[int, _Edits] = {}
    budget = _Budget(tries_per_unit)
    whole: Report | None = None  # the check of the whole draft after the last pass that changed it
    for number in range(_PASSES):
        changed: set[int] = set()
        for index in sorted(todo):
            if number == 0 and index:
                _take_leading_space(units, pieces, index, unit_edits.get(index - 1))
            edits = unit_edits.get(index) or _Edits(text[units[index][0] : units[index][1]])
            window_before = "".join(pieces[max(0, index - 1) : index])
            window_after = "".join(pieces[index + 1 : index + 2])
            pieces[index], moved = _rewrite_unit(
                window_before, pieces[index], window_after, edits, check, include_review, gate, budget.visit()
            )
            if moved:
                unit_edits[index] = edits
                changed.add(index)
        if not changed:
            break
        # One check of the whole draft shows which units still have a suggestion to offer; of those, only
        # the ones next to a changed unit (their context changed) are visited again. A window re-check of
        # every neighbour cost a third of the rewrite; this costs one check, which is also the result's.
        whole = offered("".join(pieces))
        neighbours = {n for index in changed for n in (index - 1, index + 1) if 0 <= n < len(units)}
        # (only units the draft's own check sent here or that changed: a suggestion the gate refused in the
        # draft as written is not offered again because an edit next to it hid the context it was refused in)
        # An edit can also raise a finding far from it, through a condition on the whole message ("??"
        # flagged once a guilt-trip is softened lowers the message's sentiment): the unit it lands in is
        # visited too, or a second rewrite would be the one to act on it.
        raised = _units_with_new_findings(before, whole, pieces)
        todo = (neighbours & (todo | set(unit_edits)) | raised) & _with_suggestions(whole, pieces, include_review)
        if not todo:
            break
    current = "".join(pieces)
    report = before if not unit_edits else whole if whole is not None else offered(current)
    if unit_edits and _adds_a_rule(before, report):
        current, report, unit_edits = text, before, {}
    changes: list[Change] = []
    shift = 0  # how far the result has moved against the original before the unit
    for index, (a, b) in enumerate(units):
        done = unit_edits.get(index)
        if done is not None:
            for change in done.changes():
                changes.append(
                    change.model_copy(
                        update={
                            "start": change.start + a,
                            "end": change.end + a,
                            "result_start": change.result_start + a + shift,
                            "result_end": change.result_end + a + shift,
                        }
                    )
                )
            shift += len(pieces[index]) - (b - a)
    rejected = gate.rejected if gate is not None else {}
    review = [
        PendingSuggestion(
            rule_id=f.rule_id,
            finding=f.text,
            suggestion=s.model_copy(update={"safety": "review"}) if (f.rule_id, s.replacement) in rejected else s,
        )
        for f in report.findings
        for s in f.suggestions
    ]
    return RewriteResult(
        original=text,
        text=current,
        changes=changes,
        report=report,
        before=before,
        review=review,
        rejected=list(rejected.values()),
        complete=not budget.exhausted,
    )


def _with_suggestions(report: Report, pieces: list[str], include_review: bool) -> set[int]:
    """The units (``pieces`` of the text ``report`` checked) that a finding with a suggestion to try touches."""
    starts = list(itertools.accumulate((len(piece) for piece in pieces[:-1]), initial=0))
    found: set[int] = set()
    for f in report.findings:
        if any(include_review or s.safety == "safe" for s in f.suggestions):
            first = bisect.bisect_right(starts, f.start) - 1
            last = max(first, bisect.bisect_left(starts, f.end) - 1)
            found.update(range(max(first, 0), last + 1))
    return found


def _units_with_new_findings(before: Report, after: Report, pieces: list[str]) -> set[int]:
    """The units (``pieces`` of the text ``after`` checked) holding a finding the draft did not have: one
    whose rule flags those words more often than in ``before``."""
    seen: dict[tuple[str, str], int] = {}
    for finding in before.findings:
        seen[(finding.rule_id, finding.text)] = seen.get((finding.rule_id, finding.text), 0) + 1
    starts = list(itertools.accumulate((len(piece) for piece in pieces[:-1]), initial=0))
    found: set[int] = set()
    for finding in after.findings:
        key = (finding.rule_id, finding.text)
        if seen.get(key, 0) > 0:
            seen[key] -= 1
        else:
            found.add(max(bisect.bisect_right(starts, finding.start) - 1, 0))
    return found


def _take_leading_space(units: list[list[int]], pieces: list[str], index: int, done: _Edits | None) -> None:
    """Move the spaces that end unit ``index - 1`` to the start of unit ``index``, so that a sentence
    dropped whole can take the space before it along (when no edit of the unit before reached them)."""
    previous = pieces[index - 1]
    space = len(previous) - len(previous.rstrip(" \t"))
    if not space or space == len(previous):
        return
    a, b = units[index - 1]
    if done is not None and any(edit.end > b - a - space for edit in done.edits):
        return
    pieces[index - 1], pieces[index] = previous[:-space], previous[-space:] + pieces[index]
    units[index - 1][1] -= space
    units[index][0] -= space


def _adds_a_rule(before: Report, after: Report) -> bool:
    """Whether some category is flagged in more places in ``after`` than in ``before`` (one rule of a
    kind standing in for another on the same words is no worse)."""
    counts: dict[str, int] = {}
    for finding in before.findings:
        counts[finding.category] = counts.get(finding.category, 0) + 1
    for finding in after.findings:
        counts[finding.category] = counts.get(finding.category, 0) - 1
    return any(value < 0 for value in counts.values())
