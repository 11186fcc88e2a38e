"""Measuring the rules against labelled messages: per-category precision/recall/F1 and rank correlation.

Pure logic over (example, Report) pairs, so the same code serves ``tonecheck eval``, benchmark scripts and
tests. A labelled line is ``{"text": ..., "labels": [...]}`` (an empty list means "nothing to flag") and/or
``{"text": ..., "score": ...}`` (a continuous human rating where higher means gentler); other keys such as
``id`` or ``note`` are kept for display and otherwise ignored.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..engine.politeness import strategies
from ..models import CATEGORIES, Report


def normalise_label(label: str) -> str:
    """``missing_i_statement``, ``Missing-I-Statement`` and ``missing-i-statement`` are one category."""
    return label.strip().lower().replace("_", "-").replace(" ", "-")


class LabeledExample(BaseModel):
    """One line of an evaluation file."""

    model_config = ConfigDict(extra="allow", frozen=True)

    id: str | None = None
    text: str = Field(min_length=1)
    labels: list[str] | None = Field(default=None, description="categories a reader would flag; [] = none")
    score: float | None = Field(default=None, description="human rating, higher = gentler")

    @field_validator("labels")
    @classmethod
    def _normalise(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else sorted({normalise_label(v) for v in value})


class EvalFileError(ValueError):
    """A line of an evaluation file that is not a labelled example; says which line and why."""


def read_examples(path: Path) -> list[LabeledExample]:
    examples: list[LabeledExample] = []
    problems: list[str] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                example = LabeledExample.model_validate(json.loads(line))
            except json.JSONDecodeError as exc:
                problems.append(f"{path}:{number}: not JSON: {exc.msg}")
                continue
            except ValidationError as exc:
                detail = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'line'}: {e['msg']}" for e in exc.errors())
                problems.append(f"{path}:{number}: {detail}")
                continue
            if example.labels is None and example.score is None:
                problems.append(f"{path}:{number}: needs 'labels' or 'score' (or both)")
                continue
            examples.append(example)
    if problems:
        raise EvalFileError("\n".join(problems))
    return examples


# --------------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------------


class CategoryScore(BaseModel):
    category: str
    support: int = Field(description="messages labelled with this category")
    flagged: int = Field(description="messages tonecheck flagged with this category")
    true_positives: int
    false_positives: int
    misses: int
    precision: float | None = Field(description="None when nothing was flagged")
    recall: float | None = Field(description="None when nothing is labelled")
    f1: float | None


class Disagreement(BaseModel):
    """A message where tonecheck and the labels disagree about one category."""

    kind: str = Field(description="'false_positive' (flagged, not labelled) or 'miss' (labelled, not flagged)")
    category: str
    id: str | None
    text: str
    labels: list[str]
    found: list[str] = Field(description="'RULE: matched words' of every finding on the message")


class StrategyCorrelation(BaseModel):
    messages: int = Field(description="scored messages that use the strategy")
    rho: float | None = Field(description="Spearman's rho of the strategy's count in a message against score")


class Correlation(BaseModel):
    n: int
    gentleness: float | None = Field(description="Spearman's rho of gentleness against score")
    sentiment: float | None = Field(description="Spearman's rho of VADER compound against score (baseline)")
    harshest_sentence: float | None = Field(
        default=None, description="Spearman's rho of the least gentle sentence's gentleness against score"
    )
    strategies: dict[str, StrategyCorrelation] = Field(
        default_factory=dict, description="per politeness strategy: how often it is used, and its rho"
    )


class EvalResult(BaseModel):
    messages: int
    labeled: int
    scored: int
    categories: list[CategoryScore]
    disagreements: list[Disagreement]
    clean_labeled: int = Field(description="messages labelled with no category")
    clean_flagged: int = Field(description="of those, how many got any finding")
    clean_sent: int = Field(default=0, description="of those, how many got the verdict 'send'")
    correlation: Correlation | None


# --------------------------------------------------------------------------------------------------
# Computation
# --------------------------------------------------------------------------------------------------


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def category_score(category: str, gold: Sequence[set[str]], predicted: Sequence[set[str]]) -> CategoryScore:
    tp = sum(1 for g, p in zip(gold, predicted, strict=True) if category in g and category in p)
    fp = sum(1 for g, p in zip(gold, predicted, strict=True) if category not in g and category in p)
    fn = sum(1 for g, p in zip(gold, predicted, strict=True) if category in g and category not in p)
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    # 2tp / (2tp + fp + fn) equals the harmonic mean where both exist, and is 0 when labelled messages
    # exist but none was found (precision undefined, recall 0).
    f1 = _ratio(2 * tp, 2 * tp + fp + fn)
    return CategoryScore(
        category=category,
        support=tp + fn,
        flagged=tp + fp,
        true_positives=tp,
        false_positives=fp,
        misses=fn,
        precision=precision,
        recall=recall,
        f1=f1,
    )


def ranks(values: Sequence[float]) -> list[float]:
    """1-based ranks, ties sharing the mean of the ranks they span (as Spearman's rho needs)."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    result = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        mean_rank = (start + end) / 2 + 1
        for position in range(start, end + 1):
            result[order[position]] = mean_rank
        start = end + 1
    return result


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    n = len(xs)
    if n != len(ys) or n < 2:
        return None
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    cov = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    var_x = sum((x - mean_x) ** 2 for x in xs)
    var_y = sum((y - mean_y) ** 2 for y in ys)
    if var_x == 0 or var_y == 0:
        return None  # a constant has no rank order to correlate
    return cov / math.sqrt(var_x * var_y)


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Spearman's rank correlation: Pearson's r of the (tie-averaged) ranks; None if either side is constant."""
    return pearson(ranks(xs), ranks(ys))


def roc_auc(positives: Sequence[float], negatives: Sequence[float]) -> float | None:
    """P(a random positive scores above a random negative), ties counting half (Mann-Whitney U / n1 n2)."""
    if not positives or not negatives:
        return None
    combined = ranks([*positives, *negatives])
    rank_sum = sum(combined[: len(positives)])
    u = rank_sum - len(positives) * (len(positives) + 1) / 2
    return u / (len(positives) * len(negatives))


def strategy_correlations(reports: Sequence[Report], human: Sequence[float]) -> dict[str, StrategyCorrelation]:
    """For each politeness strategy seen in any report: Spearman's rho of its count per message against
    the human score (strategies in ``data/politeness.yml`` order)."""
    counts: dict[str, list[float]] = {}
    for index, report in enumerate(reports):
        for sentence in report.signals.sentences:
            for hit in sentence.strategies:
                counts.setdefault(hit.strategy, [0.0] * len(reports))[index] += 1
    order = {name: i for i, name in enumerate(strategies())}
    return {
        name: StrategyCorrelation(messages=sum(1 for c in values if c), rho=spearman(values, human))
        for name, values in sorted(counts.items(), key=lambda item: order.get(item[0], len(order)))
    }


def evaluate(pairs: Iterable[tuple[LabeledExample, Report]]) -> EvalResult:
    pairs = list(pairs)
    labeled = [(e, r) for e, r in pairs if e.labels is not None]
    gold = [set(e.labels or ()) for e, _ in labeled]
    predicted = [set(r.counts) for _, r in labeled]
    seen = set().union(*gold, *predicted) if labeled else set()
    # Known categories first, in their usual order; any other label (a typo, a custom category) after them.
    categories = [c for c in CATEGORIES if c in seen] + sorted(seen - set(CATEGORIES))
    scores = [category_score(c, gold, predicted) for c in categories]

    disagreements: list[Disagreement] = []
    for (example, report), g, p in zip(labeled, gold, predicted, strict=True):
        found = [f"{f.rule_id}: {f.text}" for f in report.findings]
        for category in categories:
            kind = "false_positive" if category in p - g else "miss" if category in g - p else None
            if kind:
                disagreements.append(
                    Disagreement(
                        kind=kind,
                        category=category,
                        id=example.id,
                        text=example.text,
                        labels=sorted(g),
                        found=found,
                    )
                )

    scored = [(e.score, r) for e, r in pairs if e.score is not None]
    correlation = None
    if scored:
        human = [float(s) for s, _ in scored]
        correlation = Correlation(
            n=len(scored),
            gentleness=spearman([r.gentleness for _, r in scored], human),
            sentiment=spearman([r.signals.sentiment for _, r in scored], human),
            harshest_sentence=spearman(
                [r.harshest.gentleness if r.harshest else r.gentleness for _, r in scored], human
            ),
            strategies=strategy_correlations([r for _, r in scored], human),
        )

    clean = [(g, p) for g, p in zip(gold, predicted, strict=True) if not g]
    clean_sent = sum(1 for (_, r), g in zip(labeled, gold, strict=True) if not g and r.verdict == "send")
    return EvalResult(
        messages=len(pairs),
        labeled=len(labeled),
        scored=len(scored),
        categories=scores,
        disagreements=disagreements,
        clean_labeled=len(clean),
        clean_flagged=sum(1 for _, p in clean if p),
        clean_sent=clean_sent,
        correlation=correlation,
    )
