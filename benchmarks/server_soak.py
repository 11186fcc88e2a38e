"""Soak `tonecheck serve`: 20,000 requests over loopback, a mix of ordinary and hostile ones, and the server's
memory sampled as it goes.

    python benchmarks/server_soak.py [--requests 20000] [--concurrency 16]
    python benchmarks/server_soak.py --unique-words --requests 1200 --concurrency 4

``--unique-words``: the ordinary drafts are 8 KB of random, never-repeated words instead, the traffic that grew
spaCy's StringStore (and the server, from 363 MB to 1,028 MB in 1,171 requests) without bound before check
processes were recycled (``serve --max-requests``, ``--max-memory-mb``; see docs/robustness.md).

The mix: realistic drafts (most), blank and emoji/RTL/surrogate drafts, malformed JSON, wrong content types,
bodies over the limit. Prints, every tenth of the run, the requests done, the status counts, and the server's
memory (PSS from /proc, its workers and check processes included; sampled 60 times a run). Then the verdict:
memory is "flat" when the last third of the samples averages at most 20% above the first third and peaks at
most 10% above the earlier samples (replacing the check process makes a sawtooth). Fails (exit 1) if
the server died or a request got no HTTP answer; exit 3 when memory is not flat.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import random
import sys
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from server_load import start_server

ORDINARY = [
    "You never listen to me.",
    "Answer me right now!!!",
    "I felt hurt when you didn't call.",
    "Hey, I hope you're doing well. No pressure to respond.",
    "If you don't call tonight, we're done.",
    "I'm sorry, but you started it.",
]


def unique_words(rng: random.Random, size: int = 8_000) -> str:
    words: list[str] = []
    length = 0
    while length < size:
        words.append("".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(4, 10))))
        length += len(words[-1]) + 1
    return " ".join(words)


def request(rng: random.Random, unique: bool = False) -> tuple[str, dict[str, str], bytes]:
    """(path, headers, body) of one request of the mix."""
    json_type = {"content-type": "application/json"}
    roll = rng.random()
    if roll < 0.80:
        text = unique_words(rng) if unique else rng.choice(ORDINARY) * rng.randint(1, 5)
        return "/v1/check", json_type, httpx.Request("POST", "/", json={"text": text}).content
    if roll < 0.85:
        return "/v1/presend", json_type, b'{"text": "You never \\ud800 listen \\u202e\\ud83d\\ude21 \\r\\n  "}'
    if roll < 0.90:
        return "/v1/check", json_type, b'{"text": "You never listen'  # truncated
    if roll < 0.94:
        return "/v1/check", {"content-type": "text/plain"}, b"You never listen"
    if roll < 0.97:
        return "/v1/check", json_type, b'{"text": "' + b"a" * 70_000 + b'"}'  # over the 64 KB limit
    return "/v1/check", json_type, b'{"text": "' + b"! " * 500 + b'"}'


def rss_mb(pid: int) -> float:
    """Memory of the server and all its descendants (uvicorn workers, check processes, which may be forked
    from any thread), in MB: their proportional set size where Linux reports it (a forked check process
    shares the model's pages with its parent, and plain RSS would count them twice), else RSS."""
    total = 0
    for each in _family(pid):
        rollup = Path(f"/proc/{each}/smaps_rollup")
        try:
            source, key = (rollup, "Pss:") if rollup.exists() else (Path(f"/proc/{each}/status"), "VmRSS:")
            for line in source.read_text().splitlines():
                if line.startswith(key):
                    total += int(line.split()[1])
                    break
        except OSError:
            continue  # a check process replaced between listing and reading
    return total / 1024


def _family(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        each = todo.pop()
        found.append(each)
        for children in Path(f"/proc/{each}/task").glob("*/children"):
            try:
                todo += [int(p) for p in children.read_text().split()]
            except OSError:
                continue
    return found


def verdict(samples: list[float], requests: int) -> bool:
    """Print and return whether memory is flat. The check process is replaced every 200 checks, so memory
    is a sawtooth: the last third must average at most 20% above the first third (a third holds one or two
    teeth, so its mean depends on where they fall), and peak at most 10% above the earlier peaks (those of
    the first two thirds; a single sample against another says only where in the tooth each fell). Growth
    without bound fails both (363 -> 1,028 MB over 1,171 requests: about +100% mean)."""
    third = max(1, len(samples) // 3)
    first, earlier, last = samples[:third], samples[:-third], samples[-third:]
    first_mean, last_mean = sum(first) / len(first), sum(last) / len(last)
    flat = last_mean <= 1.20 * first_mean and max(last) <= 1.10 * max(earlier)
    print(
        f"PSS first third: mean {first_mean:.0f} MB, max {max(first):.0f} MB; last third: mean {last_mean:.0f} MB, "
        f"max {max(last):.0f} MB; overall max {max(samples):.0f} MB ({len(samples)} samples)"
    )
    print(
        f"memory: {'FLAT' if flat else 'NOT FLAT'} (last third: mean {last_mean / first_mean - 1:+.1%} against "
        f"the first third, max {max(last) / max(earlier) - 1:+.1%} against the earlier max; "
        "flat: mean <= +20%, max <= +10%)"
    )
    if requests < 750:
        print("note: fewer than 750 requests cover under three check-process lifetimes (200 checks each)")
    return flat


async def soak(
    base: str, pid: int, requests: int, concurrency: int, seed: int, unique: bool = False
) -> tuple[int, bool]:
    rng = random.Random(seed)
    plan = [request(rng, unique) for _ in range(requests)]
    statuses: collections.Counter[int | str] = collections.Counter()
    done = 0
    samples: list[float] = []
    step = max(1, requests // 10)
    sample_every = max(1, requests // 60)

    async def client(http: httpx.AsyncClient, jobs: asyncio.Queue[tuple[str, dict[str, str], bytes]]) -> None:
        nonlocal done
        while not jobs.empty():
            path, headers, body = jobs.get_nowait()
            try:
                answer = await http.post(base + path, content=body, headers=headers)
                statuses[answer.status_code] += 1
            except httpx.HTTPError as exc:
                statuses[type(exc).__name__] += 1
            done += 1
            if done % sample_every == 0:
                samples.append(rss_mb(pid))
            if done % step == 0:
                print(f"{done:>7} requests  {dict(sorted(statuses.items(), key=str))}  PSS {rss_mb(pid):.0f} MB")

    jobs: asyncio.Queue[tuple[str, dict[str, str], bytes]] = asyncio.Queue()
    for item in plan:
        jobs.put_nowait(item)
    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(timeout=60, limits=limits) as http:
        await asyncio.gather(*(client(http, jobs) for _ in range(concurrency)))
    flat = verdict(samples, requests) if len(samples) >= 3 else True
    failed = sum(count for key, count in statuses.items() if isinstance(key, str))
    return failed, flat


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--unique-words", action="store_true", help="8 KB drafts of never-repeated words")
    args = parser.parse_args()
    process, base = start_server(1)
    try:
        failed, flat = asyncio.run(
            soak(base, process.pid, args.requests, args.concurrency, args.seed, args.unique_words)
        )
        alive = process.poll() is None
        print(f"server alive: {alive}; requests without an HTTP answer: {failed}")
        if not alive or failed:
            raise SystemExit(1)
        if not flat:
            raise SystemExit(3)
    finally:
        process.terminate()
        process.wait(timeout=30)


if __name__ == "__main__":
    main()
