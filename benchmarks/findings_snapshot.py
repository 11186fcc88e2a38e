"""Snapshot of every finding on a fixed set of drafts, to prove a speed-up or refactoring changed none.

Drafts: ``../shared/data/dev/labeled_messages.jsonl`` when present, any JSONL file given with ``--drafts`` (a
development half kept outside the repository, say), ``benchmarks/data/*.jsonl``, the kinds suites and rewrite
cases under ``tests/data/``, every rule's examples, and the throughput corpus. Each draft is checked through
``check_many`` and (the first 300) through ``check``; a line a report holds rule, start, end, message and
suggestions of each finding.

    python benchmarks/findings_snapshot.py OUT.jsonl [--preview] [--drafts FILE ...]  # take a snapshot
    python benchmarks/findings_snapshot.py OUT.jsonl --compare REF.jsonl  # and say how it differs from REF

Take REF from main's code (``git stash`` or another worktree) on the same tree of rules and data: a rule or
example change moves findings on purpose, a speed change must not.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import yaml

from tonecheck import Checker
from tonecheck.loader import load_rules

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from corpus import drafts as corpus_drafts  # noqa: E402

DEV_FILES = [ROOT.parent / "shared/data/dev/labeled_messages.jsonl"]


def _strings(data: Any) -> Iterator[str]:
    """Every draft in a test-data YAML tree: strings in lists, and ``text`` values."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "text" and isinstance(value, str):
                yield value
            else:
                yield from _strings(value)
    elif isinstance(data, list):
        for item in data:
            if isinstance(item, str):
                yield item
            else:
                yield from _strings(item)


def snapshot_drafts(extra: Sequence[Path] = ()) -> list[tuple[str, str]]:
    """``(source, text)`` of every draft, in a fixed order, without duplicates."""
    found: dict[str, str] = {}

    def add(source: str, text: str) -> None:
        found.setdefault(text, source)

    seen_files = set()
    for file in [*DEV_FILES, *extra, *sorted((ROOT / "benchmarks/data").glob("*.jsonl"))]:
        if not file.exists() or file.resolve() in seen_files:
            continue
        seen_files.add(file.resolve())
        for line in file.read_text(encoding="utf-8").splitlines():
            if line.strip():
                add(file.name, json.loads(line)["text"])
    for file in sorted((ROOT / "tests/data").rglob("*.yml")):
        for text in _strings(yaml.safe_load(file.read_text(encoding="utf-8"))):
            add(file.name, text)
    for rule in load_rules():
        for example in rule.examples.flagged:
            add(f"rule {rule.id}", example.text)
        for text in rule.examples.ok:
            add(f"rule {rule.id}", text)
    for text in corpus_drafts(300):
        add("corpus", text)
    return [(source, text) for text, source in found.items()]


def findings(report: Any) -> list[Any]:
    return [
        [f.rule_id, f.start, f.end, f.message, [s.model_dump() for s in f.suggestions]] for f in report.findings
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out")
    parser.add_argument("--preview", action="store_true")
    parser.add_argument("--compare", metavar="REF")
    parser.add_argument("--drafts", type=Path, action="append", default=[], help="another JSONL file of drafts")
    args = parser.parse_args()
    items = snapshot_drafts(args.drafts)
    checker = Checker(preview=args.preview)
    with open(args.out, "w", encoding="utf-8") as out:
        for (source, text), report in zip(items, checker.check_many(text for _, text in items), strict=True):
            out.write(json.dumps({"via": "check_many", "source": source, "text": text, "findings": findings(report)}))
            out.write("\n")
        for source, text in items[:300]:
            report = checker.check(text)
            out.write(json.dumps({"via": "check", "source": source, "text": text, "findings": findings(report)}))
            out.write("\n")
    print(f"{len(items)} drafts -> {args.out}")
    if args.compare:
        mine = Path(args.out).read_text(encoding="utf-8").splitlines()
        ref = Path(args.compare).read_text(encoding="utf-8").splitlines()
        differ = [(a, b) for a, b in zip(ref, mine, strict=False) if a != b]
        if len(mine) != len(ref):
            print(f"DIFFERENT: {len(ref)} lines in {args.compare}, {len(mine)} here")
        for a, b in differ[:20]:
            print("REF ", a[:400])
            print("NOW ", b[:400])
        print(f"{len(differ)} of {len(ref)} reports differ" if differ else "identical")
        if differ or len(mine) != len(ref):
            sys.exit(1)


if __name__ == "__main__":
    main()
