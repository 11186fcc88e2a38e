"""Config discovery and validation (no model needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tonecheck.config import ConfigError, discover, find_config, load_config


def test_found_by_walking_up_and_nearest_wins(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.tonecheck]\nselect = ["BL"]\nfail-on = "error"\n')
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    draft = deep / "draft.txt"
    draft.write_text("hi")
    loaded = discover(draft)
    assert loaded.path == tmp_path / "pyproject.toml"
    assert loaded.settings.select == ["BL"] and loaded.settings.fail_on == "error"
    (tmp_path / "a" / "tonecheck.toml").write_text('ignore = ["PR02"]\n')
    assert find_config(draft) == tmp_path / "a" / "tonecheck.toml"
    (tmp_path / "a" / ".tonecheck.toml").write_text("allow = ['you never know']\n")
    assert discover(deep).settings.allow == ["you never know"]  # .tonecheck.toml before tonecheck.toml


def test_pyproject_without_the_table_is_passed_over(tmp_path: Path) -> None:
    (tmp_path / "tonecheck.toml").write_text('model = "my_model"\nrules = ["house_rules"]\n')
    inner = tmp_path / "inner"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[project]\nname = "x"\n')
    loaded = discover(inner)
    assert loaded.path == tmp_path / "tonecheck.toml"
    assert loaded.settings.model == "my_model"
    assert loaded.settings.rules == [str(tmp_path / "house_rules")]  # relative to the config file


def test_unknown_keys_name_the_key_and_the_file(tmp_path: Path) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text('[tool.tonecheck]\nselct = ["BL"]\n[tool.tonecheck.verdict]\nreview-below = 0.7\nrevise = 1\n')
    with pytest.raises(ConfigError) as info:
        load_config(config)
    message = str(info.value)
    assert str(config) in message
    assert "unknown key 'selct' in [tool.tonecheck]" in message
    assert "unknown key 'verdict.revise'" in message


def test_bad_values_and_bad_toml_are_errors(tmp_path: Path) -> None:
    config = tmp_path / "tonecheck.toml"
    config.write_text('fail-on = "sometimes"\n')
    with pytest.raises(ConfigError, match="fail-on"):
        load_config(config)
    config.write_text("select = [\n")
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_config(config)


def test_verdict_thresholds_become_a_policy(tmp_path: Path) -> None:
    config = tmp_path / "tonecheck.toml"
    config.write_text('[verdict]\nreview-below = 0.9\nrevise-at = "warning"\n[severity]\nBL01 = "error"\n')
    loaded = load_config(config)
    policy = loaded.settings.verdict.policy()
    assert policy.review_below == 0.9 and policy.revise_at == "warning" and policy.revise_below == 0.5
    assert loaded.settings.severity == {"BL01": "error"}
