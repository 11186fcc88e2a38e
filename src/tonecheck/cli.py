"""The ``tonecheck`` command: a thin adapter over ``tonecheck.api``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from . import __version__
from .loader import RuleLoadError
from .pipeline import ModelNotFoundError

app = typer.Typer(help="Check drafts for pressuring, blaming and missing I-statements.", no_args_is_help=True)
out = Console()
err = Console(stderr=True)


def _version(value: bool) -> None:
    if value:
        print(f"tonecheck {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        Optional[bool], typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = None,
) -> None:
    """tonecheck reads drafts before they are sent."""


def _checker(rules: list[Path] | None = None, select: list[str] | None = None, ignore: list[str] | None = None):  # type: ignore[no-untyped-def]
    from .api import Checker

    try:
        return Checker(rules=rules or None, select=select, ignore=ignore)
    except (RuleLoadError, ModelNotFoundError, ValueError) as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from None


@app.command()
def check(
    paths: Annotated[list[Path], typer.Argument(help="Draft files or folders; '-' reads stdin.")],
    output_format: Annotated[str, typer.Option("--format", help="text or json")] = "text",
) -> None:
    """Check drafts and list what sounds pressuring or blaming."""
    checker = _checker()
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix in (".txt", ".md") and p.is_file()))
        else:
            files.append(path)
    results = []
    for file in files:
        text = sys.stdin.read() if str(file) == "-" else Path(file).read_text(encoding="utf-8")
        report = checker.check(text)
        results.append((str(file), report))
    if output_format == "json":
        print(json.dumps([{"path": p, **r.model_dump()} for p, r in results], indent=2))
    else:
        for name, result in results:
            for f in result.findings:
                out.print(f"{name}:{f.line}:{f.column}  {f.rule_id}  {f.severity}  {f.message}", highlight=False)
    raise typer.Exit(1 if any(r.findings for _, r in results) else 0)


@app.command("test-rules")
def test_rules(
    folders: Annotated[list[Path], typer.Argument(help="Rule files or folders to test.")],
) -> None:
    """Run every example in the given rule files and report the ones that fail."""
    from .testing import example_cases, run_case

    checker = _checker(rules=folders)
    failures = 0
    total = 0
    for case in example_cases(checker.ruleset):
        total += 1
        problem = run_case(checker, case)
        if problem:
            failures += 1
            out.print(f"[red]FAIL[/red] {problem}", highlight=False)
    out.print(f"{total - failures} passed, {failures} failed, {len(checker.ruleset)} rules", highlight=False)
    raise typer.Exit(1 if failures else 0)


if __name__ == "__main__":
    app()
