"""Rules cite guides by title, never by the internal file names in their YAML (no model needed)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tonecheck import load_rules
from tonecheck.ruleset.guides import GUIDE_FILE, GUIDES, cite

TONECHECK = str(Path(sys.executable).with_name("tonecheck"))


def test_every_cited_guide_has_a_title_and_no_rule_shows_a_file_name() -> None:
    for rule in load_rules():
        assert not GUIDE_FILE.search(rule.why), (rule.id, rule.why)
        assert not rule.source or not GUIDE_FILE.search(rule.source), (rule.id, rule.source)
        assert "a relationship guide" not in rule.why, f"{rule.id} cites a guide missing from GUIDES"
    assert cite('"no blame" (002_a6889414a6a0096a.txt)') == '"no blame" (“Rekindling Romance”)'
    assert len(GUIDES) == 5


def test_rules_lists_whole_plain_descriptions_and_explain_names_the_guide(tmp_path: Path) -> None:
    listed = subprocess.run([TONECHECK, "rules", "--isolated", "--format", "json"], capture_output=True, text=True)
    rows = {row["id"]: row for row in json.loads(listed.stdout)}
    assert rows["PR05"]["description"].endswith("without tying it to their compliance.")  # not cut off
    assert "I'm hurt" in rows["IS01"]["description"]  # more than the quoted first sentence
    plain = subprocess.run([TONECHECK, "rules", "--isolated"], capture_output=True, text=True, cwd=tmp_path).stdout
    assert "without tying it to their compliance." in plain and ".txt" not in plain
    explained = subprocess.run([TONECHECK, "explain", "PR05", "--isolated"], capture_output=True, text=True).stdout
    assert "Source: Rekindling Romance with Proven Strategies to Get Him Back" in explained
    assert not GUIDE_FILE.search(explained)
