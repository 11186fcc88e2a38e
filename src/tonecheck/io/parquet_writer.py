"""``--output results.parquet``: one row per checked message (or draft), written in row groups as results
stream past, so memory stays flat."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..formats import Writer
from .batch import Result
from .rows import arrow_schema, report_row

ROWS_PER_GROUP = 8192
NEEDS_PYARROW = 'writing Parquet needs pyarrow: pip install "tonecheck[parquet]"'


class ParquetWriter(Writer):
    """Columns: path, record, id, sender, time, channel, then verdict, gentleness, categories, findings
    (JSON, with lines and columns as in the other formats) and error (a message that could not be read)."""

    def __init__(self, target: Path, **kwargs: Any):
        super().__init__(None, **kwargs)
        import pyarrow as pa
        import pyarrow.parquet as pq

        self._pa = pa
        self.schema = arrow_schema(
            {
                "path": pa.string(),
                "record": pa.int64(),
                "id": pa.string(),
                "sender": pa.string(),
                "time": pa.string(),
                "channel": pa.string(),
            }
        )
        self.target = target
        self.writer = pq.ParquetWriter(str(target), self.schema)
        self.rows: list[dict[str, Any]] = []
        self.rows_written = 0

    def result(self, result: Result) -> None:
        info = result.message
        row = {
            "path": result.path,
            "record": result.record,
            "id": info.id if info else None,
            "sender": info.sender if info else None,
            "time": info.time if info else None,
            "channel": info.channel if info else None,
        }
        row.update(report_row(result.report, result.error))
        self.rows.append(row)
        if len(self.rows) >= ROWS_PER_GROUP:
            self._flush()

    def _flush(self) -> None:
        if self.rows:
            self.writer.write_table(self._pa.Table.from_pylist(self.rows, schema=self.schema))
            self.rows_written += len(self.rows)
            self.rows = []

    def finish(self) -> None:
        self._flush()
        self.writer.close()
