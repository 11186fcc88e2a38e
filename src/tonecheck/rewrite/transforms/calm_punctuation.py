"""The calm-punctuation transform: one mark where there were several."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from ...models import Finding, Suggestion
from ..clauses import suggest
from ._registry import register

_STACKED = re.compile(r"[!?]{2,}|[!?](?:\s*[!?]){2,}")


@register("calm-punctuation")
def calm_punctuation(finding: Finding, doc: Doc) -> Suggestion | None:
    """What it does: stacked marks become one ("??" -> "?", "!!!" -> "!", "?!?!" -> "?").
    Example: Where are you??
    Result: Where are you?
    Safety: safe: only punctuation changes.
    """
    quieter = _STACKED.sub(lambda m: "?" if "?" in m.group() else "!", finding.text)
    if quieter == finding.text:
        return None
    return suggest(finding.start, finding.end, quieter, "safe", "Use one mark")
