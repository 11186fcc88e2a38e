"""``tonecheck rules``, ``tonecheck explain ID`` and ``tonecheck test-rules``: the rules, for writers and authors."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markdown import Markdown
from rich.table import Table

from ..loader import RuleLoadError, RuleSet, load_rules
from ..models import Rule, Severity
from ..overrides import Overrides
from .app import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, app, build_checker, err, out
from .options import ConfigOption, IsolatedOption, fail, resolve_settings


@app.command("test-rules")
def test_rules(
    folders: Annotated[list[Path], typer.Argument(help="Rule files or folders to test.")],
) -> None:
    """Run every example in the given rule files and report the ones that fail (a preview rule's examples with
    preview on, every other rule's with the default set)."""
    from ..loader import RuleSet
    from ..testing import example_cases, run_case

    checker = build_checker(rules=folders)
    runs = [(checker, checker.ruleset)]
    if checker.ruleset.dormant:
        previews = RuleSet(checker.ruleset.dormant, {})
        runs.append((build_checker(rules=folders, preview=True), previews))
    failures = total = 0
    for runner, ruleset in runs:
        for case in example_cases(ruleset):
            total += 1
            problem = run_case(runner, case)
            if problem:
                failures += 1
                out.print(f"FAIL {problem}")
    rules = len(checker.ruleset) + len(checker.ruleset.dormant)
    out.print(f"{total - failures} passed, {failures} failed, {rules} rules")
    raise typer.Exit(EXIT_FINDINGS if failures else EXIT_OK)


class RulesFormat(StrEnum):
    text = "text"
    json = "json"


def _ruleset(
    rules: Optional[list[Path]], isolated: bool, config: Optional[Path] = None
) -> tuple[RuleSet, dict[str, Severity]]:
    """The shipped rules plus extra ones (from the config found from the current folder and ``--rules``),
    and the config's severity overrides."""
    settings = resolve_settings([], config=config, isolated=isolated, rules=rules).settings
    try:
        ruleset = load_rules(settings.rule_paths())
        Overrides(ruleset, (), settings.severity)
    except (RuleLoadError, ValueError) as exc:
        raise fail(str(exc)) from None
    return ruleset, dict(settings.severity)


def description(rule: Rule) -> str:
    """A rule's description, whole and on one line: its ``why``, guides cited by title."""
    return " ".join(rule.why.split())


@app.command("rules")
def list_rules(
    output_format: Annotated[RulesFormat, typer.Option("--format", "-f", help="text or json")] = RulesFormat.text,
    rules: Annotated[Optional[list[Path]], typer.Option("--rules", help="Extra rule files or folders.")] = None,
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
) -> None:
    """List the rules: id, name, category, severity and what each is about (preview rules, off by default, marked)."""
    ruleset, severity = _ruleset(rules, isolated, config)
    overrides = Overrides(ruleset, (), severity)
    if output_format is RulesFormat.json:
        rows = [
            {
                "id": rule.id,
                "name": rule.name,
                "category": rule.category,
                "severity": overrides.severity_of(rule),
                "default_severity": rule.severity,
                "preview": rule.preview,
                "aliases": list(rule.aliases),
                "description": description(rule),
                "file": ruleset.files[rule.id],
            }
            for rule in ruleset
        ]
        print(json.dumps(rows, indent=2))
        raise typer.Exit(EXIT_OK)
    lines: list[list[str]] = [
        [r.id, r.name, r.category, overrides.severity_of(r) + (" (preview)" if r.preview else ""), description(r)]
        for r in ruleset
    ]
    header = ["id", "name", "category", "severity", "description"]
    if out.is_terminal:
        table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
        for column in header:
            table.add_column(column, no_wrap=column != "description")
        for line in lines:
            table.add_row(*line)
        out.print(table)
    else:  # plain aligned columns, one rule a line, for grep and scripts
        widths = [max(len(row[i]) for row in [header, *lines]) for i in range(4)]
        for row in [header, *lines]:
            print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)) + "  " + row[4])
    raise typer.Exit(EXIT_OK)


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "…"


def explanation(rule: Rule, severity: str | None = None) -> str:
    """The rule's documentation in Markdown, in the shape of Ruff's: what it flags, why it matters, an
    example, and what to write instead."""
    first = rule.examples.flagged[0]
    aliases = f" · aliases: {', '.join(rule.aliases)}" if rule.aliases else ""
    lines = [
        f"# {rule.id} {rule.name}",
        "",
        f"Category: {rule.category} · severity: {severity or rule.severity}{aliases}",
        "",
        *(
            [
                "**Preview rule**: off by default. It runs with preview on (`--preview`, `preview = true`, "
                "`Checker(preview=True)`) or when selected by its exact id (`--select " + rule.id + "`); "
                "a prefix or category does not turn it on.",
                "",
            ]
            if rule.preview
            else []
        ),
        "## What it flags",
        "",
        rule.message.format_map(_Blank(match=first.match, match_lower=first.match.lower(), sentence=first.text)),
        "",
        "## Why it matters",
        "",
        " ".join(rule.why.split()),
        "",
        "## Example",
        "",
    ]
    for example in rule.examples.flagged:
        lines.append(f'- {example.text}  (flags: "{example.match}")')
    lines += ["", "## Instead", ""]
    shown = False
    for example in rule.examples.flagged:
        if example.suggestion:
            lines.append(f"- {example.suggestion}  (for: {example.text})")
            shown = True
    for spec in rule.suggestions:
        wording = spec.replace or spec.template
        title = spec.title or "Try"
        if wording:
            lines.append(f"- {title}: {wording.format_map(_Blank(match='…', match_lower='…', sentence='…'))}")
            shown = True
        elif spec.title:
            lines.append(f"- {spec.title}")
            shown = True
    if not shown:
        lines.append("- Say how it affects you, in your own words, and leave the reader room to answer.")
    lines += ["", "Not flagged:", ""]
    lines += [f"- {text}" for text in rule.examples.ok]
    if rule.source:
        lines += ["", f"Source: {rule.source}"]
    return "\n".join(lines) + "\n"


@app.command("explain")
def explain(
    rule_id: Annotated[str, typer.Argument(metavar="ID", help="A rule id, dotted name or alias.")],
    rules: Annotated[Optional[list[Path]], typer.Option("--rules", help="Extra rule files or folders.")] = None,
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
) -> None:
    """Explain a rule: what it flags, why it matters, an example, and what to write instead."""
    ruleset, severity = _ruleset(rules, isolated, config)
    rule = ruleset.get(rule_id) or ruleset.get(rule_id.upper())
    if rule is None:
        err.print(f"error: no rule {rule_id!r}; `tonecheck rules` lists them", markup=False)
        raise typer.Exit(EXIT_USAGE)
    text = explanation(rule, Overrides(ruleset, (), severity).severity_of(rule))
    if out.is_terminal:
        out.print(Markdown(text))
    else:
        print(text, end="")
    raise typer.Exit(EXIT_OK)
