"""The learned signal alone on a labelled JSONL file: precision and recall per category at several thresholds.

    python benchmarks/learned_eval.py ../notes/dv2_even.jsonl [--or-predictions first_look.json]

A message counts as flagged for a category when one of its sentences scores at least the threshold (what the
rules using ``learned:`` see). ``--select BL19 IS05`` instead runs only those rules through the engine
(the learned rules with their structural gates), one row. ``--with-and-without BL19 IS05`` compares all rules
with all but those. ``--added BL19 IS05 MN10 NA08`` says what each of those learned rules adds beyond the
other shipped rules: the drafts it fired on and how many of them are labelled with its category, the drafts
where it fired and no other rule found its category and how many of those are labelled so, and how many kind
drafts it flagged. ``--or-predictions`` (JSON ``{id: [categories]}``,
e.g. an older rule set's output) adds "those predictions OR the learned signal" rows.
Figures and commands: docs/accuracy.md.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import srsly

from tonecheck.api import Checker
from tonecheck.engine import learned
from tonecheck.engine import signals as sig


def _category(label: str) -> str:
    name = label.replace("_", "-")
    return "missing-i-statement" if name == "missing-i" else name


def table(gold: list[set[str]], pred: list[set[str]], categories: tuple[str, ...], title: str) -> str:
    cells = []
    for c in categories:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if c in g and c in p)
        flagged = sum(1 for p in pred if c in p)
        support = sum(1 for g in gold if c in g)
        precision = f"{tp / flagged:.2f}" if flagged else "-"
        recall = f"{tp / support:.2f}" if support else "-"
        cells.append(f"{precision}/{recall}")
    kind = sum(1 for g, p in zip(gold, pred, strict=True) if not g and p)
    return f"| {title} | " + " | ".join(cells) + f" | {kind}/{sum(1 for g in gold if not g)} |"


def added(rows: list[dict[str, Any]], rule_ids: list[str]) -> None:
    # The baseline is every shipped rule but the ones measured (some are default rules now, some preview).
    default, preview = Checker(ignore=rule_ids, preview=True), Checker(preview=True)
    gold = [{_category(str(x)) for x in row["labels"]} for row in rows]
    before = [{f.category for f in default.check(str(row["text"])).findings} for row in rows]
    after = [preview.check(str(row["text"])).findings for row in rows]
    kind = sum(1 for g in gold if not g)
    print("| rule | fired | right / fired | added | right of added | precision of added | kind drafts flagged |")
    print("|---|---|---|---|---|---|---|")
    for rule_id in rule_ids:
        fired = [i for i, found in enumerate(after) if any(f.rule_id == rule_id for f in found)]
        if not fired:
            print(f"| {rule_id} | 0 | - | 0 | 0 | - | 0/{kind} |")
            continue
        category = next(f.category for f in after[fired[0]] if f.rule_id == rule_id)
        right_fired = sum(1 for i in fired if category in gold[i])
        new = [i for i in fired if category not in before[i]]
        right = sum(1 for i in new if category in gold[i])
        flagged_kind = sum(1 for i in fired if not gold[i])
        precision = f"{right / len(new):.2f}" if new else "-"
        print(
            f"| {rule_id} | {len(fired)} | {right_fired}/{len(fired)} = {right_fired / len(fired):.2f} | {len(new)} "
            f"| {right} | {precision} | {flagged_kind}/{kind} |"
        )
    kind_before = sum(1 for g, b in zip(gold, before, strict=True) if not g and b)
    kind_after = sum(1 for g, a in zip(gold, after, strict=True) if not g and a)
    print(f"kind drafts with any finding: without these rules {kind_before}/{kind}, with them {kind_after}/{kind}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--thresholds", type=float, nargs="*", default=[0.75, 0.8, 0.85, 0.9])
    parser.add_argument("--categories", nargs="*", help="only these categories (default: all)")
    parser.add_argument("--or-predictions", type=Path)
    parser.add_argument("--select", nargs="*", help="run only these rules through the engine")
    parser.add_argument("--with-and-without", nargs="*", help="all rules, then all rules but these: two rows")
    parser.add_argument("--added", nargs="*", help="what these preview rules add beyond the default rules")
    args = parser.parse_args()
    if args.added:
        added(list(srsly.read_jsonl(args.file)), args.added)
        return
    rows = list(srsly.read_jsonl(args.file))
    checker = Checker(select=args.select) if args.select else Checker()
    model = learned.default_model()
    scores = []
    with checker.nlp.select_pipes(disable=[checker.component.name]):
        for doc in checker.nlp.pipe(row["text"] for row in rows):
            sents = list(doc.sents)
            per_sentence = model.score_sentences(sents, [sig.sentiment(s.text) for s in sents])
            scores.append({c: max((s[c] for s in per_sentence), default=0.0) for c in model.categories})
    categories = tuple(args.categories or model.categories)
    gold = [{_category(x) for x in row["labels"]} for row in rows]
    other = json.loads(args.or_predictions.read_text()) if args.or_predictions else None
    print("| | " + " | ".join(categories) + " | kind drafts flagged |")
    print("|---" * (len(categories) + 2) + "|")
    if other is not None:
        before = [{_category(x) for x in other[row["id"]]} for row in rows]
        print(table(gold, before, categories, "given predictions"))
    if args.with_and_without:
        # preview on: the learned rules are preview rules, off by default
        everything = Checker(preview=True)
        for title, chosen in (("all rules", everything), ("without " + " ".join(args.with_and_without), None)):
            chosen = chosen or Checker(ignore=args.with_and_without, preview=True)
            found = [{f.category for f in chosen.check(row["text"]).findings} for row in rows]
            print(table(gold, found, categories, title))
        return
    if args.select:
        found = [{f.category for f in checker.check(row["text"]).findings} for row in rows]
        print(table(gold, found, categories, "rules " + " ".join(args.select)))
        if other is not None:
            print(table(gold, [a | b for a, b in zip(found, before, strict=True)], categories, "given OR those rules"))
        return
    for th in args.thresholds:
        pred = [{c for c in categories if s[c] >= th} for s in scores]
        print(table(gold, pred, categories, f"learned >= {th}"))
        if other is not None:
            both = [a | b for a, b in zip(pred, before, strict=True)]
            print(table(gold, both, categories, f"given OR learned >= {th}"))


if __name__ == "__main__":
    main()
