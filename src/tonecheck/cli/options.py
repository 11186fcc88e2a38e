"""The options every checking command shares, and the one way they become a ``Settings``.

``check``, ``fix`` and ``serve`` (and any later front end) take these options through
``@with_settings_options`` and resolve them with ``SettingsOptions.resolve`` (``resolve_settings``): the config
file found (or named, or none with ``--isolated``) gives the base, the options go on top
(``Settings.with_options``), and the result is one ``Settings`` the command hands on whole.
"""

from __future__ import annotations

import functools
import glob
import inspect
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Optional, TypeVar

import typer

from ..config import ConfigError, LoadedConfig, discover, load_config
from ..models import SEVERITY_RANK, Severity
from ..settings import Settings
from .app import EXIT_USAGE, err

R = TypeVar("R")

SelectOption = Annotated[
    Optional[list[str]],
    typer.Option(
        help="Rules to run: ids, prefixes (BL), categories, dotted names with * (comma-separated, repeatable)."
    ),
]
IgnoreOption = Annotated[Optional[list[str]], typer.Option(help="Rules not to run (same selectors).")]
PreviewOption = Annotated[
    Optional[bool],
    typer.Option(
        "--preview/--no-preview",
        help="Also run preview rules (new or experimental, off by default). Without it, a preview rule runs only "
        "when --select names it by its exact id; a prefix or category does not.",
    ),
]
SeverityOption = Annotated[
    Optional[list[str]], typer.Option(help="Severity override, SELECTOR=info|warning|error (repeatable).")
]
AllowOption = Annotated[Optional[list[str]], typer.Option(help="A phrase never to flag (repeatable).")]
RulesOption = Annotated[
    Optional[list[Path]], typer.Option(help="Extra rule files or folders, added to the shipped ones (repeatable).")
]
ExcludeOption = Annotated[
    Optional[list[str]], typer.Option(help="Gitignore-style pattern of paths to skip (repeatable).")
]
ModelOption = Annotated[Optional[str], typer.Option(help="spaCy pipeline name or path.")]
TextFieldOption = Annotated[
    Optional[str], typer.Option(help="Field or column holding the message in .json/.jsonl/.csv/.parquet.")
]
EncodingOption = Annotated[
    Optional[str],
    typer.Option(help="Encoding of files that are not UTF-8 (or marked by a BOM), e.g. latin-1 or cp1252."),
]
ConfigOption = Annotated[Optional[Path], typer.Option(help="Use this config file instead of searching.")]
IsolatedOption = Annotated[bool, typer.Option(help="Ignore config files.")]
FailOnOption = Annotated[
    Optional[str], typer.Option(help="Exit 1 for findings at or above: info, warning (default), error.")
]


# The settings options, declared once: name -> (annotation, default). ``with_settings_options`` adds them to a
# command; the command gets them back as one ``SettingsOptions``.
_RULE_OPTIONS: dict[str, tuple[Any, Any]] = {
    "select": (SelectOption, None),
    "ignore": (IgnoreOption, None),
    "preview": (PreviewOption, None),
    "severity": (SeverityOption, None),
    "allow": (AllowOption, None),
    "rules": (RulesOption, None),
    "model": (ModelOption, None),
    "config": (ConfigOption, None),
    "isolated": (IsolatedOption, False),
}
_FILE_OPTIONS: dict[str, tuple[Any, Any]] = {
    "exclude": (ExcludeOption, None),
    "text_field": (TextFieldOption, None),
    "encoding": (EncodingOption, None),
}


@dataclass(frozen=True)
class SettingsOptions:
    """The settings options a command was given, to resolve into its ``Settings`` once."""

    values: dict[str, Any]

    def resolve(self, paths: list[str], **more: Any) -> LoadedConfig:
        """``resolve_settings`` with these options and the command's own (``stdin_filename``, ``fail_on``...)."""
        return resolve_settings(paths, **self.values, **more)


