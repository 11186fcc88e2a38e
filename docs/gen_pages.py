"""Reference pages made from the code at every ``mkdocs build`` (run by the mkdocs-gen-files plugin), so they
cannot drift from it: the command line from the typer app, the HTTP API from the OpenAPI schema, the
configuration keys from ``Settings``, the conditions table from the rule model, and one page per rule from the
rule files (rendered as ``tonecheck explain`` renders it).

Nothing here loads a spaCy model: the build stays a few seconds.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from enum import Enum
from typing import Any

import mkdocs_gen_files
import typer.main

from tonecheck import load_rules
from tonecheck.cli import app
from tonecheck.cli.rules import description, explanation
from tonecheck.settings import Settings, VerdictThresholds


def cell(text: object) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(str(text).split()).replace("|", "\\|")


# --- Command line ---------------------------------------------------------------------------------------


def _option_names(param: Any) -> str:
    names = [*param.opts, *getattr(param, "secondary_opts", [])]
    return ", ".join(f"`{name}`" for name in names)


def _default(param: Any) -> str:
    default = param.default
    if default is None or default == () or default == [] or (getattr(param, "is_flag", False) and default is False):
        return ""
    value = getattr(default, "value", default)
    return f"`{value}`"


def cli_page() -> str:
    # Typer carries its own copy of click, so its classes are told apart by duck typing, not isinstance.
    root: Any = typer.main.get_command(app)
    lines = [
        "# Command line",
        "",
        "Generated from the `tonecheck` command itself (`tonecheck COMMAND --help` prints the same).",
        "Options that take a list may be repeated or given comma-separated. `check`, `fix` and `serve` share",
        "the options that choose rules and read files, and all three read the [configuration](settings.md)",
        "file first; options on the command line go on top of it.",
        "",
    ]
    for name, command in root.commands.items():
        ctx = command.context_class(command, info_name=name, parent=root.context_class(root, info_name="tonecheck"))
        lines += [f"## `tonecheck {name}`", "", "```text", command.get_usage(ctx), "```", ""]
        lines += [(command.help or "").strip(), ""]
        arguments = [p for p in command.params if p.param_type_name == "argument"]
        options = [p for p in command.params if p.param_type_name == "option" and not p.hidden]
        if arguments:
            lines += ["| argument | what |", "| --- | --- |"]
            for param in arguments:
                lines.append(f"| `{(param.name or '').upper()}` | {cell(getattr(param, 'help', '') or '')} |")
            lines.append("")
        if options:
            lines += ["| option | what | default |", "| --- | --- | --- |"]
            for param in options:
                help_text = cell(getattr(param, "help", "") or "")
                annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
                if isinstance(annotation, type) and issubclass(annotation, Enum):
                    help_text += " One of: " + ", ".join(f"`{member.value}`" for member in annotation) + "."
                lines.append(f"| {_option_names(param)} | {help_text} | {_default(param)} |")
            lines.append("")
    return "\n".join(lines)


# --- Configuration ----------------------------------------------------------------------------------------


def _type_name(annotation: Any) -> str:
    if isinstance(annotation, type):
        return annotation.__name__
    text = str(annotation).replace("tonecheck.models.", "").replace("typing.", "").replace("NoneType", "None")
    return text.replace("Literal['info', 'warning', 'error']", "info | warning | error")


def settings_page() -> str:
    lines = [
        "# Configuration",
        "",
        "Every entry point — `tonecheck check`, `fix`, `serve`, `Checker(...)`, the language server — is",
        "configured by the same object, `tonecheck.settings.Settings`; this table is generated from it.",
        "",
        "In a project, put the keys in `[tool.tonecheck]` in `pyproject.toml`, or at the top level of",
        "`tonecheck.toml` / `.tonecheck.toml`. The nearest one at or above the checked paths is used (in one folder",
        "`.tonecheck.toml` wins over `tonecheck.toml` over `pyproject.toml`; a `pyproject.toml` without the table",
        "is passed over). `--config FILE` names one, `--isolated` uses none. Unknown keys and bad values are errors",
        "(exit 2) that name the key and the file. Relative paths in `rules` and `exclude` are relative to the file.",
        "",
        "| key | Python | type | default | what |",
        "| --- | --- | --- | --- | --- |",
    ]
    defaults = Settings()
    for name, field in Settings.model_fields.items():
        if name == "verdict":
            continue
        default = getattr(defaults, name)
        shown = "all rules" if name == "select" and default is None else json.dumps(default)
        lines.append(
            f"| `{field.alias or name}` | `{name}` | `{cell(_type_name(field.annotation))}` | `{cell(shown)}` | "
            f"{cell(field.description or '')} |"
        )
    lines += [
        "",
        "`[tool.tonecheck.verdict]` sets the thresholds of the verdict (`VerdictPolicy`):",
        "",
        "| key | what |",
        "| --- | --- |",
    ]
    from tonecheck.models import VerdictPolicy

    for name in VerdictThresholds.model_fields:
        field = VerdictPolicy.model_fields[name]
        lines.append(f"| `{name.replace('_', '-')}` | {cell(field.description or '')} (default `{field.default}`) |")
    lines += [
        "",
        "On the command line, `--select`, `--ignore`, `--exclude` and single values replace the file's;",
        "`--rules` and `--allow` add to it, and `--severity SELECTOR=LEVEL` overrides it per selector.",
        "In Python, `Checker.from_settings(tonecheck.config.discover(path).settings)` checks with a project's",
        "settings, and `settings.with_options(...)` puts options on top, as the command line does.",
        "",
        "```toml",
        "[tool.tonecheck]",
        'select = ["blaming", "PR"]',
        'ignore = ["PR02"]',
        'allow = ["you never know"]',
        'fail-on = "warning"',
        'exclude = ["drafts/archive/"]',
        "",
        "[tool.tonecheck.severity]",
        'BL01 = "error"',
        "",
        "[tool.tonecheck.verdict]",
        "review-below = 0.9",
        "```",
        "",
    ]
    return "\n".join(lines)


# --- HTTP API ---------------------------------------------------------------------------------------------


def _schema_type(schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#{name.lower()})"
    if "anyOf" in schema:
        return " or ".join(_schema_type(s) for s in schema["anyOf"])
    kind = schema.get("type", "object")
    if kind == "array":
        return f"list of {_schema_type(schema.get('items', {}))}"
    if "enum" in schema:
        return " \\| ".join(f"`{v}`" for v in schema["enum"])
    if "const" in schema:
        return f"`{schema['const']}`"
    return str(kind)


def _referenced(schema: Any) -> Iterator[str]:
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key == "$ref" and isinstance(value, str):
                yield value.rsplit("/", 1)[-1]
            else:
                yield from _referenced(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from _referenced(value)


def http_page(openapi: dict[str, Any]) -> str:
    lines = [
        "# HTTP API",
        "",
        "`tonecheck serve` (needs `pip install 'tonecheck[server]'`) answers on `http://127.0.0.1:8000` by",
        "default. This page is generated from its OpenAPI schema, which the server also serves at",
        "`GET /openapi.json` ([a copy](openapi.json)). The server checks with the same",
        "[settings](settings.md) as `tonecheck check`: the config file, `--select`, `--ignore`, `--allow`,",
        "`--severity`, `--rules`, `--model`; a request's own `select` / `ignore` narrow them further.",
        "",
        'Every error is JSON of one shape, `{"error": code, "message": ...}` (plus `fields` for',
        "`invalid_request`), whatever the status: see [ErrorBody](#errorbody).",
        "",
    ]
    for path, methods in openapi["paths"].items():
        for method, operation in methods.items():
            lines += [f"## `{method.upper()} {path}`", ""]
            if operation.get("summary"):
                lines += [f"**{operation['summary']}**", ""]
            if operation.get("description"):
                lines += [operation["description"].strip(), ""]
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            if body:
                lines += [f"Body: {_schema_type(body)}", ""]
            lines += ["| status | answer |", "| --- | --- |"]
            for status, response in operation.get("responses", {}).items():
                schema = response.get("content", {}).get("application/json", {}).get("schema")
                shown = f"{cell(response.get('description', ''))}" + (f": {_schema_type(schema)}" if schema else "")
                lines.append(f"| {status} | {shown} |")
            lines.append("")
    schemas = openapi.get("components", {}).get("schemas", {})
    lines += ["## Schemas", ""]
    for name, schema in schemas.items():
        lines += [f"### {name}", ""]
        if schema.get("description"):
            lines += [" ".join(schema["description"].split()), ""]
        properties = schema.get("properties", {})
        if properties:
            required = set(schema.get("required", []))
            lines += ["| field | type | required | what |", "| --- | --- | --- | --- |"]
            for field, spec in properties.items():
                lines.append(
                    f"| `{field}` | {cell(_schema_type(spec))} | {'yes' if field in required else ''} | "
                    f"{cell(spec.get('description', ''))} |"
                )
            lines.append("")
    return "\n".join(lines)


# --- Rules ------------------------------------------------------------------------------------------------


def conditions_table() -> str:
    """The ``when:`` keys, from the engine's condition registry (the same table as docs/conditions.md)."""
    from tonecheck.engine.conditions import markdown_table

    return markdown_table()


