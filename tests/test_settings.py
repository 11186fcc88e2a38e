"""One settings object, every entry point: the same config fixture through the Python API, `tonecheck check`,
`tonecheck fix` and `tonecheck serve` (a real server on loopback) must give the same findings."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import httpx
import pytest

import tonecheck
from tonecheck import Checker
from tonecheck.config import discover
from tonecheck.ruleset.selectors import UnknownSelectorError
from tonecheck.settings import Settings

TONECHECK = str(Path(sys.executable).with_name("tonecheck"))
DRAFT = "You never listen to me. Call me ASAP! Tick tock.\n"
CLEAN = "Thanks for dinner, it was lovely.\n"
CONFIG = """\
select = ["blaming", "pressuring"]
ignore = ["PR03"]
allow = ["ASAP"]
rules = ["house_rules"]
exclude = ["skipped/"]

[severity]
BL01 = "error"

[verdict]
review-below = 1.0
"""
HOUSE_RULE = """\
id: PR90
name: pressure.tick-tock
category: pressuring
severity: warning
message: "'{match}' counts down at the reader."
why: A countdown tells the reader they are late before they have had a chance to answer.
patterns:
  - kind: phrase
    phrases: [tick tock]
examples:
  flagged:
    - text: "Tick tock."
      match: "Tick tock"
  ok:
    - "The clock goes tick."
