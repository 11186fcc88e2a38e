"""The package's data files (lexicon classes, politeness strategies, phrasebook) are read with the rule files'
libyaml reader: the same data a YAML 1.2 reader gives, and an error that names the file and the line."""

from __future__ import annotations

import importlib.resources
from pathlib import Path

import pytest
from srsly import ruamel_yaml

from tonecheck.ruleset.yamlread import YamlError, read_data

DATA = Path(str(importlib.resources.files("tonecheck") / "data"))
FILES = sorted(
    [DATA / "politeness.yml", DATA / "rewrite" / "phrasebook.yml", *(DATA / "lexicon").glob("*.yml")],
    key=lambda p: p.name,
)


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_data_file_reads_as_a_yaml_1_2_reader_reads_it(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert read_data(text, str(path)) == ruamel_yaml.YAML(typ="safe").load(text)


def test_a_broken_data_file_is_named_with_its_line() -> None:
    with pytest.raises(YamlError) as caught:
        read_data("words:\n  - calm\n  - [kind\n", "lexicon/calm.yml")
    assert str(caught.value).startswith("lexicon/calm.yml:")
    assert caught.value.line is not None and caught.value.line >= 3
    with pytest.raises(YamlError, match=r"^softeners\.yml:2: .*duplicate key"):
        read_data("a: 1\na: 2\n", "softeners.yml")
