"""How far ``Checker.rewrite`` gets on labelled drafts (issue 10's figures).

    python benchmarks/rewrite_dev.py PATH.jsonl [PATH.jsonl ...] [--rules DIR ...] [--pairs 5]
    python benchmarks/rewrite_dev.py --paradetox PATH.jsonl [--limit 400]

For each file, of the messages a person labelled with a problem (non-empty ``labels``) that tonecheck flags:
the share whose safe rewrite changes the text, the share that re-checks with no finding in the categories the
draft was flagged for, the quality gate's rejections by reason, the gate run again over every change that
was applied (defects in what is offered as safe; the target is 0) and over every suggestion ``check`` offers
as safe (gated on its own sentences only), whether rewriting ever adds a finding or
changes on a second run, and the most frequent softener phrases with their share of rewrites.

With ``--paradetox``: the toxic sentences that address the reader ("you"/"your") and that tonecheck flags,
each rewritten, scored with chrF (sacrebleu) against the human neutral rewrites, beside two baselines: the
draft unchanged, and the draft with the flagged words deleted.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from tonecheck import Checker
from tonecheck.rewrite.gate import defects
from tonecheck.rewrite.phrasebook import phrasebook


def _phrases() -> list[str]:
    book = phrasebook()
    found = [p for options in book.softeners.values() for p in options if p]
    found += [p for options in book.reply_invitations.values() for p in options]
    return sorted(set(found), key=len, reverse=True)


def dev(checker: Checker, path: Path, pairs: int, unchanged: int = 0) -> None:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    labelled = [row for row in rows if row.get("labels")]
    flagged = changed = clean = cleaner = added = unstable = offered_defects = check_defects = check_safe = 0
    rejections: Counter[str] = Counter()
    phrases: Counter[str] = Counter()
    shown: list[tuple[str, str]] = []
    left: Counter[str] = Counter()  # rules of the flagged drafts the safe rewrite left unchanged
    left_shown: list[tuple[str, list[str]]] = []
    known = _phrases()
    for row in labelled:
        result = checker.rewrite(row["text"])
        if not result.before.findings:
            continue
        flagged += 1
        # what check offers as safe (gated on its sentences), gated again over the whole draft
        for suggestion in {s for f in result.before.findings for s in f.suggestions if s.safety == "safe"}:
            check_safe += 1
            check_defects += bool(
                defects(result.original, suggestion.start, suggestion.end, suggestion.replacement, checker._parse_only)
            )
        # safe suggestions check's gate offered as review instead, by the whole-draft gate's reason
        offered = {(s.start, s.end, s.replacement) for f in result.before.findings for s in f.suggestions}
        offered_safe = {
            (s.start, s.end, s.replacement) for f in result.before.findings for s in f.suggestions if s.safety == "safe"
        }
        for finding in checker._check(row["text"], None, None, gate=False).findings:
            for s in finding.suggestions:
                key = (s.start, s.end, s.replacement)
                if s.safety == "safe" and key in offered and key not in offered_safe:
                    offered_safe.add(key)  # count each once
                    reasons = defects(result.original, s.start, s.end, s.replacement, checker._parse_only)
                    rejections.update(reasons or ["past the per-draft bound or window-only"])
        for rejection in result.rejected:
            rejections.update(rejection.reasons)
        if not result.changed:
            rules = sorted({f.rule_id for f in result.before.findings})
            left.update(rules)
            if len(left_shown) < unchanged:
                left_shown.append((result.original, rules))
            continue
        changed += 1
        categories = {f.category for f in result.before.findings}
        clean += not any(f.category in categories for f in result.report.findings)
        cleaner += len(result.report.findings) < len(result.before.findings)
        before_ids = {f.rule_id for f in result.before.findings}
        added += any(f.rule_id not in before_ids for f in result.report.findings)
        unstable += checker.rewrite(result.text).text != result.text
        for change in result.changes:
            if change.safety == "safe":
                offered_defects += bool(
                    defects(result.original, change.start, change.end, change.replacement, checker._parse_only)
                )
        inserted = " ".join(c.replacement for c in result.changes).lower()
        for phrase in known:
            if phrase.lower().rstrip(".?!") in inserted:
                phrases[phrase] += 1
                inserted = inserted.replace(phrase.lower().rstrip(".?!"), " ")
        if len(shown) < pairs:
            shown.append((result.original, result.text))

    def ratio(part: int, whole: int) -> str:
        return f"{part}/{whole} = {part / whole:.2f}" if whole else f"{part}/0"

    print(f"file: {path}")
    print(f"  labelled with a problem: {len(labelled)}, flagged by tonecheck: {flagged}")
    print(f"  flagged drafts changed by the safe rewrite:      {ratio(changed, flagged)}   (target >= 0.70)")
    print(f"  re-check clean in the flagged categories:        {ratio(clean, flagged)}   (target >= 0.50)")
    print(f"  rewrites with fewer findings:                    {ratio(cleaner, changed)} of changed")
    print(f"  gate defects in applied safe changes:            {offered_defects}   (target 0)")
    print(f"  gate defects in check's safe suggestions:        {check_defects} of {check_safe}   (whole-draft gate)")
    print(f"  rewrites adding a new rule's finding: {added}; changing again on a second run: {unstable}")
    reasons = ", ".join(f"{r} {n}" for r, n in rejections.most_common()) or "none"
    print(f"  gate rejections by reason (check's offer and the rewrite's): {reasons}")
    print("  softener phrases (share of changed drafts; target: none above 0.20):")
    for phrase, count in phrases.most_common(8):
        print(f"    {count / changed if changed else 0:.2f}  {phrase}")
    for before, after in shown:
        print(f"  - {before!r}\n    -> {after!r}")
    if unchanged:
        print(
            "  rules flagging the drafts left unchanged (drafts):", ", ".join(f"{r} {n}" for r, n in left.most_common())
        )
        for text, rules in left_shown:
            print(f"  = {' '.join(rules)}: {text!r}")
    print()


_YOU = re.compile(r"\b(you|your|you're|yours|u|ur)\b", re.IGNORECASE)


def paradetox(checker: Checker, path: Path, limit: int, by_suggestion: int = 0) -> None:
    from sacrebleu.metrics import CHRF

    references: dict[str, list[str]] = defaultdict(list)
    toxic: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        references[row["toxic_id"]].append(row["neutral"])
        toxic[row["toxic_id"]] = row["toxic"]
    drafts, rewrites, deleted, refs = [], [], [], []
    titles: list[list[str]] = []
    for key, text in toxic.items():
        if len(drafts) >= limit:
            break
        if not _YOU.search(text):
            continue
        result = checker.rewrite(text)
        if not result.before.findings:
            continue
        spans = sorted({(f.start, f.end) for f in result.before.findings})
        kept, cursor = [], 0
        for start, end in spans:
            if start >= cursor:
                kept.append(text[cursor:start])
                cursor = end
        kept.append(text[cursor:])
        drafts.append(text)
        rewrites.append(result.text)
        titles.append(sorted({t for change in result.changes for t in change.titles}))
        deleted.append(" ".join("".join(kept).split()))
        refs.append(references[key])
    width = max(len(r) for r in refs)
    streams = [[r[i] if i < len(r) else r[0] for r in refs] for i in range(width)]
    chrf = CHRF()
    print(f"ParaDetox: {len(drafts)} toxic sentences addressing the reader and flagged by tonecheck ({path})")
    print(f"  chrF rewrite:                    {chrf.corpus_score(rewrites, streams).score:.1f}")
    print(f"  chrF draft unchanged:            {chrf.corpus_score(drafts, streams).score:.1f}")
    print(f"  chrF flagged words deleted:      {chrf.corpus_score(deleted, streams).score:.1f}")
    print(f"  rewritten (text changed):        {sum(a != b for a, b in zip(drafts, rewrites, strict=True))}")
    if by_suggestion:
        # sentence chrF of the rewrite minus the draft's, summed over the sentences each suggestion title
        # (one transform or rule wording) took part in: which ones lose against the human rewrites
        delta: dict[str, list[float]] = defaultdict(list)
        for draft, rewritten, names, ref in zip(drafts, rewrites, titles, refs, strict=True):
            if draft == rewritten:
                continue
            gain = chrf.sentence_score(rewritten, ref).score - chrf.sentence_score(draft, ref).score
            for name in names:
                delta[name].append(gain)
            if by_suggestion > 1:
                print(f"    {gain:+6.1f} {names}: {draft!r}\n           -> {rewritten!r}\n           ref {ref[0]!r}")
        print("  sentence chrF gained over the draft, by suggestion title (sum / sentences):")
        for name, gains in sorted(delta.items(), key=lambda item: sum(item[1])):
            print(f"    {sum(gains):+7.1f} / {len(gains):3d}  {name}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", type=Path, nargs="*", help="JSONL with 'text' and 'labels' on each line")
    parser.add_argument("--rules", action="append", help="rule files or folders (default: the shipped rules)")
    parser.add_argument("--pairs", type=int, default=3, help="before/after pairs to print per file")
    parser.add_argument("--paradetox", type=Path, help="ParaDetox JSONL (toxic_id, toxic, neutral)")
    parser.add_argument("--limit", type=int, default=400, help="ParaDetox sentences to score")
    parser.add_argument(
        "--unchanged", type=int, default=0, help="list the rules of flagged drafts left unchanged, and N of them"
    )
    parser.add_argument(
        "--by-suggestion",
        action="count",
        default=0,
        help="ParaDetox: chrF gained per suggestion title (twice: every changed sentence with its reference)",
    )
    args = parser.parse_args(argv)
    checker = Checker(rules=args.rules)
    for path in args.paths:
        dev(checker, path, args.pairs, args.unchanged)
    if args.paradetox is not None:
        paradetox(checker, args.paradetox, args.limit, args.by_suggestion)
    return 0


if __name__ == "__main__":
    sys.exit(main())
