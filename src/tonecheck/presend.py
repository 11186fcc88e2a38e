"""The pre-send decision: is this draft OK to send? A policy turns a Report into a verdict with reasons.

A chat or mail app asks this right before sending; it gets one of ``send`` / ``review`` / ``revise``, the
reasons behind it, the spans to highlight (the findings, with their suggestions) and, when the rewrite engine
finds one, a gentler version of the whole draft with the verdict it would get. Pure: no spaCy, no web
framework; ``Checker.presend`` feeds it.
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import Field

from .models import (
    SCHEMA_VERSION,
    SEVERITY_RANK,
    Category,
    Finding,
    Report,
    ScoreFactor,
    SentenceScore,
    Severity,
    Verdict,
    VerdictPolicy,
    _Strict,
)
from .rewrite.rewrite import RewriteResult

_VERDICT_RANK: dict[str, int] = {"send": 0, "review": 1, "revise": 2}


class CategoryPolicy(_Strict):
    """Thresholds for one category; an unset one falls back to the policy-wide value."""

    review_at: Severity | None = Field(default=None, description="a finding this severe -> review")
    revise_at: Severity | None = Field(default=None, description="a finding this severe -> revise")


class PresendPolicy(VerdictPolicy):
    """When a draft may be sent as is, should be looked at again, or should be rewritten first.

    The policy-wide fields (``review_at``, ``revise_at``, ``review_below``, ``revise_below``) are those of
    ``VerdictPolicy``, so the default policy gives the same verdict as ``Report.verdict``. ``categories``
    overrides the severity thresholds per category; only ``blocking`` categories can make a finding say
    ``revise`` (the others stop at ``review``). The gentleness thresholds look at the whole draft, so they
    apply whatever the categories: set ``revise_below=0`` to let only findings block.
    """

    categories: dict[Category, CategoryPolicy] = Field(default_factory=dict)
    blocking: list[Category] = Field(default_factory=lambda: list(get_args(Category)))

    def thresholds(self, category: Category) -> tuple[Severity, Severity]:
        """(review_at, revise_at) for one category."""
        override = self.categories.get(category)
        review_at = (override.review_at if override else None) or self.review_at
        revise_at = (override.revise_at if override else None) or self.revise_at
        return review_at, revise_at


class Reason(_Strict):
    """One thing that moved the verdict away from ``send``."""

    verdict: Literal["review", "revise"]
    message: str
    rule_id: str | None = Field(default=None, description="the finding's rule, or None for the gentleness score")
    category: Category | None = None
    start: int | None = None
    end: int | None = None


class PresendResult(_Strict):
    """The answer to "is this draft OK to send?"."""

    schema_version: str = SCHEMA_VERSION
    verdict: Verdict
    gentleness: float = Field(ge=0.0, le=1.0)
    reasons: list[Reason] = Field(description="why the verdict is not 'send', most serious first")
    highlights: list[Finding] = Field(description="the spans to highlight, with message and suggestions")
    rewrite: str | None = Field(
        default=None, description="the draft with the safe suggestions applied, when that changes it"
    )
    rewrite_verdict: Verdict | None = Field(default=None, description="the verdict the rewrite would get")
    score_factors: list[ScoreFactor] = Field(
        default_factory=list, description="what raised or lowered gentleness (Report.score_factors)"
    )
    harshest: SentenceScore | None = Field(default=None, description="the least gentle sentence")

    @property
    def ok_to_send(self) -> bool:
        return self.verdict == "send"


def finding_verdict(finding: Finding, policy: PresendPolicy) -> Verdict:
    review_at, revise_at = policy.thresholds(finding.category)
    rank = SEVERITY_RANK[finding.severity]
    if rank >= SEVERITY_RANK[revise_at] and finding.category in policy.blocking:
        return "revise"
    if rank >= SEVERITY_RANK[review_at] or rank >= SEVERITY_RANK[revise_at]:
        return "review"
    return "send"


def decide(report: Report, policy: PresendPolicy | None = None, rewrite: RewriteResult | None = None) -> PresendResult:
    """The pre-send answer for a checked draft under ``policy`` (the default one when ``None``); with the
    whole-draft ``rewrite`` of it, the gentler text when there is one and the verdict that text would get."""
    policy = policy or PresendPolicy()
    reasons: list[Reason] = []
    for finding in report.findings:
        level = finding_verdict(finding, policy)
        if level != "send":
            reasons.append(
                Reason(
                    verdict=level,
                    message=f"{finding.rule_id} ({finding.category}, {finding.severity}): {finding.message}",
                    rule_id=finding.rule_id,
                    category=finding.category,
                    start=finding.start,
                    end=finding.end,
                )
            )
    score = report.gentleness
    if score < policy.revise_below:
        reasons.append(Reason(verdict="revise", message=f"gentleness {score:.2f} is under {policy.revise_below}"))
    elif score < policy.review_below:
        reasons.append(Reason(verdict="review", message=f"gentleness {score:.2f} is under {policy.review_below}"))
    harshest = report.harshest
    if harshest is not None and harshest.gentleness < policy.revise_below <= score and len(report.sentences) > 1:
        reasons.append(
            Reason(
                verdict="review",
                message=f"the sentence {harshest.text!r} scores {harshest.gentleness:.2f}, under {policy.revise_below}",
                start=harshest.start,
                end=harshest.end,
            )
        )
    # Most serious first, then in reading order; sorted() is stable, so the score reason stays last of its rank.
    reasons.sort(key=lambda r: -_VERDICT_RANK[r.verdict])
    final: Verdict = max((r.verdict for r in reasons), key=_VERDICT_RANK.__getitem__, default="send")
    better = rewrite is not None and rewrite.changed
    return PresendResult(
        verdict=final,
        gentleness=score,
        reasons=reasons,
        highlights=report.findings,
        rewrite=rewrite.text if better and rewrite else None,
        rewrite_verdict=decide(rewrite.report, policy).verdict if better and rewrite else None,
        score_factors=report.score_factors,
        harshest=report.harshest,
    )


def apply_policy(report: Report, policy: PresendPolicy) -> Report:
    """The report with its verdict decided by ``policy`` (what ``POST /v1/check`` with a policy returns)."""
    return report.model_copy(update={"verdict": decide(report, policy).verdict})
