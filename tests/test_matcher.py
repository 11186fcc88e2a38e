"""The matcher skips a rule whose required words are absent; these check it still finds every real match."""

from __future__ import annotations

from pathlib import Path

from tonecheck import Checker

RULE = """\
id: BL91
name: blame.gate-test
category: blaming
severity: warning
message: "'{match}'"
why: Test rule for the matcher's word gate.
patterns:
  - kind: token
    pattern: [{LOWER: really, OP: "?"}, {LEMMA: hate}, {LOWER: {IN: [you, it]}}]
  - kind: token
    pattern: [{POS: PROPN}, {LOWER: says}]
  - kind: dependency
    pattern:
      - {RIGHT_ID: verb, RIGHT_ATTRS: {POS: VERB}}
      - {LEFT_ID: verb, REL_OP: ">", RIGHT_ID: adverb, RIGHT_ATTRS: {LOWER: {IN: [always, never]}}}
examples:
  flagged:
    - text: "I hate it."
      match: "hate it"
    - text: "I really hate you."
      match: "really hate you"
    - text: "Sam says hi."
      match: "Sam says"
    - text: "He never calls."
      match: "never calls"
  ok: ["I love it."]
"""


def test_gated_and_ungated_patterns_all_match(tmp_path: Path) -> None:
    folder = tmp_path / "blaming"
    folder.mkdir()
    (folder / "BL91_blame.gate-test.yml").write_text(RULE, encoding="utf-8")
    checker = Checker(rules=[tmp_path])
    from tonecheck.testing import example_cases, run_case

    problems = [run_case(checker, case) for case in example_cases(checker.ruleset)]
    assert [p for p in problems if p] == []
    assert checker.check("Nothing to see here.").findings == []
