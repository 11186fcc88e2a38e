"""Train the learned signal (``tonecheck.engine.learned``) and write ``data/model/tone_lr.json``.

Deterministic: the corpus is read in a fixed order, samples use fixed seeds, weights start at zero and are
fitted by a fixed number of full-batch Adam steps (numpy only), and the written weights are rounded, so the
same inputs give the same file. Usage (from a checkout next to ``../shared``)::

    python -m tonecheck.devtools.train_tone_model            # the shipped recipe (see data/model/README.md)
    python -m tonecheck.devtools.train_tone_model --write-validation val.jsonl   # the corpus rows it holds out
    python -m tonecheck.devtools.train_tone_model --labelled a.jsonl --negatives b.jsonl --no-rules --out DIR

Training units and their labels (categories the unit says nothing about are left out of its loss):
- ``--labelled`` JSONL ``{"text", "labels"}``: every category labelled (an empty list = a kind draft).
- ``--corpus`` JSONL ``{"id", "text", "labels"}``, labelled like ``--labelled``, of which a fixed fifth (chosen
  by a hash of each id, ``is_validation``) is held out for measuring and never trained on.
- ``--kinds`` JSONL ``{"text", "labels"}`` written to show one kind: the listed categories are positive, the
  others unknown; an empty list is negative for every category.
- the rules' ``examples`` (unless ``--no-rules``): flagged -> the rule's category; ok -> not that category.
- ``--negatives`` JSONL ``{"text"}``: kind texts, negative for every category.
- A blaming unit with no first-person feeling ("I feel", "I'm hurt") is a missing-I-statement unit too: the
  labelled sets mark blame told without the writer's feelings that way.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, get_args

import numpy as np

from ..engine import learned, lexicon
from ..engine import signals as sig
from ..loader import load_rules
from ..models import Category

CATEGORIES: tuple[str, ...] = get_args(Category)
READER_CATEGORIES = ("blaming", "missing-i-statement")
WINDOW = 2
EXCUSE = 1.0  # log-odds neighbours may take off a sentence's score (learned.ToneModel.excuse)
MIN_COUNT = 2
L2 = 1.0
STEPS = 150
LEARNING_RATE = 0.05
NEGATIVE_SAMPLE = 200  # from each negatives file
VALIDATION_PERCENT = 20  # of the --corpus rows, held out by id
_SPLIT_SALT = "tonecheck-traingen-s5"
# Another engineer's held-back test set sits next to the kinds files: it must never be trained on.
HELD_BACK = frozenset({"kinds_h16b_s5_holdback.jsonl"})
_FEELING = re.compile(
    r"\bI\s*(?:'m|am|was|feel|felt)\s+(?:so\s+|really\s+|very\s+)?(?:feel|felt|hurt|sad|upset|angry|frustrated|"
    r"lonely|disappointed|worried|scared|anxious|embarrassed|ignored|left out|annoyed)",
    re.IGNORECASE,
)

Labels = dict[str, int]  # category -> 1 / 0; a missing category is unknown


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _category(label: str) -> str:
    name = label.replace("_", "-")
    return "missing-i-statement" if name in ("missing-i", "missing-i-statement") else name


def _with_missing_i(text: str, labels: Labels) -> Labels:
    if labels.get("blaming") == 1 and "missing-i-statement" not in labels:
        return {**labels, "missing-i-statement": 0 if _FEELING.search(text) else 1}
    return labels


def is_validation(row_id: str) -> bool:
    """The corpus row is in the held-out fifth: a hash of its id, so adding rows never moves another row."""
    digest = hashlib.sha256(f"{_SPLIT_SALT}:{row_id}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % 100 < VALIDATION_PERCENT


def corpus_rows(paths: Sequence[Path], *, validation: bool) -> list[dict[str, Any]]:
    """The corpus rows of the training part (``validation=False``) or of the held-out part."""
    return [row for path in paths for row in _read_jsonl(path) if is_validation(str(row["id"])) == validation]


def labelled_units(path: Path, *, complete: bool) -> list[tuple[str, Labels]]:
    return rows_to_units(_read_jsonl(path), complete=complete)


def rows_to_units(rows: Iterable[dict[str, Any]], *, complete: bool) -> list[tuple[str, Labels]]:
    units = []
    for row in rows:
        listed = {_category(x) for x in row["labels"]}
        if complete or not listed:
            labels = {c: int(c in listed) for c in CATEGORIES}
        else:
            labels = _with_missing_i(row["text"], dict.fromkeys(listed, 1))
        units.append((row["text"], labels))
    return units


def rule_units(rules: Sequence[str | Path] | None) -> list[tuple[str, Labels]]:
    units: list[tuple[str, Labels]] = []
    for rule in load_rules(list(rules) if rules else None):
        if rule.examples is None or rule.when.learned is not None:
            continue  # the learned rules' examples test the model: they must not teach it
        for example in rule.examples.flagged:
            units.append((example.text, _with_missing_i(example.text, {rule.category: 1})))
        for text in rule.examples.ok:
            units.append((text if isinstance(text, str) else text.text, {rule.category: 0}))
    return units


def negative_units(path: Path, *, seed: int, size: int) -> list[tuple[str, Labels]]:
    """Kind texts: an offers file's ``warm`` rows, a scored file's top quarter, or every row otherwise."""
    rows = _read_jsonl(path)
    if rows and "label" in rows[0]:
        rows = [r for r in rows if r["label"] == "warm"]
    elif rows and "score" in rows[0]:
        cut = float(np.quantile([r["score"] for r in rows], 0.75))
        rows = [r for r in rows if r["score"] > cut]
    random.Random(seed).shuffle(rows)
    return [(r["text"], dict.fromkeys(CATEGORIES, 0)) for r in rows[:size]]


def featurize(nlp: Any, texts: Iterable[str]) -> list[list[set[str]]]:
    """Each text's per-sentence features, parsed by the checking pipeline (its tonecheck component off)."""
    out = []
    with nlp.select_pipes(disable=["tonecheck"]):
        for doc in nlp.pipe(texts, batch_size=64):
            sents = [s for s in doc.sents if s.text.strip()]
            out.append([learned.sentence_features(s, sig.sentiment(s.text)) for s in sents] or [set()])
    return out


