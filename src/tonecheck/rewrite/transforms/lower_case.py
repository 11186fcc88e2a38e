"""The lower-case transform: shouted words in lower case."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ...models import Finding, Suggestion
from ..clauses import suggest
from ..grammar import Builder
from ._registry import register


def _starts_sentence(doc: Doc, token: Token) -> bool:
    """Whether the text before ``token`` ends a sentence (or there is none). Not ``is_sent_start``: the
    parser splits shouted text oddly ("I NEED TO KNOW | RIGHT NOW")."""
    for previous in reversed(doc[: token.i]):  # not Doc.text, which joins the whole draft on every call
        before = previous.text_with_ws.rstrip(" \t")
        if before:
            return before[-1] in ".!?\n"
    return True


@register("lower-case")
def lower_case(finding: Finding, doc: Doc) -> Suggestion | None:
    """What it does: shouted words in lower case; a sentence start keeps its capital, and so does "I".
    Example: I NEED TO KNOW.
    Result: I need to know.
    Safety: safe: only letter case changes.
    """
    span = doc.char_span(finding.start, finding.end, alignment_mode="expand")
    if span is None:
        return None
    builder = Builder()
    for token in span:
        text = token.text
        if text.isupper() and text != "I":
            text = text.lower()
        if _starts_sentence(doc, token):
            text = text[:1].upper() + text[1:]
        if text.lower() == "i" or text.lower().startswith("i'"):
            text = "I" + text[1:]
        builder.token(token, text)
    quieter = builder.text()
    if quieter == finding.text.strip():
        return None
    return suggest(span.start_char, span.start_char + len(span.text.rstrip()), quieter, "safe", "Don't shout")
