"""``tonecheck fix``: apply the safe gentler wordings to draft files (a diff by default, ``--write`` to save).

Writing is atomic: the new text goes to a temporary file in the same folder, which then replaces the
original with ``os.replace`` (a rename, so a reader never sees half a file); the original is kept as
``NAME.bak`` unless ``--no-backup``. No link is ever followed when writing, and a file edited since it was
read is left alone (see ``write_atomically``). A file with no safe change is never opened for writing, so running
``fix --write`` twice changes nothing the second time.

Files are found and read exactly as ``tonecheck check`` finds and reads them (the same settings, config file,
``.tonecheckignore``, formats and error messages). Each change is written back only where the words it
replaces stand verbatim in the file (a Markdown paragraph, an email body line, a JSON string without
escapes); anywhere else it is reported and left for the writer.
"""

from __future__ import annotations

import codecs
import difflib
import errno
import json
import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from ..api import Checker
from ..engine.pipeline import ModelNotFoundError
from ..escape import visible
from ..io.archives import archive_kind
from ..io.batch import Finder, PathNotFound
from ..io.sources import Source, UnreadableFile, read_bytes, read_path
from ..loader import RuleLoadError
from .app import EXIT_FINDINGS, EXIT_OK, app, err
from .options import SettingsOptions, fail, with_settings_options

DRAFT_SUFFIXES = (".txt", ".md")


_BOM_ENCODINGS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def written_encoding(data: bytes, encoding: str | None) -> str:
    """The encoding to write a file back in: the one it was read in (``--encoding``, its BOM's, or UTF-8)."""
    if encoding:
        return encoding
    return next((name for bom, name in _BOM_ENCODINGS if data.startswith(bom)), "utf-8")


def rewrite_source(checker: Checker, source: Source, kind_is_json: bool, include_review: bool) -> tuple[str, int, int]:
    """The file's text with each draft's rewrite applied in place, how many changes were applied, and how
    many could not be (their words are not stored verbatim in the file)."""
    edits: list[tuple[int, int, str]] = []
    skipped = 0
    for draft in source.drafts:
        result = checker.rewrite(draft.text, include_review=include_review)
        for change in result.changes:
            start, end = draft.file_offset(change.start), draft.file_offset(change.end)
            if source.text[start:end] != change.original or end - start != change.end - change.start:
                skipped += 1
                continue
            replacement = (
                json.dumps(change.replacement, ensure_ascii=False)[1:-1] if kind_is_json else change.replacement
            )
            edits.append((start, end, replacement))
    text = source.text
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text, len(edits), skipped


def visible_lines(text: str) -> str:
    return "\n".join(visible(line) for line in text.split("\n"))


def unified_diff(name: str, before: str, after: str) -> str:
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), f"a/{name}", f"b/{name}"
    )
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


class NotWritten(Exception):
    """A file ``fix --write`` leaves alone, and why (a link, hard links, changed since it was read...)."""


def write_atomically(
    path: Path, text: str, *, backup: bool, original: bytes | None = None, encoding: str = "utf-8"
) -> None:
    """Replace ``path``'s content with ``text``: temp file in the same folder, then ``os.replace``.

    Never follows a link: a ``path`` that is a symbolic link is refused, and the temporary file and the backup
    are created new (``O_CREAT | O_EXCL``) and renamed into place, so a planted ``NAME.bak`` link is replaced,
    not written through. The new file gets the old one's mode, owner, group and extended attributes (refused
    if the owner cannot be kept). A file with more than one hard link is refused (a rename would split it
    from its other names). ``original``: the bytes the new text was made from; if the file holds anything
    else now (edited meanwhile), it is refused."""
    before = os.lstat(path)
    if stat.S_ISLNK(before.st_mode):
        raise NotWritten("is a symbolic link; fix the file it points to instead")
    if before.st_nlink > 1:
        raise NotWritten(f"has {before.st_nlink} hard links; a rewrite would split them")
    if original is not None and path.read_bytes() != original:
        raise NotWritten("changed since it was read (edited meanwhile?)")
    if backup:
        saved = _new_file(path, original if original is not None else path.read_bytes(), before)
        try:
            os.replace(saved, path.with_name(path.name + ".bak"))  # replaces a link there, never follows it
        except BaseException:
            Path(saved).unlink(missing_ok=True)
            raise
    temp = _new_file(path, text.encode(encoding), before)
    try:
        now = os.lstat(path)
        if (now.st_ino, now.st_size, now.st_mtime_ns) != (before.st_ino, before.st_size, before.st_mtime_ns):
            raise NotWritten("changed since it was read (edited meanwhile?)")
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _new_file(path: Path, data: bytes, like: os.stat_result) -> str:
    """A new hidden file beside ``path`` holding ``data``, with ``like``'s mode, owner, group and xattrs."""
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")  # O_EXCL, 0600
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            if (like.st_uid, like.st_gid) != (os.geteuid(), os.getegid()):
                try:
                    os.fchown(out.fileno(), like.st_uid, like.st_gid)
                except PermissionError:
                    raise NotWritten("owned by another user, whom the rewritten file could not keep") from None
            os.fchmod(out.fileno(), stat.S_IMODE(like.st_mode))
            _copy_xattrs(path, out.fileno())
            os.fsync(out.fileno())
    except BaseException:
        os.unlink(temp)
        raise
    return temp


