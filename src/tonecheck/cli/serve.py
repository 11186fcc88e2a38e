"""``tonecheck serve``: the HTTP API and the page, on uvicorn. Needs the ``server`` extra."""

from __future__ import annotations

import importlib.util
import inspect
import os
from typing import Annotated, Any, Optional

import typer

from ..engine.pipeline import ModelNotFoundError, resolve_model
from ..loader import RuleLoadError, load_rules
from ..overrides import Overrides
from .app import EXIT_USAGE, app
from .options import SettingsOptions, fail, with_settings_options

SERVER_EXTRA_HINT = "tonecheck serve needs the server extra: pip install 'tonecheck[server]'  (FastAPI and uvicorn)"


@app.command()
@with_settings_options(files=False)
def serve(
    host: Annotated[str, typer.Option(help="Address to bind; loopback only by default.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on (0 picks a free one).")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes; each loads the model once.")] = 1,
    max_body_bytes: Annotated[int, typer.Option(min=1, help="Larger request bodies get 413.")] = 64 * 1024,
    timeout: Annotated[float, typer.Option(min=0.001, help="Seconds a check may take before 503.")] = 5.0,
    cors_origin: Annotated[
        Optional[list[str]], typer.Option("--cors-origin", help="A browser origin allowed to call the API.")
    ] = None,
    allowed_host: Annotated[
        Optional[list[str]],
        typer.Option("--allowed-host", help="A Host name the server answers besides the loopback names ('*' for any)."),
    ] = None,
    max_requests: Annotated[
        int, typer.Option(min=1, help="Checks before the check process is replaced (bounds memory).")
    ] = 200,
    max_memory_mb: Annotated[
        float, typer.Option(min=1, help="Resident MB past which the check process is replaced.")
    ] = 1024,
    max_connections: Annotated[
        int, typer.Option(min=1, help="Open connections per worker; past it the slowest to send are closed.")
    ] = 500,
    header_timeout: Annotated[
        float, typer.Option(min=0.001, help="Seconds a client may take to send its headers.")
    ] = 10.0,
    body_timeout: Annotated[float, typer.Option(min=0.001, help="Seconds a client may take to send its body.")] = 10.0,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
    *,
    settings_options: SettingsOptions,
) -> None:
    """Serve the pre-send API (POST /v1/check, /v1/presend, /v1/rewrite; GET /v1/rules, /healthz) and the page.

    Checks with the same settings as tonecheck check: the config file found from the current folder (or
    --config, or none with --isolated), with the options on top."""
    missing = [name for name in ("fastapi", "uvicorn") if importlib.util.find_spec(name) is None]
    if missing:
        # Plain echo: rich would read "[server]" as markup and drop it.
        typer.echo(f"error: {' and '.join(missing)} not installed. {SERVER_EXTRA_HINT}", err=True)
        raise typer.Exit(EXIT_USAGE)
    import uvicorn

    from ..server.settings import LOOPBACK_HOSTS, ServerSettings

    loaded = settings_options.resolve([])
    # Rules, selectors, overrides and the model are checked here, so a typo fails once with the reason, not
    # in every worker.
    try:
        ruleset = load_rules(loaded.settings.rule_paths()).select(
            loaded.settings.select, loaded.settings.ignore, preview=loaded.settings.preview
        )
        Overrides(ruleset, loaded.settings.allow, loaded.settings.severity)
        resolve_model(loaded.settings.model)
    except (RuleLoadError, ModelNotFoundError, ValueError) as exc:
        raise fail(str(exc)) from None
    hosts = list(LOOPBACK_HOSTS) + list(allowed_host or ())
    if host not in ("0.0.0.0", "::", ""):
        hosts.append(host)  # the address it was told to bind is a name it answers to
    settings = ServerSettings(
        max_body_bytes=max_body_bytes,
        timeout=timeout,
        checker=loaded.settings,
        cors_origins=list(cors_origin or ()),
        allowed_hosts=hosts,
        max_requests=max_requests,
        max_memory_mb=max_memory_mb,
        max_connections=max_connections,
        header_timeout=header_timeout,
        body_timeout=body_timeout,
    )
    _raise_descriptor_limit(max_connections)
    # Workers are separate processes started from an import string; they read the settings back from here.
    os.environ.update(settings.to_env())
    extra: dict[str, Any] = {}
    if "timeout_worker_healthcheck" in inspect.signature(uvicorn.Config).parameters:
        # A worker must answer the supervisor's first ping within this; importing the CLI alone can take
        # 5 s on a busy machine, and uvicorn's default (5) then kills every worker as it starts.
        extra["timeout_worker_healthcheck"] = 60
    uvicorn.run(
        "tonecheck.server.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
        http="tonecheck.server.protocol:GuardedH11Protocol",  # header deadline and connection cap
        limit_concurrency=max_connections + 100,
        timeout_keep_alive=5,
        **extra,
    )


def _raise_descriptor_limit(connections: int) -> None:
    """Let the soft descriptor limit go as high as the hard one allows: each connection takes one, and the
    connection cap must be reached before the process runs out (EMFILE stops it accepting anyone)."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        wanted = connections + 200
        if soft != resource.RLIM_INFINITY and soft < wanted:
            resource.setrlimit(
                resource.RLIMIT_NOFILE, (wanted if hard == resource.RLIM_INFINITY else min(wanted, hard), hard)
            )
    except (ImportError, ValueError, OSError):
        pass
