"""Throughput of tonecheck against plain spaCy, measured in one run on the same corpus.

Prints words/second of ``Checker.check_many`` and of ``spacy.load(model).pipe`` with all default components,
their ratio (target >= 1.5, issue 16), single-message ``check`` latency p50/p99, and cold start (a fresh
interpreter: import + first check).

    python benchmarks/throughput.py [--drafts 2000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

import spacy

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import drafts, word_count

import tonecheck
from tonecheck.engine.pipeline import resolve_model


def best_rate(run, texts: list[str], rounds: int) -> float:  # type: ignore[no-untyped-def]
    """Words/s of the fastest of ``rounds`` runs (the machine is noisy; the best run is the least disturbed)."""
    words = word_count(texts)
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        run(texts)
        best = min(best, time.perf_counter() - start)
    return words / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--drafts", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    texts = drafts(args.drafts)
    model = resolve_model()

    checker = tonecheck.Checker()
    plain = spacy.load(model)
    list(checker.check_many(texts[:100]))  # warm up both
    list(plain.pipe(texts[:100]))

    # Alternate the two so drift in machine load hits both alike.
    ours, theirs = [], []
    for _ in range(args.rounds):
        ours.append(best_rate(lambda t: list(checker.check_many(t, batch_size=64)), texts, 1))
        theirs.append(best_rate(lambda t: list(plain.pipe(t, batch_size=64)), texts, 1))
    rate_ours, rate_plain = max(ours), max(theirs)
    print(f"model                      {model}  ({len(texts)} drafts, {word_count(texts) / len(texts):.0f} words each)")
    print(f"tonecheck pipeline         {' '.join(checker.nlp.pipe_names)}")
    print(f"spaCy default pipeline     {' '.join(plain.pipe_names)}")
    print(f"Checker.check_many         {rate_ours:8.0f} words/s")
    print(f"spacy.load(model).pipe     {rate_plain:8.0f} words/s")
    print(f"ratio                      {rate_ours / rate_plain:8.2f}x   (target >= 1.5, issue 16)")

    latencies = []
    for text in texts[:500]:
        start = time.perf_counter()
        checker.check(text)
        latencies.append((time.perf_counter() - start) * 1000)
    latencies.sort()
    p99 = latencies[int(len(latencies) * 0.99) - 1]
    print(f"check() latency            p50 {statistics.median(latencies):.1f} ms   p99 {p99:.1f} ms")

    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", "import tonecheck; tonecheck.check('Answer me right now!')"], check=True
    )
    print(f"cold start                 {time.perf_counter() - start:.2f} s (new interpreter: import + first check)")


if __name__ == "__main__":
    main()
