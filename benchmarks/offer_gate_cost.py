"""What gating ``check``'s safe suggestions costs (``tonecheck.rewrite.offer``), in one run: CPU seconds of
``Checker.check_many`` with the gate and without it, alternated, on the throughput corpus
(``benchmarks/corpus.py``, where sentences repeat and the parse cache hits) and on drafts that do not repeat
(a fresh ``OfferGate`` per round, so its cache starts cold), with the parses the gate made per draft.
CPU time of this process, so other work on the machine disturbs it less than wall time.

    python benchmarks/offer_gate_cost.py [--drafts 300] [--rounds 2] [--jsonl FILE ...]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import drafts

import tonecheck
from tonecheck.rewrite.offer import OfferGate


class _Ungated:
    @staticmethod
    def findings(text, findings, sentences, doc=None):  # type: ignore[no-untyped-def]
        return findings


def measure(checker: tonecheck.Checker, texts: list[str], rounds: int) -> tuple[float, float, float]:
    """Best CPU seconds ungated, gated (cold cache each round), and the gate's parses per draft."""
    parses = 0

    def counting(text: str):  # type: ignore[no-untyped-def]
        nonlocal parses
        parses += 1
        return checker._parse_only(text)

    ungated, gated = float("inf"), float("inf")
    for _ in range(rounds):
        checker._offer_gate = _Ungated()  # type: ignore[assignment]
        start = time.process_time()
        list(checker.check_many(texts))
        ungated = min(ungated, time.process_time() - start)
        checker._offer_gate = OfferGate(counting)
        parses = 0
        start = time.process_time()
        list(checker.check_many(texts))
        gated = min(gated, time.process_time() - start)
    return ungated, gated, parses / len(texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--drafts", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--jsonl", nargs="*", default=[], help="files of {'text': ...} lines (drafts not repeating)")
    args = parser.parse_args()
    checker = tonecheck.Checker()
    sets = {"throughput corpus": drafts(args.drafts)}
    for name in args.jsonl:
        with open(name, encoding="utf-8") as lines:
            sets[Path(name).name] = [json.loads(line)["text"] for line in lines if line.strip()]
    list(checker.check_many(sets["throughput corpus"][:50]))  # warm up
    print(f"{'drafts':<28}{'n':>6}{'ungated s':>11}{'gated s':>9}{'cost':>8}{'parses/draft':>14}")
    for name, texts in sets.items():
        ungated, gated, parses = measure(checker, texts, args.rounds)
        print(f"{name:<28}{len(texts):>6}{ungated:>11.2f}{gated:>9.2f}{gated / ungated - 1:>+8.1%}{parses:>14.2f}")


if __name__ == "__main__":
    main()
