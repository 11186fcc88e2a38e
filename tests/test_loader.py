from __future__ import annotations

from pathlib import Path

import pytest

from rule_samples import GOOD, errors_for, write
from tonecheck import RuleLoadError, load_rules


def test_a_good_rule_loads(tmp_path: Path) -> None:
    write(tmp_path, "blaming/BL90_blame.test-rule.yml", GOOD)
    ruleset = load_rules([tmp_path])
    assert [r.id for r in ruleset] == ["BL90"]


def test_every_error_of_every_file_at_once_with_file_id_field_and_line(tmp_path: Path) -> None:
    write(tmp_path, "blaming/BL90_a.yml", GOOD.replace("severity: warning", "severity: loud"))
    write(
        tmp_path,
        "blaming/BL91_b.yml",
        GOOD.replace("BL90", "BL91").replace("blame.test-rule", "blame.b") + "colour: red\n",
    )
    write(tmp_path, "blaming/BL92_c.yml", "id: BL92\nname: [unclosed\n")
    errors = errors_for(tmp_path)
    assert len(errors) == 3
    severity = next(e for e in errors if "BL90_a.yml" in e)
    assert "BL90" in severity and "severity" in severity and ":4:" in severity
    unknown = next(e for e in errors if "BL91_b.yml" in e)
    assert "colour" in unknown and "Extra inputs are not permitted" in unknown
    malformed = next(e for e in errors if "BL92_c.yml" in e)
    assert "malformed YAML" in malformed


def test_bad_token_pattern_is_reported_by_spacys_validator(tmp_path: Path) -> None:
    write(tmp_path, "blaming/BL90_x.yml", GOOD.replace("{LOWER: never}", "{LOWER: never, SHOUT: 1}"))
    [error] = errors_for(tmp_path)
    assert "patterns.0" in error and "token pattern" in error


def test_dependency_pattern_must_be_a_tree(tmp_path: Path) -> None:
    bad = GOOD.replace(
        "  - kind: token\n    pattern: [{LOWER: you}, {LOWER: never}]\n",
        "  - kind: dependency\n    pattern:\n"
        "      - {RIGHT_ID: verb, RIGHT_ATTRS: {POS: VERB}}\n"
        "      - {LEFT_ID: nowhere, REL_OP: '>', RIGHT_ID: subj, RIGHT_ATTRS: {LOWER: you}}\n",
    )
    write(tmp_path, "blaming/BL90_x.yml", bad)
    [error] = errors_for(tmp_path)
    assert "not a tree" in error and "nowhere" in error


def test_duplicate_ids_are_an_error(tmp_path: Path) -> None:
    write(tmp_path, "blaming/BL90_a.yml", GOOD)
    write(tmp_path, "blaming/BL90_b.yml", GOOD.replace("blame.test-rule", "blame.other"))
    [error] = errors_for(tmp_path)
    assert "duplicate rule id" in error


def test_unknown_placeholder_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, "blaming/BL90_x.yml", GOOD.replace("'{match}' is blame.", "'{matched}' is blame."))
    [error] = errors_for(tmp_path)
    assert "{matched}" in error and "message" in error


def test_yaml_tags_that_build_objects_are_rejected_not_run(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    write(tmp_path, "blaming/BL90_x.yml", GOOD + f"extra: !!python/object/apply:os.system ['touch {marker}']\n")
    [error] = errors_for(tmp_path)
    assert "tag" in error and ":15:" in error
    assert not marker.exists()


def test_id_must_agree_with_category_and_folder(tmp_path: Path) -> None:
    write(tmp_path, "pressuring/BL90_x.yml", GOOD)
    write(tmp_path, "blaming/PR90_y.yml", GOOD.replace("BL90", "PR90").replace("test-rule", "other"))
    errors = errors_for(tmp_path)
    assert any("folder pressuring" in e for e in errors)
    assert any("must start with BL" in e for e in errors)


def test_example_match_must_occur_in_its_text(tmp_path: Path) -> None:
    write(tmp_path, "blaming/BL90_x.yml", GOOD.replace('match: "you never"', 'match: "you always"'))
    [error] = errors_for(tmp_path)
    assert "examples.flagged.0" in error


def test_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(RuleLoadError, match="no such rule file"):
        load_rules([tmp_path / "nope"])


def test_unknown_transform_name_is_an_error_when_the_checker_is_built(tmp_path: Path) -> None:
    from tonecheck import Checker

    write(
        tmp_path,
        "blaming/BL90_x.yml",
        GOOD.replace("examples:", "suggestions:\n  - transform: no-such-rewrite\nexamples:"),
    )
    with pytest.raises(RuleLoadError) as caught:
        Checker(rules=[tmp_path])
    [error] = [str(e) for e in caught.value.errors]
    assert "no-such-rewrite" in error and "suggestions.0.transform" in error and "BL90_x.yml" in error
