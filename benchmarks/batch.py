"""Batch speed of ``tonecheck check``: a generated folder of drafts, ``--jobs 1`` against ``--jobs 2``, and the
CLI against ``Checker.check`` in a loop in one process.

    python benchmarks/batch.py [--files 5000] [--format text]
    python benchmarks/batch.py --files 100000 --jobs 2 --no-loop    # memory stays flat on a big folder

Prints files/s for each, the ``--jobs 2`` speed-up (target >= 1.6 on 2 cores), the peak memory of each run
(the process and its workers, summed, sampled from /proc), and the CLI / loop ratio at ``--jobs 1`` (target
>= 0.9). Every figure is wall time of a fresh process, start-up and model loading included, so the loop
is timed the same way; the loop's own checking time is printed too.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BIN = Path(sys.executable).parent
SENTENCES = [
    "Hey, I hope you're doing well.",
    "I've been thinking about you and wanted to check in.",
    "No pressure to respond, but I'd love to hear how you're doing.",
    "You never listen to me.",
    "Why do you always forget my birthday?",
    "You hurt me by ignoring my calls.",
    "Answer me right now!",
    "Call me back.",
    "I felt hurt when you didn't call.",
    "I understand that this might take time, and I'm not in a rush.",
    "You make me so angry when you do that.",
    "Let's talk about it this weekend if you have time.",
    "I need an answer today.",
    "Thanks for dinner last night, it meant a lot.",
]

LOOP = """
import sys, time
from pathlib import Path
start = time.perf_counter()
import tonecheck
checker = tonecheck.Checker()
ready = time.perf_counter()
files = sorted(Path(sys.argv[1]).glob("*.txt"))
findings = 0
for path in files:
    findings += len(checker.check(path.read_text(encoding="utf-8")).findings)
done = time.perf_counter()
print(f"{len(files)} {findings} {ready - start:.3f} {done - ready:.3f}")
"""


SPIN = "x = 0\nfor i in range(15_000_000): x += i\n"


def parallel_capacity() -> float:
    """How many times faster two CPU-bound processes finish than one after the other, right now: 2.0 on
    two idle cores, less when other work shares the machine. The jobs speed-up cannot beat it."""
    command = [sys.executable, "-c", SPIN]
    start = time.perf_counter()
    subprocess.run(command, check=True)
    one = time.perf_counter() - start
    start = time.perf_counter()
    both = [subprocess.Popen(command) for _ in range(2)]
    for process in both:
        process.wait()
    return 2 * one / (time.perf_counter() - start)


def make_drafts(folder: Path, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    for index in range(count):
        lines = [" ".join(rng.choice(SENTENCES) for _ in range(rng.randint(1, 3))) for _ in range(rng.randint(1, 3))]
        (folder / f"draft_{index:06d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _tree_rss(root: int) -> int:
    """Resident memory of ``root`` and all its descendants, in bytes (Linux /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry)
        parents[pid] = int(fields[1])
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total = 0
    for pid in rss:
        walk = pid
        while walk and walk != root:
            walk = parents.get(walk, 0)
        if walk == root:
            total += rss[pid]
    return total


def timed(command: list[str], capture: bool = False) -> tuple[float, int, str, float]:
    """Wall seconds, peak summed RSS, stdout (when captured), and CPU seconds of the process and its
    workers (user + system): on a machine shared with other work the wall time says little about
    parallelism, the CPU time says how much work each way costs."""
    peak = 0
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE if capture else subprocess.DEVNULL, text=True)
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss(process.pid))
            stop.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = process.communicate()
    elapsed = time.perf_counter() - start
    stop.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if process.returncode not in (0, 1):
        raise SystemExit(f"{command} exited with {process.returncode}")
    return elapsed, peak, out or "", cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--format", default="text", help="the CLI's --format (its output goes to /dev/null)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="--jobs values to run")
    parser.add_argument("--no-loop", action="store_true", help="skip the Checker.check loop")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make_drafts(folder, args.files)
        cli = [str(BIN / "tonecheck"), "check", str(folder), "--format", args.format, "--isolated"]
        runs = {}
        for jobs in args.jobs:
            seconds, peak, _, cpu = timed([*cli, "--jobs", str(jobs)])
            runs[jobs] = (seconds, peak)
            print(
                f"cli --jobs {jobs}: {seconds:7.2f} s  {args.files / seconds:7.1f} files/s  "
                f"peak {peak / 2**20:6.0f} MiB (all processes)  cpu {cpu:6.1f} s"
            )
        if args.no_loop:
            return
        seconds, peak, out, cpu = timed([sys.executable, "-c", LOOP, str(folder)], capture=True)
        _, _, load, checking = out.split()
        print(
            f"Checker.check loop: {seconds:7.2f} s  {args.files / seconds:7.1f} files/s  peak {peak / 2**20:6.0f} MiB"
            f"  cpu {cpu:6.1f} s  (model load {float(load):.2f} s, checking alone {args.files / float(checking):.1f}"
            " files/s)"
        )
        print(
            f"load average while running: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; "
            f"parallel capacity now (2 spinning processes vs 1): {parallel_capacity():.2f}"
        )
        if 1 in runs and 2 in runs:
            print(f"speed-up --jobs 2 / --jobs 1: {runs[1][0] / runs[2][0]:.2f}  (target >= 1.6 on 2 cores)")
        if 1 in runs:
            print(f"cli --jobs 1 / loop (files/s): {seconds / runs[1][0]:.2f}  (target >= 0.9)")


if __name__ == "__main__":
    main()
