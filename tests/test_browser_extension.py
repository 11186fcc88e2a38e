"""The browser extension (integrations/browser), loaded unpacked in Debian's Chromium with Playwright, against
a real `tonecheck serve` on loopback that allows the extension's origin with --cors-origin.

A local test page has a textarea (mail-like) and a contenteditable (chat-like): typing a harsh draft
underlines it by category, clicking a flagged word shows the card and clicking a suggestion applies it
(emoji before the words check the code-point -> UTF-16 conversion), and with the site switched on in the
options page, Enter in the chat shows the verdict before the page sends. The screenshot is kept in
tests/artifacts/ (gitignored). Like tests/test_page.py it skips without Chromium on a developer's machine and
fails in CI.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from conftest import CHROMIUM, CHROMIUM_ARGS, EXTENSION, EXTENSION_ORIGIN

ORIGIN = EXTENSION_ORIGIN  # chrome-extension://<id>, the id fixed by the "key" in manifest.json
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
EXTENSION_ARGS = [
    "--headless=new",
    *CHROMIUM_ARGS,
    f"--disable-extensions-except={EXTENSION}",
    f"--load-extension={EXTENSION}",
]

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Compose</title>
<style>body { font: 16px/1.5 sans-serif; margin: 24px; } textarea, #chat { display: block; width: 560px;
  margin-bottom: 16px; padding: 6px; border: 1px solid #888; font: inherit; } #chat { min-height: 48px; }</style>
</head><body>
<h1>Compose</h1>
<textarea id="mail" rows="4"></textarea>
<div id="chat" contenteditable="true"></div>
<button id="send" type="button">Send</button>
<ol id="sent"></ol>
<script>
  const chat = document.getElementById("chat");
  function send() {
    const item = document.createElement("li");
    item.textContent = chat.innerText;
    document.getElementById("sent").append(item);
  }
  document.getElementById("send").addEventListener("click", send);
  chat.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); send(); }
  });
</script>
</body></html>"""


@pytest.fixture(scope="module")
def test_page() -> Iterator[str]:
    body = PAGE.encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def served(server):  # type: ignore[no-untyped-def]
    """The session's server: started with --cors-origin for this extension (see conftest)."""
    return server


@pytest.fixture(scope="module")
def context(playwright, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path_factory.mktemp("chromium-profile")),
        executable_path=CHROMIUM,
        headless=False,  # extensions need the new headless mode, given in the args
        args=EXTENSION_ARGS,
        viewport={"width": 900, "height": 700},
    )
    try:
        worker = context.service_workers[0] if context.service_workers else context.wait_for_event("serviceworker")
        assert worker.url.startswith(ORIGIN + "/"), worker.url
        yield context
    finally:
        context.close()


def test_the_server_allows_the_extension_origin_only(served) -> None:  # type: ignore[no-untyped-def]
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    allowed = httpx.options(served.url + "/v1/check", headers={"Origin": ORIGIN, **preflight})
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == ORIGIN
    other = httpx.options(served.url + "/v1/check", headers={"Origin": "https://evil.example", **preflight})
    assert "access-control-allow-origin" not in other.headers


def configure(context, served, sites: str) -> None:  # type: ignore[no-untyped-def]
    """Set the server address and the sites with send interception on the extension's options page."""
    options = context.new_page()
    options.goto(f"{ORIGIN}/options.html")
    assert options.locator("#command").inner_text() == f"tonecheck serve --cors-origin {ORIGIN}"
    # A non-loopback address is refused: nothing leaves the machine.
    options.fill("#server", "http://192.0.2.1:8000")
    options.click("button[type=submit]")
    assert "not an address on this machine" in options.locator("#status").inner_text()
    options.fill("#server", served.url)
    options.fill("#sites", sites)
    options.click("button[type=submit]")
    options.locator("#status", has_text="Saved.").wait_for()
    options.click("#test")
    options.locator("#status", has_text="Connected: tonecheck").wait_for(timeout=10_000)
    options.close()


def configure_address_only(context, address: str) -> None:  # type: ignore[no-untyped-def]
    options = context.new_page()
    options.goto(f"{ORIGIN}/options.html")
    options.fill("#server", address)
    options.click("button[type=submit]")
    options.locator("#status", has_text="Saved.").wait_for()
    options.close()


