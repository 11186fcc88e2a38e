"""Archives at size, in one run: a generated Parquet table of messages checked with ``--engine dask`` (two
local worker processes) against ``--jobs 1`` (one process), at two sizes, and a generated 1 GB mbox.

    python benchmarks/archive.py                                   # 50,000 and 200,000 messages, a 1 GB mbox
    python benchmarks/archive.py --sizes 2000 8000 --mbox-mb 64    # what fits in a few minutes

Prints per run: wall time, messages/s, peak memory (the process and all its descendants: workers,
nanny and scheduler for Dask; summed resident memory sampled from /proc), and the Dask / ``--jobs 1``
speed-up (target >= 1.4 on 2 cores). Peak memory at the two sizes shows whether it stays flat with the
number of messages. Both engines write ``--output results.parquet``. Every figure is a fresh process,
start-up and model loading included.

The mbox (about 1.5 million messages in 1 GB) is measured in three labelled rows, because checking all of
it takes hours of CPU on one core (``tonecheck check`` checks one file in one process): READ, the whole file
read into messages as the check reads it (mbox splitting, MIME parsing, quotes and signatures dropped), no
checking; CHECK, ``tonecheck check`` of the file's first ``--mbox-check-mb`` MiB (the same messages, a prefix
of the file); and the whole-file check time ESTIMATED from that (messages / the rate of CHECK, which reads too),
not measured. ``--mbox-check-all`` checks the whole file too.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from batch import BIN, SENTENCES, parallel_capacity, timed

# Dask reads a partition per row group: 10 partitions at 50,000 messages, so two workers stay busy.
ROW_GROUP = 5_000
NAMES = ["Anna Berg", "Ben Ode", "Carla Diaz", "Dev Patel", "Eve Moreau"]


def message(rng: random.Random) -> str:
    return " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(1, 3)))


def make_parquet(path: Path, count: int, seed: int = 11) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = random.Random(seed)
    schema = pa.schema([("id", pa.int64()), ("sender", pa.string()), ("text", pa.string())])
    with pq.ParquetWriter(str(path), schema) as writer:
        for start in range(0, count, ROW_GROUP):
            n = min(ROW_GROUP, count - start)
            writer.write_table(
                pa.table(
                    {
                        "id": range(start, start + n),
                        "sender": [rng.choice(NAMES) for _ in range(n)],
                        "text": [message(rng) for _ in range(n)],
                    },
                    schema=schema,
                ),
                row_group_size=ROW_GROUP,
            )


def make_mbox(path: Path, megabytes: int, seed: int = 13) -> int:
    """An mbox of realistic-looking mail (headers, a body, a quoted reply, a signature); returns its count."""
    rng = random.Random(seed)
    target = megabytes * 2**20
    count = 0
    with open(path, "w", encoding="utf-8") as out:
        while out.tell() < target:
            sender = rng.choice(NAMES)
            address = sender.split()[0].lower() + "@example.org"
            body = "\n\n".join(message(rng) for _ in range(rng.randint(1, 3)))
            quoted = "\n".join("> " + message(rng) for _ in range(rng.randint(0, 6)))
            out.write(
                f"From {address} Tue Mar 12 09:{count % 60:02d}:00 2024\n"
                f"From: {sender} <{address}>\nTo: team@example.org\nSubject: Re: plans {count}\n"
                f"Date: Tue, 12 Mar 2024 09:{count % 60:02d}:00 +0100\nMessage-ID: <m{count}@example.org>\n"
                "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n"
                f"Hi,\n\n{body}\n\nOn Mon, 11 Mar 2024, someone wrote:\n{quoted}\n\n-- \n{sender}\n\n"
            )
            count += 1
    return count


# Reads an mbox as `tonecheck check` does, checking nothing; prints the number of messages.
READ_ONLY = """
import sys
from tonecheck.io.archives import read_messages
print(sum(1 for _ in read_messages(sys.argv[1])))
"""


def mbox_rows(folder: Path, tonecheck: str, megabytes: int, check_megabytes: int, check_all: bool) -> None:
    mbox = folder / "big.mbox"
    count = make_mbox(mbox, megabytes)
    size = mbox.stat().st_size / 2**20
    seconds, peak, out, cpu = timed([sys.executable, "-c", READ_ONLY, str(mbox)], capture=True)
    assert int(out) == count, (out, count)
    print(
        f"mbox {size:,.0f} MiB, {count:,} messages  READ (no checking)  {seconds:.1f} s  {count / seconds:,.0f} msg/s  "
        f"{size / seconds:.1f} MiB/s  peak {peak / 2**20:.0f} MiB  cpu {cpu:.1f} s",
        flush=True,
    )
    sample = folder / "sample.mbox"
    sampled = make_mbox(sample, min(check_megabytes, megabytes))  # the same generator: a prefix of big.mbox
    rate = None
    for path, n, label in ((sample, sampled, "CHECK (its first part)"), (mbox, count, "CHECK (all of it)")):
        if path is mbox and not check_all:
            break
        checked_seconds, peak, _, cpu = timed(
            [tonecheck, "check", str(path), "--isolated", "-q", "--output", str(folder / "mbox.parquet")]
        )
        rate = n / checked_seconds
        mib = path.stat().st_size / 2**20
        print(
            f"mbox {mib:,.0f} MiB, {n:,} messages  {label}  {checked_seconds:.1f} s  {rate:,.0f} msg/s  "
            f"{mib / checked_seconds:.2f} MiB/s  peak {peak / 2**20:.0f} MiB  cpu {cpu:.1f} s",
            flush=True,
        )
    if not check_all and rate:
        estimate = count / rate
        print(
            f"mbox {size:,.0f} MiB, {count:,} messages  CHECK ESTIMATED (not measured: messages / the rate above)  "
            f"{estimate:,.0f} s = {estimate / 3600:.1f} h",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[50_000, 200_000])
    parser.add_argument("--mbox-mb", type=int, default=1024, help="size of the generated mbox (0: skip)")
    parser.add_argument("--mbox-check-mb", type=int, default=16, help="its first MiB that are also checked")
    parser.add_argument("--mbox-check-all", action="store_true", help="check the whole mbox too (hours at 1 GB)")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    tonecheck = str(BIN / "tonecheck")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        speedups = []
        for size in args.sizes:
            table = folder / f"messages_{size}.parquet"
            make_parquet(table, size)
            common = [tonecheck, "check", str(table), "--isolated", "-q"]
            local = timed([*common, "--jobs", "1", "--output", str(folder / f"local_{size}.parquet")])
            dask_output = str(folder / f"dask_{size}.parquet")
            dask = timed([*common, "--engine", "dask", "--jobs", str(args.workers), "--output", dask_output])
            for name, (seconds, peak, _, cpu) in (("--jobs 1", local), (f"dask x{args.workers}", dask)):
                print(
                    f"parquet {size:>9,} messages  {name:<9} {seconds:8.1f} s  {size / seconds:7.0f} msg/s  "
                    f"peak {peak / 2**20:6.0f} MiB  cpu {cpu:7.1f} s",
                    flush=True,
                )
            speedups.append(local[0] / dask[0])
            print(f"parquet {size:>9,} messages  speed-up dask / --jobs 1: {speedups[-1]:.2f}", flush=True)
        if args.mbox_mb:
            mbox_rows(folder, tonecheck, args.mbox_mb, args.mbox_check_mb, args.mbox_check_all)
        print(
            f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; parallel capacity now "
            f"(2 spinning processes vs 1): {parallel_capacity():.2f}"
        )


if __name__ == "__main__":
    main()
