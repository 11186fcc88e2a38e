"""Recall and false flags per KIND of blame and missing "I" statement, on the hand-written kinds suite.

The suite (tests/data/kinds/*.yml) holds, per kind of tone (sarcasm at the reader, the reader as cause,
labels, rhetorical questions, vague culprits, comparisons, grievances told as plain events ...), drafts that
should be flagged and as many kind look-alikes that should not. It was written before the rules were tuned,
so its first figure is an honest one; later figures are development figures.

    python benchmarks/kinds_suite.py [--fresh | --fresh2] [--verbose] [--with-learned] [--save out.json]

--fresh measures tests/data/kinds/fresh.yml instead: a second batch written after the first round of rule
changes (each kind names its category); its misses were read after its first measurement. --fresh2 measures
fresh2.yml, a third batch written after the session's last rule change and never tuned on.

Recall: share of `flagged` drafts with a finding of the file's category (blaming.yml: blaming;
missing_i.yml: missing-i-statement; other_categories.yml holds only look-alikes from the other
categories). False flags: share of `ok` drafts with any blaming or missing-i-statement
finding. BL19 and IS05 (the learned second opinions) are left out unless --with-learned.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import yaml

from tonecheck.api import Checker

SUITE = Path(__file__).resolve().parent.parent / "tests" / "data" / "kinds"
CATEGORY = {"blaming.yml": "blaming", "missing_i.yml": "missing-i-statement", "other_categories.yml": "none"}
MINE = frozenset({"blaming", "missing-i-statement"})


def load(fresh: str | None = None) -> list[tuple[str, str, list[str], list[str]]]:
    """(file's category, kind, flagged drafts, ok drafts) for every kind of every suite file."""
    kinds = []
    if fresh:
        data = yaml.safe_load((SUITE / fresh).read_text(encoding="utf-8"))
        for kind, drafts in data["kinds"].items():
            kinds.append((drafts["category"], kind, list(drafts["flagged"]), list(drafts["ok"])))
        return kinds
    for name, category in CATEGORY.items():
        data = yaml.safe_load((SUITE / name).read_text(encoding="utf-8"))
        for kind, drafts in data["kinds"].items():
            kinds.append((category, kind, list(drafts.get("flagged", ())), list(drafts["ok"])))
    return kinds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list every miss and false flag")
    parser.add_argument("--fresh", action="store_true", help="measure the second batch (fresh.yml)")
    parser.add_argument("--fresh2", action="store_true", help="measure the third batch (fresh2.yml)")
    parser.add_argument("--with-learned", action="store_true", help="keep BL19/IS05 on")
    parser.add_argument("--save", type=Path, help="write every draft with its findings here (JSON)")
    args = parser.parse_args()
    checker = Checker(ignore=[] if args.with_learned else ["BL19", "IS05"])
    saved = []
    total = [0, 0, 0, 0]
    print(f"{'category':20s} {'kind':22s} {'recall':>9s} {'false flags':>12s}")
    for category, kind, flagged, ok in load("fresh.yml" if args.fresh else "fresh2.yml" if args.fresh2 else None):
        hits = 0
        false = 0
        for text, report in zip(flagged, checker.check_many(flagged), strict=True):
            found = sorted({f"{f.rule_id}" for f in report.findings if f.category == category})
            hits += bool(found)
            saved.append({"kind": kind, "want": category, "text": text, "found": found})
            if args.verbose and not found:
                others = sorted({f.rule_id for f in report.findings})
                print(f"   MISS  {text!r} {others}")
        for text, report in zip(ok, checker.check_many(ok), strict=True):
            found = sorted({f.rule_id for f in report.findings if f.category in MINE})
            false += bool(found)
            saved.append({"kind": kind, "want": None, "text": text, "found": found})
            if args.verbose and found:
                print(f"   FALSE {text!r} {found}")
        total = [total[0] + hits, total[1] + len(flagged), total[2] + false, total[3] + len(ok)]
        print(f"{category:20s} {kind:22s} {hits:3d}/{len(flagged):<3d}{'':2s} {false:5d}/{len(ok):<4d}")
    recall = total[0] / total[1] if total[1] else 0.0
    print(f"{'all':43s} {total[0]:3d}/{total[1]:<3d}   {total[2]:5d}/{total[3]:<4d}"
          f"  (recall {recall:.2f}, false flags {total[2] / total[3]:.2f})")
    if args.save:
        args.save.write_text(json.dumps(saved, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
