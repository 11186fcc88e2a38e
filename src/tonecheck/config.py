"""Project configuration: ``[tool.tonecheck]`` in ``pyproject.toml``, or ``tonecheck.toml`` /
``.tonecheck.toml``, found by walking up from the checked path.

In one folder ``.tonecheck.toml`` wins over ``tonecheck.toml`` over ``pyproject.toml``, and a
``pyproject.toml`` without a ``[tool.tonecheck]`` table is passed over, as Ruff does. Keys are the fields of
``tonecheck.settings.Settings`` in kebab-case; unknown keys and bad values are a ``ConfigError`` that names
the key and the file. Relative paths in ``rules`` and ``exclude`` are relative to the config file's folder.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .settings import Settings

CONFIG_NAMES = (".tonecheck.toml", "tonecheck.toml", "pyproject.toml")


class ConfigError(ValueError):
    """The configuration file is invalid."""


class LoadedConfig(BaseModel):
    """The settings a config file gives and where it came from (``path`` None: defaults, no file found).
    ``settings.rules`` are absolute; ``exclude`` patterns stay relative to ``root``."""

    model_config = ConfigDict(frozen=True)

    settings: Settings = Field(default_factory=Settings)
    path: Path | None = None

    @property
    def root(self) -> Path:
        """The folder relative paths in the config are taken from (the config's, else the current one)."""
        return self.path.parent if self.path else Path.cwd()


def find_config(start: Path) -> Path | None:
    """The nearest config file at or above ``start`` (a file's folder for a file)."""
    here = start.resolve()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            if name == "pyproject.toml" and "tonecheck" not in _read_toml(candidate).get("tool", {}):
                continue
            return candidate
    return None


def load_config(path: Path) -> LoadedConfig:
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("tonecheck", {})
        table = "[tool.tonecheck]"
    else:
        table = "the top level"
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            key = ".".join(str(part) for part in error["loc"])
            if error["type"] == "extra_forbidden":
                problems.append(f"unknown key {key!r} in {table}")
            else:
                problems.append(f"{key}: {error['msg']}")
        raise ConfigError(f"{path}: " + "; ".join(problems)) from None
    rules = [str(path.parent.absolute() / rule) for rule in settings.rules]
    return LoadedConfig(settings=settings.model_copy(update={"rules": rules}), path=path)


def discover(start: Path) -> LoadedConfig:
    found = find_config(start)
    return load_config(found) if found else LoadedConfig()


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None


__all__ = ["ConfigError", "LoadedConfig", "discover", "find_config", "load_config"]
