"""Output formats for batch runs: text, json, jsonl, sarif, github, junit.

Each writer takes results one at a time (``result``) and writes as it goes, so a run over many files
never holds all reports: ``json`` and ``sarif`` write their arrays element by element, ``junit`` spools
its test cases to a temporary file until the totals for the header are known.
"""

from __future__ import annotations

import json
import sys
import tempfile
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TextIO
from xml.etree import ElementTree as ET
from xml.sax.saxutils import quoteattr

from rich.console import Console
from rich.text import Text

from . import __version__
from .escape import visible
from .io.batch import Located, Result
from .io.messages import MessageInfo
from .models import SCHEMA_VERSION, SEVERITY_RANK, Finding, IgnoreComment, Rule

FORMATS = ("text", "json", "jsonl", "sarif", "github", "junit")
UNUSED_IGNORE = "unused-ignore"
READ_ERROR = "read-error"


@dataclass
class Diagnostic:
    """One line of output: a finding, an unused suppression comment, or a file that could not be read."""

    path: str
    record: int | None
    rule_id: str
    name: str
    severity: str
    message: str
    line: int = 1
    column: int = 1
    end_line: int = 1
    end_column: int = 1
    source_line: str = ""
    source_column: int = 1
    source_length: int = 1
    suggestion: str | None = None
    message_info: MessageInfo | None = None  # sender, time, channel, id of a message out of an archive
    suggestion_sentence: str | None = None  # the finding's sentence with the suggestion applied (text output)


def diagnostics(result: Result, warn_unused_ignores: bool) -> list[Diagnostic]:
    if result.error is not None or result.report is None:
        return [
            Diagnostic(
                result.path, result.record, READ_ERROR, READ_ERROR, "error", result.error or "",
                message_info=result.message,
            )
        ]
    found = [
        _finding_diagnostic(result, f, loc) for f, loc in zip(result.report.findings, result.locations, strict=True)
    ]
    if warn_unused_ignores and result.report.unused_ignores:
        found.extend(_unused_diagnostic(result, c) for c in result.report.unused_ignores)
        found.sort(key=lambda d: (d.line, d.column))
    return found


def _finding_diagnostic(result: Result, finding: Finding, loc: Located) -> Diagnostic:
    return Diagnostic(
        path=result.path,
        record=result.record,
        rule_id=finding.rule_id,
        name=finding.name,
        severity=finding.severity,
        message=finding.message,
        line=loc.line,
        column=loc.column,
        end_line=loc.end_line,
        end_column=loc.end_column,
        source_line=loc.source_line,
        source_column=loc.source_column,
        source_length=loc.source_length,
        suggestion=finding.suggestions[0].replacement if finding.suggestions else None,
        message_info=result.message,
        suggestion_sentence=_suggested_sentence(finding, loc) if finding.suggestions else None,
    )


_SENTENCE_END = ".!?"


def _suggested_sentence(finding: Finding, loc: Located) -> str | None:
    """The sentence of the finding's line with its first suggestion applied, so the reader sees whole words
    ("I'd love it if you called more often.") rather than a fragment ("sometimes"); ``None`` when the
    suggestion reaches beyond the line."""
    line, column = loc.source_line, loc.source_column - 1
    if line[column : column + len(finding.text)] != finding.text:
        return None  # the shown line is escaped or cut: offsets no longer line up
    suggestion = finding.suggestions[0]
    line_start = finding.start - column
    start, end = suggestion.start - line_start, suggestion.end - line_start
    if not 0 <= start <= end <= len(line):
        return None
    changed = line[:start] + suggestion.replacement + line[end:]
    after = start + len(suggestion.replacement)
    left = max(
        (i + 1 for i in range(start) if changed[i] in _SENTENCE_END and changed[i + 1 : i + 2] == " "), default=0
    )
    right = next((i + 1 for i in range(max(after, start + 1) - 1, len(changed)) if changed[i] in _SENTENCE_END), None)
    sentence = changed[left : right if right is not None else len(changed)].strip()
    return sentence or None


def _unused_diagnostic(result: Result, comment: IgnoreComment) -> Diagnostic:
    if comment.unused_codes:
        message = f"unused code(s) {', '.join(comment.unused_codes)} in '{comment.comment}': nothing to suppress"
    else:
        message = f"unused suppression comment '{comment.comment}': nothing to suppress"
    return Diagnostic(
        path=result.path,
        record=result.record,
        rule_id=UNUSED_IGNORE,
        name=UNUSED_IGNORE,
        severity="warning",
        message=message,
        line=comment.line,
        column=comment.column,
        end_line=comment.line,
        end_column=comment.column + len(comment.comment),
        message_info=result.message,
    )


