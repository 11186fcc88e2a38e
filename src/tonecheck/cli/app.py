"""The Typer app every command module registers on, and helpers they share."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from rich.console import Console

from .. import __version__
from ..engine.pipeline import ModelNotFoundError
from ..loader import RuleLoadError

if TYPE_CHECKING:
    from ..api import Checker

app = typer.Typer(
    help="Check drafts for pressuring, blaming and missing I-statements.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
out = Console(highlight=False)
# Errors are never wrapped: a path split across lines cannot be copied or matched by a tool reading stderr.
err = Console(stderr=True, highlight=False, soft_wrap=True)

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


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


def build_checker(
    rules: Sequence[Path] | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    model: str | None = None,
    preview: bool = False,
) -> Checker:
    """A Checker, or exit 2 with the reason (bad rule files, no model, unknown selector)."""
    from ..api import Checker

    try:
        return Checker(rules=list(rules) if rules else None, select=select, ignore=ignore, model=model, preview=preview)
    except (RuleLoadError, ModelNotFoundError, ValueError) as exc:
        err.print(f"error: {exc}")
        raise typer.Exit(EXIT_USAGE) from None
