"""The language server: pygls wiring of ``documents``, ``settings`` and ``features`` over one Checker.

Opening a buffer checks it at once; a change checks it after ``debounceMs`` without further changes, so
typing is not slowed by checks of every keystroke. Checks run one at a time on a worker thread (the Checker
serialises them anyway), so the server answers hovers and code actions while one runs. The model is loaded
once, on first use, and shared by every buffer whose settings agree on everything but the per-check ones
(select, ignore); so is the cache of parsed paragraphs (``incremental``) that makes a check after an edit
cost about one paragraph's parse plus the rules.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote, urlparse

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer

from .. import __version__
from ..api import Checker
from ..config import CONFIG_NAMES, ConfigError, LoadedConfig
from ..engine.pipeline import ModelNotFoundError
from ..loader import RuleLoadError
from ..models import Report
from ..rewrite.rewrite import RewriteResult, rewrite
from . import features
from .documents import draft_of, kind_of
from .features import Checked
from .incremental import ParagraphCache
from .positions import LineIndex
from .settings import (
    DocumentSettings,
    EditorSettings,
    SettingsError,
    editor_settings,
    project_config,
    resolve,
)

log = logging.getLogger(__name__)
T = TypeVar("T")


class ToneServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("tonecheck", __version__)
        self.editor = EditorSettings()
        self.results: dict[str, Checked] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.checkers: dict[str, ParagraphCache] = {}
        self.checkers_lock = threading.Lock()
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tonecheck-lsp")
        self.told: set[str] = set()  # error messages already shown
        self.loop: asyncio.AbstractEventLoop | None = None
        self.loop_thread = 0

    # -- settings and checkers --------------------------------------------------------------------------

    def tell(self, message: str, kind: lsp.MessageType = lsp.MessageType.Error) -> None:
        """Show an error once (a bad config is not shown per keystroke); safe from the worker thread, since
        writes to the client belong to the event loop's thread."""
        log.warning("%s", message)
        if message in self.told:
            return
        self.told.add(message)
        params = lsp.ShowMessageParams(type=kind, message=message)
        if self.loop is None or threading.get_ident() == self.loop_thread:
            self.window_show_message(params)
        else:
            self.loop.call_soon_threadsafe(self.window_show_message, params)

    def settings_for(self, uri: str) -> DocumentSettings:
        """The buffer's settings. The config is looked up again for every check (a few stat calls), so an
        edited config applies from the next check without a restart."""
        root = _path_of(self.workspace.root_uri) if self.workspace.root_uri else None
        try:
            project = project_config(_path_of(uri), root)
        except ConfigError as exc:
            self.tell(f"tonecheck: {exc} (checking with the defaults)")
            project = LoadedConfig()
        return resolve(project, self.editor)

    def checker_for(self, settings: DocumentSettings) -> ParagraphCache:
        """The Checker for these settings, with its cache of parsed paragraphs."""
        with self.checkers_lock:
            cached = self.checkers.get(settings.checker_key)
            if cached is None:
                cached = ParagraphCache(Checker.from_settings(settings.checker_settings))
                self.checkers[settings.checker_key] = cached
            return cached

    def use_editor_settings(self, raw: Any) -> None:
        try:
            self.editor = editor_settings(raw)
        except SettingsError as exc:
            self.tell(str(exc))

    # -- checking -----------------------------------------------------------------------------------------

    def check_now(self, uri: str, text: str, version: int | None, language_id: str | None) -> Checked | None:
        """Check one version of a buffer (on the worker thread)."""
        kind = kind_of(language_id, uri)
        if kind is None:
            return None
        settings = self.settings_for(uri)
        if settings.excluded(_path_of(uri)):
            return None  # `tonecheck check` skips this file: so does the editor
        try:
            checker = self.checker_for(settings)
        except (RuleLoadError, ModelNotFoundError, ValueError) as exc:
            self.tell(f"tonecheck: {exc}")
            return None
        draft = draft_of(kind, text)
        chosen = settings.settings
        report = checker.check(draft.text, select=chosen.select, ignore=chosen.ignore, preview=chosen.preview)
        return Checked(
            uri=uri,
            version=version,
            kind=kind,
            index=LineIndex(text, str(self.workspace.position_encoding or lsp.PositionEncodingKind.Utf16.value)),
            draft=draft,
            report=report,
            located=features.locate(draft, report),
            rule_docs_url=settings.rule_docs_url,
        )

    def rewrite(self, checked: Checked) -> RewriteResult:
        """The whole-draft rewrite under the buffer's settings (on the worker thread)."""
        settings = self.settings_for(checked.uri)
        checker = self.checker_for(settings)

        def check(text: str) -> Report:
            chosen = settings.settings
            return checker.checker.check(text, select=chosen.select, ignore=chosen.ignore, preview=chosen.preview)

        return rewrite(checked.draft.text, check)

    async def on_worker(self, work: Callable[[], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self.worker, work)

    async def checked(self, uri: str) -> Checked | None:
        """The check of the buffer as it is now: the last one if still current, else a new one."""
        document = self.workspace.get_text_document(uri)
        last = self.results.get(uri)
        if last is not None and last.version == document.version and last.index.text == document.source:
            return last
        text, version, language = document.source, document.version, document.language_id
        result = await self.on_worker(lambda: self.check_now(uri, text, version, language))
        if result is not None:
            self.results[uri] = result
        return result

    def schedule(self, uri: str, delay_ms: int) -> None:
        """Check ``uri`` after ``delay_ms``, replacing a check scheduled before and not yet started."""
        earlier = self.pending.pop(uri, None)
        if earlier is not None:
            earlier.cancel()
        self.pending[uri] = asyncio.ensure_future(self._check_and_publish(uri, delay_ms))

    async def _check_and_publish(self, uri: str, delay_ms: int) -> None:
        if delay_ms:
            await asyncio.sleep(delay_ms / 1000)
        try:
            document = self.workspace.get_text_document(uri)
            version = document.version
            result = await self.checked(uri)
        except Exception as exc:  # a failed check must not take the server down with it
            log.exception("checking %s failed", uri)
            self.tell(f"tonecheck: checking failed: {exc}")
            return
        finally:
            if self.pending.get(uri) is asyncio.current_task():
                del self.pending[uri]
        if uri not in self.workspace.text_documents or self.workspace.get_text_document(uri).version != version:
            return  # changed or closed meanwhile; the check scheduled by that change publishes
        diagnostics = features.diagnostics(result) if result else []
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version)
        )

    def recheck_all(self) -> None:
        self.results.clear()
        for uri in list(self.workspace.text_documents):
            self.schedule(uri, 0)

    async def fetch_editor_settings(self) -> None:
        capabilities = self.client_capabilities.workspace
        if not (capabilities and capabilities.configuration):
            return
        try:
            answer = await self.workspace_configuration_async(
                lsp.ConfigurationParams(items=[lsp.ConfigurationItem(section="tonecheck")])
            )
        except Exception as exc:  # an editor that cannot answer keeps the settings it gave at start
            log.warning("workspace/configuration failed: %s", exc)
            return
        if answer:
            self.use_editor_settings(answer[0])


