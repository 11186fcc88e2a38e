"""The page at /, driven in headless Chromium (Debian's `chromium`) with Playwright, against the real server.

Playwright's own browser download cannot work here, so the system Chromium is launched by path. When it or
Playwright is missing the test skips on a developer's machine but fails in CI (CI=true), so a page that is
never tested cannot pass unnoticed.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from conftest import CHROMIUM, CHROMIUM_ARGS

DRAFT = "Answer me right now. Call me ASAP, I'm tired of waiting."


# The highlighted stretches of the draft: runs of adjacent <mark>s of one category in the backdrop, as text.
RUNS_JS = """(category) => {
  const runs = []; let offset = 0, open = null;
  for (const node of document.getElementById('backdrop').childNodes) {
    const length = node.textContent.length;
    const hit = node.nodeName === 'MARK' && node.dataset.category === category;
    if (hit && open && open.end === offset) open.end += length;
    else if (hit) { open = {start: offset, end: offset + length}; runs.push(open); }
    offset += length;
  }
  const text = document.getElementById('draft').value;
  return runs.map((r) => text.slice(r.start, r.end));
}"""


def highlighted_runs(page, category: str) -> list[str]:  # type: ignore[no-untyped-def]
    return list(page.evaluate(RUNS_JS, category))


@pytest.fixture(scope="module")
def browser(playwright):  # type: ignore[no-untyped-def]
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    yield browser
    browser.close()


@pytest.fixture
def page(browser, server):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 820}, device_scale_factor=1)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(server.url + "/")
    yield page
    context.close()
    assert errors == [], errors


def test_the_page_is_one_self_contained_file(server) -> None:
    response = httpx.get(server.url + "/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    # No external assets: nothing loaded from another origin.
    for needle in ("http://", "https://", "//cdn", "@import"):
        assert needle not in html.replace(server.url, ""), needle
    assert '<label class="title" id="draft-label" for="draft">' in html


def test_typing_a_pressuring_draft_highlights_it_and_a_suggestion_applies(page, tmp_path: Path) -> None:
    draft = page.locator("#draft")
    draft.click()
    page.keyboard.type(DRAFT, delay=15)

    # Highlighted by category, under the exact words.
    asap = page.locator("#backdrop mark.cat-pressuring", has_text="ASAP")
    asap.wait_for(state="attached", timeout=10_000)
    assert {"Answer me", "right now", "ASAP"} <= set(highlighted_runs(page, "pressuring"))
    assert page.locator("#verdict-word").inner_text() in ("Review", "Revise")
    gentleness = int(page.locator("#gentleness").inner_text())
    assert 0 <= gentleness < 100
    assert page.locator(".legend .chip.cat-pressuring").inner_text().startswith("Pressuring · ")

    # Hovering the flagged word (it lies under the textarea) shows the message.
    box = asap.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    tip = page.locator("#tip")
    tip.wait_for(state="visible")
    assert "ASAP" in tip.inner_text()
    page.screenshot(path=str(tmp_path / "highlighted.png"))

    # Clicking it marks its card; the card holds the suggestions.
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    card = page.locator("li.finding.active")
    assert "“ASAP”" in card.inner_text()
    suggestion = card.locator("button.suggestion").first
    replacement = suggestion.get_attribute("data-replacement")
    start, end = int(suggestion.get_attribute("data-start") or -1), int(suggestion.get_attribute("data-end") or -1)
    assert replacement
    before = draft.input_value()
    assert start <= before.index("ASAP") < end  # the suggestion covers the flagged words (or their sentence)
    suggestion.click()
    after = draft.input_value()
    assert after == before[:start] + replacement + before[end:]
    # The re-check drops the finding for the words that were replaced, and keeps the others.
    page.wait_for_function("() => !document.getElementById('findings').textContent.includes('“ASAP”')")
    assert not any("ASAP" in run for run in highlighted_runs(page, "pressuring"))
    assert "Answer me" in highlighted_runs(page, "pressuring")
    page.mouse.move(5, 5)
    page.screenshot(path=str(tmp_path / "applied.png"), full_page=True)
    assert (tmp_path / "applied.png").stat().st_size > 10_000


def test_the_page_works_from_the_keyboard(page) -> None:
    page.locator("#draft").focus()
    page.keyboard.type("You never listen to me.", delay=10)
    page.locator("#backdrop mark.cat-blaming").wait_for(state="attached", timeout=10_000)
    # The caret inside the flagged words activates their card, as a click would.
    page.keyboard.press("Home")
    page.keyboard.press("ArrowRight")
    assert page.locator("li.finding.active .chip").first.inner_text() == "Blaming"
    # Tab leaves the draft for the suggestion buttons; Enter applies one.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    if "suggestion" not in focused:  # the "Why?" disclosure comes first in each card
        page.keyboard.press("Tab")
    assert "suggestion" in page.evaluate("document.activeElement.className")
    replacement = page.evaluate("document.activeElement.dataset.replacement")
    page.keyboard.press("Enter")
    assert replacement in page.locator("#draft").input_value()


def test_a_gentle_draft_says_send(page) -> None:
    page.locator("#draft").fill("I hope your week is going well. No rush, but I'd love to catch up when you can.")
    page.locator(".v-send").wait_for(timeout=10_000)
    assert page.locator("#verdict-word").inner_text() == "Send"
    assert page.locator("#backdrop mark").count() == 0
    assert page.locator("#empty").is_visible()


def test_the_gentler_version_of_the_whole_draft_can_be_used(page, tmp_path: Path) -> None:
    page.locator("#draft").fill("Call me ASAP!!!")
    gentler = page.locator("#gentler")
    gentler.wait_for(state="visible", timeout=10_000)
    offered = page.locator("#gentler-text").inner_text()
    assert offered and offered != "Call me ASAP!!!"
    assert page.locator("#gentler-verdict").inner_text().startswith("(would be: ")
    page.screenshot(path=str(tmp_path / "gentler.png"))
    page.locator("#gentler-use").click()
    assert page.locator("#draft").input_value() == offered
    # Checked again: the rewrite has nothing left to rewrite, so no further version is offered.
    page.wait_for_function("() => document.getElementById('gentler').hidden")


EMOJI_DRAFT = "😀😀😀 Answer me now! 👍🏽 Call me ASAP."


def test_with_emoji_the_right_words_are_highlighted_and_a_suggestion_replaces_them(page) -> None:  # type: ignore[no-untyped-def]
    # Emoji past U+FFFF are two UTF-16 units in JavaScript and one code point in the API: before the conversion
    # "me " was highlighted instead of "now", and a suggestion produced "Answer when you get a chancenow!".
    draft = page.locator("#draft")
    draft.fill(EMOJI_DRAFT)
    draft.dispatch_event("input")
    page.locator("#backdrop mark.cat-pressuring", has_text="ASAP").wait_for(state="attached", timeout=10_000)
    runs = highlighted_runs(page, "pressuring")
    assert {"Answer me", "now", "ASAP"} <= set(runs), runs
    card = page.locator("li.finding", has_text="“now”").first
    card.click()
    suggestion = card.locator("button.suggestion").first
    replacement = suggestion.get_attribute("data-replacement") or ""
    start, end = int(suggestion.get_attribute("data-start") or -1), int(suggestion.get_attribute("data-end") or -1)
    # The button's offsets are UTF-16 units, as the textarea counts them: they cover the flagged words (or
    # their sentence), never half an emoji.
    units = EMOJI_DRAFT.encode("utf-16-le")
    covered = units[2 * start : 2 * end].decode("utf-16-le")
    assert "now" in covered and covered in ("now", "Answer me now!"), covered
    suggestion.click()
    expected = units[: 2 * start].decode("utf-16-le") + replacement + units[2 * end :].decode("utf-16-le")
    assert draft.input_value() == expected
    assert expected.startswith("😀😀😀 ") and expected.endswith(" 👍🏽 Call me ASAP.")


def test_the_offset_conversion_agrees_with_python_on_astral_text(page) -> None:  # type: ignore[no-untyped-def]
    texts = ["😀😀😀 Answer me now!", "a\U0001f600b\U00010348c", "e\u0301 👨‍👩‍👧 ok", "\ud800x😀"]
    for text in texts:
        for at in range(len(text) + 1):
            units = page.evaluate("([t, at]) => codePointsToUnits(t)(at)", [text, at])
            assert units == len(text[:at].encode("utf-16-le", "surrogatepass")) // 2, (text, at)


def test_beside_the_bar_the_page_says_what_moved_the_score(page) -> None:
    page.locator("#draft").fill("Thanks so much for the lift yesterday! You never listen to me 🙄")
    moved = page.locator("#moved")
    moved.locator("li.harshest").wait_for(timeout=10_000)
    lowered = moved.locator("li.factor", has=page.locator(".down"))
    raised = moved.locator("li.factor", has=page.locator(".up"))
    assert lowered.count() >= 1 and raised.count() >= 1
    assert any("🙄" in text or "never listen" in text for text in lowered.all_inner_texts())
    assert any("Thanks" in text for text in raised.all_inner_texts())
    assert "You never listen to me" in moved.locator("li.harshest").inner_text()
    # The words come from the draft as text, never as markup.
    page.locator("#draft").fill("<b>Thanks</b> so much!")
    page.locator("#moved li.factor q", has_text="Thanks").first.wait_for(timeout=10_000)
    assert page.locator("#moved b").count() == 0