def click_on_words(page, selector: str, words: str) -> None:  # type: ignore[no-untyped-def]
    """Click in the middle of ``words`` inside a contenteditable (where a person would click)."""
    box = page.evaluate(
        """([selector, words]) => {
            const root = document.querySelector(selector);
            const node = [...root.childNodes].find((n) => n.nodeType === 3 && n.data.includes(words));
            const range = document.createRange();
            const at = node.data.indexOf(words);
            range.setStart(node, at); range.setEnd(node, at + words.length);
            const r = range.getBoundingClientRect();
            return {x: r.left + r.width / 2, y: r.top + r.height / 2};
        }""",
        [selector, words],
    )
    page.mouse.click(box["x"], box["y"])


def test_underlines_card_suggestion_and_verdict_before_sending(context, served, test_page) -> None:  # type: ignore[no-untyped-def]
    configure(context, served, "")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(test_page)

    # The textarea: underlines by category, under the right words despite the emoji before them.
    mail = page.locator("#mail")
    mail.click()
    page.keyboard.type("Hi 😀😀 there. Call me 😡 ASAP.")
    page.locator(".tonecheck-mark[data-rule=PR02]").first.wait_for(timeout=15_000)
    assert page.locator(".tonecheck-mark[data-category=pressuring]").count() >= 2
    # Clicking into "ASAP" shows its card; its suggestion replaces exactly "ASAP".
    mail.click(position=_point_above_mark(page, "#mail", "PR02"))
    card = page.locator(".tonecheck-card")
    card.wait_for()
    assert "PR02" in card.inner_text()
    card.locator("button.tonecheck-suggestion", has_text="when you get a chance").click()
    assert mail.input_value() == "Hi 😀😀 there. Call me 😡 when you get a chance."

    # The contenteditable: click a flagged word, read why, apply the safe suggestion.
    chat = page.locator("#chat")
    chat.click()
    page.keyboard.type("Hi 😀😀 there. You hurt me by ignoring my calls.")
    page.locator("#chat[data-tonecheck-findings]").wait_for(timeout=15_000)
    page.locator(".tonecheck-mark[data-category=blaming]").first.wait_for(timeout=15_000)
    click_on_words(page, "#chat", "hurt")
    card.wait_for()
    assert "blaming" in card.inner_text().lower() and "BL03" in card.inner_text()
    page.screenshot(path=str(_artifact("browser-extension-card.png")))
    card.locator("button.tonecheck-suggestion[data-safety=safe]").first.click()
    assert chat.inner_text() == "Hi 😀😀 there. I felt hurt when you ignored my calls."

    # Send interception is off by default: Enter sends at once.
    chat.evaluate("(el) => { el.textContent = ''; }")
    chat.click()
    page.keyboard.type("Answer me right now!")
    page.keyboard.press("Enter")
    assert page.locator("#sent li").all_inner_texts() == ["Answer me right now!"]
    page.evaluate("document.getElementById('sent').textContent = ''")

    # Switched on for this site in the options, Enter shows the verdict first.
    configure(context, served, "127.0.0.1")
    page.bring_to_front()
    chat.click()
    page.keyboard.press("Enter")
    panel = page.locator(".tonecheck-panel[data-verdict]")
    panel.wait_for(timeout=15_000)
    assert panel.get_attribute("data-verdict") in ("review", "revise")
    assert "PR01" in panel.inner_text()
    assert page.locator("#sent li").count() == 0  # not sent yet
    page.screenshot(path=str(_artifact("browser-extension.png")))
    panel.locator("button.tonecheck-send-anyway").click()
    assert page.locator("#sent li").all_inner_texts() == ["Answer me right now!"]

    # With no server at the address, the field says it was not checked, and why.
    configure_address_only(context, "http://127.0.0.1:9")
    page.bring_to_front()
    mail.fill("")
    mail.click()
    page.keyboard.type("Call me ASAP.")
    badge = page.locator(".tonecheck-error")
    badge.wait_for(timeout=15_000)
    assert "no tonecheck server answers at http://127.0.0.1:9" in (badge.get_attribute("title") or "")
    assert errors == [], errors


def _artifact(name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / name


def _point_above_mark(page, selector: str, rule: str) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """The middle of the words a rule flagged in a textarea, relative to it: just above their underline."""
    mark = page.locator(f".tonecheck-mark[data-rule={rule}]").first.bounding_box()
    field = page.locator(selector).bounding_box()
    assert mark is not None and field is not None
    return {"x": mark["x"] + mark["width"] / 2 - field["x"], "y": mark["y"] - 6 - field["y"]}
