from __future__ import annotations

import spacy

from tonecheck import Checker
from tonecheck.engine.pipeline import resolve_model

SAMPLE = (
    "I'm worried about you. You hurt me by ignoring my calls, and I've been so lonely. "
    "She isn't coming, they're late again and we were never told. Don't walk away from me! "
    "It's been a long week; I'd love to hear how you're doing."
)


def test_tag_table_gives_the_attribute_rulers_pos_and_lemmas(checker: Checker) -> None:
    reference = spacy.load(resolve_model(), exclude=["ner"])(SAMPLE)
    ours = checker.nlp(SAMPLE)
    assert [t.text for t in ours] == [t.text for t in reference]
    assert [(t.text, t.pos_) for t in ours] == [(t.text, t.pos_) for t in reference]
    assert [(t.text, t.lemma_) for t in ours] == [(t.text, t.lemma_) for t in reference]


def test_short_lines_typed_one_a_message_are_sentences(checker: Checker) -> None:
    report = checker.check("hey\nare you there\nplease\nCALL ME")
    assert len(report.signals.sentences) == 4
    assert "CALL ME" in {f.text for f in report.findings}


def test_hard_wrapped_prose_is_not_cut_at_its_line_breaks(checker: Checker) -> None:
    text = (
        "I wanted to write to you about the weekend because I have been thinking about\n"
        "it a lot and I would like us to find a time to talk about what happened.\n\n"
        "Hope you're well."
    )
    sentences = [text[s.start : s.end].strip() for s in checker.check(text).signals.sentences]
    assert sentences[0].endswith("what happened.")
    assert sentences[-1] == "Hope you're well."
