"""The apology-only transform: the apology without the 'but' after it."""

from __future__ import annotations

from spacy.tokens import Doc

from ...engine.lexicon import words_of
from ...models import Finding, Suggestion
from ..clauses import finding_sentence, suggest
from ..grammar import Builder
from ._registry import register

# the non-apology rules' apology words, and "my bad"
_APOLOGY_WORDS = words_of(["apology_word"]) | {"bad"}


@register("apology-only")
def apology_only(finding: Finding, doc: Doc) -> Suggestion | None:
    """What it does: the apology without the "but ..." that follows it.
    Example: I'm sorry I missed it, but traffic was insane.
    Result: I'm sorry I missed it.
    Safety: review: the writer's explanation is dropped, and only they know whether it matters.
    """
    sent = finding_sentence(finding, doc)
    tokens = [t for t in sent if not t.is_space]
    apology = next((i for i, t in enumerate(tokens) if t.lower_ in _APOLOGY_WORDS), None)
    if apology is None:
        return None
    but = next((i for i, t in enumerate(tokens) if i > apology and t.lower_ in ("but", "though", "although")), None)
    if but is None:
        return None
    kept = tokens[:but]
    while kept and kept[-1].is_punct:
        kept.pop()
    if len(kept) <= apology:
        return None
    text = Builder().tokens(kept).word(".").text()
    return suggest(kept[0].idx, tokens[-1].idx + len(tokens[-1].text), text, "review", "Apologise and stop there")
