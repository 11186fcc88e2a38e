"""Inside the Dask engine: each worker's CPU per message against the local engine's, and each worker's memory
partition by partition (is it flat?), on a generated Parquet table.

    python benchmarks/dask_workers.py [--messages 10000] [--row-group 1250]

Two local worker processes (``tonecheck.dask.local_cluster``, as ``--engine dask`` starts them) check the
table with ``check_dataframe(...).to_parquet`` after their Checkers are built (warm-up, not timed); their CPU
time is read from inside each worker, and their resident memory is sampled from /proc every 0.2 s. Then
``Checker.check_many`` checks the same texts in this process. The CPU per message of the two is the fair
comparison on a shared machine (wall time depends on what else runs).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import archive


def rss(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--row-group", type=int, default=1_250, help="rows a partition")
    args = parser.parse_args()

    import dask.dataframe as dd
    import pandas as pd
    import pyarrow.parquet as pq
    from dask.distributed import Client

    from tonecheck import Checker
    from tonecheck.dask import check_dataframe, local_cluster

    archive.ROW_GROUP = args.row_group
    folder = Path(tempfile.mkdtemp())
    source = folder / "messages.parquet"
    archive.make_parquet(source, args.messages)
    with local_cluster(2) as cluster, Client(cluster) as client:
        warm = pd.DataFrame({"text": ["Call me."] * 4})
        check_dataframe(dd.from_pandas(warm, npartitions=2), "text").compute()
        frame = dd.read_parquet(str(source), split_row_groups=True)
        pids = client.run(os.getpid)
        series: dict[str, list[int]] = {address: [] for address in pids}
        stop = threading.Event()

        def sample() -> None:
            while not stop.is_set():
                for address, pid in pids.items():
                    series[address].append(rss(pid))
                stop.wait(0.2)

        threading.Thread(target=sample, daemon=True).start()
        before = client.run(cpu)
        start = time.perf_counter()
        check_dataframe(frame, "text").to_parquet(str(folder / "out.parquet"), write_index=False)
        wall = time.perf_counter() - start
        after = client.run(cpu)
        stop.set()
        worker_cpu = sum(after[a] - before[a] for a in before)
        print(f"{args.messages:,} messages in {frame.npartitions} partitions of {args.row_group:,} rows")
        print(
            f"dask, 2 workers: wall {wall:.1f} s, worker CPU {worker_cpu:.1f} s = "
            f"{1000 * worker_cpu / args.messages:.2f} ms a message"
        )
        for address, values in series.items():
            step = max(1, len(values) // 8)
            trace = ", ".join(str(v >> 20) for v in values[::step])
            print(f"  worker {address}: peak {max(values) >> 20} MiB; MiB over the run: {trace}")
    checker = Checker()
    list(checker.check_many(["Call me."]))
    texts = pq.read_table(str(source), columns=["text"]).column(0).to_pylist()
    start_cpu, start = cpu(), time.perf_counter()
    for _ in checker.check_many(texts):
        pass
    local_cpu = cpu() - start_cpu
    print(
        f"local Checker.check_many: wall {time.perf_counter() - start:.1f} s, CPU {local_cpu:.1f} s = "
        f"{1000 * local_cpu / args.messages:.2f} ms a message"
    )
    print(f"worker CPU / local CPU a message: {worker_cpu / local_cpu:.2f}")
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
