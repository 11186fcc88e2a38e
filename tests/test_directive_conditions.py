"""The parse-based conditions pressure rules rely on: bare commands, directives aimed at the reader, and
exceptions that cover a whole sentence (softeners such as "whenever you're free")."""

from __future__ import annotations

from pathlib import Path

import pytest

from tonecheck import Checker, load_rules
from tonecheck.engine import signals as sig
from tonecheck.engine.component import ToneCheck


def _commands(checker: Checker, text: str) -> list[str]:
    return [t.text for t in checker.nlp(text) if sig.is_command(t)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Answer me.", ["Answer"]),
        ("Don't ignore this.", ["Do"]),  # the model tags "Do" VBP; the command is the whole "Don't ignore"
        ("Cancel your plans and come over.", ["Cancel", "come"]),
        ("It's on the counter, do it before you leave for work.", ["do"]),
        ("I'll do anything, just answer me.", ["answer"]),
        ("Sam, call me.", ["call"]),
        ("I'll go to therapy and quit drinking.", []),
        ("I want you to answer me.", []),
        ("You need to call Dad.", []),
    ],
)
def test_bare_commands_are_found_per_clause(checker: Checker, text: str, expected: list[str]) -> None:
    assert _commands(checker, text) == expected


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("Come home immediately.", "immediately", True),
        ("you need to venmo me asap", "asap", True),
        ("I need an answer by tonight.", "by", True),
        ("I need to finish this report by Friday.", "by", False),
        ("I need to know by Friday.", "by", True),
        ("We need to talk by Friday.", "by", True),
        ("Move your car. Now.", "Now", True),
        ("Call me tonight or we are done!!!", "!", True),
        ("Starting season 2 right now", "right", False),
        ("Right now I'm a bit overwhelmed.", "Right", False),
        ("Students should be removed from campus immediately.", "immediately", False),
        ("We must submit the draft by the 15th.", "by", False),
        ("It's hard, especially if you now have to look after two people.", "now", False),
        ("Even if it's 2am and you just need to talk.", "need", False),
    ],
)
def test_directive_means_asked_of_the_reader(checker: Checker, text: str, word: str, expected: bool) -> None:
    doc = checker.nlp(text)
    token = next(t for t in doc if t.text == word)
    assert sig.is_directive(doc[token.i : token.i + 1], token.sent) is expected


RULE = """\
id: PR90
name: pressure.test-scope
category: pressuring
severity: warning
message: "'{match}' is a command."
why: A test rule.
patterns:
  - kind: token
    pattern: [{LOWER: call}, {LOWER: me}]
SCOPE:
  - kind: phrase
    phrases: [whenever you like]
when:
  command: true
examples:
  flagged:
    - text: "Call me."
      match: "Call me"
  ok:
    - "Call me whenever you like."
"""


@pytest.mark.parametrize(("scope", "flagged"), [("sentence_exceptions", False), ("exceptions", True)])
def test_sentence_exceptions_drop_matches_anywhere_in_the_sentence(
    checker: Checker, tmp_path: Path, scope: str, flagged: bool
) -> None:
    (tmp_path / "PR90_pressure.test-scope.yml").write_text(RULE.replace("SCOPE", scope), encoding="utf-8")
    component = ToneCheck(checker.nlp, load_rules([tmp_path]))
    findings, _ = component.match(checker.nlp("Call me whenever you like. Call me."))
    assert [f.text for f in findings] == ["Call me"] * (2 if flagged else 1)
    assert findings[-1].start == len("Call me whenever you like. ")
