"""Tables of messages: Parquet (read in record batches with pyarrow) and CSV (read a row at a time), so
memory stays flat however many rows there are. ``text_field`` names the message column, ``id_field`` an
optional id column; rows whose text is empty or null are skipped."""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..messages import Message, MessageError, MessageInfo
from ..sources import UnreadableFile

BATCH_ROWS = 2048
NEEDS_PYARROW = 'reading Parquet needs pyarrow: pip install "tonecheck[parquet]"'


def _columns(available: list[str], text_field: str, id_field: str | None) -> list[str]:
    for name, option in ((text_field, "--text-field"), (id_field, "--id-field")):
        if name is not None and name not in available:
            raise UnreadableFile(f"no column {name!r} (columns: {', '.join(available[:20])}); name it with {option}")
    return [text_field, *([id_field] if id_field else [])]


def _row(index: int, text: Any, row_id: Any) -> Message | MessageError | None:
    if text is None:
        return None
    if not isinstance(text, str):
        return MessageError(index, f"row {index}: the text column holds {type(text).__name__}, not text")
    if not text.strip():
        return None
    return Message(text, index, MessageInfo(id=None if row_id is None else str(row_id)))


def read_parquet(path: Path, text_field: str, id_field: str | None) -> Iterator[Message | MessageError]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise UnreadableFile(NEEDS_PYARROW) from None
    try:
        table = pq.ParquetFile(path)
    except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
        raise UnreadableFile(f"not a readable Parquet file: {exc}") from None
    columns = _columns(list(table.schema_arrow.names), text_field, id_field)
    index = 0
    with table:
        for batch in table.iter_batches(batch_size=BATCH_ROWS, columns=columns):
            texts = batch.column(0).to_pylist()
            ids = batch.column(1).to_pylist() if id_field else [None] * len(texts)
            for text, row_id in zip(texts, ids, strict=True):
                item = _row(index, text, row_id)
                if item is not None:
                    yield item
                index += 1


def read_csv(path: Path, text_field: str, id_field: str | None) -> Iterator[Message | MessageError]:
    # Messages are long: lift the csv module's 128 KiB field cap (the checker bounds draft length itself).
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    try:
        handle = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 (the generator closes it)
    except OSError as exc:
        raise UnreadableFile(f"cannot read: {exc.strerror or exc}") from None
    with handle:
        try:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                return
            columns = _columns(header, text_field, id_field)
            positions = [header.index(c) for c in columns]
            for index, row in enumerate(reader):
                if len(row) != len(header):
                    if row:
                        yield MessageError(
                            index, f"line {reader.line_num}: {len(row)} fields where the header has {len(header)}"
                        )
                    continue
                item = _row(index, row[positions[0]], row[positions[1]] if id_field else None)
                if item is not None:
                    yield item
        except UnicodeDecodeError as exc:
            raise UnreadableFile(f"not UTF-8 text ({exc.reason}); save it as UTF-8") from None
        except csv.Error as exc:
            raise UnreadableFile(f"malformed CSV: {exc}") from None
