"""Recall and false flags per KIND of pressuring, desperation, manipulation and non-apology (tests/data/kinds).

The files of those four categories (``pressuring.yml``, ``desperation.yml``, ``manipulation.yml``,
``non-apology.yml``; blaming and missing-i-statement have ``benchmarks/kinds_suite.py``) each name a
category, a few kinds of that category (each a list of drafts that should get a finding of that category)
and kind look-alikes (drafts of the same shape that should get no finding at all). This prints, per kind,
how many drafts got a finding of the category, and per look-alike kind how many got any finding (with the
rule ids), so a rule change can be judged by kind rather than by sentence.

    python benchmarks/kinds_by_category.py [tests/data/kinds] [--show-misses] [--show-flags]
"""

from __future__ import annotations

import argparse
import collections
from pathlib import Path

import yaml

from tonecheck.api import Checker

HERE = Path(__file__).resolve().parent.parent / "tests" / "data" / "kinds"


def load(folder: Path) -> list[dict[str, object]]:
    suites = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.yml"))]
    return [suite for suite in suites if "category" in suite and "lookalikes" in suite]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, nargs="?", default=HERE)
    parser.add_argument("--show-misses", action="store_true", help="print the drafts a kind misses")
    parser.add_argument("--show-flags", action="store_true", help="print the look-alikes that got a finding")
    args = parser.parse_args()
    checker = Checker()
    totals: collections.Counter[str] = collections.Counter()
    for suite in load(args.folder):
        category = str(suite["category"])
        print(f"== {category}")
        kinds: dict[str, list[str]] = suite["kinds"]  # type: ignore[assignment]
        for kind, texts in kinds.items():
            reports = list(checker.check_many(texts))
            hits = [any(f.category == category for f in r.findings) for r in reports]
            totals["flagged"] += len(texts)
            totals["caught"] += sum(hits)
            print(f"  {kind:28s} recall {sum(hits):2d}/{len(texts):2d} = {sum(hits) / len(texts):.2f}")
            if args.show_misses:
                for text, hit, report in zip(texts, hits, reports, strict=True):
                    if not hit:
                        other = ",".join(sorted({f.rule_id for f in report.findings}))
                        print(f"      MISS {text!r} {other}")
        lookalikes: dict[str, list[str]] = suite.get("lookalikes", {})  # type: ignore[assignment]
        for kind, texts in lookalikes.items():
            reports = list(checker.check_many(texts))
            flagged = [r for r in reports if r.findings]
            rules = collections.Counter(f.rule_id for r in flagged for f in r.findings)
            totals["kind"] += len(texts)
            totals["kind_flagged"] += len(flagged)
            print(f"  ok:{kind:25s} flagged {len(flagged):2d}/{len(texts):2d}  {dict(rules) or ''}")
            if args.show_flags:
                for text, report in zip(texts, reports, strict=True):
                    if report.findings:
                        found = "; ".join(f"{f.rule_id}:{f.text}" for f in report.findings)
                        print(f"      FLAG {text!r} -> {found}")
    print(
        f"== all: recall {totals['caught']}/{totals['flagged']} = {totals['caught'] / totals['flagged']:.2f}; "
        f"look-alikes flagged {totals['kind_flagged']}/{totals['kind']} = {totals['kind_flagged'] / totals['kind']:.2f}"
    )


if __name__ == "__main__":
    main()
