"""A folder tree 1,000 levels deep and a JSON file nested 100,000 deep: the run reports the bad file and
goes on (both used to end it with a RecursionError and no output); --jobs past the CPU count is capped."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from deadline import DEADLINE_S, in_a_child_process

TONECHECK = str(Path(sys.executable).with_name("tonecheck"))


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("deep")
    folder = root
    for _ in range(1_000):
        folder = folder / "d"
        os.mkdir(folder)
    (folder / "bottom.txt").write_text("You never listen to me.\n")
    (root / "nested.json").write_text("[" * 100_000 + "]" * 100_000)
    (root / "top.txt").write_text("Answer me now!\n")
    yield root
    # Removed here, bottom up: pytest's own clean-up (shutil.rmtree) recurses and would fail on this tree.
    for file in folder.iterdir():
        file.unlink()
    while folder != root:
        folder.rmdir()
        folder = folder.parent


def test_check_walks_a_deep_tree_and_reports_a_deeply_nested_json(tree: Path) -> None:
    result = subprocess.run(
        [TONECHECK, "check", "--jobs", "1000", str(tree)], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 1, result.stderr
    assert "bottom.txt" in result.stdout and "top.txt" in result.stdout
    assert "nested.json: error: JSON nested too deeply to read" in result.stderr
    assert f"--jobs 1000 is more than the {os.cpu_count()} CPU(s) here" in result.stderr


def test_fix_walks_a_deep_tree(tree: Path) -> None:
    result = subprocess.run([TONECHECK, "fix", str(tree)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 1, result.stderr
    assert "bottom.txt" in result.stdout and "RecursionError" not in result.stderr


def test_backtracking_ignore_patterns_match_in_linear_time(tmp_path: Path) -> None:
    from tonecheck.io.batch import Finder

    (tmp_path / ".tonecheckignore").write_text("**/*a*a*a*a*a*a*a*a*a*a*/**/x\n" * 20 + "skip.txt\n")
    deep = tmp_path.joinpath(*["a"] * 25, "a" * 30)
    deep.mkdir(parents=True)
    (deep / "draft.txt").write_text("hello")
    (tmp_path / "skip.txt").write_text("hello")
    # With Python's backtracking regexes this took minutes (each pattern ~10 s a path); RE2 takes milliseconds.
    found = in_a_child_process(lambda: [t.path for t in Finder(tmp_path).targets([str(tmp_path)])], DEADLINE_S)
    assert found == [str(deep / "draft.txt")]
