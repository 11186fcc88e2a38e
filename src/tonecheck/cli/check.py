"""``tonecheck check``: lint drafts in files, folders, globs or stdin, the way linters do."""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Optional, TextIO

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from ..api import Checker
from ..engine.pipeline import ModelNotFoundError
from ..escape import visible
from ..formats import (
    READ_ERROR,
    GithubWriter,
    JsonLinesWriter,
    JsonWriter,
    JunitWriter,
    SarifWriter,
    TextWriter,
    Writer,
    diagnostics,
)
from ..io.batch import Finder, PathNotFound, Result, Target, check_targets
from ..io.sources import SUFFIX_KIND
from ..io.statistics import ArchiveStatistics
from ..loader import RuleLoadError
from ..models import SEVERITY_RANK
from .app import EXIT_FINDINGS, EXIT_OK, app, err
from .options import FailOnOption, SettingsOptions, fail, with_settings_options


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    jsonl = "jsonl"
    sarif = "sarif"
    github = "github"
    junit = "junit"


class Engine(StrEnum):
    local = "local"
    dask = "dask"


class Colour(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


@app.command()
@with_settings_options(files=True)
def check(
    paths: Annotated[
        Optional[list[str]],
        typer.Argument(help="Files, folders (recursive), globs; '-' reads stdin. Default: the current folder."),
    ] = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.text,
    fail_on: FailOnOption = None,
    id_field: Annotated[Optional[str], typer.Option(help="Column holding a message id in .csv/.parquet.")] = None,
    author: Annotated[
        Optional[list[str]],
        typer.Option(help="In archives, check only messages this person sent (name, address or id; repeatable)."),
    ] = None,
    output: Annotated[
        Optional[Path],
        typer.Option(
            "--output", "-o", help="Write results to this file (Parquet when it ends in .parquet) instead of stdout."
        ),
    ] = None,
    engine: Annotated[
        Engine, typer.Option(help="local: this machine (--jobs); dask: a Parquet/CSV table on a Dask cluster.")
    ] = Engine.local,
    scheduler: Annotated[
        Optional[str], typer.Option(help="Dask scheduler address (tcp://HOST:8786); default: a local cluster.")
    ] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Worker processes (0: one per CPU).")] = 1,
    statistics: Annotated[
        bool, typer.Option(help="Print findings per rule and, for archives, a summary per archive and sender.")
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Only the findings: no snippets, summary or progress.")
    ] = False,
    warn_unused_ignores: Annotated[
        bool, typer.Option(help="Report 'tonecheck: ignore' comments that suppress nothing.")
    ] = False,
    color: Annotated[Colour, typer.Option(help="Colour in text output.")] = Colour.auto,
    stdin_filename: Annotated[
        Optional[str], typer.Option(help="Name (and so format, by suffix) for text read from stdin.")
    ] = None,
    *,
    settings_options: SettingsOptions,
) -> None:
    """Check drafts and list what sounds pressuring or blaming.

    Exit codes: 0 nothing at or above --fail-on, 1 findings (or a file that could not be read),
    2 usage, config or rule error.
    """
    paths = paths or ["."]
    loaded = settings_options.resolve(
        paths, stdin_filename=stdin_filename, fail_on=fail_on, id_field=id_field, author=author
    )
    options = loaded.settings
    fail_level = options.fail_on
    if engine is Engine.dask:
        from .dask_engine import run_dask

        raise typer.Exit(run_dask(paths, options, output, scheduler, workers=jobs, fail_on=fail_level))
    finder = Finder(loaded.root, options.exclude)
    stdin_kind = "text" if stdin_filename and Path(stdin_filename).suffix.lower() not in SUFFIX_KIND else None
    stdin_data = sys.stdin.buffer.read() if "-" in paths else None

    def targets() -> Iterator[Target]:
        for target in finder.targets(paths):
            if target.path == "-":
                yield Target(stdin_filename or "-", data=stdin_data, kind=stdin_kind)  # type: ignore[arg-type]
            else:
                yield target

    stream = targets()
    try:
        first = next(stream, None)  # surfaces a missing path before any output
    except PathNotFound as exc:
        raise fail(f"no such file or folder: {exc}") from None

    def all_targets() -> Iterator[Target]:
        if first is not None:
            yield first
        yield from stream

    cpus = os.cpu_count() or 1
    workers = jobs if jobs > 0 else cpus
    if workers > cpus:
        # Each worker is a process with its own copy of the model: more than the CPUs only costs memory.
        err.print(f"note: --jobs {jobs} is more than the {cpus} CPU(s) here; using {cpus}", highlight=False)
        workers = cpus
    try:
        checker = Checker.from_settings(options)  # validates everything; with --jobs, forked workers start with a copy
    except (RuleLoadError, ModelNotFoundError, ValueError) as exc:
        raise fail(str(exc)) from None
    colour = {"always": True, "never": False, "auto": None}[color.value]
    console = Console(highlight=False, force_terminal=colour, no_color=colour is False, soft_wrap=True)
    common: dict[str, Any] = {
        "rules": list(checker.ruleset),
        "warn_unused_ignores": warn_unused_ignores,
        "fail_on": fail_level,
    }
    writer: Writer
    out_stream = None
    if output is not None and output.suffix.lower() == ".parquet":
        from ..io.parquet_writer import ParquetWriter

        try:
            writer = ParquetWriter(output, **common)
        except ImportError:
            raise fail('writing Parquet needs pyarrow: pip install "tonecheck[parquet]"') from None
        except OSError as exc:
            raise fail(f"cannot write {output}: {exc.strerror or exc}") from None
    elif output_format is OutputFormat.text:
        if output is not None:
            out_stream = _open_output(output)
            console = Console(file=out_stream, highlight=False, no_color=True, soft_wrap=True)
        writer = TextWriter(out_stream, console=console, quiet=quiet, **common)
    else:
        out_stream = _open_output(output) if output is not None else None
        writer_class = {
            OutputFormat.json: JsonWriter,
            OutputFormat.jsonl: JsonLinesWriter,
            OutputFormat.sarif: SarifWriter,
            OutputFormat.github: GithubWriter,
            OutputFormat.junit: JunitWriter,
        }[output_format]
        writer = writer_class(out_stream, **common)

    tally = _Tally(SEVERITY_RANK[fail_level], warn_unused_ignores)
    archive_statistics = ArchiveStatistics()
    with ExitStack() as stack:
        if out_stream is not None:
            stack.callback(out_stream.close)
        progress = None
        if err.is_terminal and not quiet:
            progress = stack.enter_context(
                Progress(
                    SpinnerColumn(),
                    TextColumn("checking"),
                    BarColumn(),
                    MofNCompleteColumn(),
                    TextColumn("files"),
                    TimeElapsedColumn(),
                    console=err,
                    transient=True,
                )
            )
            task = progress.add_task("check", total=None)
        writer.start()
        try:
            for result in check_targets(all_targets(), options, jobs=workers, checker=checker):
                new_file = tally.add(result)
                if statistics:
                    archive_statistics.add(result)
                if result.error is not None:
                    where = visible(result.path) + (f"[{result.record}]" if result.record is not None else "")
                    message = f"{where}: error: {visible(result.error)}"
                    err.print(message, markup=False, highlight=False, soft_wrap=True)
                writer.result(result)
                if progress is not None and new_file:
                    progress.advance(task)
        except PathNotFound as exc:
            raise fail(f"no such file or folder: {exc}") from None
        except (RuleLoadError, ModelNotFoundError, ValueError) as exc:
            raise fail(str(exc)) from None
        writer.finish()
    sys.stdout.flush()
    to_stdout = output_format is OutputFormat.text or output is not None
    summary = Console(highlight=False, soft_wrap=True) if output is not None else console if to_stdout else err
    if statistics:
        for rule_id, count in tally.per_rule.most_common():
            summary.print(f"{count:6d}  {rule_id:<14} {tally.names.get(rule_id, '')}", markup=False)
        for line in archive_statistics.lines():
            summary.print(line, markup=False)
    if to_stdout and not quiet:
        summary.print(tally.summary(), markup=False)
    raise typer.Exit(EXIT_FINDINGS if tally.failing or tally.unreadable else EXIT_OK)


def _open_output(path: Path) -> TextIO:
    try:
        return open(path, "w", encoding="utf-8")
    except OSError as exc:
        raise fail(f"cannot write {path}: {exc.strerror or exc}") from None


class _Tally:
    """Counts kept while results stream past (never the results themselves)."""

    def __init__(self, fail_rank: int, warn_unused_ignores: bool):
        self.fail_rank = fail_rank
        self.warn_unused_ignores = warn_unused_ignores
        self.files = self.files_with_findings = self.unreadable = self.failing = 0
        self.messages = self.messages_with_findings = 0
        self.per_rule: Counter[str] = Counter()
        self.per_severity: Counter[str] = Counter()
        self.names: dict[str, str] = {}
        self._last_path: str | None = None
        self._last_had = False

    def add(self, result: Result) -> bool:
        new_file = result.path != self._last_path
        if new_file:
            self.files += 1
            self._last_path = result.path
            self._last_had = False
        if result.error is not None:
            self.unreadable += 1
            return new_file
        found = [d for d in diagnostics(result, self.warn_unused_ignores) if d.rule_id != READ_ERROR]
        if result.message is not None:
            self.messages += 1
            self.messages_with_findings += bool(found)
        if found and not self._last_had:
            self.files_with_findings += 1
            self._last_had = True
        for d in found:
            self.per_rule[d.rule_id] += 1
            self.per_severity[d.severity] += 1
            self.names[d.rule_id] = d.name if d.name != d.rule_id else ""
            if SEVERITY_RANK[d.severity] >= self.fail_rank:
                self.failing += 1
        return new_file

    def summary(self) -> str:
        files = f"{self.files} file{'s' if self.files != 1 else ''}"
        total = sum(self.per_rule.values())
        if total:
            parts = ", ".join(
                f"{self.per_severity[s]} {s}" for s in ("error", "warning", "info") if self.per_severity[s]
            )
            line = (
                f"Found {total} finding{'s' if total != 1 else ''} ({parts}) in {self.files_with_findings} of {files}."
            )
        else:
            line = f"Nothing to flag in {files}."
        if self.messages:
            line += f" Messages from archives: {self.messages_with_findings} of {self.messages} with findings."
        if self.unreadable:
            line += f" {self.unreadable} could not be read."
        return line
