"""Every code example in the README and in docs/ runs, and shows what it really prints.

A fenced block is checked by its language: ``python`` runs (the blocks of one page share their names, in
order), ``bash`` runs each command (exit 0, or 1 for "findings"), ``toml`` must be valid (and valid settings
when it configures tonecheck), ``yaml`` must parse (and load, when it is a rule), ``json`` must parse. A block
right after ``<!-- output -->`` must be exactly what the example before it prints. A block after
``<!-- needs: server -->`` runs with a real ``tonecheck serve`` in place of ``localhost:8000``. Anything else
runnable needs ``<!-- not-run: the reason -->`` before it; ``text``, ``markdown`` and blocks with no language
are illustrations (drafts, output), not code.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from srsly import ruamel_yaml

from tonecheck import load_rules
from tonecheck.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
ILLUSTRATIONS = {"", "text", "markdown", "md"}
CHECKED = {"python", "bash", "toml", "yaml", "json"}
FENCE = re.compile(r"^```([\w-]*)[^\n]*\n(.*?)^```\s*$", re.M | re.S)
MARKER = re.compile(r"<!--\s*(not-run|output|needs)\s*:?\s*(.*?)\s*-->\s*$")


@dataclass
class Block:
    page: Path
    line: int
    language: str
    code: str
    marker: str | None
    note: str

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def blocks(page: Path) -> list[Block]:
    text = page.read_text(encoding="utf-8")
    found = []
    for match in FENCE.finditer(text):
        before = text[: match.start()].rstrip("\n").rsplit("\n", 1)[-1]
        marker = MARKER.search(before)
        found.append(
            Block(
                page,
                text.count("\n", 0, match.start()) + 1,
                {"sh": "bash", "shell": "bash", "yml": "yaml"}.get(match.group(1).lower(), match.group(1).lower()),
                match.group(2),
                marker.group(1) if marker else None,
                marker.group(2) if marker else "",
            )
        )
    return found


def commands(code: str) -> list[str]:
    """The shell commands of a bash block: continuation lines joined, comments and blank lines dropped."""
    joined = re.sub(r"\\\n\s*", " ", code)
    return [line for line in joined.splitlines() if line.strip() and not line.lstrip().startswith("#")]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the examples, so `tonecheck fix --write` in a page could never change the repository."""
    folder = tmp_path_factory.mktemp("docs")
    shutil.copytree(ROOT / "examples", folder / "examples")
    shutil.copytree(ROOT / "src" / "tonecheck" / "rules", folder / "src" / "tonecheck" / "rules")
    return folder


def test_every_block_is_checked_or_says_why_not() -> None:
    unmarked = [
        f"{b.where} ({b.language})"
        for page in PAGES
        for b in blocks(page)
        if b.language not in CHECKED | ILLUSTRATIONS and b.marker != "not-run"
    ]
    assert not unmarked, f"mark these <!-- not-run: reason --> or make them runnable: {unmarked}"
    no_reason = [b.where for page in PAGES for b in blocks(page) if b.marker == "not-run" and not b.note]
    assert not no_reason, f"not-run needs a reason: {no_reason}"


def run_bash(block: Block, cwd: Path, server_url: str | None) -> str:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}", "NO_COLOR": "1"}
    printed = []
    for command in commands(block.code):
        if server_url:
            command = re.sub(r"(https?://)?(localhost|127\.0\.0\.1):8000", server_url, command)
        done = subprocess.run(["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode in (0, 1), f"{block.where}: `{command}` exited {done.returncode}:\n{done.stderr}"
        printed.append(done.stdout)
    return "".join(printed)


def check_data(block: Block, tmp: Path) -> None:
    if block.language == "json":
        json.loads(block.code)
    elif block.language == "toml":
        data = tomllib.loads(block.code)
        table = data.get("tool", {}).get("tonecheck")
        if (
            table is None
            and data
            and set(data) <= {field.alias or name for name, field in Settings.model_fields.items()}
        ):
            table = data
        if table is not None:
            Settings.model_validate(table)
    elif block.language == "yaml":
        data = ruamel_yaml.YAML(typ="safe").load(block.code)
        if isinstance(data, dict) and {"id", "category", "patterns"} <= set(data):
            rule_file = tmp / data["category"] / f"{data['id']}_{data['name']}.yml"
            rule_file.parent.mkdir(parents=True, exist_ok=True)
            rule_file.write_text(block.code, encoding="utf-8")
            load_rules([rule_file])


def same_output(block: Block, expected: Block, printed: str) -> None:
    def lines(text: str) -> list[str]:
        return [line.rstrip() for line in text.strip("\n").splitlines()]

    assert lines(printed) == lines(expected.code), (
        f"{expected.where}: the output shown is not what {block.where} prints; it prints:\n{printed}"
    )


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_examples_on_the_page_run(page: Path, workspace: Path, request: pytest.FixtureRequest) -> None:
    page_blocks = blocks(page)
    if not any(b.language in CHECKED and b.marker != "not-run" for b in page_blocks):
        pytest.skip("no runnable examples")
    namespace: dict[str, object] = {"__name__": "__docs__"}
    previous: tuple[Block, str] | None = None
    for block in page_blocks:
        if block.marker == "output":
            assert previous is not None, f"{block.where}: output with no example before it"
            same_output(previous[0], block, previous[1])
            continue
        if block.marker == "not-run" or block.language not in CHECKED:
            continue
        printed = ""
        if block.language == "python":
            out = io.StringIO()
            with contextlib.chdir(workspace), contextlib.redirect_stdout(out):
                exec(compile(block.code, block.where, "exec"), namespace)
            printed = out.getvalue()
        elif block.language == "bash":
            url = request.getfixturevalue("server").url if block.marker == "needs" and block.note == "server" else None
            printed = run_bash(block, workspace, url)
        else:
            check_data(block, workspace / "data")
        previous = (block, printed)
