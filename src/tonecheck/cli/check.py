"""``tonecheck check``: lint drafts."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from ..models import Report
from .app import EXIT_FINDINGS, EXIT_OK, app, build_checker, out


@app.command()
def check(
    paths: Annotated[list[Path], typer.Argument(help="Draft files or folders; '-' reads stdin.")],
    output_format: Annotated[str, typer.Option("--format", help="text or json")] = "text",
) -> None:
    """Check drafts and list what sounds pressuring or blaming."""
    checker = build_checker()
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix in (".txt", ".md") and p.is_file()))
        else:
            files.append(path)
    results: list[tuple[str, Report]] = []
    for file in files:
        text = sys.stdin.read() if str(file) == "-" else file.read_text(encoding="utf-8")
        results.append((str(file), checker.check(text)))
    if output_format == "json":
        print(json.dumps([{"path": p, **r.model_dump()} for p, r in results], indent=2))
    else:
        for name, report in results:
            for f in report.findings:
                out.print(f"{name}:{f.line}:{f.column}  {f.rule_id}  {f.severity}  {f.message}")
    raise typer.Exit(EXIT_FINDINGS if any(r.findings for _, r in results) else EXIT_OK)
