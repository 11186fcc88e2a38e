"""Gentleness and verdict: derived only from the findings and the signals on a report.

Every sentence gets a score ``z``: the sum, over the factors that occur in it, of the factor's weight times
its value. The factors are the politeness strategies the sentence uses (``data/politeness.yml``, counted,
at most ``caps.strategy`` a sentence), its VADER compound, the findings that start in it (counted by
severity) and its swear words. The weights, the baseline and the two calibration settings live in one data
file, ``data/gentleness_weights.json``, which says where each came from; ``benchmarks/fit_gentleness.py``
fits them on human ratings (see ``docs/scoring.md``).

- A sentence's gentleness is ``sigmoid(baseline + scale * z)``: a sentence with no factor at all scores
  ``sigmoid(baseline)`` (0.95).
- The message's is the same of ``(1 - harshest_share) * mean(z) + harshest_share * min(z)``: the mean of
  its sentences pulled towards the harshest, so one warm sentence cannot carry a harsh message.
- The verdict (``verdict``) also asks for a review when any one sentence scores under ``revise_below``,
  whatever the message's score: a warm opening cannot carry a harsh sentence past the check.
- Each factor's effect on the message is its share of that sum (``ScoreFactor.effect``, in log-odds): the
  effects plus the baseline give back the score, so a report can say what raised and lowered it.

An empty draft is 1.0 with no factors. Sentences with no letter, digit or strategy (a lone "..." line) are
left out.
"""

from __future__ import annotations

import bisect
import functools
import importlib.resources
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..engine import politeness
from ..models import (
    SEVERITY_RANK,
    Finding,
    ScoreFactor,
    SentenceScore,
    Signals,
    TextSpan,
    Verdict,
    VerdictPolicy,
)

WEIGHTS_FILE = "gentleness_weights.json"


@dataclass(frozen=True)
class Weights:
    """The contents of ``data/gentleness_weights.json`` that scoring uses."""

    baseline: float
    scale: float
    harshest_share: float
    strategy_cap: int
    profanity_cap: int
    factors: dict[str, float] = field(default_factory=dict)


@functools.lru_cache(maxsize=1)
def weights() -> Weights:
    text = (importlib.resources.files("tonecheck") / "data" / WEIGHTS_FILE).read_text(encoding="utf-8")
    return parse_weights(json.loads(text))


def parse_weights(data: dict[str, object]) -> Weights:
    caps = data["caps"]
    factors = data["factors"]
    assert isinstance(caps, dict) and isinstance(factors, dict)
    return Weights(
        baseline=float(data["baseline"]),  # type: ignore[arg-type]
        scale=float(data["scale"]),  # type: ignore[arg-type]
        harshest_share=float(data["harshest_share"]),  # type: ignore[arg-type]
        strategy_cap=int(caps["strategy"]),
        profanity_cap=int(caps["profanity"]),
        factors={name: float(spec["weight"]) for name, spec in factors.items()},
    )


@dataclass
class SentenceFactors:
    """One sentence's factor values and the words behind each."""

    start: int
    end: int
    values: dict[str, float] = field(default_factory=dict)
    evidence: dict[str, list[TextSpan]] = field(default_factory=dict)

    def add(self, factor: str, span: TextSpan | None = None) -> None:
        self.values[factor] = self.values.get(factor, 0.0) + 1.0
        if span is not None:
            self.evidence.setdefault(factor, []).append(span)


