"""``tonecheck check TABLE --engine dask``: a Parquet or CSV table checked on a Dask cluster (a local one
unless ``--scheduler`` names one), results written as Parquet to ``--output``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..io.batch import CheckOptions
from .app import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, err, out

NEEDS_DASK = 'the dask engine needs Dask: pip install "tonecheck[dask]"'


def _say(message: str) -> None:
    err.print(message, markup=False, highlight=False, soft_wrap=True)


def run_dask(
    paths: list[str], options: CheckOptions, output: Path | None, scheduler: str | None, *, workers: int, fail_on: str
) -> int:
    if len(paths) != 1 or (not paths[0].lower().endswith((".parquet", ".csv")) and not Path(paths[0]).is_dir()):
        _say("error: --engine dask checks one table: a .parquet or .csv file (or a folder of Parquet files)")
        return EXIT_USAGE
    if output is None or output.suffix.lower() != ".parquet":
        _say("error: --engine dask writes its results as Parquet: give --output RESULTS.parquet")
        return EXIT_USAGE
    try:
        import dask.dataframe as dd
        from dask.distributed import Client, LocalCluster
    except ImportError:
        _say(f"error: {NEEDS_DASK}")
        return EXIT_USAGE
    from ..dask import check_dataframe, result_schema

    source = paths[0]
    if not os.path.exists(source):
        _say(f"error: no such file or folder: {source}")
        return EXIT_USAGE
    try:
        options.checker()  # rule and selector errors surface here, before a cluster starts
    except ValueError as exc:
        _say(f"error: {exc}")
        return EXIT_USAGE
    frame = dd.read_csv(source, dtype=str, blocksize="16MB") if source.lower().endswith(".csv") else (
        dd.read_parquet(source, split_row_groups="adaptive")
    )
    if options.text_field not in frame.columns:
        _say(f"error: {source}: no column {options.text_field!r}; name it with --text-field")
        return EXIT_USAGE
    cluster: Any = None
    if scheduler is None:
        n = workers if workers > 0 else (os.cpu_count() or 1)
        # One thread a worker process: the check is CPU-bound Python, threads would only share one GIL.
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None
        )
    try:
        with Client(scheduler or cluster) as client:  # type: ignore[no-untyped-call]
            _say(f"dask: {len(client.scheduler_info().get('workers', {}))} workers at {client.scheduler.address}")
            checked = check_dataframe(frame, options.text_field, options=options)
            checked.to_parquet(str(output), write_index=False, schema=result_schema(), overwrite=True)
            summary = dd.read_parquet(str(output), columns=["severity", "error"]).compute()
    finally:
        if cluster is not None:
            cluster.close()
    from ..models import SEVERITY_RANK

    errors = int(summary["error"].notna().sum())
    flagged = summary["severity"].dropna()
    failing = int(flagged.map(lambda s: SEVERITY_RANK[s] >= SEVERITY_RANK[fail_on]).sum())
    out.print(
        f"Checked {len(summary):,} rows: {len(flagged):,} with findings, {failing:,} at or above {fail_on}"
        + (f", {errors:,} could not be checked" if errors else "")
        + f". Results: {output}",
        markup=False,
        highlight=False,
    )
    return EXIT_FINDINGS if failing or errors else EXIT_OK
