"""The learned signal: a small logistic regression per category over what a sentence and its neighbours say.

Hand-written rules learn the sentences they were written from; this model learns which words, word classes
and sentence shapes go with each category across several hundred labelled drafts written in different ways
(what it was trained on, and how well it generalises, is in ``data/model/README.md`` and ``docs/learned.md``).
Rules read it through the ``learned`` condition (``learned: {category: blaming, min: 0.85}``), so a finding
still comes from a rule that says where and why; the model only says how strongly a sentence reads as a kind.

A sentence is scored with its own features plus those of up to ``window`` sentences on each side (the model
was trained on whole short messages, so a sentence alone is too little context), and each sentence gets its
own score. Neighbours may lower a score by at most ``excuse`` in log-odds, so a closing "Love you!" softens
"You never listen." a little but cannot cancel it. A Doc's sentences are read lazily, each once, when a rule
asks about them or their neighbours.

``sentence_features`` is the one definition of the features: the training script
(``tonecheck.devtools.train_tone_model``) calls it on the same pipeline's parse, so training and scoring cannot
drift apart.
"""

from __future__ import annotations

import functools
import importlib.resources
import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import srsly

from . import lexicon
from . import signals as sig

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

MODEL_FILE = "tone_lr.json"
FORMAT = 1
_READER_WORDS = frozenset({"you", "your", "yours", "yourself", "yourselves", "u", "ur", "ya", "y'all"})
_ROLE_CHILDREN = ("acomp", "attr", "dobj", "advmod")


def _classes(token: Any) -> tuple[str, ...]:
    return lexicon.token_classes(token)


def sentence_features(sent: Span, sentiment: float) -> set[str]:
    """The features of one sentence (``sentiment`` is its VADER compound, as the signals computed it)."""
    feats: set[str] = set()
    tokens = [t for t in sent if not t.is_space]
    lemmas = [t.lemma_.lower() for t in tokens]
    feats.update("w:" + lemma for lemma in lemmas)
    feats.update(f"b:{a}_{b}" for a, b in itertools.pairwise(lemmas))
    for token in tokens:
        feats.update("c:" + name for name in _classes(token))
        lower = token.lower_
        if token.dep_ in ("nsubj", "nsubjpass") and lower in sig.YOU_WORDS:
            head = token.head
            feats.add("you>" + head.lemma_.lower())
            feats.add("you>T:" + head.tag_)
            feats.update("you>c:" + name for name in _classes(head))
            if any(child.dep_ == "neg" for child in head.children):
                feats.add("you>neg")
                feats.add("you>neg:" + head.tag_)
            for child in head.children:
                if child.dep_ in _ROLE_CHILDREN:
                    feats.add(f"you>{child.dep_}:{child.lemma_.lower()}")
                    feats.update(f"you>{child.dep_}:c:{name}" for name in _classes(child))
        elif token.dep_ == "nsubj" and lower == "i":
            head = token.head
            feats.add("i>" + head.lemma_.lower())
            feats.update("i>c:" + name for name in _classes(head))
        elif token.dep_ == "poss" and lower == "your":
            feats.add("your>" + token.head.lemma_.lower())
        if token.dep_ == "ROOT":
            feats.add("root:" + token.tag_)
            if not any(child.dep_ in ("nsubj", "nsubjpass", "expl") for child in token.children):
                feats.add("root:nosubj:" + token.tag_)
    if tokens:
        feats.add("first:" + tokens[0].tag_)
    feats.add(f"vad:{min(4, max(0, math.floor((sentiment + 1) * 2.5)))}")
    text = sent.text
    if "?" in text:
        feats.add("p:?")
    if "!" in text:
        feats.add("p:!")
    if "??" in text or "!!" in text or "?!" in text or "!?" in text:
        feats.add("p:stack")
    if any(t.is_upper and len(t) > 2 for t in tokens):
        feats.add("p:caps")
    return feats


def names_reader(sent: Span) -> bool:
    """The sentence itself names the reader (the learned blaming and missing-I scores count only there); a
    "you" inside square brackets is a rewrite template's blank ("[what you need]"), not the reader."""
    depth = 0
    for token in sent:
        if token.text == "[":
            depth += 1
        elif token.text == "]":
            depth = max(0, depth - 1)
        elif depth == 0 and token.lower_ in _READER_WORDS:
            return True
    return False


def quiet(sent: Span) -> bool:
    """A sentence never scored itself (it still lends its words to its neighbours' context): a greeting or
    sign-off line ("Dear Ms Okoro,", "Hi all,", "Best,"), which is manners, and a rewrite template with a
    blank for the writer ("I'd really like [what you want]."), which holds no words of theirs yet."""
    words = [t for t in sent if not (t.is_punct or t.is_space)]
    if any(t.text == "[" for t in sent) and any(t.text == "]" for t in sent):
        return True
    return len(words) <= 4 and sent.text.rstrip().endswith(",") and not any(t.pos_ in ("VERB", "AUX") for t in words)


