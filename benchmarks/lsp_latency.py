"""How long an editor waits for tonecheck's diagnostics: `tonecheck lsp` over stdio, a 300-word buffer.

A real client (pygls') starts the server, opens the buffer, then types one character at a time, in each
paragraph in turn (see ``typing``), and waits for the diagnostics of each new version. The time from sending
the change to receiving them, less the debounce the server waits for more typing, is what the writer waits
once they pause; the target is p50 <= 100 ms. On a busy machine wall-clock time mostly measures the other
work, so it also prints the server's own CPU time per edit (from /proc, load-independent: about what the wait
is on an idle machine) and, for scale, the wall and CPU time of `Checker.check` of the same text in this
process, and of the server's incremental check (``tonecheck.lsp.incremental``: only the edited paragraph
parsed and matched again) after the same edits. It also says whether the server's last diagnostics are the
findings `Checker.check` gives for that version.

    python benchmarks/lsp_latency.py [--rounds 40] [--debounce-ms 250]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import sys
import time
from pathlib import Path

from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import drafts, word_count

import tonecheck
from tonecheck.lsp.documents import draft_of
from tonecheck.lsp.incremental import ParagraphCache

TARGET_MS = 100.0


def document(words: int = 300) -> str:
    """Paragraphs of the benchmark corpus, up to ``words`` words."""
    paragraphs: list[str] = []
    for draft in drafts(200):
        if word_count(paragraphs) >= words:
            break
        paragraphs.append(draft)
    return "\n\n".join(paragraphs)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def typing(text: str, edits: int) -> list[tuple[int, int, str]]:
    """The benchmark's edits: one "x" typed at a time, at the end of a paragraph's first line, taking the
    paragraphs in turn (first, second, ..., last, first, ...) so that edits in the first, middle and last
    paragraphs (one or two neighbours whose seams are matched again) all count. Each edit's line and
    character (code points = UTF-16 units here: the document is ASCII) and the text after it."""
    starts = [0, *(m.end() for m in re.finditer(r"\n\n", text))]
    result = []
    for edit in range(edits):
        paragraph = starts[edit % len(starts)]
        at = text.index("\n", paragraph) if "\n" in text[paragraph:] else len(text)
        line = text.count("\n", 0, at)
        character = at - (text.rfind("\n", 0, at) + 1)
        text = text[:at] + "x" + text[at:]
        starts = [start + (start > at) for start in starts]
        result.append((line, character, text))
    return result


async def measure(text: str, rounds: int, debounce_ms: int) -> tuple[list[float], list[str], float]:
    client = LanguageClient("lsp-latency", "1")
    published: dict[int, float] = {}
    counts: dict[int, int] = {}
    codes: dict[int, list[str]] = {}
    arrived = asyncio.Event()

    @client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_diagnostics(params: lsp.PublishDiagnosticsParams) -> None:
        if params.version is not None:
            published[params.version] = time.perf_counter()
            counts[params.version] = len(params.diagnostics)
            codes[params.version] = sorted(str(d.code) for d in params.diagnostics)
            arrived.set()

    await client.start_io(str(Path(sys.executable).with_name("tonecheck")), "lsp")
    await client.initialize_async(
        lsp.InitializeParams(
            capabilities=lsp.ClientCapabilities(), initialization_options={"debounceMs": debounce_ms}
        )
    )
    client.initialized(lsp.InitializedParams())
    uri = "file:///tmp/lsp-latency/draft.md"

    async def wait_for(version: int) -> float:
        while version not in published:
            arrived.clear()
            await asyncio.wait_for(arrived.wait(), 120)
        return published[version]

    client.text_document_did_open(
        lsp.DidOpenTextDocumentParams(
            text_document=lsp.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)
        )
    )
    await wait_for(1)  # the first check also waits for the model to load
    assert client._server is not None
    pid = client._server.pid
    cpu_before = cpu_seconds(pid)
    latencies = []
    for version, (line, character, _) in enumerate(typing(text, rounds), start=2):
        sent = time.perf_counter()
        client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[
                    lsp.TextDocumentContentChangePartial(
                        range=lsp.Range(
                            start=lsp.Position(line=line, character=character),
                            end=lsp.Position(line=line, character=character),
                        ),
                        text="x",
                    )
                ],
            )
        )
        received = await wait_for(version)
        latencies.append((received - sent) * 1000 - debounce_ms)
    cpu_per_edit = (cpu_seconds(pid) - cpu_before) * 1000 / rounds
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return latencies, codes[rounds + 1], cpu_per_edit


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--debounce-ms", type=int, default=250)
    args = parser.parse_args()
    text = document()
    latencies, codes, cpu_per_edit = asyncio.run(measure(text, args.rounds, args.debounce_ms))
    checker = tonecheck.default_checker()
    edits = [draft_of("markdown", after).text for _, _, after in typing(text, args.rounds)]
    final = edits[-1]
    same = codes == sorted(f.rule_id for f in checker.check(final).findings)
    checker.check(text)
    in_process, in_process_cpu = [], []
    for _ in range(args.rounds):
        start, start_cpu = time.perf_counter(), time.process_time()
        checker.check(text)
        in_process.append((time.perf_counter() - start) * 1000)
        in_process_cpu.append((time.process_time() - start_cpu) * 1000)
    cache = ParagraphCache(checker)
    cache.check(draft_of("markdown", text).text)
    incremental, incremental_cpu = [], []
    for draft in edits:
        start, start_cpu = time.perf_counter(), time.process_time()
        cache.check(draft)
        incremental.append((time.perf_counter() - start) * 1000)
        incremental_cpu.append((time.process_time() - start_cpu) * 1000)
    p50 = statistics.median(latencies)
    p90 = statistics.quantiles(latencies, n=10)[-1]
    print(f"document: {word_count([text])} words, {len(text)} characters, {len(codes)} findings")
    print(f"diagnostics after the {args.debounce_ms} ms debounce, {args.rounds} edits:")
    print(f"  p50 {p50:.1f} ms  p90 {p90:.1f} ms  max {max(latencies):.1f} ms")
    print(f"  p50 / target {TARGET_MS:.0f} ms = {p50 / TARGET_MS:.2f} ({'met' if p50 <= TARGET_MS else 'NOT met'})")
    print(f"  server CPU per edit (mean): {cpu_per_edit:.1f} ms  ({cpu_per_edit / TARGET_MS:.2f} of the target)")
    print(
        f"in-process Checker.check of the same text: p50 {statistics.median(in_process):.1f} ms wall, "
        f"{statistics.median(in_process_cpu):.1f} ms CPU"
    )
    print(
        f"in-process incremental check after each of the same edits: p50 {statistics.median(incremental):.1f} ms "
        f"wall, {statistics.median(incremental_cpu):.1f} ms CPU"
    )
    print(f"server's last diagnostics = Checker.check's findings for that version: {'yes' if same else 'NO'}")
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