"""
# What the fixture's settings give for DRAFT: BL01 raised to error, the house rule, no IS (not selected),
# no PR02 (its word is allowed) and no PR03 (ignored).
EXPECTED = {("BL01", "error", "You never listen"), ("PR01", "warning", "Call me"), ("PR90", "warning", "Tick tock")}


def run(*args: str, cwd: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([TONECHECK, *args], capture_output=True, text=True, cwd=cwd, input=stdin, timeout=300)


def triples(findings: list[Any]) -> set[tuple[str, str, str]]:
    return {
        (f["rule_id"], f["severity"], f["text"]) if isinstance(f, dict) else (f.rule_id, f.severity, f.text)
        for f in findings
    }


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("project")
    (root / "tonecheck.toml").write_text(CONFIG, encoding="utf-8")
    (root / "house_rules" / "pressuring").mkdir(parents=True)
    (root / "house_rules" / "pressuring" / "PR90_pressure.tick-tock.yml").write_text(HOUSE_RULE, encoding="utf-8")
    (root / ".tonecheckignore").write_text("ignored.txt\n", encoding="utf-8")
    (root / "draft.txt").write_text(DRAFT, encoding="utf-8")
    (root / "clean.txt").write_text(CLEAN, encoding="utf-8")
    (root / "ignored.txt").write_text(DRAFT, encoding="utf-8")
    (root / "skipped").mkdir()
    (root / "skipped" / "old.txt").write_text(DRAFT, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def configured(project: Path) -> Checker:
    return Checker.from_settings(discover(project).settings)


def test_python_api_applies_every_setting_of_the_config(configured: Checker) -> None:
    assert triples(configured.check(DRAFT).findings) == EXPECTED
    assert configured.check(CLEAN).verdict == "review"  # [verdict] review-below = 1.0
    assert configured.settings.allow == ["ASAP"]


def test_check_applies_the_same_config(project: Path) -> None:
    done = run("check", ".", "--format", "json", cwd=project)
    assert done.returncode == 1, done.stderr
    results = {r["path"]: r for r in json.loads(done.stdout)}
    assert set(results) == {"clean.txt", "draft.txt"}  # ignored.txt (.tonecheckignore) and skipped/ (exclude)
    assert triples(results["draft.txt"]["findings"]) == EXPECTED
    assert results["clean.txt"]["verdict"] == "review"


def test_fix_applies_the_same_config(project: Path) -> None:
    done = run("fix", ".", cwd=project)
    assert done.returncode == 1, done.stderr
    assert "draft.txt" in done.stdout and "ignored.txt" not in done.stdout and "skipped" not in done.stdout
    assert "ASAP" not in "".join(line for line in done.stdout.splitlines() if line.startswith("+"))  # allowed
    assert "-You never listen to me." in done.stdout  # BL01 is selected and rewritten
    isolated = run("fix", "--isolated", ".", cwd=project)
    assert "ASAP" not in "".join(line for line in isolated.stdout.splitlines() if line.startswith("+"))
    assert "skipped/old.txt" in isolated.stdout  # without the config, its `exclude` no longer applies
    # Options go on top of the config, as for check.
    narrowed = run("fix", "--select", "pressuring", "draft.txt", cwd=project)
    assert "-You never listen to me." not in narrowed.stdout


def test_serve_applies_the_same_config(
    project: Path, configured: Checker, start_server: Callable[..., AbstractContextManager[Any]]
) -> None:
    with start_server("--config", str(project / "tonecheck.toml")) as served:
        report = httpx.post(served.url + "/v1/check", json={"text": DRAFT}).json()
        assert triples(report["findings"]) == EXPECTED == triples(configured.check(DRAFT).findings)
        assert httpx.post(served.url + "/v1/check", json={"text": CLEAN}).json()["verdict"] == "review"
        rules = {rule["id"] for rule in httpx.get(served.url + "/v1/rules").json()}
        assert "PR90" in rules and not any(rule.startswith(("IS", "DS")) for rule in rules)
        answer = httpx.post(served.url + "/v1/check", json={"text": DRAFT, "select": ["IS"]})
        assert answer.status_code == 422 and answer.json()["fields"][0]["field"] == "select.0"


def test_serve_options_go_on_top_and_bad_ones_fail_at_once(project: Path) -> None:
    done = run("serve", "--config", str(project / "tonecheck.toml"), "--select", "blamming")
    assert done.returncode == 2 and "'blamming' matches no rule" in done.stderr
    done = run("serve", "--isolated", "--severity", "BL01=fatal")
    assert done.returncode == 2 and "--severity takes SELECTOR=info|warning|error" in done.stderr


def test_settings_are_one_object_with_file_keys_and_python_names() -> None:
    settings = Settings.model_validate({"fail-on": "error", "text-field": "body", "verdict": {"review-below": 0.9}})
    assert settings.fail_on == "error" and settings.policy().review_below == 0.9
    merged = settings.with_options(select=["BL"], allow=["you never know"], severity={"BL01": "error"})
    assert (merged.select, merged.allow, merged.fail_on) == (["BL"], ["you never know"], "error")
    with pytest.raises(ValueError, match="unknown encoding"):
        Settings(encoding="klingon")
    with pytest.raises(TypeError, match="either settings= or"):
        Checker(select=["BL"], settings=settings)


@pytest.mark.parametrize("select", [["blamming"], ["ZZ"], ["blame.nope*"]])
def test_a_selector_typo_is_an_error_on_every_call_never_ok_to_send(checker: Checker, select: list[str]) -> None:
    with pytest.raises(UnknownSelectorError, match="matches no rule"):
        checker.check("You never listen to me.", select=select)
    with pytest.raises(ValueError, match="matches no rule"):
        checker.presend("You never listen to me.", select=select)
    with pytest.raises(ValueError, match="matches no rule"):
        checker.rewrite("You never listen to me.", ignore=select)
    with pytest.raises(ValueError, match="matches no rule"):
        tonecheck.presend("You never listen to me.", ignore=select)


def test_module_level_check_takes_a_policy_and_selectors() -> None:
    text = "Thanks for dinner, it was lovely."
    assert tonecheck.check(text).verdict == "send"
    assert tonecheck.check(text, policy=tonecheck.VerdictPolicy(review_below=1.0)).verdict == "review"
    strict = tonecheck.PresendPolicy(blocking=[], review_below=0.0, revise_below=0.0)
    assert tonecheck.check("You are so selfish.", policy=strict).verdict == "review"  # BL05 cannot block
    assert {f.category for f in tonecheck.check("You never listen. Call me ASAP!", select=["PR"]).findings} == {
        "pressuring"
    }
