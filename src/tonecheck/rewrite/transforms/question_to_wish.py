"""The question-to-wish transform: a rhetorical question that accuses, said as the feeling or wish behind it."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ...models import Finding, Suggestion
from ..clauses import PARTICIPLE, case_like, drop_sentence, event_from, finding_sentence, lead_length, suggest, words
from ..phrasebook import feeling_for, phrasebook
from ._registry import register

# "Did it not occur to you to check the date?" -> "I wish you'd checked the date."
_WISH = phrasebook().openings["question_wish"]
# "Why can't you ever just listen to me for once?" -> "I'd love it if you could listen to me."
_CANT = phrasebook().openings["question_cant"]
# "What were you thinking, posting that photo?" -> "I was upset when you posted that photo."
_THINKING = phrasebook().openings["question_thinking"]
# "Why would you invite people over without asking?" -> "I felt upset when you invited people over ..."
_WOULD = phrasebook().openings["question_would"]
_EVEN = phrasebook().openings["question_even"]
_FILLERS = frozenset({"ever", "just", "even", "actually", "really", "once", "simply"})


def _feeling(body: list[Token]) -> str:
    feeling = feeling_for([t.lemma_.lower() for t in body if not t.is_stop]) or "upset"
    if feeling == "left out" and not any(t.dep_ == "neg" for t in body):
        return "upset"  # "you invited people over" is not being left out; "you didn't invite me" is
    return feeling


def _trimmed(body: list[Token]) -> list[Token]:
    """The act without the words that make it a reproach: "ever", "just", a trailing "for once" or
    ", or do you just ..."."""
    cut = next((i for i, t in enumerate(body) if t.lower_ == "or" and i and body[i - 1].is_punct), len(body))
    body = body[: cut - 1] if cut < len(body) else body
    if [t.lower_ for t in body[-2:]] == ["for", "once"]:
        body = body[:-2]
    return [t for t in body if t.lower_ not in _FILLERS]


@register(
    "question-to-wish",
    cases={
        "Why can't you ever just listen to me for once?": "I'd love it if you could listen to me.",
        "What were you thinking, posting the photo with our address in it?": "I was upset when you posted the photo with our address in it.",  # noqa: E501
        "Why would you invite people over without even asking?": "I felt upset when you invited people over without asking.",  # noqa: E501
        "Do you even listen?": "I don't feel heard.",
        "What were you thinking?": None,
    },
)
def question_to_wish(finding: Finding, doc: Doc) -> Suggestion | None:
    """What it does: says what an accusing question means: "did it not occur to you to X?" -> "I wish
    you'd X"; "why can't you just X?" -> "I'd love it if you could X"; "what were you thinking, doing X?"
    and "why would you X?" -> "I was upset when you did X"; "do you even listen?" -> "I don't feel heard".
    Example: Did it not occur to you to check the date before booking?
    Result: I wish you'd checked the date before booking.
    Safety: safe: the act is the writer's words with the reproach ("ever", "just", "for once") taken out;
    a question that names no act ("What were you thinking?") is left for the writer.
    """
    sent = finding_sentence(finding, doc)
    tokens = words(sent)
    if not tokens:
        return None
    last = tokens[-1]
    span = (tokens[0].idx, last.idx + len(last.text))
    body = tokens[:-1] if last.is_punct else tokens
    text: str | None = None
    if size := lead_length(tokens, _WISH):
        event = event_from(_trimmed(body[size:]), past=True, tag="VBN")
        text = None if event is None else "I wish " + event.replace("you ", "you'd ", 1) + "."
    elif size := lead_length(tokens, _CANT):
        event = event_from(_trimmed(body[size:]), past=False, tag="VB")
        text = None if event is None else "I'd love it if " + event.replace("you ", "you could ", 1) + "."
    elif size := lead_length(tokens, _THINKING):
        rest = [t for t in body[size:] if not (t.is_punct and t.i == body[size].i)]
        if not rest:
            # "What were you thinking?" beside the sentence that says what happened adds only the reproach
            return drop_sentence(doc, sent, "Leave out the reproach")
        event = event_from(_trimmed(rest), past=True)
        text = None if event is None else f"I was {_feeling(rest)} when {event}."
    elif size := lead_length(tokens, _WOULD):
        rest = _trimmed(body[size:])
        event = event_from(rest, past=True)
        text = None if event is None else f"I felt {_feeling(rest)} when {event}."
    elif size := lead_length(tokens, _EVEN):
        rest = _trimmed(body[size:])
        if rest and rest[0].lemma_ in PARTICIPLE and all(t.lower_ in ("to", "me", "at", "all") for t in rest[1:]):
            text = f"I don't feel {PARTICIPLE[rest[0].lemma_]}."  # "Do you even listen?" -> "I don't feel heard."
        else:
            event = event_from(rest, past=False, tag="VB")
            text = None if event is None else f"I'm not sure {event}."
    if text is None:
        return None
    return suggest(*span, case_like(text, doc), "safe", "Say what you wish, not what they failed to do")
