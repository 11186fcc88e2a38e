from __future__ import annotations

from collections.abc import Iterator

import pytest
import spacy
from spacy.language import Language

import tonecheck.engine.component  # noqa: F401  (registers the factory)
from tonecheck.engine.pipeline import resolve_model


@pytest.fixture
def nlp() -> Iterator[Language]:
    nlp = spacy.load(resolve_model(), exclude=["ner"])
    yield nlp
    if "tonecheck" in nlp.pipe_names:
        nlp.remove_pipe("tonecheck")


def test_component_annotates_spans_and_doc_extension(nlp: Language) -> None:
    nlp.add_pipe("tonecheck")
    doc = nlp("You never listen to me.")
    spans = doc.spans["tonecheck"]
    assert [(s.text, s.label_, s.id_) for s in spans if s.id_ == "BL01"] == [("You never listen", "blaming", "BL01")]
    assert [f.rule_id for f in doc._.tonecheck_findings] == [s.id_ for s in spans]
    assert doc._.tonecheck_signals.you_subjects == 1


def test_component_config_selects_rules_and_spans_key(nlp: Language) -> None:
    nlp.add_pipe("tonecheck", config={"select": ["pressuring"], "spans_key": "tone"})
    doc = nlp("You never listen to me. Answer me.")
    assert {s.label_ for s in doc.spans["tone"]} == {"pressuring"}


def test_docs_with_findings_survive_serialisation(nlp: Language) -> None:
    nlp.add_pipe("tonecheck")
    doc = nlp("Answer me right now!")
    from spacy.tokens import Doc

    again = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert [f.text for f in again._.tonecheck_findings] == [f.text for f in doc._.tonecheck_findings]
