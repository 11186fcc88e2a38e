"""Share of kind or neutral texts in the external corpora that get a finding, per category.

The risk of broader pressuring, manipulation and non-apology rules is flagging ordinary polite requests,
scheduling mail and friendly negotiation. This prints, for texts people wrote without that intent, how many
get any finding, and any finding of each category:

- CaSiNo: every utterance of the campsite negotiation chats (friendly, cooperative);
- offers: the warm offers only;
- receptiveness: the more receptive half (by the human score);
- politeness transfer: the lines that already carry "please" or "could you" (polite requests).

    python benchmarks/kind_flags.py ../shared/data/external [--save flags.json]

``--save`` writes every text with its findings, so two runs (before and after a rule change) can be diffed.
"""

from __future__ import annotations

import argparse
import collections
import json
from pathlib import Path

from tonecheck.api import Checker


def load(folder: Path, name: str) -> list[dict[str, object]]:
    with (folder / name).open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def corpora(folder: Path) -> dict[str, list[str]]:
    receptive = sorted(load(folder, "receptiveness.jsonl"), key=lambda row: float(str(row["score"])))
    polite = [
        str(row["text_detok"])
        for row in load(folder, "politeness_transfer.jsonl")
        if "please" in str(row["text_detok"]).lower() or "could you" in str(row["text_detok"]).lower()
    ]
    return {
        "casino (all utterances)": [str(row["text"]) for row in load(folder, "casino.jsonl")],
        "offers (warm)": [str(row["text"]) for row in load(folder, "offers.jsonl") if row["label"] == "warm"],
        "receptiveness (top half)": [str(row["text"]) for row in receptive[len(receptive) // 2 :]],
        "politeness transfer (please/could you)": polite,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="the shared data/external folder")
    parser.add_argument("--save", type=Path, help="write every text with its findings here (JSON)")
    args = parser.parse_args()
    checker = Checker()
    saved: dict[str, list[list[object]]] = {}
    print(f"{'corpus':42s} {'n':>5s} {'any':>6s}  per category")
    for name, texts in corpora(args.folder).items():
        per_category: collections.Counter[str] = collections.Counter()
        flagged = 0
        rows: list[list[object]] = []
        for text, report in zip(texts, checker.check_many(texts), strict=True):
            categories = {finding.category for finding in report.findings}
            per_category.update(categories)
            flagged += bool(categories)
            rows.append([text, [f"{finding.rule_id}:{finding.text}" for finding in report.findings]])
        n = len(texts)
        shares = " ".join(f"{category}={count / n:.1%}" for category, count in sorted(per_category.items()))
        print(f"{name:42s} {n:5d} {flagged / n:6.1%}  {shares}", flush=True)
        saved[name] = rows
    if args.save:
        args.save.write_text(json.dumps(saved, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
