// Checks what the user types in textareas and contenteditable fields, underlines the findings by category,
// shows a card with why and the suggestions on click, and (when switched on for the site) shows the verdict
// before the page's send shortcut or button sends the draft.
//
// Offsets: tonecheck counts characters in code points (Python's str), JavaScript in UTF-16 code units. An
// answer's offsets are converted once, when it arrives (`toUtf16`), so an emoji before a finding does not
// shift its underline or the words a suggestion replaces.
(() => {
  if (window.__tonecheck) return;
  window.__tonecheck = true;

  const CHECK_DELAY_MS = 400;
  const BLOCKS = /^(DIV|P|LI|UL|OL|H[1-6]|BLOCKQUOTE|PRE|TR|TABLE|SECTION|ARTICLE)$/;
  const fields = new Map(); // field element -> state
  let interceptSites = [];
  let lastField = null;
  let bypass = false; // set while a send we let through is replayed
  let card = null;
  let panel = null;

  chrome.storage.local.get({ interceptSites: [] }).then((stored) => (interceptSites = stored.interceptSites));
  chrome.storage.onChanged.addListener((changes) => {
    if (changes.interceptSites) interceptSites = changes.interceptSites.newValue || [];
  });
  const intercepting = () => interceptSites.includes(location.hostname);

  chrome.runtime.onMessage.addListener((message, _sender, reply) => {
    if (message && message.type === "site") reply({ site: location.hostname });
  });

  function ask(type, text) {
    return new Promise((resolve) => {
      try {
        chrome.runtime.sendMessage({ type, text }, (response) =>
          resolve(response || { error: String(chrome.runtime.lastError?.message || "no answer") }),
        );
      } catch (error) {
        resolve({ error: String(error.message || error) }); // the extension was reloaded under the page
      }
    });
  }

  // ---- fields and their text ------------------------------------------------------------------------------

  function fieldOf(node) {
    const element = node instanceof Element ? node : node?.parentElement;
    if (!element || element.closest(".tonecheck-ui")) return null;
    if (element instanceof HTMLTextAreaElement) return element;
    if (!element.isContentEditable) return null;
    let top = element;
    while (top.parentElement && top.parentElement.isContentEditable) top = top.parentElement;
    return top;
  }

  // A field that changes size (or moves with the layout around it) gets its underlines drawn again.
  const resized = new ResizeObserver((entries) => entries.forEach((entry) => draw(entry.target)));

  function state(field) {
    if (!fields.has(field)) {
      fields.set(field, { text: "", findings: [], timer: 0, seq: 0, marks: [] });
      resized.observe(field);
    }
    return fields.get(field);
  }

  // A contenteditable's text as the user sees it (a line break for <br> and between blocks), with where
  // each text node starts in it, to map offsets back to DOM positions.
  function readEditable(root) {
    const pieces = [];
    let text = "";
    const newline = () => {
      if (text && !text.endsWith("\n")) text += "\n";
    };
    const walk = (node) => {
      for (const child of node.childNodes) {
        if (child.nodeType === Node.TEXT_NODE) {
          pieces.push({ node: child, start: text.length });
          text += child.data;
        } else if (child.nodeName === "BR") {
          text += "\n";
        } else if (child.nodeType === Node.ELEMENT_NODE) {
          const block = BLOCKS.test(child.nodeName);
          if (block) newline();
          walk(child);
          if (block) newline();
        }
      }
    };
    walk(root);
    return { text, pieces };
  }

  function read(field) {
    return field instanceof HTMLTextAreaElement ? { text: field.value, pieces: null } : readEditable(field);
  }

  function domPoint(pieces, offset) {
    for (let i = pieces.length - 1; i >= 0; i--) {
      const piece = pieces[i];
      if (offset >= piece.start) return [piece.node, Math.min(offset - piece.start, piece.node.data.length)];
    }
    return pieces.length ? [pieces[0].node, 0] : null;
  }

  // code point index -> UTF-16 index, for one text
  function utf16Map(text) {
    const map = [0];
    let units = 0;
    for (const character of text) {
      units += character.length;
      map.push(units);
    }
    return map;
  }

  function toUtf16(map, codePoint) {
    return map[Math.max(0, Math.min(codePoint, map.length - 1))];
  }

  function fromServer(report, text) {
    const map = utf16Map(text);
    return report.findings.map((finding) => ({
      ...finding,
      from: toUtf16(map, finding.start),
      to: toUtf16(map, finding.end),
      suggestions: (finding.suggestions || []).map((s) => ({ ...s, from: toUtf16(map, s.start), to: toUtf16(map, s.end) })),
    }));
  }

  // ---- checking --------------------------------------------------------------------------------------------

  function schedule(field) {
    const s = state(field);
    clearTimeout(s.timer);
    clearMarks(field);
    s.timer = setTimeout(() => check(field), CHECK_DELAY_MS);
  }

  async function check(field) {
    const s = state(field);
    const { text } = read(field);
    const seq = ++s.seq;
    if (!text.trim()) {
      s.text = text;
      s.findings = [];
      draw(field);
      return;
    }
    const response = await ask("check", text);
    if (seq !== s.seq || read(field).text !== text) return; // typed on meanwhile: a newer check follows
    s.text = text;
    s.error = response.error || null;
    s.findings = response.error ? [] : fromServer(response.answer, text);
    field.dataset.tonecheckFindings = String(s.findings.length);
    if (response.error) field.dataset.tonecheckError = response.error;
    else delete field.dataset.tonecheckError;
    draw(field);
  }

  // ---- underlines ------------------------------------------------------------------------------------------

  function layer() {
    let root = document.getElementById("tonecheck-layer");
    if (!root) {
      root = document.createElement("div");
      root.id = "tonecheck-layer";
      root.className = "tonecheck-ui";
      document.documentElement.appendChild(root);
    }
    return root;
  }

  function clearMarks(field) {
    const s = state(field);
    for (const mark of s.marks) mark.remove();
    s.marks = [];
  }

  // Client rects of [from, to) inside a textarea, measured on a hidden copy that wraps its text the same way.
  function textareaRects(field, from, to) {
    const style = getComputedStyle(field);
    const mirror = document.createElement("div");
    mirror.className = "tonecheck-ui tonecheck-mirror";
    for (const name of [
      "boxSizing", "width", "paddingTop", "paddingRight", "paddingBottom", "paddingLeft", "borderTopWidth",
      "borderRightWidth", "borderBottomWidth", "borderLeftWidth", "borderStyle", "fontFamily", "fontSize",
      "fontWeight", "fontStyle", "letterSpacing", "lineHeight", "textTransform", "wordSpacing", "textIndent",
      "tabSize", "direction",
    ]) {
      mirror.style[name] = style[name];
    }
    const box = field.getBoundingClientRect();
    Object.assign(mirror.style, {
      position: "fixed", left: `${box.left}px`, top: `${box.top - field.scrollTop}px`, visibility: "hidden",
      whiteSpace: "pre-wrap", overflowWrap: "break-word", height: "auto", overflow: "hidden",
    });
    const span = document.createElement("span");
    span.textContent = field.value.slice(from, to);
    mirror.append(field.value.slice(0, from), span, field.value.slice(to) + "\u200b");
    document.documentElement.appendChild(mirror);
    const rects = [...span.getClientRects()].map((r) => ({ left: r.left - field.scrollLeft, right: r.right - field.scrollLeft, top: r.top, bottom: r.bottom }));
    mirror.remove();
    // Only what is inside the visible part of the field.
    return rects.filter((r) => r.bottom > box.top && r.top < box.bottom);
  }

  function editableRects(field, from, to) {
    const { pieces } = readEditable(field);
    const start = domPoint(pieces, from);
    const end = domPoint(pieces, to);
    if (!start || !end) return [];
    const range = document.createRange();
    range.setStart(...start);
    range.setEnd(...end);
    return [...range.getClientRects()];
  }

  function rectsOf(field, from, to) {
    return field instanceof HTMLTextAreaElement ? textareaRects(field, from, to) : editableRects(field, from, to);
  }

  function draw(field) {
    clearMarks(field);
    const s = state(field);
    if (!field.isConnected) return;
    if (s.error) {
      // No silent failure: a badge in the field's corner says why nothing is underlined.
      const box = field.getBoundingClientRect();
      const badge = element("div", "tonecheck-ui tonecheck-error", "tonecheck: not checked");
      badge.title = s.error;
      Object.assign(badge.style, { left: `${box.right + scrollX - 150}px`, top: `${box.bottom + scrollY + 2}px` });
      layer().appendChild(badge);
      s.marks.push(badge);
    }
    const drawn = []; // rects already underlined: an overlapping finding goes 4 px lower, so both colours show
    s.findings.forEach((finding, index) => {
      for (const rect of rectsOf(field, finding.from, finding.to)) {
        if (rect.right - rect.left < 1) continue;
        const below = drawn.filter((r) => r.bottom === rect.bottom && r.left < rect.right && rect.left < r.right).length;
        drawn.push(rect);
        const mark = document.createElement("div");
        mark.className = `tonecheck-ui tonecheck-mark tonecheck-${finding.category}`;
        mark.dataset.category = finding.category;
        mark.dataset.rule = finding.rule_id;
        mark.dataset.index = String(index);
        mark.title = `${finding.rule_id}: ${finding.message}`;
        Object.assign(mark.style, {
          left: `${rect.left + scrollX}px`,
          top: `${rect.bottom + scrollY - 3 + 4 * below}px`,
          width: `${rect.right - rect.left}px`,
        });
        layer().appendChild(mark);
        s.marks.push(mark);
      }
    });
  }

  function redrawAll() {
    for (const field of fields.keys()) {
      if (field.isConnected) {
        draw(field);
      } else {
        clearMarks(field);
        resized.unobserve(field);
        fields.delete(field);
      }
    }
    if (card && !card.field.isConnected) hideCard();
  }

  // ---- the card --------------------------------------------------------------------------------------------

  function caretOffset(field) {
    if (field instanceof HTMLTextAreaElement) return field.selectionStart;
    const selection = getSelection();
    if (!selection.rangeCount) return -1;
    const { anchorNode, anchorOffset } = selection;
    const piece = readEditable(field).pieces.find((p) => p.node === anchorNode);
    return piece ? piece.start + anchorOffset : -1;
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text; // never innerHTML: the draft's words are shown
    return node;
  }

  function showCard(field, finding) {
    hideCard();
    const box = element("div", `tonecheck-ui tonecheck-card tonecheck-${finding.category}`);
    box.setAttribute("role", "dialog");
    box.append(
      element("div", "tonecheck-card-title", `${finding.category} · ${finding.rule_id}`),
      element("div", "tonecheck-card-message", finding.message),
      element("div", "tonecheck-card-why", finding.why),
    );
    if (finding.suggestions.length) {
      box.append(element("div", "tonecheck-card-label", "Instead:"));
      for (const suggestion of finding.suggestions) {
        const button = element("button", "tonecheck-suggestion", suggestion.replacement);
        button.type = "button";
        button.title = `${suggestion.title}${suggestion.safety === "safe" ? "" : " (review before sending)"}`;
        button.dataset.safety = suggestion.safety;
        // Keep the focus (and so the selection) in the field: insertText edits the focused field.
        button.addEventListener("mousedown", (event) => event.preventDefault());
        button.addEventListener("click", () => applySuggestion(field, suggestion));
        box.append(button);
      }
    }
    const close = element("button", "tonecheck-close", "×");
    close.type = "button";
    close.title = "Close";
    close.addEventListener("click", hideCard);
    box.append(close);
    const rects = rectsOf(field, finding.from, finding.to);
    const anchor = rects[0] || field.getBoundingClientRect();
    Object.assign(box.style, { left: `${anchor.left + scrollX}px`, top: `${anchor.bottom + scrollY + 4}px` });
    layer().appendChild(box);
    card = { box, field };
  }

  function hideCard() {
    if (card) card.box.remove();
    card = null;
  }

  function replaceRange(field, from, to, replacement) {
    field.focus();
    if (field instanceof HTMLTextAreaElement) {
      field.setSelectionRange(from, to);
      if (!document.execCommand("insertText", false, replacement)) {
        field.setRangeText(replacement, from, to, "end");
        field.dispatchEvent(new Event("input", { bubbles: true }));
      }
      return;
    }
    const { pieces } = readEditable(field);
    const range = document.createRange();
    range.setStart(...domPoint(pieces, from));
    range.setEnd(...domPoint(pieces, to));
    const selection = getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    if (!document.execCommand("insertText", false, replacement)) {
      range.deleteContents();
      range.insertNode(document.createTextNode(replacement));
      field.dispatchEvent(new InputEvent("input", { bubbles: true }));
    }
  }

  function applySuggestion(field, suggestion) {
    hideCard();
    const s = state(field);
    if (read(field).text !== s.text) {
      check(field); // the draft changed since it was checked: the offsets no longer fit
      return;
    }
    replaceRange(field, suggestion.from, suggestion.to, suggestion.replacement);
  }

  // ---- the verdict before sending --------------------------------------------------------------------------

  function hidePanel() {
    if (panel) panel.remove();
    panel = null;
  }

  async function verdictFirst(field, send) {
    const { text } = read(field);
    if (!text.trim()) return send();
    hidePanel();
    panel = element("div", "tonecheck-ui tonecheck-panel", "tonecheck is reading your draft…");
    panel.setAttribute("role", "alertdialog");
    const box = field.getBoundingClientRect();
    Object.assign(panel.style, { left: `${box.left + scrollX}px`, top: `${box.bottom + scrollY + 8}px` });
    layer().appendChild(panel);
    const current = panel;
    const response = await ask("presend", text);
    if (panel !== current) return;
    if (!response.error && response.answer.verdict === "send") {
      hidePanel();
      send();
      return;
    }
    panel.textContent = "";
    const result = response.answer;
    panel.dataset.verdict = response.error ? "error" : result.verdict;
    const heading = element("div", "tonecheck-panel-verdict", response.error ? "" : "tonecheck: ");
    heading.append(
      response.error
        ? `tonecheck could not check this draft: ${response.error}`
        : element("span", "tonecheck-verdict-word", result.verdict),
    );
    panel.append(heading);
    if (!response.error) {
      const list = element("ul", "tonecheck-panel-reasons");
      for (const reason of result.reasons) list.append(element("li", "", reason.message));
      panel.append(list);
    }
    const actions = element("div", "tonecheck-panel-actions");
    const button = (label, className, onClick) => {
      const node = element("button", className, label);
      node.type = "button";
      node.addEventListener("click", onClick);
      actions.append(node);
    };
    button("Edit", "tonecheck-edit", () => {
      hidePanel();
      field.focus();
    });
    if (!response.error && result.rewrite) {
      button("Use the gentler version", "tonecheck-use-rewrite", () => {
        hidePanel();
        replaceRange(field, 0, read(field).text.length, result.rewrite);
      });
    }
    button("Send anyway", "tonecheck-send-anyway", () => {
      hidePanel();
      send();
    });
    panel.append(actions);
  }

  function replay(action) {
    bypass = true;
    try {
      action();
    } finally {
      bypass = false;
    }
  }

  function onKeydown(event) {
    if (event.key === "Escape") {
      hideCard();
      hidePanel();
    }
    if (bypass || event.key !== "Enter" || event.shiftKey || event.isComposing || !intercepting()) return;
    const field = fieldOf(event.target);
    if (!field) return;
    // Ctrl/Cmd+Enter sends in mail apps; a plain Enter sends in chat apps, which type into contenteditables
    // (in a textarea a plain Enter is a new line).
    const shortcut = event.ctrlKey || event.metaKey;
    if (!shortcut && field instanceof HTMLTextAreaElement) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    const init = { key: "Enter", code: "Enter", keyCode: 13, which: 13, bubbles: true, cancelable: true, ctrlKey: event.ctrlKey, metaKey: event.metaKey };
    verdictFirst(field, () =>
      replay(() => {
        const unhandled = field.dispatchEvent(new KeyboardEvent("keydown", init));
        if (unhandled && shortcut && field.form) field.form.requestSubmit();
      }),
    );
  }

  function sendButtonOf(target) {
    const button = target instanceof Element ? target.closest("button, input[type=submit], [role=button]") : null;
    if (!button || button.closest(".tonecheck-ui")) return null;
    const label = [button.textContent, button.value, button.getAttribute("aria-label"), button.title, button.dataset.testid]
      .filter(Boolean)
      .join(" ");
    return /\bsend\b/i.test(label) || (button.type === "submit" && button.form) ? button : null;
  }

  function onClick(event) {
    if (card && !card.box.contains(event.target)) hideCard();
    const field = fieldOf(event.target);
    if (field && fields.has(field)) {
      const offset = caretOffset(field);
      const hits = state(field).findings.filter((f) => f.from <= offset && offset <= f.to);
      if (hits.length) showCard(field, hits.reduce((a, b) => (b.to - b.from < a.to - a.from ? b : a)));
      return;
    }
    if (bypass || !intercepting()) return;
    const button = sendButtonOf(event.target);
    const draftField = button && ((button.form && [...fields.keys()].find((f) => button.form.contains(f))) || lastField);
    if (!button || !draftField || !draftField.isConnected) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    verdictFirst(draftField, () => replay(() => button.click()));
  }

  document.addEventListener(
    "input",
    (event) => {
      const field = fieldOf(event.target);
      if (!field) return;
      lastField = field;
      hideCard();
      schedule(field);
    },
    true,
  );
  document.addEventListener(
    "focusin",
    (event) => {
      const field = fieldOf(event.target);
      if (field && !fields.has(field)) {
        lastField = field;
        schedule(field); // a draft already in the field when the page loaded
      }
    },
    true,
  );
  document.addEventListener("keydown", onKeydown, true);
  document.addEventListener("click", onClick, true);
  addEventListener("resize", redrawAll, { passive: true });
  document.addEventListener("scroll", redrawAll, { capture: true, passive: true });
})();
