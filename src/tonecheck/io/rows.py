"""A report as one table row: what ``--output results.parquet`` and ``tonecheck.dask`` write per message.

One place for the columns, so the CLI's Parquet and the Dask engine's agree."""

from __future__ import annotations

import json
from typing import Any

from ..models import SEVERITY_RANK, Report

# verdict, gentleness, categories (those with a finding, sorted), severity (the worst finding's),
# findings (the report's, as JSON), error (why the row could not be checked).
RESULT_COLUMNS = ("verdict", "gentleness", "categories", "severity", "findings", "error")


def report_row(report: Report | None, error: str | None = None) -> dict[str, Any]:
    if report is None:
        return {
            "verdict": None,
            "gentleness": None,
            "categories": [],
            "severity": None,
            "findings": "[]",
            "error": error,
        }
    return {
        "verdict": report.verdict,
        "gentleness": report.gentleness,
        "categories": sorted(c for c, n in report.counts.items() if n),
        "severity": max((f.severity for f in report.findings), key=SEVERITY_RANK.__getitem__, default=None),
        "findings": json.dumps([f.model_dump(mode="json") for f in report.findings], ensure_ascii=False),
        "error": None,
    }


def arrow_schema(prefix: dict[str, Any]) -> Any:
    """The pyarrow schema of result rows after ``prefix`` columns (name -> pyarrow type)."""
    import pyarrow as pa

    return pa.schema(
        [
            *prefix.items(),
            ("verdict", pa.string()),
            ("gentleness", pa.float64()),
            ("categories", pa.list_(pa.string())),
            ("severity", pa.string()),
            ("findings", pa.string()),
            ("error", pa.string()),
        ]
    )
