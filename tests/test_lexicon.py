"""Word classes as data: class files with provenance, Token._.tc_class, and rules that use classes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tonecheck import Checker, RuleLoadError
from tonecheck.engine import lexicon


def test_every_class_says_what_it_is_and_where_its_words_come_from() -> None:
    classes = lexicon.classes()
    assert {"negative", "positive", "negative_trait", "failure_verb", "warm_emoji", "instruction_verb"} <= set(classes)
    for word_class in classes.values():
        assert word_class.description and word_class.provenance and word_class.words


def test_evaluative_classes_are_seeded_from_vaders_lexicon() -> None:
    negative, positive = lexicon.classes()["negative"].words, lexicon.classes()["positive"].words
    assert {"selfish", "awful", "ruined"} <= negative  # VADER valence below -1.0
    assert {"brilliant", "lovely", "stellar"} <= positive  # VADER above 1.0, and a hand-added word
    assert "sorry" not in negative  # excluded by hand: an apology is not a judgement
    assert "disorganised" in lexicon.classes()["negative_trait"].words  # British spelling beside "-ized"


def test_tokens_carry_their_classes(checker: Checker) -> None:
    doc = checker.nlp("You forgot the keys again 🙃 thanks so much")
    by_text = {t.text: t._.tc_class for t in doc}
    assert "failure_verb" in by_text["forgot"]
    assert "sarcasm_emoji" in by_text["🙃"]
    assert "gratitude" in by_text["thanks"]
    assert by_text["keys"] == ()


RULE = """\
id: BL92
name: blame.class-test
category: blaming
severity: warning
message: "'{match}'"
why: A rule written over a word class instead of a word list.
patterns:
  - kind: token
    pattern: [{LOWER: {IN: [you, u]}}, {LEMMA: be}, {LOWER: {IN: [so, such]}, OP: "?"}, {LOWER: a, OP: "?"},
              {_: {tc_class: {IN: [negative_trait]}}}]
examples:
  flagged:
    - text: "Honestly you are so stingy."
      match: "you are so stingy"
    - text: "you are such a snake"
      match: "you are such a snake"
  ok: ["You are so generous.", "You are late."]
"""


def write_rule(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "blaming"
    folder.mkdir()
    (folder / "BL92_blame.class-test.yml").write_text(text, encoding="utf-8")
    return tmp_path


def test_a_rule_says_you_be_negative_trait_once(tmp_path: Path) -> None:
    checker = Checker(rules=[write_rule(tmp_path, RULE)])
    from tonecheck.testing import example_cases, run_case

    assert [p for p in (run_case(checker, case) for case in example_cases(checker.ruleset)) if p] == []
    # The matcher's gate: no word of the class in the draft, nothing to match.
    assert checker.check("You are here.").findings == []


def test_an_unknown_class_is_a_load_error(tmp_path: Path) -> None:
    with pytest.raises(RuleLoadError, match="unknown word class 'negative_traits'"):
        Checker(rules=[write_rule(tmp_path, RULE.replace("[negative_trait]", "[negative_traits]"))])


def test_a_class_file_without_provenance_is_refused() -> None:
    with pytest.raises(lexicon.LexiconError, match="provenance"):
        lexicon._load_class("odd", {"description": "x", "words": ["a"]})


def test_profanity_is_a_class_with_prefixes_for_other_spellings(checker: Checker) -> None:
    doc = checker.nlp("fuckingg hell, pass the class, you bullshitting ass")
    profane = [t.text for t in doc if "profanity" in t._.tc_class]
    assert profane == ["fuckingg", "bullshitting", "ass"]  # "pass" and "class" are whole words, not "ass"
    assert "fuck" in lexicon.classes()["profanity"].prefixes


def test_class_tests_compile_to_plain_word_lists() -> None:
    pattern = [{"LOWER": "you"}, {"_": {"tc_class": {"IN": ["negative_trait"]}}, "POS": "ADJ"}, {"IS_PUNCT": True}]
    variants = lexicon.compiled(pattern)
    assert len(variants) == 2  # the class token tested on its lower-case form in one, on its lemma in the other
    words = sorted(lexicon.words_of(["negative_trait"]))
    assert variants[0][1] == {"POS": "ADJ", "LOWER": {"IN": words}}
    assert variants[1][1] == {"POS": "ADJ", "LEMMA": {"IN": words}}
    # A repeated class token keeps the exact (slower) extension test: a run may mix forms and lemmas.
    starred = lexicon.compiled([{"_": {"tc_class": "negative_trait"}, "OP": "+"}])
    assert starred == [[{"_": {"tc_class": {"INTERSECTS": ["negative_trait"]}}, "OP": "+"}]]
