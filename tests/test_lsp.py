"""`tonecheck lsp` driven over stdio by a real LSP client (pytest-lsp, on pygls): one server for the module.

The client claims VS Code's capabilities (position encoding UTF-16, code action resolve) and answers
``workspace/configuration`` from what a test sets, as an editor would.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

TONECHECK = str(Path(sys.executable).with_name("tonecheck"))
pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_lsp.fixture(scope="module", config=ClientServerConfig(server_command=[TONECHECK, "lsp"]))
async def client(lsp_client: LanguageClient, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("workspace")
    # Every publication is kept: pytest-lsp's wait_for_notification resolves one waiter per notification, so
    # two publications read from the pipe in one go would lose the second and a test waiting for it would hang.
    published: list[lsp.PublishDiagnosticsParams] = []
    handle = lsp_client.protocol._handle_notification

    def record(method_name: str, params: object) -> None:
        if method_name == lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS:
            published.append(params)  # type: ignore[arg-type]
        handle(method_name, params)

    lsp_client.protocol._handle_notification = record  # type: ignore[method-assign]
    lsp_client.published = published  # type: ignore[attr-defined]
    await lsp_client.initialize_session(
        lsp.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            root_uri=root.as_uri(),
            initialization_options={"debounceMs": 30},
        )
    )
    lsp_client.root = root  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()  # shutdown, then exit: the server must stop cleanly
    assert lsp_client._server is not None and lsp_client._server.returncode == 0


_opened = 0


async def open_document(client: LanguageClient, text: str, language: str, name: str | None = None) -> str:
    """Open a buffer and wait for its diagnostics; returns its uri."""
    global _opened
    _opened += 1
    root: Path = client.root  # type: ignore[attr-defined]
    uri = (root / (name or f"draft{_opened}.txt")).as_uri()
    item = lsp.TextDocumentItem(uri=uri, language_id=language, version=1, text=text)
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(text_document=item))
    await diagnostics_for(client, uri, 1)
    return uri


async def diagnostics_for(
    client: LanguageClient, uri: str, version: int, timeout: float = 120
) -> list[lsp.Diagnostic]:
    """Wait for the next diagnostics of ``uri`` at ``version`` published from now on; other buffers' are skipped."""
    published: list[lsp.PublishDiagnosticsParams] = client.published  # type: ignore[attr-defined]
    seen = len(published)
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        for params in published[seen:]:
            if params.uri == uri and params.version == version:
                return list(params.diagnostics)
        seen = len(published)
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"no diagnostics for {uri} at version {version} within {timeout} s")
        await asyncio.sleep(0.01)


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def by_code(diagnostics: list[lsp.Diagnostic], code: str) -> lsp.Diagnostic:
    found = [d for d in diagnostics if d.code == code]
    assert found, f"no {code} in {[(d.code, d.message) for d in diagnostics]}"
    return found[0]


async def code_actions(client: LanguageClient, uri: str, diagnostic: lsp.Diagnostic) -> list[lsp.CodeAction]:
    """The code actions the server offers at a diagnostic, as an editor asks for them."""
    actions = await client.text_document_code_action_async(
        lsp.CodeActionParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri),
            range=diagnostic.range,
            context=lsp.CodeActionContext(diagnostics=[diagnostic]),
        )
    )
    assert actions
    return [a for a in actions if isinstance(a, lsp.CodeAction)]


def titled(actions: list[lsp.CodeAction], start: str) -> list[lsp.CodeAction]:
    return [a for a in actions if a.title.startswith(start)]