def _path_of(uri: str | None) -> Path | None:
    if not uri:
        return None
    parsed = urlparse(uri)
    return Path(unquote(parsed.path)) if parsed.scheme == "file" else None


def create_server() -> ToneServer:
    server = ToneServer()

    @server.feature(lsp.INITIALIZE)
    def initialize(ls: ToneServer, params: lsp.InitializeParams) -> None:
        ls.loop, ls.loop_thread = asyncio.get_running_loop(), threading.get_ident()
        ls.use_editor_settings(params.initialization_options)

    @server.feature(lsp.INITIALIZED)
    async def initialized(ls: ToneServer, params: lsp.InitializedParams) -> None:
        await ls.fetch_editor_settings()
        # Load the model now rather than on the first open buffer.
        root = ls.workspace.root_uri or ""
        await ls.on_worker(lambda: ls.checker_for(ls.settings_for(root)))

    @server.feature(lsp.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(ls: ToneServer, params: lsp.DidChangeConfigurationParams) -> None:
        if params.settings not in (None, {}, []):
            ls.use_editor_settings(params.settings)
        else:
            await ls.fetch_editor_settings()
        ls.recheck_all()

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: ToneServer, params: lsp.DidOpenTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: ToneServer, params: lsp.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.schedule(uri, ls.settings_for(uri).debounce_ms)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: ToneServer, params: lsp.DidSaveTextDocumentParams) -> None:
        path = _path_of(params.text_document.uri)
        if path is not None and path.name in CONFIG_NAMES:
            ls.recheck_all()  # the project config changed

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: ToneServer, params: lsp.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        task = ls.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        ls.results.pop(uri, None)
        ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(
        lsp.TEXT_DOCUMENT_CODE_ACTION,
        lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix], resolve_provider=True),
    )
    async def code_action(ls: ToneServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction] | None:
        checked = await ls.checked(params.text_document.uri)
        if checked is None:
            return None
        start, end = checked.index.offset(params.range.start), checked.index.offset(params.range.end)
        actions: list[lsp.CodeAction] = []
        for item in checked.at(start, end):
            actions += features.suggestion_actions(checked, item)
        for item in checked.at(start, end):
            actions.append(features.ignore_action(checked, item))
        if any(s.safety == "safe" for item in checked.located for s in item.finding.suggestions):
            if _can_resolve_edits(ls):
                actions.append(features.rewrite_action(checked))
            else:
                result = await ls.on_worker(lambda: ls.rewrite(checked))
                if result.changes:
                    actions.append(features.rewrite_action(checked, features.rewrite_edit(checked, result)))
        return actions

    @server.feature(lsp.CODE_ACTION_RESOLVE)
    async def resolve_code_action(ls: ToneServer, action: lsp.CodeAction) -> lsp.CodeAction:
        data = action.data if isinstance(action.data, dict) else {}
        if data.get("action") != "rewrite" or "uri" not in data:
            return action
        checked = await ls.checked(str(data["uri"]))
        if checked is None or checked.version != data.get("version"):
            return action  # the buffer changed since; no edit rather than a wrong one
        result = await ls.on_worker(lambda: ls.rewrite(checked))
        return features.rewrite_action(checked, features.rewrite_edit(checked, result))

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    async def hover(ls: ToneServer, params: lsp.HoverParams) -> lsp.Hover | None:
        checked = await ls.checked(params.text_document.uri)
        if checked is None:
            return None
        offset = checked.index.offset(params.position)
        return features.hover(checked, checked.at(offset, offset))

    @server.feature(lsp.SHUTDOWN)
    def shutdown(ls: ToneServer, params: None) -> None:
        for task in ls.pending.values():
            task.cancel()
        ls.worker.shutdown(wait=False, cancel_futures=True)

    return server


def _can_resolve_edits(ls: ToneServer) -> bool:
    text_document = ls.client_capabilities.text_document
    code_action = text_document.code_action if text_document else None
    resolve_support = code_action.resolve_support if code_action else None
    return bool(resolve_support and "edit" in resolve_support.properties)


def serve_stdio() -> None:
    create_server().start_io()