@dataclass(frozen=True)
class ToneModel:
    categories: tuple[str, ...]
    features: Mapping[str, int]
    weights: np.ndarray  # (features, categories)
    bias: np.ndarray  # (categories,)
    window: int
    reader_categories: frozenset[str]  # scored only in sentences that name the reader
    meta: Mapping[str, Any]
    excuse: float = 1.0  # how far (log-odds) neighbours may lower a sentence's score

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> ToneModel:
        if data.get("format") != FORMAT:
            raise ValueError(f"tone model format {data.get('format')!r}; this tonecheck reads format {FORMAT}")
        names = list(data["features"])
        weights = np.asarray(data["weights"], dtype=np.float32).reshape(len(names), len(data["categories"]))
        return cls(
            categories=tuple(data["categories"]),
            features={name: i for i, name in enumerate(names)},
            weights=weights,
            bias=np.asarray(data["bias"], dtype=np.float32),
            window=int(data["window"]),
            reader_categories=frozenset(data.get("reader_categories", ())),
            meta=dict(data.get("meta", {})),
            excuse=float(data.get("excuse", 1.0)),
        )

    def score_features(self, per_sentence: Sequence[set[str]], reader: Sequence[bool]) -> list[dict[str, float]]:
        """Probabilities per sentence and category, from each sentence's features (a sentence without
        features, such as a blank line, scores 0 and is no neighbour)."""
        scorer = _Scorer(self, lambda i: per_sentence[i], lambda i: reader[i], len(per_sentence), lambda i: False)
        return [scorer.score(i) for i in range(len(per_sentence))]

    def score_sentences(self, sents: Sequence[Span], sentiments: Sequence[float]) -> list[dict[str, float]]:
        scorer = self.scorer(sents, sentiments)
        return [scorer.score(i) for i in range(len(sents))]

    def scorer(self, sents: Sequence[Span], sentiments: Sequence[float]) -> _Scorer:
        """Scores sentences of one Doc on demand: only the sentences asked about and their neighbours are
        read, each once."""
        return _Scorer(
            self,
            lambda i: sentence_features(sents[i], sentiments[i]) if sents[i].text.strip() else set(),
            lambda i: names_reader(sents[i]),
            len(sents),
            lambda i: quiet(sents[i]),
        )

    def _probabilities(self, own: set[int], context: set[int]) -> np.ndarray:
        z = self.weights[sorted(own)].sum(axis=0) + self.bias
        if context:
            # Neighbours may soften a score, by at most ``excuse`` (log-odds): kind context is what tells a
            # kind draft from a harsh one, but "Love you!" after "You never listen." must not cancel it.
            z = z + np.maximum(self.weights[sorted(context)].sum(axis=0), -self.excuse)
        result: np.ndarray = 1.0 / (1.0 + np.exp(-z.astype(np.float64)))
        return result


class _Scorer:
    def __init__(self, model: ToneModel, features: Any, reader: Any, count: int, quiet: Any):
        self.model = model
        self._features = features
        self._reader = reader
        self._quiet = quiet  # sentences scored 0 whatever their words (``quiet``)
        self.count = count
        self._feats: dict[int, set[str]] = {}
        self._ids: dict[int, set[int]] = {}
        self._scores: dict[int, dict[str, float]] = {}

    def _feats_of(self, i: int) -> set[str]:
        if i not in self._feats:
            self._feats[i] = self._features(i)
        return self._feats[i]

    def _ids_of(self, i: int) -> set[int]:
        if i not in self._ids:
            known = self.model.features
            self._ids[i] = {known[f] for f in self._feats_of(i) if f in known}
        return self._ids[i]

    def _neighbours(self, i: int, step: int) -> list[int]:
        """Up to ``window`` sentences with features on one side of ``i`` (blank lines are no neighbours)."""
        found: list[int] = []
        j = i + step
        while 0 <= j < self.count and len(found) < self.model.window:
            if self._feats_of(j):
                found.append(j)
            j += step
        return found

    def score(self, i: int) -> dict[str, float]:
        if i in self._scores:
            return self._scores[i]
        model = self.model
        own = self._ids_of(i)
        if not self._feats_of(i) or self._quiet(i):
            result = dict.fromkeys(model.categories, 0.0)
        else:
            context: set[int] = set()
            for j in self._neighbours(i, -1) + self._neighbours(i, 1):
                context |= self._ids_of(j)
            probs = model._probabilities(own, context - own)
            reader = self._reader(i)
            result = {
                c: (float(p) if reader or c not in model.reader_categories else 0.0)
                for c, p in zip(model.categories, probs, strict=True)
            }
        self._scores[i] = result
        return result


@functools.cache
def default_model() -> ToneModel:
    """The shipped model (``data/model/tone_lr.json``), read once."""
    resource = importlib.resources.files("tonecheck.data").joinpath("model").joinpath(MODEL_FILE)
    return ToneModel.from_data(srsly.json_loads(resource.read_text(encoding="utf-8")))


_SLOT = ("tonecheck.learned", "scorer")


def sentence_score(doc: Doc, sents: Sequence[Span], sentiments: Sequence[float], index: int) -> dict[str, float]:
    """The shipped model's scores for sentence ``index`` of ``doc`` (each sentence read once a Doc)."""
    memo: dict[Any, Any] = doc.user_data
    if _SLOT not in memo:
        memo[_SLOT] = default_model().scorer(sents, sentiments)
    scorer: _Scorer = memo[_SLOT]
    return scorer.score(index)
