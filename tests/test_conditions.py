"""The condition registry: one entry per `when:` key, from which the model, evaluation and docs come."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from tonecheck import Checker
from tonecheck.devtools import conditions_doc
from tonecheck.engine import conditions
from tonecheck.models import Conditions

DOCS = Path(__file__).resolve().parents[1] / "docs" / "conditions.md"


def test_the_model_has_exactly_the_registered_conditions() -> None:
    assert set(Conditions.model_fields) == {c.name for c in conditions.REGISTRY}
    assert {c.scope for c in conditions.REGISTRY} == {"match", "sentence", "message"}


@pytest.mark.parametrize("removed", ["imperative", "you_subject", "i_subject", "min_you_subjects", "found_in_sentence"])
def test_conditions_no_rule_used_are_gone(removed: str) -> None:
    with pytest.raises(ValidationError):
        Conditions.model_validate({removed: True})


def test_the_docs_table_is_generated_from_the_registry() -> None:
    assert DOCS.read_text(encoding="utf-8") == conditions_doc.render(), (
        "docs/conditions.md is stale: python -m tonecheck.devtools.conditions_doc > docs/conditions.md"
    )


def test_a_warm_closing_line_does_not_hide_a_harsh_one(checker: Checker) -> None:
    assert "BL01" in {f.rule_id for f in checker.check("You never listen to me. Love you!").findings}
    assert checker.check("You always make me laugh. Love you!").findings == []
