"""``tonecheck eval`` through the real console script, and the rank statistics it reports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tonecheck.devtools.evaluate import normalise_label, ranks, roc_auc, spearman

FIXTURE = Path(__file__).parent / "fixtures" / "eval_small.jsonl"


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("tonecheck")
    command = [str(script)] if script.exists() else [sys.executable, "-c", "from tonecheck.cli import app; app()"]
    return subprocess.run([*command, *args], capture_output=True, text=True, timeout=120, env=env)


@pytest.fixture(scope="module")
def json_result() -> dict[str, Any]:
    done = run_cli("eval", str(FIXTURE), "--format", "json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_eval_counts_precision_and_recall_per_category(json_result: dict[str, Any]) -> None:
    by_category = {c["category"]: c for c in json_result["categories"]}
    # "Answer me right now!" is labelled and found; "Answer me." is found but (on purpose) not labelled.
    assert by_category["pressuring"]["precision"] == 0.5
    assert by_category["pressuring"]["recall"] == 1.0
    # "You never listen to me." is found; the mislabelled weather remark is a miss.
    assert by_category["blaming"]["precision"] == 1.0
    assert by_category["blaming"]["recall"] == 0.5
    assert json_result["messages"] == 7
    assert json_result["labeled"] == 6
    assert json_result["scored"] == 4


def test_eval_accepts_underscore_label_spelling(json_result: dict[str, Any]) -> None:
    names = [c["category"] for c in json_result["categories"]]
    assert "missing-i-statement" in names
    assert not any("_" in name for name in names)


def test_eval_lists_false_positives_and_misses(json_result: dict[str, Any]) -> None:
    wrong = {(d["kind"], d["id"], d["category"]) for d in json_result["disagreements"]}
    assert ("false_positive", "t-02", "pressuring") in wrong
    assert ("miss", "t-04", "blaming") in wrong
    false_positive = next(d for d in json_result["disagreements"] if d["id"] == "t-02")
    # Each finding is listed as "RULE: matched words"; which pressuring rules fire may change.
    assert false_positive["found"] and all(f.startswith("PR") and "Answer" in f for f in false_positive["found"])


def test_eval_correlates_gentleness_with_scores(json_result: dict[str, Any]) -> None:
    correlation = json_result["correlation"]
    assert correlation["n"] == 4
    assert correlation["gentleness"] > 0.5
    assert correlation["sentiment"] is not None


def test_eval_reports_each_politeness_strategy_against_scores(json_result: dict[str, Any]) -> None:
    strategies = json_result["correlation"]["strategies"]
    # Only "Thank you so much ... appreciated" (score 2.0) thanks the reader: a positive rank correlation.
    assert strategies["gratitude"]["messages"] == 1
    assert strategies["gratitude"]["rho"] > 0.5
    assert strategies["softener"]["messages"] == 1  # "whenever you have time"
    assert json_result["correlation"]["harshest_sentence"] is not None


def test_eval_text_prints_the_strategy_table() -> None:
    done = run_cli("eval", str(FIXTURE))
    assert done.returncode == 0, done.stderr
    assert "Politeness strategies (count in a message) against score:" in done.stdout
    assert any(line.split()[:1] == ["gratitude"] for line in done.stdout.splitlines())


def test_eval_text_output_shows_table_and_mistakes() -> None:
    done = run_cli("eval", str(FIXTURE))
    assert done.returncode == 0, done.stderr
    assert "pressuring" in done.stdout and "0.50" in done.stdout
    assert "[t-02] Answer me." in done.stdout
    assert "Misses (2)" in done.stdout
    assert "Spearman" in done.stdout


def test_eval_reports_bad_lines_with_their_number(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "fine", "labels": []}\n{"text": "no labels"}\nnot json\n', encoding="utf-8")
    # A narrow terminal must not wrap the paths: a tool reading stderr, or a user copying one, needs it whole.
    done = run_cli("eval", str(bad), env={**os.environ, "COLUMNS": "30"})
    assert done.returncode == 2
    assert f"{bad}:2: " in done.stderr and f"{bad}:3: not JSON" in done.stderr


def test_spearman_matches_hand_computed_values() -> None:
    assert ranks([10, 20, 20, 5]) == [2.0, 3.5, 3.5, 1.0]
    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    # d = (0, -1, 1, 0): rho = 1 - 6 * 2 / (4 * 15) = 0.8
    assert spearman([1, 2, 3, 4], [1, 3, 2, 4]) == pytest.approx(0.8)
    assert spearman([1, 1, 1], [1, 2, 3]) is None


def test_roc_auc_counts_ties_as_half() -> None:
    assert roc_auc([3, 4], [1, 2]) == 1.0
    assert roc_auc([1, 2], [3, 4]) == 0.0
    assert roc_auc([2], [2]) == 0.5


def test_label_spellings_are_one_category() -> None:
    assert normalise_label("missing_i_statement") == normalise_label("Missing-I-Statement") == "missing-i-statement"


def test_eval_measures_your_own_rules(tmp_path: Path) -> None:
    rules = tmp_path / "my_rules"
    rules.mkdir()
    (rules / "BL90_blame.grumpy.yml").write_text(
        "id: BL90\n"
        "name: blame.grumpy\n"
        "category: blaming\n"
        "severity: warning\n"
        "message: \"'{match}' sounds grumpy.\"\n"
        "why: Grumpy words.\n"
        "patterns:\n"
        "  - kind: phrase\n"
        "    phrases: [grumpy]\n"
        "suggestions:\n"
        "  - replace: cheerful\n"
        "examples:\n"
        "  flagged:\n"
        "    - text: You are grumpy.\n"
        "      match: grumpy\n"
        "  ok:\n"
        "    - You are cheerful.\n",
        encoding="utf-8",
    )
    data = tmp_path / "data.jsonl"
    data.write_text(
        '{"text": "Why so grumpy today?", "labels": ["blaming"]}\n'
        '{"text": "You never listen to me.", "labels": ["blaming"]}\n',
        encoding="utf-8",
    )
    done = run_cli("eval", str(data), "--rules", str(rules), "--format", "json")
    assert done.returncode == 0, done.stderr
    blaming = next(c for c in json.loads(done.stdout)["categories"] if c["category"] == "blaming")
    # Only the given rules run: the shipped BL01 would have caught the second line.
    assert (blaming["true_positives"], blaming["misses"]) == (1, 1)


def test_eval_counts_kind_messages_that_are_sent(json_result: dict[str, Any]) -> None:
    # t-02 "Answer me." is labelled kind but flagged; t-05 (warm thanks) is sent.
    assert json_result["clean_labeled"] == 2
    assert json_result["clean_sent"] == 1
