"""Project configuration: ``[tool.tonecheck]`` in ``pyproject.toml``, or ``tonecheck.toml`` /
``.tonecheck.toml``, found by walking up from the checked path.

In one folder ``.tonecheck.toml`` wins over ``tonecheck.toml`` over ``pyproject.toml``, and a
``pyproject.toml`` without a ``[tool.tonecheck]`` table is passed over, as Ruff does. Keys are kebab-case;
unknown keys and bad values are a ``ConfigError`` that names the key and the file. Relative paths in
``rules`` and ``exclude`` are relative to the config file's folder.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .models import Severity, VerdictPolicy

CONFIG_NAMES = (".tonecheck.toml", "tonecheck.toml", "pyproject.toml")


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, alias_generator=_kebab, populate_by_name=True)


class VerdictThresholds(_Section):
    """``[tool.tonecheck.verdict]``: the fields of ``VerdictPolicy``."""

    revise_at: Severity | None = None
    review_at: Severity | None = None
    revise_below: float | None = Field(default=None, ge=0.0, le=1.0)
    review_below: float | None = Field(default=None, ge=0.0, le=1.0)

    def policy(self) -> VerdictPolicy:
        return VerdictPolicy(**{k: v for k, v in self.model_dump().items() if v is not None})


class Config(_Section):
    select: list[str] | None = Field(default=None, description="rule selectors to run (all when unset)")
    ignore: list[str] = Field(default_factory=list, description="rule selectors not to run")
    severity: dict[str, Severity] = Field(default_factory=dict, description="selector -> severity")
    rules: list[str] = Field(default_factory=list, description="extra rule files or folders")
    allow: list[str] = Field(default_factory=list, description="phrases never flagged")
    fail_on: Severity = "warning"
    exclude: list[str] = Field(default_factory=list, description="gitignore-style patterns")
    model: str | None = None
    text_field: str = Field(default="text", description="field holding the message in .json/.jsonl/.csv/.parquet")
    id_field: str | None = Field(default=None, description="field holding a message id in .csv/.parquet")
    author: list[str] = Field(default_factory=list, description="in archives, check only these senders' messages")
    verdict: VerdictThresholds = Field(default_factory=VerdictThresholds)


class ConfigError(ValueError):
    """The configuration file is invalid."""


class LoadedConfig(BaseModel):
    """The config and where it came from (``path`` None: defaults, no file found)."""

    model_config = ConfigDict(frozen=True)

    config: Config = Field(default_factory=Config)
    path: Path | None = None

    @property
    def root(self) -> Path:
        """The folder relative paths in the config are taken from (the config's, else the current one)."""
        return self.path.parent if self.path else Path.cwd()

    def rule_paths(self) -> list[Path]:
        return [self.root / p for p in self.config.rules]


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
        config = Config.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            key = ".".join(str(part) for part in error["loc"])
            if error["type"] == "extra_forbidden":
                problems.append(f"unknown key {key!r} in {table}")
            else:
                problems.append(f"{key}: {error['msg']}")
        raise ConfigError(f"{path}: " + "; ".join(problems)) from None
    return LoadedConfig(config=config, path=path)


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


__all__ = ["Config", "ConfigError", "LoadedConfig", "discover", "find_config", "load_config"]
