"""Checking many files: find them (folders, globs, ignore files), read their drafts, check them in one
process or several, and stream one ``Result`` per draft back in input order.

Nothing here holds more than a bounded window of files or reports at once, so memory stays flat however
many files there are. With ``jobs > 1`` worker processes take chunks of paths, each with one ``Checker``
for its lifetime (a forked copy of the parent's where the platform forks, else built once in the worker);
results come back in the order the paths were found.
"""

from __future__ import annotations

import gc
import glob
import importlib.util
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pathspec
from pydantic import BaseModel, Field, TypeAdapter

from ..api import Checker
from ..models import Report
from ..settings import Settings
from .archives import ArchiveKind, archive_kind, read_messages
from .messages import Authors, Message, MessageInfo
from .sources import SUFFIX_KIND, Draft, Kind, Source, UnreadableFile, kind_of, read_bytes, read_path

IGNORE_FILE = ".tonecheckignore"
# Found when walking folders: drafts and mailboxes. Tables (.csv, .parquet) are read only when named, as
# their message column has to be named too.
WALKED_SUFFIXES = frozenset([*SUFFIX_KIND, ".mbox"])
# Folders no one means to check, as Ruff's default excludes.
DEFAULT_EXCLUDE = (".git/", ".hg/", ".svn/", ".venv/", "venv/", "node_modules/", "__pycache__/", ".tox/", ".nox/")


class Located(BaseModel):
    """Where a finding is in the file, and the line of the draft it starts on (for showing it)."""

    line: int
    column: int
    end_line: int
    end_column: int
    source_line: str
    source_column: int = Field(description="1-based column of the finding in source_line")
    source_length: int = Field(description="how many characters of source_line the finding covers")


class Result(BaseModel):
    """One draft checked, or a file (or record) that could not be. In ``report``, findings' and unused
    ignores' ``line``/``column`` are positions in the file; ``start``/``end`` stay offsets into the draft."""

    path: str
    record: int | None = None
    report: Report | None = None
    locations: list[Located] = Field(default_factory=list)
    error: str | None = None
    message: MessageInfo | None = None


@dataclass(frozen=True)
class Target:
    """A file to check; ``data`` is set for stdin, ``error`` when it was found but cannot be checked."""

    path: str
    data: bytes | None = None
    error: str | None = None
    kind: Kind | ArchiveKind | None = None


class PathNotFound(Exception):
    pass


# --------------------------------------------------------------------------------------------------
# Finding files
# --------------------------------------------------------------------------------------------------


def _pattern_backend() -> str | None:
    """google-re2 when installed (it is a dependency): Python's backtracking regexes took 10 s to match one
    path against ``**/*a*a*a*a*a*a*a*a*a*/**/x``, and a .tonecheckignore of such patterns slowed a 5-file run
    from 2 s to 17 s. RE2 matches in time linear in the path."""
    return "re2" if importlib.util.find_spec("re2") is not None else None


class _Spec:
    def __init__(self, base: Path, lines: Iterable[str]):
        self.base = base
        self.spec = pathspec.GitIgnoreSpec.from_lines(lines, backend=_pattern_backend())

    def matches(self, path: Path, is_dir: bool) -> bool:
        try:
            relative = path.relative_to(self.base).as_posix()
        except ValueError:
            return False
        if relative == ".":
            return False
        return self.spec.match_file(relative + "/" if is_dir else relative)


def _normal(path: Path) -> Path:
    """Absolute, with ``..`` resolved lexically (symlinks kept as named, as ignore patterns see them)."""
    return Path(os.path.abspath(path))


def _ignore_file(folder: Path) -> _Spec | None:
    file = folder / IGNORE_FILE
    try:
        return _Spec(_normal(folder), file.read_text(encoding="utf-8").splitlines()) if file.is_file() else None
    except (OSError, UnicodeDecodeError):
        return None


