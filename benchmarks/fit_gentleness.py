"""Fit the gentleness weights (``src/tonecheck/data/gentleness_weights.json``) on human ratings.

    python benchmarks/fit_gentleness.py ../shared/data/external [--write] [--cache features.json]
    python benchmarks/fit_gentleness.py --table     # only remake the weights table in docs/scoring.md

What it does, in one run:

1. Checks every text of three human-labelled corpora with the shipped rules and reads each sentence's
   factors exactly as the library scores them (``tonecheck.verdict.scoring.sentence_factors``): the
   politeness strategies, VADER's compound, findings by severity, swear words.
   - ``receptiveness.jsonl`` (Yeomans et al. 2020): label = receptiveness score above the median;
   - ``offers.jsonl`` (Jeong et al. 2019): label = warm;
   - ``paradetox.jsonl`` (Logacheva et al. 2022): label = the neutral rewrite (1) vs the toxic sentence (0).
   ``politeness_transfer.jsonl`` has no labels (every line is a sentence to be made politer), so it is not
   fitted on; ``docs/scoring.md`` reports how the score reads it.
2. Fits one plain L2-regularised logistic regression on the message's mean factor values, the three corpora
   weighted equally (numpy Newton steps; numpy comes with spaCy, so the script needs nothing else).
3. Cross-validates it: 5 folds (ParaDetox grouped by toxic sentence, so no sentence is in both halves);
   for each fold it fits on the other four and prints, on the held-out fold, receptiveness Spearman's rho,
   warm-over-tough AUC and the share of ParaDetox pairs where the toxic side is less gentle, each next to
   VADER's compound alone, for each ``harshest_share`` tried. Messages are scored the way the library
   scores them (mean of the sentences pulled towards the harshest).
4. Refits on everything and, with ``--write``, writes the weights file with where every number came from.
   The baseline (a sentence with no factor scores 0.95) and ``scale`` are calibration, not fitted: they do
   not change any ranking, only where the verdict thresholds fall.

Dev-only: the shipped library reads the weights file and never needs this script or the data.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from tonecheck import Checker
from tonecheck.devtools.evaluate import roc_auc, spearman
from tonecheck.engine import politeness
from tonecheck.verdict import scoring

ROOT = Path(__file__).resolve().parents[1]
WEIGHTS = ROOT / "src" / "tonecheck" / "data" / scoring.WEIGHTS_FILE
DOC = ROOT / "docs" / "scoring.md"
TABLE_START, TABLE_END = "<!-- weights table: made by benchmarks/fit_gentleness.py -->", "<!-- end of weights table -->"
STRATEGIES_START = "<!-- strategies table: made by benchmarks/fit_gentleness.py -->"
STRATEGIES_END = "<!-- end of strategies table -->"
FOLDS = 5
SHARES = tuple(float(v) for v in os.environ.get("FIT_SHARES", "0,0.25,0.5").split(","))
# The message's score leans on its harshest sentence by this share. Cross-validation (printed for each of
# SHARES) says any share loses rank agreement with people, so none: a harsh sentence is caught by the
# verdict's per-sentence check instead (docs/scoring.md).
CHOSEN_SHARE = 0.0
ALPHA = float(os.environ.get("FIT_ALPHA", "1e-4"))  # L2 penalty (on the weighted log-loss, corpora weighing 1)
# receptiveness, offers, ParaDetox: how much each corpus weighs in the fit (they sum to 1).
CORPUS_WEIGHT = tuple(float(v) for v in os.environ.get("FIT_CORPUS_WEIGHT", "0.34,0.33,0.33").split(","))
BASELINE = math.log(0.95 / 0.05)  # a sentence with no factor at all scores 0.95, as before the fit
SEED = 11


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


# --------------------------------------------------------------------------------------------------
# Features
# --------------------------------------------------------------------------------------------------

Sentences = list[dict[str, float]]  # one message: each sentence's factor values


def extract(checker: Checker, texts: Sequence[str], what: str) -> tuple[list[Sentences], list[float]]:
    """Each text's sentence factors and its message VADER compound (the baseline)."""
    start = time.perf_counter()
    feats: list[Sentences] = []
    vader: list[float] = []
    for text, report in zip(texts, checker.check_many(texts, batch_size=128), strict=True):
        scored = scoring.sentence_factors(report.findings, report.signals, text)
        feats.append([dict(s.values) for s in scored] or [{}])
        vader.append(report.signals.sentiment)
    print(f"  {what}: {len(texts)} texts in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    return feats, vader


def load(data: Path, cache: Path | None) -> dict[str, Any]:
    if cache is not None and cache.exists():
        return dict(json.loads(cache.read_text()))
    checker = Checker()
    out: dict[str, Any] = {}
    rec = read_jsonl(data / "receptiveness.jsonl")
    out["receptiveness"] = {"score": [r["score"] for r in rec]}
    out["receptiveness"]["feats"], out["receptiveness"]["vader"] = extract(
        checker, [r["text"] for r in rec], "receptiveness"
    )
    offers = read_jsonl(data / "offers.jsonl")
    out["offers"] = {"warm": [r["label"] == "warm" for r in offers], "scenario": [r["scenario"] for r in offers]}
    out["offers"]["feats"], out["offers"]["vader"] = extract(checker, [r["text"] for r in offers], "offers")
    pairs = read_jsonl(data / "paradetox.jsonl")
    toxic: dict[str, str] = {}
    for pair in pairs:
        toxic.setdefault(pair["toxic_id"], pair["toxic"])
    toxic_ids = list(toxic)
    feats, vader = extract(checker, [toxic[t] for t in toxic_ids], "paradetox toxic")
    n_feats, n_vader = extract(checker, [p["neutral"] for p in pairs], "paradetox neutral")
    out["paradetox"] = {
        "toxic_ids": toxic_ids,
        "toxic_feats": feats,
        "toxic_vader": vader,
        "pair_toxic": [p["toxic_id"] for p in pairs],
        "neutral_feats": n_feats,
        "neutral_vader": n_vader,
    }
    if cache is not None:
        cache.write_text(json.dumps(out))
    return out


# --------------------------------------------------------------------------------------------------
# Model
# --------------------------------------------------------------------------------------------------


def factor_names(data: dict[str, Any]) -> list[str]:
    names: set[str] = set()
    for key in ("feats",):
        for corpus in ("receptiveness", "offers"):
            for message in data[corpus][key]:
                for sentence in message:
                    names.update(sentence)
    for key in ("toxic_feats", "neutral_feats"):
        for message in data["paradetox"][key]:
            for sentence in message:
                names.update(sentence)
    # Every strategy gets a weight even if these corpora never show it (it then stays 0).
    names.update(f"strategy:{name}" for name in politeness.strategies())
    return sorted(names)


def mean_vector(message: Sentences, index: dict[str, int]) -> np.ndarray:
    vector = np.zeros(len(index))
    for sentence in message:
        for name, value in sentence.items():
            vector[index[name]] += value
    return vector / max(1, len(message))


# The direction of these factors is fixed in advance: by the advice the project encodes (a softener or a warm
# emoji never makes a message harsher; a finding, a swear word, an insult or a scornful emoji never makes it
# gentler) and by Danescu-Niculescu-Mizil et al. 2013's findings (direct questions, "you" openings,
# "actually / in fact", "please" opening a command and conjunction openings read as less polite; deference,
# greetings, hedges, "could you" and "please" inside a request as more). Where the corpora disagree (a quirk
# of how ParaDetox's rewrites or the tough offers were written, say), the weight is held at 0.
RAISES = ("strategy:softener", "strategy:warm-emoji", "strategy:gratitude", "strategy:apologizing",
          "strategy:i-feeling", "strategy:acknowledgement", "strategy:agreement", "strategy:hope",
          "strategy:deference", "strategy:greeting", "strategy:hedges", "strategy:counterfactual-modal",
          "strategy:please", "strategy:positive-words", "sentiment")  # fmt: skip
LOWERS = ("profanity", "finding:info", "finding:warning", "finding:error", "strategy:name-calling",
          "strategy:hostile-emoji", "strategy:disagreement", "strategy:command", "strategy:firm-limit",
          "strategy:direct-question", "strategy:second-person-start", "strategy:factuality",
          "strategy:please-start", "strategy:direct-start", "strategy:negative-words")  # fmt: skip
# No one use of a factor moves a sentence by more than this many log-odds (0.95 -> 0.61 for a neutral
# sentence). ParaDetox's rewrites remove every swear word, so unbounded the fit makes one swear word decide a
# message (-10); a friend's "that was fucking brilliant, thank you!" should be looked at, not rewritten.
BOUND = 2.5


# A factor used in fewer training messages than this cannot be fitted; its weight is set by hand (below) and
# the weights file says so. Judged from the advice and from the fitted weights of kindred factors.
MIN_SUPPORT = 50
HAND_WEIGHTS = {
    "strategy:hostile-emoji": -1.5,  # about a name-calling word's worth, less than an insult in words
    "strategy:softener": 1.0,  # the guides' "no pressure": close to a hedge or an acknowledgement
    "strategy:warm-emoji": 1.0,  # like a warm word; the fit on 42 messages said +2.3
    "strategy:indirect": 0.3,  # Danescu-Niculescu-Mizil et al. found "by the way" mildly polite
}


def support(data: dict[str, Any], keep: dict[str, Any] | None = None) -> dict[str, int]:
    """How many training messages use each factor."""
    counts: dict[str, int] = defaultdict(int)
    messages = [*data["receptiveness"]["feats"], *data["offers"]["feats"]]
    messages += [*data["paradetox"]["toxic_feats"], *data["paradetox"]["neutral_feats"]]
    for message in messages:
        for name in {name for sentence in message for name in sentence}:
            counts[name] += 1
    return dict(counts)


def hand_set(data: dict[str, Any]) -> dict[str, float]:
    used = support(data)
    return {
        name: HAND_WEIGHTS.get(name, 0.0)
        for name in factor_names(data)
        if name != "sentiment" and used.get(name, 0) < MIN_SUPPORT
    }


def fit(
    x: np.ndarray, y: np.ndarray, weight: np.ndarray, group: np.ndarray, names: Sequence[str] = ()
) -> tuple[float, np.ndarray]:
    """L2-regularised logistic regression with one unpenalised intercept per corpus (``group``: the corpora's
    label balances differ, and only the shared slopes are kept). Factors in HAND keep their hand-set weight;
    a weight whose sign goes against RAISES or LOWERS is held at 0, one beyond BOUND at the bound, and the
    rest refitted until none is."""
    fixed: dict[int, float] = {i: HAND[name] for i, name in enumerate(names) if name in HAND}
    while True:
        intercept, beta = _newton(x, y, weight, group, fixed)
        changed = False
        for i, name in enumerate(names):
            if i in fixed:
                continue
            if (name in RAISES and beta[i] < 0) or (name in LOWERS and beta[i] > 0):
                fixed[i], changed = 0.0, True
            elif abs(beta[i]) > BOUND:
                fixed[i], changed = math.copysign(BOUND, beta[i]), True
        if not changed:
            return intercept, beta


HAND: dict[str, float] = {}  # filled by main(): the factors too rare to fit, with their hand-set weights


def _newton(
    x: np.ndarray, y: np.ndarray, weight: np.ndarray, group: np.ndarray, fixed: dict[int, float]
) -> tuple[float, np.ndarray]:
    """Newton's method; the ``fixed`` weights enter as an offset and come back as they were."""
    groups = int(group.max()) + 1
    free = [i for i in range(x.shape[1]) if i not in fixed]
    offset = np.zeros(len(x))
    for i, value in fixed.items():
        offset += value * x[:, i]
    design = np.hstack([np.eye(groups)[group], x[:, free]])
    beta = np.zeros(design.shape[1])
    penalty = np.full(design.shape[1], ALPHA)
    penalty[:groups] = 0.0
    weight = weight / weight.sum()
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-np.clip(design @ beta + offset, -60, 60)))
        gradient = design.T @ (weight * (p - y)) + penalty * beta
        hessian = (design * (weight * p * (1 - p))[:, None]).T @ design + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    slopes = np.zeros(x.shape[1])
    slopes[free] = beta[groups:]
    for i, value in fixed.items():
        slopes[i] = value
    return float(beta[:groups].mean()), slopes