def replace_text(client: LanguageClient, uri: str, version: int, text: str) -> None:
    """A whole-document change to ``text`` at ``version``."""
    client.text_document_did_change(
        lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


async def shown_message(client: LanguageClient, needle: str) -> lsp.ShowMessageParams:
    """The one window/showMessage containing ``needle``, waiting for a few messages if need be."""
    for _ in range(3):
        if any(needle in m.message for m in client.messages):
            break
        await asyncio.wait_for(client.wait_for_notification(lsp.WINDOW_SHOW_MESSAGE), 10)
    (message,) = [m for m in client.messages if needle in m.message]
    return message


def apply_edit(text: str, edit: lsp.WorkspaceEdit) -> str:
    """Apply a one-document WorkspaceEdit as an editor does (positions in UTF-16, last edit first)."""
    assert edit.document_changes
    (change,) = edit.document_changes
    assert isinstance(change, lsp.TextDocumentEdit)
    lines = text.split("\n")

    def offset(position: lsp.Position) -> int:
        before = sum(len(line) + 1 for line in lines[: position.line])
        line, units, index = lines[position.line] if position.line < len(lines) else "", 0, 0
        while index < len(line) and units < position.character:
            units += utf16(line[index])
            index += 1
        return before + index

    spans = sorted(((offset(e.range.start), offset(e.range.end), e.new_text) for e in change.edits), reverse=True)
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


async def test_open_publishes_diagnostics_with_utf16_ranges(client: LanguageClient) -> None:
    text = "Hello.\nHi 😀😀 there. Call me 😡 ASAP."
    uri = await open_document(client, text, "plaintext")
    diagnostics = client.diagnostics[uri]
    call = by_code(diagnostics, "PR01")
    # Each emoji is two UTF-16 code units: "Call me" starts at character 15 of line 1, not 13.
    assert call.range == lsp.Range(start=lsp.Position(line=1, character=15), end=lsp.Position(line=1, character=22))
    assert call.severity == lsp.DiagnosticSeverity.Warning
    assert call.source == "tonecheck"
    assert call.message
    assert call.code_description is not None and "PR01" in call.code_description.href
    asap = by_code(diagnostics, "PR02")
    assert asap.range.start == lsp.Position(line=1, character=utf16("Hi 😀😀 there. Call me 😡 "))
    assert asap.range.end.character - asap.range.start.character == 4


async def test_rapid_changes_are_debounced_into_one_check_of_the_last_version(client: LanguageClient) -> None:
    uri = await open_document(client, "Call me ASAP.", "plaintext")
    for version, text in enumerate(["Call me", "Call me when", "Call me when you can, no rush."], start=2):
        replace_text(client, uri, version, text)
    diagnostics = await diagnostics_for(client, uri, 4)
    assert diagnostics == []
    # An incremental change (the usual kind) brings the finding back at the edited place.
    client.text_document_did_change(
        lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=5),
            content_changes=[
                lsp.TextDocumentContentChangePartial(
                    range=lsp.Range(start=lsp.Position(line=0, character=7), end=lsp.Position(line=0, character=30)),
                    text=" ASAP.",
                )
            ],
        )
    )
    diagnostics = await diagnostics_for(client, uri, 5)
    assert {d.code for d in diagnostics} >= {"PR01", "PR02"}


async def test_markdown_code_blocks_and_quotes_are_skipped(client: LanguageClient) -> None:
    text = "Notes for Sam.\n\n```\nCall me ASAP.\n```\n\n> Call me ASAP.\n\nCall me ASAP.\n"
    uri = await open_document(client, text, "markdown", "notes.md")
    lines = {d.range.start.line for d in client.diagnostics[uri]}
    assert lines == {8}
    # In Markdown the ignore comment goes at the end of the line, as an HTML comment that does not render.
    call = by_code(client.diagnostics[uri], "PR01")
    (ignore,) = titled(await code_actions(client, uri, call), "Ignore PR01")
    assert ignore.edit is not None
    assert apply_edit(text, ignore.edit).endswith("\nCall me ASAP. <!-- tonecheck: ignore[PR01] -->\n")


async def test_email_headers_and_quoted_reply_are_skipped(client: LanguageClient) -> None:
    text = (
        "To: sam@example.org\nSubject: Call me ASAP\n\nCall me ASAP.\n\n"
        "On Mon, Sam wrote:\n> You never listen. Call me ASAP.\n"
    )
    uri = await open_document(client, text, "mail")
    lines = {d.range.start.line for d in client.diagnostics[uri]}
    assert lines == {3}


async def test_git_commit_ignore_action_inserts_a_comment_git_strips(client: LanguageClient) -> None:
    text = "You hurt me by ignoring my calls.\n# Please enter the commit message. Call me ASAP.\n"
    uri = await open_document(client, text, "git-commit", "COMMIT_EDITMSG")
    diagnostics = client.diagnostics[uri]
    assert {d.range.start.line for d in diagnostics} == {0}
    hurt = by_code(diagnostics, "BL03")
    (ignore,) = titled(await code_actions(client, uri, hurt), "Ignore BL03")
    assert ignore.edit is not None
    new_text = apply_edit(text, ignore.edit)
    assert new_text.startswith("# tonecheck: ignore[BL03]\nYou hurt me by ignoring my calls.\n")
    replace_text(client, uri, 2, new_text)
    codes = {d.code for d in await diagnostics_for(client, uri, 2)}
    assert "BL03" not in codes and "IS01" in codes


