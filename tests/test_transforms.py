"""Each transform module: registered once, documented in the fixed shape, and its own golden cases hold."""

from __future__ import annotations

import pytest

from tonecheck import Checker
from tonecheck.models import Finding
from tonecheck.rewrite.transforms import REGISTRY, TRANSFORMS
from tonecheck.rewrite.transforms._registry import SECTIONS, parse_doc

CASES = [(name, draft, result) for name, entry in REGISTRY.items() for draft, result in entry.cases]


def _whole(text: str) -> Finding:
    return Finding(
        rule_id="XX99", name="test.whole", category="blaming", severity="warning", start=0, end=len(text),
        line=1, column=1, text=text, message="m", why="w",
    )  # fmt: skip


def test_every_transform_module_registers_one_documented_transform() -> None:
    assert set(REGISTRY) == set(TRANSFORMS) and len(REGISTRY) >= 9
    for name, entry in REGISTRY.items():
        assert list(entry.sections) == list(SECTIONS), name
        assert entry.function.__module__.endswith("." + name.replace("-", "_")), name


def test_a_docstring_without_the_sections_is_refused() -> None:
    with pytest.raises(ValueError, match="Safety"):
        parse_doc("What it does: x\nExample: a\nResult: b\n")


@pytest.mark.parametrize(("name", "draft", "result"), CASES, ids=[f"{n}-{d[:25]}" for n, d, _ in CASES])
def test_transform_golden_case(checker: Checker, name: str, draft: str, result: str | None) -> None:
    """The transform applied to the finding of a shipped rule that names it (the whole draft if none)."""
    naming = {rule.id for rule in checker.ruleset if any(spec.transform == name for spec in rule.suggestions)}
    finding = next((f for f in checker.check(draft).findings if f.rule_id in naming), _whole(draft))
    suggestion = TRANSFORMS[name](finding, checker.nlp(draft))
    if result is None:
        assert suggestion is None
        return
    assert suggestion is not None
    assert draft[: suggestion.start] + suggestion.replacement + draft[suggestion.end :] == result
