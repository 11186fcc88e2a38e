"""YAML rule files -> a validated ``RuleSet``.

Every error of every file is collected and raised once, as a ``RuleLoadError`` that names the file, the rule
id, the field path and the YAML line, so a rule author fixes a folder in one pass. YAML is read into plain data
(``ruleset/yamlread.py``): tags that would build objects are rejected, never constructed.
"""

from __future__ import annotations

import importlib.resources
import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .models import CATEGORY_PREFIX, Rule
from .ruleset.guides import readable
from .ruleset.selectors import UnknownSelectorError, check_selectors, names_exactly, selected, selector_matches
from .ruleset.yamlread import YamlError, read_yaml

RULE_SUFFIXES = (".yml", ".yaml")
# A broken or hostile rule file cannot exhaust memory before validation: the largest shipped rule is 11 kB.
# Nesting and alias expansion are bounded while the YAML is read (ruleset/yamlread.py).
MAX_RULE_FILE_BYTES = 1_000_000


@dataclass(frozen=True)
class RuleError:
    file: str
    message: str
    rule_id: str | None = None
    field: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        parts = [where]
        if self.rule_id:
            parts.append(self.rule_id)
        if self.field:
            parts.append(self.field)
        return ": ".join(parts) + f": {self.message}"


class RuleLoadError(ValueError):
    """One or more rule files are invalid; ``errors`` lists every problem found."""

    def __init__(self, errors: Sequence[RuleError]):
        self.errors = list(errors)
        lines = "\n".join(f"  {error}" for error in self.errors)
        super().__init__(f"{len(self.errors)} error(s) in rule files:\n{lines}")


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    files: dict[str, str]  # rule id -> file it came from
    # Preview rules a selection left out because preview was off: known, so that naming one gets a clear
    # reason instead of "matches no rule", but never matched.
    dormant: tuple[Rule, ...] = ()

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def get(self, key: str) -> Rule | None:
        """A rule by id, dotted name or alias."""
        for rule in self.rules:
            if key in (rule.id, rule.name) or key in rule.aliases:
                return rule
        return None

    def select(
        self, select: Iterable[str] | None = None, ignore: Iterable[str] | None = None, *, preview: bool = False
    ) -> RuleSet:
        """Keep rules matching any ``select`` selector (all if none) and no ``ignore`` selector. Preview rules
        are kept only with ``preview`` or when a ``select`` selector names them exactly
        (``tonecheck.ruleset.selectors``); a ``select`` selector that matches only preview rules left off is
        an error that says so."""
        chosen = list(select or [])
        dropped = list(ignore or [])
        check_selectors(self.rules, select=chosen, ignore=dropped)
        awake = [r for r in self.rules if preview or not r.preview or any(names_exactly(s, r) for s in chosen)]
        for index, selector in enumerate(chosen):
            if not any(selector_matches(selector, rule) for rule in awake):
                asleep = [r.id for r in self.rules if selector_matches(selector, r)]
                raise UnknownSelectorError(selector, "select", index, asleep)
        kept = tuple(rule for rule in self.rules if selected(rule, chosen, dropped, preview))
        awake_ids = {r.id for r in awake}
        dormant = tuple(r for r in (*self.rules, *self.dormant) if r.preview and r.id not in awake_ids)
        return RuleSet(kept, {r.id: self.files[r.id] for r in kept}, dormant)


def default_rules_dir() -> Path:
    return Path(str(importlib.resources.files("tonecheck") / "rules"))