def where(d: Diagnostic) -> str:
    record = f"[{d.record}]" if d.record is not None else ""
    return f"{visible(d.path)}{record}:{d.line}:{d.column}"


def sent_by(d: Diagnostic) -> str:
    """`` (Anna, 2024-03-12 14:22, #general)`` for a message out of an archive, else nothing."""
    label = d.message_info.label() if d.message_info is not None else ""
    return f"  ({visible(label)})" if label else ""


class Writer:
    """Base: ``start`` once, ``result`` per result, ``finish`` once."""

    def __init__(self, stream: TextIO | None, *, rules: Sequence[Rule], warn_unused_ignores: bool, fail_on: str):
        self._stream = stream
        self.rules = list(rules)
        self.warn_unused_ignores = warn_unused_ignores
        self.fail_rank = SEVERITY_RANK[fail_on]

    @property
    def stream(self) -> TextIO:
        # None: whatever sys.stdout is at the time, so rich's progress display can redirect it.
        return self._stream or sys.stdout

    def start(self) -> None:
        pass

    def result(self, result: Result) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        pass


_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_SNIPPET_WIDTH = 100


class TextWriter(Writer):
    """``path:line:col  ID  severity  message``, then the draft's line with the matched words underlined
    (a caret line when there is no colour) and the first suggestion."""

    def __init__(self, stream: TextIO | None, *, console: Console, quiet: bool, **kwargs: Any):
        super().__init__(stream, **kwargs)
        self.console = console
        self.quiet = quiet
        self.colour = console.is_terminal and not console.no_color

    def result(self, result: Result) -> None:
        for d in diagnostics(result, self.warn_unused_ignores):
            if d.rule_id == READ_ERROR:
                continue  # read errors go to stderr, from the command
            if not self.colour:
                self._plain(d)
                continue
            head = Text()
            head.append(where(d), style="bold")
            head.append("  ")
            head.append(d.rule_id, style=_SEVERITY_STYLE.get(d.severity, ""))
            head.append(f"  {d.severity}  {visible(d.message)}")
            head.append(sent_by(d), style="dim")
            self.console.print(head, soft_wrap=True)
            if self.quiet or not d.source_line:
                continue
            self._snippet(d)

        harshest = None if self.quiet else _harshest_line(result)
        if harshest is not None:
            if self.colour:
                self.console.print(Text(harshest, style="dim"), soft_wrap=True)
            else:
                self.stream.write(harshest + "\n")

    def _plain(self, d: Diagnostic) -> None:
        # Without colour, plain writes: rich's rendering would cost more than the checking on big runs.
        lines = [f"{where(d)}  {d.rule_id}  {d.severity}  {visible(d.message)}{sent_by(d)}"]
        if not self.quiet and d.source_line:
            shown, offset, length = _window(d)
            lines.append("    " + shown)
            lines.append(" " * (4 + offset) + "^" * length)
            if d.suggestion is not None:
                lines.append(f"    try: {visible(d.suggestion_sentence or d.suggestion)}")
        self.stream.write("\n".join(lines) + "\n")

    def _snippet(self, d: Diagnostic) -> None:
        shown, offset, length = _window(d)
        snippet = Text("    " + shown)
        snippet.stylize("underline " + _SEVERITY_STYLE.get(d.severity, ""), 4 + offset, 4 + offset + length)
        self.console.print(snippet, soft_wrap=True)
        if d.suggestion is not None:
            tip = Text("    try: ", style="dim")
            tip.append(visible(d.suggestion_sentence or d.suggestion), style="green")
            self.console.print(tip, soft_wrap=True)


def _harshest_line(result: Result) -> str | None:
    """Points at the least gentle sentence of a draft that is not 'send' and has more than one sentence."""
    report = result.report
    harshest = report.harshest if report is not None else None
    if report is None or harshest is None or report.verdict == "send" or len(report.sentences) < 2:
        return None
    text = _printable(harshest.text)
    if len(text) > _SNIPPET_WIDTH:
        text = text[: _SNIPPET_WIDTH - 1] + "…"
    record = f"[{result.record}]" if result.record is not None else ""
    return (
        f"{_printable(result.path)}{record}  gentleness {report.gentleness:.2f} ({report.verdict}); "
        f"harshest sentence ({harshest.gentleness:.2f}): {text}"
    )


