"""What the language server checks with: the project config (found as the CLI finds it, walking up from the
document), with the editor's settings on top.

Editors send settings as ``initializationOptions`` and, when asked with ``workspace/configuration``, as
the ``tonecheck`` section; keys are camelCase as is usual there (``debounceMs``, ``ruleDocsUrl``). A key the
editor sets replaces the project's; one it leaves out keeps it. Unknown keys and bad values are an error the
editor is told about, naming the key.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic.alias_generators import to_camel

from ..config import ConfigError, LoadedConfig, discover
from ..models import Severity

DEFAULT_DEBOUNCE_MS = 250
# Ruff-style rule pages of the documentation site; {id}, {name} and {category} are filled in.
DEFAULT_RULE_DOCS_URL = "https://tonecheck.readthedocs.io/en/latest/rules/{id}/"


class EditorSettings(BaseModel):
    """The ``tonecheck`` settings an editor may send; unset ones leave the project config's."""

    model_config = ConfigDict(extra="forbid", frozen=True, alias_generator=to_camel, populate_by_name=True)

    select: list[str] | None = Field(default=None, description="rule selectors to run (all when unset)")
    ignore: list[str] | None = Field(default=None, description="rule selectors not to run")
    severity: dict[str, Severity] | None = Field(default=None, description="selector -> severity")
    allow: list[str] | None = Field(default=None, description="phrases never flagged")
    rules: list[str] | None = Field(default=None, description="extra rule files or folders")
    model: str | None = Field(default=None, description="spaCy pipeline name or path")
    debounce_ms: int | None = Field(default=None, ge=0, le=10_000, description="wait after a change, in ms")
    rule_docs_url: str | None = Field(default=None, description="rule page address with {id}, {name}, {category}")


class SettingsError(ValueError):
    """The editor's settings are invalid; the message names the keys."""


def editor_settings(raw: Any) -> EditorSettings:
    """The editor's settings from what it sent (None or an empty value: none)."""
    if raw in (None, "", [], {}):
        return EditorSettings()
    if isinstance(raw, dict) and isinstance(raw.get("tonecheck"), dict):
        raw = raw["tonecheck"]  # a whole settings tree rather than the section
    try:
        return EditorSettings.model_validate(raw)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            key = ".".join(str(part) for part in error["loc"]) or "settings"
            unknown = error["type"] == "extra_forbidden"
            problems.append(f"unknown setting {key!r}" if unknown else f"{key}: {error['msg']}")
        raise SettingsError("tonecheck settings: " + "; ".join(problems)) from None


@dataclass(frozen=True)
class DocumentSettings:
    """Everything one check needs. ``checker_key`` are the settings a Checker is built with (the rest are
    applied per check), so documents that agree on them share one loaded model."""

    select: tuple[str, ...] | None
    ignore: tuple[str, ...]
    severity: tuple[tuple[str, Severity], ...]
    allow: tuple[str, ...]
    rules: tuple[str, ...] | None
    model: str | None
    debounce_ms: int
    rule_docs_url: str
    config_path: Path | None

    @property
    def checker_key(self) -> tuple[object, ...]:
        return (self.model, self.rules, self.allow, self.severity)


def resolve(project: LoadedConfig, editor: EditorSettings) -> DocumentSettings:
    config = project.settings
    if editor.rules is not None:
        config = config.model_copy(update={"rules": [str(Path(p).absolute()) for p in editor.rules]})
    rule_paths = config.rule_paths()  # honours builtin-rules = false
    severity = editor.severity if editor.severity is not None else config.severity
    return DocumentSettings(
        select=tuple(editor.select) if editor.select is not None else (tuple(config.select) if config.select else None),
        ignore=tuple(editor.ignore if editor.ignore is not None else config.ignore),
        severity=tuple(sorted(severity.items())),
        allow=tuple(editor.allow if editor.allow is not None else config.allow),
        rules=tuple(rule_paths) if rule_paths is not None else None,
        model=editor.model or config.model,
        debounce_ms=DEFAULT_DEBOUNCE_MS if editor.debounce_ms is None else editor.debounce_ms,
        rule_docs_url=editor.rule_docs_url or DEFAULT_RULE_DOCS_URL,
        config_path=project.path,
    )


def project_config(document_path: Path | None, root: Path | None) -> LoadedConfig:
    """The config for a document: found from its folder (or the workspace root for an unsaved buffer).
    Raises ``ConfigError`` for a bad file."""
    start = document_path if document_path is not None else root
    return discover(start) if start is not None else LoadedConfig()


__all__ = [
    "DEFAULT_DEBOUNCE_MS",
    "ConfigError",
    "DocumentSettings",
    "EditorSettings",
    "SettingsError",
    "editor_settings",
    "project_config",
    "resolve",
]