def rule_files(paths: Iterable[str | Path]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            # Broken links and link loops are kept, so that reading them reports them instead of a silent skip.
            files.extend(
                sorted(p for p in path.rglob("*") if p.suffix in RULE_SUFFIXES and (p.is_file() or p.is_symlink()))
            )
        elif path.is_file():
            files.append(path)
        else:
            raise RuleLoadError([RuleError(str(path), "no such rule file or folder")])
    return files


def load_rules(paths: Iterable[str | Path] | None = None) -> RuleSet:
    """Load and validate every rule file under ``paths`` (the shipped rules when ``None``)."""
    files = rule_files([default_rules_dir()] if paths is None else paths)
    errors: list[RuleError] = []
    rules: list[Rule] = []
    origin: dict[str, str] = {}
    for file in files:
        rule, file_errors = _load_file(file)
        errors.extend(file_errors)
        if rule is None:
            continue
        if rule.id in origin:
            errors.append(
                RuleError(str(file), f"duplicate rule id, already defined in {origin[rule.id]}", rule.id, "id")
            )
            continue
        clash = next((r for r in rules if r.name == rule.name), None)
        if clash is not None:
            errors.append(RuleError(str(file), f"name {rule.name!r} is already used by {clash.id}", rule.id, "name"))
            continue
        origin[rule.id] = str(file)
        rules.append(readable(rule))
    if errors:
        raise RuleLoadError(errors)
    return RuleSet(tuple(sorted(rules, key=lambda r: r.id)), origin)


def _read_limited(file: Path) -> bytes:
    """At most ``MAX_RULE_FILE_BYTES`` of a regular file. A FIFO would block for ever and ``/dev/zero`` never
    ends (a rule "file" may be a link to either): the type is checked on the opened descriptor, without
    blocking, and no more than the limit (plus one byte, to tell) is ever read."""
    fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise _NotRegular
        if info.st_size > MAX_RULE_FILE_BYTES:
            raise _TooLarge(info.st_size)
        data = handle.read(MAX_RULE_FILE_BYTES + 1)
    if len(data) > MAX_RULE_FILE_BYTES:
        raise _TooLarge(len(data))
    return data


class _NotRegular(Exception):
    pass


class _TooLarge(Exception):
    def __init__(self, size: int) -> None:
        self.size = size


def _load_file(file: Path) -> tuple[Rule | None, list[RuleError]]:
    name = str(file)
    try:
        text = _read_limited(file).decode("utf-8")
    except _NotRegular:
        return None, [RuleError(name, "not a regular file (a FIFO, socket or device); a rule file must be a file")]
    except _TooLarge as exc:
        return None, [
            RuleError(name, f"file is {exc.size:,} bytes, more than the {MAX_RULE_FILE_BYTES:,} a rule may be")
        ]
    except (OSError, UnicodeDecodeError) as exc:
        return None, [RuleError(name, f"cannot read file: {exc}")]
    try:
        data, lines = read_yaml(text)
    except YamlError as exc:
        return None, [RuleError(name, exc.message, line=exc.line)]
    if not isinstance(data, dict):
        return None, [RuleError(name, "a rule file must hold one mapping (id, name, category, ...)")]
    rule_id = data.get("id") if isinstance(data.get("id"), str) else None
    try:
        rule = Rule.model_validate(data)
    except ValidationError as exc:
        return None, [
            RuleError(
                name,
                _clean_message(error["msg"]),
                rule_id,
                _dotted(error["loc"]) or None,
                _line_of(data, lines, error["loc"]),
            )
            for error in exc.errors()
        ]
    return rule, _placement_errors(file, rule)


def _placement_errors(file: Path, rule: Rule) -> list[RuleError]:
    """File name and folder must agree with id and category, so a rule is found where its id says."""
    errors = []
    if not file.stem.startswith(rule.id + "_") and file.stem != rule.id:
        errors.append(RuleError(str(file), f"file name must start with '{rule.id}_'", rule.id, "id"))
    parent = file.parent.name
    if parent in CATEGORY_PREFIX and parent != rule.category:
        errors.append(
            RuleError(str(file), f"rule of category {rule.category} is in folder {parent}/", rule.id, "category")
        )
    return errors


def _line_of(data: Any, lines: dict[tuple[Any, ...], int], loc: Sequence[Any]) -> int | None:
    """The YAML line of the deepest part of ``loc`` that exists in the file."""
    line: int | None = None
    node = data
    path: tuple[Any, ...] = ()
    for part in loc:
        if (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        ):
            path = (*path, part)
            line = lines.get(path, line)
            node = node[part]
        elif isinstance(part, str) and isinstance(node, dict):
            continue  # pydantic adds the union member name (e.g. 'token') to the path
        else:
            break
    return line


def _dotted(loc: Sequence[Any]) -> str:
    return ".".join(str(part) for part in loc)


def _clean_message(message: str) -> str:
    return message.removeprefix("Value error, ")
