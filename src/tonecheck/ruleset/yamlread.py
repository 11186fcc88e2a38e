"""Rule-file YAML -> plain data and the line of every key and item, safely and fast.

libyaml (PyYAML's C parser) reads the text; the node tree is then turned into plain dicts, lists and scalars
here, so no YAML tag ever builds an object. Scalars follow the YAML 1.2 core schema (``no``, ``on`` and
``10:30`` stay strings), as the round-trip reader used before did. That reader was pure Python and took about
two seconds for the shipped rules, on every CLI run; this takes a tenth of a second.

Before anything is composed, the parser's events are checked: any explicit tag, merge keys, nesting deeper
than ``MAX_YAML_DEPTH`` and aliases expanding past ``MAX_YAML_NODES`` nodes are refused with their line.
"""

from __future__ import annotations

import math
import re
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

MAX_YAML_DEPTH = 32
MAX_YAML_NODES = 100_000

Path = tuple[Any, ...]
_TAG = "tag:yaml.org,2002:"


class YamlError(ValueError):
    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


# libyaml's parser and composer when PyYAML was built with it (the wheels are), else the pure-Python ones.
_Base: type = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


class _Reader(_Base):  # type: ignore[misc, valid-type]
    """Composes nodes with the YAML 1.2 core schema (PyYAML's own resolver is YAML 1.1, where ``no`` is false
    and ``10:30`` a number); constructs nothing."""


for _tag, _pattern, _first in (
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    (
        "float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        list("-+.0123456789"),
    ),
):
    _Reader.add_implicit_resolver(_TAG + _tag, re.compile(_pattern), _first)


def read_yaml(text: str) -> tuple[Any, dict[Path, int]]:
    """The one document in ``text`` as plain data, and the 1-based line of each key/item by its path.
    Raises ``YamlError`` (message, line) for malformed YAML and for anything the event check refuses."""
    _check_events(text)
    reader = _Reader(text)
    try:
        node = reader.get_single_node()
    except yaml.YAMLError as exc:
        raise _error(exc, text) from None
    finally:
        reader.dispose()
    lines: dict[Path, int] = {}
    return (None if node is None else _plain(node, (), lines)), lines


def read_data(text: str, source: str) -> Any:
    """A data file's YAML (the lexicon's classes, the politeness strategies, the phrasebook) as plain data,
    read as rule files are; a ``YamlError`` whose message starts with ``source:line``."""
    try:
        data, _ = read_yaml(text)
    except YamlError as exc:
        where = f"{source}:{exc.line}" if exc.line else source
        raise YamlError(f"{where}: {exc.message}", exc.line) from None
    return data


def _error(exc: yaml.YAMLError, text: str) -> YamlError:
    if not isinstance(exc, yaml.MarkedYAMLError):
        # A ReaderError (a character YAML does not allow, such as NUL) has no mark, only a character position.
        position = getattr(exc, "position", None)
        line = text.count("\n", 0, position) + 1 if isinstance(position, int) else None
        return YamlError(f"malformed YAML: {str(exc).splitlines()[0]}", line)
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or str(exc).splitlines()[0]
    line = mark.line + 1 if mark is not None else None
    if "maximum nesting depth" in problem:  # libyaml stops at 1,000 levels, before its events reach our check
        return YamlError(f"YAML nested more than {MAX_YAML_DEPTH} levels deep", line)
    return YamlError(f"malformed YAML: {problem}", line)


def _check_events(text: str) -> None:
    """Refused before any node is built: an alias bomb ("billion laughs") is a few lines that expand to
    gigabytes when walked, deep nesting overflows the stack of a recursive composer, explicit tags
    (``!!python/...``, ``!!binary``) name types no rule field takes, and merge keys are a shorthand this
    reader does not expand (refused rather than silently dropped)."""
    sizes: dict[str, int] = {}  # anchor -> nodes in the value it names, aliases expanded
    open_nodes: list[list[Any]] = [[None, 0]]  # [anchor, nodes so far] of each collection being read
    try:
        for event in yaml.parse(text, Loader=_Reader):
            line = event.start_mark.line + 1 if event.start_mark is not None else None
            tag = getattr(event, "tag", None)
            if tag is not None and not (isinstance(event, ScalarEvent) and tag == "!"):
                raise YamlError(f"YAML tag {tag} is not allowed in rule files", line)
            if isinstance(event, ScalarEvent) and event.value == "<<" and not event.style:
                raise YamlError("YAML merge keys (<<) are not supported; write the keys out", line)
            if isinstance(event, (MappingStartEvent, SequenceStartEvent)):
                open_nodes.append([event.anchor, 1])
                if len(open_nodes) - 1 > MAX_YAML_DEPTH:
                    raise YamlError(f"YAML nested more than {MAX_YAML_DEPTH} levels deep", line)
                continue
            if isinstance(event, (MappingEndEvent, SequenceEndEvent)):
                anchor, nodes = open_nodes.pop()
            elif isinstance(event, AliasEvent):
                if any(entry[0] == event.anchor for entry in open_nodes):
                    raise YamlError(f"YAML alias *{event.anchor} refers to a value that contains it", line)
                anchor, nodes = None, sizes.get(event.anchor or "", 1)
            elif isinstance(event, ScalarEvent):
                anchor, nodes = event.anchor, 1
            else:
                continue
            if anchor is not None:
                sizes[anchor] = nodes
            open_nodes[-1][1] += nodes
            if open_nodes[-1][1] > MAX_YAML_NODES:
                raise YamlError(f"YAML aliases expand to more than {MAX_YAML_NODES:,} nodes (an alias bomb?)", line)
    except yaml.YAMLError as exc:
        raise _error(exc, text) from None


def _plain(node: Node, path: Path, lines: dict[Path, int]) -> Any:
    if isinstance(node, ScalarNode):
        return _scalar(node)
    if isinstance(node, SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            lines[(*path, index)] = item.start_mark.line + 1
            items.append(_plain(item, (*path, index), lines))
        return items
    if isinstance(node, MappingNode):
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, ScalarNode):
                raise YamlError("malformed YAML: a mapping key must be a plain value", line)
            key = _scalar(key_node)
            if key in mapping:
                raise YamlError(f"malformed YAML: duplicate key {key!r}", line)
            lines[(*path, key)] = line
            mapping[key] = _plain(value_node, (*path, key), lines)
        return mapping
    raise YamlError("malformed YAML: unexpected node", node.start_mark.line + 1)


def _scalar(node: ScalarNode) -> Any:
    value: str = node.value
    tag = node.tag.removeprefix(_TAG)
    if tag == "null":
        return None
    if tag == "bool":
        return value.lower() == "true"
    if tag == "int":
        if value.startswith(("0o", "0x")):
            return int(value[2:], 8 if value[1] == "o" else 16)
        return int(value, 10)
    if tag == "float":
        lowered = value.lower()
        if lowered.endswith(".inf"):
            return -math.inf if lowered.startswith("-") else math.inf
        if lowered == ".nan":
            return math.nan
        return float(value)
    return value
