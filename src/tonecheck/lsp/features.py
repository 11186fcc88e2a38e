"""Findings as the protocol's diagnostics, code actions and hovers, for one checked buffer.

Pure: no server, no I/O. A finding's offsets are into the draft (the buffer's own words, see
``documents``); ``Checked`` maps them into the buffer and ``LineIndex`` into positions.
"""

from __future__ import annotations

from dataclasses import dataclass

from lsprotocol import types as lsp

from ..io.sources import Draft
from ..models import Finding, Report, Suggestion
from ..rewrite.rewrite import RewriteResult
from .documents import DocumentKind
from .positions import LineIndex

SOURCE = "tonecheck"
SEVERITY = {
    "error": lsp.DiagnosticSeverity.Error,
    "warning": lsp.DiagnosticSeverity.Warning,
    "info": lsp.DiagnosticSeverity.Information,
}


@dataclass(frozen=True)
class Located:
    """A finding and where it is in the buffer (offsets into the buffer's text)."""

    finding: Finding
    start: int
    end: int


@dataclass(frozen=True)
class Checked:
    """One version of one buffer, checked."""

    uri: str
    version: int | None
    kind: DocumentKind
    index: LineIndex
    draft: Draft
    report: Report
    located: tuple[Located, ...]
    rule_docs_url: str

    def buffer_offset(self, draft_offset: int) -> int:
        return self.draft.file_offset(draft_offset)

    def at(self, start: int, end: int) -> list[Located]:
        """The findings touching the buffer range [start, end] (a cursor is an empty range)."""
        return [item for item in self.located if item.start <= end and start <= item.end]


def locate(draft: Draft, report: Report) -> tuple[Located, ...]:
    located = []
    for finding in report.findings:
        start = draft.file_offset(finding.start)
        end = max(start, draft.file_offset(finding.end))
        located.append(Located(finding, start, end))
    return tuple(located)


def docs_url(template: str, finding: Finding) -> str:
    return template.format(id=finding.rule_id, name=finding.name, category=finding.category)


def diagnostic(checked: Checked, item: Located) -> lsp.Diagnostic:
    return lsp.Diagnostic(
        range=checked.index.range(item.start, item.end),
        severity=SEVERITY[item.finding.severity],
        code=item.finding.rule_id,
        code_description=lsp.CodeDescription(href=docs_url(checked.rule_docs_url, item.finding)),
        source=SOURCE,
        message=item.finding.message,
    )


def diagnostics(checked: Checked) -> list[lsp.Diagnostic]:
    return [diagnostic(checked, item) for item in checked.located]


def _edit(checked: Checked, edits: list[lsp.TextEdit]) -> lsp.WorkspaceEdit:
    return lsp.WorkspaceEdit(
        document_changes=[
            lsp.TextDocumentEdit(
                text_document=lsp.OptionalVersionedTextDocumentIdentifier(uri=checked.uri, version=checked.version),
                edits=list(edits),
            )
        ]
    )


def _suggestion_edit(checked: Checked, suggestion: Suggestion) -> lsp.TextEdit:
    start = checked.buffer_offset(suggestion.start)
    end = max(start, checked.buffer_offset(suggestion.end))
    return lsp.TextEdit(range=checked.index.range(start, end), new_text=suggestion.replacement)


def suggestion_actions(checked: Checked, item: Located) -> list[lsp.CodeAction]:
    """Each suggestion as a quick fix; the first safe one is the preferred fix."""
    flagged = [diagnostic(checked, item)]
    actions = []
    preferred_given = False
    for suggestion in item.finding.suggestions:
        preferred = suggestion.safety == "safe" and not preferred_given
        preferred_given = preferred_given or preferred
        actions.append(
            lsp.CodeAction(
                title=f"{item.finding.rule_id}: {suggestion.title} → {suggestion.replacement!r}"
                + ("" if suggestion.safety == "safe" else " (review)"),
                kind=lsp.CodeActionKind.QuickFix,
                diagnostics=flagged,
                is_preferred=preferred,
                edit=_edit(checked, [_suggestion_edit(checked, suggestion)]),
            )
        )
    # Safe ones first: some editors apply the first fix on a single key press.
    actions.sort(key=lambda action: not action.is_preferred)
    return actions


def ignore_action(checked: Checked, item: Located) -> lsp.CodeAction:
    """Insert a suppression comment (``tonecheck.suppress``) in the buffer's own comment syntax: at the end
    of the line in Markdown, where an HTML comment does not show; on a line of its own above in a git commit
    (git strips ``#`` lines) and in plain text and email."""
    rule = item.finding.rule_id
    line = checked.index.line_of(item.start)
    if checked.kind == "markdown":
        at = checked.index.line_end(line)
        text = f" <!-- tonecheck: ignore[{rule}] -->"
    else:
        at = checked.index.line_start(line)
        prefix = "# " if checked.kind == "git-commit" else ""
        text = f"{prefix}tonecheck: ignore[{rule}]\n"
    position = checked.index.position(at)
    return lsp.CodeAction(
        title=f"Ignore {rule} on this line (add a tonecheck: ignore comment)",
        kind=lsp.CodeActionKind.QuickFix,
        diagnostics=[diagnostic(checked, item)],
        edit=_edit(checked, [lsp.TextEdit(range=lsp.Range(start=position, end=position), new_text=text)]),
    )


REWRITE_TITLE = "Rewrite the whole draft with tonecheck's safe suggestions"


def rewrite_action(checked: Checked, edit: lsp.WorkspaceEdit | None = None) -> lsp.CodeAction:
    """The whole-draft rewrite; without ``edit`` it is resolved later (``codeAction/resolve``), since it
    re-checks the draft once per change and an editor asks for code actions at every cursor move."""
    return lsp.CodeAction(
        title=REWRITE_TITLE,
        kind=lsp.CodeActionKind.QuickFix,
        edit=edit,
        data=None if edit else {"uri": checked.uri, "version": checked.version, "action": "rewrite"},
    )


def rewrite_edit(checked: Checked, result: RewriteResult) -> lsp.WorkspaceEdit:
    edits = []
    for change in result.changes:
        start = checked.buffer_offset(change.start)
        end = max(start, checked.buffer_offset(change.end))
        edits.append(lsp.TextEdit(range=checked.index.range(start, end), new_text=change.replacement))
    return _edit(checked, edits)


def _code(text: str) -> str:
    """``text`` as a Markdown code span, whatever backticks it holds."""
    fence = "`"
    while fence in text:
        fence += "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def hover(checked: Checked, items: list[Located]) -> lsp.Hover | None:
    if not items:
        return None
    parts = []
    for item in items:
        f = item.finding
        lines = [
            f"**{f.rule_id}** {f.name} ({f.category}, {f.severity}): {_escape(f.message)}",
            "",
            f"*Why:* {_escape(f.why)}",
        ]
        if f.suggestions:
            lines += ["", "*Instead:*"]
            lines += [
                f"- {_code(s.replacement)} ({_escape(s.title)}{'' if s.safety == 'safe' else ', review'})"
                for s in f.suggestions
            ]
        lines += ["", f"[{f.rule_id} in the docs]({docs_url(checked.rule_docs_url, f)})"]
        parts.append("\n".join(lines))
    first = min(items, key=lambda item: item.start)
    last = max(items, key=lambda item: item.end)
    return lsp.Hover(
        contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value="\n\n---\n\n".join(parts)),
        range=checked.index.range(first.start, last.end),
    )


def _escape(text: str) -> str:
    """Rule text and draft words shown as Markdown: characters that would start markup are escaped."""
    return "".join("\\" + c if c in "\\`*_[]<>#|" else c for c in text)
