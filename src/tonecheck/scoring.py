"""Gentleness and verdict: derived only from the findings and the signals on a report.

``gentleness`` starts at 1.0 and each finding multiplies it by ``1 - weight`` of its severity (info 0.1,
warning 0.25, error 0.45); a negative overall sentiment takes off up to another 15%. So 1.0 means nothing
to flag and no negative tone, one warning gives 0.75, two errors about 0.30.
"""

from __future__ import annotations

from collections.abc import Sequence

from .models import SEVERITY_RANK, Finding, Signals, Verdict, VerdictPolicy

SEVERITY_WEIGHT = {"info": 0.10, "warning": 0.25, "error": 0.45}
SENTIMENT_WEIGHT = 0.15


def gentleness(findings: Sequence[Finding], signals: Signals) -> float:
    score = 1.0
    for finding in findings:
        score *= 1.0 - SEVERITY_WEIGHT[finding.severity]
    if signals.sentiment < 0:
        score *= 1.0 - SENTIMENT_WEIGHT * -signals.sentiment
    return round(max(0.0, min(1.0, score)), 4)


def verdict(findings: Sequence[Finding], score: float, policy: VerdictPolicy) -> Verdict:
    worst = max((SEVERITY_RANK[f.severity] for f in findings), default=-1)
    if worst >= SEVERITY_RANK[policy.revise_at] or score < policy.revise_below:
        return "revise"
    if worst >= SEVERITY_RANK[policy.review_at] or score < policy.review_below:
        return "review"
    return "send"
