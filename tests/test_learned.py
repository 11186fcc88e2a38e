"""The learned signal: the shipped model loads, scores each sentence deterministically with its neighbours as
context, is used by BL19 / IS05, and the training script rebuilds a model from a corpus (a tiny one written
for these tests, in tests/data/learned/)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import srsly

from tonecheck.api import Checker
from tonecheck.devtools import train_tone_model
from tonecheck.engine import learned
from tonecheck.engine import signals as sig

DATA = Path(__file__).parent / "data" / "learned"
CATEGORIES = {"pressuring", "blaming", "missing-i-statement", "desperation", "manipulation", "non-apology"}


@pytest.fixture(scope="module")
def checker(preview_checker: Checker) -> Checker:
    """BL19 and IS05 are preview rules: this file checks with preview on (tests/test_preview.py checks that
    the default set leaves them, and the model, alone)."""
    return preview_checker


def _scores(checker: Checker, text: str) -> list[dict[str, float]]:
    with checker.nlp.select_pipes(disable=[checker.component.name]):
        doc = checker.nlp(text)
    sents = list(doc.sents)
    return learned.default_model().score_sentences(sents, [sig.sentiment(s.text) for s in sents])


def test_shipped_model_loads_and_is_small() -> None:
    model = learned.default_model()
    assert set(model.categories) == CATEGORIES
    assert model.weights.shape == (len(model.features), len(model.categories))
    assert len(model.features) > 1000
    assert model.reader_categories == {"blaming", "missing-i-statement"}
    path = Path(learned.__file__).parents[1] / "data" / "model" / learned.MODEL_FILE
    assert path.stat().st_size <= 5_000_000


def test_scoring_is_deterministic(checker: Checker) -> None:
    text = "Thanks for dinner, it was lovely. You left me to pay the whole bill though. See you soon!"
    first = _scores(checker, text)
    assert first == _scores(checker, text)
    assert len(first) == 3
    reports = [checker.check(text).findings for _ in range(2)]
    assert reports[0] == reports[1]


def test_a_warm_neighbour_does_not_hide_a_harsh_sentence(checker: Checker) -> None:
    harsh = "Your constant moaning spoiled the whole trip for everyone."
    alone = _scores(checker, harsh)[0]["blaming"]
    beside_warm = _scores(checker, "What a lovely dinner, everyone! " + harsh + " Love you all x")
    assert alone >= 0.85
    assert beside_warm[1]["blaming"] >= 0.85  # the warm lines lower it a little at most
    assert beside_warm[0]["blaming"] == 0.0  # no reader named: blaming is not scored there
    found = [f for f in checker.check("Great dinner everyone, thank you! " + harsh).findings if f.rule_id == "BL19"]
    assert [f.text for f in found] == [harsh]


@pytest.mark.parametrize(
    "text",
    [
        "You remembered my mum's birthday before I did, you legend.",
        "You carried all the bags in while I parked, thank you so much.",
        "You moved the meeting to 3? Works for me.",
        "You mentioned a good dentist last week, what was her name?",
        "You signed up for the half marathon? That's amazing, I'll come and cheer.",
        "I felt hurt when you read my messages, can we talk about it tonight?",
    ],
)
def test_kind_look_alikes_get_no_learned_finding(checker: Checker, text: str) -> None:
    assert not [f for f in checker.check(text).findings if f.rule_id in ("BL19", "IS05")]


def test_learned_rules_stay_quiet_where_a_rule_of_their_category_already_found(checker: Checker) -> None:
    # BL01 finds "You never listen": the learned rule adds no second blaming finding to that sentence.
    findings = checker.check("You never listen to a word I say.").findings
    assert any(f.rule_id == "BL01" for f in findings)
    assert not any(f.rule_id == "BL19" for f in findings)


def test_training_script_rebuilds_the_fixture_model(checker: Checker) -> None:
    def train() -> dict[str, object]:
        return train_tone_model.train(
            labelled=[DATA / "corpus.jsonl"],
            kinds=[DATA / "kinds.jsonl"],
            negatives=[DATA / "negatives.jsonl"],
            use_rules=False,
            nlp=checker.nlp,
        )

    data = train()
    assert data == train()  # deterministic
    # the model it describes works: the fixture's own blaming draft scores higher than its kind one
    model = learned.ToneModel.from_data(data)
    with checker.nlp.select_pipes(disable=[checker.component.name]):
        harsh, kind = checker.nlp("You forgot my birthday again."), checker.nlp("You always know how to cheer me up.")
    score = [
        model.score_sentences(list(doc.sents), [sig.sentiment(s.text) for s in doc.sents])[0]["blaming"]
        for doc in (harsh, kind)
    ]
    assert score[0] > score[1]
    expected = srsly.read_json(DATA / "tone_lr.json")
    if expected["meta"]["lexicon"] != train_tone_model.lexicon_fingerprint():
        pytest.skip(
            "the word classes changed since tests/data/learned/tone_lr.json was trained: regenerate it with "
            "python -m tonecheck.devtools.train_tone_model --labelled tests/data/learned/corpus.jsonl --corpus --kinds "
            "tests/data/learned/kinds.jsonl --negatives tests/data/learned/negatives.jsonl --no-rules "
            "--out tests/data/learned (and retrain the shipped model: docs/learned.md)"
        )
    assert data["features"] == expected["features"]
    assert data["categories"] == expected["categories"]
    np.testing.assert_allclose(data["weights"], expected["weights"], atol=2e-3)
    np.testing.assert_allclose(data["bias"], expected["bias"], atol=2e-3)


def test_a_model_of_another_format_is_refused() -> None:
    with pytest.raises(ValueError, match="format"):
        learned.ToneModel.from_data({"format": 99, "categories": [], "features": [], "weights": [], "bias": []})
