"""Load on `tonecheck serve`: a bounded burst of short realistic drafts over loopback HTTP.

Starts the real server on a free 127.0.0.1 port, warms it up, then sends ``--requests`` POSTs with
``--concurrency`` in flight, and prints requests/s, p50/p99 latency, the error count (must be 0), and the ratio
of HTTP p50 to in-process ``Checker.check`` p50 on the same drafts — once under load, once one request at a time
(the second is the cost of HTTP + JSON alone; under load a request also waits for the ones ahead of it, since
each worker checks one draft at a time). The client runs on the same machine and takes CPU from the server.

    python benchmarks/server_load.py [--requests 2000] [--concurrency 16] [--workers 1] [--endpoint /v1/check]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import drafts

import tonecheck


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def burst(url: str, texts: list[str], concurrency: int) -> tuple[list[float], int, float]:
    """Latencies (s) of the successful requests, the error count, and the wall time of the burst."""
    queue: asyncio.Queue[str] = asyncio.Queue()
    for text in texts:
        queue.put_nowait(text)
    latencies: list[float] = []
    errors = 0

    async def client(http: httpx.AsyncClient) -> None:
        nonlocal errors
        while not queue.empty():
            text = queue.get_nowait()
            started = time.perf_counter()
            try:
                response = await http.post(url, json={"text": text})
                ok = response.status_code == 200 and "verdict" in response.json()
            except httpx.HTTPError:
                ok = False
            if ok:
                latencies.append(time.perf_counter() - started)
            else:
                errors += 1

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(timeout=30, limits=limits) as http:
        started = time.perf_counter()
        await asyncio.gather(*(client(http) for _ in range(concurrency)))
        wall = time.perf_counter() - started
    return latencies, errors, wall


def start_server(workers: int) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command = [str(Path(sys.executable).with_name("tonecheck")), "serve", "--port", str(port)]
    command += ["--workers", str(workers), "--log-level", "warning"]
    process = subprocess.Popen(command)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300  # a busy machine can take minutes to load the model
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"tonecheck serve exited with {process.returncode}")
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                return process, base
        except httpx.TransportError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("tonecheck serve did not start within 300 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--endpoint", default="/v1/check", choices=["/v1/check", "/v1/presend"])
    args = parser.parse_args()
    texts = drafts(args.requests)

    checker = tonecheck.Checker()
    for text in texts[:20]:
        checker.check(text)
    local: list[float] = []
    for text in texts:
        started = time.perf_counter()
        checker.check(text)
        local.append(time.perf_counter() - started)
    local_p50 = statistics.median(local)
    del checker

    process, base = start_server(args.workers)
    try:
        url = base + args.endpoint
        asyncio.run(burst(url, texts[:50], args.concurrency))  # warm-up, every worker
        single, single_errors, _ = asyncio.run(burst(url, texts[: max(1, args.requests // 10)], 1))
        latencies, errors, wall = asyncio.run(burst(url, texts, args.concurrency))
    finally:
        process.terminate()
        process.wait(timeout=30)

    errors += single_errors
    print(f"server_load: {args.requests} x POST {args.endpoint}, concurrency {args.concurrency}, ", end="")
    print(f"{args.workers} worker(s), {os.cpu_count()} cores shared with the client")
    print(f"  requests/s              {len(latencies) / wall:8.1f}   ({wall:.2f} s wall)")
    p50, p99 = percentile(latencies, 0.5), percentile(latencies, 0.99)
    print(f"  latency p50 / p99       {p50 * 1000:8.1f} / {p99 * 1000:.1f} ms")
    print(f"  errors                  {errors:8d}")
    print(f"  in-process check p50    {local_p50 * 1000:8.2f} ms   (Checker.check, same drafts)")
    print(f"  HTTP p50 / check p50    {p50 / local_p50:8.1f}x   under load")
    single_p50 = percentile(single, 0.5)
    print(f"  one at a time: p50      {single_p50 * 1000:8.2f} ms   = {single_p50 / local_p50:.2f}x check p50 ", end="")
    print(f"({len(single)} requests)")
    if errors:
        raise SystemExit(f"{errors} requests failed")


if __name__ == "__main__":
    main()
