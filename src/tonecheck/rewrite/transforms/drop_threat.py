"""The drop-threat transform: a threat or a veiled warning left out, not softened."""

from __future__ import annotations

from spacy.tokens import Doc

from ...models import Finding, Suggestion
from ..clauses import drop_sentence, finding_sentence, lead_length, words
from ._registry import register

# A sentence that is nothing but the threat after a request: "Otherwise I might mention it to Linda."
_THREAT_LEADS = frozenset(
    {
        ("otherwise",),
        ("or", "else"),
        ("if", "not", ","),
        ("if", "not"),
        ("failing", "that"),
        ("i", "'m", "sure", "i", "do", "n't", "need", "to", "remind", "you"),
        ("i", "am", "sure", "i", "do", "n't", "need", "to", "remind", "you"),
        ("i", "trust", "a", "further", "reminder"),
        ("do", "n't", "make", "me"),
        ("you", "'ll", "regret"),
        ("you", "will", "regret"),
        ("or", "you", "'ll", "regret"),
        ("keep", "it", "up", "and"),
    }
)


@register(
    "drop-threat",
    cases={
        "Slides by 9 please. I'm sure I don't need to remind you what happened last time.": "Slides by 9 please.",
        "Otherwise forget it.": None,
    },
)
def drop_threat(finding: Finding, doc: Doc) -> Suggestion | None:
    """What it does: leaves out a sentence that is only a threat or a veiled warning after the request
    ("Otherwise ...", "Or else ...", "I'm sure I don't need to remind you ..."): a threat is removed, not
    softened. The request and its deadline stay.
    Example: Back my proposal on Thursday. Otherwise I might mention it to Linda.
    Result: Back my proposal on Thursday.
    Safety: safe when the message says something else; the quality gate still keeps any number, name or
    time of the writer's, so a threat naming one stays for the writer to remove (review).
    """
    sent = finding_sentence(finding, doc)
    if not lead_length(words(sent), _THREAT_LEADS):
        return None
    return drop_sentence(doc, sent, "Leave out the threat")