def with_settings_options(*, files: bool) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """Adds the shared settings options to a typer command (the rule options; with ``files``, also the options
    about reading files) and passes them to it as ``settings_options: SettingsOptions``."""
    shared = {**_RULE_OPTIONS, **(_FILE_OPTIONS if files else {})}

    def decorate(command: Callable[..., R]) -> Callable[..., R]:
        signature = inspect.signature(command, eval_str=True)
        own = [p for p in signature.parameters.values() if p.name != "settings_options"]
        added = [
            inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=default)
            for name, (annotation, default) in shared.items()
        ]

        @functools.wraps(command)
        def run(*args: Any, **kwargs: Any) -> R:
            given = {name: kwargs.pop(name) for name in shared}
            return command(*args, settings_options=SettingsOptions(given), **kwargs)

        run.__signature__ = signature.replace(parameters=own + added)  # type: ignore[attr-defined]
        run.__annotations__ = {p.name: p.annotation for p in own + added} | {"return": signature.return_annotation}
        return run

    return decorate


def split(values: Optional[list[str]]) -> Optional[list[str]]:
    """Repeatable, comma-separated options -> one list (None when not given)."""
    if values is None:
        return None
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def fail(message: str) -> typer.Exit:
    """Print ``error: message`` on stderr and return the exit (2) for the caller to raise."""
    err.print(f"error: {message}", markup=False, highlight=False, soft_wrap=True)
    return typer.Exit(EXIT_USAGE)


def config_start(paths: list[str], stdin_filename: str | None = None) -> Path:
    """Where the config search starts: the folder all checked paths share."""
    places = []
    for raw in paths:
        if raw == "-":
            places.append(Path(stdin_filename).absolute().parent if stdin_filename else Path.cwd())
            continue
        if glob.has_magic(raw):
            parts = Path(raw).parts
            fixed = next((i for i, part in enumerate(parts) if glob.has_magic(part)), len(parts))
            raw = str(Path(*parts[:fixed])) if fixed else "."
        places.append(Path(raw).absolute())
    return Path(os.path.commonpath(places)) if places else Path.cwd()


def resolve_settings(
    paths: list[str],
    *,
    config: Optional[Path] = None,
    isolated: bool = False,
    stdin_filename: Optional[str] = None,
    select: Optional[list[str]] = None,
    ignore: Optional[list[str]] = None,
    preview: Optional[bool] = None,
    severity: Optional[list[str]] = None,
    allow: Optional[list[str]] = None,
    rules: Optional[list[Path]] = None,
    exclude: Optional[list[str]] = None,
    model: Optional[str] = None,
    text_field: Optional[str] = None,
    encoding: Optional[str] = None,
    fail_on: Optional[str] = None,
    id_field: Optional[str] = None,
    author: Optional[list[str]] = None,
) -> LoadedConfig:
    """The config for ``paths`` (or ``config``, or none when ``isolated``) with the options on top; exits 2
    with the reason for a bad config file or option value."""
    try:
        loaded = (
            LoadedConfig()
            if isolated
            else (load_config(config) if config else discover(config_start(paths, stdin_filename)))
        )
    except ConfigError as exc:
        raise fail(str(exc)) from None
    if fail_on is not None and fail_on not in SEVERITY_RANK:
        raise fail(f"--fail-on must be info, warning or error, not {fail_on!r}")
    overrides: dict[str, Severity] = {}
    for item in split(severity) or []:
        key, _, level = item.partition("=")
        if level not in SEVERITY_RANK or not key:
            raise fail(f"--severity takes SELECTOR=info|warning|error, not {item!r}")
        overrides[key.strip()] = level  # type: ignore[assignment]
    try:
        settings: Settings = loaded.settings.with_options(
            select=split(select),
            ignore=split(ignore),
            preview=preview,
            severity=overrides,
            rules=rules,
            allow=allow,
            fail_on=fail_on,  # type: ignore[arg-type]
            exclude=exclude,
            model=model,
            text_field=text_field,
            encoding=encoding,
            id_field=id_field,
            author=author,
        )
    except ValueError as exc:  # pydantic's ValidationError, e.g. an unknown --encoding
        raise fail(_first_error(exc)) from None
    return loaded.model_copy(update={"settings": settings})


def _first_error(exc: ValueError) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        first = errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        return f"--{field.replace('_', '-')}: {str(first['msg']).removeprefix('Value error, ')}"
    return str(exc)
