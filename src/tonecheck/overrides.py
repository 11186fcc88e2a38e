"""Project-level adjustments to findings: ``allow`` phrases that are never flagged, and severity overrides.

Kept in the core (applied by ``Checker.report``) so the CLI's config, the Python API and the server give the
same findings for the same settings.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from .loader import RuleSet
from .models import Finding, Rule, Severity
from .ruleset.selectors import selector_matches


class Overrides:
    """``allow``: phrases, matched case-insensitively on word boundaries; a finding overlapping one is
    dropped. ``severity``: selector (id, prefix, category, dotted name) -> severity; the last matching
    selector wins."""

    def __init__(self, ruleset: RuleSet, allow: Sequence[str] = (), severity: Mapping[str, Severity] | None = None):
        phrases = [p.strip() for p in allow if p.strip()]
        self._allow = (
            re.compile("|".join(r"(?<!\w)" + re.escape(p) + r"(?!\w)" for p in phrases), re.IGNORECASE)
            if phrases
            else None
        )
        self._severity: dict[str, Severity] = {}
        rules: dict[str, Rule] = {rule.id: rule for rule in ruleset}
        for selector, level in (severity or {}).items():
            chosen = [rule for rule in ruleset if selector_matches(selector, rule)]
            if not chosen and any(selector_matches(selector, rule) for rule in ruleset.dormant):
                continue  # a preview rule that is off: the override waits for preview to be turned on
            if not chosen:
                raise ValueError(f"severity override {selector!r} matches no rule")
            for rule in chosen:
                self._severity[rule.id] = level
        self._rules = rules

    def __bool__(self) -> bool:
        return self._allow is not None or bool(self._severity)

    def severity_of(self, rule: Rule) -> Severity:
        return self._severity.get(rule.id, rule.severity)

    def apply(self, text: str, findings: Sequence[Finding]) -> list[Finding]:
        allowed = [(m.start(), m.end()) for m in self._allow.finditer(text)] if self._allow else []
        result = []
        for finding in findings:
            if any(start < finding.end and finding.start < end for start, end in allowed):
                continue
            level = self._severity.get(finding.rule_id)
            if level is not None and level != finding.severity:
                finding = finding.model_copy(update={"severity": level})
            result.append(finding)
        return result