def _printable(text: str) -> str:
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _window(d: Diagnostic) -> tuple[str, int, int]:
    """The part of the finding's line to show, where the finding starts in it, and how long it is there."""
    line = visible(d.source_line.expandtabs(1))
    start = d.source_column - 1
    left = max(0, start - 40) if len(line) > _SNIPPET_WIDTH else 0
    prefix = "…" if left else ""
    suffix = "…" if left + _SNIPPET_WIDTH < len(line) else ""
    shown = prefix + line[left : left + _SNIPPET_WIDTH] + suffix
    offset = start - left + len(prefix)
    length = max(1, min(d.source_length, len(shown) - len(suffix) - offset))
    return shown, offset, length


def _json_item(result: Result) -> dict[str, Any]:
    item: dict[str, Any] = {"path": result.path, "record": result.record}
    if result.message is not None:
        item["message"] = result.message.model_dump(mode="json")
    if result.report is None:
        item.update(schema_version=SCHEMA_VERSION, error=result.error)
        return item
    report = result.report.model_dump(mode="json")
    for finding, loc in zip(report["findings"], result.locations, strict=True):
        finding["end_line"] = loc.end_line
        finding["end_column"] = loc.end_column
    item.update(report)
    item["error"] = None
    return item


class JsonWriter(Writer):
    """One JSON array; each element is a report (the versioned schema) plus ``path``, ``record`` and
    ``error``; findings carry file ``line``/``column``/``end_line``/``end_column``."""

    def start(self) -> None:
        self.stream.write("[")
        self.first = True

    def result(self, result: Result) -> None:
        self.stream.write(("\n" if self.first else ",\n") + json.dumps(_json_item(result), ensure_ascii=False))
        self.first = False

    def finish(self) -> None:
        self.stream.write("\n]\n")


class JsonLinesWriter(Writer):
    def result(self, result: Result) -> None:
        self.stream.write(json.dumps(_json_item(result), ensure_ascii=False) + "\n")
        self.stream.flush()


_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _uri(path: str) -> str:
    return urllib.parse.quote(path.replace("\\", "/"))


