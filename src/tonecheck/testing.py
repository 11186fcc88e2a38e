"""The rule-example harness: every example in a rule file is a test case. Used by the project's own pytest
suite and by ``tonecheck test-rules DIR`` for people writing their own rules."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from .api import Checker
from .loader import RuleSet
from .models import Rule


@dataclass(frozen=True)
class ExampleCase:
    rule_id: str
    kind: Literal["flagged", "ok"]
    index: int
    text: str
    match: str | None = None
    suggestion: str | None = None

    @property
    def id(self) -> str:
        return f"{self.rule_id}-{self.kind}-{self.index}"


def example_cases(ruleset: RuleSet) -> Iterator[ExampleCase]:
    for rule in ruleset:
        yield from cases_of(rule)


def cases_of(rule: Rule) -> Iterator[ExampleCase]:
    for index, flagged in enumerate(rule.examples.flagged):
        yield ExampleCase(rule.id, "flagged", index, flagged.text, flagged.match, flagged.suggestion)
    for index, text in enumerate(rule.examples.ok):
        yield ExampleCase(rule.id, "ok", index, text)


def run_case(checker: Checker, case: ExampleCase) -> str | None:
    """``None`` when the example behaves as its rule file says, else what went wrong."""
    findings = [f for f in checker.check(case.text).findings if f.rule_id == case.rule_id]
    if case.kind == "ok":
        if findings:
            got = ", ".join(repr(f.text) for f in findings)
            return f"{case.id}: {case.text!r} should not be flagged, but {case.rule_id} matched {got}"
        return None
    exact = [f for f in findings if f.text == case.match]
    if not exact:
        got = ", ".join(repr(f.text) for f in findings) or "nothing"
        return f"{case.id}: {case.text!r} should flag {case.match!r}, but {case.rule_id} matched {got}"
    if case.suggestion is not None:
        # the expected text may be the first suggestion's words, or the whole example with it applied
        first = exact[0].suggestions[0] if exact[0].suggestions else None
        applied = case.text[: first.start] + first.replacement + case.text[first.end :] if first else None
        if first is None or case.suggestion not in (first.replacement, applied):
            got = repr(first.replacement) if first else "none"
            return f"{case.id}: expected first suggestion {case.suggestion!r}, got {got}"
    return None