class Finder:
    """Yields ``Target``s for command-line paths: files as named, folders recursively (files with a
    known suffix), globs expanded. ``exclude`` (gitignore patterns relative to ``root``), the
    ``.tonecheckignore`` in ``root`` and those in folders walked apply to every path, named or found."""

    def __init__(self, root: Path, exclude: Sequence[str] = (), use_default_exclude: bool = True):
        self.root = _normal(root)
        patterns = [*(DEFAULT_EXCLUDE if use_default_exclude else ()), *exclude]
        self.specs = [_Spec(self.root, patterns)]
        root_ignore = _ignore_file(self.root)
        if root_ignore:
            self.specs.append(root_ignore)

    def excluded(self, path: Path, is_dir: bool, specs: Sequence[_Spec]) -> bool:
        absolute = _normal(path)
        return any(spec.matches(absolute, is_dir) for spec in specs)

    def targets(self, args: Sequence[str]) -> Iterator[Target]:
        missing = [a for a in args if a != "-" and not os.path.lexists(a) and not glob.has_magic(a)]
        if missing:
            raise PathNotFound(", ".join(missing))
        for arg in args:
            if arg == "-":
                yield Target("-")
            elif os.path.lexists(arg):
                yield from self._path(Path(arg))
            else:
                matched = sorted(glob.iglob(arg, recursive=True))
                if not matched:
                    raise PathNotFound(f"{arg} (no file matches)")
                for name in matched:
                    yield from self._path(Path(name))

    def _path(self, path: Path) -> Iterator[Target]:
        if path.is_dir():
            folder_archive = archive_kind(path)
            if folder_archive is not None and not self.excluded(path, True, self.specs):
                yield Target(str(path), kind=folder_archive)
            elif not self.excluded(path, True, self.specs):
                yield from self._walk(path, self.specs, _ancestry(path))
        elif not self.excluded(path, False, self.specs):
            yield Target(str(path))

    def _walk(self, top: Path, specs: list[_Spec], seen: frozenset[tuple[int, int]]) -> Iterator[Target]:
        """Depth first, in name order, with a stack instead of recursion: a tree 1,000 folders deep must not
        end the run with a RecursionError."""
        stack = [self._listing(top, specs, seen)]
        while stack:
            item = next(stack[-1], None)
            if item is None:
                stack.pop()
            elif isinstance(item, Target):
                yield item
            else:
                stack.append(self._listing(*item))

    def _listing(
        self, folder: Path, specs: list[_Spec], seen: frozenset[tuple[int, int]]
    ) -> Iterator[Target | tuple[Path, list[_Spec], frozenset[tuple[int, int]]]]:
        """The targets in one folder, and its subfolders to walk as (folder, specs, seen), in name order."""
        local = _ignore_file(folder) if _normal(folder) != self.root else None
        if local:
            specs = [*specs, local]
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            yield Target(str(folder), error=f"cannot list folder: {exc.strerror or exc}")
            return
        for entry in entries:
            path = folder / entry.name
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if self.excluded(path, True, specs):
                    continue
                try:
                    stat = path.stat()
                except OSError as exc:
                    yield Target(str(path), error=f"cannot open folder: {exc.strerror or exc}")
                    continue
                key = (stat.st_dev, stat.st_ino)
                folder_archive = archive_kind(path)  # a Maildir or Slack export is one archive, not drafts
                if folder_archive is not None:
                    yield Target(str(path), kind=folder_archive)
                    continue
                if key in seen:
                    yield Target(str(path), error="symlink loop: this folder links back to one it is inside")
                    continue
                yield (path, specs, seen | {key})
            elif path.suffix.lower() in WALKED_SUFFIXES and not self.excluded(path, False, specs):
                yield Target(str(path))


def _ancestry(path: Path) -> frozenset[tuple[int, int]]:
    keys = set()
    for folder in (path.resolve(), *path.resolve().parents):
        try:
            stat = folder.stat()
        except OSError:
            continue
        keys.add((stat.st_dev, stat.st_ino))
    return frozenset(keys)


# --------------------------------------------------------------------------------------------------
# Checking
# --------------------------------------------------------------------------------------------------


def _drafts(targets: Iterable[Target], options: Settings) -> Iterator[tuple[Source, Draft] | Result]:
    authors = Authors.of(options.author)
    for target in targets:
        if target.error:
            yield Result(path=target.path, error=target.error)
            continue
        archive = _archive(target)
        if archive is not None:
            yield from _archive_drafts(target.path, archive, options, authors)
            continue
        try:
            if target.data is not None:
                source = read_bytes(
                    target.path,
                    target.data,
                    kind=target.kind or kind_of(target.path),  # type: ignore[arg-type]
                    text_field=options.text_field,
                    encoding=options.encoding,
                )
            else:
                source = read_path(
                    target.path,
                    kind=target.kind,  # type: ignore[arg-type]
                    text_field=options.text_field,
                    encoding=options.encoding,
                )
        except UnreadableFile as exc:
            yield Result(path=target.path, error=str(exc))
            continue
        problems = dict(source.problems)
        drafts = iter(source.drafts)
        draft = next(drafts, None)
        # Records and record problems in file order.
        for record in sorted({*problems, *(d.record for d in source.drafts if d.record is not None)}):
            if record in problems:
                yield Result(path=source.path, record=record, error=problems[record])
            else:
                assert draft is not None
                yield source, draft
                draft = next(drafts, None)
        while draft is not None:
            yield source, draft
            draft = next(drafts, None)


def _archive(target: Target) -> ArchiveKind | None:
    if target.data is not None:
        return None  # stdin is read as a draft file
    if target.kind is not None:
        return target.kind if target.kind not in SUFFIX_KIND.values() else None  # type: ignore[return-value]
    return archive_kind(target.path)


def _archive_drafts(
    path: str, kind: ArchiveKind, options: Settings, authors: Authors
) -> Iterator[tuple[Source, Draft] | Result]:
    """Each message its own draft, its offsets (and so lines and columns) indexing the message's text."""
    try:
        for item in read_messages(
            path, kind, text_field=options.text_field, id_field=options.id_field, authors=authors
        ):
            if isinstance(item, Message):
                draft = Draft(item.text, item.index, [(0, 0, len(item.text))], message=item.info)
                yield Source(path, item.text, [draft]), draft
            else:
                yield Result(path=path, record=item.index, error=item.reason)
    except UnreadableFile as exc:
        yield Result(path=path, error=str(exc))


