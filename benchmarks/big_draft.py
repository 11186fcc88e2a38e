"""Time and memory of one very large draft, and of hostile ones, through ``Checker.check``.

    python benchmarks/big_draft.py                 # 0.05, 0.5 and 5 MB drafts, then the hostile ones
    python benchmarks/big_draft.py --sizes 5 --no-hostile
    python benchmarks/big_draft.py --per-kb        # check and rewrite, seconds per KB at 4, 16 and 64 KB
    python benchmarks/big_draft.py --per-kb --kb 2 8   # the same at other sizes (a quick look)

Each run is a fresh process, so its peak RSS (``ru_maxrss``) is its own. Prints, per draft: characters,
findings, seconds, characters/s, peak RSS, and the RSS added over an empty check, per MB of draft. Long drafts
are parsed in chunks (``tonecheck.engine.chunking``), so the parser's working memory stays bounded; what still grows
with the draft is the joined Doc and the Report (findings, one signals entry a sentence).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys

SENTENCES = [
    "Hey, I hope you're doing well.",
    "You never listen to me.",
    "Why do you always forget my birthday?",
    "You hurt me by ignoring my calls.",
    "Answer me right now!",
    "I felt hurt when you didn't call.",
    "Let's talk about it this weekend if you have time.",
    "I need an answer today.",
    '"You never call," she said.',
    "I'm sorry, but you started it.",
]

CHILD = r"""
import json, resource, sys, time
from tonecheck import Checker
kind, size = sys.argv[1], float(sys.argv[2])
checker = Checker(max_chars=None)
checker.check("warm up: You never listen.")
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
text = sys.stdin.read()
start = time.perf_counter()
report = checker.check(text)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"kind": kind, "chars": len(text), "findings": len(report.findings), "seconds": seconds,
                  "peak_mb": peak / 1024, "added_mb": (peak - base) / 1024}))
"""


PER_KB_CHILD = r"""
import json, sys, time
from tonecheck import Checker
checker = Checker(max_chars=None)
checker.rewrite("warm up: You never listen. Answer me now!")
text = sys.stdin.read()
start, cpu = time.perf_counter(), time.process_time()
report = checker.check(text)
checked, check_cpu = time.perf_counter() - start, time.process_time() - cpu
start, cpu = time.perf_counter(), time.process_time()
result = checker.rewrite(text)
rewritten, rewrite_cpu = time.perf_counter() - start, time.process_time() - cpu
print(json.dumps({"chars": len(text), "findings": len(report.findings), "check": checked, "rewrite": rewritten,
                  "check_cpu": check_cpu, "rewrite_cpu": rewrite_cpu, "changes": len(result.changes)}))
"""

# Issue 12's drafts: the 13 KB rewrite that blocked the server, and check's quadratic-in-findings case.
PER_KB_DRAFTS = {
    "'You never listen to me. Answer me now!!! '": "You never listen to me. Answer me now!!! ",
    "'Answer me now!\\n'": "Answer me now!\n",
}


def per_kb(sizes_kb: tuple[int, ...] = (4, 16, 64)) -> None:
    """Check and rewrite time per KB of draft: flat across sizes means linear in the draft's length."""
    # CPU seconds too: on a shared machine the wall clock mostly measures the other processes.
    print(
        f"{'draft':46} {'KB':>4} {'findings':>9} {'check s':>8} {'s/KB':>7} {'cpu/KB':>7} "
        f"{'rewrite s':>10} {'s/KB':>7} {'cpu/KB':>7} {'changes':>8}"
    )
    for name, unit in PER_KB_DRAFTS.items():
        rows = []
        for size in sizes_kb:
            text = unit * (size * 1024 // len(unit))
            out = subprocess.run(
                [sys.executable, "-c", PER_KB_CHILD], input=text, capture_output=True, text=True, check=True
            )
            row = json.loads(out.stdout.strip().splitlines()[-1])
            kb = row["chars"] / 1024
            rows.append((kb, row))
            print(
                f"{name:46} {size:>4} {row['findings']:>9,} {row['check']:>8.2f} {row['check'] / kb:>7.3f} "
                f"{row['check_cpu'] / kb:>7.3f} {row['rewrite']:>10.2f} {row['rewrite'] / kb:>7.3f} "
                f"{row['rewrite_cpu'] / kb:>7.3f} {row['changes']:>8,}",
                flush=True,
            )
        if len(rows) > 1:
            (small_kb, small), (big_kb, big) = rows[0], rows[-1]
            for task in ("check", "rewrite"):
                ratio = (big[f"{task}_cpu"] / big_kb) / (small[f"{task}_cpu"] / small_kb)
                # linear: the same CPU per KB at every size (within noise); quadratic would grow with the size
                print(
                    f"{'':46} {task} CPU s/KB at {big_kb:.0f} KB / at {small_kb:.0f} KB = {ratio:.2f} "
                    f"({'linear' if ratio <= 1.5 else 'NOT linear'} within noise; a quadratic cost would give "
                    f"{big_kb / small_kb:.0f})",
                    flush=True,
                )


def prose(megabytes: float, seed: int = 7) -> str:
    rng = random.Random(seed)
    parts: list[str] = []
    total = 0
    while total < megabytes * 1_000_000:
        paragraph = " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(2, 6))) + "\n\n"
        parts.append(paragraph)
        total += len(paragraph)
    return "".join(parts)


def hostile() -> dict[str, str]:
    return {
        "100k '!'": "Answer me" + "!" * 100_000,
        "50k '! '": "! " * 50_000,
        "20k shouted words": "STOP IGNORING ME " * 6_700,
        "no whitespace 200k": "youneverlisten" * 14_300,
        "100k chars no full stop": "you never listen to me and " * 3_700,
    }


def run(kind: str, text: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, kind, "0"], input=text, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=float, nargs="*", default=[0.05, 0.5, 5.0], help="draft sizes in MB")
    parser.add_argument("--no-hostile", action="store_true")
    parser.add_argument("--per-kb", action="store_true", help="check and rewrite time per KB at 4, 16, 64 KB")
    parser.add_argument("--kb", type=int, nargs="+", default=[4, 16, 64], help="draft sizes for --per-kb, in KB")
    args = parser.parse_args()
    if args.per_kb:
        per_kb(tuple(args.kb))
        return
    drafts = {f"prose {size:g} MB": prose(size) for size in args.sizes}
    if not args.no_hostile:
        drafts.update(hostile())
    print(f"{'draft':26} {'chars':>10} {'findings':>9} {'s':>8} {'chars/s':>9} {'peak MB':>8} {'added MB/MB':>11}")
    for kind, text in drafts.items():
        row = run(kind, text)
        per_mb = row["added_mb"] / max(row["chars"] / 1_000_000, 1e-9)
        print(
            f"{kind:26} {row['chars']:>10,} {row['findings']:>9,} {row['seconds']:>8.1f} "
            f"{row['chars'] / row['seconds']:>9,.0f} {row['peak_mb']:>8.0f} {per_mb:>11.0f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