def message_z(message: Sentences, w: dict[str, float], share: float) -> float:
    zs = [sum(w.get(name, 0.0) * value for name, value in sentence.items()) for sentence in message]
    return (1.0 - share) * sum(zs) / len(zs) + share * min(zs)


def folds_of(n: int, rng: random.Random) -> list[int]:
    order = list(range(n))
    rng.shuffle(order)
    fold = [0] * n
    for position, item in enumerate(order):
        fold[item] = position % FOLDS
    return fold


def training_rows(
    data: dict[str, Any], index: dict[str, int], keep: dict[str, Any]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Stacked (x, y, weight, corpus) of the rows ``keep`` selects; each corpus weighs ``CORPUS_WEIGHT``."""
    xs: list[np.ndarray] = []
    ys: list[float] = []
    ws: list[float] = []
    gs: list[int] = []

    def add(messages: list[Sentences], labels: list[float]) -> None:
        if not messages:
            return
        corpus = len(set(gs))
        for message, label in zip(messages, labels, strict=True):
            xs.append(mean_vector(message, index))
            ys.append(label)
            ws.append(CORPUS_WEIGHT[corpus] / len(messages))
            gs.append(corpus)

    rec = data["receptiveness"]
    median = float(np.median(rec["score"]))
    rows = [i for i in range(len(rec["score"])) if keep["receptiveness"](i)]
    add([rec["feats"][i] for i in rows], [float(rec["score"][i] > median) for i in rows])
    offers = data["offers"]
    rows = [i for i in range(len(offers["warm"])) if keep["offers"](i)]
    add([offers["feats"][i] for i in rows], [float(offers["warm"][i]) for i in rows])
    para = data["paradetox"]
    kept_ids = {t for t in para["toxic_ids"] if keep["paradetox"](t)}
    messages = [f for t, f in zip(para["toxic_ids"], para["toxic_feats"], strict=True) if t in kept_ids]
    messages += [f for t, f in zip(para["pair_toxic"], para["neutral_feats"], strict=True) if t in kept_ids]
    n_toxic = sum(1 for t in para["toxic_ids"] if t in kept_ids)
    add(messages, [0.0] * n_toxic + [1.0] * (len(messages) - n_toxic))
    return np.array(xs), np.array(ys), np.array(ws), np.array(gs)


def measure(data: dict[str, Any], w: dict[str, float], share: float, rows: dict[str, Any]) -> dict[str, float | None]:
    """The three target figures (and VADER's) on the rows ``rows`` selects."""
    rec = data["receptiveness"]
    idx = [i for i in range(len(rec["score"])) if rows["receptiveness"](i)]
    scores = [rec["score"][i] for i in idx]
    figures: dict[str, float | None] = {
        "receptiveness_rho": spearman([message_z(rec["feats"][i], w, share) for i in idx], scores),
        "receptiveness_rho_vader": spearman([rec["vader"][i] for i in idx], scores),
    }
    offers = data["offers"]
    idx = [i for i in range(len(offers["warm"])) if rows["offers"](i)]
    warm = [i for i in idx if offers["warm"][i]]
    tough = [i for i in idx if not offers["warm"][i]]
    figures["offers_auc"] = roc_auc(
        [message_z(offers["feats"][i], w, share) for i in warm],
        [message_z(offers["feats"][i], w, share) for i in tough],
    )
    figures["offers_auc_vader"] = roc_auc([offers["vader"][i] for i in warm], [offers["vader"][i] for i in tough])
    para = data["paradetox"]
    toxic_z = {
        t: (message_z(f, w, share), v)
        for t, f, v in zip(para["toxic_ids"], para["toxic_feats"], para["toxic_vader"], strict=True)
        if rows["paradetox"](t)
    }
    per_toxic: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    for t, f, v in zip(para["pair_toxic"], para["neutral_feats"], para["neutral_vader"], strict=True):
        if t in toxic_z:
            tz, tv = toxic_z[t]
            per_toxic[t].append((tz < message_z(f, w, share), tv < v))
    if per_toxic:
        figures["paradetox_less"] = sum(sum(a for a, _ in v) / len(v) for v in per_toxic.values()) / len(per_toxic)
        figures["paradetox_less_vader"] = sum(sum(b for _, b in v) / len(v) for v in per_toxic.values()) / len(
            per_toxic
        )
    return figures


def cross_validate(data: dict[str, Any], names: list[str]) -> dict[float, list[dict[str, float | None]]]:
    index = {name: i for i, name in enumerate(names)}
    rng = random.Random(SEED)
    fold = {
        "receptiveness": folds_of(len(data["receptiveness"]["score"]), rng),
        "offers": folds_of(len(data["offers"]["warm"]), rng),
    }
    para_ids = data["paradetox"]["toxic_ids"]
    para_fold = dict(zip(para_ids, folds_of(len(para_ids), rng), strict=True))
    results: dict[float, list[dict[str, float | None]]] = {share: [] for share in SHARES}
    for k in range(FOLDS):

        def rows(held_out: bool, k: int = k) -> dict[str, Any]:
            return {
                "receptiveness": lambda row, k=k: (fold["receptiveness"][row] == k) == held_out,
                "offers": lambda row, k=k: (fold["offers"][row] == k) == held_out,
                "paradetox": lambda t, k=k: (para_fold[t] == k) == held_out,
            }

        x, y, weight, group = training_rows(data, index, rows(False))
        _, beta = fit(x, y, weight, group, names)
        w = {name: HAND.get(name, float(beta[i])) for name, i in index.items()}
        for share in SHARES:
            results[share].append(measure(data, w, share, rows(True)))
    return results


def _fmt(value: float | None) -> str:
    return "    -" if value is None else f"{value:+.3f}" if value < 0 else f"{value:.3f}"


def print_cv(results: dict[float, list[dict[str, float | None]]]) -> dict[str, Any]:
    keys = [
        ("receptiveness_rho", "recept. rho"),
        ("offers_auc", "offers AUC"),
        ("paradetox_less", "ParaDetox less"),
    ]
    summary: dict[str, Any] = {}
    for share, folds in results.items():
        print(f"\nharshest_share = {share}  (held-out fold figures; VADER compound alone in brackets)")
        print("fold  " + "".join(f"{title:>24}" for _, title in keys))
        for k, figures in enumerate(folds):
            cells = [f"{_fmt(figures.get(key))} [{_fmt(figures.get(key + '_vader'))}]" for key, _ in keys]
            print(f"{k:>4}  " + "".join(f"{c:>24}" for c in cells))
        means = {}
        for key, _ in keys:
            for suffix in ("", "_vader"):
                values = [f[key + suffix] for f in folds if f.get(key + suffix) is not None]
                means[key + suffix] = sum(values) / len(values) if values else None  # type: ignore[arg-type]
        cells = [f"{_fmt(means[key])} [{_fmt(means[key + '_vader'])}]" for key, _ in keys]
        print("mean  " + "".join(f"{c:>24}" for c in cells))
        summary[str(share)] = {"folds": folds, "mean": means}
    return summary


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "data", type=Path, nargs="?", help="the external data folder (receptiveness, offers, paradetox)"
    )
    parser.add_argument("--cache", type=Path, help="keep the extracted factors here (reused if it exists)")
    parser.add_argument("--write", action="store_true", help=f"write {WEIGHTS.name}")
    parser.add_argument("--table", action="store_true", help="only rewrite the weights table in docs/scoring.md")
    parser.add_argument("--scale", type=float, default=1.0, help="calibration: multiplies every weight's effect")
    args = parser.parse_args(argv)
    if args.table:
        write_table()
        print(f"wrote the weights table in {DOC}")
        return 0
    if args.data is None and (args.cache is None or not args.cache.exists()):
        parser.error("give the external data folder (or a --cache file made before)")
    data = load(args.data, args.cache)
    names = factor_names(data)
    HAND.update(hand_set(data))
    used = support(data)
    print("set by hand (too rare to fit):", {name: (value, used.get(name, 0)) for name, value in HAND.items()})
    results = cross_validate(data, names)
    summary = print_cv(results)

    index = {name: i for i, name in enumerate(names)}
    everything = {"receptiveness": lambda i: True, "offers": lambda i: True, "paradetox": lambda t: True}
    x, y, weight, group = training_rows(data, index, everything)
    intercept, beta = fit(x, y, weight, group, names)
    w = {name: round(HAND.get(name, float(beta[i])), 4) for name, i in index.items()}
    in_sample = measure(data, w, CHOSEN_SHARE, everything)
    print("\nweights fitted on everything (log-odds per unit, sorted):")
    for name, value in sorted(w.items(), key=lambda item: item[1]):
        print(f"  {value:+.3f}  {name}")
    print("\nin-sample figures of the final weights (NOT held out):", {k: _fmt(v) for k, v in in_sample.items()})
    if args.write:
        write(w, intercept, summary, in_sample, data, args.scale)
        print(f"\nwrote {WEIGHTS}")
    if args.write:
        write_table()
        print(f"wrote the weights table in {DOC}")
    return 0


def weights_table(data: dict[str, Any]) -> str:
    """The Markdown table of every factor in the weights file, largest raise first."""
    rows = ["| factor | what it is | weight (log-odds) |", "|---|---|---:|"]
    for name, spec in sorted(data["factors"].items(), key=lambda item: -item[1]["weight"]):
        rows.append(f"| `{name}` | {spec['label']} | {spec['weight']:+.3f} |")
    return "\n".join(rows)


def strategies_table() -> str:
    rows = ["| strategy | what it is | source |", "|---|---|---|"]
    for name, strategy in politeness.strategies().items():
        rows.append(f"| `{name}` | {strategy.label} | {strategy.source} |")
    return "\n".join(rows)


def _replace_between(doc: str, start: str, end: str, table: str) -> str:
    head, _, rest = doc.partition(start)
    _, _, tail = rest.partition(end)
    return f"{head}{start}\n{table}\n{end}{tail}"


def write_table() -> None:
    """Remakes the strategies and weights tables in docs/scoring.md from the data files."""
    doc = DOC.read_text(encoding="utf-8")
    doc = _replace_between(doc, STRATEGIES_START, STRATEGIES_END, strategies_table())
    doc = _replace_between(doc, TABLE_START, TABLE_END, weights_table(json.loads(WEIGHTS.read_text(encoding="utf-8"))))
    DOC.write_text(doc, encoding="utf-8")


def write(
    w: dict[str, float],
    intercept: float,
    summary: dict[str, Any],
    in_sample: dict[str, float | None],
    data: dict[str, Any],
    scale: float,
) -> None:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
        ).stdout.strip()
    except OSError:
        commit = ""
    used = support(data)
    fitted = "fitted: benchmarks/fit_gentleness.py (logistic regression on receptiveness, offers, ParaDetox)"

    def source(name: str, used: dict[str, int]) -> str:
        n = used.get(name, 0)
        if name in HAND:
            return f"set by hand: used in {n} of the training messages, too few to fit (MIN_SUPPORT {MIN_SUPPORT})"
        if w[name] == 0.0 and (name in RAISES or name in LOWERS):
            return f"{fitted}; held at 0: the data gave it the sign the advice and the paper rule out ({n} messages)"
        if abs(w[name]) == BOUND:
            return f"{fitted}; held at the bound {BOUND} (the data asked for more; {n} messages)"
        return f"{fitted}; used in {n} messages"

    out = {
        "about": "Weights of tonecheck's gentleness score (tonecheck/verdict/scoring.py; docs/scoring.md). "
        "Each factor's weight is the change in log-odds of 'gentle' per unit of the factor in a sentence "
        "(per strategy use, per finding, per swear word; per unit of VADER compound for sentiment).",
        "fitted_by": "benchmarks/fit_gentleness.py",
        "fitted_on_commit": commit,
        "fitted_on": {
            "receptiveness.jsonl": f"{len(data['receptiveness']['score'])} replies (Yeomans et al. 2020, MIT); "
            "label: score above the median",
            "offers.jsonl": f"{len(data['offers']['warm'])} offers (Jeong et al. 2019, MIT); label: warm",
            "paradetox.jsonl": f"{len(data['paradetox']['toxic_ids'])} toxic sentences and "
            f"{len(data['paradetox']['neutral_feats'])} neutral rewrites (Logacheva et al. 2022, CC0); "
            "label: neutral rewrite",
            "weighting": f"receptiveness, offers, ParaDetox weigh {CORPUS_WEIGHT} in total",
            "regularisation": f"L2, alpha {ALPHA} (intercept not penalised)",
        },
        "baseline": round(BASELINE, 4),
        "baseline_source": "calibration: a sentence with no factor scores 0.95, as before the fit (the "
        f"fitted intercept {intercept:+.3f} only reflects the corpora's label balance)",
        "scale": scale,
        "scale_source": "calibration: multiplies every effect; 1.0 keeps the fitted log-odds",
        "harshest_share": CHOSEN_SHARE,
        "harshest_share_source": "chosen by cross-validation (figures for each share tried under "
        "'cross_validation'): leaning on the harshest sentence lowered agreement with people at every share "
        "tried, so the message's score is the mean of its sentences and the verdict checks each sentence",
        "caps": {"strategy": 2, "profanity": 3},
        "factors": {
            name: {"weight": value, "label": scoring.factor_label(name), "source": source(name, used)}
            for name, value in sorted(w.items())
        },
        "cross_validation": {
            "folds": FOLDS,
            "seed": SEED,
            "grouping": "ParaDetox by toxic sentence; the others by message",
            "by_harshest_share": summary,
        },
        "in_sample_figures": in_sample,
    }
    WEIGHTS.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
