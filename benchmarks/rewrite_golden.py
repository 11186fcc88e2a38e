"""How close ``Checker.rewrite`` comes to the rewrites a careful editor would accept: exact match and chrF
(sacrebleu, a dev dependency) of the tool's rewrite against the ``reference`` of every golden draft that has
one (tests/data/rewrites.yml), overall and by category; and the same for the drafts left unchanged (the
"change nothing" baseline).

    python benchmarks/rewrite_golden.py [--file tests/data/rewrites.yml]
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

from sacrebleu.metrics import CHRF
from srsly import ruamel_yaml

from tonecheck import Checker


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--file", type=Path, default=Path(__file__).parents[1] / "tests" / "data" / "rewrites.yml")
    args = parser.parse_args(argv)
    cases = [c for c in ruamel_yaml.YAML(typ="safe").load(args.file.read_text("utf-8")) if "reference" in c]
    checker = Checker()
    chrf = CHRF()
    by_category: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for case in cases:
        out = checker.rewrite(case["text"]).text
        by_category[case.get("category", "?")].append((case["text"], out, case["reference"]))
        by_category["all"].append((case["text"], out, case["reference"]))
    print(f"golden drafts with a reference: {len(cases)} ({args.file})")
    print(f"{'category':<22}{'n':>5}{'exact':>8}{'chrF':>8}{'chrF unchanged':>16}")
    for category in sorted(by_category, key=lambda c: (c != "all", c)):
        rows = by_category[category]
        exact = sum(out.strip() == ref.strip() for _, out, ref in rows) / len(rows)
        score = chrf.corpus_score([out for _, out, _ in rows], [[ref for *_, ref in rows]]).score
        base = chrf.corpus_score([text for text, _, _ in rows], [[ref for *_, ref in rows]]).score
        print(f"{category:<22}{len(rows):>5}{exact:>8.2f}{score:>8.1f}{base:>16.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
