"""``tonecheck check`` through the real command, on real files: every output format, bad files, config
discovery, ignore files, suppression, exit codes. Each call starts a process that loads the model (~2 s), so
one project folder is built once and each call checks several things."""

from __future__ import annotations

import codecs
import json
import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest

from tonecheck import Report

TONECHECK = str(Path(sys.executable).with_name("tonecheck"))
FIXTURES = Path(__file__).parent / "fixtures" / "drafts"
SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
UNREADABLE = {"drafts/binary.txt", "drafts/latin1.txt", "drafts/loop", "drafts/self_link.txt"}


def run(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    return subprocess.run(
        [TONECHECK, *args], cwd=cwd, input=stdin, capture_output=True, text=True, timeout=300, env=env
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("project")
    (root / "pyproject.toml").write_text(
        "[tool.tonecheck]\n"
        'allow = ["you never know"]\n'
        'exclude = ["drafts/skip_me.txt"]\n'
        'text-field = "body"\n'
        "[tool.tonecheck.severity]\n"
        'PR02 = "error"\n'
    )
    (root / ".tonecheckignore").write_text("# old drafts\narchive/\n")
    drafts = root / "drafts"
    drafts.mkdir()
    for name in ("notes.md", "reply.eml", "export.jsonl"):
        shutil.copy(FIXTURES / name, drafts / name)
    (drafts / "plain.txt").write_text(
        "You never know what you'll find.\nYou never listen to me.\nAnswer me right now!\n"
    )
    (drafts / "clean.txt").write_text("I felt hurt when you didn't call.\n")
    (drafts / "utf16.txt").write_bytes(
        codecs.BOM_UTF16_LE + "I wrote this in Notepad. You never listen to me.".encode("utf-16-le")
    )
    (drafts / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (drafts / "latin1.txt").write_bytes("Héllo, you never listen.".encode("latin-1"))
    (drafts / "skip_me.txt").write_text("You never listen to me.\n")
    (drafts / "loop").symlink_to("..")
    (drafts / "self_link.txt").symlink_to("self_link.txt")
    (drafts / ".tonecheckignore").write_text("private/\n")  # one in a folder below the root applies there
    (drafts / "private").mkdir()
    (drafts / "private" / "diary.txt").write_text("You never listen to me.\n")
    (root / "archive").mkdir()
    (root / "archive" / "old.txt").write_text("You never listen to me.\n")
    return root


def test_text_output_config_ignore_files_and_bad_files(project: Path) -> None:
    result = run("check", ".", cwd=project)
    out, err = result.stdout, result.stderr
    assert result.returncode == 1, err
    # Positions are in the file, even where code blocks, quotes, headers or JSON were skipped.
    assert "drafts/notes.md:14:34  BL01  warning  'You never listen'" in out
    assert "drafts/reply.eml:9:26  BL01  warning" in out
    assert "drafts/export.jsonl[1]:2:33  BL01" in out  # text-field = "body" from pyproject.toml
    assert "drafts/export.jsonl[3]:5:1  BL01" in out
    assert "drafts/utf16.txt:1:26  BL01" in out
    assert "drafts/plain.txt:3:11  PR02  error  'right now'" in out  # the severity override
    assert "drafts/plain.txt:1:" not in out  # allow = ["you never know"]
    assert "notes.md:6:" not in out and "notes.md:9:" not in out and "notes.md:12:" not in out
    assert "reply.eml:13:" not in out and "reply.eml:16:" not in out
    assert "skip_me" not in out + err and "archive" not in out + err and "clean.txt" not in out
    assert "private" not in out + err
    # The matched words marked under the line, and the first suggestion.
    lines = out.splitlines()
    at = lines.index(next(line for line in lines if line.startswith("drafts/notes.md:14:34")))
    assert lines[at + 1] == "    I felt hurt when you left early. You never listen to me."
    assert lines[at + 2] == " " * 37 + "^" * len("You never listen")
    assert lines[at + 3].startswith("    try: ")
    assert "\x1b[" not in out  # no colour when stdout is not a terminal
    # Unreadable files are reported, and the run went on.
    assert "drafts/binary.txt: error: binary file" in err
    assert "drafts/latin1.txt: error: not UTF-8 text (byte 0xe9 at offset 1)" in err
    assert "drafts/loop: error: symlink loop" in err
    assert "drafts/self_link.txt: error: cannot read: Too many levels of symbolic links" in err
    assert re.search(r"Found \d+ findings \(.*\) in 5 of 10 files\. 4 could not be read\.", out), out


def test_json_and_jsonl_with_two_jobs_give_the_same_reports_in_the_same_order(project: Path) -> None:
    as_json = run("check", "drafts", "--format", "json", cwd=project)
    as_jsonl = run("check", "drafts", "--format", "jsonl", "--jobs", "2", cwd=project)
    assert as_json.returncode == as_jsonl.returncode == 1
    items = json.loads(as_json.stdout)
    assert items == [json.loads(line) for line in as_jsonl.stdout.splitlines()]
    paths = [item["path"] for item in items]
    assert paths == sorted(paths)
    assert {item["path"] for item in items if item["error"]} == UNREADABLE
    reports = [item for item in items if not item["error"]]
    notes = next(item for item in reports if item["path"] == "drafts/notes.md")
    bl01 = next(f for f in notes["findings"] if f["rule_id"] == "BL01")
    assert (bl01["line"], bl01["column"], bl01["end_line"], bl01["end_column"]) == (14, 34, 14, 50)
    for item in reports:
        assert item["schema_version"] == "1.0"
        for finding in item["findings"]:
            assert finding.pop("end_line") >= finding["line"]
            finding.pop("end_column")
        Report.model_validate({k: v for k, v in item.items() if k not in ("path", "record", "error")})
    records = [item for item in reports if item["path"] == "drafts/export.jsonl"]
    assert [item["record"] for item in records] == [0, 1, 3]  # record 2 has no body
    assert [(item["findings"] or [{}])[0].get("line") for item in records] == [None, 2, 5]


def test_sarif_is_valid_against_the_2_1_0_schema(project: Path) -> None:
    result = run("check", "drafts", "--format", "sarif", cwd=project)
    assert result.returncode == 1
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text())).validate(log)
    (sarif_run,) = log["runs"]
    rules = sarif_run["tool"]["driver"]["rules"]
    assert {"BL01", "PR02"} <= {rule["id"] for rule in rules}
    notes = [
        r
        for r in sarif_run["results"]
        if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "drafts/notes.md"
    ]
    region = next(r for r in notes if r["ruleId"] == "BL01")["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (14, 34, 50)
    assert rules[next(r for r in notes if r["ruleId"] == "BL01")["ruleIndex"]]["id"] == "BL01"
    plain = [r for r in sarif_run["results"] if r["ruleId"] == "PR02"]
    assert plain and all(r["level"] == "error" for r in plain)
    notifications = sarif_run["invocations"][0]["toolExecutionNotifications"]
    unreadable = {n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for n in notifications}
    assert unreadable == UNREADABLE
    assert sarif_run["invocations"][0]["executionSuccessful"] is False


def test_github_annotations_and_junit(project: Path) -> None:
    github = run("check", "drafts", "--format", "github", cwd=project)
    lines = github.stdout.splitlines()
    assert all(re.match(r"^::(error|warning|notice) file=[^,]+(,[a-zA-Z]+=[^,:]+)*::.+$", line) for line in lines), (
        lines
    )
    assert "::warning file=drafts/notes.md,line=14,col=34,endLine=14,endColumn=49,title=BL01 blame.always-never::" in (
        github.stdout
    )
    assert "::error file=drafts/binary.txt,title=read-error::binary file" in github.stdout
    assert any(line.startswith("::warning file=drafts/export.jsonl,line=5,col=1,") for line in lines)

    junit = run("check", "drafts", "--format", "junit", "--fail-on", "error", cwd=project)
    assert junit.returncode == 1  # PR02 is an error by config, and some files could not be read
    suites = ET.fromstring(junit.stdout)
    (suite,) = suites
    cases = suite.findall("testcase")
    assert int(suite.get("tests", "")) == len(cases)
    failed = [c.get("name") for c in cases if c.find("failure") is not None]
    errored = {c.get("name") for c in cases if c.find("error") is not None}
    assert failed == ["drafts/plain.txt"]  # only findings at or above --fail-on fail a case
    assert errored == UNREADABLE
    assert int(suite.get("failures", "")) == 1 and int(suite.get("errors", "")) == len(UNREADABLE)
    notes = next(c for c in cases if c.get("name") == "drafts/notes.md")
    assert "drafts/notes.md:14:34  BL01  warning" in notes.findtext("system-out", "")


def test_exit_codes_and_fail_on(tmp_path: Path) -> None:
    (tmp_path / "warn.txt").write_text("You never listen to me.\n")
    (tmp_path / "clean.txt").write_text("I felt hurt when you didn't call.\n")
    assert run("check", "clean.txt", cwd=tmp_path).returncode == 0
    strict = run("check", ".", "--select", "BL01", "--fail-on", "error", "--statistics", cwd=tmp_path)
    assert strict.returncode == 0, strict.stderr  # a warning is below --fail-on error
    assert re.search(r"^\s+1  BL01\s+blame\.always-never$", strict.stdout, re.M), strict.stdout
    assert "Found 1 finding (1 warning) in 1 of 2 files." in strict.stdout
    (tmp_path / "tonecheck.toml").write_text('select = ["BL01"]\nfail-on = "info"\n')
    quiet = run("check", ".", "--quiet", cwd=tmp_path)
    assert quiet.returncode == 1
    assert quiet.stdout == "warn.txt:1:1  BL01  warning  'You never listen' turns one moment into a pattern of blame.\n"


def test_usage_and_config_errors_exit_2_with_the_reason(tmp_path: Path) -> None:
    (tmp_path / "draft.txt").write_text("Hi.\n")
    missing = run("check", "draft.txt", "nothere.txt", cwd=tmp_path)
    assert missing.returncode == 2 and "no such file or folder: nothere.txt" in missing.stderr
    (tmp_path / "pyproject.toml").write_text('[tool.tonecheck]\nselct = ["BL"]\n')
    bad_key = run("check", "draft.txt", cwd=tmp_path)
    assert bad_key.returncode == 2
    assert f"{tmp_path / 'pyproject.toml'}: unknown key 'selct' in [tool.tonecheck]" in bad_key.stderr
    selector = run("check", "draft.txt", "--isolated", "--ignore", "ZZ", "--fail-on", "warning", cwd=tmp_path)
    assert selector.returncode == 2 and "selector 'ZZ' matches no rule" in selector.stderr
    level = run("check", "draft.txt", "--isolated", "--fail-on", "sometimes", cwd=tmp_path)
    assert level.returncode == 2 and "--fail-on must be info, warning or error" in level.stderr


def test_stdin_suppression_comments_and_unused_ones(tmp_path: Path) -> None:
    draft = (
        "# Draft\n"
        "\n"
        "You never listen to me. <!-- tonecheck: ignore[BL01] -->\n"
        "<!-- tonecheck: ignore[PR02] -->\n"
        "You never call me.\n"
        "<!-- tonecheck: off -->\n"
        "Answer me right now!\n"
        "<!-- tonecheck: on -->\n"
    )
    result = run(
        "check", "-", "--stdin-filename", "letter.md", "--isolated", "--select", "BL01,PR", "--warn-unused-ignores",
        cwd=tmp_path, stdin=draft,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    found = re.findall(r"^(letter\.md:\d+:\d+)  (\S+)", result.stdout, re.M)
    assert found == [("letter.md:4:6", "unused-ignore"), ("letter.md:5:1", "BL01")], result.stdout
    assert "unused code(s) PR02 in 'tonecheck: ignore[PR02]'" in result.stdout
    plain = run("check", "-", "--isolated", "--select", "BL01", cwd=tmp_path, stdin="You never call.")
    assert plain.returncode == 1 and plain.stdout.startswith("-:1:1  BL01")


def test_colour_on_request_and_a_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("You never listen to me.\n")
    coloured = run("check", "a.txt", "--color", "always", "--isolated", "--select", "BL01", cwd=tmp_path)
    assert "\x1b[4;33mYou never listen\x1b[0m to me." in coloured.stdout  # underlined, warning colour
    assert "^^^" not in coloured.stdout
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [TONECHECK, "check", "a.txt", "--isolated"], cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=follower
    )
    os.close(follower)
    screen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        screen += chunk
    os.close(leader)
    assert process.wait(timeout=120) == 1
    assert b"checking" in screen and b"files" in screen


def test_permission_denied_is_reported_and_the_run_goes_on(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text("You never listen to me.\n")
    (tmp_path / "secret.txt").write_text("You never listen to me.\n")
    (tmp_path / "secret.txt").chmod(0o000)
    command = [TONECHECK, "check", ".", "--isolated", "--select", "BL01"]
    if os.geteuid() == 0:
        # root reads any file; without the two capabilities that let it, file modes apply to it too.
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: cannot take away the right to read any file")
        caps = "-dac_override,-dac_read_search"
        command = ["setpriv", f"--bounding-set={caps}", f"--inh-caps={caps}", *command]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1, result.stderr
    assert "secret.txt: error: cannot read: Permission denied" in result.stderr
    assert "ok.txt:1:1  BL01" in result.stdout


def test_rules_and_explain(tmp_path: Path) -> None:
    table = run("rules", cwd=tmp_path)
    assert table.returncode == 0
    assert re.search(r"^BL01\s+blame\.always-never\s+blaming\s+warning\s+\S", table.stdout, re.M), table.stdout
    (tmp_path / "tonecheck.toml").write_text('[severity]\nBL01 = "error"\n')
    as_json = json.loads(run("rules", "--format", "json", cwd=tmp_path).stdout)
    bl01 = next(rule for rule in as_json if rule["id"] == "BL01")
    assert bl01["severity"] == "error" and bl01["default_severity"] == "warning"
    assert bl01["category"] == "blaming" and bl01["description"].endswith(".")
    explained = run("explain", "always-never", cwd=tmp_path)
    assert explained.returncode == 0
    headings = re.findall(r"^#+ .*$", explained.stdout, re.M)
    assert headings == [
        "# BL01 blame.always-never",
        "## What it flags",
        "## Why it matters",
        "## Example",
        "## Instead",
    ]
    assert '- You never listen to me.  (flags: "You never listen")' in explained.stdout
    assert "severity: error" in explained.stdout
    unknown = run("explain", "ZZ99", cwd=tmp_path)
    assert unknown.returncode == 2 and "no rule 'ZZ99'" in unknown.stderr