def rules_index(rules: list[Any]) -> str:
    lines = [
        "# Rules",
        "",
        "Every rule shipped with tonecheck, generated from the rule files. Each page says what the rule flags,",
        "why it matters, examples, and what to write instead — `tonecheck explain ID` prints the same. Select",
        "rules by id (`BL01`), prefix (`BL`), category (`blaming`) or dotted name (`blame.*`). Rules marked",
        "*preview* are off by default: they run with preview on (`--preview`, `preview = true`) or when selected",
        "by their exact id; a prefix or category does not turn them on",
        "([preview rules](../rule-format.md#preview-rules)).",
        "",
        "| id | name | category | severity | what it is about |",
        "| --- | --- | --- | --- | --- |",
    ]
    for rule in rules:
        about = description(rule)
        short = about if len(about) < 160 else about[:157].rsplit(" ", 1)[0] + " …"
        lines.append(
            f"| [{rule.id}]({rule.id}.md) | `{rule.name}` | {rule.category} | {rule.severity}"
            f"{' · *preview*' if rule.preview else ''} | {cell(short)} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    from tonecheck.server.app import create_app

    with mkdocs_gen_files.open("reference/cli.md", "w") as page:
        page.write(cli_page())
    with mkdocs_gen_files.open("reference/settings.md", "w") as page:
        page.write(settings_page())
    openapi = create_app().openapi()
    with mkdocs_gen_files.open("reference/http.md", "w") as page:
        page.write(http_page(openapi))
    with mkdocs_gen_files.open("reference/openapi.json", "w") as page:
        json.dump(openapi, page, indent=2)
    rules = list(load_rules())
    with mkdocs_gen_files.open("rules/index.md", "w") as page:
        page.write(rules_index(rules))
    for rule in rules:
        with mkdocs_gen_files.open(f"rules/{rule.id}.md", "w") as page:
            page.write(explanation(rule))
    with mkdocs_gen_files.open("rule-format.md", "a") as page:
        page.write(
            "\n## Conditions\n\nGenerated from the code: every key `when:` takes.\n\n" + conditions_table() + "\n"
        )


main()