class SarifWriter(Writer):
    """SARIF 2.1.0: one run, the rules in ``tool.driver.rules``, unreadable files as tool execution
    notifications."""

    def start(self) -> None:
        self.index = {rule.id: i for i, rule in enumerate(self.rules)}
        driver = {
            "name": "tonecheck",
            "version": __version__,
            "informationUri": "https://pypi.org/project/tonecheck/",
            "rules": [
                {
                    "id": rule.id,
                    "name": rule.name,
                    "shortDescription": {"text": _first_sentence(rule.why)},
                    "fullDescription": {"text": " ".join(rule.why.split())},
                    "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
                    "properties": {"category": rule.category},
                }
                for rule in self.rules
            ],
        }
        head = json.dumps(
            {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0"}, ensure_ascii=False
        )
        self.stream.write(head[:-1] + ', "runs": [{"tool": {"driver": ' + json.dumps(driver) + "}")
        self.stream.write(', "columnKind": "unicodeCodePoints", "results": [')
        self.first = True
        self.notifications: list[dict[str, Any]] = []

    def result(self, result: Result) -> None:
        for d in diagnostics(result, self.warn_unused_ignores):
            location = {"physicalLocation": {"artifactLocation": {"uri": _uri(d.path)}}}
            if d.rule_id == READ_ERROR:
                # Bounded by the number of unreadable files, not by the run's size.
                self.notifications.append({"level": "error", "message": {"text": d.message}, "locations": [location]})
                continue
            region: dict[str, Any] = {"startLine": d.line, "startColumn": d.column}
            if d.end_line >= d.line and (d.end_line, d.end_column) > (d.line, d.column):
                region.update(endLine=d.end_line, endColumn=d.end_column)
            if d.source_line:
                region["snippet"] = {"text": d.source_line}
            location["physicalLocation"]["region"] = region  # type: ignore[index]
            item: dict[str, Any] = {
                "ruleId": d.rule_id,
                "level": _SARIF_LEVEL[d.severity],
                "message": {"text": d.message},
                "locations": [location],
            }
            if d.rule_id in self.index:
                item["ruleIndex"] = self.index[d.rule_id]
            if d.record is not None:
                item["properties"] = {"record": d.record}
            if d.message_info is not None:
                item.setdefault("properties", {})["message"] = d.message_info.model_dump(mode="json", exclude_none=True)
            self.stream.write(("" if self.first else ", ") + json.dumps(item, ensure_ascii=False))
            self.first = False

    def finish(self) -> None:
        invocation = {"executionSuccessful": not self.notifications, "toolExecutionNotifications": self.notifications}
        self.stream.write('], "invocations": [' + json.dumps(invocation, ensure_ascii=False) + "]}]}\n")


def _first_sentence(text: str) -> str:
    flat = " ".join(text.split())
    end = flat.find(". ")
    return flat if end < 0 else flat[: end + 1]


def _escape_data(value: str) -> str:
    return visible(value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


_GITHUB_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


class GithubWriter(Writer):
    """GitHub Actions workflow commands: ``::warning file=...,line=...::message``."""

    def result(self, result: Result) -> None:
        for d in diagnostics(result, self.warn_unused_ignores):
            props = [f"file={_escape_property(d.path)}"]
            if d.rule_id != READ_ERROR:
                props += [f"line={d.line}", f"col={d.column}"]
                if d.end_line > d.line:
                    props.append(f"endLine={d.end_line}")
                elif d.end_column > d.column + 1:
                    props += [f"endLine={d.end_line}", f"endColumn={d.end_column - 1}"]
            title = f"{d.rule_id} {d.name}" if d.name != d.rule_id else d.rule_id
            props.append(f"title={_escape_property(title)}")
            record = f"[record {d.record}{sent_by(d)}] " if d.record is not None else ""
            self.stream.write(
                f"::{_GITHUB_COMMAND[d.severity]} {','.join(props)}::{_escape_data(record + d.message)}\n"
            )


class JunitWriter(Writer):
    """JUnit XML: one test case per draft (a file, or a record of an export); findings at or above
    ``--fail-on`` fail it, the rest go to its ``system-out``; an unreadable file is an ``error``."""

    def start(self) -> None:
        # Lives from start() to finish(), across calls, so no with-block.
        self.spool = tempfile.SpooledTemporaryFile(max_size=4 * 1024 * 1024, mode="w+", encoding="utf-8")  # noqa: SIM115
        self.tests = self.failures = self.errors = 0

    def result(self, result: Result) -> None:
        self.tests += 1
        # XML 1.0 cannot hold most control characters even escaped: they are made visible.
        name = visible(result.path) + (f"[{result.record}]" if result.record is not None else "")
        case = ET.Element("testcase", {"classname": "tonecheck", "name": name, "file": visible(result.path)})
        found = diagnostics(result, self.warn_unused_ignores)
        if result.error is not None:
            self.errors += 1
            ET.SubElement(case, "error", {"type": READ_ERROR, "message": visible(result.error)})
        else:
            failing = [d for d in found if SEVERITY_RANK[d.severity] >= self.fail_rank]
            other = [d for d in found if SEVERITY_RANK[d.severity] < self.fail_rank]
            if failing:
                self.failures += 1
                failure = ET.SubElement(
                    case, "failure", {"type": failing[0].rule_id, "message": f"{len(failing)} finding(s)"}
                )
                failure.text = "\n".join(_line(d) for d in failing)
            if other:
                ET.SubElement(case, "system-out").text = "\n".join(_line(d) for d in other)
        self.spool.write(ET.tostring(case, encoding="unicode") + "\n")

    def finish(self) -> None:
        counts = {"tests": self.tests, "failures": self.failures, "errors": self.errors}
        self.stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        self.stream.write(_open_tag("testsuites", name="tonecheck", **counts) + "\n")
        self.stream.write(_open_tag("testsuite", name="tonecheck", skipped=0, **counts) + "\n")
        self.spool.seek(0)
        for chunk in iter(lambda: self.spool.read(65536), ""):
            self.stream.write(chunk)
        self.stream.write("</testsuite>\n</testsuites>\n")
        self.spool.close()


def _open_tag(tag: str, **attributes: object) -> str:
    # The cases are streamed in between, so the opening tag is written on its own.
    return f"<{tag}" + "".join(f" {k}={quoteattr(str(v))}" for k, v in attributes.items()) + ">"


def _line(d: Diagnostic) -> str:
    return f"{where(d)}  {d.rule_id}  {d.severity}  {visible(d.message)}{sent_by(d)}"
