"""The mock-praise transform: sarcastic praise or thanks told plainly as what happened and how it felt."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ...models import Finding, Suggestion
from ..clauses import ABSOLUTES, case_like, drop_sentence, event_from, finding_sentence, lead_length, suggest, words
from ..grammar import Builder, inflect
from ..phrasebook import feeling_for, phrasebook
from ._registry import register

# Praise or thanks followed by the act it mocks: "Great job ruining dinner", "Thanks for embarrassing me".
_PRAISE = phrasebook().openings["mock_praise"]
# "Interesting how you found time for your friends" -> "I felt hurt when you found time for your friends"
_HOW = phrasebook().openings["mock_how"]
_MUST_BE_NICE = phrasebook().openings["must_be_nice"]


def _feeling(verb: Token | None, body: list[Token], default: str) -> str:
    feeling = feeling_for([t.lemma_.lower() for t in body if not t.is_stop]) or default
    if verb is not None and inflect(verb.lemma_.lower(), "VBN") == feeling:
        return "upset"  # "I felt embarrassed when you embarrassed me" says it twice
    return feeling


def _first_verb(body: list[Token]) -> Token | None:
    return next((t for t in body if t.pos_ in ("VERB", "AUX")), None)


_TAIL_WORDS = frozenset(
    {"congrats", "congratulations", "great", "nice", "cool", "wonderful", "perfect", "thanks", "lovely"}
)


def _mocking_tail(finding: Finding, doc: Doc, tokens: list[Token]) -> Suggestion | None:
    """A mocking tag at the end of a sentence that says something ("..., congrats I guess", "... 🙃"),
    left out with the comma before it; the sentence keeps its closing mark."""
    inside = [t for t in tokens if finding.start <= t.idx < finding.end and not t.is_punct]
    if not inside or inside[0].i == tokens[0].i:
        return None
    after = [t for t in tokens if t.idx >= finding.end or t.i > inside[-1].i]
    if any(not t.is_punct for t in after):
        return None
    emoji = all(not any(c.isalnum() for c in t.text) for t in inside)
    praise = inside[0].lower_ in _TAIL_WORDS
    before = tokens[: tokens.index(inside[0])]
    while before and ((before[-1].is_punct and before[-1].text in ",;:-—") or before[-1].dep_ == "cc"):
        before = before[:-1]  # "..., but congrats I guess" -> "..."
    if not (emoji or praise) or len([t for t in before if t.is_alpha]) < 3:
        return None
    closing = next((t.text for t in after if t.text[:1] in ".!?"), ".")
    text = Builder().tokens(before).word(closing[:1]).text()
    return suggest(tokens[0].idx, tokens[-1].idx + len(tokens[-1].text), text, "safe", "Leave out the mocking tag")


@register(
    "mock-praise",
    cases={
        "Love that you told the whole office about my promotion before I could 🙃 thanks so much.": (
            "I felt upset when you told the whole office about my promotion before I could."
        ),
        "Thanks for embarrassing me in front of everyone.": "I felt upset when you embarrassed me in front of everyone.",  # noqa: E501
        "Interesting how you found time for your friends but not for me.": "I felt hurt when you found time for your friends but not for me.",  # noqa: E501
        "Must be nice to leave at 3 every day while we stay.": "I feel frustrated when you leave at 3 every day while we stay.",  # noqa: E501
        "Nice of you to finally show up.": "I was hoping you'd show up sooner.",
        "Real mature, blocking me everywhere. Very grown-up.": "I felt hurt when you blocked me everywhere. Very grown-up.",  # noqa: E501
        "You crashed the car again, congrats I guess.": "You crashed the car again.",
    },
)
def mock_praise(finding: Finding, doc: Doc) -> Suggestion | None:
    """What it does: says what sarcastic praise or thanks means: the act it mocks becomes the event of an
    I-statement ("Great job ruining dinner" -> "I felt upset when you ruined dinner"); "interesting how
    you ..." and "must be nice to ..." likewise; "nice of you to finally ..." a plain wish. A short mocking
    tag with no verb ("Very grown-up.") is left out when the message says something else.
    Example: Great job ruining dinner.
    Result: I felt upset when you ruined dinner.
    Safety: safe: the act is the writer's own words; the feeling comes from the event-to-feeling table
    (else "upset", or "hurt" for being passed over). Sarcasm of any other shape is left for the writer.
    """
    sent = finding_sentence(finding, doc)
    tokens = words(sent)
    if not tokens:
        return None
    last = tokens[-1]
    span = (tokens[0].idx, last.idx + len(last.text))
    body = tokens[:-1] if last.is_punct else tokens
    title = "Say what happened and how it felt, without the sarcasm"
    tail = _mocking_tail(finding, doc, tokens)
    if tail is not None:
        return tail
    alpha = [t for t in tokens if t.is_alpha]
    if 0 < len(alpha) <= 4 and not any(t.pos_ in ("VERB", "AUX") and t.tag_ != "VBN" for t in tokens):
        return drop_sentence(doc, sent, "Leave out the mocking tag")
    text: str | None = None
    if lead_length(tokens, _MUST_BE_NICE):
        rest = body[lead_length(tokens, _MUST_BE_NICE) - 1 :]
        event = event_from(rest, past=False)
        state = _first_verb(rest) is not None and _first_verb(rest).lemma_ in ("have", "be")  # type: ignore[union-attr]
        if event is not None and not state:  # "must be nice to have free time" names no act
            text = f"I feel frustrated when {event}."
    elif size := lead_length(tokens, _HOW):
        rest = body[size:]
        if rest and rest[0].is_punct:
            rest = rest[1:]
        absolute = any(t.lower_ in ABSOLUTES for t in rest)  # "how you always ..." is still an accusation
        if rest and rest[0].lower_ == "you" and _first_verb(rest) is not None and not absolute:
            text = Builder().words("I", "felt", _feeling(_first_verb(rest), rest, "hurt"), "when").tokens(rest).text()
            text += "."
    elif size := lead_length(tokens, _PRAISE):
        rest = body[size:]
        if rest and rest[0].lower_ == "you":
            rest = rest[1:]  # "love that you ..."
        mocking = next(
            (i for i, t in enumerate(rest) if {"sarcasm_emoji", "mocking_emoji"}.intersection(t._.tc_class)), None
        )
        if mocking is not None:
            rest = rest[:mocking]  # "... before I could 🙃 thanks so much": the mocking tail goes with the praise
        finally_ = any(t.lower_ == "finally" for t in rest[:2])
        if finally_ and tokens[1].lower_ == "of":
            event = event_from(rest, past=False)
            if event is not None:
                text = "I was hoping " + event.replace("you ", "you'd ", 1) + " sooner."
        else:
            event = event_from(rest, past=True)
            if event is not None:
                text = f"I felt {_feeling(_first_verb(rest), rest, 'upset')} when {event}."
    if text is None:
        return None
    return suggest(*span, case_like(text, doc), "safe", title)
