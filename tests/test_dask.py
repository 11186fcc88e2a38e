"""The Dask engine on a real local cluster of two worker processes: results equal Checker.check row for row."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import dask.dataframe as dd
import pandas as pd
import pyarrow.parquet as pq
import pytest
from dask.distributed import Client

from tonecheck import Checker
from tonecheck.dask import check_dataframe, local_cluster

TONECHECK = str(Path(sys.executable).with_name("tonecheck"))
TEXTS = [
    "You never reply on time. Answer me now.",
    "Thanks for the notes, they helped a lot.",
    "It's your fault the build broke.",
    "I felt hurt when the plan changed, and I'd like us to talk.",
    "",
    "Please send it ASAP, this is urgent!!",
    "Could we meet on Friday?",
    "You always ignore my messages.",
]


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with local_cluster(2) as cluster, Client(cluster) as connected:
        yield connected


def check_on(client: Client, source: Path, output: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """``tonecheck check SOURCE --engine dask`` against the test's cluster, the text in column ``reply``."""
    return subprocess.run(
        [
            *(TONECHECK, "check", str(source), "--engine", "dask", "--scheduler", client.scheduler.address),
            *("--text-field", "reply", "--output", str(output), "--isolated", *options),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )


def expected(checker: Checker, text: str) -> dict[str, object]:
    report = checker.check(text)
    return {
        "verdict": report.verdict,
        "gentleness": report.gentleness,
        "categories": sorted(c for c, n in report.counts.items() if n),
        "findings": [f.model_dump(mode="json") for f in report.findings],
    }


def test_check_dataframe_equals_checker_check_row_for_row_and_loads_once_per_worker(
    client: Client, checker: Checker
) -> None:
    frame = pd.DataFrame({"id": range(len(TEXTS) * 3), "text": TEXTS * 3, "team": "support"})
    checked = check_dataframe(dd.from_pandas(frame, npartitions=6), "text").compute()
    assert list(checked.columns[:3]) == ["id", "text", "team"]
    for row in checked.itertuples():
        got = {
            "verdict": row.verdict,
            "gentleness": row.gentleness,
            "categories": list(row.categories),
            "findings": json.loads(row.findings),
        }
        assert got == expected(checker, row.text), row.text
    assert checked["error"].isna().all()
    loaded = client.run(lambda: len(__import__("tonecheck.dask").dask._CHECKERS))
    assert sorted(loaded.values()) == [1, 1]  # both workers built one Checker, kept across partitions
    # local_cluster's workers run without Dask's stack-sampling profiler and fixed malloc trim threshold.
    setup = client.run(
        lambda: (
            __import__("dask").config.get("distributed.worker.profile.enabled"),
            __import__("os").environ.get("MALLOC_TRIM_THRESHOLD_"),
        )
    )
    assert set(setup.values()) == {(False, None)}


def test_cli_engine_dask_on_a_scheduler_writes_parquet(client: Client, checker: Checker, tmp_path: Path) -> None:
    source = tmp_path / "replies.parquet"
    pd.DataFrame({"reply": [*TEXTS, None], "ticket": range(len(TEXTS) + 1)}).to_parquet(source)
    out = tmp_path / "results.parquet"
    run = check_on(client, source, out)
    assert run.returncode == 1, run.stderr  # findings at or above warning, and a row without text
    assert f"Checked {len(TEXTS) + 1} rows" in run.stdout
    rows = pq.read_table(out).to_pylist()
    assert [r["ticket"] for r in rows] == list(range(len(TEXTS) + 1))
    for row in rows[:-1]:
        want = expected(checker, row["reply"])
        assert (row["verdict"], row["categories"], json.loads(row["findings"])) == (
            want["verdict"],
            want["categories"],
            want["findings"],
        )
    assert rows[-1]["error"] == "no text" and rows[-1]["verdict"] is None
    # Another run with another text column reused the workers' Checkers: no second model load.
    loaded = client.run(lambda: len(__import__("tonecheck.dask").dask._CHECKERS))
    assert sorted(loaded.values()) == [1, 1]

    # A selector typo is found by the workers as they load the rules, before the table is read.
    typo = check_on(client, source, tmp_path / "never.parquet", "--select", "blamming")
    assert typo.returncode == 2, typo.stderr
    assert "blamming" in typo.stderr and not (tmp_path / "never.parquet").exists()