async def test_code_actions_offer_each_suggestion_safe_first_and_the_whole_rewrite(client: LanguageClient) -> None:
    text = "🙂 You hurt me by ignoring my calls."
    uri = await open_document(client, text, "plaintext")
    hurt = by_code(client.diagnostics[uri], "BL03")
    actions = await code_actions(client, uri, hurt)
    (fix,) = titled(actions, "BL03")
    assert fix.is_preferred and fix.edit is not None
    assert apply_edit(text, fix.edit) == "🙂 I felt hurt when you ignored my calls."
    # A finding with several suggestions: one action each, the safe one first and the only one preferred.
    demand = "Hi 🙂 Answer me right now."
    demand_uri = await open_document(client, demand, "plaintext")
    fixes = titled(await code_actions(client, demand_uri, by_code(client.diagnostics[demand_uri], "PR01")), "PR01")
    assert len(fixes) >= 2
    assert fixes[0].is_preferred and not any(a.is_preferred for a in fixes[1:])
    assert fixes[0].edit is not None
    assert apply_edit(demand, fixes[0].edit) == "Hi 🙂 Let me know when you can."

    (whole,) = titled(actions, "Rewrite the whole draft")
    assert whole.edit is None  # resolved on demand: it re-checks the draft
    resolved = await client.code_action_resolve_async(whole)
    assert resolved.edit is not None
    assert apply_edit(text, resolved.edit) == "🙂 I felt hurt when you ignored my calls."


async def test_hover_shows_why_and_suggestions(client: LanguageClient) -> None:
    uri = await open_document(client, "You hurt me by ignoring my calls.", "plaintext")
    hover = await client.text_document_hover_async(
        lsp.HoverParams(text_document=lsp.TextDocumentIdentifier(uri=uri), position=lsp.Position(line=0, character=5))
    )
    assert hover is not None and isinstance(hover.contents, lsp.MarkupContent)
    assert "**BL03**" in hover.contents.value
    assert "*Why:*" in hover.contents.value
    assert "`I felt hurt when you ignored my calls.`" in hover.contents.value
    nothing = await client.text_document_hover_async(
        lsp.HoverParams(text_document=lsp.TextDocumentIdentifier(uri=uri), position=lsp.Position(line=0, character=30))
    )
    assert nothing is None or "BL03" not in str(nothing.contents)


async def test_project_config_and_editor_settings_apply(client: LanguageClient) -> None:
    root: Path = client.root  # type: ignore[attr-defined]
    project = root / "project"
    project.mkdir()
    (project / "tonecheck.toml").write_text('ignore = ["PR02"]\nexclude = ["private/"]\n', encoding="utf-8")
    uri = await open_document(client, "Call me ASAP.", "plaintext", "project/draft.txt")
    assert {d.code for d in client.diagnostics[uri]} == {"PR01"}
    # A file `tonecheck check` skips (the project's exclude) is not flagged in the editor either.
    (project / "private").mkdir()
    skipped = await open_document(client, "Call me ASAP.", "plaintext", "project/private/draft.txt")
    assert not client.diagnostics[skipped]

    # The editor's settings, asked for with workspace/configuration, replace the project's ignore list.
    client.set_configuration({"ignore": ["PR01"]}, section="tonecheck")
    client.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(settings=None))
    assert {d.code for d in await diagnostics_for(client, uri, 1)} == {"PR02"}
    client.set_configuration({}, section="tonecheck")
    client.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(settings=None))
    await diagnostics_for(client, uri, 1)


async def test_bad_editor_settings_are_reported_by_name(client: LanguageClient) -> None:
    # Config-file keys are checked by the project's Settings, camelCase or not, nested ones by their path.
    settings = {"tonecheck": {"selct": ["PR"], "verdict": {"reviseAt": "fatal"}, "debounceMs": 50}}
    client.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(settings=settings))
    message = (await shown_message(client, "selct")).message
    assert "unknown setting 'selct'" in message and "verdict.revise_at" in message


async def test_a_broken_project_config_is_reported_and_the_defaults_check(client: LanguageClient) -> None:
    root: Path = client.root  # type: ignore[attr-defined]
    broken = root / "broken"
    broken.mkdir()
    (broken / "tonecheck.toml").write_text("ignore = [\n", encoding="utf-8")
    uri = await open_document(client, "Call me ASAP.", "plaintext", "broken/draft.txt")
    assert {d.code for d in client.diagnostics[uri]} >= {"PR01", "PR02"}
    message = await shown_message(client, "invalid TOML")
    assert "tonecheck.toml" in message.message and message.type == lsp.MessageType.Error
