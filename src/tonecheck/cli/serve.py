"""``tonecheck serve``: the HTTP API and the page, on uvicorn. Needs the ``server`` extra."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..loader import RuleLoadError, load_rules
from .app import EXIT_USAGE, app, err

SERVER_EXTRA_HINT = "tonecheck serve needs the server extra: pip install 'tonecheck[server]'  (FastAPI and uvicorn)"


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to bind; loopback only by default.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on (0 picks a free one).")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes; each loads the model once.")] = 1,
    max_body_bytes: Annotated[int, typer.Option(min=1, help="Larger request bodies get 413.")] = 64 * 1024,
    timeout: Annotated[float, typer.Option(min=0.001, help="Seconds a check may take before 503.")] = 5.0,
    rules: Annotated[Optional[list[Path]], typer.Option("--rules", help="Rule files or folders to use.")] = None,
    cors_origin: Annotated[
        Optional[list[str]], typer.Option("--cors-origin", help="A browser origin allowed to call the API.")
    ] = None,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
) -> None:
    """Serve the pre-send API (POST /v1/check, /v1/presend; GET /v1/rules, /healthz) and the page at /."""
    missing = [name for name in ("fastapi", "uvicorn") if importlib.util.find_spec(name) is None]
    if missing:
        # Plain echo: rich would read "[server]" as markup and drop it.
        typer.echo(f"error: {' and '.join(missing)} not installed. {SERVER_EXTRA_HINT}", err=True)
        raise typer.Exit(EXIT_USAGE)
    import uvicorn

    from ..server.settings import ServerSettings

    # Rule files are checked here so a typo fails with the file and field named, not in every worker.
    try:
        load_rules(rules or None)
    except RuleLoadError as exc:
        err.print(f"error: {exc}")
        raise typer.Exit(EXIT_USAGE) from None
    settings = ServerSettings(
        max_body_bytes=max_body_bytes,
        timeout=timeout,
        rules=[str(path) for path in rules or ()],
        cors_origins=list(cors_origin or ()),
    )
    # Workers are separate processes started from an import string; they read the settings back from here.
    os.environ.update(settings.to_env())
    uvicorn.run(
        "tonecheck.server.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
    )
