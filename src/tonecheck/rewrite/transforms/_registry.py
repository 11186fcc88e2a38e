"""The transform registry: each transform module registers its function with ``@register(name, cases=...)``.

A transform's docstring has a fixed shape, as Ruff documents a rule: ``What it does:``, ``Example:``,
``Result:``, ``Safety:``. The docstring's example and result are its first golden case; ``cases`` adds more
(draft -> the draft with the transform's suggestion applied, ``None`` when it must offer nothing).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc

from ...models import Finding, Suggestion

Transform = Callable[[Finding, Doc], "Suggestion | None"]

SECTIONS = ("What it does", "Example", "Result", "Safety")
_SECTION = re.compile(r"^[ \t]*(What it does|Example|Result|Safety):[ \t]*", re.MULTILINE)


@dataclass(frozen=True)
class Registered:
    name: str
    function: Transform
    sections: dict[str, str]
    cases: tuple[tuple[str, str | None], ...] = field(default=())

    @property
    def summary(self) -> str:
        return self.sections["What it does"]


TRANSFORMS: dict[str, Transform] = {}
REGISTRY: dict[str, Registered] = {}


def parse_doc(doc: str) -> dict[str, str]:
    """The four sections of a transform's docstring; ``ValueError`` naming what is missing."""
    marks = list(_SECTION.finditer(doc))
    found = {
        mark.group(1): " ".join(doc[mark.end() : (marks[i + 1].start() if i + 1 < len(marks) else len(doc))].split())
        for i, mark in enumerate(marks)
    }
    missing = [name for name in SECTIONS if not found.get(name)]
    if missing or [m.group(1) for m in marks] != list(SECTIONS):
        raise ValueError(f"docstring needs the sections {', '.join(SECTIONS)} in that order (missing: {missing})")
    return found


def register(name: str, *, cases: dict[str, str | None] | None = None) -> Callable[[Transform], Transform]:
    """Record ``function`` under ``name``; its docstring's example/result become its first golden case."""

    def add(function: Transform) -> Transform:
        if name in TRANSFORMS:
            raise ValueError(f"transform {name!r} registered twice")
        sections = parse_doc(function.__doc__ or "")
        golden: dict[str, str | None] = {sections["Example"]: sections["Result"], **(cases or {})}
        TRANSFORMS[name] = function
        REGISTRY[name] = Registered(name, function, sections, tuple(golden.items()))
        return function

    return add
