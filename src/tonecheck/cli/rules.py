"""``tonecheck test-rules``: the rule-example harness for rule authors."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .app import EXIT_FINDINGS, EXIT_OK, app, build_checker, out


@app.command("test-rules")
def test_rules(
    folders: Annotated[list[Path], typer.Argument(help="Rule files or folders to test.")],
) -> None:
    """Run every example in the given rule files and report the ones that fail."""
    from ..testing import example_cases, run_case

    checker = build_checker(rules=folders)
    failures = total = 0
    for case in example_cases(checker.ruleset):
        total += 1
        problem = run_case(checker, case)
        if problem:
            failures += 1
            out.print(f"FAIL {problem}")
    out.print(f"{total - failures} passed, {failures} failed, {len(checker.ruleset)} rules")
    raise typer.Exit(EXIT_FINDINGS if failures else EXIT_OK)
