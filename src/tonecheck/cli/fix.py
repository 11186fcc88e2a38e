"""``tonecheck fix``: apply the safe gentler wordings to draft files (a diff by default, ``--write`` to save).

Writing is atomic: the new text goes to a temporary file in the same folder, which then replaces the
original with ``os.replace`` (a rename, so a reader never sees half a file); the original is kept as
``NAME.bak`` unless ``--no-backup``. A file with no safe change is never opened for writing, so running
``fix --write`` twice changes nothing the second time.
"""

from __future__ import annotations

import difflib
import os
import shutil
import stat
import sys
import tempfile
from pathlib import Path
from typing import Annotated, Optional

import typer

from .app import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, app, build_checker

DRAFT_SUFFIXES = (".txt", ".md")


def _files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if str(path) == "-":
            files.append(path)
        elif path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix in DRAFT_SUFFIXES and p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            typer.echo(f"error: {path}: no such file or folder", err=True)
            raise typer.Exit(EXIT_USAGE)
    return files


def unified_diff(name: str, before: str, after: str) -> str:
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), f"a/{name}", f"b/{name}"
    )
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def write_atomically(path: Path, text: str, *, backup: bool) -> None:
    """Replace ``path``'s content with ``text``: temp file in the same folder, then ``os.replace``."""
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        shutil.copymode(path, temp)
        if backup:
            shutil.copy2(path, path.with_name(path.name + ".bak"))
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


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
            typer.echo(f"{path}: cannot read ({exc}), skipped", err=True)
            failed += 1
            continue
        result = checker.rewrite(text, include_review=review)
        if not result.changed:
            continue
        changed += 1
        if not write:
            sys.stdout.write(unified_diff(str(path), text, result.text))
            continue
        if not _writable(path):
            typer.echo(f"{path}: read-only, not changed ({len(result.changes)} change(s) available)", err=True)
            failed += 1
            continue
        try:
            write_atomically(path, result.text, backup=backup)
        except OSError as exc:
            typer.echo(f"{path}: could not write ({exc}), not changed", err=True)
            failed += 1
            continue
        written += 1
        typer.echo(f"{path}: {len(result.changes)} change(s) written", err=True)
    if write:
        typer.echo(f"{written} file(s) rewritten, {failed} failed, {len(files)} checked", err=True)
        raise typer.Exit(EXIT_FINDINGS if failed else EXIT_OK)
    typer.echo(f"{changed} file(s) would change, {len(files)} checked", err=True)
    raise typer.Exit(EXIT_FINDINGS if changed or failed else EXIT_OK)
