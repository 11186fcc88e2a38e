"""The one settings object every entry point builds: the config file, the command-line options of ``check``,
``fix``, ``serve`` (and any later front end), ``Checker(...)`` and the HTTP server.

A front end never passes settings one by one: it makes a ``Settings`` (from a config file with
``tonecheck.config``, from keyword arguments, or from command-line options with ``Settings.with_options``) and
hands the whole object on, so a setting added here reaches every entry point by construction. Keys are
kebab-case in files (``fail-on``) and snake_case in Python (``fail_on``); unknown keys and bad values are
errors.
"""

from __future__ import annotations

import codecs
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .models import Severity, VerdictPolicy


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, alias_generator=_kebab, populate_by_name=True)


class VerdictThresholds(_Section):
    """``[tool.tonecheck.verdict]``: the fields of ``VerdictPolicy``; unset ones keep its defaults."""

    revise_at: Severity | None = None
    review_at: Severity | None = None
    revise_below: float | None = Field(default=None, ge=0.0, le=1.0)
    review_below: float | None = Field(default=None, ge=0.0, le=1.0)

    def policy(self) -> VerdictPolicy:
        return VerdictPolicy(**{k: v for k, v in self.model_dump().items() if v is not None})

    @classmethod
    def of(cls, policy: VerdictPolicy) -> VerdictThresholds:
        return cls(**{name: getattr(policy, name) for name in cls.model_fields})


class Settings(_Section):
    """Every setting of a tonecheck run. The defaults are the shipped behaviour."""

    select: list[str] | None = Field(
        default=None, description="rule selectors to run: ids, id prefixes (BL), categories, dotted names with *"
    )
    ignore: list[str] = Field(default_factory=list, description="rule selectors not to run")
    preview: bool = Field(
        default=False,
        description="also run preview rules (new or experimental, off by default); a select naming one by its "
        "exact id runs it without this",
    )
    severity: dict[str, Severity] = Field(default_factory=dict, description="selector -> severity override")
    rules: list[str] = Field(default_factory=list, description="extra rule files or folders")
    builtin_rules: bool = Field(default=True, description="also load the rules shipped with tonecheck")
    allow: list[str] = Field(default_factory=list, description="phrases never flagged")
    fail_on: Severity = Field(default="warning", description="the command line exits 1 for findings this severe")
    exclude: list[str] = Field(default_factory=list, description="gitignore-style patterns of paths to skip")
    model: str | None = Field(default=None, description="spaCy pipeline name or path")
    text_field: str = Field(
        default="text", description="the field or column holding the message in .json/.jsonl/.csv/.parquet"
    )
    id_field: str | None = Field(default=None, description="the column holding a message id in .csv/.parquet")
    author: list[str] = Field(default_factory=list, description="in archives, check only these senders' messages")
    encoding: str | None = Field(
        default=None, description="read files in this encoding (e.g. latin-1) instead of UTF-8 / a BOM's"
    )
    verdict: VerdictThresholds = Field(default_factory=VerdictThresholds)

    @field_validator("encoding")
    @classmethod
    def _known_encoding(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            codecs.lookup(value)
        except LookupError:
            raise ValueError(f"unknown encoding {value!r}") from None
        return value

    def policy(self) -> VerdictPolicy:
        return self.verdict.policy()

    def rule_paths(self) -> list[str] | None:
        """What the rule loader gets: ``None`` for the shipped rules alone, else every file or folder."""
        if self.builtin_rules and not self.rules:
            return None
        from .loader import default_rules_dir

        return [*([str(default_rules_dir())] if self.builtin_rules else []), *self.rules]

    def with_options(
        self,
        *,
        select: Sequence[str] | None = None,
        ignore: Sequence[str] | None = None,
        preview: bool | None = None,
        severity: Mapping[str, Severity] | None = None,
        rules: Sequence[str | Path] | None = None,
        allow: Sequence[str] | None = None,
        fail_on: Severity | None = None,
        exclude: Sequence[str] | None = None,
        model: str | None = None,
        text_field: str | None = None,
        encoding: str | None = None,
        id_field: str | None = None,
        author: Sequence[str] | None = None,
    ) -> Settings:
        """These settings with command-line options on top. ``None`` keeps the setting; ``select``,
        ``ignore``, ``exclude``, ``author`` and the single values replace it; ``rules`` and ``allow`` add to it and
        ``severity`` entries override it per selector, as Ruff's ``extend-*`` options do."""
        update: dict[str, Any] = {}
        if select is not None:
            update["select"] = list(select)
        if ignore is not None:
            update["ignore"] = list(ignore)
        if severity:
            update["severity"] = {**self.severity, **severity}
        if rules:
            update["rules"] = [*self.rules, *(str(Path(p).absolute()) for p in rules)]
        if allow:
            update["allow"] = [*self.allow, *allow]
        if exclude is not None:
            update["exclude"] = list(exclude)
        if author is not None:
            update["author"] = list(author)
        singles = {
            "preview": preview,
            "fail_on": fail_on,
            "model": model,
            "text_field": text_field,
            "encoding": encoding,
            "id_field": id_field,
        }
        for name, value in singles.items():
            if value is not None:
                update[name] = value
        return Settings.model_validate({**self.model_dump(), **update}) if update else self


__all__ = ["Settings", "VerdictThresholds"]
