"""Checking the messages of a Dask DataFrame on a cluster: ``check_dataframe(df, text="text")``.

Each partition is checked with ``Checker.check_many`` in the worker process that holds it; every worker
process builds its Checker (model and rules) once, on its first partition, and keeps it for later ones.
Rows come back with every input column plus ``verdict``, ``gentleness``, ``categories``, ``severity``,
``findings`` (JSON) and ``error``, equal to ``Checker.check`` on the row's text.

Needs ``pip install "tonecheck[dask]"``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from .api import Checker
from .engine.pipeline import ModelNotFoundError
from .io.rows import RESULT_COLUMNS, report_row
from .loader import RuleLoadError
from .models import VerdictPolicy
from .settings import Settings, VerdictThresholds

# One Checker per worker process, per set of the settings a Checker is built from: a long-lived cluster serves
# later runs (another table, another text column) without loading the model again.
_CHECKERS: dict[str, Checker] = {}
# Settings of the run, not of the Checker: which column, which files, which exit code.
_RUN_ONLY = {"text_field", "id_field", "fail_on", "exclude", "author", "encoding"}


def _checker(options_json: str) -> Checker:
    settings = Settings.model_validate_json(options_json)
    key = settings.model_dump_json(exclude=_RUN_ONLY)
    checker = _CHECKERS.get(key)
    if checker is None:
        checker = _CHECKERS[key] = Checker.from_settings(settings)
    return checker


def prepare_worker(options_json: str) -> str | None:
    """Build this worker's Checker now (``Client.run`` on every worker): a bad rule, selector or model is
    reported before any of the table is read, without loading the model in the client. Returns the error."""
    try:
        _checker(options_json)
    except (RuleLoadError, ModelNotFoundError, ValueError) as exc:
        return str(exc)
    return None


def check_partition(part: pd.DataFrame, text: str, options_json: str) -> pd.DataFrame:
    """One partition checked (what ``map_partitions`` runs on each worker)."""
    rows: list[dict[str, Any] | None] = []
    texts: list[str] = []
    if len(part):
        checker = _checker(options_json)
        limit: int | None = getattr(checker, "max_chars", None)
        for value in part[text]:
            if not isinstance(value, str):
                rows.append(report_row(None, "no text" if _missing(value) else "text is not a string"))
            elif limit is not None and len(value) > limit:
                too_long = f"draft of {len(value):,} characters is longer than the limit of {limit:,}"
                rows.append(report_row(None, too_long))
            else:
                rows.append(None)
                texts.append(value)
        # Consumed here, whole: a half-read check_many generator closed later by the collector, on another
        # of the worker's threads, would release the Checker's lock from a thread that does not hold it.
        # Each report becomes its row at once, so the partition's Reports are never all held.
        checked = iter([report_row(report) for report in checker.check_many(texts)])
        rows = [row if row is not None else next(checked) for row in rows]
    return _with_results(part, rows)


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _with_results(part: pd.DataFrame, rows: Sequence[dict[str, Any] | None]) -> pd.DataFrame:
    # Arrow-backed columns: their type is known even for an empty partition or Dask's placeholder meta, so
    # to_parquet writes one schema (object columns of lists cannot be inferred from placeholders).
    types = result_schema()
    out = part.copy()
    for column in RESULT_COLUMNS:
        values = [row[column] if row is not None else None for row in rows]
        out[column] = pd.Series(values, index=part.index, dtype=pd.ArrowDtype(types[column]))
    return out


def local_cluster(workers: int) -> Any:
    """A ``dask.distributed.LocalCluster`` of ``workers`` processes set up for checking: one thread each (the
    check is CPU-bound Python; threads would share one GIL), and without two Dask defaults that cost CPU on
    every message (measured on 2,000 messages, 2 workers: 11.2 -> 7.9 ms a message, ``docs/scale.md``):

    - the workers' statistical profiler, which walks every thread's stack every 10 ms (a spaCy parse has a
      deep one): about a fifth of the workers' CPU;
    - ``MALLOC_TRIM_THRESHOLD_=65536`` in the workers' environment: a fixed trim threshold also turns off
      glibc's adaptive mmap threshold, so the parser's large temporary arrays are mapped and unmapped anew
      each time (system CPU 0.3 -> 0.95 ms a message).
    """
    import dask
    from dask.distributed import LocalCluster

    environ = dict(dask.config.get("distributed.nanny.pre-spawn-environ", {}))
    environ.pop("MALLOC_TRIM_THRESHOLD_", None)
    # Nannies read both settings when they are made, and hand the config to their worker processes.
    with dask.config.set({"distributed.worker.profile.enabled": False, "distributed.nanny.pre-spawn-environ": environ}):
        return LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        )


def check_dataframe(
    df: Any,
    text: str = "text",
    *,
    rules: Sequence[str | Path] | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    policy: VerdictPolicy | None = None,
    options: Settings | None = None,
) -> Any:
    """``df`` (a ``dask.dataframe.DataFrame``) with the check's columns added (Arrow-backed), lazily:
    compute it or write it with ``to_parquet``. ``rules``, ``select``, ``ignore``, ``policy`` as for
    ``Checker``; ``options`` instead of them carries every setting the CLI has."""
    if text not in df.columns:
        raise KeyError(f"no column {text!r} (columns: {', '.join(map(str, df.columns))})")
    if options is None:
        options = Settings(
            rules=[str(r) for r in rules or ()],
            builtin_rules=rules is None,
            select=list(select) if select is not None else None,
            ignore=list(ignore or []),
            verdict=VerdictThresholds.of(policy) if policy is not None else VerdictThresholds(),
        )
    meta = _with_results(df._meta, [])
    return df.map_partitions(check_partition, text, options.model_dump_json(), meta=meta)


def result_schema() -> dict[str, Any]:
    """pyarrow types of the added columns."""
    import pyarrow as pa

    return {
        "verdict": pa.string(),
        "gentleness": pa.float64(),
        "categories": pa.list_(pa.string()),
        "severity": pa.string(),
        "findings": pa.string(),
        "error": pa.string(),
    }