def fit(units: Sequence[tuple[list[set[str]], Labels]]) -> dict[str, Any]:
    """Logistic regression per category (class-balanced, L2) on each unit's features (all its sentences)."""
    bags = [set().union(*sentences) for sentences, _ in units]
    counts = Counter(f for bag in bags for f in bag)
    names = sorted(f for f, n in counts.items() if n >= MIN_COUNT)
    index = {f: i for i, f in enumerate(names)}
    x = np.zeros((len(units), len(names)), dtype=np.float32)
    for row, bag in enumerate(bags):
        x[row, [index[f] for f in bag if f in index]] = 1.0
    y = np.array([[labels.get(c, 0) for c in CATEGORIES] for _, labels in units], dtype=np.float32)
    mask = np.array([[float(c in labels) for c in CATEGORIES] for _, labels in units], dtype=np.float32)
    positives = (y * mask).sum(axis=0)
    negatives = ((1 - y) * mask).sum(axis=0)
    mask = np.where(y == 1, mask * (negatives / np.maximum(positives, 1)), mask)
    total = np.maximum(mask.sum(axis=0), 1e-6)
    w = np.zeros((len(names), len(CATEGORIES)), dtype=np.float32)
    b = np.zeros(len(CATEGORIES), dtype=np.float32)
    state = [np.zeros_like(w), np.zeros_like(w), np.zeros_like(b), np.zeros_like(b)]
    for step in range(1, STEPS + 1):
        p = 1.0 / (1.0 + np.exp(-(x @ w + b)))
        g = (p - y) * mask
        grads = (x.T @ g / total + L2 * w / total, g.sum(axis=0) / total)
        for k, (param, grad) in enumerate(zip((w, b), grads, strict=True)):
            m, v = state[2 * k], state[2 * k + 1]
            m *= 0.9
            m += 0.1 * grad
            v *= 0.999
            v += 0.001 * grad * grad
            param -= LEARNING_RATE * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    keep = np.abs(w).max(axis=1) >= 1e-3
    kept = [name for name, k in zip(names, keep, strict=True) if k]
    return {
        "format": learned.FORMAT,
        "categories": list(CATEGORIES),
        "window": WINDOW,
        "excuse": EXCUSE,
        "reader_categories": list(READER_CATEGORIES),
        "features": kept,
        "weights": [round(float(v), 4) for v in w[keep].ravel()],
        "bias": [round(float(v), 4) for v in b],
    }


