"""How far ``Checker.rewrite`` gets on labelled drafts: of the messages a person labelled as pressuring,
blaming, etc. (non-empty ``labels``), how many tonecheck flags, how many get a safe rewrite, how many
re-check clean (or at least cleaner), and whether rewriting ever adds a finding or changes on a second run.

    python benchmarks/rewrite_dev.py PATH.jsonl [--rules DIR ...] [--pairs 5]

Prints counts with ratios, then before/after pairs (the first rewritten messages in file order).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from tonecheck import Checker
from tonecheck.rewrite.rewrite import compare


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", type=Path, help="JSONL with 'text' and 'labels' on each line")
    parser.add_argument("--rules", action="append", help="rule files or folders (default: the shipped rules)")
    parser.add_argument("--pairs", type=int, default=5, help="before/after pairs to print")
    args = parser.parse_args(argv)

    rows = [json.loads(line) for line in args.path.read_text(encoding="utf-8").splitlines() if line.strip()]
    labelled = [row for row in rows if row.get("labels")]
    checker = Checker(rules=args.rules)

    flagged = rewritten = clean = cleaner = added = unstable = 0
    changes = 0
    pairs: list[tuple[str, str, list[str], list[str]]] = []
    for row in labelled:
        result = checker.rewrite(row["text"])
        if not result.before.findings:
            continue
        flagged += 1
        if not result.changed:
            continue
        rewritten += 1
        changes += len(result.changes)
        clean += result.report.clean
        cleaner += len(result.report.findings) < len(result.before.findings)
        grew, _ = compare(result.before, result.report, 0, len(result.original), len(result.text))
        added += grew and any(
            f.rule_id not in {b.rule_id for b in result.before.findings} for f in result.report.findings
        )
        unstable += checker.rewrite(result.text).text != result.text
        if len(pairs) < args.pairs:
            before_ids = [f.rule_id for f in result.before.findings]
            after_ids = [f.rule_id for f in result.report.findings]
            pairs.append((result.original, result.text, before_ids, after_ids))

    def ratio(part: int, whole: int) -> str:
        return f"{part}/{whole} = {part / whole:.2f}" if whole else f"{part}/0"

    print(f"file: {args.path}")
    print(f"messages: {len(rows)}, labelled with a problem (non-empty labels): {len(labelled)}")
    print(f"  flagged by tonecheck:                 {ratio(flagged, len(labelled))}")
    print(f"  got a safe rewrite (text changed):    {ratio(rewritten, flagged)} of flagged")
    print(f"  rewrite re-checks clean:              {ratio(clean, flagged)} of flagged")
    print(f"                                        {ratio(clean, rewritten)} of rewritten")
    print(f"  rewrite has fewer findings:           {ratio(cleaner, rewritten)} of rewritten")
    print(f"  changes applied:                      {changes}")
    print(f"  rewrites that added a new rule's finding: {added}")
    print(f"  rewrites that change again on a second run: {unstable}")
    for index, (before, after, before_ids, after_ids) in enumerate(pairs, 1):
        print()
        print(f"[{index}] before ({', '.join(before_ids)}): {before}")
        print(f"    after  ({', '.join(after_ids) or 'clean'}): {after}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
