"""The drop-label transform: a label pinned on the reader left out, the rest of the message kept."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ...models import Finding, Suggestion
from ..clauses import case_like, clause_tokens, drop_sentence, finding_sentence, suggest, words
from ..grammar import Builder
from ._registry import register
from .drop_insult import drop_name

BLANK = "I felt hurt when [what happened]."


def label_head(finding: Finding, doc: Doc, sent: Span) -> Token | None:
    """The verb of the clause that holds the label: the lowest clause head whose subtree covers the
    flagged words ("you're acting like a spoiled child" -> "acting")."""
    span = doc.char_span(finding.start, finding.end, alignment_mode="expand")
    if span is None:
        return None
    head: Token | None = span.root
    while head is not None and not (head.pos_ in ("VERB", "AUX") and head.dep_ in ("ROOT", "conj")):
        head = head.head if head.head.i != head.i else None
    if head is None or not (sent.start <= head.i < sent.end):
        return None
    return head


def _without(sent: Span, drop: set[int]) -> str | None:
    """The sentence without the tokens in ``drop`` (and a conjunction or comma left dangling at either
    end), capitalised; ``None`` when what is left has no verb."""
    kept = [t for t in words(sent) if t.i not in drop]
    closing: list[Token] = []
    while kept and kept[-1].is_punct:
        closing.insert(0, kept.pop())
    while kept and (kept[0].is_punct or kept[0].dep_ == "cc" or kept[0].lower_ in ("honestly", "frankly")):
        kept.pop(0)
    while kept and (kept[-1].is_punct or kept[-1].dep_ == "cc"):
        kept.pop()
    if not any(t.pos_ in ("VERB", "AUX") for t in kept):
        return None
    text = Builder().tokens(kept).tokens(closing[:1] or []).text()
    if not closing:
        text += "."
    if kept[0].i != words(sent)[0].i and not kept[0].text.startswith("I"):
        text = text[:1].upper() + text[1:]
    return text


@register(
    "drop-label",
    cases={
        "I feel so hurt, and honestly you're acting like a spoiled child.": "I feel so hurt.",
        "You're being incredibly selfish, and you need to call Dad today.": "You need to call Dad today.",
        "You're so selfish.": "I felt hurt when [what happened].",
        "Could you read the whole thread first, you lazy idiot?": "Could you read the whole thread first?",
    },
)
def drop_label(finding: Finding, doc: Doc) -> Suggestion | None:
    """What it does: leaves out a label pinned on the reader ("you're so selfish", "you're acting like a
    child") and keeps everything else the message says: the clause with its "and" when the sentence says
    more, the whole sentence when the message says more. A label that is all the message says becomes
    an I-statement with one blank for what happened.
    Example: You forgot my birthday. You're so selfish.
    Result: You forgot my birthday.
    Safety: safe when something of the writer's is left to send (a label adds only the verdict); review,
    with one blank, when the label is the whole message.
    """
    sent = finding_sentence(finding, doc)
    kept = words(sent)
    if not kept:
        return None
    first, last = kept[0], kept[-1]
    blank = suggest(first.idx, last.idx + len(last.text), case_like(BLANK, doc), "review", "Say what happened")
    alpha = [t for t in sent if t.is_alpha]
    if 0 < len(alpha) <= 4 and not any(t.pos_ in ("VERB", "AUX") for t in sent):
        return drop_sentence(doc, sent, "Leave out the label") or blank  # "How petty." beside what happened
    named = drop_name(finding, doc)
    if named is not None:
        return named  # "..., you lazy tit.": the name goes, the sentence it was tacked on to stays
    head = label_head(finding, doc, sent)
    if head is None:
        return blank
    own = clause_tokens(head)
    drop = {t.i for t in own}
    if head.dep_ == "conj":
        # the "and" / "but" and comma that joined the label to the clause before it
        drop.update(t.i for t in head.head.children if t.dep_ in ("cc", "punct") and t.i < own[0].i)
    rest = [t for t in kept if t.i not in drop and not t.is_punct]
    # what is left must say something of its own: "... and you know it" is the label's tail
    says_more = any(t.pos_ in ("VERB", "AUX") for t in rest) and (len(rest) >= 4 or rest[0].text in ("I", "i"))
    if says_more:
        text = _without(sent, drop)
        if text is None:
            return blank
        return suggest(first.idx, last.idx + len(last.text), text, "safe", "Leave out the label")
    return drop_sentence(doc, sent, "Leave out the label") or blank