def _copy_xattrs(source: Path, target: int) -> None:
    if not hasattr(os, "listxattr"):
        return
    try:
        names = os.listxattr(source, follow_symlinks=False)
    except OSError:
        return  # the file system has none
    for name in names:
        try:
            os.setxattr(target, name, os.getxattr(source, name, follow_symlinks=False))
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EACCES):
                raise  # security.* and trusted.* need privileges; any other failure is reported


def _writable(path: Path) -> bool:
    """Writable by us, and not marked read-only: root may write anything, but a file without write bits
    was made read-only on purpose and is left alone."""
    marked_read_only = not path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    return not marked_read_only and os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)


@app.command()
@with_settings_options(files=True)
def fix(
    paths: Annotated[
        list[str],
        typer.Argument(help="Files, folders (recursive), globs, as for check; '-' reads stdin and prints the rewrite."),
    ],
    write: Annotated[bool, typer.Option("--write", help="Rewrite the files instead of showing a diff.")] = False,
    backup: Annotated[bool, typer.Option("--backup/--no-backup", help="Keep the original as NAME.bak.")] = True,
    review: Annotated[
        bool, typer.Option("--review", help="Also apply 'review' suggestions (they may leave [blanks] to fill).")
    ] = False,
    *,
    settings_options: SettingsOptions,
) -> None:
    """Rewrite drafts with the gentler wordings that are safe to apply.

    Reads what check reads, with the same settings (config file, .tonecheckignore, --exclude). Shows a
    unified diff (exit 1 if anything would change); with --write saves the files (exit 1 if a file could
    not be read or written, e.g. read-only)."""
    loaded = settings_options.resolve(paths)
    settings = loaded.settings
    finder = Finder(loaded.root, settings.exclude)
    try:
        targets = list(finder.targets(paths))
    except PathNotFound as exc:
        raise fail(f"no such file or folder: {exc}") from None
    try:
        checker = Checker.from_settings(settings)
    except (RuleLoadError, ModelNotFoundError, ValueError) as exc:
        raise fail(str(exc)) from None
    changed = written = failed = 0
    for target in targets:
        if target.path == "-":
            try:
                stdin = read_bytes("-", sys.stdin.buffer.read(), encoding=settings.encoding)
            except UnreadableFile as exc:
                _unreadable("-", str(exc))
                failed += 1
                continue
            result = checker.rewrite(stdin.text, include_review=review)
            sys.stdout.write(result.text)
            changed += result.changed
            continue
        path = Path(target.path)
        if archive_kind(path) is not None:
            # Chat and mail archives are read message by message (see check); fix rewrites draft files only.
            err.print(
                f"{visible(target.path)}: skipped: a message archive, not a draft file", markup=False, highlight=False
            )
            continue
        try:
            if target.error:
                raise UnreadableFile(target.error)
            source = read_path(path, text_field=settings.text_field, encoding=settings.encoding)
            original = path.read_bytes()  # what the new text is made from; write_atomically refuses other bytes
        except OSError as exc:
            _unreadable(target.path, f"cannot read: {exc.strerror or exc}")
            failed += 1
            continue
        except UnreadableFile as exc:
            _unreadable(target.path, str(exc))
            failed += 1
            continue
        kind_is_json = path.suffix.lower() in (".json", ".jsonl", ".ndjson")
        text, applied, skipped = rewrite_source(checker, source, kind_is_json, review)
        if skipped:
            err.print(
                f"{visible(target.path)}: {skipped} change(s) not applied: "
                "the words are not stored verbatim in the file",
                markup=False,
                highlight=False,
            )
        if not applied:
            continue
        changed += 1
        if not write:
            diff = unified_diff(target.path, source.text, text)
            # A patch must keep the draft's bytes; on a terminal, control characters are shown, not obeyed.
            sys.stdout.write(visible_lines(diff) if sys.stdout.isatty() else diff)
            continue
        if not _writable(path):
            typer.echo(f"{visible(str(path))}: read-only, not changed ({applied} change(s) available)", err=True)
            failed += 1
            continue
        try:
            write_atomically(
                path, text, backup=backup, original=original, encoding=written_encoding(original, settings.encoding)
            )
        except NotWritten as exc:
            typer.echo(f"{visible(str(path))}: {exc}, not changed", err=True)
            failed += 1
            continue
        except (OSError, UnicodeEncodeError) as exc:
            typer.echo(f"{visible(str(path))}: could not write ({exc}), not changed", err=True)
            failed += 1
            continue
        written += 1
        typer.echo(f"{visible(str(path))}: {applied} change(s) written", err=True)
    if write:
        typer.echo(f"{written} file(s) rewritten, {failed} failed, {len(targets)} checked", err=True)
        raise typer.Exit(EXIT_FINDINGS if failed else EXIT_OK)
    typer.echo(f"{changed} file(s) would change, {len(targets)} checked", err=True)
    raise typer.Exit(EXIT_FINDINGS if changed or failed else EXIT_OK)


def _unreadable(where: str, reason: str) -> None:
    # The same line tonecheck check prints for a file it cannot read.
    err.print(f"{visible(where)}: error: {visible(reason)}", markup=False, highlight=False, soft_wrap=True)
