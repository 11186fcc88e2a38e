"""Gentleness and verdict: derived only from the findings and the signals on a report.

``gentleness`` is a product of factors, each traceable to the report:

- each finding multiplies it by ``1 - weight`` of its severity (info 0.10, warning 0.25, error 0.45);
- the message's VADER compound ``s`` (-1..1) multiplies it by ``1 - 0.10 * (1 - s) / 2``: 1.0 for the
  warmest tone, 0.95 for a neutral one, 0.90 for the most negative;
- each swear word or slur in the writer's own words (``signals.profanity``) multiplies it by 0.9 (at most
  five are counted).

So a warm message with nothing to flag is close to 1.0, a neutral one 0.95, one info finding on a neutral
message 0.855 (still "send" under the default policy), one warning about 0.71, two errors about 0.29. An
empty draft is 1.0. The sentiment weight is kept small enough that the default verdict thresholds mean
what they meant before: a clean or info-only neutral draft is "send".

Why the whole sentiment range and profanity: measured on human-labelled data (``benchmarks/
eval_external.py``, ``docs/accuracy.md``), counting only negative sentiment left every non-negative message
tied at 1.0, so gentleness ranked warm offers above tough ones no better than chance (AUC 0.60) and did no
better than VADER alone on receptiveness; and VADER reads "fucking" as an intensifier, not as harsh, so a
toxic sentence and its clean rewrite often tied.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..models import SEVERITY_RANK, Finding, Signals, Verdict, VerdictPolicy

SEVERITY_WEIGHT = {"info": 0.10, "warning": 0.25, "error": 0.45}
SENTIMENT_WEIGHT = 0.10
PROFANITY_WEIGHT = 0.10
PROFANITY_CAP = 5


def gentleness(findings: Sequence[Finding], signals: Signals, *, empty: bool = False) -> float:
    """``empty``: the draft has no words (only whitespace), so there is no tone to weigh."""
    if empty or not signals.sentences:
        return 1.0
    score = 1.0
    for finding in findings:
        score *= 1.0 - SEVERITY_WEIGHT[finding.severity]
    score *= 1.0 - SENTIMENT_WEIGHT * (1.0 - signals.sentiment) / 2.0
    score *= (1.0 - PROFANITY_WEIGHT) ** min(len(signals.profanity), PROFANITY_CAP)
    return round(max(0.0, min(1.0, score)), 4)


def verdict(findings: Sequence[Finding], score: float, policy: VerdictPolicy) -> Verdict:
    worst = max((SEVERITY_RANK[f.severity] for f in findings), default=-1)
    if worst >= SEVERITY_RANK[policy.revise_at] or score < policy.revise_below:
        return "revise"
    if worst >= SEVERITY_RANK[policy.review_at] or score < policy.review_below:
        return "review"
    return "send"
