"""What the language server checks with: the project's ``Settings`` (the config found as the CLI finds it,
walking up from the document), with the editor's settings on top.

Editors send settings as ``initializationOptions`` and, when asked with ``workspace/configuration``, as
the ``tonecheck`` section; keys are camelCase as is usual there (``debounceMs``, ``builtinRules``,
``verdict.reviseAt``). Every key of the config file is accepted (validated by ``tonecheck.settings.Settings``,
the one settings object of every entry point) plus two of the editor's own: ``debounceMs`` and
``ruleDocsUrl``. A key the editor sets replaces the project's; one it leaves out keeps it. Unknown keys and
bad values are an error the editor is told about, naming the key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..config import ConfigError, LoadedConfig, discover
from ..io.batch import Finder
from ..ruleset.selectors import could_name_exactly
from ..settings import Settings

DEFAULT_DEBOUNCE_MS = 250
# Ruff-style rule pages of the documentation site; {id}, {name} and {category} are filled in.
DEFAULT_RULE_DOCS_URL = "https://tonecheck.readthedocs.io/en/latest/rules/{id}/"
# Applied per check rather than when the Checker is built, so changing them does not load the model again;
# the rest do not concern a buffer the editor already holds as text (encoding, tables, archives, exit code).
PER_CHECK = {"select", "ignore", "fail_on", "exclude", "text_field", "id_field", "author", "encoding"}


class EditorOnly(BaseModel):
    """The editor's settings that are not the config file's."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    debounce_ms: int | None = Field(default=None, ge=0, le=10_000, description="wait after a change, in ms")
    rule_docs_url: str | None = Field(default=None, description="rule page address with {id}, {name}, {category}")


@dataclass(frozen=True)
class EditorSettings:
    """What the editor sent: its own settings, and the config-file keys it sets (validated, snake_case)."""

    own: EditorOnly = field(default_factory=EditorOnly)
    overrides: dict[str, Any] = field(default_factory=dict)


class SettingsError(ValueError):
    """The editor's settings are invalid; the message names the keys."""


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).replace("-", "_").lower()


def editor_settings(raw: Any) -> EditorSettings:
    """The editor's settings from what it sent (None or an empty value: none)."""
    if raw in (None, "", [], {}):
        return EditorSettings()
    if isinstance(raw, dict) and isinstance(raw.get("tonecheck"), dict):
        raw = raw["tonecheck"]  # a whole settings tree rather than the section
    if not isinstance(raw, dict):
        raise SettingsError(f"tonecheck settings: expected an object of settings, got {type(raw).__name__}")
    own: dict[str, Any] = {}
    given: dict[str, Any] = {}
    names: dict[str, str] = {}  # snake_case -> the key as the editor spelled it, for messages
    for key, value in raw.items():
        name = _snake(str(key))
        names[name] = str(key)
        if name in EditorOnly.model_fields:
            own[name] = value
        elif name == "verdict" and isinstance(value, dict):
            given[name] = {_snake(str(k)): v for k, v in value.items()}  # severity's keys are selectors: kept
        else:
            given[name] = value
    problems: list[str] = []
    try:
        editor_own = EditorOnly.model_validate(own)
    except ValidationError as exc:
        editor_own = EditorOnly()
        problems += _problems(exc, names)
    try:
        checked = Settings.model_validate(given)
    except ValidationError as exc:
        problems += _problems(exc, names)
    if problems:
        raise SettingsError("tonecheck settings: " + "; ".join(problems))
    overrides = {name: getattr(checked, name) for name in given}
    if "rules" in overrides:
        overrides["rules"] = [str(Path(p).absolute()) for p in overrides["rules"]]
    return EditorSettings(editor_own, overrides)


def _problems(exc: ValidationError, names: dict[str, str]) -> list[str]:
    problems = []
    for error in exc.errors():
        parts = [str(part) for part in error["loc"]]
        if parts:
            parts[0] = names.get(_snake(parts[0]), parts[0])
        key = ".".join(parts) or "settings"
        unknown = error["type"] == "extra_forbidden"
        problems.append(f"unknown setting {key!r}" if unknown else f"{key}: {error['msg']}")
    return problems


@dataclass(frozen=True)
class DocumentSettings:
    """Everything one check of a buffer needs: the project's ``Settings`` with the editor's on top, where the
    config came from, and the editor's own settings."""

    settings: Settings
    root: Path
    config_path: Path | None
    debounce_ms: int
    rule_docs_url: str

    @property
    def checker_settings(self) -> Settings:
        """What the Checker is built with: everything but the per-check settings (``PER_CHECK``). A ``select``
        that may name a rule exactly may name a preview rule, which runs only if the Checker has it: then the
        Checker is built with the preview rules, and each check's selection (``preview=`` the setting's)
        keeps those it names and drops the rest, as a Checker built with the selection would."""
        chosen = self.settings.select or ()
        preview = self.settings.preview or any(could_name_exactly(s) for s in chosen)
        return self.settings.model_copy(update={"select": None, "ignore": [], "preview": preview})

    @property
    def checker_key(self) -> str:
        """Buffers whose settings agree on this share one Checker (one loaded model)."""
        return self.checker_settings.model_dump_json(exclude=PER_CHECK)

    def excluded(self, path: Path | None) -> bool:
        """Whether ``tonecheck check`` would skip this file (``exclude``, ``.tonecheckignore``, the default
        excludes), so an editor does not flag what the project's CI leaves alone. Unsaved buffers are checked."""
        if path is None:
            return False
        finder = Finder(self.root, self.settings.exclude)
        return finder.excluded(path, False, finder.specs)


def resolve(project: LoadedConfig, editor: EditorSettings) -> DocumentSettings:
    settings = project.settings
    if editor.overrides:
        settings = Settings.model_validate({**settings.model_dump(), **editor.overrides})
    own = editor.own
    return DocumentSettings(
        settings=settings,
        root=project.root,
        config_path=project.path,
        debounce_ms=DEFAULT_DEBOUNCE_MS if own.debounce_ms is None else own.debounce_ms,
        rule_docs_url=own.rule_docs_url or DEFAULT_RULE_DOCS_URL,
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
