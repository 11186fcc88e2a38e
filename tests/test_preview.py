"""Preview rules (``preview: true``): off by default, on with preview or when selected by their exact id, never
by a prefix or category; with none on, the learned model is never consulted."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tonecheck import Checker, load_rules
from tonecheck.config import LoadedConfig
from tonecheck.engine import learned
from tonecheck.lsp.settings import EditorSettings, resolve
from tonecheck.ruleset.selectors import UnknownSelectorError
from tonecheck.settings import Settings

TONECHECK = str(Path(sys.executable).with_name("tonecheck"))
# An IS05 flagged example: a grievance told as a plain event, which no hand-written rule finds.
GRIEVANCE = "You brought your friends round at eleven on a work night."
RULES = load_rules()
PREVIEW = sorted(rule.id for rule in RULES if rule.preview)


def ids(ruleset: object) -> set[str]:
    return {rule.id for rule in ruleset}  # type: ignore[attr-defined]


def test_the_learned_rules_are_the_shipped_preview_rules() -> None:
    assert PREVIEW == ["BL19", "IS05", "MN10"]


@pytest.mark.parametrize(
    ("select", "preview", "on", "off"),
    [
        (None, False, {"NA08"}, {"BL19", "IS05", "MN10"}),
        (None, True, {"BL19", "IS05", "MN10", "NA08"}, set()),
        (["IS05"], False, {"IS05"}, {"BL19"}),  # the exact id
        (["i-statement.reads-as-grievance", "BL"], False, {"IS05", "BL01"}, {"BL19"}),  # the exact name
        (["IS", "blaming"], False, {"IS01", "BL01"}, {"BL19", "IS05"}),  # a prefix or category: no
        (["IS", "blaming"], True, {"IS05", "BL19"}, set()),
    ],
)
def test_which_preview_rules_a_selection_runs(
    select: list[str] | None, preview: bool, on: set[str], off: set[str]
) -> None:
    chosen = RULES.select(select, None, preview=preview)
    assert on <= ids(chosen)
    assert not off & ids(chosen)
    assert ids(chosen.dormant) == (set() if preview else set(PREVIEW) - ids(chosen))


def test_a_selector_that_matches_only_preview_rules_left_off_says_so() -> None:
    with pytest.raises(UnknownSelectorError, match=r"only preview rules.*IS05"):
        RULES.select(["i-statement.reads-*"])
    assert ids(RULES.select(["i-statement.reads-*"], preview=True)) == {"IS05"}
    assert "IS05" not in ids(RULES.select(None, ["IS05"]))  # ignoring a rule that is off is fine


def test_default_checker_runs_no_preview_rule_and_consults_the_model_only_for_apologies(
    checker: Checker, preview_checker: Checker
) -> None:
    assert not ids(checker.ruleset) & set(PREVIEW)
    assert not [f for f in checker.check(GRIEVANCE).findings if f.rule_id in PREVIEW]
    doc = checker.nlp(GRIEVANCE)
    assert learned._SLOT not in doc.user_data  # no sentence was scored: NA08 reads only apologies
    assert not [f for f in checker.check("I'm sorry I snapped at you.").findings if f.rule_id == "NA08"]
    doc = preview_checker.nlp(GRIEVANCE)
    assert learned._SLOT in doc.user_data
    assert [f.rule_id for f in preview_checker.check(GRIEVANCE).findings if f.rule_id in PREVIEW] == ["IS05"]


def test_a_call_narrows_preview_rules_as_a_build_does(checker: Checker, preview_checker: Checker) -> None:
    with pytest.raises(UnknownSelectorError, match="preview"):
        checker.check(GRIEVANCE, select=["IS05"])  # one call cannot run a rule the Checker does not load

    def found(**kwargs: object) -> set[str]:
        return {f.rule_id for f in preview_checker.check(GRIEVANCE, **kwargs).findings}  # type: ignore[arg-type]

    assert "IS05" in found(select=["IS"])  # preview is on in this Checker
    assert "IS05" not in found(select=["IS"], preview=False)  # a prefix takes no preview rule in
    assert "IS05" in found(select=["IS05"], preview=False)  # the exact id does
    assert "IS05" not in found(preview=False)


def test_editor_selection_of_a_preview_rule_builds_a_checker_that_has_it() -> None:
    def built(settings: Settings) -> Settings:
        return resolve(LoadedConfig(settings=settings), EditorSettings()).checker_settings

    assert built(Settings(select=["IS05"])).preview
    assert built(Settings(preview=True)).preview
    assert not built(Settings(select=["IS", "blaming", "blame.*"])).preview
    assert not built(Settings()).preview


def run(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    return subprocess.run(
        [TONECHECK, *args], cwd=cwd, input=stdin, capture_output=True, text=True, timeout=300, env=env
    )


def test_command_line_flag_config_key_and_rules_listing(tmp_path: Path) -> None:
    listed = {row["id"]: row for row in json.loads(run("rules", "--format", "json", cwd=tmp_path).stdout)}
    assert [rule_id for rule_id, row in listed.items() if row["preview"]] == PREVIEW
    explained = run("explain", "IS05", cwd=tmp_path).stdout
    assert "Preview rule" in explained and "--select IS05" in explained

    (tmp_path / "tonecheck.toml").write_text('preview = true\nselect = ["IS"]\n')
    on = run("check", "-", "--format", "json", cwd=tmp_path, stdin=GRIEVANCE)
    assert "IS05" in {f["rule_id"] for f in json.loads(on.stdout)[0]["findings"]}, on.stderr
    off = run("check", "-", "--format", "json", "--no-preview", cwd=tmp_path, stdin=GRIEVANCE)
    assert off.returncode == 0, off.stderr  # nothing left to flag
    assert not json.loads(off.stdout)[0]["findings"]


def test_server_lists_and_runs_only_what_it_loaded(server) -> None:  # type: ignore[no-untyped-def]
    rules = httpx.get(server.url + "/v1/rules").json()
    assert not {r["id"] for r in rules} & set(PREVIEW)
    assert all(r["preview"] is False for r in rules)
    answer = httpx.post(server.url + "/v1/check", json={"text": GRIEVANCE, "select": ["IS05"]}, timeout=30)
    assert answer.status_code == 422
    assert "preview" in answer.json()["message"]
