"""``tonecheck check TABLE --engine dask``: a Parquet or CSV table checked on a Dask cluster (a local one
unless ``--scheduler`` names one), results written as Parquet to ``--output``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..settings import Settings
from .app import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, err, out

NEEDS_DASK = 'the dask engine needs Dask: pip install "tonecheck[dask]"'


def _say(message: str) -> None:
    err.print(message, markup=False, highlight=False, soft_wrap=True)


def run_dask(
    paths: list[str], options: Settings, output: Path | None, scheduler: str | None, *, workers: int, fail_on: str
) -> int:
    if len(paths) != 1 or (not paths[0].lower().endswith((".parquet", ".csv")) and not Path(paths[0]).is_dir()):
        _say("error: --engine dask checks one table: a .parquet or .csv file (or a folder of Parquet files)")
        return EXIT_USAGE
    if output is None or output.suffix.lower() != ".parquet":
        _say("error: --engine dask writes its results as Parquet: give --output RESULTS.parquet")
        return EXIT_USAGE
    try:
        import dask.dataframe as dd
        from dask.distributed import Client
    except ImportError:
        _say(f"error: {NEEDS_DASK}")
        return EXIT_USAGE
    from ..dask import check_dataframe, local_cluster, prepare_worker

    source = paths[0]
    if not os.path.exists(source):
        _say(f"error: no such file or folder: {source}")
        return EXIT_USAGE
    frame = (
        dd.read_csv(source, dtype=str, blocksize="16MB")
        if source.lower().endswith(".csv")
        else (
            dd.read_parquet(source, split_row_groups=True)  # a partition per row group
        )
    )
    if options.text_field not in frame.columns:
        _say(f"error: {source}: no column {options.text_field!r}; name it with --text-field")
        return EXIT_USAGE
    cluster: Any = None
    if scheduler is None:
        cluster = local_cluster(workers if workers > 0 else (os.cpu_count() or 1))
    try:
        with Client(scheduler or cluster) as client:  # type: ignore[no-untyped-call]
            _say(f"dask: {len(client.scheduler_info().get('workers', {}))} workers at {client.scheduler.address}")
            # Every worker loads the model and rules now, in parallel; a bad rule, selector or model is
            # reported here. (The client never loads the model: it only reads and writes tables.)
            problems = sorted({p for p in client.run(prepare_worker, options.model_dump_json()).values() if p})
            if problems:
                _say(f"error: {problems[0]}")
                return EXIT_USAGE
            checked = check_dataframe(frame, options.text_field, options=options)
            checked.to_parquet(str(output), write_index=False, overwrite=True)
    finally:
        if cluster is not None:
            cluster.close()
    rows, flagged, failing, errors = _count(output, fail_on)
    out.print(
        f"Checked {rows:,} rows: {flagged:,} with findings, {failing:,} at or above {fail_on}"
        + (f", {errors:,} could not be checked" if errors else "")
        + f". Results: {output}",
        markup=False,
        highlight=False,
    )
    return EXIT_FINDINGS if failing or errors else EXIT_OK


def _count(output: Path, fail_on: str) -> tuple[int, int, int, int]:
    """Rows, rows with findings, rows with one at or above ``fail_on``, rows not checked: read back from the
    written folder a batch at a time."""
    import pyarrow.dataset as ds

    from ..models import SEVERITY_RANK

    failing_levels = {s for s, rank in SEVERITY_RANK.items() if rank >= SEVERITY_RANK[fail_on]}
    rows = flagged = failing = errors = 0
    for batch in ds.dataset(str(output), format="parquet").to_batches(columns=["severity", "error"]):
        severities = batch.column(0).to_pylist()
        rows += len(severities)
        flagged += sum(s is not None for s in severities)
        failing += sum(s in failing_levels for s in severities)
        errors += len(severities) - batch.column(1).null_count
    return rows, flagged, failing, errors
