"""Per labelled file: P/R per category, kind drafts (no label) with any finding, and which rules flagged them.

    python benchmarks/kind_lookalikes.py FILE... [--texts] [--misses]

``--texts`` prints each flagged kind draft with its rule ids and matched words (do not use it on kept-back
files: count, don't read); ``--misses`` prints labelled drafts whose predicted categories differ.
"""

from __future__ import annotations

import collections
import json
import sys

from tonecheck.api import Checker
from tonecheck.devtools.evaluate import normalise_label

CATEGORIES = ["pressuring", "blaming", "missing-i-statement", "desperation", "manipulation", "non-apology"]


def ratio(part: int, whole: int) -> str:
    return f"{part / whole:.2f}" if whole else "nan"


def main() -> None:
    show = "--texts" in sys.argv
    misses = "--misses" in sys.argv
    files = [a for a in sys.argv[1:] if not a.startswith("--")]
    checker = Checker()
    for name in files:
        with open(name, encoding="utf-8") as lines:
            rows = [json.loads(line) for line in lines]
        tp: collections.Counter[str] = collections.Counter()
        fp: collections.Counter[str] = collections.Counter()
        fn: collections.Counter[str] = collections.Counter()
        kind = flagged = 0
        rules: collections.Counter[str] = collections.Counter()
        out: list[str] = []
        for row, report in zip(rows, checker.check_many([r["text"] for r in rows]), strict=True):
            gold = {normalise_label(label) for label in row["labels"]}
            predicted = {f.category for f in report.findings}
            for c in CATEGORIES:
                if c in gold and c in predicted:
                    tp[c] += 1
                elif c in predicted:
                    fp[c] += 1
                elif c in gold:
                    fn[c] += 1
            ids = sorted({f.rule_id for f in report.findings})
            if not gold:
                kind += 1
                if predicted:
                    flagged += 1
                    rules.update(ids)
                    if show:
                        words = [f.text for f in report.findings]
                        out.append(f"  KIND {row['id']} {ids} {words} | {row['text'][:150]!r}")
            elif misses and gold != predicted:
                out.append(f"  MISS {row['id']} gold={sorted(gold)} pred={sorted(predicted)} {ids}")
        print(f"== {name}")
        scores = [f"{c[:6]} {ratio(tp[c], tp[c] + fp[c])}/{ratio(tp[c], tp[c] + fn[c])}" for c in CATEGORIES]
        print("  " + "  ".join(scores))
        print(f"  kind flagged {flagged}/{kind}  rules: {dict(rules.most_common())}")
        for line in out:
            print(line)


if __name__ == "__main__":
    main()