def sentence_factors(
    findings: Sequence[Finding], signals: Signals, text: str, w: Weights | None = None
) -> list[SentenceFactors]:
    """The factors of each scored sentence (counts capped as the weights file says)."""
    w = w or weights()
    scored: list[SentenceFactors] = []
    for sentence in signals.sentences:
        words = text[sentence.start : sentence.end]
        if not sentence.strategies and not any(ch.isalnum() for ch in words):
            continue
        factors = SentenceFactors(sentence.start, sentence.end)
        factors.values["sentiment"] = sentence.sentiment
        for hit in sentence.strategies:
            factors.add(f"strategy:{hit.strategy}", TextSpan(start=hit.start, end=hit.end, text=hit.text))
        scored.append(factors)
    if not scored:
        return scored
    starts = [s.start for s in scored]

    def owner(offset: int) -> SentenceFactors:
        index = max(0, bisect.bisect_right(starts, offset) - 1)
        return scored[index]

    for finding in findings:
        owner(finding.start).add(
            f"finding:{finding.severity}", TextSpan(start=finding.start, end=finding.end, text=finding.text)
        )
    for word in signals.profanity:
        owner(word.start).add("profanity", word)
    for factors in scored:
        for name, value in factors.values.items():
            if name.startswith("strategy:"):
                factors.values[name] = min(value, w.strategy_cap)
            elif name == "profanity":
                factors.values[name] = min(value, w.profanity_cap)
    return scored


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))


@dataclass
class Gentleness:
    """The message's gentleness, each sentence's, and what moved the message's."""

    score: float
    sentences: list[SentenceScore]
    factors: list[ScoreFactor]


def gentleness(findings: Sequence[Finding], signals: Signals, *, text: str, empty: bool = False) -> Gentleness:
    """``text``: the checked text (sentence offsets point into it). ``empty``: the draft has no words (only
    whitespace), so there is no tone to weigh."""
    w = weights()
    scored = [] if empty else sentence_factors(findings, signals, text, w)
    if not scored:
        return Gentleness(1.0, [], [])
    zs = [sum(w.factors.get(name, 0.0) * value for name, value in s.values.items()) for s in scored]
    harshest = min(range(len(zs)), key=zs.__getitem__)
    share = w.harshest_share
    mean_part = (1.0 - share) / len(scored)
    sentence_scores = [
        SentenceScore(
            start=s.start,
            end=s.end,
            text=text[s.start : s.end].strip(),
            gentleness=round(_sigmoid(w.baseline + w.scale * z), 4),
        )
        for s, z in zip(scored, zs, strict=True)
    ]
    effects: dict[str, float] = {}
    evidence: dict[str, list[TextSpan]] = {}
    for index, s in enumerate(scored):
        weight_of_sentence = mean_part + (share if index == harshest else 0.0)
        for name, value in s.values.items():
            effects[name] = effects.get(name, 0.0) + w.scale * w.factors.get(name, 0.0) * value * weight_of_sentence
            evidence.setdefault(name, []).extend(s.evidence.get(name, ()))
    z_message = sum(effects.values())
    factors = [
        ScoreFactor(factor=name, label=factor_label(name), effect=round(effect, 3), evidence=evidence[name])
        for name, effect in sorted(effects.items(), key=lambda item: -abs(item[1]))
        if abs(effect) >= 0.005
    ]
    score = round(_sigmoid(w.baseline + z_message), 4)
    return Gentleness(score, sentence_scores, factors)


def factor_label(name: str) -> str:
    kind, _, rest = name.partition(":")
    if kind == "strategy":
        return politeness.label(rest)
    if kind == "finding":
        return f"{rest} findings"
    if kind == "sentiment":
        return "sentiment of the words (VADER)"
    if kind == "profanity":
        return "swearing"
    return name


def verdict(findings: Sequence[Finding], score: float, policy: VerdictPolicy, harshest: float | None = None) -> Verdict:
    """``harshest``: the least gentle sentence's gentleness; under ``revise_below`` it asks for a review
    however warm the rest of the message is."""
    worst = max((SEVERITY_RANK[f.severity] for f in findings), default=-1)
    if worst >= SEVERITY_RANK[policy.revise_at] or score < policy.revise_below:
        return "revise"
    if worst >= SEVERITY_RANK[policy.review_at] or score < policy.review_below:
        return "review"
    if harshest is not None and harshest < policy.revise_below:
        return "review"
    return "send"
