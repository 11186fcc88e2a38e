"""tonecheck against human-labelled external data (the folder described by its README.md).

Prints, in one run with one Checker:

- receptiveness.jsonl: Spearman's rho of ``gentleness`` against the human receptiveness score, next to the
  rho of VADER's compound alone (the baseline gentleness has to beat), with 95% bootstrap intervals, and the
  flag rate per category by score quartile;
- offers.jsonl: ROC AUC of gentleness for warm over tough offers (phone, bowl, both), and precision/recall
  of "any pressuring finding" with tough as the positive class;
- paradetox.jsonl: the share of pairs where the toxic sentence is less gentle than its neutral rewrite
  (strictly, and <=, and the flip rate), macro-averaged over ``toxic_id``; also on the reader-addressed
  subset; and, from the findings themselves (issue 16): the share of reader-addressed toxic sentences with a
  blaming finding, and the share of pairs whose neutral rewrite gets fewer or milder findings;
- politeness_transfer.jsonl and casino.jsonl: flag rates (a recall probe for commands; false positives on
  friendly chat per strategy label).

This is a measurement, not a test: the data is not shipped with the project.

    python benchmarks/eval_external.py /path/to/data/external [--limit N] [--json out.json]
        [--only paradetox --half even|odd --show-misses N]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from tonecheck import Checker
from tonecheck.devtools.evaluate import roc_auc, spearman
from tonecheck.models import Report

_YOU = re.compile(r"\b(you|your|yours|u|ur|yourself)\b", re.IGNORECASE)


def read_jsonl(path: Path, limit: int | None) -> list[dict[str, Any]]:
    rows = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                rows.append(json.loads(line))
            if limit is not None and len(rows) >= limit:
                break
    return rows


def check_all(checker: Checker, texts: Sequence[str]) -> list[Report]:
    start = time.perf_counter()
    reports = list(checker.check_many(texts, batch_size=128))
    print(f"  (checked {len(texts)} texts in {time.perf_counter() - start:.1f} s)", file=sys.stderr)
    return reports


def bootstrap(
    xs: Sequence[float], ys: Sequence[float], stat: Callable[[Sequence[float], Sequence[float]], float | None]
) -> tuple[float, float]:
    """95% percentile interval of ``stat`` over 500 resamples (seeded, so reruns print the same)."""
    rng = random.Random(13)
    n = len(xs)
    values = []
    for _ in range(500):
        idx = [rng.randrange(n) for _ in range(n)]
        value = stat([xs[i] for i in idx], [ys[i] for i in idx])
        if value is not None:
            values.append(value)
    values.sort()
    return values[int(0.025 * len(values))], values[int(0.975 * len(values)) - 1]


def fmt(value: float | None) -> str:
    return "  -  " if value is None else f"{value:+.3f}"


def receptiveness(checker: Checker, folder: Path, limit: int | None) -> dict[str, Any]:
    rows = read_jsonl(folder / "receptiveness.jsonl", limit)
    reports = check_all(checker, [r["text"] for r in rows])
    scores = [float(r["score"]) for r in rows]
    gentle = [r.gentleness for r in reports]
    vader = [r.signals.sentiment for r in reports]
    result: dict[str, Any] = {
        "n": len(rows),
        "rho_gentleness": spearman(gentle, scores),
        "rho_vader": spearman(vader, scores),
        "ci_gentleness": bootstrap(gentle, scores, spearman),
        "ci_vader": bootstrap(vader, scores, spearman),
        "rho_difference_ci": bootstrap(
            list(range(len(rows))),
            scores,
            lambda idx, ys: _difference([gentle[int(i)] for i in idx], [vader[int(i)] for i in idx], ys),
        ),
    }
    # Flag rate per category by score quartile (lowest = least receptive).
    order = sorted(range(len(rows)), key=lambda i: scores[i])
    quartiles = [order[q * len(order) // 4 : (q + 1) * len(order) // 4] for q in range(4)]
    categories = sorted({c for r in reports for c in r.counts})
    result["flag_rate_by_quartile"] = {
        c: [sum(1 for i in part if c in reports[i].counts) / max(1, len(part)) for part in quartiles]
        for c in categories
    }
    print(f"\nreceptiveness.jsonl (n={result['n']}): Spearman's rho against the receptiveness score")
    lo, hi = result["ci_gentleness"]
    print(f"  gentleness        {fmt(result['rho_gentleness'])}   95% CI [{lo:+.3f}, {hi:+.3f}]")
    lo, hi = result["ci_vader"]
    print(f"  VADER compound    {fmt(result['rho_vader'])}   95% CI [{lo:+.3f}, {hi:+.3f}]   (baseline)")
    lo, hi = result["rho_difference_ci"]
    print(f"  difference        {fmt(_diff(result))}   95% CI [{lo:+.3f}, {hi:+.3f}]   (target: > 0)")
    print("  flag rate by score quartile (least -> most receptive):")
    for category, rates in result["flag_rate_by_quartile"].items():
        print(f"    {category:<22}" + "  ".join(f"{rate:5.1%}" for rate in rates))
    return result


def _difference(gentle: Sequence[float], vader: Sequence[float], ys: Sequence[float]) -> float | None:
    a, b = spearman(gentle, ys), spearman(vader, ys)
    return None if a is None or b is None else a - b


def _diff(result: dict[str, Any]) -> float | None:
    a, b = result["rho_gentleness"], result["rho_vader"]
    return None if a is None or b is None else a - b


def offers(checker: Checker, folder: Path, limit: int | None) -> dict[str, Any]:
    rows = read_jsonl(folder / "offers.jsonl", limit)
    reports = check_all(checker, [r["text"] for r in rows])
    result: dict[str, Any] = {"n": len(rows)}
    print(f"\noffers.jsonl (n={len(rows)}): warm vs tough opening offers")
    print(f"  {'scenario':<10}{'n':>5}{'AUC gentleness':>16}{'AUC VADER':>11}{'P(press.)':>11}{'R(press.)':>11}")
    for scenario in ("phone", "bowl", "all"):
        chosen = [(row, rep) for row, rep in zip(rows, reports, strict=True) if scenario in ("all", row["scenario"])]
        warm = [rep for row, rep in chosen if row["label"] == "warm"]
        tough = [rep for row, rep in chosen if row["label"] == "tough"]
        auc = roc_auc([r.gentleness for r in warm], [r.gentleness for r in tough])
        auc_vader = roc_auc([r.signals.sentiment for r in warm], [r.signals.sentiment for r in tough])
        flagged_tough = sum(1 for r in tough if "pressuring" in r.counts)
        flagged_warm = sum(1 for r in warm if "pressuring" in r.counts)
        precision = flagged_tough / (flagged_tough + flagged_warm) if flagged_tough + flagged_warm else None
        recall = flagged_tough / len(tough) if tough else None
        result[scenario] = {
            "n": len(chosen),
            "auc_gentleness": auc,
            "auc_vader": auc_vader,
            "pressuring_precision": precision,
            "pressuring_recall": recall,
            "warm_flagged_any": sum(1 for r in warm if r.findings) / max(1, len(warm)),
        }
        print(
            f"  {scenario:<10}{len(chosen):>5}{_num(auc):>16}{_num(auc_vader):>11}"
            f"{_num(precision):>11}{_num(recall):>11}"
        )
    print(f"  warm offers with any finding: {result['all']['warm_flagged_any']:.1%}")
    return result


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


_SEVERITY_WEIGHT = {"info": 1, "warning": 2, "error": 3}


def _harshness(report: Report) -> tuple[int, int]:
    """(number of findings, summed severity weight: info 1, warning 2, error 3)."""
    return len(report.findings), sum(_SEVERITY_WEIGHT[f.severity] for f in report.findings)


def _fewer_or_milder(toxic: tuple[int, int], neutral: tuple[int, int]) -> bool:
    """The neutral rewrite has fewer findings, or its findings weigh less."""
    return neutral[0] < toxic[0] or neutral[1] < toxic[1]


def _not_worse(toxic: tuple[int, int], neutral: tuple[int, int]) -> bool:
    return neutral[0] <= toxic[0] and neutral[1] <= toxic[1]


def paradetox(
    checker: Checker, folder: Path, limit: int | None, show_misses: int = 0, half: str | None = None
) -> dict[str, Any]:
    rows = read_jsonl(folder / "paradetox.jsonl", limit)
    if half is not None:
        # Split by the parity of the toxic sentence's number, so all rewrites of one sentence stay together:
        # rules are developed on one half and the other is only measured.
        parity = 0 if half == "even" else 1
        rows = [r for r in rows if int(str(r["toxic_id"]).rsplit("-", 1)[1]) % 2 == parity]
    texts = sorted({r["toxic"] for r in rows} | {r["neutral"] for r in rows})
    reports = dict(zip(texts, check_all(checker, texts), strict=True))
    gentleness = {text: report.gentleness for text, report in reports.items()}
    groups: dict[str, list[tuple[float, float]]] = defaultdict(list)
    addressed: set[str] = set()
    for row in rows:
        groups[row["toxic_id"]].append((gentleness[row["toxic"]], gentleness[row["neutral"]]))
        if _YOU.search(row["toxic"]):
            addressed.add(row["toxic_id"])

    def macro(ids: Iterable[str], test: Callable[[float, float], bool]) -> float:
        shares = [sum(1 for t, n in groups[i] if test(t, n)) / len(groups[i]) for i in ids]
        return sum(shares) / len(shares) if shares else float("nan")

    result: dict[str, Any] = {"pairs": len(rows), "toxic_sentences": len(groups)}
    print(f"\nparadetox.jsonl ({len(rows)} pairs, {len(groups)} toxic sentences; macro over toxic_id)")
    for name, ids in (("all", list(groups)), ("reader-addressed", sorted(addressed))):
        lower = macro(ids, lambda t, n: t < n)
        lower_eq = macro(ids, lambda t, n: t <= n)
        flip = macro(ids, lambda t, n: t > n)
        result[name] = {"toxic_ids": len(ids), "toxic_lower": lower, "toxic_lower_or_equal": lower_eq, "flip": flip}
        print(
            f"  {name:<17} n={len(ids):>6}  toxic less gentle {lower:6.1%}   <= {lower_eq:6.1%}   "
            f"flipped {flip:6.1%}   (target: less gentle >= 80%)"
        )
    result["findings"] = _paradetox_findings(rows, reports, show_misses)
    return result


def _paradetox_findings(rows: Sequence[dict[str, Any]], reports: dict[str, Report], show_misses: int) -> dict[str, Any]:
    """Issue 16's two figures, from findings rather than gentleness: (1) of the distinct toxic sentences that
    address the reader (you/your/yours/yourself/u/ur), the share with a blaming finding; (2) the share of
    pairs whose neutral rewrite gets fewer or milder findings than its toxic side (per pair, all pairs), also
    on the pairs whose toxic side has any finding, and the share where the rewrite is at least not worse."""
    toxic_texts = sorted({r["toxic"] for r in rows})
    addressed = [t for t in toxic_texts if _YOU.search(t)]
    blamed = [t for t in addressed if "blaming" in reports[t].counts]
    any_found = [t for t in addressed if reports[t].findings]
    share_blamed = len(blamed) / max(1, len(addressed))
    print(
        f"  reader-addressed toxic sentences with a blaming finding: {len(blamed)}/{len(addressed)} = "
        f"{share_blamed:.1%} (target >= 70%); with any finding: {len(any_found) / max(1, len(addressed)):.1%}"
    )
    pairs = [(_harshness(reports[r["toxic"]]), _harshness(reports[r["neutral"]])) for r in rows]
    flagged = [(t, n) for t, n in pairs if t[0] > 0]
    milder = sum(1 for t, n in pairs if _fewer_or_milder(t, n)) / max(1, len(pairs))
    milder_flagged = sum(1 for t, n in flagged if _fewer_or_milder(t, n)) / max(1, len(flagged))
    not_worse = sum(1 for t, n in pairs if _not_worse(t, n)) / max(1, len(pairs))
    print(
        f"  pairs whose neutral rewrite gets fewer or milder findings: {milder:.1%} of {len(pairs)} pairs "
        f"(target >= 90%); {milder_flagged:.1%} of the {len(flagged)} pairs whose toxic side has a finding; "
        f"neutral not worse (no more findings, no heavier): {not_worse:.1%}"
    )
    if show_misses:
        rng = random.Random(7)
        missed = [t for t in addressed if t not in set(blamed)]
        print(f"  a sample of reader-addressed toxic sentences with no blaming finding ({len(missed)} in all):")
        for text in rng.sample(missed, min(show_misses, len(missed))):
            found = ", ".join(f.rule_id for f in reports[text].findings) or "-"
            print(f"    [{found}] {text}")
    return {
        "reader_addressed_toxic": len(addressed),
        "reader_addressed_blaming": len(blamed),
        "reader_addressed_blaming_share": share_blamed,
        "pairs": len(pairs),
        "neutral_fewer_or_milder": milder,
        "pairs_toxic_flagged": len(flagged),
        "neutral_fewer_or_milder_when_toxic_flagged": milder_flagged,
        "neutral_not_worse": not_worse,
    }


def politeness(checker: Checker, folder: Path, limit: int | None) -> dict[str, Any]:
    rows = read_jsonl(folder / "politeness_transfer.jsonl", limit)
    reports = check_all(checker, [r["text_detok"] for r in rows])
    rate = sum(1 for r in reports if "pressuring" in r.counts) / max(1, len(reports))
    any_rate = sum(1 for r in reports if r.findings) / max(1, len(reports))
    print(f"\npoliteness_transfer.jsonl (n={len(rows)}, impolite requests): pressuring {rate:.1%}, any {any_rate:.1%}")
    return {"n": len(rows), "pressuring_rate": rate, "any_rate": any_rate}


def casino(checker: Checker, folder: Path, limit: int | None) -> dict[str, Any]:
    rows = read_jsonl(folder / "casino.jsonl", limit)
    reports = check_all(checker, [r["text"] for r in rows])
    by_label: dict[str, list[Report]] = defaultdict(list)
    for row, report in zip(rows, reports, strict=True):
        for label in row["labels"]:
            by_label[label].append(report)
    result: dict[str, Any] = {}
    print(f"\ncasino.jsonl (n={len(rows)}): share of utterances with any finding, per strategy label")
    for label, reps in sorted(by_label.items(), key=lambda kv: -len(kv[1])):
        rate = sum(1 for r in reps if r.findings) / len(reps)
        gentle = sum(r.gentleness for r in reps) / len(reps)
        result[label] = {"n": len(reps), "flag_rate": rate, "mean_gentleness": gentle}
        print(f"  {label:<22}{len(reps):>6}  flagged {rate:6.1%}   mean gentleness {gentle:.3f}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path, help="the external data folder (with receptiveness.jsonl etc.)")
    parser.add_argument("--limit", type=int, default=None, help="read at most N rows a file (quick runs)")
    parser.add_argument("--json", type=Path, default=None, help="also write every figure to this file")
    parser.add_argument(
        "--show-misses",
        type=int,
        default=0,
        help="print N reader-addressed ParaDetox sentences with no blaming finding",
    )
    parser.add_argument(
        "--half",
        choices=["even", "odd"],
        default=None,
        help="ParaDetox only: the pairs whose toxic_id number is even (development half) or odd (measured only)",
    )
    parser.add_argument(
        "--only", nargs="*", default=None, help="datasets to run: receptiveness offers paradetox politeness casino"
    )
    args = parser.parse_args()
    checker = Checker()
    runs = {
        "receptiveness": receptiveness,
        "offers": offers,
        "paradetox": paradetox,
        "politeness": politeness,
        "casino": casino,
    }
    results = {}
    for name, run in runs.items():
        if args.only is None or name in args.only:
            if name == "paradetox":
                results[name] = paradetox(checker, args.folder, args.limit, args.show_misses, args.half)
            else:
                results[name] = run(checker, args.folder, args.limit)
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
