"""``tonecheck fix``: apply the safe gentler wordings to draft files (a diff by default, ``--write`` to save).

Writing is atomic: the new text goes to a temporary file in the same folder, which then replaces the
original with ``os.replace`` (a rename, so a reader never sees half a file); the original is kept as
``NAME.bak`` unless ``--no-backup``. No link is ever followed when writing, and a file edited since it was
read is left alone (see ``write_atomically``). A file with no safe change is never opened for writing, so running
``fix --write`` twice changes nothing the second time.
"""

from __future__ import annotations

import difflib
import errno
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..escape import visible
from .app import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, app, build_checker

DRAFT_SUFFIXES = (".txt", ".md")


def _files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if str(path) == "-":
            files.append(path)
        elif path.is_dir():
            files.extend(sorted(_walk(path)))
        elif path.is_file():
            files.append(path)
        else:
            typer.echo(f"error: {path}: no such file or folder", err=True)
            raise typer.Exit(EXIT_USAGE)
    return files


def _walk(top: Path) -> Iterator[Path]:
    """Draft files under ``top``, with a stack rather than recursion (``Path.rglob`` recurses, and a tree
    1,000 folders deep ended the run with a RecursionError); links to folders are not followed."""
    folders = [top]
    while folders:
        folder = folders.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError as exc:
            typer.echo(f"{visible(str(folder))}: cannot list folder ({exc.strerror or exc}), skipped", err=True)
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                folders.append(Path(entry.path))
            elif Path(entry.name).suffix in DRAFT_SUFFIXES and entry.is_file():
                yield Path(entry.path)


def visible_lines(text: str) -> str:
    return "\n".join(visible(line) for line in text.split("\n"))


def unified_diff(name: str, before: str, after: str) -> str:
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), f"a/{name}", f"b/{name}"
    )
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


class NotWritten(Exception):
    """A file ``fix --write`` leaves alone, and why (a link, hard links, changed since it was read...)."""


def write_atomically(path: Path, text: str, *, backup: bool, original: bytes | None = None) -> None:
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
    temp = _new_file(path, text.encode("utf-8"), before)
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
def fix(
    paths: Annotated[list[Path], typer.Argument(help="Draft files or folders (.txt, .md); '-' reads stdin.")],
    write: Annotated[bool, typer.Option("--write", help="Rewrite the files instead of showing a diff.")] = False,
    backup: Annotated[bool, typer.Option("--backup/--no-backup", help="Keep the original as NAME.bak.")] = True,
    review: Annotated[
        bool, typer.Option("--review", help="Also apply 'review' suggestions (they may leave [blanks] to fill).")
    ] = False,
    rules: Annotated[Optional[list[Path]], typer.Option("--rules", help="Rule files or folders to use.")] = None,
) -> None:
    """Rewrite drafts with the gentler wordings that are safe to apply.

    Shows a unified diff (exit 1 if anything would change); with --write saves the files (exit 1 if a
    file could not be written, e.g. read-only)."""
    files = _files(paths)
    checker = build_checker(rules=rules)
    changed = written = failed = 0
    for path in files:
        if str(path) == "-":
            result = checker.rewrite(sys.stdin.read(), include_review=review)
            sys.stdout.write(result.text)
            changed += result.changed
            continue
        try:
            data = path.read_bytes()
            if b"\x00" in data:  # valid UTF-8 is no proof of text: never rewrite inside a binary file
                raise ValueError("binary file (contains NUL bytes)")
            text = data.decode("utf-8")
        except (OSError, ValueError) as exc:
            typer.echo(f"{visible(str(path))}: cannot read ({exc}), skipped", err=True)
            failed += 1
            continue
        result = checker.rewrite(text, include_review=review)
        if not result.changed:
            continue
        changed += 1
        if not write:
            diff = unified_diff(str(path), text, result.text)
            # A patch must keep the draft's bytes; on a terminal, control characters are shown, not obeyed.
            sys.stdout.write(visible_lines(diff) if sys.stdout.isatty() else diff)
            continue
        if not _writable(path):
            typer.echo(
                f"{visible(str(path))}: read-only, not changed ({len(result.changes)} change(s) available)", err=True
            )
            failed += 1
            continue
        try:
            write_atomically(path, result.text, backup=backup, original=data)
        except NotWritten as exc:
            typer.echo(f"{visible(str(path))}: {exc}, not changed", err=True)
            failed += 1
            continue
        except OSError as exc:
            typer.echo(f"{visible(str(path))}: could not write ({exc}), not changed", err=True)
            failed += 1
            continue
        written += 1
        typer.echo(f"{visible(str(path))}: {len(result.changes)} change(s) written", err=True)
    if write:
        typer.echo(f"{written} file(s) rewritten, {failed} failed, {len(files)} checked", err=True)
        raise typer.Exit(EXIT_FINDINGS if failed else EXIT_OK)
    typer.echo(f"{changed} file(s) would change, {len(files)} checked", err=True)
    raise typer.Exit(EXIT_FINDINGS if changed or failed else EXIT_OK)
