"""``tonecheck lsp``: the language server over stdio, for editors. Needs the ``lsp`` extra."""

from __future__ import annotations

import importlib.util

import typer

from .app import EXIT_USAGE, app

LSP_EXTRA_HINT = "tonecheck lsp needs the lsp extra: pip install 'tonecheck[lsp]'  (pygls)"


@app.command()
def lsp() -> None:
    """Run the language server on stdin/stdout (editors start it; see docs/editors.md)."""
    if importlib.util.find_spec("pygls") is None:
        typer.echo(f"error: pygls not installed. {LSP_EXTRA_HINT}", err=True)
        raise typer.Exit(EXIT_USAGE)
    from ..lsp.server import serve_stdio

    serve_stdio()