def train(
    *,
    labelled: Sequence[Path] = (),
    corpus: Sequence[Path] = (),
    kinds: Sequence[Path] = (),
    negatives: Sequence[Path] = (),
    rules: Sequence[str | Path] | None = None,
    use_rules: bool = True,
    nlp: Any = None,
) -> dict[str, Any]:
    """The model data for these sources (what ``main`` writes)."""
    units: list[tuple[str, Labels]] = []
    sources = []
    for path in labelled:
        units += labelled_units(path, complete=True)
        sources.append(_source(path))
    for path in corpus:
        rows = corpus_rows([path], validation=False)
        units += rows_to_units(rows, complete=True)
        sources.append({**_source(path), "units": len(rows), "held_out_percent": VALIDATION_PERCENT})
    for path in kinds:
        units += labelled_units(path, complete=False)
        sources.append(_source(path))
    if use_rules:
        units += rule_units(rules)
        sources.append({"file": "rule examples", "units": len(rule_units(rules))})
    for seed, path in enumerate(negatives, start=1):
        units += negative_units(path, seed=seed, size=NEGATIVE_SAMPLE)
        sources.append({**_source(path), "sampled": NEGATIVE_SAMPLE})
    if nlp is None:
        from ..engine.pipeline import build_pipeline

        nlp = build_pipeline()
    features = featurize(nlp, [text for text, _ in units])
    data = fit([(f, labels) for f, (_, labels) in zip(features, units, strict=True)])
    data["meta"] = {"units": len(units), "sources": sources, "lexicon": lexicon_fingerprint()}
    return data


def lexicon_fingerprint() -> str:
    """A hash of the word classes the features read: a model trained under other classes has other features."""
    classes = lexicon.classes()
    text = "\n".join(f"{name}:{' '.join(sorted(classes[name].words))}" for name in sorted(classes))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _source(path: Path) -> dict[str, Any]:
    return {"file": path.name, "sha256": hashlib.sha256(path.read_bytes()).hexdigest()[:16]}


def _shipped_recipe(shared: Path, bench: Path) -> dict[str, list[Path]]:
    return {
        "labelled": [shared / "dev" / "labeled_messages.jsonl"],
        "corpus": sorted((bench / "train").glob("traingen_*.jsonl")),
        "kinds": sorted(p for p in bench.glob("kinds_*.jsonl") if p.name not in HELD_BACK),
        "negatives": [shared / "external" / "offers.jsonl", shared / "external" / "receptiveness.jsonl"],
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--labelled", type=Path, nargs="*")
    parser.add_argument("--corpus", type=Path, nargs="*", help="labelled rows with ids, a fifth held out")
    parser.add_argument("--kinds", type=Path, nargs="*")
    parser.add_argument("--negatives", type=Path, nargs="*")
    parser.add_argument("--no-rules", action="store_true", help="leave the rules' examples out")
    parser.add_argument("--shared", type=Path, default=Path("../shared/data"), help="for the shipped recipe")
    parser.add_argument("--out", type=Path, default=Path(__file__).parents[1] / "data" / "model")
    parser.add_argument(
        "--write-validation", type=Path, help="write the corpus's held-out rows to this JSONL file and stop"
    )
    args = parser.parse_args(argv)
    recipe = _shipped_recipe(args.shared, Path("benchmarks/data"))
    corpus = args.corpus if args.corpus is not None else recipe["corpus"]
    if args.write_validation:
        rows = corpus_rows(corpus, validation=True)
        args.write_validation.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
        print(f"wrote {args.write_validation}: {len(rows)} held-out rows of {len(corpus)} corpus files")
        return
    data = train(
        labelled=args.labelled if args.labelled is not None else recipe["labelled"],
        corpus=corpus,
        kinds=args.kinds if args.kinds is not None else recipe["kinds"],
        negatives=args.negatives if args.negatives is not None else recipe["negatives"],
        use_rules=not args.no_rules,
    )
    args.out.mkdir(parents=True, exist_ok=True)
    target = args.out / learned.MODEL_FILE
    target.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {target}: {len(data['features'])} features, {data['meta']['units']} training units")


if __name__ == "__main__":
    main()
