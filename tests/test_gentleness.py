"""Gentleness: the whole sentiment range and profanity count, every factor traceable to the report."""

from __future__ import annotations

import importlib.resources
import json
import math
import subprocess
import sys
from pathlib import Path

from tonecheck import Checker
from tonecheck.engine import politeness
from tonecheck.models import VerdictPolicy
from tonecheck.verdict import scoring


def test_warmer_drafts_are_gentler(checker: Checker) -> None:
    warm = checker.check("Thank you so much for dinner, it was lovely!")
    neutral = checker.check("The meeting moved to Thursday at 3.")
    cold = checker.check("The trip was a disaster and the hotel was awful.")
    assert not (warm.findings or neutral.findings or cold.findings)
    assert warm.gentleness > neutral.gentleness > cold.gentleness
    assert neutral.verdict == "send"


def test_swearing_lowers_gentleness_and_is_shown(checker: Checker) -> None:
    clean = checker.check("This show is so long.")
    swearing = checker.check("This fucking show is so long.")
    assert [p.text for p in swearing.signals.profanity] == ["fucking"]
    assert swearing.gentleness < clean.gentleness


def test_profanity_is_whole_words_and_not_in_quotes(checker: Checker) -> None:
    assert checker.check("We watched Arsenal play in a classic match.").signals.profanity == []
    quoted = checker.check('My boss literally said "this is bullshit" in the meeting.')
    assert quoted.signals.profanity == []


def test_empty_draft_is_fully_gentle(checker: Checker) -> None:
    assert checker.check("").gentleness == 1.0


# --- The fitted score: per sentence, explained, traceable (weights in data/gentleness_weights.json) ---------

LOGIT_TOLERANCE = 0.02  # effects are rounded to 3 places and the score to 4


def _logit(p: float) -> float:
    return math.log(p / (1 - p))


def test_the_factor_effects_and_the_baseline_add_up_to_the_score(checker: Checker) -> None:
    report = checker.check("Hey, thanks for the help! Could you send the file whenever you're free? You never reply.")
    baseline = scoring.weights().baseline
    total = baseline + sum(f.effect for f in report.score_factors)
    assert abs(total - _logit(report.gentleness)) < LOGIT_TOLERANCE * max(1, len(report.score_factors))


def test_every_sentence_is_scored_and_the_harshest_is_named(checker: Checker) -> None:
    text = "Thank you so much for coming over. You ruined the whole evening, you idiot."
    report = checker.check(text)
    assert [s.text for s in report.sentences] == [
        "Thank you so much for coming over.",
        "You ruined the whole evening, you idiot.",
    ]
    for sentence in report.sentences:
        assert text[sentence.start : sentence.end].strip() == sentence.text
    assert report.harshest is not None and report.harshest.text.startswith("You ruined")
    assert report.sentences[0].gentleness > report.sentences[1].gentleness


def test_warm_sentences_cannot_carry_a_harsh_one(checker: Checker) -> None:
    harsh = "This whole plan is fucking stupid."
    warm = "Thank you so much, it was lovely to see you! "
    padded = checker.check(warm * 4 + harsh)
    assert not padded.findings  # nothing flags it, so only the score can hold it back
    assert padded.harshest is not None and padded.harshest.text == harsh
    assert padded.harshest.gentleness < 0.5
    # However warm the rest, one sentence under revise_below asks for a review, and presend says which.
    assert padded.verdict == "review"
    result = checker.presend(warm * 4 + harsh, suggest_rewrite=False)
    assert result.verdict == "review"
    assert any(harsh in r.message for r in result.reasons)
    assert result.harshest is not None and result.harshest.text == harsh


def test_the_verdict_checks_the_harshest_sentence() -> None:
    policy = VerdictPolicy()
    assert scoring.verdict([], 0.95, policy, harshest=0.9) == "send"
    assert scoring.verdict([], 0.95, policy, harshest=0.3) == "review"
    assert scoring.verdict([], 0.3, policy, harshest=0.3) == "revise"


def test_explain_says_what_raised_and_lowered_the_score(checker: Checker) -> None:
    report = checker.check("Thanks so much for the lift! You never listen to me 🙄")
    explained = report.explain()
    assert explained.startswith(f"gentleness {report.gentleness:.2f} ({report.verdict})")
    assert "raised by:" in explained and "lowered by:" in explained
    lowered = [f for f in report.score_factors if f.effect < 0]
    raised = [f for f in report.score_factors if f.effect > 0]
    assert any(f.factor == "strategy:hostile-emoji" and f.evidence[0].text == "🙄" for f in lowered)
    assert any(f.factor == "strategy:gratitude" and f.evidence[0].text == "Thanks" for f in raised)
    assert "thanks the reader: 'Thanks'" in explained
    assert "harshest sentence" in explained and "You never listen to me" in explained
    # Largest effect first.
    assert [abs(f.effect) for f in report.score_factors] == sorted(
        (abs(f.effect) for f in report.score_factors), reverse=True
    )


def test_weights_file_says_where_every_weight_came_from() -> None:
    data = json.loads((importlib.resources.files("tonecheck") / "data" / scoring.WEIGHTS_FILE).read_text("utf-8"))
    assert data["fitted_by"] == "benchmarks/fit_gentleness.py"
    for name, spec in data["factors"].items():
        assert spec["source"], name
    strategies = {f"strategy:{name}" for name in politeness.strategies()}
    assert strategies <= set(data["factors"])
    assert data["cross_validation"]["folds"] >= 5


def test_kind_drafts_are_sent(checker: Checker) -> None:
    kind = [
        "Thanks so much for dinner last night, it was lovely to see you.",
        "I'm so sorry about your grandma. Thinking of you, let me know if you need anything.",
        "No rush at all, but could you send me the photos whenever you get a chance?",
        "Hi Priya, the meeting moved to Thursday at 3. See you then!",
        "I felt a bit left out on Saturday. Could we talk about it this week?",
    ]
    for text in kind:
        report = checker.check(text)
        assert report.verdict == "send", report.explain()


def test_the_cli_points_at_the_harshest_sentence(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text("Thanks so much for the lift yesterday! You never listen to me.\n")
    script = Path(sys.executable).with_name("tonecheck")
    done = subprocess.run([str(script), "check", str(draft)], capture_output=True, text=True, timeout=120)
    lines = [line for line in done.stdout.splitlines() if "harshest sentence" in line]
    assert len(lines) == 1, done.stdout
    assert lines[0].startswith(f"{draft}  gentleness ")
    assert lines[0].endswith("): You never listen to me.")


def test_docs_weights_table_is_the_weights_file() -> None:
    data = json.loads((importlib.resources.files("tonecheck") / "data" / scoring.WEIGHTS_FILE).read_text("utf-8"))
    doc = (Path(__file__).parents[1] / "docs" / "scoring.md").read_text(encoding="utf-8")
    for name, spec in data["factors"].items():
        assert f"| `{name}` | {spec['label']} | {spec['weight']:+.3f} |" in doc, name
