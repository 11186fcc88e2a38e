"""Every example in every shipped rule file is a test case (``BL01-flagged-0``)."""

from __future__ import annotations

import pytest

from tonecheck import Checker, load_rules
from tonecheck.loader import default_rules_dir
from tonecheck.models import CATEGORY_PREFIX
from tonecheck.testing import ExampleCase, example_cases, run_case

RULES = load_rules()
CASES = list(example_cases(RULES))
PREVIEW = {rule.id for rule in RULES if rule.preview}


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_rule_example(checker: Checker, request: pytest.FixtureRequest, case: ExampleCase) -> None:
    """A preview rule's examples run with preview on (it does not run otherwise); every other rule's run with
    the default set, as users get it."""
    runner = request.getfixturevalue("preview_checker") if case.rule_id in PREVIEW else checker
    problem = run_case(runner, case)
    assert problem is None, problem


def test_every_category_ships_rules() -> None:
    shipped = {rule.category for rule in RULES}
    assert {"pressuring", "blaming", "missing-i-statement"} <= shipped


def test_rule_files_live_where_their_id_says() -> None:
    for rule in RULES:
        path = default_rules_dir() / rule.category
        files = list(path.glob(f"{rule.id}_*.yml"))
        assert len(files) == 1, f"{rule.id} should be in exactly one file under {path}"
        assert rule.id.startswith(CATEGORY_PREFIX[rule.category])


def test_rule_ids_and_names_are_unique() -> None:
    ids = [rule.id for rule in RULES]
    names = [rule.name for rule in RULES]
    assert len(ids) == len(set(ids))
    assert len(names) == len(set(names))