def _located(source: Source, draft: Draft, report: Report) -> Result:
    locations = []
    findings = []
    for finding in report.findings:
        line, column = source.position(draft.file_offset(finding.start))
        end_line, end_column = source.position(draft.file_offset(finding.end))
        line_start = draft.text.rfind("\n", 0, finding.start) + 1
        line_end = draft.text.find("\n", finding.start)
        text_line = draft.text[line_start : line_end if line_end >= 0 else len(draft.text)].rstrip("\r")
        covered = min(finding.end, line_start + len(text_line)) - finding.start
        locations.append(
            Located(
                line=line,
                column=column,
                end_line=end_line,
                end_column=end_column,
                source_line=text_line,
                source_column=finding.start - line_start + 1,
                source_length=max(1, covered),
            )
        )
        findings.append(finding.model_copy(update={"line": line, "column": column}))
    unused = []
    for comment in report.unused_ignores:
        offset = _offset_of(draft.text, comment.line, comment.column)
        line, column = source.position(draft.file_offset(offset))
        unused.append(comment.model_copy(update={"line": line, "column": column}))
    report = report.model_copy(update={"findings": findings, "unused_ignores": unused})
    return Result(path=source.path, record=draft.record, report=report, locations=locations, message=draft.message)


def _offset_of(text: str, line: int, column: int) -> int:
    start = 0
    for _ in range(line - 1):
        start = text.index("\n", start) + 1
    return start + column - 1


def check_in_process(checker: Checker, targets: Iterable[Target], options: Settings | None = None) -> Iterator[Result]:
    """Results in input order; drafts are parsed in batches with ``nlp.pipe``. ``options``: how files are
    read (text and id fields, authors, encoding; the Checker's own settings when None); the checker is the
    one given."""
    pending: deque[tuple[Source, Draft] | Result] = deque()
    limit: int | None = getattr(checker, "max_chars", None)

    def texts() -> Iterator[str]:
        for item in _drafts(targets, options or checker.settings):
            if isinstance(item, tuple) and limit is not None and len(item[1].text) > limit:
                # The Checker would refuse it and end the whole stream; report it and go on instead.
                item = Result(
                    path=item[0].path,
                    record=item[1].record,
                    error=f"draft of {len(item[1].text):,} characters is longer than the limit of {limit:,}",
                    message=item[1].message,
                )
            pending.append(item)
            if isinstance(item, tuple):
                yield item[1].text

    for report in checker.check_many(texts()):
        item = pending.popleft()
        while isinstance(item, Result):
            yield item
            item = pending.popleft()
        yield _located(item[0], item[1], report)
    for item in pending:
        assert isinstance(item, Result)
        yield item


_worker_checker: Checker | None = None
_worker_options: Settings | None = None


def _init_worker(options: Settings) -> None:
    global _worker_checker, _worker_options
    _worker_options = options
    if _worker_checker is None:  # not inherited from the parent (spawn / forkserver): load it once here
        _worker_checker = Checker.from_settings(options)


# Results cross from workers as JSON: pydantic-core writes and reads it several times faster than pickle
# handles nested models, and the parent reading results is on every run's critical path.
_RESULTS = TypeAdapter(list[Result])


def _check_chunk(targets: list[Target]) -> bytes:
    assert _worker_checker is not None and _worker_options is not None
    return _RESULTS.dump_json(list(check_in_process(_worker_checker, targets, _worker_options)))


def _chunks(targets: Iterable[Target], size: int) -> Iterator[list[Target]]:
    chunk: list[Target] = []
    for target in targets:
        chunk.append(target)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def check_targets(
    targets: Iterable[Target],
    options: Settings,
    jobs: int = 1,
    chunk_size: int = 16,
    checker: Checker | None = None,
) -> Iterator[Result]:
    """Check every target and stream the results in input order. ``jobs > 1``: that many worker
    processes, each with its own Checker, and at most ``4 * jobs`` chunks in flight. ``checker``: one
    already built from ``options``.

    Where processes can be forked, the workers start with a copy of this process's loaded Checker
    instead of each loading the model and rules again (seconds of work, repeated per worker); elsewhere
    each worker builds its own once."""
    if jobs <= 1:
        yield from check_in_process(checker or Checker.from_settings(options), targets, options)
        return
    global _worker_checker, _worker_options
    context = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
    if context is not None:
        _worker_checker, _worker_options = checker or Checker.from_settings(options), options
        gc.freeze()  # keep the collector off the inherited objects, so their pages stay shared, not copied
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_init_worker, initargs=(options,))
    with pool:
        window: deque[Future[bytes]] = deque()
        for chunk in _chunks(targets, chunk_size):
            window.append(pool.submit(_check_chunk, chunk))
            if len(window) >= 4 * jobs:
                yield from _RESULTS.validate_json(window.popleft().result())
        while window:
            yield from _RESULTS.validate_json(window.popleft().result())
