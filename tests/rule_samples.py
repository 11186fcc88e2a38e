"""A minimal valid rule file and helpers the loader tests share."""

from __future__ import annotations

from pathlib import Path

import pytest

from tonecheck import RuleLoadError, load_rules

GOOD = """\
id: BL90
name: blame.test-rule
category: blaming
severity: warning
message: "'{match}' is blame."
why: Because.
patterns:
  - kind: token
    pattern: [{LOWER: you}, {LOWER: never}]
examples:
  flagged:
    - text: "you never call"
      match: "you never"
  ok: ["hello"]
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def errors_for(tmp_path: Path) -> list[str]:
    with pytest.raises(RuleLoadError) as caught:
        load_rules([tmp_path])
    return [str(e) for e in caught.value.errors]
