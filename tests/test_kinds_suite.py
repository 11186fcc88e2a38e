"""The hand-written kinds suite (tests/data/kinds/) that benchmarks/kinds_suite.py measures: every kind has at
least 12 drafts that should be flagged and 12 kind look-alikes, and no draft is listed twice."""

from __future__ import annotations

from pathlib import Path

import yaml

SUITE = Path(__file__).resolve().parent / "data" / "kinds"


def test_every_kind_has_enough_flagged_drafts_and_look_alikes() -> None:
    seen: set[str] = set()
    for name in ("blaming.yml", "missing_i.yml"):
        kinds = yaml.safe_load((SUITE / name).read_text(encoding="utf-8"))["kinds"]
        for kind, drafts in kinds.items():
            assert len(drafts["flagged"]) >= 12, (name, kind)
            assert len(drafts["ok"]) >= 12, (name, kind)
            for text in drafts["flagged"] + drafts["ok"]:
                assert isinstance(text, str) and text.strip(), (name, kind)
                assert text not in seen, text
                seen.add(text)
    fresh = {}
    for name in ("fresh.yml", "fresh2.yml"):
        kinds = yaml.safe_load((SUITE / name).read_text(encoding="utf-8"))["kinds"]
        fresh.update({(name, k): v for k, v in kinds.items()})
    for kind, drafts in fresh.items():
        assert drafts["category"] in ("blaming", "missing-i-statement"), kind
        assert len(drafts["flagged"]) >= 5 and len(drafts["ok"]) >= 5, kind
        for text in drafts["flagged"] + drafts["ok"]:
            assert text not in seen, text
            seen.add(text)
    others = yaml.safe_load((SUITE / "other_categories.yml").read_text(encoding="utf-8"))["kinds"]
    assert all(drafts["ok"] and "flagged" not in drafts for drafts in others.values())
