"""A tiny console chat that asks tonecheck before "sending" each message.

    python examples/presend_app.py                      # type messages; an empty line or Ctrl-D quits
    printf 'Call me ASAP.\\nhope you are well!\\n' | python examples/presend_app.py   # scripted: no questions

A message that can be sent goes out at once. Otherwise the flagged words are underlined with the reason and a
gentler wording; typed at a terminal you choose to send anyway, use the gentler version (when there is one),
edit or drop it. Scripted (stdin not a terminal), a message to "review" goes out with the notes shown, and one
to "revise" is held back.
"""

from __future__ import annotations

import sys

import tonecheck

# The policy decides what may go out. Here any blaming warning blocks a message ("revise"), while pressuring
# words are shown for review but do not stop it (unless the whole draft scores under 0.5 for gentleness).
POLICY = tonecheck.PresendPolicy(revise_at="warning", blocking=["blaming"])


def underline(text: str, result: tonecheck.PresendResult) -> str:
    marks = [" "] * len(text)
    for highlight in result.highlights:
        for i in range(highlight.start, highlight.end):
            marks[i] = "^"
    return "    " + text + "\n    " + "".join(marks).rstrip()


def explain(text: str, result: tonecheck.PresendResult) -> None:
    print(underline(text, result))
    for h in result.highlights:
        print(f"    {h.rule_id} {h.category}: {h.message}")
        if h.suggestions:
            print(f"        try: {h.suggestions[0].replacement!r}")
    if result.rewrite:
        print(f"    gentler: {result.rewrite}")


def main() -> int:
    checker = tonecheck.Checker()
    interactive = sys.stdin.isatty()
    sent = held = 0
    while True:
        try:
            text = input("you> " if interactive else "")
        except EOFError:
            break
        if not text.strip():
            if interactive:
                break
            continue
        while True:
            result = checker.presend(text, POLICY)
            if result.verdict == "send":
                break
            print(f"  tonecheck: {result.verdict} (gentleness {result.gentleness:.2f})")
            explain(text, result)
            if not interactive:
                if result.verdict == "review":
                    result = result.model_copy(update={"verdict": "send"})
                break
            choice = input("  [s]end anyway, [g]entler version, [e]dit, [d]rop? ").strip().lower()[:1]
            if choice == "s":
                result = result.model_copy(update={"verdict": "send"})
                break
            if choice == "g" and result.rewrite:
                text = result.rewrite
            elif choice == "e":
                text = input("you> ")
            elif choice == "d":
                break
        if result.verdict == "send":
            sent += 1
            print(f"  sent: {text}")
        else:
            held += 1
            print(f"  held back ({result.verdict}): {text}")
    print(f"{sent} sent, {held} held back")
    return 0


if __name__ == "__main__":
    sys.exit(main())
