"""The drop-aside transform: the flagged aside left out with its comma."""

from __future__ import annotations

from spacy.tokens import Doc

from ...models import Finding, Suggestion
from ..clauses import suggest
from ..grammar import content_end
from ._registry import register


@register("drop-aside")
def drop_aside(finding: Finding, doc: Doc) -> Suggestion | None:
    """What it does: removes the flagged words with the comma that sets them off; a sentence that is
    nothing but the aside goes whole.
    Example: You have to come, no excuses.
    Result: You have to come.
    Safety: as the rule says: the transform cannot know the words add nothing.
    """
    span = doc.char_span(finding.start, finding.end, alignment_mode="expand")
    if span is None:
        return None
    sent = span.sent
    # Only the sentence and a token or two either side, never Doc.text: that joins the whole draft on every
    # read, which made checking a draft with one such finding a line quadratic.
    lo, hi = max(sent.start - 2, 0), min(sent.end + 2, len(doc))
    base = doc[lo].idx
    text = doc[lo:hi].text_with_ws
    whole_end = len(text) if hi == len(doc) else len(text) + 1  # past the window: more text follows
    words = [t for t in sent if not t.is_space and not t.is_punct]
    inside = [t for t in words if span.start <= t.i < span.end]
    if len(inside) == len(words):
        # the whole sentence: drop it and the space after it
        last = content_end(sent)
        end = last.idx + len(last.text) - base
        while end < len(text) and text[end] in " \t":
            end += 1
        if sent.start_char == 0 and hi == len(doc) and end >= len(text.rstrip()):
            return None  # nothing would be left
        start = sent.start_char - base
        if end >= whole_end or (end < len(text) and text[end] in "\r\n"):
            end = last.idx + len(last.text) - base  # last on its line: take the space before it instead
            while start > 0 and text[start - 1] in " \t":
                start -= 1
        return suggest(start + base, end + base, "", "safe", "Leave it out")
    start, end = span.start_char - base, span.end_char - base
    before = text[:start].rstrip(" ")
    after = text[end:]
    at_end = all(t.is_punct or t.is_space for t in doc[span.end : sent.end])
    if before.endswith(",") and at_end:
        start = len(before) - 1  # "come, no excuses." -> "come."
    elif (
        after.lstrip(" ").startswith(",")
        and span.start == words[0].i
        and not after.lstrip(" ,").lower().startswith(("which", "who", "that", "where", "when"))
    ):
        end += len(after) - len(after.lstrip(" ")) + 1  # "Per my last email, the ..." -> "the ..."
        while end < len(text) and text[end] == " ":
            end += 1
    else:
        return None  # inside the clause ("Some of us actually clean up"): the words carry the sentence
    # offered as the whole sentence without the aside, which reads better than an empty replacement
    first, last = words[0], content_end(sent)
    sentence_start, sentence_end = first.idx - base, last.idx + len(last.text) - base
    kept = text[sentence_start:start] + text[end:sentence_end]
    if start == sentence_start:
        kept = kept[:1].upper() + kept[1:]  # the sentence now starts with what followed: give it the capital
    return suggest(sentence_start + base, sentence_end + base, kept, "safe", "Leave it out")
